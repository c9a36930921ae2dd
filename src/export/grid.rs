//! Every table of a report as a plain grid of typed cells, so that the xlsx and CSV writers (and the print view)
//! render the same columns from one definition.

use crate::model::{fmt_date, Channel, Moment};
use crate::report::commendation::{Commendations, Who};
use crate::report::tables::{ResultsRow, ResultsTable, Tables};
use crate::report::{AssessmentOut, DossierRow, Report};

#[derive(Debug, Clone, PartialEq)]
pub enum GridCell {
    Text(String),
    Int(u32),
    /// A year: a number printed without a thousands separator (2023, not "2.023").
    Year(i32),
    /// A number shown with one decimal (rates, scores).
    Dec(f64),
    Date(Moment),
    Empty,
}

impl GridCell {
    fn text(s: impl Into<String>) -> GridCell {
        GridCell::Text(s.into())
    }

    fn opt_dec(v: Option<f64>) -> GridCell {
        v.map(GridCell::Dec).unwrap_or(GridCell::Empty)
    }

    fn opt_date(v: Option<Moment>) -> GridCell {
        v.map(GridCell::Date).unwrap_or(GridCell::Empty)
    }

    /// The cell as CSV text: dates dd/mm/yyyy[ hh:mm], decimals with one digit.
    pub fn as_text(&self) -> String {
        match self {
            GridCell::Text(s) => s.clone(),
            GridCell::Int(n) => n.to_string(),
            GridCell::Dec(x) => format!("{x:.1}"),
            GridCell::Date(m) => match m.time() {
                Some(t) if chrono::Timelike::second(&t) != 0 => {
                    format!("{} {}", fmt_date(m.date), t.format("%H:%M:%S"))
                }
                _ => m.display_vi(),
            },
            GridCell::Empty => String::new(),
            GridCell::Year(y) => y.to_string(),
        }
    }

    /// The cell as a CSV field a spreadsheet shows rather than runs: [`as_text`](GridCell::as_text), with text that
    /// starts like a formula made inert ([`inert`]). Numbers and dates stay as they are.
    pub fn as_csv(&self) -> String {
        match self {
            GridCell::Text(s) => inert(s).into_owned(),
            _ => self.as_text(),
        }
    }
}

/// Text from the logs as a spreadsheet must show it, not run it: a value that begins with `=`, `+`, `-`, `@`, a tab
/// or a carriage return is a formula to Excel and LibreOffice when they open a CSV (`=HYPERLINK(…)` becomes a live
/// link, `+cmd|' /C calc'!A0` a command), so it gets a leading apostrophe, as OWASP's advice on CSV injection says.
/// The spreadsheet shows the apostrophe; the value is read as text. The JSON keeps the raw value and the xlsx
/// writes it as a text cell, which no spreadsheet runs.
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub title: &'static str,
    pub width: f64,
}

const fn col(title: &'static str, width: f64) -> Column {
    Column { title, width }
}

/// A header cell spanning columns `first..=last` above the column titles.
#[derive(Debug, Clone)]
pub struct Group {
    pub first: u16,
    pub last: u16,
    pub title: &'static str,
}

#[derive(Debug, Clone)]
pub struct Grid {
    /// Sheet name (≤ 31 characters) and CSV file stem.
    pub sheet: &'static str,
    pub file: &'static str,
    pub title: String,
    /// Official tables carry the national motto, period and signature blocks; working lists do not need them
    /// but get them too, so every printed page can be signed.
    pub groups: Vec<Group>,
    pub columns: Vec<Column>,
    /// Column numbers "(1) (2) …" under the titles, as official forms print them.
    pub numbered: bool,
    pub rows: Vec<Vec<GridCell>>,
    /// The list of every checked dossier: its rows are not kept in `rows` but made one at a time as they are
    /// written ([`Grid::each_row`]; a million rows of cells weighed gigabytes).
    pub dossiers: bool,
    /// The last row is a total (bold).
    pub total_row: bool,
    pub notes: Vec<String>,
}

