//! The report as the page sees it after a check: the summary and inputs of the `dunghen.report/1` contract,
//! without its lists of dossiers, rejected rows and assessments (the worker keeps the report; the page asks it
//! for the tables one page at a time, [`query`](super::query), and for "why?" one row at a time), in a shape that
//! both serialises in the worker and deserialises in the page. Its size does not grow with the number of
//! dossiers or officers.

use super::tour::{self, TourStep};
use crate::model::Text;
use crate::report::{Report, Summary};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewInput {
    pub kind: String,
    pub file: String,
    pub format: String,
    pub sheet: String,
    pub header_row: u32,
    pub rows: u32,
    pub records: u32,
    pub rejected: u32,
    pub warnings: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewReport {
    pub as_of: String,
    pub assessment_year: i32,
    pub profile: String,
    /// The rule set's id ("binh-dinh-2023"): the embedded element's `dunghen-checked` event names it.
    #[serde(default)]
    pub profile_id: String,
    pub provisional_years: Vec<i32>,
    /// How the rule set was chosen (by the assessment year, or by the user), the years it covers and the document
    /// it is carried forward by, if any: what the results screen and the print view say of it.
    #[serde(default)]
    pub profile_about: Text,
    /// Nghị định 335/2025: how many score rows the worker holds (months, quarters, year; officers and units), and
    /// the flags on proposed ratings, each as a sentence.
    #[serde(default)]
    pub scores: usize,
    #[serde(default)]
    pub score_flags: Vec<Text>,
    /// Each line of the renamed units list: the match made ("Phòng X → Phòng Y từ 01/07/2025 (dòng 2…)"), or why
    /// none was.
    #[serde(default)]
    pub renames: Vec<Text>,
    pub inputs: Vec<ViewInput>,
    /// The report's summary, as the contract gives it (it crosses from the worker to the page as is).
    pub summary: Summary,
    /// The first [`CONFLICTS_SHOWN`] conflicts between duplicate rows (`summary.conflicts` counts them all).
    pub conflicts: Vec<Text>,
    /// The training tour's steps, each pointing at a row of this report.
    pub tour: Vec<TourStep>,
}

/// Conflicts listed on the results screen; the exports have them all.
pub const CONFLICTS_SHOWN: usize = 100;

impl ViewReport {
    pub fn from_report(r: &Report) -> ViewReport {
        let s = &r.summary;
        ViewReport {
            as_of: r.as_of.to_string(),
            assessment_year: r.assessment_year,
            profile: format!("{} ({})", r.profile.name, r.profile.version),
            profile_id: r.profile.id.clone(),
            provisional_years: r.provisional_years.clone(),
            profile_about: Text::new(
                r.profile.describe_vi(r.assessment_year),
                r.profile.describe_en(r.assessment_year),
            ),
            scores: r.scores.len(),
            renames: r.renames.iter().map(|m| Text::new(&m.message, &m.message_en)).collect(),
            score_flags: r
                .score_flags
                .iter()
                .map(|f| {
                    let who = if f.name.is_empty() {
                        f.unit.display.clone()
                    } else {
                        format!("{} ({})", f.name.display, f.unit.display)
                    };
                    Text::new(format!("{who}: {}", f.message.vi), format!("{who}: {}", f.message.en))
                })
                .collect(),
            inputs: r
                .inputs
                .iter()
                .map(|i| ViewInput {
                    kind: i.kind.to_string(),
                    file: i.file.clone(),
                    format: i.format.clone(),
                    sheet: i.sheet.clone(),
                    header_row: i.header_row,
                    rows: i.rows,
                    records: i.dossiers,
                    rejected: i.rejected,
                    warnings: i.warnings.iter().map(|m| Text::new(m.vi.clone(), m.en.clone())).collect(),
                })
                .collect(),
            summary: s.clone(),
            conflicts: r
                .conflicts
                .iter()
                .take(CONFLICTS_SHOWN)
                .map(|c| Text::new(c.message.clone(), c.message_en.clone()))
                .collect(),
            tour: tour::steps(r),
        }
    }
}
