//! Writes the ingest fixtures under tests/fixtures/ (xlsx files and UTF-8 CSVs). `scripts/make-fixtures` runs this,
//! then LibreOffice (xls, ods) and python3 (other encodings, the 1904 workbook, broken files).
//!
//! Everything here is fake: people, codes and dates are made up. Output is deterministic.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::fs;
use std::path::Path;

/// A cell value in a fixture sheet.
#[derive(Clone, Debug)]
enum V {
    E,
    T(String),
    N(f64),
    /// A real date cell: "dd/mm/yyyy" or "dd/mm/yyyy hh:mm".
    D(String),
}

fn t(s: &str) -> V {
    if s.is_empty() {
        V::E
    } else {
        V::T(s.to_string())
    }
}

/// (day, month, year, hour, minute, has_time)
fn parse_dmy(s: &str) -> Option<(u16, u8, u8, u16, u8, bool)> {
    let mut parts = s.split(' ');
    let date = parts.next()?;
    let time = parts.next();
    let mut d = date.split('/');
    let day: u8 = d.next()?.parse().ok()?;
    let month: u8 = d.next()?.parse().ok()?;
    let year: u16 = d.next()?.parse().ok()?;
    let (h, mi) = match time {
        Some(tm) => {
            let mut it = tm.split(':');
            (it.next()?.parse().ok()?, it.next()?.parse().ok()?)
        }
        None => (0, 0),
    };
    Some((year, month, day, h, mi, time.is_some()))
}

struct D {
    code: &'static str,
    procedure: &'static str,
    field: &'static str,
    unit: &'static str,
    officer: &'static str,
    channel: &'static str,
    days: &'static str,
    received: &'static str,
    due: &'static str,
    extended: &'static str,
    finished: &'static str,
    returned: &'static str,
    status: &'static str,
    apology: &'static str,
    /// Dates written as text in the xlsx (as some systems export them).
    text_dates: bool,
}

const TP: &str = "Phòng Tư pháp";
const TN: &str = "Phòng Tài nguyên và Môi trường";
const DK: &str = "Chi nhánh Văn phòng Đăng ký đất đai";
const CT: (&str, &str) = ("Chứng thực bản sao từ bản chính", "Chứng thực");
const KS: (&str, &str) = ("Đăng ký khai sinh", "Hộ tịch");
const MT: (&str, &str) = ("Cấp giấy phép môi trường", "Môi trường");
const BD: (&str, &str) = ("Đăng ký biến động quyền sử dụng đất", "Đất đai");
const CD: (&str, &str) = ("Cấp đổi giấy chứng nhận quyền sử dụng đất", "Đất đai");

#[allow(clippy::too_many_arguments)]
const fn d(
    code: &'static str,
    p: (&'static str, &'static str),
    unit: &'static str,
    officer: &'static str,
    channel: &'static str,
    days: &'static str,
    received: &'static str,
    due: &'static str,
    extended: &'static str,
    finished: &'static str,
    returned: &'static str,
    status: &'static str,
    apology: &'static str,
    text_dates: bool,
) -> D {
    D {
        code,
        procedure: p.0,
        field: p.1,
        unit,
        officer,
        channel,
        days,
        received,
        due,
        extended,
        finished,
        returned,
        status,
        apology,
        text_dates,
    }
}

const A: &str = "Nguyễn Văn An";
const B: &str = "Trần Thị Bích Ngọc";
const P: &str = "Lê Hoàng Phúc";
const H: &str = "Phạm Thị Thu Hà";
const TU: &str = "Võ Minh Tuấn";
const O: &str = "Đặng Thị Kim Oanh";
const OK: &str = "Đã trả kết quả";