fn results_grid(
    t: &ResultsTable,
    sheet: &'static str,
    file: &'static str,
    title: &str,
    first: &'static str,
    points: f64,
) -> Grid {
    let row = |i: Option<usize>, r: &ResultsRow| -> Vec<GridCell> {
        vec![
            i.map(|i| GridCell::Int(i as u32 + 1)).unwrap_or(GridCell::Empty),
            GridCell::text(&r.name),
            GridCell::Int(r.received_total),
            GridCell::Int(r.received_online),
            GridCell::Int(r.received_direct),
            GridCell::Int(r.carried_over),
            GridCell::Int(r.resolved_total),
            GridCell::Int(r.early),
            GridCell::Int(r.on_time),
            GridCell::Int(r.late),
            GridCell::Int(r.pending_total),
            GridCell::Int(r.pending_within),
            GridCell::Int(r.pending_overdue),
            GridCell::opt_dec(r.on_time_rate),
            GridCell::opt_dec(r.progress_score),
        ]
    };
    let mut rows: Vec<Vec<GridCell>> = t.rows.iter().enumerate().map(|(i, r)| row(Some(i), r)).collect();
    rows.push(row(None, &t.total));
    let mut notes = vec![format!(
        "Điểm tiến độ (ước tính): (trước hạn + đúng hạn) ÷ tổng số tiếp nhận × {points}, theo Quyết định 766/QĐ-TTg \
            ngày 23/6/2022 (nhóm \"Tiến độ, kết quả giải quyết\"); chỉ để tham khảo."
    )];
    if t.total.received_unknown_channel > 0 {
        notes.push(format!(
            "{} hồ sơ không ghi hình thức nộp: tính vào tổng số, không vào cột trực tuyến hay trực tiếp.",
            t.total.received_unknown_channel
        ));
    }
    if t.undated > 0 {
        notes.push(format!("{} hồ sơ không có ngày tiếp nhận nên không đưa vào biểu.", t.undated));
    }
    Grid {
        sheet,
        file,
        title: title.to_string(),
        groups: vec![
            Group { first: 2, last: 5, title: "Số hồ sơ nhận giải quyết" },
            Group { first: 6, last: 9, title: "Số hồ sơ đã giải quyết" },
            Group { first: 10, last: 12, title: "Số hồ sơ đang giải quyết" },
        ],
        columns: vec![
            col("STT", 5.0),
            col(first, 34.0),
            col("Tổng số", 9.0),
            col("Trực tuyến", 9.0),
            col("Trực tiếp, dịch vụ bưu chính", 11.0),
            col("Từ kỳ trước chuyển qua", 10.0),
            col("Tổng số", 9.0),
            col("Trước hạn", 9.0),
            col("Đúng hạn", 9.0),
            col("Quá hạn", 9.0),
            col("Tổng số", 9.0),
            col("Trong hạn", 9.0),
            col("Quá hạn", 9.0),
            col("Tỷ lệ đúng hạn (%)", 10.0),
            col("Điểm tiến độ (ước tính)", 10.0),
        ],
        numbered: true,
        rows,
        total_row: true,
        dossiers: false,
        notes,
    }
}

