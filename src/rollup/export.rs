//! A roll-up's tables as grids, written by the report's own xlsx and CSV writers ([`crate::export`]): the province
//! table per agency, per field of work, the ranking, the commendations, the reminder list and the problems.

use super::{dec_vi, AgencyRow, Rollup, Seal};
use crate::export::grid::{Column, Grid, GridCell, Group};
use crate::export::Letterhead;
use crate::model::fmt_date;
use crate::report::commendation::Who;
use crate::report::tables::ResultsRow;

const fn col(title: &'static str, width: f64) -> Column {
    Column { title, width }
}

fn text(s: impl Into<String>) -> GridCell {
    GridCell::Text(s.into())
}

fn opt_dec(x: Option<f64>) -> GridCell {
    x.map(GridCell::Dec).unwrap_or(GridCell::Empty)
}

fn counts(r: &ResultsRow) -> Vec<GridCell> {
    vec![
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
        opt_dec(r.on_time_rate),
        opt_dec(r.progress_score),
    ]
}

fn result_columns(first: &'static str) -> Vec<Column> {
    vec![
        col("STT", 5.0),
        col(first, 32.0),
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
        col("Điểm tiến độ QĐ 766 (ước tính)", 11.0),
    ]
}

fn result_groups() -> Vec<Group> {
    vec![
        Group { first: 2, last: 5, title: "Số hồ sơ nhận giải quyết" },
        Group { first: 6, last: 9, title: "Số hồ sơ đã giải quyết" },
        Group { first: 10, last: 12, title: "Số hồ sơ đang giải quyết" },
        Group { first: 16, last: 19, title: "Theo dõi xếp loại" },
    ]
}

fn agency_cells(i: Option<usize>, a: &AgencyRow, last_rate: Option<f64>, note: &str) -> Vec<GridCell> {
    let mut row = vec![i.map(|i| GridCell::Int(i as u32 + 1)).unwrap_or(GridCell::Empty), text(&a.results.name)];
    row.extend(counts(&a.results));
    row.extend([
        GridCell::Int(a.late_without_apology),
        GridCell::Int(a.capped_officers),
        GridCell::Int(a.capped_units),
        GridCell::Int(a.at_risk),
        GridCell::Int(a.violations),
        opt_dec(last_rate),
        text(note),
    ]);
    row
}

/// The province table: one line per summed agency, then the total.
pub fn province_grid(r: &Rollup) -> Grid {
    let mut columns = result_columns("Cơ quan, đơn vị");
    columns.extend([
        col("Trễ hạn chưa xin lỗi", 10.0),
        col("Cá nhân bị giới hạn xếp loại", 10.0),
        col("Tập thể bị giới hạn xếp loại", 10.0),
        col("Đề xuất có nguy cơ vượt giới hạn", 10.0),
        col("Đề xuất vi phạm giới hạn", 10.0),
        col("Tỷ lệ đúng hạn cùng kỳ năm trước (%)", 11.0),
        col("Ghi chú", 24.0),
    ]);
    let mut rows: Vec<Vec<GridCell>> = r
        .included()
        .enumerate()
        .map(|(i, a)| {
            let mut note = a.rank.map(|k| format!("Xếp hạng {k}")).unwrap_or_default();
            match a.seal {
                Seal::Intact => {}
                Seal::Edited => note.push_str("; số liệu bị sửa sau kiểm tra"),
                Seal::Unsealed => note.push_str("; không có mã niêm phong"),
            }
            agency_cells(Some(i), &a.row, a.last_year.as_ref().and_then(|l| l.results.on_time_rate), &note)
        })
        .collect();
    let last = r.last_year_total.as_ref().and_then(|l| l.results.on_time_rate);
    rows.push(agency_cells(None, &r.total, last, ""));
    let excluded = r.reports().filter(|a| !a.included).count();
    let mut notes = vec![
        "Điểm tiến độ (ước tính): (trước hạn + đúng hạn) ÷ tổng số tiếp nhận × điểm nhóm \"Tiến độ, kết quả giải quyết\" \
         theo Quyết định 766/QĐ-TTg; chỉ để tham khảo."
            .to_string(),
    ];
    if excluded > 0 {
        notes.push(format!(
            "{excluded} báo cáo không cộng vào tổng (khác kỳ, khác bộ quy tắc, trùng…): xem trang \"Vấn đề\"."
        ));
    }
    Grid {
        sheet: "Tổng hợp",
        file: "tong-hop",
        title: "BẢNG TỔNG HỢP KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH CỦA CÁC CƠ QUAN, ĐƠN VỊ".into(),
        groups: result_groups(),
        columns,
        numbered: true,
        rows,
        dossiers: false,
        total_row: true,
        notes,
    }
}

