//! The dossier fields a log's columns can feed, their names, and the header synonyms that name them.

use crate::model::fold_key;
use serde::{Serialize, Serializer};
use std::fmt;

/// A dossier field a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Code,
    Procedure,
    FieldOfWork,
    Unit,
    Officer,
    Received,
    Due,
    ExtendedDue,
    Finished,
    Returned,
    Status,
    Channel,
    StatutoryDays,
    Apology,
}

impl Field {
    pub const ALL: [Field; 14] = [
        Field::Code,
        Field::Procedure,
        Field::FieldOfWork,
        Field::Unit,
        Field::Officer,
        Field::Received,
        Field::Due,
        Field::ExtendedDue,
        Field::Finished,
        Field::Returned,
        Field::Status,
        Field::Channel,
        Field::StatutoryDays,
        Field::Apology,
    ];

    /// snake_case name used on the command line (`--map due="Hạn xử lý"`) and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Procedure => "procedure",
            Field::FieldOfWork => "field",
            Field::Unit => "unit",
            Field::Officer => "officer",
            Field::Received => "received",
            Field::Due => "due",
            Field::ExtendedDue => "extended_due",
            Field::Finished => "finished",
            Field::Returned => "returned",
            Field::Status => "status",
            Field::Channel => "channel",
            Field::StatutoryDays => "statutory_days",
            Field::Apology => "apology",
        }
    }

    /// The usual Vietnamese header, used in messages.
    pub fn label_vi(self) -> &'static str {
        match self {
            Field::Code => "Mã hồ sơ",
            Field::Procedure => "Tên thủ tục",
            Field::FieldOfWork => "Lĩnh vực",
            Field::Unit => "Cơ quan thụ lý",
            Field::Officer => "Cán bộ xử lý",
            Field::Received => "Ngày tiếp nhận",
            Field::Due => "Ngày hẹn trả",
            Field::ExtendedDue => "Ngày hẹn lại",
            Field::Finished => "Ngày hoàn thành",
            Field::Returned => "Ngày trả kết quả",
            Field::Status => "Trạng thái",
            Field::Channel => "Hình thức nộp",
            Field::StatutoryDays => "Thời hạn giải quyết",
            Field::Apology => "Phiếu xin lỗi",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Field::Code => "Dossier code",
            Field::Procedure => "Procedure",
            Field::FieldOfWork => "Field of work",
            Field::Unit => "Unit",
            Field::Officer => "Officer",
            Field::Received => "Received date",
            Field::Due => "Due date",
            Field::ExtendedDue => "Extended due date",
            Field::Finished => "Finished date",
            Field::Returned => "Returned date",
            Field::Status => "Status",
            Field::Channel => "Channel",
            Field::StatutoryDays => "Statutory time",
            Field::Apology => "Apology",
        }
    }

    /// Whether the field holds a date.
    pub fn is_date(self) -> bool {
        matches!(self, Field::Received | Field::Due | Field::ExtendedDue | Field::Finished | Field::Returned)
    }

    /// Reads a field name as a user may type it: the snake_case name, its Vietnamese label or any header synonym,
    /// with or without diacritics ("due", "ngay_hen_tra", "Ngày hẹn trả", "han xu ly").
    pub fn parse(text: &str) -> Option<Field> {
        let key = fold_key(text);
        if key.is_empty() {
            return None;
        }
        Field::ALL
            .into_iter()
            .find(|f| fold_key(f.name()) == key || fold_key(f.label_vi()) == key || fold_key(f.label_en()) == key)
            .or_else(|| {
                dictionary()
                    .iter()
                    .find_map(|(f, w, fallback)| (!fallback && fold_key(w) == key).then_some(*f))
                    .flatten()
            })
            .or(match key.as_str() {
                "field of work" | "linh vuc" | "field" => Some(Field::FieldOfWork),
                "statutory" | "days" => Some(Field::StatutoryDays),
                _ => None,
            })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The header dictionary, kept as data (`data/headers.toml`): every wording with its field and where it comes from.
const HEADERS_TOML: &str = include_str!("../../data/headers.toml");

/// One wording of the dictionary: the field it names (`None`: none), the text, and whether it is a fallback (a
/// receiving desk for the unit, the officer now handling for the officer: used only when no column names the field).
pub(crate) type Wording = (Option<Field>, &'static str, bool);

#[derive(serde::Deserialize)]
struct HeadersFile {
    entry: Vec<HeadersEntry>,
}

#[derive(serde::Deserialize)]
struct HeadersEntry {
    field: String,
    source: String,
    texts: Vec<String>,
}

/// Each wording of the dictionary with its field (desk and officer-now-handling wordings under the unit and the
/// officer) and where it comes from.
pub(crate) fn sourced() -> &'static [(Option<Field>, &'static str, &'static str)] {
    static SOURCED: std::sync::OnceLock<Vec<(Option<Field>, &'static str, &'static str)>> = std::sync::OnceLock::new();
    SOURCED.get_or_init(|| {
        let Ok(file) = toml::from_str::<HeadersFile>(HEADERS_TOML) else { return Vec::new() };
        let mut out = Vec::new();
        for e in file.entry {
            let field = match e.field.as_str() {
                "desk" => Some(Field::Unit),
                "current_officer" => Some(Field::Officer),
                name => Field::ALL.into_iter().find(|f| f.name() == name),
            };
            // Leaked once per process, as the dictionary is.
            let source: &'static str = Box::leak(e.source.into_boxed_str());
            for t in e.texts {
                out.push((field, &*Box::leak(t.into_boxed_str()), source));
            }
        }
        out
    })
}

/// The header dictionary, parsed once (a test checks that the data parses and names known fields).
pub(crate) fn dictionary() -> &'static [Wording] {
    static DICT: std::sync::OnceLock<Vec<Wording>> = std::sync::OnceLock::new();
    DICT.get_or_init(|| parse_dictionary(HEADERS_TOML).unwrap_or_default())
}

