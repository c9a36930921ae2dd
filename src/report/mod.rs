//! The report a check lays out, `dunghen.report/1` (stable: fields are added, never renamed): the inputs and
//! what became of their rows, the summary, every checked dossier beside its verdict, the rejected rows, officers
//! and units. [`crate::check`] makes it; [`tables`] folds it into the period's tables; `export` writes it out.

use crate::ingest::{Conflict, Duplicate};
use crate::model::{Channel, Dossier, Explanation, Moment, Name, Rating, SourcePos, Status, Text};
use crate::rules::apology::ApologyStatus;
use crate::rules::assessment::{Assessment, Finding};
use crate::rules::statutory_due::StatutoryCheck;
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;

pub mod commendation;
pub mod period;
pub mod provenance;
pub mod seal;
pub mod tables;

pub const SCHEMA: &str = "dunghen.report/1";

#[derive(Debug, Clone, Serialize)]
pub struct ProfileRef {
    pub id: String,
    pub version: String,
    pub name: String,
    /// The assessment years the rule set is for: `[2023]`, or `{"from": 2026}`.
    pub covers: crate::profile::Years,
    /// `year` when picked as the built-in covering the assessment year, `user` when named.
    pub chosen_by: crate::profile::ChosenBy,
    /// The document the agency relies on to apply the rule set to a year it does not cover.
    pub carried_forward: Option<String>,
}

impl ProfileRef {
    pub fn of(p: &crate::profile::Profile) -> ProfileRef {
        ProfileRef {
            id: p.id.clone(),
            version: p.version.clone(),
            name: p.name.clone(),
            covers: p.assessment_years.clone(),
            chosen_by: p.chosen_by,
            carried_forward: p.carry_forward.as_ref().map(|c| c.document.clone()),
        }
    }

    /// "Toàn quốc 2026 (…) (toan-quoc-2026, phiên bản 1.0.0; chọn theo năm đánh giá 2026)", and the carried-forward
    /// document when there is one: how every output names its rule set.
    pub fn describe_vi(&self, year: i32) -> String {
        let how = match self.chosen_by {
            crate::profile::ChosenBy::Year => format!("chọn theo năm đánh giá {year}"),
            crate::profile::ChosenBy::User => "do người dùng chọn".to_string(),
        };
        let mut s =
            format!("{} ({}, phiên bản {}; dành cho năm {}; {how})", self.name, self.id, self.version, self.covers);
        if let Some(d) = &self.carried_forward {
            s.push_str(&format!("; áp dụng tiếp cho năm {year} theo {d}"));
        }
        s
    }