fn field_grid(r: &Rollup) -> Grid {
    let n = r.by_field.len();
    let rows = r
        .by_field
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut row = vec![if i + 1 < n { GridCell::Int(i as u32 + 1) } else { GridCell::Empty }, text(&f.name)];
            row.extend(counts(f));
            row
        })
        .collect();
    let mut groups = result_groups();
    groups.pop();
    Grid {
        sheet: "Theo lĩnh vực",
        file: "theo-linh-vuc",
        title: "KẾT QUẢ GIẢI QUYẾT HỒ SƠ THEO LĨNH VỰC".into(),
        groups,
        columns: result_columns("Lĩnh vực"),
        numbered: true,
        rows,
        dossiers: false,
        total_row: true,
        notes: vec![],
    }
}

fn ranking_grid(r: &Rollup) -> Grid {
    Grid {
        sheet: "Xếp hạng",
        file: "xep-hang",
        title: "XẾP HẠNG CÁC CƠ QUAN, ĐƠN VỊ THEO TỶ LỆ GIẢI QUYẾT ĐÚNG HẠN".into(),
        groups: vec![],
        columns: vec![
            col("Hạng", 6.0),
            col("Cơ quan, đơn vị", 36.0),
            col("Số hồ sơ đã giải quyết", 12.0),
            col("Tỷ lệ đúng hạn (%)", 12.0),
            col("Cùng kỳ năm trước (%)", 12.0),
        ],
        numbered: false,
        rows: r
            .ranking
            .iter()
            .map(|k| {
                vec![
                    GridCell::Int(k.rank),
                    text(&k.agency),
                    GridCell::Int(k.resolved),
                    opt_dec(k.on_time_rate),
                    opt_dec(k.last_year_on_time_rate),
                ]
            })
            .collect(),
        dossiers: false,
        total_row: false,
        notes: vec![
            "Cùng tỷ lệ: cơ quan giải quyết nhiều hồ sơ hơn đứng trước; chưa giải quyết hồ sơ nào: xếp cuối.".into()
        ],
    }
}

fn commendation_grid(r: &Rollup) -> Grid {
    let rows = r
        .commendations
        .list
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let why: Vec<&str> = c.explanation.steps.iter().map(|s| s.vi.as_str()).collect();
            vec![
                GridCell::Int(i as u32 + 1),
                text(match c.who.kind {
                    Who::Officer => c.who.name.clone(),
                    Who::Unit => format!("Tập thể {}", c.who.name),
                }),
                text(&c.who.unit),
                text(&c.who.agency),
                GridCell::Int(c.dossiers),
                GridCell::Int(c.who.early),
                GridCell::Int(c.who.on_time),
                GridCell::Int(c.who.pending),
                text(why.join("\n")),
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
            col("Đơn vị", 26.0),
            col("Cơ quan", 26.0),
            col("Số hồ sơ", 8.0),
            col("Trước hạn", 8.0),
            col("Đúng hạn", 8.0),
            col("Đang giải quyết trong hạn", 10.0),
            col("Căn cứ và giải thích", 70.0),
        ],
        numbered: false,
        rows,
        dossiers: false,
        total_row: false,
        notes: vec![format!("Tiêu chí: {}.", r.commendations.settings.label_vi())],
    }
}

