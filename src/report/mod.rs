//! The check from bytes to report: read every input, merge, judge, assess, and lay the result out as the
//! `dunghen.report/1` contract (stable: fields are added, never renamed). The CLI and the browser both call
//! [`check`]; `export` turns the report into text, JSON, CSV or xlsx bytes.

use crate::ingest::{self, ColumnMap, Conflict, Duplicate, Format, ReadError, ReadOptions};
use crate::model::{Channel, Dossier, Explanation, Moment, Name, Proposal, Rating, Reminder, SourcePos, Status, Text};
use crate::profile::Profile;
use crate::rules::apology::ApologyStatus;
use crate::rules::repeat::{self, Assessment, Finding, Judged};
use crate::rules::statutory_due::StatutoryCheck;
use crate::rules::{self, Context};
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;

pub mod period;
pub mod tables;

pub const SCHEMA: &str = "dunghen.report/1";

/// One file handed to the check.
#[derive(Debug, Clone, Copy)]
pub struct InputFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What to check and how.
#[derive(Debug, Clone)]
pub struct CheckRequest<'a> {
    pub dossier_files: Vec<InputFile<'a>>,
    pub reminded: Option<InputFile<'a>>,
    pub ratings: Option<InputFile<'a>>,
    pub read: ReadOptions,
    /// The sheets of the reminder and ratings lists, when not the ones whose header fits best.
    pub side_sheets: ingest::SideSheets,
    pub profile: Profile,
    pub as_of: NaiveDate,
    /// The year ratings are for; defaults to the as-of year.
    pub assessment_year: Option<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileRef {
    pub id: String,
    pub version: String,
    pub name: String,
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
}

#[derive(Debug, Clone, Serialize)]
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
    items: Vec<Dossier>,
    verdicts: Vec<Verdict>,
    /// Every dossier's explanation when the check wrote them (the JSON contract does), else empty until
    /// [`Checked::explain_overdue`] fills in the late ones.
    explanations: Vec<Explanation>,
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
    explanation: &'a Explanation,
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
            explanation: self.explanation,
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
    pub inputs: Vec<InputSummary>,
    pub summary: Summary,
    pub dossiers: Dossiers,
    pub rejected_rows: Vec<RejectedOut>,
    pub officers: Vec<AssessmentOut>,
    pub units: Vec<AssessmentOut>,
    pub duplicates: Vec<Duplicate>,
    pub conflicts: Vec<ConflictOut>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConflictOut {
    #[serde(flatten)]
    pub conflict: Conflict,
    pub message: String,
    pub message_en: String,
}

fn mapping_of(m: &[ColumnMap]) -> Vec<MappingEntry> {
    m.iter()
        .map(|c| MappingEntry { field: c.field.name().to_string(), header: c.header.clone(), column: c.letter.clone() })
        .collect()
}

fn format_name(f: &Format) -> String {
    f.to_string()
}

fn rejected_out(r: &ingest::Rejected) -> RejectedOut {
    RejectedOut {
        source: Source::from(&r.source),
        column: r.source.column.clone().unwrap_or_default(),
        value: r.value.clone(),
        reason: r.reason.vi.clone(),
        reason_en: r.reason.en.clone(),
    }
}

/// How much the check writes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// Give every dossier, officer and unit its explanation in the report (the JSON contract does). The browser
    /// leaves this off and asks [`Checked::explain_dossier`] and [`Checked::explain_assessment`] for one at a time:
    /// a million explanations weigh gigabytes, and writing one per officer and year took 40 ms of each check.
    pub explain: bool,
}

/// A check's report, with what it needs to explain any dossier, officer or unit later.
pub struct Checked {
    pub report: Report,
    ctx: Context,
    /// The officers' and units' assessments, in the order of the report's, to explain them later.
    officers: Vec<Assessment>,
    units: Vec<Assessment>,
}

impl Checked {
    /// The explanation of the report's `i`-th dossier, computed now.
    ///
    /// The report's dossier rows hold everything read from the log, so the dossier is rebuilt from its row: a
    /// million dossiers are kept once, not twice.
    pub fn explain_dossier(&self, i: usize) -> Option<Explanation> {
        Some(rules::explain(self.report.dossiers.get(i)?.dossier, &self.ctx))
    }

    /// The explanation of the report's `i`-th officer (`unit`: unit), computed now.
    pub fn explain_assessment(&self, unit: bool, i: usize) -> Option<Explanation> {
        let list = if unit { &self.units } else { &self.officers };
        Some(repeat::explain(list.get(i)?, &self.ctx))
    }

    /// Gives every officer and unit of the report its explanation (the exports show them).
    pub fn explain_assessments(&mut self) {
        for (rows, list) in [(&mut self.report.officers, &self.officers), (&mut self.report.units, &self.units)] {
            for (row, a) in rows.iter_mut().zip(list) {
                if row.explanation.steps.is_empty() {
                    row.explanation = repeat::explain(a, &self.ctx);
                }
            }
        }
    }

    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Gives every late or pending-overdue dossier of the report its explanation (the late-dossier list shows them).
    pub fn explain_overdue(&mut self) {
        let rows = &mut self.report.dossiers;
        rows.explanations.resize_with(rows.items.len(), Explanation::default);
        for ((d, v), e) in rows.items.iter().zip(&rows.verdicts).zip(&mut rows.explanations) {
            if v.status.is_overdue() && e.steps.is_empty() {
                *e = rules::explain(d, &self.ctx);
            }
        }
    }
}