fn parse_dictionary(text: &str) -> Result<Vec<Wording>, String> {
    let file: HeadersFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for e in file.entry {
        let (field, fallback) = match e.field.as_str() {
            "none" => (None, false),
            "desk" => (Some(Field::Unit), true),
            "current_officer" => (Some(Field::Officer), true),
            name => {
                (Some(Field::ALL.into_iter().find(|f| f.name() == name).ok_or(format!("unknown field {name}"))?), false)
            }
        };
        for t in e.texts {
            // Leaked once per process: the dictionary lives as long as the program.
            out.push((field, &*Box::leak(t.into_boxed_str()), fallback));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_parse_every_way() {
        assert_eq!(Field::parse("due"), Some(Field::Due));
        assert_eq!(Field::parse("ngay_hen_tra"), Some(Field::Due));
        assert_eq!(Field::parse("Hạn xử lý"), Some(Field::Due));
        assert_eq!(Field::parse("extended_due"), Some(Field::ExtendedDue));
        assert_eq!(Field::parse("STATUTORY_DAYS"), Some(Field::StatutoryDays));
        assert_eq!(Field::parse("field"), Some(Field::FieldOfWork));
        assert_eq!(Field::parse("lĩnh vực"), Some(Field::FieldOfWork));
        assert_eq!(Field::parse("xyz"), None);
        for f in Field::ALL {
            assert_eq!(Field::parse(f.name()), Some(f));
        }
    }

    #[test]
    fn the_dictionary_data_parses_and_cites_its_sources() {
        let parsed = parse_dictionary(HEADERS_TOML).unwrap_or_else(|e| panic!("data/headers.toml: {e}"));
        assert!(parsed.len() > 100);
        let file: HeadersFile = toml::from_str(HEADERS_TOML).unwrap_or_else(|e| panic!("{e}"));
        assert!(file.entry.iter().all(|e| !e.source.trim().is_empty() && !e.texts.is_empty()));
        // Every field has wordings.
        for f in Field::ALL {
            assert!(parsed.iter().any(|(k, _, _)| *k == Some(f)), "{f}");
        }
    }
}
