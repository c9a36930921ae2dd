//! What a roll-up lists instead of summing silently: each problem with its kind, the files and agencies concerned,
//! and a sentence in Vietnamese and English.

use crate::model::Text;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Not a Đúng Hẹn report or roll-up (or damaged): nothing of it is summed.
    Unreadable,
    /// A report for another period than the roll-up's (and not the same period a year earlier): not summed.
    PeriodMismatch,
    /// Judged by another rule set (id, version or values) than most reports: not summed.
    RuleSetMismatch,
    /// Judged on another working-day calendar than most reports: not summed.
    CalendarMismatch,
    /// A second report of the same agency and period: the first is summed, this one is not.
    DuplicateAgency,
    /// A report made from a dossier log another summed report was made from too: not summed.
    Overlapping,
    /// The same dossier code in two agencies' reports: both are summed; the agencies should check it.
    DuplicateDossierCode,
    /// The figures do not match their seal (changed after the check), or carry none: summed, and marked.
    Edited,
    /// An agency of the expected list with no report.
    MissingAgency,
}

impl ProblemKind {
    /// "Khác kỳ báo cáo"…: how the tables name the kind.
    pub fn label_vi(self) -> &'static str {
        match self {
            ProblemKind::Unreadable => "Không đọc được",
            ProblemKind::PeriodMismatch => "Khác kỳ báo cáo",
            ProblemKind::RuleSetMismatch => "Khác bộ quy tắc",
            ProblemKind::CalendarMismatch => "Khác lịch ngày làm việc",
            ProblemKind::DuplicateAgency => "Trùng cơ quan",
            ProblemKind::Overlapping => "Trùng sổ hồ sơ",
            ProblemKind::DuplicateDossierCode => "Trùng mã hồ sơ",
            ProblemKind::Edited => "Số liệu bị sửa",
            ProblemKind::MissingAgency => "Thiếu báo cáo",
        }
    }

    /// Whether the reports concerned are left out of the totals.
    pub fn excludes(self) -> bool {
        matches!(
            self,
            ProblemKind::Unreadable
                | ProblemKind::PeriodMismatch
                | ProblemKind::RuleSetMismatch
                | ProblemKind::CalendarMismatch
                | ProblemKind::DuplicateAgency
                | ProblemKind::Overlapping
        )
    }
}

/// One problem of a roll-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    /// The input files concerned.
    pub files: Vec<String>,
    /// The agencies concerned, as their reports name them.
    pub agencies: Vec<String>,
    pub message: Text,
}

impl Problem {
    pub fn new(kind: ProblemKind, files: Vec<String>, agencies: Vec<String>, message: Text) -> Problem {
        Problem { kind, files, agencies, message }
    }
}