fn assessment_grid(list: &[AssessmentOut], units: bool) -> Grid {
    let mut columns = Vec::new();
    columns.push(col("STT", 5.0));
    if !units {
        columns.push(col("Họ và tên", 24.0));
    }
    columns.extend([
        col("Đơn vị", 30.0),
        col("Năm", 7.0),
        col("Số hồ sơ", 8.0),
        col("Trễ hạn, quá hạn (cả năm)", 10.0),
        col("Quý I", 6.0),
        col("Quý II", 6.0),
        col("Quý III", 6.0),
        col("Quý IV", 6.0),
        col("Bị nhắc nhở năm trước", 11.0),
        col("Tái phạm nhiều lần", 10.0),
        col("Mức xếp loại cao nhất được phép", 24.0),
        col("Mức đề xuất", 24.0),
        col("Kết luận", 18.0),
        col("Căn cứ và giải thích", 80.0),
    ]);
    let rows = list
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut r = vec![GridCell::Int(i as u32 + 1)];
            if !units {
                r.push(GridCell::text(&a.name.display));
            }
            let why: Vec<String> = a
                .explanation
                .steps
                .iter()
                .map(|s| s.vi.clone())
                .chain(a.explanation.citations.iter().map(|c| format!("Căn cứ: {c}")))
                .collect();
            r.extend([
                GridCell::text(&a.unit.display),
                GridCell::Year(a.year),
                GridCell::Int(a.dossiers),
                GridCell::Int(a.late),
                GridCell::Int(a.late_by_quarter[0]),
                GridCell::Int(a.late_by_quarter[1]),
                GridCell::Int(a.late_by_quarter[2]),
                GridCell::Int(a.late_by_quarter[3]),
                GridCell::text(if a.reminded { "Có" } else { "" }),
                GridCell::text(if a.repeat { "Có" } else { "" }),
                GridCell::text(a.max_rating.label_vi()),
                GridCell::text(a.proposed_rating.map(|p| p.label_vi()).unwrap_or("")),
                GridCell::text(a.finding.label_vi()),
                GridCell::text(why.join("\n")),
            ]);
            r
        })
        .collect();
    Grid {
        sheet: if units { "Đơn vị" } else { "Cán bộ" },
        file: if units { "don-vi" } else { "can-bo" },
        title: if units {
            "KIỂM TRA GIỚI HẠN XẾP LOẠI TẬP THỂ (ĐƠN VỊ)".into()
        } else {
            "KIỂM TRA GIỚI HẠN XẾP LOẠI CÁN BỘ, CÔNG CHỨC".into()
        },
        groups: vec![],
        columns,
        numbered: false,
        rows,
        total_row: false,
        dossiers: false,
        notes: vec![],
    }
}

/// "01/2023, 02/2023"
fn months_text(months: &[String]) -> String {
    let shown: Vec<String> =
        months.iter().map(|m| m.split_once('-').map(|(y, mm)| format!("{mm}/{y}")).unwrap_or_default()).collect();
    shown.join(", ")
}

/// The commendation list (biểu dương, issue 21): who, the evidence (counts, months) and why.
pub fn commendation_grid(c: &Commendations) -> Grid {
    let rows = c
        .list
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let why: Vec<String> = x
                .explanation
                .steps
                .iter()
                .map(|s| s.vi.clone())
                .chain(x.explanation.citations.iter().map(|c| format!("Căn cứ: {c}")))
                .collect();
            vec![
                GridCell::Int(i as u32 + 1),
                GridCell::text(match x.who.kind {
                    Who::Officer => x.who.name.clone(),
                    Who::Unit => format!("Tập thể {}", x.who.name),
                }),
                GridCell::text(&x.who.unit),
                GridCell::Int(x.dossiers),
                GridCell::Int(x.who.early),
                GridCell::Int(x.who.on_time),
                GridCell::Int(x.who.pending),
                GridCell::text(months_text(&x.who.months)),
                GridCell::text(why.join("\n")),
            ]
        })
        .collect();
    Grid {
        sheet: "Biểu dương",
        file: "bieu-duong",
        title: "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐỀ NGHỊ BIỂU DƯƠNG".into(),
        groups: vec![],
        columns: vec![
            col("STT", 5.0),
            col("Cá nhân / tập thể", 26.0),
            col("Đơn vị", 28.0),
            col("Số hồ sơ", 8.0),
            col("Trước hạn", 8.0),
            col("Đúng hạn", 8.0),
            col("Đang giải quyết trong hạn", 10.0),
            col("Các tháng có hồ sơ", 30.0),
            col("Căn cứ và giải thích", 70.0),
        ],
        numbered: false,
        rows,
        total_row: false,
        dossiers: false,
        notes: vec![
            format!("Kỳ: {}. Tiêu chí: {}.", c.period_label, c.settings.label_vi()),
            format!(
                "Các ngưỡng là cài đặt của bộ quy tắc ([commendation.min_dossiers],                 [commendation.require_all_on_time]); căn cứ: {}.",
                c.settings.citation
            ),
        ],
    }
}