/// The 2023 log: 25 good dossiers and 3 bad rows, in sheet order (None = the blank row inside the table).
fn log_2023() -> Vec<Option<D>> {
    vec![
        Some(d(
            "H08.22-230106-0001",
            CT,
            TP,
            A,
            "Trực tiếp",
            "2",
            "06/01/2023 08:15",
            "10/01/2023",
            "",
            "09/01/2023 16:30",
            "10/01/2023 09:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230112-0002",
            KS,
            TP,
            B,
            "Trực tuyến",
            "3",
            "12/01/2023 09:40",
            "17/01/2023",
            "",
            "16/01/2023 10:05",
            "17/01/2023 08:30",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230215-0003",
            MT,
            TN,
            P,
            "Trực tiếp",
            "15",
            "15/02/2023 14:20",
            "08/03/2023",
            "",
            "10/03/2023 17:00",
            "13/03/2023 08:00",
            OK,
            "Có",
            false,
        )),
        Some(d(
            "H08.22-230220-0004",
            BD,
            DK,
            TU,
            "Bưu chính",
            "10",
            "20/02/2023 07:45",
            "06/03/2023",
            "",
            "03/03/2023 15:10",
            "06/03/2023 09:20",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230301-0005",
            CD,
            DK,
            O,
            "Trực tuyến",
            "10 ngày",
            "01/03/2023 10:00",
            "15/03/2023",
            "",
            "20/03/2023 11:30",
            "21/03/2023 08:00",
            OK,
            "Không",
            false,
        )),
        Some(d(
            "H08.22-230306-0006",
            CT,
            TP,
            A,
            "Trực tiếp",
            "2",
            "06/03/2023 08:05",
            "08/03/2023",
            "",
            "07/03/2023 09:00",
            "08/03/2023 07:30",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230320-0007",
            KS,
            TP,
            B,
            "Trực tiếp",
            "3",
            "20/03/2023 15:30",
            "23/03/2023",
            "",
            "23/03/2023 19:00",
            "24/03/2023 08:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230403-0008",
            MT,
            TN,
            H,
            "Trực tuyến",
            "15",
            "03/04/2023 08:30",
            "24/04/2023",
            "",
            "21/04/2023 14:00",
            "24/04/2023 10:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230414-0009",
            BD,
            DK,
            TU,
            "Trực tiếp",
            "10",
            "14/04/2023 09:15",
            "28/04/2023",
            "",
            "04/05/2023 10:20",
            "05/05/2023 08:10",
            OK,
            "Có",
            false,
        )),
        Some(d(
            "H08.22-230418-0010",
            CD,
            DK,
            O,
            "Trực tiếp",
            "10",
            "18/04/2023 13:45",
            "05/05/2023",
            "",
            "05/05/2023 16:00",
            "08/05/2023 09:00",
            OK,
            "",
            true,
        )),
        Some(d(
            "H08.22-230502-0011",
            CT,
            TP,
            A,
            "Trực tuyến",
            "2",
            "02/05/2023 08:00",
            "04/05/2023",
            "",
            "04/05/2023 11:00",
            "04/05/2023 14:00",
            OK,
            "",
            true,
        )),
        Some(d(
            "H08.22-230515-0012",
            MT,
            TN,
            P,
            "Trực tiếp",
            "15",
            "15/05/2023 10:10",
            "05/06/2023",
            "19/06/2023",
            "16/06/2023 09:30",
            "19/06/2023 08:00",
            OK,
            "Có",
            false,
        )),
        None,
        Some(d(
            "H08.22-230601-0013",
            KS,
            TP,
            B,
            "Trực tiếp",
            "3",
            "01/06/2023 14:00",
            "06/06/2023",
            "",
            "06/06/2023 08:45",
            "06/06/2023 15:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230612-0014",
            BD,
            DK,
            TU,
            "Trực tuyến",
            "10",
            "12/06/2023 09:00",
            "26/06/2023",
            "",
            "30/06/2023 17:15",
            "03/07/2023 08:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230620-BAD1",
            CT,
            TP,
            A,
            "Trực tiếp",
            "2",
            "20/06/2023 08:20",
            "31/02/2023",
            "",
            "22/06/2023 10:00",
            "",
            OK,
            "",
            true,
        )),
        Some(d(
            "H08.22-230703-0015",
            CD,
            DK,
            O,
            "Trực tiếp",
            "10",
            "03/07/2023 07:50",
            "17/07/2023",
            "",
            "14/07/2023 10:00",
            "17/07/2023 09:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230717-0016",
            MT,
            TN,
            H,
            "Trực tiếp",
            "15",
            "17/07/2023 15:00",
            "07/08/2023",
            "",
            "11/08/2023 16:40",
            "14/08/2023 08:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230801-0017",
            CT,
            TP,
            A,
            "Trực tuyến",
            "2",
            "01/08/2023 08:10",
            "03/08/2023",
            "",
            "03/08/2023 10:30",
            "03/08/2023 14:00",
            OK,
            "",
            true,
        )),
        Some(d(
            "H08.22-230815-0018",
            BD,
            DK,
            TU,
            "Trực tiếp",
            "10",
            "15/08/2023 09:30",
            "29/08/2023",
            "",
            "05/09/2023 10:00",
            "06/09/2023 08:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230905-0019",
            KS,
            TP,
            B,
            "Bưu chính",
            "3",
            "05/09/2023 10:45",
            "08/09/2023",
            "",
            "08/09/2023 09:15",
            "08/09/2023 14:30",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-230918-0020",
            CD,
            DK,
            O,
            "Trực tuyến",
            "10",
            "18/09/2023 14:30",
            "02/10/2023",
            "",
            "02/10/2023 16:50",
            "03/10/2023 08:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "",
            MT,
            TN,
            P,
            "Trực tiếp",
            "15",
            "25/09/2023 08:00",
            "16/10/2023",
            "",
            "13/10/2023 15:00",
            "16/10/2023 08:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-231002-0021",
            MT,
            TN,
            P,
            "Trực tiếp",
            "15",
            "02/10/2023 09:20",
            "23/10/2023",
            "",
            "27/10/2023 10:00",
            "30/10/2023 08:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-231016-0022",
            BD,
            DK,
            TU,
            "Trực tiếp",
            "10",
            "16/10/2023 08:40",
            "30/10/2023",
            "",
            "",
            "",
            "Đang xử lý",
            "",
            false,
        )),
        Some(d(
            "H08.22-231106-0023",
            CT,
            TP,
            A,
            "Trực tiếp",
            "2",
            "06/11/2023 07:55",
            "08/11/2023",
            "",
            "08/11/2023 09:00",
            "08/11/2023 10:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-231120-BAD3",
            KS,
            TP,
            B,
            "Trực tiếp",
            "3",
            "20/11/2023 10:00",
            "23/11/2023",
            "",
            "29/02/2023 09:00",
            "",
            OK,
            "",
            true,
        )),
        Some(d(
            "H08.22-231204-0024",
            CD,
            DK,
            O,
            "Trực tiếp",
            "10",
            "04/12/2023 13:10",
            "18/12/2023",
            "",
            "15/12/2023 11:00",
            "18/12/2023 08:00",
            OK,
            "",
            false,
        )),
        Some(d(
            "H08.22-231218-0025",
            MT,
            TN,
            H,
            "Trực tuyến",
            "15",
            "18/12/2023 09:00",
            "08/01/2024",
            "",
            "",
            "",
            "Chờ bổ sung",
            "",
            false,
        )),
    ]
}