    pub fn describe_en(&self, year: i32) -> String {
        let how = match self.chosen_by {
            crate::profile::ChosenBy::Year => format!("chosen for assessment year {year}"),
            crate::profile::ChosenBy::User => "chosen by the user".to_string(),
        };
        let mut s =
            format!("{} ({}, version {}; for {}; {how})", self.name, self.id, self.version, self.covers.label_en());
        if let Some(d) = &self.carried_forward {
            s.push_str(&format!("; carried forward to {year} by {d}"));
        }
        s
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MappingEntry {
    pub field: String,
    pub header: String,
    pub column: String,
}

/// One input file and what became of its rows: rows = dossiers + rejected + blank + non_data.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    /// dossiers | reminded | ratings
    pub kind: &'static str,
    pub file: String,
    pub format: String,
    pub sheet: String,
    pub sheets: Vec<String>,
    pub header_row: u32,
    pub rows: u32,
    pub dossiers: u32,
    pub rejected: u32,
    pub blank: u32,
    pub non_data: u32,
    pub mapping: Vec<MappingEntry>,
    pub missing: Vec<String>,
    pub warnings: Vec<Text>,
    /// The rows that are no dossiers (totals, signatures, group headings…), one by one with why: the first 1,000
    /// of `non_data`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub non_data_rows: Vec<NonDataOut>,
}

/// A row of an input that is no dossier: where, its text, and why (Vietnamese, English).
#[derive(Debug, Clone, Serialize)]
pub struct NonDataOut {
    pub source: Source,
    pub text: String,
    pub reason: String,
    pub reason_en: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Summary {
    pub dossiers: u32,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub pending_within: u32,
    pub pending_overdue: u32,
    pub rejected_rows: u32,
    /// (Early + on time) ÷ resolved, in percent; None when nothing was resolved.
    pub on_time_rate: Option<f64>,
    pub duplicates_merged: u32,
    pub conflicts: u32,
    pub violations: u32,
    pub at_risk: u32,
    pub statutory_too_late: u32,
    pub apology_missing: u32,
    /// Stopped dossiers ("dừng giải quyết"): closed, neither late nor pending.
    #[serde(default)]
    pub stopped: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    pub row: u32,
}

impl From<&SourcePos> for Source {
    fn from(s: &SourcePos) -> Self {
        Source { file: s.file.clone(), sheet: s.sheet.clone(), row: s.row }
    }
}

/// What the rules decided about one dossier: the report row's own fields, beside the dossier as it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: Status,
    pub late_working_days: u32,
    /// The finishing moment the verdict used (finished, else returned, per the profile); None while pending
    /// at the as-of date.
    pub resolved: Option<Moment>,
    /// Unfinished and waiting for the applicant / returned / withdrawn (counted on time by the profile).
    pub paused: bool,
    pub apology: ApologyStatus,
    pub statutory: Option<StatutoryCheck>,
    pub provisional: bool,
    pub year: i32,
    pub quarter: u8,
}

/// The report's checked dossiers, each as it was read beside its [`Verdict`]. They are kept apart, not copied
/// into a report row each: at a million dossiers the rows weighed 340 MB more, held beside the dossiers while
/// they were built. [`DossierRow`] puts the two together again.
#[derive(Debug, Clone, Default)]
pub struct Dossiers {
    pub(crate) items: Vec<Dossier>,
    pub(crate) verdicts: Vec<Verdict>,
    /// Every dossier's explanation when the check wrote them (the JSON contract with `--explain` does), else empty:
    /// the late list's rows get theirs from [`crate::check::Checked::explain_late`].
    pub(crate) explanations: Vec<Explanation>,
}

static NO_EXPLANATION: Explanation = Explanation { steps: Vec::new(), citations: Vec::new() };

impl Dossiers {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<DossierRow<'_>> {
        Some(DossierRow {
            dossier: self.items.get(i)?,
            verdict: &self.verdicts[i],
            explanation: self.explanations.get(i).unwrap_or(&NO_EXPLANATION),
        })
    }

    /// The `i`-th row; panics past the end, as indexing does.
    pub fn at(&self, i: usize) -> DossierRow<'_> {
        self.get(i).unwrap_or_else(|| panic!("dossier {i} of {}", self.len()))
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = DossierRow<'_>> + DoubleEndedIterator + Clone {
        (0..self.len()).map(|i| self.at(i))
    }

    /// Adds rows (tests build big reports from small ones).
    pub fn extend(&mut self, rows: impl IntoIterator<Item = (Dossier, Verdict)>) {
        let explained = !self.explanations.is_empty();
        for (d, v) in rows {
            self.items.push(d);
            self.verdicts.push(v);
            if explained {
                self.explanations.push(Explanation::default());
            }
        }
    }
}

impl Serialize for Dossiers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One checked dossier: as it was read (its fields are the row's, through `Deref`), what the rules decided, and
/// its explanation when one was written.
#[derive(Debug, Clone, Copy)]
pub struct DossierRow<'a> {
    pub dossier: &'a Dossier,
    pub verdict: &'a Verdict,
    /// Empty in the browser's lean check, which explains one dossier at a time ([`Checked::explain_dossier`]).
    pub explanation: &'a Explanation,
}

impl std::ops::Deref for DossierRow<'_> {
    type Target = Dossier;
    fn deref(&self) -> &Dossier {
        self.dossier
    }
}

/// A report row as the `dunghen.report/1` contract writes it (fields in this order, names never changed).
#[derive(Serialize)]
struct RowOut<'a> {
    code: &'a str,
    status: Status,
    status_label: &'static str,
    late_working_days: u32,
    received: Option<Moment>,
    due: Option<Moment>,
    finished: Option<Moment>,
    returned: Option<Moment>,
    extended_due: Option<Moment>,
    officer: &'a Name,
    unit: &'a Name,
    procedure: Option<&'a str>,
    field: Option<&'a str>,
    channel: Option<Channel>,
    /// Thời hạn giải quyết (working days), as the log gave it.
    statutory_days: Option<u32>,
    /// The log's own status text.
    status_text: Option<&'a str>,
    /// The log's apology column (a letter sent or not); None when the log has no such column.
    apology_letter: Option<bool>,
    resolved: Option<Moment>,
    paused: bool,
    apology: ApologyStatus,
    statutory: Option<&'a StatutoryCheck>,
    provisional: bool,
    year: i32,
    quarter: u8,
    source: Source,
    /// Written only when the check explained the dossier (`--explain`, the JS API's `explain`): a million
    /// explanations weigh gigabytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<&'a Explanation>,
}