/// Every table of the report for the period, in the order they are printed.
pub fn grids(report: &Report, t: &Tables) -> Vec<Grid> {
    let points = t.progress_points;
    let mut out = vec![
        results_grid(
            &t.results_by_unit,
            "Kết quả theo đơn vị",
            "ket-qua-theo-don-vi",
            "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO ĐƠN VỊ",
            "Đơn vị",
            points,
        ),
        results_grid(
            &t.results_by_field,
            "Kết quả theo lĩnh vực",
            "ket-qua-theo-linh-vuc",
            "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO LĨNH VỰC",
            "Lĩnh vực",
            points,
        ),
    ];
    out.push(Grid {
        sheet: "Hồ sơ trễ hạn",
        file: "ho-so-tre-han",
        title: "DANH SÁCH HỒ SƠ TRỄ HẠN, QUÁ HẠN".into(),
        groups: vec![],
        columns: vec![
            col("STT", 5.0),
            col("Mã hồ sơ", 22.0),
            col("Thủ tục", 36.0),
            col("Đơn vị", 26.0),
            col(
                "Cán bộ xử \
                lý",
                22.0,
            ),
            col("Ngày hẹn trả", 13.0),
            col("Ngày hoàn thành", 16.0),
            col("Kết quả kiểm tra", 22.0),
            col(
                "Số ngày làm \
                việc trễ",
                9.0,
            ),
            col("Khắc phục trễ hạn", 16.0),
            col("Giải thích", 60.0),
            col("Tệp", 20.0),
            col("Dòng", 7.0),
        ],
        numbered: false,
        rows: t
            .late
            .iter()
            .enumerate()
            .map(|(i, d)| {
                vec![
                    GridCell::Int(i as u32 + 1),
                    GridCell::text(&d.code),
                    GridCell::text(&d.procedure),
                    GridCell::text(&d.unit),
                    GridCell::text(&d.officer),
                    GridCell::opt_date(d.due),
                    GridCell::opt_date(d.finished),
                    GridCell::text(d.status.label_vi()),
                    GridCell::Int(d.late_working_days),
                    GridCell::text(d.apology.label_vi()),
                    GridCell::text(&d.explanation),
                    GridCell::text(&d.file),
                    GridCell::Int(d.row),
                ]
            })
            .collect(),
        total_row: false,
        dossiers: false,
        notes: vec!["Hồ sơ có ngày hẹn trả trong kỳ; số ngày trễ tính theo ngày làm việc (bỏ qua ngày nghỉ lễ, Tết, \
            nghỉ bù; tính cả thứ Bảy làm bù)."
            .into()],
    });
    out.push(assessment_grid(&t.officers, false));
    out.push(assessment_grid(&t.units, true));
    out.push(Grid {
        sheet: "Đề nghị nhắc nhở",
        file: "de-nghi-nhac-nho",
        title: format!("DANH SÁCH CÁ NHÂN, ĐƠN VỊ CÓ HỒ SƠ TRỄ HẠN NĂM {}", t.year),
        groups: vec![],
        columns: vec![
            col("STT", 5.0),
            col("Họ và tên", 26.0),
            col("Đơn vị", 34.0),
            col("Năm nhắc nhở", 10.0),
            col(
                "Số \
            văn bản",
                16.0,
            ),
            col("Ghi chú", 36.0),
        ],
        numbered: false,
        rows: t
            .to_remind
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    GridCell::Int(i as u32 + 1),
                    GridCell::text(&r.name),
                    GridCell::text(&r.unit),
                    GridCell::Int(r.year as u32),
                    GridCell::Empty,
                    GridCell::text(&r.note),
                ]
            })
            .collect(),
        total_row: false,
        dossiers: false,
        notes: vec![format!(
            "Danh sách này dùng làm \"danh sách nhắc nhở năm {}\" khi kiểm tra năm {}. Dòng không có \
            họ tên là nhắc nhở đơn vị.",
            t.year,
            t.year + 1
        )],
    });
    out.push(commendation_grid(&t.commendations));
    if !t.year_over_year.is_empty() {
        out.push(Grid {
            sheet: "So sánh năm",
            file: "so-sanh-nam",
            title: format!("SO SÁNH NĂM {} VỚI NĂM {} (CHẬM CHUYỂN BIẾN)", t.year, t.year - 1),
            groups: vec![],
            columns: vec![
                col("STT", 5.0),
                col("Họ và tên", 24.0),
                col("Đơn vị", 30.0),
                col("Trễ hạn năm trước", 10.0),
                col("Trễ hạn năm nay", 10.0),
                col("Tỷ lệ đúng hạn năm trước (%)", 12.0),
                col("Tỷ lệ đúng hạn năm nay (%)", 12.0),
                col("Chậm chuyển biến", 11.0),
            ],
            numbered: false,
            rows: t
                .year_over_year
                .iter()
                .enumerate()
                .map(|(i, y)| {
                    vec![
                        GridCell::Int(i as u32 + 1),
                        GridCell::text(if y.name == y.unit { "" } else { y.name.as_str() }),
                        GridCell::text(&y.unit),
                        GridCell::Int(y.previous_late),
                        GridCell::Int(y.late),
                        GridCell::opt_dec(y.previous_on_time_rate),
                        GridCell::opt_dec(y.on_time_rate),
                        GridCell::text(if y.slow_improvement { "Có" } else { "Không" }),
                    ]
                })
                .collect(),
            total_row: false,
            dossiers: false,
            notes: vec![
                "Chậm chuyển biến: năm nay vẫn có hồ sơ trễ hạn và số hồ sơ trễ không giảm so với năm trước.".into()
            ],
        });
    }
    out.push(Grid {
        sheet: "Chất lượng dữ liệu",
        file: "chat-luong-du-lieu",
        title: "CHẤT LƯỢNG DỮ LIỆU ĐẦU VÀO".into(),
        groups: vec![],
        columns: vec![
            col("STT", 5.0),
            col("Tệp", 30.0),
            col("Loại", 14.0),
            col("Định dạng", 20.0),
            col("Trang tính", 16.0),
            col("Dòng tiêu đề", 8.0),
            col("Số dòng đọc", 9.0),
            col("Đã kiểm tra", 9.0),
            col("Bị loại", 9.0),
            col("Dòng trống", 9.0),
            col("Không phải dữ liệu", 10.0),
            col("Cột đã nhận", 70.0),
            col("Cột còn thiếu", 30.0),
        ],
        numbered: false,
        rows: report
            .inputs
            .iter()
            .enumerate()
            .map(|(i, x)| {
                vec![
                    GridCell::Int(i as u32 + 1),
                    GridCell::text(&x.file),
                    GridCell::text(match x.kind {
                        "reminded" => "Nhắc nhở năm trước",
                        "ratings" => "Đề xuất xếp loại",
                        "renames" => "Đơn vị đổi tên",
                        _ => "Sổ hồ sơ",
                    }),
                    GridCell::text(&x.format),
                    GridCell::text(&x.sheet),
                    GridCell::Int(x.header_row),
                    GridCell::Int(x.rows),
                    GridCell::Int(x.dossiers),
                    GridCell::Int(x.rejected),
                    GridCell::Int(x.blank),
                    GridCell::Int(x.non_data),
                    GridCell::text(
                        x.mapping
                            .iter()
                            .map(|m| format!("{} ← \"{}\" ({})", m.field, m.header, m.column))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    GridCell::text(x.missing.join(", ")),
                ]
            })
            .collect(),
        total_row: false,
        dossiers: false,
        notes: vec![format!(
            "Hồ sơ trùng đã gộp: {}; mã hồ sơ trùng khác nội dung: {}; dòng bị loại: {} (xem trang \"Dòng bị loại\").",
            report.summary.duplicates_merged, report.summary.conflicts, report.summary.rejected_rows
        )],
    });
    if !report.renames.is_empty() {
        out.push(renames_grid(report));
    }
    out.push(Grid {
        sheet: "Dòng bị loại",
        file: "dong-bi-loai",
        title: "DANH SÁCH DÒNG BỊ LOẠI".into(),
        groups: vec![],
        columns: vec![
            col("STT", 5.0),
            col("Tệp", 26.0),
            col("Trang tính", 16.0),
            col("Dòng", 7.0),
            col("Cột", 20.0),
            col("Giá trị", 22.0),
            col("Lý do", 60.0),
            col("Reason", 60.0),
        ],
        numbered: false,
        rows: report
            .rejected_rows
            .iter()
            .enumerate()
            .map(|(i, x)| {
                vec![
                    GridCell::Int(i as u32 + 1),
                    GridCell::text(&*x.source.file),
                    GridCell::text(&*x.source.sheet),
                    GridCell::Int(x.source.row),
                    GridCell::text(&x.column),
                    GridCell::text(&x.value),
                    GridCell::text(&x.reason),
                    GridCell::text(&x.reason_en),
                ]
            })
            .collect(),
        total_row: false,
        dossiers: false,
        notes: vec![],
    });
    if !report.scores.is_empty() {
        out.push(scores_grid(report));
    }
    out.push(dossier_list());
    out
}