const HEADER_TOP: [&str; 15] = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cơ quan thụ lý",
    "Cán bộ xử lý",
    "Hình thức nộp",
    "Thời hạn giải quyết (ngày)",
    "Thời gian",
    "",
    "",
    "",
    "",
    "Trạng thái",
    "Phiếu xin lỗi",
];
const HEADER_BOTTOM: [&str; 15] = [
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày hẹn lại",
    "Ngày hoàn thành",
    "Ngày trả kết quả",
    "",
    "",
];

fn date_cell(s: &str, text: bool) -> V {
    if s.is_empty() {
        V::E
    } else if text || parse_dmy(s).is_none() {
        V::T(s.to_string())
    } else {
        // An impossible date cannot be a real date cell: keep it as text, as the export would.
        match parse_dmy(s)
            .and_then(|(y, m, dd, h, mi, _)| ExcelDateTime::from_ymd(y, m, dd).and_then(|x| x.and_hms(h, mi, 0)).ok())
        {
            Some(_) => V::D(s.to_string()),
            None => V::T(s.to_string()),
        }
    }
}

/// The main sheet, as rows of cells from row 1.
fn main_sheet() -> Vec<Vec<V>> {
    let mut rows: Vec<Vec<V>> = Vec::new();
    let mut banner = |a: &str, i: &str| {
        let mut r = vec![V::E; 15];
        r[0] = t(a);
        r[8] = t(i);
        rows.push(r);
    };
    banner("ỦY BAN NHÂN DÂN HUYỆN TUY PHƯỚC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    banner("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "Độc lập - Tự do - Hạnh phúc");
    rows.push(vec![]);
    rows.push(vec![t("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH")]);
    rows.push(vec![t("Từ ngày 01/01/2023 đến ngày 31/12/2023")]);
    rows.push(vec![]);
    rows.push(HEADER_TOP.iter().map(|s| t(s)).collect());
    rows.push(HEADER_BOTTOM.iter().map(|s| t(s)).collect());
    let mut stt = 0;
    for item in log_2023() {
        match item {
            None => rows.push(vec![]),
            Some(x) => {
                stt += 1;
                let days = match x.days.parse::<f64>() {
                    Ok(n) => V::N(n),
                    Err(_) => t(x.days),
                };
                rows.push(vec![
                    V::N(stt as f64),
                    t(x.code),
                    t(x.procedure),
                    t(x.field),
                    t(x.unit),
                    t(x.officer),
                    t(x.channel),
                    days,
                    date_cell(x.received, x.text_dates),
                    date_cell(x.due, x.text_dates),
                    date_cell(x.extended, x.text_dates),
                    date_cell(x.finished, x.text_dates),
                    date_cell(x.returned, x.text_dates),
                    t(x.status),
                    t(x.apology),
                ]);
            }
        }
    }
    rows.push(vec![]);
    let sig = |c: &str, k: &str| {
        let mut r = vec![V::E; 15];
        r[2] = t(c);
        r[11] = t(k);
        r
    };
    rows.push(sig("", "Tuy Phước, ngày 15 tháng 01 năm 2024"));
    rows.push(sig("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"));
    rows.push(sig("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"));
    rows.push(vec![]);
    rows.push(vec![]);
    rows.push(sig("Phạm Thị Thu Hà", "Trần Văn Hùng"));
    rows
}