impl Serialize for DossierRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, v) = (self.dossier, self.verdict);
        RowOut {
            code: &d.code,
            status: v.status,
            status_label: v.status.label_vi(),
            late_working_days: v.late_working_days,
            received: d.received,
            due: d.due,
            finished: d.finished,
            returned: d.returned,
            extended_due: d.extended_due,
            officer: &d.officer,
            unit: &d.unit,
            procedure: d.procedure.as_deref(),
            field: d.field.as_deref(),
            channel: d.channel,
            statutory_days: d.statutory_days,
            status_text: d.status_text.as_deref(),
            apology_letter: d.apology,
            resolved: v.resolved,
            paused: v.paused,
            apology: v.apology,
            statutory: v.statutory.as_ref(),
            provisional: v.provisional,
            year: v.year,
            quarter: v.quarter,
            source: Source::from(&d.source),
            explanation: Some(self.explanation).filter(|e| !e.steps.is_empty() || !e.citations.is_empty()),
        }
        .serialize(s)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RejectedOut {
    pub source: Source,
    pub column: String,
    pub value: String,
    pub reason: String,
    pub reason_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentOut {
    pub name: Name,
    pub unit: Name,
    pub year: i32,
    pub dossiers: u32,
    pub late: u32,
    pub late_by_quarter: [u32; 4],
    pub on_time_rate: Option<f64>,
    pub reminded: bool,
    pub reminder_document: Option<String>,
    pub previous_year_late: Option<u32>,
    pub previous_on_time_rate: Option<f64>,
    pub slow_improvement: Option<bool>,
    pub repeat: bool,
    pub disciplined: bool,
    pub max_rating: Rating,
    pub proposed_rating: Option<Rating>,
    pub finding: Finding,
    pub explanation: Explanation,
}

impl From<&Assessment> for AssessmentOut {
    fn from(a: &Assessment) -> Self {
        AssessmentOut {
            name: if a.is_unit() { a.unit.clone() } else { a.name.clone() },
            unit: a.unit.clone(),
            year: a.year,
            dossiers: a.figures.dossiers,
            late: a.figures.late,
            late_by_quarter: a.figures.late_by_quarter,
            on_time_rate: a.figures.on_time_rate().map(|r| r * 100.0),
            reminded: a.reminded.is_some(),
            reminder_document: a.reminded.as_ref().and_then(|r| r.document.clone()),
            previous_year_late: a.previous.map(|p| p.late),
            previous_on_time_rate: a.previous.and_then(|p| p.on_time_rate()).map(|r| r * 100.0),
            slow_improvement: a.slow_improvement,
            repeat: a.repeat,
            disciplined: a.disciplined,
            max_rating: a.max_rating,
            proposed_rating: a.proposed_rating,
            finding: a.finding,
            explanation: a.explanation.clone(),
        }
    }
}

/// The report, `dunghen.report/1`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub app_version: &'static str,
    pub profile: ProfileRef,
    pub as_of: NaiveDate,
    pub assessment_year: i32,
    /// Calendar years used without official data (statutory fallback): results there are provisional.
    pub provisional_years: Vec<i32>,
    /// Where the report comes from: agency, rule set, calendar, app, input files and their SHA-256.
    pub provenance: provenance::Provenance,
    pub inputs: Vec<InputSummary>,
    pub summary: Summary,
    pub dossiers: Dossiers,
    pub rejected_rows: Vec<RejectedOut>,
    pub officers: Vec<AssessmentOut>,
    pub units: Vec<AssessmentOut>,
    pub duplicates: Vec<Duplicate>,
    pub conflicts: Vec<ConflictOut>,
    /// Nghị định 335/2025 scores from the dossier log, per officer and unit, per month (`2026-03`), quarter
    /// (`2026-Q1`) and the year (`2026`); empty for years before the decree.
    pub scores: Vec<crate::rules::scoring::Score>,
    /// Findings on proposed ratings under the decree: band ≠ points, the 20 % share, a band the log makes
    /// impossible.
    pub score_flags: Vec<crate::rules::scoring::ScoreFlag>,
    /// Each line of the renamed units list and what it matched (empty without a list).
    pub renames: Vec<RenameOut>,
}