/// The renamed units list: each line, what it did and how many reminders and proposals it renamed.
fn renames_grid(report: &Report) -> Grid {
    let rows = report
        .renames
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                GridCell::Int(i as u32 + 1),
                GridCell::text(&r.old),
                GridCell::text(&r.new),
                r.from.map(|d| GridCell::Date(Moment::day(d))).unwrap_or(GridCell::Empty),
                GridCell::text(&*r.source.file),
                GridCell::Int(r.source.row),
                GridCell::text(r.status.label().vi),
                GridCell::Int(r.reminders),
                GridCell::Int(r.proposals),
                GridCell::text(&r.outcome.vi),
            ]
        })
        .collect();
    Grid {
        sheet: "Đơn vị đổi tên",
        file: "don-vi-doi-ten",
        title: "DANH SÁCH ĐƠN VỊ ĐỔI TÊN, SÁP NHẬP ĐÃ ĐỐI CHIẾU".into(),
        groups: vec![],
        columns: vec![
            col("STT", 5.0),
            col("Tên cũ", 30.0),
            col("Tên mới", 30.0),
            col("Hiệu lực từ", 11.0),
            col("Tệp", 20.0),
            col("Dòng", 7.0),
            col("Kết quả", 18.0),
            col("Dòng nhắc nhở", 9.0),
            col("Dòng đề xuất xếp loại", 9.0),
            col("Diễn giải", 60.0),
        ],
        numbered: false,
        rows,
        total_row: false,
        dossiers: false,
        notes: vec![
            "Một dòng có hiệu lực khi ngày hiệu lực không sau ngày đầu năm đánh giá; tên đổi nối tiếp (A → B, B → C) \
            được theo đến tên cuối; so tên không phân biệt hoa thường, khoảng trắng và dấu."
                .into(),
        ],
    }
}

