//! Deterministic, realistic dossier exports for the benchmark (issues 7 and 22): 12 columns as in RULES.md §2, a
//! banner, shared strings (units, officers, procedures repeat), 15–25% blank dates, as xlsx (rust_xlsxwriter) and
//! CSV; and the shapes of issue 22, each one change from that base, as xlsx:
//!
//! | shape | what differs from the base |
//! |---|---|
//! | `narrow` | 6 columns: code, unit, officer, received, due, finished |
//! | `wide` | 15 columns: long procedure names (120 of them), the applicant, an address and a phone number per row |
//! | `inline` | strings written inline in the sheet (`t="inlineStr"`) instead of the shared strings table |
//! | `wide_inline` | `wide` with inline strings |
//! | `text_dates` | dates written as text (`dd/mm/yyyy hh:mm`) instead of serial numbers |
//! | `late5`, `late50` | 5% or 50% of the dossiers finished late (the base: about 17%) |
//! | `officers500`, `officers20k` | 500 or 20,000 officers, each in one unit (the base: up to 720 names per unit) |
//!
//! Usage: cargo run --release --example bench_gen -- ROWS OUT_DIR [SHAPE...]
//! Writes `ho_so_ROWS.csv` and `ho_so_ROWS.xlsx` (the base), and `ho_so_SHAPE_ROWS.xlsx` for each shape named.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::{Read, Write};

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
/// Second given names, for pools of officers larger than 720 names.
const SECOND: [&str; 30] = [
    "Anh", "Bảo", "Chi", "Diệp", "Duy", "Đức", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương", "Kiên", "Linh", "Long", "Mai",
    "Nam", "Nga", "Nhân", "Nhung", "Phương", "Quang", "Quyên", "Sơn", "Tâm", "Thảo", "Thành", "Trang", "Trí", "Vân",
    "Yến",
];
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
/// The wide shape's procedure names: each of these, for each of the subjects below (120 long names).
const LONG_PROCEDURES: [&str; 8] = [
    "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu",
    "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
    "Đăng ký khai sinh có yếu tố nước ngoài kết hợp đăng ký nhận cha, mẹ, con và cấp bản sao trích lục hộ tịch",
    "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ thuộc khu vực có quy hoạch chi tiết đã được phê duyệt",
    "Thẩm định, phê duyệt phương án trồng rừng thay thế khi chuyển mục đích sử dụng rừng sang mục đích khác",
    "Giải quyết chế độ trợ cấp hằng tháng đối với người có công với cách mạng và thân nhân người có công",
    "Xác nhận đăng ký kế hoạch bảo vệ môi trường đối với dự án đầu tư, phương án sản xuất, kinh doanh, dịch vụ",
];
const SUBJECTS: [&str; 15] = [
    "cho hộ gia đình, cá nhân",
    "cho tổ chức kinh tế trong nước",
    "cho người Việt Nam định cư ở nước ngoài",
    "cho doanh nghiệp có vốn đầu tư nước ngoài",
    "cho cơ sở tôn giáo",
    "cho cộng đồng dân cư",
    "cho hợp tác xã nông nghiệp",
    "cho đơn vị sự nghiệp công lập",
    "theo thủ tục rút gọn",
    "trong trường hợp có tranh chấp đã được giải quyết",
    "trong trường hợp cấp đổi, cấp lại do bị mất",
    "trên địa bàn xã miền núi, hải đảo",
    "trên địa bàn thị trấn",
    "liên thông với cơ quan thuế",
    "liên thông với cơ quan bảo hiểm xã hội",
];
const STREETS: [&str; 10] = [
    "Nguyễn Huệ",
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Hai Bà Trưng",
    "Phạm Văn Đồng",
    "Võ Thị Sáu",
    "Đào Tấn",
    "Xuân Diệu",
    "Chế Lan Viên",
    "Quang Trung",
];
const HAMLETS: [&str; 8] = [
    "thôn Vinh Thạnh",
    "thôn Phú Mỹ",
    "thôn Lộc Thượng",
    "khu phố Trung Tín",
    "thôn Đại Tín",
    "thôn Quảng Tín",
    "thôn Kỳ Sơn",
    "khu phố Mỹ Điền",
];
const COMMUNES: [&str; 6] =
    ["xã Phước Sơn", "xã Phước Hòa", "xã Phước Thắng", "xã Phước Quang", "thị trấn Tuy Phước", "thị trấn Diêu Trì"];
