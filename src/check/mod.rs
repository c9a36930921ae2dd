//! The check, the one pipeline every caller runs: read every input, merge the logs, judge each dossier, assess
//! officers and units, and lay the result out as the `dunghen.report/1` contract ([`Report`]). The CLI, the
//! browser's worker, the JS API and the casebook all come through here; only where they start differs:
//!
//! - [`run`] from the files' bytes (the CLI, the JS API);
//! - [`run_tables`] from dossier logs already read (the browser keeps what its review screen read);
//! - [`run_records`] from dossiers, reminders and proposals made by hand (the casebook).
//!
//! The rule set's calendar is built once, into the [`Context`] the rules read; `export` turns the report into
//! text, JSON, CSV or xlsx bytes.

use crate::ingest::{self, ColumnMap, Conflict, Duplicate, Format, ReadError, ReadErrorKind, ReadOptions};
use crate::model::{Dossier, Explanation, Name, Proposal, Reminder, Rename, Status};
use crate::profile::Profile;
use crate::report::provenance::{Agency, CalendarRef, FileDigest, Provenance, RuleSetRef};
use crate::report::tables::{LateRow, Tables};
use crate::report::{
    AssessmentOut, ConflictOut, Dossiers, InputSummary, MappingEntry, NonDataOut, ProfileRef, RejectedOut, Report,
    Source, Summary, Verdict, SCHEMA,
};
use crate::rules::apology::ApologyStatus;
use crate::rules::assessment::{Assessment, Finding, Judged};
use crate::rules::{self, Context};
use chrono::NaiveDate;

pub mod renames;

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
    /// The list of units renamed or merged (old name → new name, effective date), applied to the reminders and
    /// proposals ([`renames::apply`]).
    pub renames: Option<InputFile<'a>>,
    pub read: ReadOptions,
    /// The sheets of the reminder, ratings and renames lists, when not the ones whose header fits best.
    pub side_sheets: ingest::SideSheets,
    pub profile: Profile,
    pub as_of: NaiveDate,
    /// The year ratings are for; defaults to the as-of year.
    pub assessment_year: Option<i32>,
    /// Who the report is from (the letterhead of the exports; a roll-up sums by it).
    pub agency: Agency,
    /// The digests of input files whose bytes are not handed over (the browser keeps what its review read, and
    /// hashed the files as they came in); the others are hashed here.
    pub digests: Vec<FileDigest>,
}

impl<'a> CheckRequest<'a> {
    /// A check of `dossier_files` under `profile` as of `as_of`: no reminder, ratings or renames list, the columns
    /// and sheets found by their headers, the as-of year assessed, no agency named. Set the rest with `..`.
    pub fn new(dossier_files: Vec<InputFile<'a>>, profile: Profile, as_of: NaiveDate) -> Self {
        CheckRequest {
            dossier_files,
            reminded: None,
            ratings: None,
            renames: None,
            read: ReadOptions::default(),
            side_sheets: ingest::SideSheets::default(),
            profile,
            as_of,
            assessment_year: None,
            agency: Agency::default(),
            digests: Vec::new(),
        }
    }

    /// Every input file's name, kind, size and SHA-256, in the order of the report's inputs (an empty SHA-256 for
    /// a file whose bytes are not at hand).
    pub fn file_digests(&self) -> Vec<FileDigest> {
        let files = self.dossier_files.iter().map(|f| ("dossiers", f)).chain(
            [("reminded", &self.reminded), ("ratings", &self.ratings), ("renames", &self.renames)]
                .into_iter()
                .filter_map(|(k, f)| Some((k, f.as_ref()?))),
        );
        files
            .map(|(kind, f)| match self.digests.iter().find(|d| d.name == f.name && d.kind == kind) {
                Some(d) => d.clone(),
                // The browser's log read in halves: its bytes were never here whole.
                None if f.bytes.is_empty() => {
                    FileDigest { name: f.name.into(), kind: kind.into(), size: 0, sha256: String::new() }
                }
                None => FileDigest::of(f.name, kind, f.bytes),
            })
            .collect()
    }
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
        Some(rules::explain_assessment(list.get(i)?, &self.ctx))
    }

    /// Gives every officer and unit of the report its explanation (the exports show them).
    pub fn explain_assessments(&mut self) {
        for (rows, list) in [(&mut self.report.officers, &self.officers), (&mut self.report.units, &self.units)] {
            for (row, a) in rows.iter_mut().zip(list) {
                if row.explanation.steps.is_empty() {
                    row.explanation = rules::explain_assessment(a, &self.ctx);
                }
            }
        }
    }

    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Writes each dossier's explanation into the period's late list where the report has none: one at a time,
    /// kept as its Vietnamese text. Explaining every late dossier of a million at once held a gigabyte.
    /// Natively the rows are shared among the CPU's cores (each explanation is some 20 µs of work; a province's
    /// year has a quarter of a million late dossiers).
    pub fn explain_late(&self, t: &mut Tables) {
        let dossiers = &self.report.dossiers;
        let explain = |rows: &mut [LateRow], ctx: &Context| {
            for row in rows.iter_mut().filter(|r| r.explanation.is_empty()) {
                if let Some(d) = dossiers.get(row.index) {
                    row.explanation = LateRow::explanation_text(&rules::explain(d.dossier, ctx));
                }
            }
        };
        #[cfg(not(target_arch = "wasm32"))]
        {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            if cores > 1 && t.late.len() >= 10_000 {
                let chunk = t.late.len().div_ceil(cores);
                std::thread::scope(|s| {
                    for rows in t.late.chunks_mut(chunk) {
                        // Each thread its own context: the calendar caches what it looked up.
                        let ctx = self.ctx.clone();
                        s.spawn(move || explain(rows, &ctx));
                    }
                });
                return;
            }
        }
        explain(&mut t.late, &self.ctx);
    }
}