/// Nghị định 335/2025: every officer's and unit's figures by month, quarter and year, then the flags.
fn scores_grid(report: &Report) -> Grid {
    let rows = report
        .scores
        .iter()
        .enumerate()
        .map(|(i, sc)| {
            let why: Vec<String> = sc
                .explanation
                .steps
                .iter()
                .map(|s| s.vi.clone())
                .chain(sc.explanation.citations.iter().map(|c| format!("Căn cứ: {c}")))
                .collect();
            vec![
                GridCell::Int(i as u32 + 1),
                GridCell::text(if sc.is_unit() { "(cả đơn vị)" } else { sc.name.display.as_str() }),
                GridCell::text(&sc.unit.display),
                GridCell::text(&sc.period),
                GridCell::Int(sc.assigned),
                GridCell::Int(sc.finished),
                GridCell::Int(sc.on_time),
                GridCell::Int(sc.late),
                GridCell::Int(sc.delays),
                GridCell::Dec(sc.quantity_pct),
                GridCell::Dec(sc.progress_pct),
                GridCell::Dec(sc.points_upper),
                GridCell::text(sc.band_upper.label_vi()),
                GridCell::text(why.join("\n")),
            ]
        })
        .collect();
    let notes = report
        .score_flags
        .iter()
        .map(|f| {
            let who = if f.name.is_empty() {
                format!("Đơn vị {}", f.unit.display)
            } else {
                format!("{} ({})", f.name.display, f.unit.display)
            };
            let steps: Vec<String> = f.explanation.steps.iter().map(|s| s.vi.clone()).collect();
            format!("{who}: {} {}", f.message.vi, steps.join(" "))
        })
        .collect();
    Grid {
        sheet: "Điểm tiến độ (NĐ 335)",
        file: "diem-tien-do-nd-335",
        title: "ĐIỂM SỐ LƯỢNG, TIẾN ĐỘ GIẢI QUYẾT HỒ SƠ THEO NGHỊ ĐỊNH 335/2025/NĐ-CP".into(),
        groups: vec![],
        columns: vec![
            col("STT", 5.0),
            col("Họ và tên", 24.0),
            col("Đơn vị", 28.0),
            col("Kỳ", 9.0),
            col("Hồ sơ được giao", 9.0),
            col("Hoàn thành", 9.0),
            col("Đúng hạn", 9.0),
            col("Trễ hạn, quá hạn", 9.0),
            col("Số lần chậm", 8.0),
            col("Số lượng (%)", 9.0),
            col("Tiến độ (%)", 9.0),
            col("Điểm tối đa có thể", 10.0),
            col("Mức tương ứng", 24.0),
            col("Căn cứ và giải thích", 80.0),
        ],
        numbered: false,
        rows,
        total_row: false,
        dossiers: false,
        notes,
    }
}