fn write_rows(ws: &mut Worksheet, rows: &[Vec<V>], date1904_shift: bool) -> Result<(), XlsxError> {
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let datetime_fmt = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match v {
                V::E => {}
                V::T(s) => {
                    ws.write_string(r, c, s)?;
                }
                V::N(n) => {
                    ws.write_number(r, c, *n)?;
                }
                V::D(s) => {
                    let Some((y, m, dd, h, mi, has_time)) = parse_dmy(s) else { continue };
                    let dt = ExcelDateTime::from_ymd(y, m, dd)?.and_hms(h, mi, 0)?;
                    let fmt = if has_time { &datetime_fmt } else { &date_fmt };
                    if date1904_shift {
                        // Written as a plain number in the 1904 system; the workbook flag is patched afterwards.
                        ws.write_number_with_format(r, c, dt.to_excel() - 1462.0, fmt)?;
                    } else {
                        ws.write_datetime_with_format(r, c, &dt, fmt)?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn new_workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(2024, 1, 15)?.and_hms(8, 0, 0)?;
    wb.set_properties(&DocProperties::new().set_author("Đúng Hẹn fixtures").set_creation_datetime(&when));
    Ok(wb)
}

fn dossiers_xlsx(path: &Path) -> Result<(), XlsxError> {
    let mut wb = new_workbook()?;
    // A summary sheet first, so the reader must pick the dossier sheet by its header.
    {
        let ws = wb.add_worksheet();
        ws.set_name("Tổng hợp")?;
        let rows = vec![
            vec![t("TỔNG HỢP THEO ĐƠN VỊ")],
            vec![],
            vec![t("Đơn vị"), t("Tổng số hồ sơ"), t("Đúng hạn"), t("Trễ hạn")],
            vec![t(TP), V::N(11.0), V::N(10.0), V::N(1.0)],
            vec![t(TN), V::N(7.0), V::N(3.0), V::N(4.0)],
            vec![t(DK), V::N(10.0), V::N(6.0), V::N(4.0)],
        ];
        write_rows(ws, &rows, false)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Hồ sơ 2023")?;
        let rows = main_sheet();
        write_rows(ws, &rows, false)?;
        let center = Format::new().set_bold().set_align(FormatAlign::Center);
        // Banner merges, as real reports have them.
        ws.merge_range(3, 0, 3, 14, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", &center)?;
        ws.merge_range(4, 0, 4, 14, "Từ ngày 01/01/2023 đến ngày 31/12/2023", &center)?;
        // Two-row header: every column but the date group is merged vertically; "Thời gian" spans five children.
        for (c, h) in HEADER_TOP.iter().enumerate() {
            if !h.is_empty() && c != 8 {
                ws.merge_range(6, c as u16, 7, c as u16, h, &center)?;
            }
        }
        ws.merge_range(6, 8, 6, 12, "Thời gian", &center)?;
        for (c, h) in HEADER_BOTTOM.iter().enumerate() {
            if !h.is_empty() {
                ws.write_string_with_format(7, c as u16, *h, &center)?;
            }
        }
        ws.set_column_width(1, 22)?;
        ws.set_column_width(2, 36)?;
        for c in 8..13 {
            ws.set_column_width(c, 17)?;
        }
    }
    {
        // An older quarter on another sheet with a one-row header and a column-numbering row, read only on request.
        let ws = wb.add_worksheet();
        ws.set_name("Quý IV 2022")?;
        let rows = vec![
            vec![t("HỒ SƠ QUÝ IV NĂM 2022")],
            vec![
                t("STT"),
                t("Số biên nhận"),
                t("Đơn vị"),
                t("Người xử lý"),
                t("Ngày nhận"),
                t("Hạn xử lý"),
                t("Ngày có kết quả"),
            ],
            vec![t("(1)"), t("(2)"), t("(3)"), t("(4)"), t("(5)"), t("(6)"), t("(7)")],
            vec![
                V::N(1.0),
                t("H08.22-221003-0101"),
                t(TP),
                t(A),
                V::D("03/10/2022 08:00".into()),
                V::D("05/10/2022".into()),
                V::D("05/10/2022 10:00".into()),
            ],
            vec![
                V::N(2.0),
                t("H08.22-221115-0102"),
                t(DK),
                t(TU),
                V::D("15/11/2022 09:00".into()),
                V::D("29/11/2022".into()),
                V::D("02/12/2022 15:00".into()),
            ],
            vec![
                V::N(3.0),
                t("H08.22-221201-0103"),
                t(TN),
                t(H),
                V::D("01/12/2022 14:00".into()),
                V::D("22/12/2022".into()),
                V::D("21/12/2022 09:00".into()),
            ],
        ];
        write_rows(ws, &rows, false)?;
    }
    wb.save(path)
}

fn csv_escape(s: &str, delim: char) -> String {
    if s.contains(delim) || s.contains('"') || s.contains('\n') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn to_csv(rows: &[Vec<V>], delim: char) -> String {
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut out = String::new();
    for row in rows {
        let mut cells: Vec<String> = row
            .iter()
            .map(|v| match v {
                V::E => String::new(),
                V::T(s) | V::D(s) => csv_escape(s, delim),
                V::N(n) => format!("{n}"),
            })
            .collect();
        cells.resize(width, String::new());
        out.push_str(&cells.join(&delim.to_string()));
        out.push_str("\r\n");
    }
    out
}

fn simple_xlsx(path: &Path, sheet: &str, rows: &[Vec<V>]) -> Result<(), XlsxError> {
    let mut wb = new_workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    write_rows(ws, rows, false)?;
    wb.save(path)
}

fn reminders() -> Vec<Vec<V>> {
    vec![
        vec![t("UBND HUYỆN TUY PHƯỚC")],
        vec![t("DANH SÁCH CÁ NHÂN, ĐƠN VỊ BỊ NHẮC NHỞ, CHẤN CHỈNH DO GIẢI QUYẾT HỒ SƠ TRỄ HẸN NĂM 2022")],
        vec![],
        vec![t("STT"), t("Họ và tên"), t("Đơn vị"), t("Ngày nhắc nhở"), t("Số văn bản"), t("Ghi chú")],
        vec![V::N(1.0), t("Võ Minh Tuấn"), t(DK), V::D("15/06/2022".into()), t("125/UBND-VP"), t("Trễ hạn 4 hồ sơ")],
        vec![V::N(2.0), t("Lê Hoàng Phúc"), t(TN), V::D("20/09/2022".into()), t("310/UBND-VP"), t("")],
        vec![V::N(3.0), t(""), t(DK), V::D("20/09/2022".into()), t("311/UBND-VP"), t("Nhắc nhở tập thể")],
        vec![V::N(4.0), t("Nguyễn Văn An"), t(TP), t("30/02/2022"), t("402/UBND-VP"), t("")],
        vec![V::N(5.0), t("Phạm Thị Thu Hà"), t(TN), t("12/12/2022"), t("455/UBND-VP"), t("")],
        vec![],
        vec![V::E, t("NGƯỜI LẬP"), V::E, V::E, t("CHỦ TỊCH")],
    ]
}

fn reminders_csv_rows() -> Vec<Vec<V>> {
    vec![
        vec![t("Họ tên"), t("Cơ quan"), t("Năm"), t("Số VB")],
        vec![t("Võ Minh Tuấn"), t(DK), t("2022"), t("125/UBND-VP")],
        vec![t(""), t(TN), t("2022"), t("312/UBND-VP")],
        vec![t("Đặng Thị Kim Oanh"), t(DK), t(""), t("")],
        vec![t("Trần Thị Bích Ngọc"), t(TP), t("hai nghìn"), t("")],
    ]
}

fn proposals() -> Vec<Vec<V>> {
    vec![
        vec![t("DANH SÁCH ĐỀ XUẤT XẾP LOẠI CHẤT LƯỢNG NĂM 2023")],
        vec![],
        vec![t("STT"), t("Họ và tên"), t("Chức vụ"), t("Đơn vị"), t("Mức xếp loại đề xuất"), t("Kỷ luật")],
        vec![V::N(1.0), t("Võ Minh Tuấn"), t("Chuyên viên"), t(DK), t("Hoàn thành tốt nhiệm vụ"), t("")],
        vec![V::N(2.0), t("Lê Hoàng Phúc"), t("Chuyên viên"), t(TN), t("HTXSNV"), t("")],
        vec![V::N(3.0), t("Nguyễn Văn An"), t("Chuyên viên"), t(TP), t("hoan thanh tot nhiem vu"), t("")],
        vec![V::N(4.0), t("Phạm Thị Thu Hà"), t("Phó Trưởng phòng"), t(TN), t("Giỏi"), t("")],
        vec![V::N(5.0), t("Đặng Thị Kim Oanh"), t("Chuyên viên"), t(DK), t("HTNV"), t("Khiển trách")],
        vec![V::N(6.0), t(""), t(""), t(DK), t("Hoàn thành tốt nhiệm vụ"), t("")],
        vec![V::N(7.0), t("Trần Thị Bích Ngọc"), t("Chuyên viên"), t(TP), t(""), t("")],
        vec![],
        vec![V::E, t("Tuy Phước, ngày 05 tháng 12 năm 2023")],
        vec![V::E, t("THỦ TRƯỞNG ĐƠN VỊ")],
    ]
}

fn proposals_csv_rows() -> Vec<Vec<V>> {
    vec![
        vec![t("Ho va ten"), t("Don vi"), t("Xep loai de xuat"), t("Bi ky luat")],
        vec![t("Võ Minh Tuấn"), t(DK), t("HTTNV"), t("Không")],
        vec![t("Đặng Thị Kim Oanh"), t(DK), t("Hoàn thành nhiệm vụ"), t("x")],
        vec![t(""), t(TP), t("Hoan thanh xuat sac nhiem vu"), t("")],
        vec![t("Lê Hoàng Phúc"), t(TN), t("Xuất sắc lắm"), t("")],
    ]
}

/// One-row header written without diacritics and in other words, with every text date shape.
fn header_variants() -> Vec<Vec<V>> {
    vec![
        vec![
            t("Ma ho so"),
            t("TEN TTHC"),
            t("don vi"),
            t("Nguoi xu ly"),
            t("Ngay nhan"),
            t("NGAY HEN TRA KET QUA"),
            t("Ngày có kết quả"),
            t("Hình thức"),
            t("So ngay giai quyet"),
            t("Da xin loi"),
        ],
        vec![
            t("V-01"),
            t("Đăng ký khai sinh"),
            t(TP),
            t(A),
            t("2023-04-03"),
            t("05/04/2023"),
            t("2023-04-05T14:05"),
            t("Mức độ 4"),
            t("3"),
            t("x"),
        ],
        vec![
            t("V-02"),
            t("Đăng ký khai sinh"),
            t(TP),
            t(B),
            t("03-04-2023"),
            t("05-04-2023"),
            t("2023-04-05 14:05:09"),
            t("Dịch vụ công"),
            t("3 ngày"),
            t(""),
        ],
        vec![
            t("V-03"),
            t("Đăng ký khai sinh"),
            t(TP),
            t(A),
            t("3/4/23"),
            t("5/4/23"),
            t("05/04/2023 8h30"),
            t("Trực tiếp"),
            t("3"),
            t("Không"),
        ],
        vec![
            t("V-04"),
            t("Đăng ký khai sinh"),
            t(TP),
            t(B),
            t("03.04.2023"),
            t("05.04.2023"),
            t("08:30 05/04/2023"),
            t("BCCI"),
            t("3"),
            t("Có"),
        ],
        vec![
            t("V-05"),
            t("Đăng ký khai sinh"),
            t(TP),
            t(A),
            t("ngày 03 tháng 4 năm 2023"),
            t("ngày 05 tháng 04 năm 2023"),
            t("05/04/2023 16:45:30"),
            t("Online"),
            t("3"),
            t(""),
        ],
    ]
}

fn month_first() -> Vec<Vec<V>> {
    vec![
        vec![
            t("Mã hồ sơ"),
            t("Cơ quan thụ lý"),
            t("Cán bộ xử lý"),
            t("Ngày tiếp nhận"),
            t("Ngày hẹn trả"),
            t("Ngày hoàn thành"),
        ],
        vec![t("M-01"), t(DK), t(TU), t("04/14/2023"), t("04/28/2023"), t("05/04/2023")],
        vec![t("M-02"), t(DK), t(O), t("04/03/2023"), t("04/17/2023"), t("04/12/2023")],
        vec![t("M-03"), t(TP), t(A), t("05/02/2023"), t("05/04/2023"), t("05/04/2023")],
    ]
}

fn dup_a() -> Vec<Vec<V>> {
    vec![
        vec![
            t("Mã hồ sơ"),
            t("Cơ quan thụ lý"),
            t("Cán bộ xử lý"),
            t("Ngày tiếp nhận"),
            t("Ngày hẹn trả"),
            t("Ngày hoàn thành"),
        ],
        vec![t("D-01"), t(TP), t(A), t("03/04/2023"), t("05/04/2023"), t("05/04/2023 10:00")],
        vec![t("D-02"), t(TP), t(B), t("03/04/2023"), t("06/04/2023"), t("06/04/2023 09:00")],
        vec![t("D-03"), t(DK), t(TU), t("10/04/2023"), t("24/04/2023"), t("25/04/2023 15:00")],
    ]
}

fn dup_b() -> Vec<Vec<V>> {
    vec![
        vec![t("Số hồ sơ"), t("Đơn vị"), t("Chuyên viên"), t("Ngày nhận"), t("Hạn xử lý"), t("Ngày hoàn thành")],
        // Same as in dup_a, the name written with a double space: a duplicate.
        vec![t("D-01"), t(TP), t("Nguyễn  Văn An"), t("03/04/2023"), t("05/04/2023"), t("05/04/2023 10:00")],
        // Same code, another officer: a conflict.
        vec![t("D-03"), t(DK), t(O), t("10/04/2023"), t("24/04/2023"), t("25/04/2023 15:00")],
        vec![t("D-04"), t(TN), t(P), t("11/04/2023"), t("02/05/2023"), t("")],
    ]
}

fn sheet_1904() -> Vec<Vec<V>> {
    vec![
        vec![
            t("Mã hồ sơ"),
            t("Cơ quan thụ lý"),
            t("Cán bộ xử lý"),
            t("Ngày tiếp nhận"),
            t("Ngày hẹn trả"),
            t("Ngày hoàn thành"),
        ],
        vec![
            t("Y-01"),
            t(DK),
            t(TU),
            V::D("14/04/2023 09:15".into()),
            V::D("28/04/2023".into()),
            V::D("04/05/2023 19:00".into()),
        ],
        vec![
            t("Y-02"),
            t(TP),
            t(A),
            V::D("02/05/2023 08:00".into()),
            V::D("04/05/2023".into()),
            V::D("04/05/2023 11:00".into()),
        ],
    ]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    fs::create_dir_all(dir.join("broken"))?;
    dossiers_xlsx(&dir.join("dossiers_2023.xlsx"))?;
    let main = main_sheet();
    fs::write(dir.join("dossiers_2023_utf8.csv"), to_csv(&main, ','))?;
    // Sources for the python encoding step (scripts/make-fixtures): semicolon and tab versions in UTF-8.
    fs::write(dir.join("dossiers_2023_semicolon.src"), to_csv(&main, ';'))?;
    fs::write(dir.join("dossiers_2023_tab.src"), to_csv(&main, '\t'))?;

    simple_xlsx(&dir.join("reminders_2022.xlsx"), "Nhắc nhở 2022", &reminders())?;
    fs::write(dir.join("reminders_2022.csv"), to_csv(&reminders_csv_rows(), ';'))?;
    simple_xlsx(&dir.join("proposals_2023.xlsx"), "Đề xuất", &proposals())?;
    fs::write(dir.join("proposals_2023.csv"), to_csv(&proposals_csv_rows(), ','))?;
    fs::write(dir.join("header_variants.csv"), to_csv(&header_variants(), ','))?;
    fs::write(dir.join("month_first.csv"), to_csv(&month_first(), ','))?;
    fs::write(dir.join("dup_a.csv"), to_csv(&dup_a(), ','))?;
    fs::write(dir.join("dup_b.csv"), to_csv(&dup_b(), ';'))?;
    {
        let mut wb = new_workbook()?;
        let ws = wb.add_worksheet();
        ws.set_name("Sheet1")?;
        write_rows(ws, &sheet_1904(), true)?;
        wb.save(dir.join("dossiers_1904.src.xlsx"))?;
    }
    {
        // A workbook with no dossier table at all.
        let rows = vec![vec![t("Đơn vị"), t("Tổng số hồ sơ")], vec![t(TP), V::N(11.0)]];
        simple_xlsx(&dir.join("broken/no_table.xlsx"), "Tổng hợp", &rows)?;
    }
    println!("fixtures written to {}", dir.display());
    Ok(())
}