/// What the inputs gave: the dossiers of every log (merged), last year's reminders and the proposed ratings, with
/// the account of each input (its rows and the rows rejected) and the duplicates and conflicts the merge found.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub dossiers: Vec<Dossier>,
    pub reminders: Vec<Reminder>,
    pub proposals: Vec<Proposal>,
    /// The list of renamed units, applied to `reminders` and `proposals` by [`run_records`].
    pub renames: Vec<Rename>,
    pub inputs: Vec<InputSummary>,
    pub rejected: Vec<RejectedOut>,
    pub duplicates: Vec<Duplicate>,
    pub conflicts: Vec<Conflict>,
    /// Who the report is from, and the input files' digests (the provenance).
    pub agency: Agency,
    pub files: Vec<FileDigest>,
}

/// Why a check did not run: an input that cannot be read, or a rule set that is not for the assessment year.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckError {
    Read(ReadError),
    /// The profile does not cover the assessment year and was not carried forward.
    YearNotCovered {
        profile: String,
        name: String,
        covers: String,
        year: i32,
    },
}

impl From<ReadError> for CheckError {
    fn from(e: ReadError) -> Self {
        CheckError::Read(e)
    }
}

impl CheckError {
    /// What the sentence is about: the file, or the rule set.
    pub fn subject(&self) -> &str {
        match self {
            CheckError::Read(e) => &e.file,
            CheckError::YearNotCovered { profile, .. } => profile,
        }
    }

    /// The sentence, in Vietnamese and English.
    pub fn text(&self) -> crate::model::Text {
        match self {
            CheckError::Read(e) => e.text(),
            CheckError::YearNotCovered { profile, name, covers, year } => crate::model::Text::new(
                format!(
                    "Bộ quy tắc \"{name}\" ({profile}) dành cho năm đánh giá {covers}, không áp dụng cho năm {year}. \
                    Nếu đơn vị quyết định áp dụng tiếp, hãy nêu văn bản làm căn cứ: dòng lệnh --carry-forward \
                    \"Kế hoạch … số …/KH-UBND\" (hoặc trong cấu hình: [carry_forward] document = \"…\"); văn bản \
                    này được in trên mọi báo cáo. Hoặc bỏ --profile để dùng bộ quy tắc dựng sẵn của năm {year}."
                ),
                format!(
                    "The rule set \"{name}\" ({profile}) is for assessment year {covers}, not {year}. If the agency \
                    decides to carry it forward, name the document it relies on: --carry-forward \"Plan … no. \
                    …/KH-UBND\" (or in the profile: [carry_forward] document = \"…\"); it is printed on every \
                    output. Or leave out --profile to use the built-in rule set for {year}."
                ),
            ),
        }
    }
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.subject(), self.text().vi)
    }
}

impl std::error::Error for CheckError {}

/// The rule set's context for a request: its calendar built once, the as-of date and the assessment year. A
/// profile is used only for the assessment years it covers, unless it is carried forward.
pub fn context(req: &CheckRequest<'_>) -> Result<Context, CheckError> {
    let p = &req.profile;
    let year = req.assessment_year.unwrap_or_else(|| chrono::Datelike::year(&req.as_of));
    if !p.covers(year) && p.carry_forward.is_none() {
        return Err(CheckError::YearNotCovered {
            profile: p.id.clone(),
            name: p.name.clone(),
            covers: p.assessment_years.to_string(),
            year,
        });
    }
    Context::new(p.clone(), req.as_of, req.assessment_year)
        .map_err(|e| ReadError::new(&p.id, ReadErrorKind::Profile { reason: e.to_string() }).into())
}

