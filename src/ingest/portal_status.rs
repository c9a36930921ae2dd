//! The national public service portal's dossier status codes (`TrangThaiHoSo`: 1 Mới đăng ký … 8 Dừng xử lý …
//! 10 Đã trả kết quả), kept as data (`data/portal_status.toml`, each code with where it comes from). A status cell
//! that holds one of these codes is read as its name, and the table says so.

use super::source::Cell;
use crate::model::Text;

const PORTAL_STATUS_TOML: &str = include_str!("../../data/portal_status.toml");

/// One status code of the portal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortalStatus {
    pub code: String,
    /// The name the portal gives it ("Dừng xử lý").
    pub name: String,
    pub en: String,
    /// How the rules read the name: pending, paused, stopped or result.
    pub reads_as: String,
    pub source: String,
    pub sureness: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusFile {
    status: Vec<PortalStatus>,
}

fn parse(text: &str) -> Result<Vec<PortalStatus>, String> {
    let file: StatusFile = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(file.status)
}

/// Every code of the portal, parsed once (a test checks that the data parses).
pub fn portal_statuses() -> &'static [PortalStatus] {
    static CODES: std::sync::OnceLock<Vec<PortalStatus>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| parse(PORTAL_STATUS_TOML).unwrap_or_default())
}

/// The index in [`portal_statuses`] of the code a status cell holds: a whole number written as text ("8", " 8 ")
/// or as a number cell (8). `None` for anything else, names included.
pub(crate) fn code_of(cell: &Cell) -> Option<usize> {
    let codes = portal_statuses();
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && (0.0..1000.0).contains(n) => {
            let n = *n as u32;
            codes.iter().position(|s| s.code.parse::<u32>() == Ok(n))
        }
        _ => {
            let code = cell.text()?.trim();
            if code.is_empty() || code.len() > 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            codes.iter().position(|s| s.code == code)
        }
    }
}

/// "Trạng thái '8' → Dừng xử lý (mã trạng thái hồ sơ của Cổng Dịch vụ công quốc gia)".
pub(crate) fn note(index: usize) -> Text {
    let s = &portal_statuses()[index];
    Text::new(
        format!("Trạng thái '{}' → {} (mã trạng thái hồ sơ của Cổng Dịch vụ công quốc gia)", s.code, s.name),
        format!(
            "Status '{}' → {} ({}: a dossier status code of the national public service portal)",
            s.code, s.name, s.en
        ),
    )
}

/// Whether a reader's note is [`note`]'s (told once per code, however the log was read).
pub(crate) fn is_note(vi: &str) -> bool {
    vi.starts_with("Trạng thái '") && vi.ends_with("(mã trạng thái hồ sơ của Cổng Dịch vụ công quốc gia)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portal_codes_parse_and_cite_their_sources() {
        let codes = parse(PORTAL_STATUS_TOML).unwrap_or_else(|e| panic!("data/portal_status.toml: {e}"));
        let listed: Vec<&str> = codes.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(listed, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
        for s in &codes {
            assert!(!s.source.trim().is_empty() && !s.sureness.is_empty(), "{}", s.code);
            assert!(["pending", "paused", "stopped", "result"].contains(&s.reads_as.as_str()), "{}", s.code);
        }
    }

    #[test]
    fn codes_are_whole_numbers_in_text_or_number_cells() {
        let name = |c: Cell| code_of(&c).map(|i| portal_statuses()[i].name.as_str());
        assert_eq!(name(Cell::Text(" 8 ".into())), Some("Dừng xử lý"));
        assert_eq!(name(Cell::Number(10.0)), Some("Đã trả kết quả"));
        assert_eq!(name(Cell::Number(5.0)), Some("Yêu cầu bổ sung giấy tờ"));
        assert_eq!(name(Cell::Number(4.5)), None);
        assert_eq!(name(Cell::Text("11".into())), None);
        assert_eq!(name(Cell::Text("08".into())), None);
        assert_eq!(name(Cell::Text("Đang xử lý".into())), None);
        assert_eq!(note(7).vi, "Trạng thái '8' → Dừng xử lý (mã trạng thái hồ sơ của Cổng Dịch vụ công quốc gia)");
        assert!(is_note(&note(0).vi));
    }
}