/// The reminder list, in the columns the check's reminder-list reader reads (Họ và tên, Đơn vị, Năm nhắc nhở, Số
/// văn bản), the agency last.
pub fn reminder_grid(r: &Rollup) -> Grid {
    let year = r.period.as_ref().map(|p| chrono::Datelike::year(&p.end)).unwrap_or_default();
    Grid {
        sheet: "Đề nghị nhắc nhở",
        file: "de-nghi-nhac-nho",
        title: format!("DANH SÁCH CÁ NHÂN, TẬP THỂ BỊ GIỚI HẠN XẾP LOẠI HOẶC TRỄ HẠN NHIỀU LẦN NĂM {year}"),
        groups: vec![],
        columns: vec![
            col("STT", 5.0),
            col("Họ và tên", 26.0),
            col("Đơn vị", 32.0),
            col("Năm nhắc nhở", 10.0),
            col("Số văn bản", 16.0),
            col("Ghi chú", 36.0),
            col("Cơ quan báo cáo", 30.0),
        ],
        numbered: false,
        rows: r
            .reminders
            .iter()
            .enumerate()
            .map(|(i, x)| {
                vec![
                    GridCell::Int(i as u32 + 1),
                    text(&x.name),
                    text(&x.unit),
                    GridCell::Year(x.year),
                    GridCell::Empty,
                    text(&x.note),
                    text(&x.agency),
                ]
            })
            .collect(),
        dossiers: false,
        total_row: false,
        notes: vec![
            "Họ và tên để trống: tập thể (đơn vị) bị nhắc nhở. Mỗi cơ quan lọc các dòng của mình (cột \"Cơ quan báo \
             cáo\") rồi đưa vào ô \"Danh sách nhắc nhở\" khi kiểm tra năm sau."
                .into(),
        ],
    }
}

fn problem_grid(r: &Rollup) -> Grid {
    Grid {
        sheet: "Vấn đề",
        file: "van-de",
        title: "CÁC BÁO CÁO CẦN XEM LẠI".into(),
        groups: vec![],
        columns: vec![
            col("STT", 5.0),
            col("Loại", 18.0),
            col("Tệp", 30.0),
            col("Cơ quan", 30.0),
            col("Nội dung", 70.0),
        ],
        numbered: false,
        rows: r
            .problems
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    GridCell::Int(i as u32 + 1),
                    text(p.kind.label_vi()),
                    text(p.files.join("\n")),
                    text(p.agencies.join("\n")),
                    text(&p.message.vi),
                ]
            })
            .collect(),
        dossiers: false,
        total_row: false,
        notes: vec![],
    }
}

/// Every table of the roll-up, in print order.
pub fn grids(r: &Rollup) -> Vec<Grid> {
    vec![province_grid(r), field_grid(r), ranking_grid(r), commendation_grid(r), reminder_grid(r), problem_grid(r)]
}

/// The lines the roll-up states about itself, under each sheet's title.
pub fn provenance(r: &Rollup) -> Vec<String> {
    let mut lines = vec![format!(
        "Kỳ báo cáo: {}",
        r.period.as_ref().map(|p| p.label.as_str()).unwrap_or("(không đọc được báo cáo nào)")
    )];
    let summed = r.included().count();
    let mut l = format!("Lập bằng Đúng Hẹn {} · tổng hợp {summed}/{} báo cáo", r.app_version, r.reports().count());
    if let Some(rs) = &r.rule_set {
        l.push_str(&format!(" · bộ quy tắc {} (phiên bản {})", rs.id, rs.version));
    }
    lines.push(l);
    let as_of: Vec<String> = {
        let mut d: Vec<_> = r.included().map(|a| a.provenance.as_of).collect();
        d.sort();
        d.dedup();
        d.into_iter().map(fmt_date).collect()
    };
    if !as_of.is_empty() {
        lines.push(format!("Ngày đánh giá của các báo cáo: {}", as_of.join(", ")));
    }
    if !r.problems.is_empty() {
        lines.push(format!("{} vấn đề cần xem lại: xem trang \"Vấn đề\".", r.problems.len()));
    }
    lines
}

/// The roll-up as an xlsx workbook: one sheet per table, then the very hidden sheet holding its JSON (so that a
/// roll-up of roll-ups reads it back).
pub fn to_xlsx(r: &Rollup, head: &Letterhead) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let created = r.agencies.iter().map(|a| a.provenance.as_of).max().unwrap_or_default();
    let json = String::from_utf8(serde_json::to_vec(r).unwrap_or_default()).unwrap_or_default();
    crate::export::grids_to_xlsx(
        &grids(r),
        head,
        &provenance(r),
        "Đúng Hẹn — tổng hợp kết quả giải quyết hồ sơ",
        created,
        Some(&json),
    )
}

/// The province table as CSV (UTF-8 with BOM; text a spreadsheet would run made inert).
pub fn to_csv(r: &Rollup) -> Vec<u8> {
    crate::export::grid_csv(&province_grid(r))
}

/// "66,7": a rate as the print view shows it.
pub fn rate_vi(x: Option<f64>) -> String {
    x.map(dec_vi).unwrap_or_else(|| "—".into())
}
