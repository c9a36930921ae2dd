//! The page's Tổng hợp (roll-up) mode (issue 21): what the worker hands the page after rolling up the agencies'
//! reports (`rollup::roll_up`), as plain data the results screen shows: the province table (one line per report,
//! summed or not, and the total), the problems first, the commendation list with its evidence and the province's
//! reminder list. The roll-up itself stays in the worker for the exports.

use crate::model::Text;
use crate::report::commendation::Who;
use crate::report::tables::ResultsRow;
use crate::report::Summary;
use crate::rollup::{Rollup, Seal};
use serde::{Deserialize, Serialize};

/// One line of the province table: a report's agency, or the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyLine {
    /// The agency's name (the total's: "Tổng cộng").
    pub name: String,
    /// The report's file (empty for the total).
    pub file: String,
    /// Summed into the total (false: a problem names it).
    pub included: bool,
    /// The figures do not match their seal (changed after the check) or carry none.
    pub edited: bool,
    pub results: ResultsRow,
    pub late_without_apology: u32,
    pub capped: u32,
    pub at_risk: u32,
    pub violations: u32,
    /// Its rank by on-time rate among the summed agencies (1 = best).
    pub rank: Option<u32>,
    /// The on-time rate of the same period last year, when that report was given.
    pub last_year_rate: Option<f64>,
}

/// One problem: what kind, the files and agencies concerned, and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemLine {
    /// The contract's code: "edited", "period_mismatch"…
    pub kind: String,
    /// "Số liệu bị sửa"…
    pub label: String,
    /// Whether the reports concerned are left out of the totals.
    pub excluded: bool,
    pub files: Vec<String>,
    pub agencies: Vec<String>,
    pub message: Text,
}

/// One line of the province's commendation list, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommendLine {
    pub agency: String,
    /// "Nguyễn Văn An" or "Tập thể Phòng Tư pháp".
    pub name: String,
    pub unit: String,
    pub dossiers: u32,
    pub early: u32,
    pub on_time: u32,
    pub pending: u32,
    /// "01/2023, 03/2023"
    pub months: String,
    /// The "why?" of the line, step by step.
    pub why: Vec<Text>,
}

/// One line of the province's reminder list for next year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReminderLine {
    pub agency: String,
    pub name: String,
    pub unit: String,
    pub year: i32,
    pub late: u32,
    pub capped: bool,
    pub note: String,
}

/// The roll-up as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvinceView {
    /// "Năm 2023 (từ 01/01/2023 đến 31/12/2023)"; empty when no report could be read.
    pub period: String,
    /// "Bình Định 2023 (binh-dinh-2023, 1)"
    pub rule_set: String,
    /// Files given, reports read, reports summed.
    pub files: u32,
    pub reports: u32,
    pub included: u32,
    /// The check's summary fields summed over the summed reports.
    pub summary: Summary,
    pub agencies: Vec<AgencyLine>,
    pub total: AgencyLine,
    pub problems: Vec<ProblemLine>,
    /// The criteria of the commendation list.
    pub commend_criteria: Text,
    pub commendations: Vec<CommendLine>,
    pub reminders: Vec<ReminderLine>,
}

/// "01/2023, 03/2023"
fn months(months: &[String]) -> String {
    let shown: Vec<String> =
        months.iter().map(|m| m.split_once('-').map(|(y, mm)| format!("{mm}/{y}")).unwrap_or_default()).collect();
    shown.join(", ")
}

fn line(name: String, file: String, row: &crate::rollup::AgencyRow) -> AgencyLine {
    AgencyLine {
        name,
        file,
        included: true,
        edited: false,
        results: row.results.clone(),
        late_without_apology: row.late_without_apology,
        capped: row.capped_officers + row.capped_units,
        at_risk: row.at_risk,
        violations: row.violations,
        rank: None,
        last_year_rate: None,
    }
}

impl ProvinceView {
    pub fn of(r: &Rollup) -> ProvinceView {
        let agencies = r
            .agencies
            .iter()
            .map(|a| AgencyLine {
                included: a.included,
                edited: a.seal != Seal::Intact,
                rank: a.rank,
                last_year_rate: a.last_year.as_ref().and_then(|l| l.results.on_time_rate),
                ..line(a.row.results.name.clone(), a.file.clone(), &a.row)
            })
            .collect();
        let total = AgencyLine {
            last_year_rate: r.last_year_total.as_ref().and_then(|l| l.results.on_time_rate),
            ..line("Tổng cộng".into(), String::new(), &r.total)
        };
        let problems = r
            .problems
            .iter()
            .map(|p| ProblemLine {
                kind: serde_json::to_value(p.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                label: p.kind.label_vi().to_string(),
                excluded: p.kind.excludes(),
                files: p.files.clone(),
                agencies: p.agencies.clone(),
                message: p.message.clone(),
            })
            .collect();
        let s = &r.commendations.settings;
        let commendations = r
            .commendations
            .list
            .iter()
            .map(|c| CommendLine {
                agency: c.who.agency.clone(),
                name: match c.who.kind {
                    Who::Officer => c.who.name.clone(),
                    Who::Unit => format!("Tập thể {}", c.who.name),
                },
                unit: c.who.unit.clone(),
                dossiers: c.dossiers,
                early: c.who.early,
                on_time: c.who.on_time,
                pending: c.who.pending,
                months: months(&c.who.months),
                why: c.explanation.steps.clone(),
            })
            .collect();
        let reminders = r
            .reminders
            .iter()
            .map(|x| ReminderLine {
                agency: x.agency.clone(),
                name: if x.name.is_empty() { format!("Tập thể {}", x.unit) } else { x.name.clone() },
                unit: x.unit.clone(),
                year: x.year,
                late: x.late,
                capped: x.capped,
                note: x.note.clone(),
            })
            .collect();
        ProvinceView {
            period: r.period.as_ref().map(|p| p.label.clone()).unwrap_or_default(),
            rule_set: r.rule_set.as_ref().map(|x| format!("{} ({}, {})", x.name, x.id, x.version)).unwrap_or_default(),
            files: r.files.len() as u32,
            reports: r.agencies.len() as u32,
            included: r.included().count() as u32,
            summary: r.summary.clone(),
            agencies,
            total,
            problems,
            commend_criteria: Text::new(s.label_vi(), s.label_en()),
            commendations,
            reminders,
        }
    }
}