const STATUS: [&str; 4] = ["Đã trả kết quả", "Đã trả kết quả", "Đang xử lý", "Chờ bổ sung"];
const CHANNEL: [&str; 3] = ["Trực tuyến", "Trực tiếp", "Bưu chính"];

/// Which columns a shape writes.
#[derive(Clone, Copy, PartialEq)]
enum Columns {
    Narrow,
    Base,
    Wide,
}

/// One shape of export: the base and one change.
#[derive(Clone, Copy)]
struct Shape {
    name: &'static str,
    columns: Columns,
    inline: bool,
    text_dates: bool,
    /// Percent of dossiers finished late; `None`: the base's spread of finishing days.
    late: Option<u64>,
    /// Officers drawn from a pool of this many names, each in one unit; `None`: the base's random names.
    officers: Option<usize>,
}

const BASE: Shape =
    Shape { name: "", columns: Columns::Base, inline: false, text_dates: false, late: None, officers: None };

const SHAPES: [Shape; 9] = [
    Shape { name: "narrow", columns: Columns::Narrow, ..BASE },
    Shape { name: "wide", columns: Columns::Wide, ..BASE },
    Shape { name: "inline", inline: true, ..BASE },
    Shape { name: "wide_inline", columns: Columns::Wide, inline: true, ..BASE },
    Shape { name: "text_dates", text_dates: true, ..BASE },
    Shape { name: "late5", late: Some(5), ..BASE },
    Shape { name: "late50", late: Some(50), ..BASE },
    Shape { name: "officers500", officers: Some(500), ..BASE },
    Shape { name: "officers20k", officers: Some(20_000), ..BASE },
];

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
    /// The wide shape's extra columns: applicant, address, phone, and which long procedure name.
    extra: Option<(String, String, String, usize)>,
}

/// The `i`-th name of a pool of officers (distinct for the first 720 × 30).
fn pooled_name(i: usize) -> String {
    let base = format!("{} {} {}", FAMILY[i % 10], MIDDLE[(i / 10) % 6], GIVEN[(i / 60) % 12]);
    match i / 720 {
        0 => base,
        k => format!("{base} {}", SECOND[(k - 1) % SECOND.len()]),
    }
}

fn rows(n: usize, shape: Shape) -> impl Iterator<Item = Row> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let pool: Vec<String> = (0..shape.officers.unwrap_or(0)).map(pooled_name).collect();
    (0..n).map(move |i| {
        let day = (i as i64 * 365) / n.max(1) as i64; // received through the year 2023
        let procedure = rng.below(PROCEDURES.len() as u64) as usize;
        let limit = i64::from(PROCEDURES[procedure].2);
        let due = day + limit + limit * 2 / 5 + 1; // calendar days ≈ working days × 1.4
        let r = rng.below(100);
        // ~18% of dossiers still open (no finish, no return: blank dates), the rest finished early, on time or late.
        let finished = (r >= 18).then(|| {
            let finish = match shape.late {
                None => (due + (rng.below(9) as i64) - 6).max(day),
                // Late: 2 to 11 calendar days after the due date (at least one working day); else by the due date.
                Some(p) if r < 18 + p => due + 2 + rng.below(10) as i64,
                Some(_) => day + rng.below((due - day + 1) as u64) as i64,
            };
            (finish, (7 + rng.below(10)) as u32 * 60 + rng.below(60) as u32)
        });
        let returned = finished.map(|f| f.0 + rng.below(3) as i64);
        let (unit, officer) = if pool.is_empty() {
            let family = FAMILY[rng.below(10) as usize];
            let middle = MIDDLE[rng.below(6) as usize];
            let given = GIVEN[rng.below(12) as usize];
            (rng.below(UNITS.len() as u64) as usize, format!("{family} {middle} {given}"))
        } else {
            let k = rng.below(pool.len() as u64) as usize;
            (k % UNITS.len(), pool[k].clone())
        };
        let received = (day, (7 + rng.below(10)) as u32 * 60 + rng.below(60) as u32);
        let status = if finished.is_some() { 0 } else { 2 + rng.below(2) as usize };
        let channel = rng.below(3) as usize;
        let extra = (shape.columns == Columns::Wide).then(|| {
            let applicant = format!(
                "{} {} {}",
                FAMILY[rng.below(10) as usize],
                MIDDLE[rng.below(6) as usize],
                GIVEN[rng.below(12) as usize]
            );
            let address = format!(
                "Số {}, đường {}, {}, {}, huyện Tuy Phước, tỉnh Bình Định",
                1 + rng.below(400),
                STREETS[rng.below(10) as usize],
                HAMLETS[rng.below(8) as usize],
                COMMUNES[rng.below(6) as usize]
            );
            let phone = format!("09{:08}", rng.below(100_000_000));
            (applicant, address, phone, rng.below(120) as usize)
        });
        Row {
            code: format!("H08.22-{:06}-{:07}", 230101 + day, i + 1),
            procedure,
            unit,
            officer,
            received,
            due,
            finished,
            returned,
            status,
            channel,
            extra,
        }
    })
}