/// The report as the contract writes it: with the period's tables, the provenance is sealed, and the figures a
/// consolidator reads come before the long lists (a roll-up stops reading there).
#[derive(Serialize)]
pub struct ReportOut<'a> {
    schema: &'static str,
    app_version: &'static str,
    profile: &'a ProfileRef,
    as_of: NaiveDate,
    assessment_year: i32,
    provisional_years: &'a [i32],
    provenance: std::borrow::Cow<'a, provenance::Provenance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    figures: Option<seal::Figures>,
    /// Who to commend in the period (with the tables).
    #[serde(skip_serializing_if = "Option::is_none")]
    commendations: Option<&'a commendation::Commendations>,
    inputs: &'a [InputSummary],
    summary: &'a Summary,
    dossiers: &'a Dossiers,
    rejected_rows: &'a [RejectedOut],
    officers: &'a [AssessmentOut],
    units: &'a [AssessmentOut],
    duplicates: &'a [Duplicate],
    conflicts: &'a [ConflictOut],
    scores: &'a [crate::rules::scoring::Score],
    score_flags: &'a [crate::rules::scoring::ScoreFlag],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    renames: &'a [RenameOut],
    #[serde(skip_serializing_if = "Option::is_none")]
    tables: Option<&'a tables::Tables>,
}

impl Report {
    /// The report as the contract writes it, with the period's tables when given.
    pub fn out<'a>(&'a self, t: Option<&'a tables::Tables>) -> ReportOut<'a> {
        let (provenance, figures) = match t {
            Some(t) => {
                let (p, f) = seal::seal(self, t);
                (std::borrow::Cow::Owned(p), Some(f))
            }
            None => (std::borrow::Cow::Borrowed(&self.provenance), None),
        };
        ReportOut {
            schema: self.schema,
            app_version: self.app_version,
            profile: &self.profile,
            as_of: self.as_of,
            assessment_year: self.assessment_year,
            provisional_years: &self.provisional_years,
            provenance,
            figures,
            commendations: t.map(|t| &t.commendations),
            inputs: &self.inputs,
            summary: &self.summary,
            dossiers: &self.dossiers,
            rejected_rows: &self.rejected_rows,
            officers: &self.officers,
            units: &self.units,
            duplicates: &self.duplicates,
            conflicts: &self.conflicts,
            scores: &self.scores,
            score_flags: &self.score_flags,
            renames: &self.renames,
            tables: t,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ConflictOut {
    #[serde(flatten)]
    pub conflict: Conflict,
    pub message: String,
    pub message_en: String,
}

/// What one line of the renames list did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenameStatus {
    /// In force, and some reminder or proposal named the old unit: it now names the new one.
    Applied,
    /// In force, but no reminder or proposal names the old unit.
    Unmatched,
    /// Its effective date is after the start of the assessment year: not applied.
    NotInForce,
    /// Another line in force maps the same old name to another new name: neither is applied.
    Ambiguous,
    /// Its new name is renamed, line after line, back to its old name: no line of the circle is applied.
    Cycle,
}

impl RenameStatus {
    /// The status as the JSON writes it ("not_in_force").
    pub fn code(&self) -> &'static str {
        match self {
            RenameStatus::Applied => "applied",
            RenameStatus::Unmatched => "unmatched",
            RenameStatus::NotInForce => "not_in_force",
            RenameStatus::Ambiguous => "ambiguous",
            RenameStatus::Cycle => "cycle",
        }
    }

    /// The outcome as the review screen and the xlsx report name it.
    pub fn label(&self) -> crate::model::Text {
        let (vi, en) = match self {
            RenameStatus::Applied => ("Đã áp dụng", "Applied"),
            RenameStatus::Unmatched => ("Không khớp dòng nào", "Matched nothing"),
            RenameStatus::NotInForce => ("Chưa có hiệu lực", "Not yet in force"),
            RenameStatus::Ambiguous => ("Một tên cũ, nhiều tên mới", "One old name, several new ones"),
            RenameStatus::Cycle => ("Đổi tên vòng quanh", "Renamed in a circle"),
        };
        crate::model::Text::new(vi, en)
    }
}

/// One line of the renames list and what it matched (the JSON's `renames`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenameOut {
    pub old: String,
    pub new: String,
    pub from: Option<NaiveDate>,
    pub source: Source,
    pub status: RenameStatus,
    /// Reminders and proposals now naming the new unit.
    pub reminders: u32,
    pub proposals: u32,
    pub message: String,
    pub message_en: String,
    /// What the line did, without the line itself (the end of `message`), for a screen that shows the line apart.
    #[serde(skip)]
    pub outcome: crate::model::Text,
}