/// Runs the whole check. A file that cannot be read at all is an error naming it; rows that cannot be read
/// are rejected rows in the report.
pub fn check(req: &CheckRequest<'_>) -> Result<Report, ReadError> {
    check_with(req, CheckOptions { explain: true }, &mut |_| {}).map(|c| c.report)
}

/// [`check`], with the choice of explanations and a progress callback (rows read and converted per file, dossiers
/// judged), called every few thousand rows.
pub fn check_with(
    req: &CheckRequest<'_>,
    opts: CheckOptions,
    progress: &mut dyn FnMut(ingest::Progress),
) -> Result<Checked, ReadError> {
    let mut tables = Vec::new();
    for f in &req.dossier_files {
        tables.push(ingest::read_dossiers_with(f.name, f.bytes, &req.read, progress)?);
    }
    check_tables(req, tables, opts, progress)
}

/// [`check_with`] on dossier logs already read (the browser keeps what its review screen read, so the check does
/// not read the files twice); `req.dossier_files` is not read again.
pub fn check_tables(
    req: &CheckRequest<'_>,
    tables: Vec<ingest::DossierTable>,
    opts: CheckOptions,
    progress: &mut dyn FnMut(ingest::Progress),
) -> Result<Checked, ReadError> {
    let mut inputs = Vec::new();
    let mut rejected = Vec::new();
    for t in &tables {
        inputs.push(InputSummary {
            kind: "dossiers",
            file: t.file.clone(),
            format: format_name(&t.format),
            sheet: t.sheet.clone(),
            sheets: t.sheets.clone(),
            header_row: t.header_row,
            rows: t.counts.rows,
            dossiers: t.counts.dossiers,
            rejected: t.counts.rejected,
            blank: t.counts.blank,
            non_data: t.counts.non_data,
            mapping: mapping_of(&t.mapping),
            missing: t.missing.iter().map(|f| f.name().to_string()).collect(),
            warnings: t.warnings.clone(),
        });
        rejected.extend(t.rejected.iter().map(rejected_out));
    }
    let year = req.assessment_year.unwrap_or_else(|| chrono::Datelike::year(&req.as_of));
    let mut reminders: Vec<Reminder> = Vec::new();
    if let Some(f) = req.reminded {
        let list = ingest::read_reminders(f.name, f.bytes, year - 1, req.side_sheets.reminded.as_deref())?;
        inputs.push(side_summary("reminded", &list));
        rejected.extend(list.rejected.iter().map(rejected_out));
        reminders = list.items;
    }
    let mut proposals: Vec<Proposal> = Vec::new();
    if let Some(f) = req.ratings {
        let list = ingest::read_proposals(f.name, f.bytes, req.side_sheets.ratings.as_deref())?;
        inputs.push(side_summary("ratings", &list));
        rejected.extend(list.rejected.iter().map(rejected_out));
        proposals = list.items;
    }
    let merged = ingest::merge_owned(tables);

    let mut ctx = Context::new(req.profile.clone(), req.as_of)
        .map_err(|e| ReadError::new(&req.profile.id, ingest::ReadErrorKind::Profile { reason: e.to_string() }))?;
    ctx.assessment_year = Some(year);
    let sides = (reminders.as_slice(), proposals.as_slice());
    let (report, (officers, units)) =
        build(merged.dossiers, sides, &ctx, opts, inputs, rejected, (merged.duplicates, merged.conflicts), progress);
    Ok(Checked { report, ctx, officers, units })
}

fn side_summary<T>(kind: &'static str, l: &ingest::SideList<T>) -> InputSummary {
    InputSummary {
        kind,
        file: l.file.clone(),
        format: format_name(&l.format),
        sheet: l.sheet.clone(),
        sheets: l.sheets.clone(),
        header_row: l.header_row,
        rows: l.counts.rows,
        dossiers: l.counts.dossiers,
        rejected: l.counts.rejected,
        blank: l.counts.blank,
        non_data: l.counts.non_data,
        mapping: l
            .mapping
            .iter()
            .map(|c| MappingEntry { field: c.field.to_string(), header: c.header.clone(), column: c.letter.clone() })
            .collect(),
        missing: l.missing.iter().map(|m| m.to_string()).collect(),
        warnings: l.warnings.clone(),
    }
}