fn date(days: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Duration::days(days)
}

/// A date as the CSV and the text-dates shape write it: dd/mm/yyyy, with hh:mm when the log has a time.
fn text_date(d: i64, min: Option<u32>) -> String {
    match min {
        Some(m) => format!("{} {:02}:{:02}", date(d).format("%d/%m/%Y"), m / 60, m % 60),
        None => date(d).format("%d/%m/%Y").to_string(),
    }
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
const NARROW_HEADER: [&str; 6] =
    ["Mã hồ sơ", "Cơ quan thụ lý", "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành"];
const WIDE_HEADER: [&str; 15] = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cơ quan thụ lý",
    "Cán bộ xử lý",
    "Người nộp hồ sơ",
    "Địa chỉ",
    "Số điện thoại",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày hoàn thành",
    "Ngày trả kết quả",
    "Trạng thái",
];

/// One cell of a row, before it is written.
enum Cell<'a> {
    Number(f64),
    Text(&'a str),
    /// Days since 01/01/2023, with minutes of the day when the log has a time.
    Date(i64, Option<u32>),
    Blank,
}

fn cells<'a>(i: usize, r: &'a Row, columns: Columns, long: &'a [String]) -> Vec<Cell<'a>> {
    let (p, field, _) = PROCEDURES[r.procedure];
    let finished = r.finished.map_or(Cell::Blank, |f| Cell::Date(f.0, Some(f.1)));
    let returned = r.returned.map_or(Cell::Blank, |d| Cell::Date(d, None));
    let received = Cell::Date(r.received.0, Some(r.received.1));
    match columns {
        Columns::Narrow => vec![
            Cell::Text(&r.code),
            Cell::Text(UNITS[r.unit]),
            Cell::Text(&r.officer),
            received,
            Cell::Date(r.due, None),
            finished,
        ],
        Columns::Base => vec![
            Cell::Number((i + 1) as f64),
            Cell::Text(&r.code),
            Cell::Text(p),
            Cell::Text(field),
            Cell::Text(UNITS[r.unit]),
            Cell::Text(&r.officer),
            Cell::Text(CHANNEL[r.channel]),
            received,
            Cell::Date(r.due, None),
            finished,
            returned,
            Cell::Text(STATUS[r.status]),
        ],
        Columns::Wide => {
            let (applicant, address, phone, name) = r.extra.as_ref().expect("the wide shape's columns");
            vec![
                Cell::Number((i + 1) as f64),
                Cell::Text(&r.code),
                Cell::Text(&long[*name]),
                Cell::Text(field),
                Cell::Text(UNITS[r.unit]),
                Cell::Text(&r.officer),
                Cell::Text(applicant),
                Cell::Text(address),
                Cell::Text(phone),
                Cell::Text(CHANNEL[r.channel]),
                received,
                Cell::Date(r.due, None),
                finished,
                returned,
                Cell::Text(STATUS[r.status]),
            ]
        }
    }
}

fn write_csv(n: usize, out: &std::path::Path) {
    let csv_path = out.join(format!("ho_so_{n}.csv"));
    let mut w = std::io::BufWriter::new(std::fs::File::create(&csv_path).unwrap());
    w.write_all("\u{feff}".as_bytes()).unwrap();
    writeln!(w, "{}", HEADER.join(",")).unwrap();
    for (i, r) in rows(n, BASE).enumerate() {
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
            text_date(r.received.0, Some(r.received.1)),
            text_date(r.due, None),
            r.finished.map(|f| text_date(f.0, Some(f.1))).unwrap_or_default(),
            r.returned.map(|d| text_date(d, None)).unwrap_or_default(),
            STATUS[r.status]
        )
        .unwrap();
    }
}