fn channel_text(c: Option<Channel>) -> &'static str {
    match c {
        Some(Channel::Online) => "Trực tuyến",
        Some(Channel::InPerson) => "Trực tiếp",
        Some(Channel::Post) => "Bưu chính",
        None => "",
    }
}

/// Every checked dossier with every field the log gave, so that the list reads back into the same dossiers
/// (column names avoid the header dictionary's words where they hold our verdicts, not the log's values).
fn dossier_list() -> Grid {
    Grid {
        sheet: "Hồ sơ",
        file: "ho-so",
        title: "DANH SÁCH HỒ SƠ ĐÃ KIỂM TRA".into(),
        groups: vec![],
        columns: vec![
            col("STT", 7.0),
            col("Mã hồ sơ", 22.0),
            col("Thủ tục", 36.0),
            col("Lĩnh vực", 16.0),
            col("Đơn vị", 26.0),
            col("Cán bộ xử lý", 22.0),
            col("Hình thức nộp", 11.0),
            col("Thời hạn giải quyết (ngày)", 10.0),
            col("Ngày tiếp nhận", 16.0),
            col("Ngày hẹn trả", 13.0),
            col("Ngày hẹn lại", 13.0),
            col("Ngày hoàn thành", 16.0),
            col("Ngày trả kết quả", 16.0),
            col("Trạng thái", 18.0),
            col("Phiếu xin lỗi", 9.0),
            col("Kết quả kiểm tra", 22.0),
            col("Số ngày làm việc trễ", 9.0),
            col("Khắc phục trễ hạn", 16.0),
            col("Tạm tính", 8.0),
            col("Tệp", 20.0),
            col("Dòng", 7.0),
        ],
        numbered: false,
        rows: vec![],
        total_row: false,
        dossiers: true,
        notes: vec![],
    }
}

