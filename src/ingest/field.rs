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
            .or_else(|| SYNONYMS.iter().find_map(|(f, words)| words.iter().any(|w| fold_key(w) == key).then_some(*f)))
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

/// Header texts seen in real exports (RULES.md §2) plus common variants. Matching folds diacritics, case and
/// punctuation; a synonym of two words or more also matches inside a longer header (the longest wins), so
/// "Ngày hẹn trả kết quả" is a due date while "Ngày trả kết quả" is the returned date.
pub(crate) const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Code,
        &[
            "Mã hồ sơ",
            "Số hồ sơ",
            "Số biên nhận",
            "Mã biên nhận",
            "Mã HS",
            "Số HS",
            "Mã số hồ sơ",
            "Số biên nhận hồ sơ",
            "code",
            "dossier code",
        ],
    ),
    (
        Field::Procedure,
        &[
            "Tên thủ tục",
            "Tên TTHC",
            "Thủ tục",
            "Mã thủ tục",
            "Tên thủ tục hành chính",
            "Thủ tục hành chính",
            "TTHC",
            "procedure",
        ],
    ),
    (Field::FieldOfWork, &["Lĩnh vực", "Tên lĩnh vực", "Lĩnh vực giải quyết"]),
    (
        Field::Unit,
        &[
            "Cơ quan thụ lý",
            "Cơ quan chủ trì giải quyết",
            "Cơ quan giải quyết",
            "Đơn vị",
            "Đơn vị xử lý",
            "Đơn vị thụ lý",
            "Đơn vị giải quyết",
            "Phòng ban",
            "Phòng ban xử lý",
            "Phòng chuyên môn",
            "Cơ quan xử lý",
            "unit",
        ],
    ),
    (
        Field::Officer,
        &[
            "Cán bộ xử lý",
            "Người xử lý",
            "Cán bộ thụ lý",
            "Chuyên viên",
            "Chuyên viên xử lý",
            "Chuyên viên thụ lý",
            "Cán bộ giải quyết",
            "Người thụ lý",
            "officer",
        ],
    ),
    (
        Field::Received,
        &[
            "Ngày tiếp nhận",
            "Ngày nhận",
            "Nhận hồ sơ",
            "Ngày nhận hồ sơ",
            "Thời gian tiếp nhận",
            "Ngày nộp",
            "Ngày tiếp nhận hồ sơ",
            "received",
        ],
    ),
    (
        Field::Due,
        &[
            "Ngày hẹn trả",
            "Hẹn trả kết quả",
            "Hạn xử lý",
            "Ngày hẹn",
            "Hạn giải quyết",
            "Ngày hẹn trả kết quả",
            "Hạn trả kết quả",
            "Ngày hết hạn",
            "Hạn hoàn thành",
            "Thời hạn trả kết quả",
            "due",
            "due date",
        ],
    ),
    (
        Field::ExtendedDue,
        &[
            "Ngày gia hạn",
            "Ngày hẹn lại",
            "Gia hạn đến",
            "Hẹn lại ngày trả",
            "Ngày hẹn trả lại",
            "Hạn mới",
            "extended due",
        ],
    ),
    (
        Field::Finished,
        &[
            "Ngày hoàn thành",
            "Ngày có kết quả",
            "Ngày kết thúc xử lý",
            "Ngày xử lý xong",
            "Ngày hoàn thành xử lý",
            "Ngày kết thúc",
            "finished",
        ],
    ),
    (Field::Returned, &["Ngày trả", "Ngày trả kết quả", "Trả kết quả", "Ngày trả hồ sơ", "Ngày đã trả", "returned"]),
    (
        Field::Status,
        &["Trạng thái", "Tình trạng", "Trạng thái hồ sơ", "Tình trạng hồ sơ", "Tình trạng xử lý", "status"],
    ),
    (
        Field::Channel,
        &[
            "Hình thức nộp",
            "Trực tuyến",
            "Hình thức tiếp nhận",
            "Kênh nộp",
            "Hình thức nộp hồ sơ",
            "Kênh tiếp nhận",
            "Hình thức",
            "channel",
        ],
    ),
    (
        Field::StatutoryDays,
        &[
            "Thời hạn giải quyết",
            "Số ngày giải quyết",
            "Thời hạn giải quyết theo quy định",
            "Số ngày quy định",
            "Thời gian giải quyết",
            "statutory days",
        ],
    ),
    (Field::Apology, &["Xin lỗi", "Phiếu xin lỗi", "Đã xin lỗi", "Văn bản xin lỗi", "Thư xin lỗi", "apology"]),
];

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
}
