//! Deterministic, realistic dossier exports for the benchmark (issue 7): 12 columns as in RULES.md §2, a banner,
//! shared strings (units, officers, procedures repeat), 15–25% blank dates, as xlsx (rust_xlsxwriter) and CSV.
//! Usage: cargo run --release --example bench_gen -- ROWS OUT_DIR

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write;

const UNITS: [&str; 12] = [
    "Phòng Tư pháp",
    "Phòng Tài nguyên và Môi trường",
    "Chi nhánh Văn phòng Đăng ký đất đai",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Nội vụ",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "UBND xã Phước Lộc",
    "UBND thị trấn Tuy Phước",
];
const FAMILY: [&str; 10] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Minh", "Hoàng", "Thu", "Ngọc"];
const GIVEN: [&str; 12] =
    ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khánh", "Lan", "Minh", "Oanh", "Phúc", "Tuấn"];
const PROCEDURES: [(&str, &str, u32); 8] = [
    ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", 1),
    ("Đăng ký khai sinh", "Hộ tịch", 3),
    ("Đăng ký kết hôn", "Hộ tịch", 5),
    ("Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", 30),
    ("Đăng ký biến động quyền sử dụng đất", "Đất đai", 10),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", 15),
    ("Đăng ký hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", 3),
    ("Xác nhận bản cam kết bảo vệ môi trường", "Môi trường", 10),
];
const STATUS: [&str; 4] = ["Đã trả kết quả", "Đã trả kết quả", "Đang xử lý", "Chờ bổ sung"];
const CHANNEL: [&str; 3] = ["Trực tuyến", "Trực tiếp", "Bưu chính"];

/// A small deterministic generator (xorshift), so every run writes the same files.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Row {
    code: String,
    procedure: usize,
    unit: usize,
    officer: String,
    received: (i64, u32),
    due: i64,
    finished: Option<(i64, u32)>,
    returned: Option<i64>,
    status: usize,
    channel: usize,
}

fn rows(n: usize) -> impl Iterator<Item = Row> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n).map(move |i| {
        let day = (i as i64 * 365) / n.max(1) as i64; // received through the year 2023
        let procedure = rng.below(PROCEDURES.len() as u64) as usize;
        let limit = i64::from(PROCEDURES[procedure].2);
        let due = day + limit + limit * 2 / 5 + 1; // calendar days ≈ working days × 1.4
        let r = rng.below(100);
        // ~18% of dossiers still open (no finish, no return: blank dates), the rest finished early, on time or late.
        let finished = (r >= 18).then(|| {
            ((due + (rng.below(9) as i64) - 6).max(day), (7 + rng.below(10)) as u32 * 60 + rng.below(60) as u32)
        });
        let returned = finished.map(|f| f.0 + rng.below(3) as i64);
        let family = FAMILY[rng.below(10) as usize];
        let middle = MIDDLE[rng.below(6) as usize];
        let given = GIVEN[rng.below(12) as usize];
        Row {
            code: format!("H08.22-{:06}-{:07}", 230101 + day, i + 1),
            procedure,
            unit: rng.below(UNITS.len() as u64) as usize,
            officer: format!("{family} {middle} {given}"),
            received: (day, (7 + rng.below(10)) as u32 * 60 + rng.below(60) as u32),
            due,
            finished,
            returned,
            status: if finished.is_some() { 0 } else { 2 + rng.below(2) as usize },
            channel: rng.below(3) as usize,
        }
    })
}

fn date(days: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Duration::days(days)
}

const HEADER: [&str; 12] = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cơ quan thụ lý",
    "Cán bộ xử lý",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày hoàn thành",
    "Ngày trả kết quả",
    "Trạng thái",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).expect("ROWS");
    let out = std::path::PathBuf::from(args.get(2).expect("OUT_DIR"));
    std::fs::create_dir_all(&out).unwrap();

    let csv_path = out.join(format!("ho_so_{n}.csv"));
    let mut w = std::io::BufWriter::new(std::fs::File::create(&csv_path).unwrap());
    w.write_all("\u{feff}".as_bytes()).unwrap();
    writeln!(w, "{}", HEADER.join(",")).unwrap();
    let fmt = |d: i64, min: Option<u32>| match min {
        Some(m) => format!("{} {:02}:{:02}", date(d).format("%d/%m/%Y"), m / 60, m % 60),
        None => date(d).format("%d/%m/%Y").to_string(),
    };
    for (i, r) in rows(n).enumerate() {
        let (p, field, _) = PROCEDURES[r.procedure];
        writeln!(
            w,
            "{},{},\"{}\",{},{},{},{},{},{},{},{},{}",
            i + 1,
            r.code,
            p,
            field,
            UNITS[r.unit],
            r.officer,
            CHANNEL[r.channel],
            fmt(r.received.0, Some(r.received.1)),
            fmt(r.due, None),
            r.finished.map(|f| fmt(f.0, Some(f.1))).unwrap_or_default(),
            r.returned.map(|d| fmt(d, None)).unwrap_or_default(),
            STATUS[r.status]
        )
        .unwrap();
    }
    drop(w);

    // A sheet holds 1,048,576 rows: a bigger export comes as CSV only (a province's 2 million dossiers).
    if n + 3 > 1_048_576 {
        eprintln!("{n} rows: CSV only (an xlsx sheet holds at most 1,048,576 rows)");
        return;
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Hồ sơ").unwrap();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let time_fmt = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    ws.write_string(0, 0, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH NĂM 2023").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let excel = |d: i64, min: Option<u32>| {
        let x = date(d);
        let e = ExcelDateTime::from_ymd(x.year_u16(), x.month_u8(), x.day_u8()).unwrap();
        match min {
            Some(m) => e.and_hms((m / 60) as u16, (m % 60) as u8, 0.0).unwrap(),
            None => e,
        }
    };
    for (i, r) in rows(n).enumerate() {
        let row = i as u32 + 3;
        let (p, field, _) = PROCEDURES[r.procedure];
        ws.write_number(row, 0, (i + 1) as f64).unwrap();
        ws.write_string(row, 1, &r.code).unwrap();
        ws.write_string(row, 2, p).unwrap();
        ws.write_string(row, 3, field).unwrap();
        ws.write_string(row, 4, UNITS[r.unit]).unwrap();
        ws.write_string(row, 5, &r.officer).unwrap();
        ws.write_string(row, 6, CHANNEL[r.channel]).unwrap();
        ws.write_datetime_with_format(row, 7, excel(r.received.0, Some(r.received.1)), &time_fmt).unwrap();
        ws.write_datetime_with_format(row, 8, excel(r.due, None), &date_fmt).unwrap();
        if let Some(f) = r.finished {
            ws.write_datetime_with_format(row, 9, excel(f.0, Some(f.1)), &time_fmt).unwrap();
        }
        if let Some(d) = r.returned {
            ws.write_datetime_with_format(row, 10, excel(d, None), &date_fmt).unwrap();
        }
        ws.write_string(row, 11, STATUS[r.status]).unwrap();
    }
    wb.save(out.join(format!("ho_so_{n}.xlsx"))).unwrap();
    println!("{}", out.display());
}

trait Parts {
    fn year_u16(&self) -> u16;
    fn month_u8(&self) -> u8;
    fn day_u8(&self) -> u8;
}
impl Parts for chrono::NaiveDate {
    fn year_u16(&self) -> u16 {
        chrono::Datelike::year(self) as u16
    }
    fn month_u8(&self) -> u8 {
        chrono::Datelike::month(self) as u8
    }
    fn day_u8(&self) -> u8 {
        chrono::Datelike::day(self) as u8
    }
}
