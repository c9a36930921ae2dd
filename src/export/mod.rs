//! Report → bytes: a readable Vietnamese text summary, the JSON contract, a CSV of the dossier list (UTF-8 with
//! BOM so that Excel shows Vietnamese correctly) and an xlsx workbook with one sheet per table.

mod text;
mod xlsx;

pub use text::to_text;
pub use xlsx::to_xlsx;

use crate::model::Moment;
use crate::report::Report;

/// The JSON report (`dunghen.report/1`), pretty-printed.
pub fn to_json(report: &Report) -> Vec<u8> {
    serde_json::to_vec_pretty(report).unwrap_or_default()
}

/// dd/mm/yyyy[ hh:mm], or empty.
fn moment_text(m: Option<Moment>) -> String {
    m.map(|m| m.display_vi()).unwrap_or_default()
}

/// The dossier list as CSV: one row per checked dossier, with where it came from.
pub fn to_csv(report: &Report) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::from("\u{feff}".as_bytes()));
    let _ = w.write_record([
        "Mã hồ sơ", "Thủ tục", "Lĩnh vực", "Đơn vị", "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành",
        "Ngày trả kết quả", "Trạng thái", "Số ngày làm việc trễ", "Xin lỗi", "Năm", "Quý", "Tạm tính", "Tệp", "Trang tính", "Dòng",
    ]);
    for d in &report.dossiers {
        let _ = w.write_record([
            d.code.as_str(),
            d.procedure.as_deref().unwrap_or(""),
            d.field.as_deref().unwrap_or(""),
            d.unit.display.as_str(),
            d.officer.display.as_str(),
            &moment_text(d.received),
            &moment_text(d.due),
            &moment_text(d.finished),
            &moment_text(d.returned),
            d.status.label_vi(),
            &d.late_working_days.to_string(),
            d.apology.label_vi(),
            &d.year.to_string(),
            &d.quarter.to_string(),
            if d.provisional { "có" } else { "" },
            d.source.file.as_str(),
            d.source.sheet.as_str(),
            &d.source.row.to_string(),
        ]);
    }
    w.into_inner().unwrap_or_default()
}