/// Runs the whole check from the files' bytes. A file that cannot be read at all is an error naming it; rows
/// that cannot be read are rejected rows in the report. `progress` hears of rows read and converted per file and
/// of dossiers judged, every few thousand.
pub fn run(
    req: &CheckRequest<'_>,
    opts: CheckOptions,
    progress: &mut dyn FnMut(ingest::Progress),
) -> Result<Checked, CheckError> {
    let mut tables = Vec::new();
    for f in &req.dossier_files {
        tables.push(ingest::read_dossiers_with(f.name, f.bytes, &req.read, progress)?);
    }
    run_tables(req, tables, opts, progress)
}

/// The whole report from the files' bytes, every dossier, officer and unit explained: the JSON contract.
pub fn report(req: &CheckRequest<'_>) -> Result<Report, CheckError> {
    run(req, CheckOptions { explain: true }, &mut |_| {}).map(|c| c.report)
}

/// [`run`] on dossier logs already read (the browser keeps what its review screen read, so the check does not
/// read the files twice); `req.dossier_files` is not read again, the side lists are.
pub fn run_tables(
    req: &CheckRequest<'_>,
    tables: Vec<ingest::DossierTable>,
    opts: CheckOptions,
    progress: &mut dyn FnMut(ingest::Progress),
) -> Result<Checked, CheckError> {
    let ctx = context(req)?;
    let records = gather(req, tables, ctx.assessment_year())?;
    Ok(run_records(ctx, records, opts, progress))
}

/// Reads the side lists and merges the logs into [`Records`].
fn gather(req: &CheckRequest<'_>, tables: Vec<ingest::DossierTable>, year: i32) -> Result<Records, ReadError> {
    let mut r = Records { agency: req.agency.clone(), files: req.file_digests(), ..Records::default() };
    for t in &tables {
        r.inputs.push(InputSummary {
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
            non_data_rows: t
                .non_data_rows
                .iter()
                .map(|x| NonDataOut {
                    source: Source::from(&x.source),
                    text: x.text.clone(),
                    reason: x.reason.vi.clone(),
                    reason_en: x.reason.en.clone(),
                })
                .collect(),
        });
        r.rejected.extend(t.rejected.iter().map(rejected_out));
    }
    if let Some(f) = req.reminded {
        let list = ingest::read_reminders(f.name, f.bytes, year - 1, req.side_sheets.reminded.as_deref())?;
        r.inputs.push(side_summary("reminded", &list));
        r.rejected.extend(list.rejected.iter().map(rejected_out));
        r.reminders = list.items;
    }
    if let Some(f) = req.ratings {
        let list = ingest::read_proposals(f.name, f.bytes, req.side_sheets.ratings.as_deref())?;
        r.inputs.push(side_summary("ratings", &list));
        r.rejected.extend(list.rejected.iter().map(rejected_out));
        r.proposals = list.items;
    }
    if let Some(f) = req.renames {
        let list = ingest::read_renames(f.name, f.bytes, req.side_sheets.renames.as_deref())?;
        r.inputs.push(side_summary("renames", &list));
        r.rejected.extend(list.rejected.iter().map(rejected_out));
        r.renames = list.items;
    }
    let merged = ingest::merge_owned(tables);
    (r.dossiers, r.duplicates, r.conflicts) = (merged.dossiers, merged.duplicates, merged.conflicts);
    Ok(r)
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
        non_data_rows: Vec::new(),
    }
}

