//! The report as the page sees it: the `dunghen.report/1` contract without the per-dossier explanations (the
//! worker keeps the full report and answers "why?" one row at a time), in a shape that both serialises in the
//! worker and deserialises in the page.

use crate::model::{Rating, Status};
use crate::report::{AssessmentOut, DossierOut, Report};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Msg {
    pub vi: String,
    pub en: String,
}

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
    pub warnings: Vec<Msg>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewDossier {
    /// Index into the worker's report, for "why?".
    pub idx: u32,
    pub code: String,
    pub status: Status,
    pub late: u32,
    /// ISO dates (`2023-04-28` or `2023-04-28T10:20:00`), shown dd/mm/yyyy.
    pub received: Option<String>,
    pub due: Option<String>,
    pub finished: Option<String>,
    pub returned: Option<String>,
    pub officer: String,
    pub unit: String,
    pub procedure: Option<String>,
    pub year: i32,
    pub quarter: u8,
    pub apology: String,
    pub statutory_too_late: bool,
    pub provisional: bool,
    pub file: String,
    pub sheet: String,
    pub row: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewRejected {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    pub column: String,
    pub value: String,
    pub reason: Msg,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewAssessment {
    pub idx: u32,
    pub name: String,
    pub unit: String,
    pub year: i32,
    pub dossiers: u32,
    pub late: u32,
    pub on_time_rate: Option<f64>,
    pub reminded: bool,
    pub reminder_document: Option<String>,
    pub previous_year_late: Option<u32>,
    pub repeat: bool,
    pub disciplined: bool,
    pub max_rating: Rating,
    pub proposed_rating: Option<Rating>,
    /// ok | at_risk | violation
    pub finding: String,
}

/// The report's summary, as the contract gives it (it crosses from the worker to the page as is).
pub use crate::report::Summary as ViewSummary;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewReport {
    pub as_of: String,
    pub assessment_year: i32,
    pub profile: String,
    /// The rule set's id ("binh-dinh-2023"): the embedded element's `dunghen-checked` event names it.
    #[serde(default)]
    pub profile_id: String,
    pub provisional_years: Vec<i32>,
    pub inputs: Vec<ViewInput>,
    pub summary: ViewSummary,
    pub dossiers: Vec<ViewDossier>,
    pub rejected: Vec<ViewRejected>,
    pub officers: Vec<ViewAssessment>,
    pub units: Vec<ViewAssessment>,
    pub conflicts: Vec<Msg>,
}

fn code_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn iso<T: Serialize>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(code_of)
}

fn dossier(i: usize, d: &DossierOut) -> ViewDossier {
    ViewDossier {
        idx: i as u32,
        code: d.code.clone(),
        status: d.status,
        late: d.late_working_days,
        received: iso(&d.received),
        due: iso(&d.due),
        finished: iso(&d.finished),
        returned: iso(&d.returned),
        officer: d.officer.display.clone(),
        unit: d.unit.display.clone(),
        procedure: d.procedure.as_deref().map(String::from),
        year: d.year,
        quarter: d.quarter,
        apology: code_of(&d.apology),
        statutory_too_late: d.statutory.as_ref().is_some_and(|s| s.too_late),
        provisional: d.provisional,
        file: d.source.file.to_string(),
        sheet: d.source.sheet.to_string(),
        row: d.source.row,
    }
}

fn assessment(i: usize, a: &AssessmentOut) -> ViewAssessment {
    ViewAssessment {
        idx: i as u32,
        name: a.name.display.clone(),
        unit: a.unit.display.clone(),
        year: a.year,
        dossiers: a.dossiers,
        late: a.late,
        on_time_rate: a.on_time_rate,
        reminded: a.reminded,
        reminder_document: a.reminder_document.clone(),
        previous_year_late: a.previous_year_late,
        repeat: a.repeat,
        disciplined: a.disciplined,
        max_rating: a.max_rating,
        proposed_rating: a.proposed_rating,
        finding: code_of(&a.finding),
    }
}

impl ViewReport {
    pub fn from_report(r: &Report) -> ViewReport {
        let s = &r.summary;
        ViewReport {
            as_of: r.as_of.to_string(),
            assessment_year: r.assessment_year,
            profile: format!("{} ({})", r.profile.name, r.profile.version),
            profile_id: r.profile.id.clone(),
            provisional_years: r.provisional_years.clone(),
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
                    warnings: i.warnings.iter().map(|m| Msg { vi: m.vi.clone(), en: m.en.clone() }).collect(),
                })
                .collect(),
            summary: s.clone(),
            dossiers: r.dossiers.iter().enumerate().map(|(i, d)| dossier(i, d)).collect(),
            rejected: r
                .rejected_rows
                .iter()
                .map(|x| ViewRejected {
                    file: x.source.file.to_string(),
                    sheet: x.source.sheet.to_string(),
                    row: x.source.row,
                    column: x.column.clone(),
                    value: x.value.clone(),
                    reason: Msg { vi: x.reason.clone(), en: x.reason_en.clone() },
                })
                .collect(),
            officers: r.officers.iter().enumerate().map(|(i, a)| assessment(i, a)).collect(),
            units: r.units.iter().enumerate().map(|(i, a)| assessment(i, a)).collect(),
            conflicts: r.conflicts.iter().map(|c| Msg { vi: c.message.clone(), en: c.message_en.clone() }).collect(),
        }
    }
}