/// Judges every dossier into its [`Verdict`] (the dossiers stay where they are: a report row holds the two
/// side by side), then assesses officers and units from the verdicts.
#[allow(clippy::too_many_arguments)]
fn build(
    mut dossiers: Vec<Dossier>,
    sides: (&[Reminder], &[Proposal]),
    ctx: &Context,
    opts: CheckOptions,
    mut inputs: Vec<InputSummary>,
    mut rejected: Vec<RejectedOut>,
    (duplicates, conflicts): (Vec<Duplicate>, Vec<Conflict>),
    progress: &mut dyn FnMut(ingest::Progress),
) -> (Report, (Vec<Assessment>, Vec<Assessment>)) {
    let mut summary = Summary::default();
    let total = dossiers.len() as u64;
    let mut verdicts = Vec::with_capacity(dossiers.len());
    let mut explanations = Vec::new();
    // Dossiers the rules rejected, dropped from the list once all are judged.
    let mut refused = Vec::new();
    let mut years_provisional = std::collections::BTreeSet::new();
    for (i, d) in dossiers.iter().enumerate() {
        if i % 1_024 == 0 {
            progress(ingest::Progress { stage: ingest::Stage::Judge, done: i as u64, total });
        }
        match rules::judge(d, ctx, &mut rules::Silent) {
            Ok(v) => {
                summary.dossiers += 1;
                if v.lateness.provisional {
                    // Calendar years without official data that a count ran through.
                    years_provisional
                        .extend((v.lateness.years.0..=v.lateness.years.1).filter(|y| ctx.calendar.is_provisional(*y)));
                }
                match v.lateness.status {
                    Status::Early => summary.early += 1,
                    Status::OnTime => summary.on_time += 1,
                    Status::Late => summary.late += 1,
                    Status::PendingWithin => summary.pending_within += 1,
                    Status::PendingOverdue => summary.pending_overdue += 1,
                }
                if v.statutory.as_ref().is_some_and(|s| s.too_late) {
                    summary.statutory_too_late += 1;
                }
                if v.apology == ApologyStatus::Missing {
                    summary.apology_missing += 1;
                }
                if opts.explain {
                    explanations.push(rules::explain(d, ctx));
                }
                verdicts.push(Verdict {
                    status: v.lateness.status,
                    late_working_days: v.lateness.late_working_days,
                    resolved: v.lateness.finish,
                    paused: v.lateness.paused,
                    apology: v.apology,
                    statutory: v.statutory,
                    provisional: v.lateness.provisional,
                    year: v.attribution.year,
                    quarter: v.attribution.quarter,
                });
            }
            Err(u) => {
                // Read as a dossier, rejected by the rules: the input's counts move the row to "rejected".
                if let Some(i) = inputs
                    .iter_mut()
                    .find(|i| i.kind == "dossiers" && *i.file == *d.source.file && *i.sheet == *d.source.sheet)
                {
                    i.dossiers = i.dossiers.saturating_sub(1);
                    i.rejected += 1;
                }
                refused.push(i);
                rejected.push(RejectedOut {
                    source: Source::from(&d.source),
                    column: u.column.to_string(),
                    value: u.value,
                    reason: u.reason.vi,
                    reason_en: u.reason.en,
                })
            }
        }
    }
    if !refused.is_empty() {
        let mut at = 0..;
        dossiers.retain(|_| refused.binary_search(&at.next().unwrap_or_default()).is_err());
    }
    let rows = Dossiers { items: dossiers, verdicts, explanations };
    // The dossiers the report is made of: those the rules refused are gone.
    progress(ingest::Progress { stage: ingest::Stage::Report, done: 0, total: rows.items.len() as u64 });
    let judged = rows.iter().map(|o| Judged {
        unit: &o.dossier.unit,
        officer: &o.dossier.officer,
        status: o.verdict.status,
        year: o.verdict.year,
        quarter: o.verdict.quarter,
    });
    let assessed = repeat::assess_judged(judged, sides.0, sides.1, ctx, opts.explain);
    let resolved = summary.early + summary.on_time + summary.late;
    summary.on_time_rate =
        (resolved > 0).then(|| f64::from(summary.early + summary.on_time) * 100.0 / f64::from(resolved));
    summary.rejected_rows = rejected.len() as u32;
    summary.duplicates_merged = duplicates.len() as u32;
    summary.conflicts = conflicts.len() as u32;
    let officers: Vec<AssessmentOut> = assessed.0.iter().map(AssessmentOut::from).collect();
    let units: Vec<AssessmentOut> = assessed.1.iter().map(AssessmentOut::from).collect();
    for a in officers.iter().chain(&units) {
        match a.finding {
            Finding::Violation => summary.violations += 1,
            Finding::AtRisk => summary.at_risk += 1,
            Finding::Ok => {}
        }
    }
    let report = Report {
        schema: SCHEMA,
        app_version: crate::APP_VERSION,
        profile: ProfileRef {
            id: ctx.profile.id.clone(),
            version: ctx.profile.version.clone(),
            name: ctx.profile.name.clone(),
        },
        as_of: ctx.as_of,
        assessment_year: ctx.assessment_year(),
        provisional_years: years_provisional.into_iter().collect(),
        inputs,
        summary,
        dossiers: rows,
        rejected_rows: rejected,
        officers,
        units,
        duplicates,
        conflicts: conflicts
            .into_iter()
            .map(|c| {
                let m = c.message();
                ConflictOut { message: m.vi, message_en: m.en, conflict: c }
            })
            .collect(),
    };
    (report, assessed)
}