/// Judges every dossier into its [`Verdict`] (the dossiers stay where they are: a report row holds the two side by
/// side), assesses officers and units from the verdicts, and lays out the report. Dossiers the rules cannot judge
/// (a date outside the calendar, received after the as-of date) become rejected rows.
pub fn run_records(
    ctx: Context,
    records: Records,
    opts: CheckOptions,
    progress: &mut dyn FnMut(ingest::Progress),
) -> Checked {
    let Records {
        mut dossiers,
        mut reminders,
        mut proposals,
        renames,
        mut inputs,
        mut rejected,
        duplicates,
        conflicts,
        agency,
        files,
    } = records;
    // Last year's units renamed since: the reminders and proposals name the unit as the logs do. Every line of the
    // list is shown on its input, what it matched or why not.
    let renamed = match NaiveDate::from_ymd_opt(ctx.assessment_year(), 1, 1) {
        Some(start) if !renames.is_empty() => {
            // The logs' units, once each: a renamed unit takes the log's writing of its new name.
            let mut seen = std::collections::HashSet::new();
            let units: Vec<Name> =
                dossiers.iter().filter(|d| seen.insert(d.unit.key.as_str())).map(|d| d.unit.clone()).collect();
            renames::apply(&renames, start, &mut reminders, &mut proposals, &units)
        }
        _ => Vec::new(),
    };
    if let Some(i) = inputs.iter_mut().find(|i| i.kind == "renames") {
        i.warnings.extend(renamed.iter().map(|r| crate::model::Text::new(&r.message, &r.message_en)));
    }
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
        match rules::judge(d, &ctx, &mut rules::Silent) {
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
                    Status::Stopped => summary.stopped += 1,
                }
                if v.statutory.as_ref().is_some_and(|s| s.too_late) {
                    summary.statutory_too_late += 1;
                }
                if v.apology == ApologyStatus::Missing {
                    summary.apology_missing += 1;
                }
                if opts.explain {
                    explanations.push(rules::explain(d, &ctx));
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
    let (officers_assessed, units_assessed) = rules::assess_judged(judged, &reminders, &proposals, &ctx, opts.explain);
    // A reminded unit the logs do not have while they have one named alike (renamed when units were merged).
    if !reminders.is_empty() {
        let mut units: Vec<&Name> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for o in rows.iter() {
            if seen.insert(o.dossier.unit.key.as_str()) {
                units.push(&o.dossier.unit);
            }
        }
        let warnings = renames::unmatched_units(&reminders, units.into_iter());
        if let Some(i) = inputs.iter_mut().find(|i| i.kind == "reminded") {
            i.warnings.extend(warnings);
        }
    }
    // Nghị định 335/2025 scores, for the years it rules.
    let scored = rows.iter().filter_map(|o| {
        Some(rules::scoring::Scored {
            unit: &o.dossier.unit,
            officer: &o.dossier.officer,
            status: o.verdict.status,
            paused: o.verdict.paused,
            received: o.dossier.received.map(|m| m.date),
            due: o.dossier.due?.date,
            extended: o.dossier.extended_due.is_some(),
        })
    });
    let mut scores = rules::scoring::scores(scored, &ctx);
    scores.sort_by(|a, b| {
        (&a.unit.key, a.name.is_empty(), &a.name.key, rules::scoring::period_order(&a.period)).cmp(&(
            &b.unit.key,
            b.name.is_empty(),
            &b.name.key,
            rules::scoring::period_order(&b.period),
        ))
    });
    let score_flags = rules::scoring::flags(&scores, &proposals, &ctx);
    let resolved = summary.early + summary.on_time + summary.late;
    summary.on_time_rate =
        (resolved > 0).then(|| f64::from(summary.early + summary.on_time) * 100.0 / f64::from(resolved));
    summary.rejected_rows = rejected.len() as u32;
    summary.duplicates_merged = duplicates.len() as u32;
    summary.conflicts = conflicts.len() as u32;
    let officers: Vec<AssessmentOut> = officers_assessed.iter().map(AssessmentOut::from).collect();
    let units: Vec<AssessmentOut> = units_assessed.iter().map(AssessmentOut::from).collect();
    for a in officers.iter().chain(&units) {
        match a.finding {
            Finding::Violation => summary.violations += 1,
            Finding::AtRisk => summary.at_risk += 1,
            Finding::Ok => {}
        }
    }
    let provisional_years: Vec<i32> = years_provisional.into_iter().collect();
    let provenance = Provenance {
        agency: agency.name,
        place: agency.place,
        period: None,
        as_of: ctx.as_of,
        rule_set: RuleSetRef::of(&ctx.profile),
        calendar: CalendarRef::of(&ctx.calendar, &ctx.profile.calendar.overrides, &provisional_years),
        app_version: crate::APP_VERSION.to_string(),
        files,
        figures_sha256: None,
    };
    let report = Report {
        schema: SCHEMA,
        app_version: crate::APP_VERSION,
        profile: ProfileRef::of(&ctx.profile),
        as_of: ctx.as_of,
        assessment_year: ctx.assessment_year(),
        provisional_years,
        provenance,
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
        scores,
        score_flags,
        renames: renamed,
    };
    Checked { report, ctx, officers: officers_assessed, units: units_assessed }
}
