//! The province's view (issue 21): many agencies' reports rolled up into one table, `dunghen.rollup/1`.
//!
//! [`roll_up`] reads each input ([`read`]): a report's JSON or xlsx, or an earlier roll-up, whose agencies are
//! taken as inputs (so a roll-up of roll-ups is the flat roll-up of their reports). It picks the roll-up's period
//! (the one most reports are for; on a tie the latest), then [`checks`] decides which reports are summed: those of
//! another period, rule set or calendar, a second report of the same agency and a report made from a log another
//! one was made from are listed with their problem and left out of the totals; edited reports and dossier codes
//! found in two agencies are summed and listed. Reports for the same period a year earlier stand beside their
//! agency. [`tally`] makes the totals, the table per field of work, the ranking, the commendations and the
//! reminder list.

use crate::model::Text;
use crate::report::commendation::{self, Commendation};
use crate::report::provenance::{FileDigest, PeriodRef, Provenance, RuleSetRef};
use crate::report::seal::Figures;
use crate::report::tables::ResultsRow;
use crate::report::Summary;
use serde::Serialize;

mod checks;
pub mod problem;
pub mod read;
mod tally;

pub use problem::{Problem, ProblemKind};
pub use read::{Seal, FORMAT};
pub use tally::ReminderRow;

/// One file given to the roll-up.
#[derive(Debug, Clone)]
pub struct RollupInput {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What a roll-up can be told; every field has a default.
#[derive(Debug, Clone, Default)]
pub struct RollupSettings {
    /// The commendation criteria; default: those of the built-in rule set for the period's year.
    pub commendation: Option<commendation::Settings>,
    /// The agencies expected to report (names as their reports give them, compared without case or tone marks);
    /// each one without a report is a `missing_agency` problem. Empty: no such check.
    pub expected_agencies: Vec<String>,
}

/// One agency's line: its results for the period (the Biểu II.06a counts over its units) and what the province
/// watches.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgencyRow {
    /// The agency's name (`name`), received online / in person, early / on time / late, pending within time /
    /// overdue, the on-time rate and the QĐ 766 progress score estimate.
    #[serde(flatten)]
    pub results: ResultsRow,
    /// Late dossiers due in the period without the apology letter.
    pub late_without_apology: u32,
    /// Officers and units capped below "Hoàn thành xuất sắc" (late many times after a reminder, or disciplined).
    pub capped_officers: u32,
    pub capped_units: u32,
    /// Officers and units whose proposed rating is at risk of the cap, and those in breach of it.
    pub at_risk: u32,
    pub violations: u32,
}

/// One report given to the roll-up.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyEntry {
    /// The input file; for a report taken from an earlier roll-up, the file that roll-up read.
    pub file: String,
    /// The roll-up this report was taken from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Summed into the totals (false: see the problems naming this file).
    pub included: bool,
    pub seal: Seal,
    /// The agency's line for the period.
    pub row: AgencyRow,
    /// The agency's line for the same period a year earlier, when that report was given.
    pub last_year: Option<AgencyRow>,
    /// Its rank by on-time rate among the summed agencies (1 = best); None when not summed or nothing resolved.
    pub rank: Option<u32>,
    /// The report's provenance and figures as they were read (a roll-up of this roll-up reads them again).
    pub provenance: Provenance,
    pub figures: Figures,
}

/// One line of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rank {
    pub rank: u32,
    pub agency: String,
    pub file: String,
    pub on_time_rate: Option<f64>,
    pub resolved: u32,
    /// The on-time rate of the same period last year, when given.
    pub last_year_on_time_rate: Option<f64>,
}

/// The roll-up's commendation list: the agencies' officers and units meeting the settings, each with its agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollupCommendations {
    pub settings: commendation::Settings,
    pub list: Vec<Commendation>,
}

/// A roll-up, `dunghen.rollup/1` (stable: fields are added, never renamed).
#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    /// "dunghen.rollup/1"
    pub format: &'static str,
    pub app_version: &'static str,
    /// The period rolled up; None when no report could be read.
    pub period: Option<PeriodRef>,
    /// The rule set and calendar fingerprint the summed reports share.
    pub rule_set: Option<RuleSetRef>,
    pub calendar_fingerprint: Option<String>,
    /// The roll-up's input files (kind `report` or `rollup`) with their sizes and SHA-256.
    pub files: Vec<FileDigest>,
    /// The check's summary fields summed over the summed agencies (the on-time rate made from the sums).
    pub summary: Summary,
    /// The province's line: the agencies' lines summed.
    pub total: AgencyRow,
    /// The same line for the same period last year, over the agencies whose report for it was given.
    pub last_year_total: Option<AgencyRow>,
    /// One entry per report read, summed or not, in input order.
    pub agencies: Vec<AgencyEntry>,
    /// The results per field of work over the summed agencies, and their total.
    pub by_field: Vec<ResultsRow>,
    /// The summed agencies by on-time rate, best first (those with nothing resolved last).
    pub ranking: Vec<Rank>,
    pub commendations: RollupCommendations,
    /// Next year's reminder list: officers and units capped or late many times, with their agency.
    pub reminders: Vec<ReminderRow>,
    pub problems: Vec<Problem>,
}

impl Rollup {
    /// The summed agencies.
    pub fn included(&self) -> impl Iterator<Item = &AgencyEntry> {
        self.agencies.iter().filter(|a| a.included)
    }

    /// The roll-up's JSON, `dunghen.rollup/1`.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

/// Rolls up `inputs`: never fails; what cannot be read or summed is a problem of the result.
pub fn roll_up(inputs: &[RollupInput], settings: &RollupSettings) -> Rollup {
    let mut problems = Vec::new();
    let mut files = Vec::with_capacity(inputs.len());
    let mut reads = Vec::new();
    for i in inputs {
        match read::read(&i.name, &i.bytes) {
            Ok(rs) => {
                let kind = if rs.iter().any(|r| r.via.is_some()) { "rollup" } else { "report" };
                files.push(FileDigest::of(&i.name, kind, &i.bytes));
                reads.extend(rs);
            }
            Err(message) => {
                files.push(FileDigest::of(&i.name, "unreadable", &i.bytes));
                problems.push(Problem::new(ProblemKind::Unreadable, vec![i.name.clone()], vec![], message));
            }
        }
    }
    let sorted = checks::sort(reads, settings, &mut problems);
    let mut r = tally::tally(sorted, settings, problems);
    r.files = files;
    r
}

/// "66,7 %": a percentage as the page and the text print it (decimal comma).
pub fn pct_vi(x: Option<f64>) -> String {
    x.map(|x| format!("{} %", dec_vi(x))).unwrap_or_else(|| "—".into())
}

/// One decimal with a decimal comma: "12,5".
pub fn dec_vi(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// The agency's name as the roll-up shows it: its report's, else the file's.
fn agency_name(p: &Provenance, file: &str) -> String {
    if p.agency.trim().is_empty() {
        format!("(không ghi tên cơ quan: {file})")
    } else {
        p.agency.trim().to_string()
    }
}

fn text(vi: String, en: String) -> Text {
    Text::new(vi, en)
}