fn write_xlsx(n: usize, shape: Shape, path: &std::path::Path) {
    let long: Vec<String> =
        LONG_PROCEDURES.iter().flat_map(|p| SUBJECTS.iter().map(move |s| format!("{p} {s}"))).collect();
    let header: &[&str] = match shape.columns {
        Columns::Narrow => &NARROW_HEADER,
        Columns::Base => &HEADER,
        Columns::Wide => &WIDE_HEADER,
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Hồ sơ").unwrap();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let time_fmt = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    ws.write_string(0, 0, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH NĂM 2023").unwrap();
    for (c, h) in header.iter().enumerate() {
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
    for (i, r) in rows(n, shape).enumerate() {
        let row = i as u32 + 3;
        for (c, cell) in cells(i, &r, shape.columns, &long).into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Number(x) => ws.write_number(row, c, x).map(|_| ()),
                Cell::Text(s) => ws.write_string(row, c, s).map(|_| ()),
                Cell::Date(d, min) if shape.text_dates => ws.write_string(row, c, text_date(d, min)).map(|_| ()),
                Cell::Date(d, min) => {
                    let f = if min.is_some() { &time_fmt } else { &date_fmt };
                    ws.write_datetime_with_format(row, c, excel(d, min), f).map(|_| ())
                }
                Cell::Blank => Ok(()),
            }
            .unwrap();
        }
    }
    wb.save(path).unwrap();
    if shape.inline {
        inline_strings(path);
    }
}

/// Rewrites the workbook at `path` with its strings inline in the sheet (`t="inlineStr"`), as exporters that
/// stream their rows write them, and an empty shared strings table.
fn inline_strings(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let names: Vec<String> =
        (0..zip.len()).filter_map(|i| zip.name_for_index(i).and_then(Result::ok).map(|n| n.to_string())).collect();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    // rust_xlsxwriter writes each shared string as `<si><t>…</t></si>` or `<si><t xml:space="preserve">…</t></si>`.
    let sst = read("xl/sharedStrings.xml");
    let strings: Vec<&str> = sst
        .split("<si>")
        .skip(1)
        .map(|si| {
            let t = &si[si.find("<t").unwrap()..];
            &t[t.find('>').unwrap() + 1..t.find("</t>").unwrap()]
        })
        .collect();
    let sheet = read("xl/worksheets/sheet1.xml");
    let mut out = String::with_capacity(sheet.len() * 2);
    let mut rest = sheet.as_str();
    while let Some(at) = rest.find(" t=\"s\"><v>") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 10..];
        let end = after.find("</v>").unwrap();
        let k: usize = after[..end].parse().unwrap();
        let text = strings[k];
        let space = if text.starts_with(' ') || text.ends_with(' ') { " xml:space=\"preserve\"" } else { "" };
        out.push_str(" t=\"inlineStr\"><is><t");
        out.push_str(space);
        out.push('>');
        out.push_str(text);
        out.push_str("</t></is>");
        rest = &after[end + 4..];
    }
    out.push_str(rest);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for name in names {
        w.start_file(name.as_str(), opts).unwrap();
        match name.as_str() {
            "xl/worksheets/sheet1.xml" => w.write_all(out.as_bytes()).unwrap(),
            "xl/sharedStrings.xml" => w
                .write_all(
                    b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"0\" uniqueCount=\"0\"/>",
                )
                .unwrap(),
            _ => w.write_all(read(&name).as_bytes()).unwrap(),
        }
    }
    std::fs::write(path, w.finish().unwrap().into_inner()).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).expect("ROWS");
    let out = std::path::PathBuf::from(args.get(2).expect("OUT_DIR"));
    std::fs::create_dir_all(&out).unwrap();
    let shapes: Vec<Shape> = args[3..]
        .iter()
        .map(|name| {
            *SHAPES.iter().find(|s| s.name == name).unwrap_or_else(|| {
                let known: Vec<&str> = SHAPES.iter().map(|s| s.name).collect();
                panic!("no shape {name}: {}", known.join(", "))
            })
        })
        .collect();

    if shapes.is_empty() {
        write_csv(n, &out);
    }
    // A sheet holds 1,048,576 rows: a bigger export comes as CSV only (a province's 2 million dossiers).
    if n + 3 > 1_048_576 {
        eprintln!("{n} rows: CSV only (an xlsx sheet holds at most 1,048,576 rows)");
        return;
    }
    if shapes.is_empty() {
        write_xlsx(n, BASE, &out.join(format!("ho_so_{n}.xlsx")));
    }
    for shape in shapes {
        write_xlsx(n, shape, &out.join(format!("ho_so_{}_{n}.xlsx", shape.name)));
    }
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
