//! One input of a roll-up, bytes → the reports it holds: a report's JSON (`dunghen.report/1`), a report's xlsx
//! (its very hidden sheet "dunghen"), or a previous roll-up (`dunghen.rollup/1`, whose agencies are taken as
//! inputs). Anything else is a sentence saying what the file is not; nothing here panics on user bytes.

use crate::model::Text;
use crate::report::provenance::Provenance;
use crate::report::seal::{self, Figures};
use serde::Deserialize;
use serde_json::Value;

/// The contract of a roll-up's JSON.
pub const FORMAT: &str = "dunghen.rollup/1";

/// Whether a report's figures are as the check sealed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Seal {
    /// The SHA-256 of the provenance and figures matches the seal.
    Intact,
    /// It does not: the figures, the provenance or the seal were changed after the check.
    Edited,
    /// The report carries no seal (`figures_sha256` missing).
    Unsealed,
}

/// One agency's report as read: where it came from, its provenance and figures, and its seal.
#[derive(Debug, Clone)]
pub struct Read {
    /// The input file's name.
    pub file: String,
    /// The roll-up it was taken from, when it came from one.
    pub via: Option<String>,
    pub provenance: Provenance,
    pub figures: Figures,
    pub seal: Seal,
}

/// The part of a report or roll-up a roll-up reads; every other field is skipped unread.
#[derive(Deserialize)]
struct Doc {
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    provenance: Option<Value>,
    #[serde(default)]
    figures: Option<Value>,
    #[serde(default)]
    agencies: Option<Vec<AgencyDoc>>,
}

#[derive(Deserialize)]
struct AgencyDoc {
    #[serde(default)]
    file: String,
    provenance: Value,
    figures: Value,
}

/// The reports in `bytes` (one, or a roll-up's many), or why there are none.
pub fn read(name: &str, bytes: &[u8]) -> Result<Vec<Read>, Text> {
    let json = if bytes.starts_with(b"PK\x03\x04") { hidden_sheet(name, bytes)? } else { text(name, bytes)? };
    let doc: Doc = serde_json::from_str(&json).map_err(|e| {
        Text::new(
            format!("Tệp {name} không phải báo cáo JSON của Đúng Hẹn (lỗi đọc JSON: {e})."),
            format!("{name} is not a Đúng Hẹn JSON report (JSON error: {e})."),
        )
    })?;
    let kind = doc.schema.as_deref().or(doc.format.as_deref()).unwrap_or_default();
    match kind {
        crate::report::SCHEMA => {
            let (Some(p), Some(f)) = (doc.provenance, doc.figures) else {
                return Err(Text::new(
                    format!(
                        "Báo cáo {name} không có phần số liệu theo kỳ (figures): hãy xuất lại báo cáo từ Đúng Hẹn \
                         (JSON hoặc xlsx) cho một kỳ báo cáo."
                    ),
                    format!("The report {name} has no period figures: export it again from Đúng Hẹn for a period."),
                ));
            };
            Ok(vec![one(name, None, p, f)?])
        }
        FORMAT => doc
            .agencies
            .unwrap_or_default()
            .into_iter()
            .map(|a| {
                let file = if a.file.is_empty() { name.to_string() } else { a.file };
                one(&file, Some(name), a.provenance, a.figures)
            })
            .collect(),
        other => Err(Text::new(
            format!(
                "Tệp {name} không phải báo cáo của Đúng Hẹn (dunghen.report/1) hay bảng tổng hợp (dunghen.rollup/1){}.",
                if other.is_empty() { String::new() } else { format!(": định dạng '{other}'") }
            ),
            format!(
                "{name} is not a Đúng Hẹn report (dunghen.report/1) or roll-up (dunghen.rollup/1){}.",
                if other.is_empty() { String::new() } else { format!(": format '{other}'") }
            ),
        )),
    }
}

/// One report from its provenance and figures, its seal checked on the values as they were in the file.
fn one(file: &str, via: Option<&str>, p: Value, f: Value) -> Result<Read, Text> {
    let seal = match seal::verify(&serde_json::json!({ "provenance": &p, "figures": &f })) {
        Some(true) => Seal::Intact,
        Some(false) => Seal::Edited,
        None => Seal::Unsealed,
    };
    let bad = |what: &str, e: serde_json::Error| {
        Text::new(
            format!("Báo cáo {file}: phần {what} không đúng định dạng của Đúng Hẹn ({e})."),
            format!("The report {file}: its {what} is not in Đúng Hẹn's format ({e})."),
        )
    };
    let provenance: Provenance = serde_json::from_value(p).map_err(|e| bad("provenance", e))?;
    let figures: Figures = serde_json::from_value(f).map_err(|e| bad("figures", e))?;
    if provenance.period.is_none() {
        return Err(Text::new(
            format!("Báo cáo {file} không ghi kỳ báo cáo: không thể tổng hợp."),
            format!("The report {file} names no period: it cannot be rolled up."),
        ));
    }
    Ok(Read { file: file.to_string(), via: via.map(str::to_string), provenance, figures, seal })
}

fn text(name: &str, bytes: &[u8]) -> Result<String, Text> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_none_or(|i| bytes[i] != b'{') {
        return Err(Text::new(
            format!(
                "Tệp {name} không phải báo cáo của Đúng Hẹn (JSON hoặc xlsx): nếu đây là sổ hồ sơ, hãy kiểm tra nó \
                 trước rồi tổng hợp báo cáo."
            ),
            format!("{name} is not a Đúng Hẹn report (JSON or xlsx): if it is a dossier log, check it first."),
        ));
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        Text::new(
            format!("Tệp {name} không phải văn bản UTF-8: không phải báo cáo JSON của Đúng Hẹn."),
            format!("{name} is not UTF-8 text: not a Đúng Hẹn JSON report."),
        )
    })
}

/// The JSON a report's xlsx holds in its very hidden sheet, column A's cells joined in row order.
fn hidden_sheet(name: &str, bytes: &[u8]) -> Result<String, Text> {
    use calamine::{Reader, Xlsx};
    let not_ours = || {
        Text::new(
            format!(
                "Tệp {name} không có trang ẩn \"{}\" của Đúng Hẹn: không phải báo cáo xlsx do Đúng Hẹn lập (nếu là \
                 sổ hồ sơ, hãy kiểm tra nó trước).",
                crate::export::MACHINE_SHEET
            ),
            format!(
                "{name} has no Đúng Hẹn hidden sheet \"{}\": not a report Đúng Hẹn wrote (if it is a dossier log, \
                 check it first).",
                crate::export::MACHINE_SHEET
            ),
        )
    };
    let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Text::new(format!("Không mở được tệp xlsx {name}: {e}."), format!("Cannot open the xlsx file {name}: {e}."))
    })?;
    let range = x.worksheet_range(crate::export::MACHINE_SHEET).map_err(|_| not_ours())?;
    let json: String = range.rows().filter_map(|r| r.first()).map(|c| c.to_string()).collect();
    if json.is_empty() {
        return Err(not_ours());
    }
    Ok(json)
}