/// The `i`-th checked dossier as a row of the dossier list.
fn dossier_row(i: usize, d: DossierRow<'_>) -> Vec<GridCell> {
    vec![
        GridCell::Int(i as u32 + 1),
        GridCell::text(&d.code),
        GridCell::text(d.procedure.as_deref().unwrap_or("")),
        GridCell::text(d.field.as_deref().unwrap_or("")),
        GridCell::text(&d.unit.display),
        GridCell::text(&d.officer.display),
        GridCell::text(channel_text(d.channel)),
        d.statutory_days.map(GridCell::Int).unwrap_or(GridCell::Empty),
        GridCell::opt_date(d.received),
        GridCell::opt_date(d.due),
        GridCell::opt_date(d.extended_due),
        GridCell::opt_date(d.finished),
        GridCell::opt_date(d.returned),
        GridCell::text(d.status_text.as_deref().unwrap_or("")),
        GridCell::text(match d.apology {
            Some(true) => "Có",
            Some(false) => "Không",
            None => "",
        }),
        GridCell::text(d.verdict.status.label_vi()),
        GridCell::Int(d.verdict.late_working_days),
        GridCell::text(d.verdict.apology.label_vi()),
        GridCell::text(if d.verdict.provisional { "Có" } else { "" }),
        GridCell::text(&*d.source.file),
        GridCell::Int(d.source.row),
    ]
}

impl Grid {
    /// How many rows the grid has.
    pub fn len(&self, report: &Report) -> usize {
        if self.dossiers {
            report.dossiers.len()
        } else {
            self.rows.len()
        }
    }

    /// Calls `f` with each row of `range` in order; the dossier list's rows are made one at a time.
    pub fn each_row<E>(
        &self,
        report: &Report,
        range: std::ops::Range<usize>,
        mut f: impl FnMut(&[GridCell]) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.dossiers {
            for i in range {
                f(&dossier_row(i, report.dossiers.at(i)))?;
            }
            return Ok(());
        }
        self.rows[range].iter().try_for_each(|r| f(r))
    }
}

/// The lines every report states about itself: app, rule set, as-of date, inputs, provisional years.
pub fn provenance(report: &Report, t: &Tables) -> Vec<String> {
    let mut lines = vec![
        format!("Kỳ báo cáo: {}", t.period_label),
        format!(
            "Lập bằng Đúng Hẹn {} · bộ quy tắc {} · ngày đánh giá {}",
            report.app_version,
            report.profile.describe_vi(report.assessment_year),
            fmt_date(report.as_of)
        ),
    ];
    let inputs: Vec<String> = report
        .inputs
        .iter()
        .map(|i| format!("{} ({} dòng, {} bản ghi, {} bị loại)", i.file, i.rows, i.dossiers, i.rejected))
        .collect();
    lines.push(format!("Dữ liệu: {}", inputs.join("; ")));
    if !report.provisional_years.is_empty() {
        let years: Vec<String> = report.provisional_years.iter().map(|y| y.to_string()).collect();
        lines.push(format!(
            "Năm {} chưa có lịch nghỉ chính thức: số ngày trễ được tạm tính theo Bộ luật Lao động.",
            years.join(", ")
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_starts_like_a_formula_is_made_inert_and_numbers_stay_numbers() {
        for v in ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\tx", "\rx"] {
            assert_eq!(inert(v), format!("'{v}"));
            assert_eq!(GridCell::Text(v.into()).as_csv(), format!("'{v}"));
        }
        for v in ["", "Sở Tư pháp", "1+1", "'=x", " =x"] {
            assert_eq!(inert(v), v);
        }
        assert_eq!(GridCell::Dec(-2.5).as_csv(), "-2.5", "a negative number is written as a number");
    }
}
