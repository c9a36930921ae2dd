//! What the worker does, as plain functions: read the files for the review screen, run the check, answer
//! "why?" for one row, and turn the report into export bytes. `worker` (wasm32) only moves bytes and JSON
//! between these and `www/worker.js`; the tests below run them natively on the fixtures.

use super::table::{PeriodSpec, WhyKind};
use super::view::ViewReport;
use crate::calendar::Override;
use crate::check::{self, CheckOptions, CheckRequest, Checked, InputFile};
use crate::export;
use crate::export::Letterhead;
use crate::ingest::{self, DossierTable, Field, ReadError, ReadOptions};
use crate::model::Text;
use crate::model::{Dossier, Explanation, Moment};
use crate::profile::Profile;
use crate::report::period::Period;
use crate::report::provenance::{Agency, FileDigest};
use crate::report::tables::{self, Tables};
use crate::report::Report;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The sample data of the training mode: made-up people and codes (the fixtures' 2023 log, reminder list and
/// proposed ratings), embedded so that trying the app needs no request.
pub const SAMPLE_DOSSIERS: (&str, &[u8]) =
    ("ho_so_mau_2023.xlsx", include_bytes!("../../www/sample/ho_so_mau_2023.xlsx"));
pub const SAMPLE_REMINDED: (&str, &[u8]) =
    ("nhac_nho_mau_2022.xlsx", include_bytes!("../../www/sample/nhac_nho_mau_2022.xlsx"));
pub const SAMPLE_RATINGS: (&str, &[u8]) =
    ("xep_loai_mau_2023.xlsx", include_bytes!("../../www/sample/xep_loai_mau_2023.xlsx"));
/// The as-of date the sample is meant for.
pub const SAMPLE_AS_OF: (i32, u32, u32) = (2023, 12, 31);

/// What a file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Dossiers,
    Reminded,
    Ratings,
    /// The list of renamed or merged units (old name → new name, effective date).
    Renames,
    /// An agency's Đúng Hẹn report (JSON or xlsx), for the Tổng hợp (roll-up) mode.
    Report,
}

/// One file's bytes.
#[derive(Debug, Clone)]
pub struct FileBytes {
    pub name: String,
    pub role: Role,
    pub bytes: Vec<u8>,
    /// The file's SHA-256, when the worker hashed it before its bytes went (a table the review screen kept).
    pub digest: Option<FileDigest>,
}

/// The sample files, as if uploaded.
pub fn sample_files() -> Vec<FileBytes> {
    [(SAMPLE_DOSSIERS, Role::Dossiers), (SAMPLE_REMINDED, Role::Reminded), (SAMPLE_RATINGS, Role::Ratings)]
        .into_iter()
        .map(|((name, bytes), role)| FileBytes { name: name.to_string(), role, bytes: bytes.to_vec(), digest: None })
        .collect()
}

/// The reader choices made on the review screen (they apply to every dossier file).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReadChoice {
    /// None: the sheet with the dossier table.
    pub sheet: Option<String>,
    /// (field name, column letter or header text).
    pub mapping: Vec<(String, String)>,
    /// The user confirmed that dates are written month-first (mm/dd/yyyy).
    pub month_first: bool,
    /// The sheets of the reminder, ratings and renames lists (None: the one whose header fits best).
    #[serde(default)]
    pub side_sheets: ingest::SideSheets,
}

impl ReadChoice {
    /// Chooses the sheet of the reminder, ratings or renames list ("" or None: the one whose header fits best).
    pub fn set_side_sheet(&mut self, role: Role, sheet: Option<String>) {
        let sheet = sheet.filter(|s| !s.is_empty());
        match role {
            Role::Reminded => self.side_sheets.reminded = sheet,
            Role::Ratings => self.side_sheets.ratings = sheet,
            Role::Renames => self.side_sheets.renames = sheet,
            Role::Dossiers | Role::Report => {}
        }
    }

    /// The sheet chosen for the reminder, ratings or renames list.
    pub fn side_sheet(&self, role: Role) -> Option<&str> {
        match role {
            Role::Reminded => self.side_sheets.reminded.as_deref(),
            Role::Ratings => self.side_sheets.ratings.as_deref(),
            Role::Renames => self.side_sheets.renames.as_deref(),
            Role::Dossiers | Role::Report => None,
        }
    }

    pub fn options(&self) -> ReadOptions {
        ReadOptions {
            sheet: self.sheet.clone().filter(|s| !s.is_empty()),
            mapping: self.mapping.iter().filter_map(|(f, c)| Field::parse(f).map(|f| (f, c.clone()))).collect(),
            month_first_columns: if self.month_first { vec!["*".to_string()] } else { Vec::new() },
        }
    }
}

/// The rule set to use: a built-in or imported profile, the user's patch and calendar overrides.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProfileChoice {
    /// A profile file the user imported (TOML), or a built-in named by the user; None: the built-in that covers
    /// the assessment year (`Profile::for_year`), as in the CLI.
    pub custom_toml: Option<String>,
    /// A partial TOML document laid over it (`Profile::with_patch`).
    pub patch: String,
    /// Days off / working days the user added, on top of the profile's own.
    pub overrides: Vec<Override>,
    /// The document the agency relies on to apply the rule set to a year it does not cover ("Kế hoạch CCHC năm
    /// 2024 số …/KH-UBND"): the CLI's `--carry-forward`, the JS API's `carryForward`. Printed on every output.
    #[serde(default)]
    pub carry_forward: Option<String>,
}

/// The rule set for assessment year `year`: the user's profile, or the built-in that covers the year.
pub fn build_profile(p: &ProfileChoice, year: i32) -> Result<Profile, Text> {
    let bad = |e: crate::profile::ProfileError| Text {
        vi: format!("Bộ quy tắc không dùng được: {e}"),
        en: format!("The rule set cannot be used: {e}"),
    };
    let mut profile = match &p.custom_toml {
        Some(t) => Profile::from_toml(t).map_err(bad)?,
        None => Profile::for_year(year).map_err(bad)?,
    };
    if !p.patch.trim().is_empty() {
        profile = profile.with_patch(&p.patch).map_err(bad)?;
    }
    for o in &p.overrides {
        profile.calendar.overrides.retain(|x| x.date != o.date);
        profile.calendar.overrides.push(o.clone());
    }
    if let Some(doc) = p.carry_forward.as_deref().filter(|d| !d.trim().is_empty()) {
        profile = profile.carried_forward(doc);
    }
    profile.validate().map_err(bad)?;
    Ok(profile)
}

/// Everything the check needs besides the files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckParams {
    pub as_of: NaiveDate,
    pub assessment_year: Option<i32>,
    pub read: ReadChoice,
    pub profile: ProfileChoice,
    /// Who the report is from (the letterhead settings): it travels in the report's provenance.
    #[serde(default)]
    pub agency: Agency,
}

impl CheckParams {
    /// The assessment year: the one given, else the as-of date's.
    pub fn year(&self) -> i32 {
        self.assessment_year.unwrap_or_else(|| chrono::Datelike::year(&self.as_of))
    }
}

fn msg(e: &ReadError) -> Text {
    let file = &e.file;
    let t = e.text();
    Text { vi: format!("{file}: {}", t.vi), en: format!("{file}: {}", t.en) }
}

/// A check that did not run: a file that cannot be read, or a rule set not for the assessment year.
fn check_msg(e: &check::CheckError) -> Text {
    let subject = e.subject();
    let t = e.text();
    Text { vi: format!("{subject}: {}", t.vi), en: format!("{subject}: {}", t.en) }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapInfo {
    pub field: String,
    pub header: String,
    pub letter: String,
    /// Why the column was read as the field: the dictionary wording and its source, or the user's choice.
    #[serde(default)]
    pub source: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub row: u32,
    pub cells: Vec<String>,
}

/// What the review screen shows of one dossier file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableInfo {
    pub format: String,
    /// The format as the review screen names it ("Bảng HTML (.xls)", "XML Spreadsheet 2003").
    #[serde(default)]
    pub format_label: Text,
    /// Fields the table has no column for, given by group heading rows: (field name, the heading rows).
    #[serde(default)]
    pub group_fields: Vec<(String, Vec<u32>)>,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub header_row: u32,
    pub header_last_row: u32,
    pub mapping: Vec<MapInfo>,
    pub missing: Vec<String>,
    pub warnings: Vec<Text>,
    pub rows: u32,
    pub dossiers: u32,
    pub rejected: u32,
    pub blank: u32,
    pub non_data: u32,
    /// Column letters a field can be mapped to, with the header when the reader knows it.
    pub columns: Vec<(String, String)>,
    /// The first dossiers as read, one cell per mapped field (in `mapping` order).
    pub preview: Vec<PreviewRow>,
    /// The first rejected rows (row, column, value, reason).
    pub rejected_preview: Vec<(u32, String, String, Text)>,
    /// The rows that are no dossiers (row, text, why), the first [`NON_DATA_SHOWN`].
    #[serde(default)]
    pub non_data_rows: Vec<(u32, String, Text)>,
}

/// How many non-data rows the review screen lists.
pub const NON_DATA_SHOWN: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideInfo {
    pub format: String,
    pub sheet: String,
    /// Every sheet of the workbook (one, empty, for a text file).
    #[serde(default)]
    pub sheets: Vec<String>,
    /// The columns read: (field name, column letter, header text).
    #[serde(default)]
    pub columns: Vec<(String, String, String)>,
    pub header_row: u32,
    pub records: u32,
    pub rejected: u32,
    pub missing: Vec<String>,
    pub warnings: Vec<Text>,
    /// For the renames list: each line and what it matches among the other lists' records.
    #[serde(default)]
    pub renames: Vec<RenameLine>,
}

/// One line of the renames list on the review screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenameLine {
    /// "Phòng X → Phòng Y từ 01/07/2025 (dòng 2)".
    pub line: Text,
    pub status: crate::report::RenameStatus,
    /// The status as a user reads it ("Đã áp dụng").
    pub label: Text,
    /// What the line did ("áp dụng cho 2 dòng nhắc nhở…").
    pub outcome: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileInspection {
    pub file: String,
    pub role: Role,
    pub size: u64,
    pub table: Option<TableInfo>,
    pub side: Option<SideInfo>,
    pub error: Option<Text>,
}

pub const PREVIEW_ROWS: usize = 8;

fn cell_text(d: &Dossier, f: Field) -> String {
    let m = |x: &Option<Moment>| x.map(|m| m.display_vi()).unwrap_or_default();
    match f {
        Field::Code => d.code.clone(),
        Field::Procedure => d.procedure.as_deref().unwrap_or_default().to_string(),
        Field::FieldOfWork => d.field.as_deref().unwrap_or_default().to_string(),
        Field::Unit => d.unit.display.clone(),
        Field::Officer => d.officer.display.clone(),
        Field::Received => m(&d.received),
        Field::Due => m(&d.due),
        Field::ExtendedDue => m(&d.extended_due),
        Field::Finished => m(&d.finished),
        Field::Returned => m(&d.returned),
        Field::Status => d.status_text.as_deref().unwrap_or_default().to_string(),
        Field::Channel => d.channel.map(|c| format!("{c:?}")).unwrap_or_default(),
        Field::StatutoryDays => d.statutory_days.map(|n| n.to_string()).unwrap_or_default(),
        Field::Apology => match d.apology {
            Some(true) => "có".into(),
            Some(false) => "không".into(),
            None => String::new(),
        },
    }
}

fn table_info(t: &DossierTable) -> TableInfo {
    let widest = t.mapping.iter().map(|c| c.column + 1).max().unwrap_or(0).max(15) + 3;
    let columns = (0..widest)
        .map(|i| {
            let letter = ingest::column_letter(i);
            let header = t.mapping.iter().find(|c| c.column == i).map(|c| c.header.clone()).unwrap_or_default();
            (letter, header)
        })
        .collect();
    TableInfo {
        format: t.format.to_string(),
        format_label: format_label(&t.format),
        group_fields: t.group_fields.iter().map(|g| (g.field.name().to_string(), g.rows.clone())).collect(),
        sheets: t.sheets.clone(),
        sheet: t.sheet.clone(),
        header_row: t.header_row,
        header_last_row: t.header_last_row,
        mapping: t
            .mapping
            .iter()
            .map(|c| MapInfo {
                field: c.field.name().into(),
                header: c.header.clone(),
                letter: c.letter.clone(),
                source: c.source.note(),
            })
            .collect(),
        missing: t.missing.iter().map(|f| f.name().to_string()).collect(),
        warnings: t.warnings.clone(),
        rows: t.counts.rows,
        dossiers: t.counts.dossiers,
        rejected: t.counts.rejected,
        blank: t.counts.blank,
        non_data: t.counts.non_data,
        columns,
        preview: t
            .dossiers
            .iter()
            .take(PREVIEW_ROWS)
            .map(|d| PreviewRow { row: d.source.row, cells: t.mapping.iter().map(|c| cell_text(d, c.field)).collect() })
            .collect(),
        rejected_preview: t
            .rejected
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| (r.source.row, r.source.column.clone().unwrap_or_default(), r.value.clone(), r.reason.clone()))
            .collect(),
        non_data_rows: t
            .non_data_rows
            .iter()
            .take(NON_DATA_SHOWN)
            .map(|r| (r.source.row, r.text.clone(), r.reason.clone()))
            .collect(),
    }
}

/// How the review screen names a format: the HTML-table "Excel" and XML Spreadsheet 2003 by what they are.
fn format_label(f: &ingest::Format) -> Text {
    match f {
        ingest::Format::Html { encoding } => {
            Text::new(format!("Bảng HTML (.xls, {encoding})"), format!("HTML table (.xls, {encoding})"))
        }
        ingest::Format::Xml2003 => Text::new("XML Spreadsheet 2003", "XML Spreadsheet 2003"),
        other => Text::new(other.to_string(), other.to_string()),
    }
}

fn side_info<T>(l: &ingest::SideList<T>) -> SideInfo {
    SideInfo {
        format: l.format.to_string(),
        sheet: l.sheet.clone(),
        sheets: l.sheets.clone(),
        columns: l.mapping.iter().map(|c| (c.field.to_string(), c.letter.clone(), c.header.clone())).collect(),
        header_row: l.header_row,
        records: l.counts.dossiers,
        rejected: l.counts.rejected,
        missing: l.missing.iter().map(|m| m.to_string()).collect(),
        warnings: l.warnings.clone(),
        renames: Vec::new(),
    }
}

/// Reads every file the way the check will, for the review screen. Errors are per file: one bad file does not
/// hide what the others hold.
pub fn inspect(files: &[FileBytes], read: &ReadChoice, assessment_year: i32) -> Vec<FileInspection> {
    inspect_keep(files, Vec::new(), read, assessment_year, &mut |_| {}).0
}

/// [`inspect`], keeping what it read: the table of each file (None for the side lists and for a dossier file that
/// could not be read), so that the check need not read the files again ([`check_lean`]). `tables[i]`, when there,
/// is the i-th file's dossier table already read (in halves by two workers, `ingest::join_halves`): its bytes are
/// not read again. `progress` hears of the dossier files' rows read and converted.
pub fn inspect_keep(
    files: &[FileBytes],
    tables: Vec<Option<DossierTable>>,
    read: &ReadChoice,
    assessment_year: i32,
    progress: &mut dyn FnMut(crate::ingest::Progress),
) -> (Vec<FileInspection>, Vec<Option<DossierTable>>) {
    let opts = read.options();
    let mut tables = tables.into_iter();
    // What the renames list will match: the lists' records and the logs' units, as the check has them.
    let (mut reminders, mut proposals, mut renames) = (Vec::new(), Vec::new(), None);
    let (outs, kept): (Vec<FileInspection>, Vec<Option<DossierTable>>) = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut out = FileInspection {
                file: f.name.clone(),
                role: f.role,
                size: f.bytes.len() as u64,
                table: None,
                side: None,
                error: None,
            };
            let mut kept = None;
            let table = tables.next().flatten();
            match f.role {
                Role::Dossiers => match table
                    .map(Ok)
                    .unwrap_or_else(|| ingest::read_dossiers_with(&f.name, &f.bytes, &opts, progress))
                {
                    Ok(t) => {
                        out.table = Some(table_info(&t));
                        kept = Some(t);
                    }
                    Err(e) => out.error = Some(msg(&e)),
                },
                Role::Reminded => match ingest::read_reminders(
                    &f.name,
                    &f.bytes,
                    assessment_year - 1,
                    read.side_sheet(Role::Reminded),
                ) {
                    Ok(l) => {
                        out.side = Some(side_info(&l));
                        reminders.extend(l.items);
                    }
                    Err(e) => out.error = Some(msg(&e)),
                },
                Role::Ratings => match ingest::read_proposals(&f.name, &f.bytes, read.side_sheet(Role::Ratings)) {
                    Ok(l) => {
                        out.side = Some(side_info(&l));
                        proposals.extend(l.items);
                    }
                    Err(e) => out.error = Some(msg(&e)),
                },
                Role::Renames => match ingest::read_renames(&f.name, &f.bytes, read.side_sheet(Role::Renames)) {
                    Ok(l) => {
                        out.side = Some(side_info(&l));
                        renames = renames.take().or(Some((i, l.items)));
                    }
                    Err(e) => out.error = Some(msg(&e)),
                },
                // Read by the roll-up, not by the review.
                Role::Report => {}
            }
            (out, kept)
        })
        .unzip();
    let mut outs = outs;
    if let (Some((i, list)), Some(start)) = (renames, NaiveDate::from_ymd_opt(assessment_year, 1, 1)) {
        let mut seen = std::collections::HashSet::new();
        let units: Vec<crate::model::Name> = kept
            .iter()
            .flatten()
            .flat_map(|t| &t.dossiers)
            .filter(|d| seen.insert(d.unit.key.as_str()))
            .map(|d| d.unit.clone())
            .collect();
        let lines = check::renames::apply(&list, start, &mut reminders, &mut proposals, &units);
        if let Some(side) = outs.get_mut(i).and_then(|o| o.side.as_mut()) {
            side.renames = lines.iter().map(rename_line).collect();
        }
    }
    (outs, kept)
}

/// A line of the renames list as the review screen shows it: "Phòng X → Phòng Y từ 01/07/2025 (dòng 2)", what it
/// did, and its outcome's name.
fn rename_line(r: &crate::report::RenameOut) -> RenameLine {
    let from = |word: &str| r.from.map(|d| format!(" {word} {}", crate::model::fmt_date(d))).unwrap_or_default();
    let line = |from: String, row: &str| format!("{} → {}{from} ({row} {})", r.old, r.new, r.source.row);
    RenameLine {
        line: Text::new(line(from("từ"), "dòng"), line(from("from"), "row")),
        status: r.status.clone(),
        label: r.status.label(),
        outcome: r.outcome.clone(),
    }
}

/// Runs the whole check, every dossier explained.
pub fn check(files: &[FileBytes], p: &CheckParams) -> Result<Report, Text> {
    check_report(files, p, true)
}

/// Runs the whole check: the contract the JS API returns, every officer and unit explained, every dossier too
/// when `explain` (the JS API's option).
pub fn check_report(files: &[FileBytes], p: &CheckParams, explain: bool) -> Result<Report, Text> {
    with_request(files, p, |req| {
        let mut checked = check::run(req, CheckOptions { explain }, &mut |_| {}).map_err(|e| check_msg(&e))?;
        checked.explain_assessments();
        Ok(checked.report)
    })
}

/// Runs the check for the page: explanations are computed when a "why?" panel asks (a million of them would not
/// fit in the worker's memory), and `progress` hears of rows read, rows converted and dossiers judged.
/// `tables[i]`, when there, is the i-th dossier file already read with `p.read` (by the review screen,
/// [`inspect_keep`]): that file is not read again, and its bytes may be empty.
pub fn check_lean(
    files: &[FileBytes],
    tables: Vec<Option<DossierTable>>,
    p: &CheckParams,
    progress: &mut dyn FnMut(crate::ingest::Progress),
) -> Result<Checked, Text> {
    with_request(files, p, |req| {
        let mut kept = tables.into_iter();
        let mut read = Vec::with_capacity(req.dossier_files.len());
        for f in &req.dossier_files {
            read.push(match kept.next().flatten() {
                Some(t) => t,
                None => ingest::read_dossiers_with(f.name, f.bytes, &req.read, progress).map_err(|e| msg(&e))?,
            });
        }
        check::run_tables(req, read, CheckOptions { explain: false }, progress).map_err(|e| check_msg(&e))
    })
}

fn with_request<T>(
    files: &[FileBytes],
    p: &CheckParams,
    run: impl FnOnce(&CheckRequest<'_>) -> Result<T, Text>,
) -> Result<T, Text> {
    let profile = build_profile(&p.profile, p.year())?;
    fn input(f: &FileBytes) -> InputFile<'_> {
        InputFile { name: &f.name, bytes: &f.bytes }
    }
    let dossier_files: Vec<InputFile<'_>> = files.iter().filter(|f| f.role == Role::Dossiers).map(input).collect();
    if dossier_files.is_empty() {
        return Err(Text::new("Chưa có tệp hồ sơ nào.", "No dossier file yet."));
    }
    let req = CheckRequest {
        dossier_files,
        reminded: files.iter().find(|f| f.role == Role::Reminded).map(input),
        ratings: files.iter().find(|f| f.role == Role::Ratings).map(input),
        renames: files.iter().find(|f| f.role == Role::Renames).map(input),
        read: p.read.options(),
        side_sheets: p.read.side_sheets.clone(),
        profile,
        as_of: p.as_of,
        assessment_year: p.assessment_year,
        agency: p.agency.clone(),
        digests: files.iter().filter_map(|f| f.digest.clone()).collect(),
    };
    run(&req)
}

/// The page's view of a report.
pub fn view(r: &Report) -> ViewReport {
    ViewReport::from_report(r)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewCitation {
    pub document: String,
    pub article: Option<String>,
    pub quote: Option<String>,
    pub sureness: Text,
}

/// The "why?" panel's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Why {
    pub kind: WhyKind,
    pub title: String,
    pub subtitle: String,
    pub steps: Vec<Text>,
    pub citations: Vec<ViewCitation>,
}

/// The "why?" panel of an explanation.
pub fn why_of(kind: WhyKind, title: String, subtitle: String, e: &Explanation) -> Why {
    Why {
        kind,
        title,
        subtitle,
        steps: e.steps.iter().map(|s| Text::new(s.vi.clone(), s.en.clone())).collect(),
        citations: e
            .citations
            .iter()
            .map(|c| ViewCitation {
                document: c.document.clone(),
                article: c.article.clone(),
                quote: c.quote.clone(),
                sureness: Text::new(c.sureness.label_vi(), c.sureness.label_en()),
            })
            .collect(),
    }
}

/// The explanation of one dossier, officer or unit of a lean check, the dossier's computed now.
pub fn explain_checked(c: &Checked, kind: WhyKind, idx: usize) -> Option<Why> {
    match kind {
        WhyKind::Dossier => {
            let d = c.report.dossiers.get(idx)?;
            Some(why_of(kind, d.code.clone(), d.verdict.status.label_vi().to_string(), &c.explain_dossier(idx)?))
        }
        WhyKind::Officer | WhyKind::Unit => {
            why_assessment(&c.report, kind, idx, &c.explain_assessment(kind == WhyKind::Unit, idx)?)
        }
        WhyKind::Score => why_score(&c.report, idx),
        // The list of the period shown, kept by the worker's views (`query::Views::commend_why`).
        WhyKind::Commend => None,
    }
}

/// The explanation of one dossier, officer or unit of the report.
pub fn explain(r: &Report, kind: WhyKind, idx: usize) -> Option<Why> {
    match kind {
        WhyKind::Dossier => r
            .dossiers
            .get(idx)
            .map(|d| why_of(kind, d.code.clone(), d.verdict.status.label_vi().to_string(), d.explanation)),
        WhyKind::Officer => why_assessment(r, kind, idx, &r.officers.get(idx)?.explanation),
        WhyKind::Unit => why_assessment(r, kind, idx, &r.units.get(idx)?.explanation),
        WhyKind::Score => why_score(r, idx),
        WhyKind::Commend => None,
    }
}

/// The "why?" of the report's `idx`-th Nghị định 335/2025 score row: how its figures and points were counted, then
/// each flag on the proposed rating shown on that row with its own steps and citations.
fn why_score(r: &Report, idx: usize) -> Option<Why> {
    let sc = r.scores.get(idx)?;
    let mut e = sc.explanation.clone();
    for f in super::table::score_row_flags(r, sc) {
        e.steps.push(Text::new(format!("Cảnh báo: {}", f.message.vi), format!("Flag: {}", f.message.en)));
        e.steps.extend(f.explanation.steps.iter().cloned());
        for c in &f.explanation.citations {
            if !e.citations.contains(c) {
                e.citations.push(c.clone());
            }
        }
    }
    let title = if sc.is_unit() { sc.unit.display.clone() } else { sc.name.display.clone() };
    let subtitle = if sc.is_unit() { sc.period.clone() } else { format!("{} · {}", sc.unit.display, sc.period) };
    Some(why_of(WhyKind::Score, title, subtitle, &e))
}

/// The "why?" of the report's `idx`-th officer or unit (`kind`), saying `e`.
fn why_assessment(r: &Report, kind: WhyKind, idx: usize, e: &Explanation) -> Option<Why> {
    let (a, subtitle) = match kind {
        WhyKind::Unit => (r.units.get(idx)?, String::new()),
        WhyKind::Officer | WhyKind::Dossier | WhyKind::Score | WhyKind::Commend => {
            let a = r.officers.get(idx)?;
            (a, a.unit.display.clone())
        }
    };
    Some(why_of(kind, a.name.display.clone(), subtitle, e))
}

/// What an export is for: the period of the official tables and who signs them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExportParams {
    pub period: PeriodSpec,
    pub agency: String,
    pub place: String,
    /// Leaves out the list of every dossier (the xlsx's "Hồ sơ" sheets, ho-so.csv): the smaller choice when a
    /// province's list would not fit in the worker's memory.
    #[serde(default)]
    pub without_dossiers: bool,
}

/// The export formats: the official xlsx report of the period, one CSV per table, the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Json,
}

/// An export: file name, MIME type and bytes.
#[derive(Debug, Clone)]
pub struct Export {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// The library's period for a choice on the page ("all" is the assessment year).
pub fn period_of(spec: &PeriodSpec, r: &Report, profile: &Profile) -> Period {
    let cutoff = profile.periods.cutoff.latest().value;
    match *spec {
        PeriodSpec::All => Period::year(r.assessment_year, cutoff),
        PeriodSpec::Year { year } => Period::year(year, cutoff),
        PeriodSpec::Half { year, half } => Period::half(year, half, cutoff),
        PeriodSpec::Quarter { year, quarter } => Period::quarter(year, quarter, cutoff),
        PeriodSpec::Custom { start, end } => Period::custom(start, end),
    }
}

/// xlsx: the official tables of the period, laid out for signing; csv: one file per table; json: the contract
/// with the period's tables. Whole files (the tests).
pub fn export(r: &Report, profile: &Profile, format: ExportFormat, p: &ExportParams) -> Result<Vec<Export>, Text> {
    let period = period_of(&p.period, r, profile);
    let t = tables::build(r, &period, profile);
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut files = export_tables(r, &period, &t, format, p, &mut |name, bytes| parts.push((name.to_string(), bytes)))?;
    for f in &mut files {
        let mut whole: Vec<u8> =
            parts.iter().filter(|(n, _)| *n == f.name).flat_map(|(_, b)| b.iter().copied()).collect();
        whole.append(&mut f.bytes);
        f.bytes = whole;
    }
    Ok(files)
}

/// [`export`] of the page's check: the late dossiers' and every officer's and unit's explanations are computed now
/// (the tables show them); the JSON's dossiers carry none, as the CLI's without `--explain`. Each file goes to
/// `part` in parts of at most [`EXPORT_PART`] bytes, in order, as it is written (the JSON never whole in memory);
/// the files returned hold their last part.
pub fn export_checked(
    c: &mut Checked,
    profile: &Profile,
    format: ExportFormat,
    p: &ExportParams,
    part: &mut dyn FnMut(&str, Vec<u8>),
) -> Result<Vec<Export>, Text> {
    c.explain_assessments();
    let period = period_of(&p.period, &c.report, profile);
    let mut t = tables::build(&c.report, &period, profile);
    c.explain_late(&mut t);
    export_tables(&c.report, &period, &t, format, p, part)
}

/// The size of the parts an export is handed over in: the page joins them into one file (a `Blob` of parts), so
/// no single buffer holds a big file, and the JSON is never whole in the worker's memory.
pub const EXPORT_PART: usize = 4 << 20;

/// Bytes written, handed to `send` every [`EXPORT_PART`] bytes; the rest stays in `buf`.
struct Parts<'a> {
    buf: Vec<u8>,
    send: &'a mut dyn FnMut(Vec<u8>),
}

impl std::io::Write for Parts<'_> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= EXPORT_PART {
            (self.send)(std::mem::replace(&mut self.buf, Vec::with_capacity(EXPORT_PART + (64 << 10))));
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `bytes` less its leading parts, each handed to `part` under `name`.
fn tail(name: &str, mut bytes: Vec<u8>, part: &mut dyn FnMut(&str, Vec<u8>)) -> Vec<u8> {
    if bytes.len() <= EXPORT_PART {
        return bytes;
    }
    let cut = (bytes.len() - 1) / EXPORT_PART * EXPORT_PART;
    for chunk in bytes[..cut].chunks(EXPORT_PART) {
        part(name, chunk.to_vec());
    }
    bytes.drain(..cut);
    bytes
}

fn export_tables(
    r: &Report,
    period: &Period,
    t: &Tables,
    format: ExportFormat,
    p: &ExportParams,
    part: &mut dyn FnMut(&str, Vec<u8>),
) -> Result<Vec<Export>, Text> {
    let stem = format!("dung-hen-{}", period.slug().replace("..", "_"));
    let head = Letterhead { agency: p.agency.clone(), place: p.place.clone() };
    let list = !p.without_dossiers;
    match format {
        ExportFormat::Xlsx => {
            let name = format!("{stem}.xlsx");
            let bytes = export::to_xlsx_with(r, t, &head, export::SHEET_ROWS, list).map_err(|e| Text {
                vi: format!("Không tạo được tệp Excel: {e}"),
                en: format!("Could not write the Excel file: {e}"),
            })?;
            Ok(vec![Export { bytes: tail(&name, bytes, part), name, mime: XLSX_MIME }])
        }
        ExportFormat::Csv => Ok(export::to_csv_files_with(r, t, list)
            .into_iter()
            .map(|(name, bytes)| {
                let name = format!("{stem}-{name}");
                Export { bytes: tail(&name, bytes, part), name, mime: "text/csv;charset=utf-8" }
            })
            .collect()),
        ExportFormat::Json => {
            let name = format!("{stem}.json");
            let mut send = |b: Vec<u8>| part(&name, b);
            let mut w = Parts { buf: Vec::new(), send: &mut send };
            let written = export::write_json(&mut w, r, Some(t));
            let bytes = std::mem::take(&mut w.buf);
            written.map_err(|e| Text {
                vi: format!("Không tạo được tệp JSON: {e}"),
                en: format!("Could not write the JSON file: {e}"),
            })?;
            Ok(vec![Export { name, mime: "application/json", bytes }])
        }
    }
}

/// What an export of `r` takes of the worker's memory at most, in bytes. In the browser the xlsx is built in
/// memory (rust_xlsxwriter's row-by-row mode needs a file system): each row of the dossier list held as cells, its
/// sheet's XML and the zipped file; a CSV file is held whole; the JSON is written in parts.
pub fn export_need(r: &Report, format: ExportFormat, p: &ExportParams) -> u64 {
    let list = if p.without_dossiers { 0 } else { r.dossiers.len() as u64 };
    let late = u64::from(r.summary.late) + u64::from(r.summary.pending_overdue);
    let small = 64 << 20;
    match format {
        ExportFormat::Xlsx => small + list * XLSX_LIST_ROW + late * XLSX_LATE_ROW,
        ExportFormat::Csv => small + list * CSV_LIST_ROW + late * CSV_LATE_ROW,
        ExportFormat::Json => small + late * CSV_LATE_ROW + 2 * EXPORT_PART as u64,
    }
}

/// Peak bytes per row of the in-memory xlsx: 4,728 measured natively with a counting allocator over 100,000 rows
/// of the 21-column dossier list (3,198 held as cells, then the sheet's XML and the zip); wasm32's pointers are
/// half as long, so this is on the safe side. The late list's rows carry a long explanation.
const XLSX_LIST_ROW: u64 = 4_800;
const XLSX_LATE_ROW: u64 = 5_500;
/// Bytes per row of ho-so.csv and of the late list's CSV, with a margin.
const CSV_LIST_ROW: u64 = 400;
const CSV_LATE_ROW: u64 = 800;

/// `None` when an export needing `need` bytes fits in the `room` the worker has left; otherwise the sentence that
/// refuses it and names the smaller choices.
pub fn export_refusal(format: ExportFormat, p: &ExportParams, need: u64, room: u64) -> Option<Text> {
    if need <= room {
        return None;
    }
    let mb = |b: u64, sep| crate::model::thousands(b.div_ceil(1 << 20), sep);
    let (vi_what, en_what) = match format {
        ExportFormat::Xlsx => ("Tệp Excel", "The Excel file"),
        ExportFormat::Csv => ("Các tệp CSV", "The CSV files"),
        ExportFormat::Json => ("Tệp JSON", "The JSON file"),
    };
    let (vi_try, en_try) = if p.without_dossiers {
        (
            "Hãy chọn kỳ ngắn hơn (một quý) hoặc kiểm tra từng đơn vị, hoặc dùng dòng lệnh `dunghen check` trên máy.",
            "Choose a shorter period (a quarter) or check each unit apart, or use the command line `dunghen check`.",
        )
    } else {
        (
            "Hãy đánh dấu \"Không kèm danh sách hồ sơ\" (các bảng báo cáo và danh sách trễ hạn vẫn đủ), xuất JSON \
            (ghi từng phần), hoặc dùng dòng lệnh `dunghen check` trên máy.",
            "Tick \"Without the dossier list\" (the report's tables and the late list stay), export JSON (written in \
            parts), or use the command line `dunghen check`.",
        )
    };
    Some(Text {
        vi: format!(
            "{vi_what} cần khoảng {} MB bộ nhớ, trình duyệt chỉ còn khoảng {} MB cho bộ xử lý: không xuất để tránh \
            mất kết quả. {vi_try}",
            mb(need, '.'),
            mb(room, '.')
        ),
        en: format!(
            "{en_what} needs about {} MB of memory and the browser has about {} MB left for the worker: not \
            exported, so that the results are not lost. {en_try}",
            mb(need, ','),
            mb(room, ',')
        ),
    })
}

pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str, role: Role) -> FileBytes {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        FileBytes { name: name.into(), role, bytes: std::fs::read(path).expect("fixture"), digest: None }
    }

    fn params() -> CheckParams {
        CheckParams {
            as_of: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            assessment_year: None,
            read: ReadChoice::default(),
            profile: ProfileChoice::default(),
            agency: Default::default(),
        }
    }

    #[test]
    fn the_api_report_explains_dossiers_only_when_asked() {
        let json = |explain| -> serde_json::Value {
            let r = check_report(&sample_files(), &params(), explain).unwrap();
            serde_json::from_slice(&crate::export::to_json(&r, None)).unwrap()
        };
        let steps = |v: &serde_json::Value| v["explanation"]["steps"].as_array().map_or(0, Vec::len);
        let (lean, full) = (json(false), json(true));
        assert!(lean["dossiers"].as_array().unwrap().iter().all(|d| d.get("explanation").is_none()));
        assert!(lean["officers"].as_array().unwrap().iter().all(|o| steps(o) > 0));
        assert!(full["dossiers"].as_array().unwrap().iter().all(|d| steps(d) > 0));
    }

    /// As in the CLI: without a profile the built-in that covers the year is used, so a 2024 or 2026 check is not
    /// refused for want of the 2023 cap rule; a named built-in stays as named.
    #[test]
    fn the_page_picks_the_rule_set_of_the_assessment_year() {
        let id = |year: i32, profile: ProfileChoice| {
            let p = CheckParams { assessment_year: Some(year), profile, ..params() };
            check_report(&[fixture("dossiers_2026.csv", Role::Dossiers)], &p, false).map(|r| r.profile.id)
        };
        assert_eq!(id(2023, ProfileChoice::default()).unwrap(), "binh-dinh-2023");
        assert_eq!(id(2024, ProfileChoice::default()).unwrap(), "toan-quoc");
        assert_eq!(id(2026, ProfileChoice::default()).unwrap(), "toan-quoc-2026");
        let toml = crate::profile::BUILT_IN.iter().find(|(i, _)| *i == "binh-dinh-2023").map(|(_, t)| t.to_string());
        let named = ProfileChoice { custom_toml: toml, ..Default::default() };
        assert!(id(2024, named).is_err(), "a named 2023 rule set is not applied to 2024");
    }

    #[test]
    fn the_2023_log_gives_the_known_answers_through_the_view() {
        let files = vec![
            fixture("dossiers_2023.xlsx", Role::Dossiers),
            fixture("reminders_2022.xlsx", Role::Reminded),
            fixture("proposals_2023.xlsx", Role::Ratings),
        ];
        let r = check(&files, &params()).unwrap();
        let v = view(&r);
        let s = &v.summary;
        assert_eq!((s.dossiers, s.early, s.on_time, s.late, s.pending_overdue), (25, 7, 9, 8, 1));
        assert_eq!(v.inputs[0].rejected, 3, "the log's rejected rows");
        assert_eq!(s.rejected_rows, 6, "with the side lists' 1 + 2");
        assert_eq!((s.violations, s.at_risk), (4, 1));
        let idx = r.dossiers.iter().position(|d| d.code == "H08.22-230414-0009").unwrap();
        let d = r.dossiers.at(idx);
        assert_eq!(d.verdict.late_working_days, 1);
        assert_eq!(d.due.map(|m| m.date), NaiveDate::from_ymd_opt(2023, 4, 28));
        let why = explain(&r, WhyKind::Dossier, idx).unwrap();
        assert!(why.steps.len() >= 3, "{why:?}");
        assert!(why.steps.iter().any(|s| s.vi.contains("Giỗ Tổ")), "{why:?}");
        let text = serde_json::to_string(&v).unwrap();
        let json: ViewReport = serde_json::from_str(&text).unwrap();
        assert_eq!(json, v);
        assert!(text.len() < 20_000, "the page's result holds no dossier list: {} bytes", text.len());
        assert!(!text.contains("H08.22-230106-0001"), "no dossier code but in the tour");
    }

    #[test]
    fn the_check_uses_the_tables_the_review_read() {
        let files = vec![fixture("dossiers_2023.xlsx", Role::Dossiers), fixture("reminders_2022.xlsx", Role::Reminded)];
        let (seen, tables) = inspect_keep(&files, Vec::new(), &ReadChoice::default(), 2023, &mut |_| {});
        assert!(seen[0].table.is_some() && tables[0].is_some() && tables[1].is_none());
        // The dossier file's bytes are gone: the kept table is all the check has.
        let mut without = files.clone();
        without[0].bytes.clear();
        let kept: Vec<_> = tables.into_iter().take(1).collect();
        let c = check_lean(&without, kept, &params(), &mut |_| {}).unwrap();
        let fresh = check_lean(&files, Vec::new(), &params(), &mut |_| {}).unwrap();
        assert_eq!(c.report.summary, fresh.report.summary);
        assert_eq!(c.report.summary.dossiers, 25);
        assert_eq!(c.report.inputs.len(), 2);
        assert!(
            check_lean(&without, Vec::new(), &params(), &mut |_| {}).is_err(),
            "without the table, the empty file is read"
        );
    }

    #[test]
    fn the_renames_list_is_read_on_review_and_its_matches_shown_on_results() {
        let files = vec![
            fixture("dossiers_2026.csv", Role::Dossiers),
            fixture("reminders_2025.csv", Role::Reminded),
            fixture("renames_2025.csv", Role::Renames),
        ];
        let seen = inspect(&files, &ReadChoice::default(), 2026);
        assert!(seen[2].side.is_some() && seen[2].error.is_none(), "{:?}", seen[2].error);
        // The review shows what each line matches among the reminders loaded beside it.
        let lines = &seen[2].side.as_ref().unwrap().renames;
        let got: Vec<(&str, &str)> = lines.iter().map(|l| (l.line.vi.as_str(), l.status.code())).collect();
        assert_eq!(
            got,
            [
                ("Phòng Tư pháp huyện Tuy Phước → Phòng Tư pháp từ 01/07/2025 (dòng 2)", "applied"),
                ("Bộ phận Một cửa huyện Tuy Phước → Bộ phận Một cửa từ 01/07/2025 (dòng 3)", "applied"),
                ("Phòng Kinh tế huyện Tuy Phước → Phòng Kinh tế xã Tuy Phước từ 01/07/2025 (dòng 4)", "ambiguous"),
                ("Phòng Kinh tế huyện Tuy Phước → Phòng Kinh tế xã Phước Lộc từ 01/07/2025 (dòng 5)", "ambiguous"),
                ("Kho bạc huyện Tuy Phước → Kho bạc khu vực từ 01/03/2026 (dòng 6)", "not_in_force"),
                ("Phòng Y tế huyện Tuy Phước → Phòng Văn hóa - Xã hội từ 01/07/2025 (dòng 7)", "unmatched"),
            ]
        );
        assert_eq!(lines[0].outcome.vi, "áp dụng cho 2 dòng nhắc nhở và 0 dòng đề xuất xếp loại.");
        assert_eq!(lines[0].label.vi, "Đã áp dụng");
        let p = CheckParams { as_of: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(), ..params() };
        let r = check(&files, &p).unwrap();
        let v = view(&r);
        assert_eq!(v.renames.len(), 6);
        assert!(v.renames[0].vi.starts_with("Phòng Tư pháp huyện Tuy Phước → Phòng Tư pháp từ 01/07/2025"));
        assert!(r
            .officers
            .iter()
            .any(|o| o.name.display == "Trần Văn An" && o.unit.display == "Phòng Tư pháp" && o.reminded));
        // The xlsx report lists every line with its outcome.
        let profile = build_profile(&p.profile, p.year()).unwrap();
        let t = tables::build(&r, &period_of(&PeriodSpec::All, &r, &profile), &profile);
        let grid = export::grid::grids(&r, &t).into_iter().find(|g| g.sheet == "Đơn vị đổi tên").unwrap();
        assert_eq!(grid.rows.len(), 6);
        let row: Vec<String> = grid.rows[4].iter().map(|c| c.as_text()).collect();
        assert_eq!(
            row,
            [
                "5",
                "Kho bạc huyện Tuy Phước",
                "Kho bạc khu vực",
                "01/03/2026",
                "renames_2025.csv",
                "6",
                "Chưa có hiệu lực",
                "0",
                "0",
                "chưa có hiệu lực khi bắt đầu năm đánh giá, không áp dụng."
            ]
        );
    }

    #[test]
    fn the_sample_is_the_2023_log() {
        let r = check(&sample_files(), &params()).unwrap();
        assert_eq!(r.summary.dossiers, 25);
        assert_eq!(r.summary.violations, 4);
    }

    #[test]
    fn inspection_shows_mapping_preview_and_per_file_errors() {
        let files =
            vec![fixture("dossiers_2023.xlsx", Role::Dossiers), fixture("broken/truncated.xlsx", Role::Dossiers)];
        let out = inspect(&files, &ReadChoice::default(), 2023);
        let t = out[0].table.as_ref().unwrap();
        assert_eq!(t.sheet, "Hồ sơ 2023");
        assert_eq!(t.sheets.len(), 3);
        assert_eq!((t.header_row, t.header_last_row), (7, 8));
        assert!(t.mapping.iter().any(|m| m.field == "due" && m.letter == "J"));
        assert_eq!(t.preview[0].row, 9);
        assert_eq!(t.preview[0].cells[0], "H08.22-230106-0001");
        assert!(out[1].error.as_ref().unwrap().en.contains("damaged or unreadable"));
        // Choosing a column by letter moves the field.
        let read = ReadChoice { mapping: vec![("procedure".into(), "D".into())], ..Default::default() };
        let t2 = inspect(&files[..1], &read, 2023)[0].table.clone().unwrap();
        assert!(t2.mapping.iter().any(|m| m.field == "procedure" && m.letter == "D"), "{:?}", t2.mapping);
        // Each column says why: the user's choice, or the dictionary's wording and its source.
        let source = |t: &TableInfo, f: &str| t.mapping.iter().find(|m| m.field == f).map(|m| m.source.vi.clone());
        assert_eq!(source(&t2, "procedure").as_deref(), Some("do người dùng chọn"));
        assert!(source(&t2, "due").is_some_and(|s| s.starts_with("từ điển tiêu đề: \"")), "{:?}", t2.mapping);
    }

    #[test]
    fn an_html_table_with_group_rows_is_named_and_its_groups_shown() {
        let html = "<html><head><meta charset=\"utf-8\"></head><body><table>\
                    <tr><th>STT</th><th>Mã hồ sơ</th><th>Ngày hẹn trả</th></tr>\
                    <tr><td colspan=3>I. Lĩnh vực Tư pháp</td></tr><tr><td>1</td><td>H1</td><td>05/04/2023</td></tr>\
                    </table></body></html>";
        let files = vec![FileBytes {
            name: "ds.xls".into(),
            role: Role::Dossiers,
            bytes: html.as_bytes().to_vec(),
            digest: None,
        }];
        let t = inspect(&files, &ReadChoice::default(), 2023)[0].table.clone().unwrap();
        assert_eq!(t.format_label.vi, "Bảng HTML (.xls, UTF-8)");
        assert_eq!(t.group_fields, vec![("field".to_string(), vec![2])]);
        assert!(t.warnings.iter().any(|w| w.vi == "Lĩnh vực lấy từ dòng tiêu đề nhóm, dòng 2"), "{:?}", t.warnings);
        assert_eq!((t.rows, t.dossiers, t.non_data), (2, 1, 1));
    }

    #[test]
    fn a_month_first_file_needs_confirmation() {
        let files = vec![fixture("month_first.csv", Role::Dossiers)];
        assert!(inspect(&files, &ReadChoice::default(), 2023)[0].error.is_some());
        let ok = inspect(&files, &ReadChoice { month_first: true, ..Default::default() }, 2023);
        assert!(ok[0].table.is_some());
    }

    #[test]
    fn a_big_file_goes_out_in_parts_in_order() {
        let bytes: Vec<u8> = (0..EXPORT_PART * 2 + 10).map(|i| (i % 251) as u8).collect();
        let mut parts = Vec::new();
        let last = tail("a.xlsx", bytes.clone(), &mut |n, b| parts.push((n.to_string(), b)));
        assert_eq!((parts.len(), last.len()), (2, 10));
        assert!(parts.iter().all(|(n, b)| n == "a.xlsx" && b.len() == EXPORT_PART));
        let joined: Vec<u8> = parts.into_iter().flat_map(|(_, b)| b).chain(last).collect();
        assert_eq!(joined, bytes);
        // Exactly one part's worth stays whole; the JSON writer hands on a part as soon as it has one.
        assert_eq!(tail("b", vec![0; EXPORT_PART], &mut |_, _| panic!()).len(), EXPORT_PART);
        let mut sent = Vec::new();
        let mut send = |b: Vec<u8>| sent.push(b.len());
        let mut w = Parts { buf: Vec::new(), send: &mut send };
        for _ in 0..3 {
            std::io::Write::write_all(&mut w, &vec![b'x'; EXPORT_PART / 2 + 1]).unwrap();
        }
        assert_eq!(w.buf.len(), EXPORT_PART / 2 + 1);
        assert_eq!(sent, vec![EXPORT_PART + 2]);
    }

    #[test]
    fn exports_are_made_and_named() {
        let r = check(&sample_files(), &params()).unwrap();
        let profile = Profile::default_profile();
        let p = ExportParams::default();
        let x = export(&r, &profile, ExportFormat::Xlsx, &p).unwrap();
        assert_eq!(&x[0].bytes[..2], b"PK");
        assert_eq!(x[0].name, "dung-hen-2023.xlsx");
        let q2 = ExportParams { period: PeriodSpec::Quarter { year: 2023, quarter: 2 }, ..Default::default() };
        assert_eq!(export(&r, &profile, ExportFormat::Json, &q2).unwrap()[0].name, "dung-hen-2023-Q2.json");
        let csv = export(&r, &profile, ExportFormat::Csv, &p).unwrap();
        assert!(csv.len() > 1 && csv.iter().all(|f| f.bytes.starts_with("\u{feff}".as_bytes())));
    }

    #[test]
    fn user_settings_reach_the_profile() {
        let p = ProfileChoice { patch: "[repeat.min_late]\nvalue = 5\n".into(), ..Default::default() };
        assert_eq!(build_profile(&p, 2023).unwrap().repeat.min_late.latest().value, 5);
        let bad = ProfileChoice { custom_toml: Some("not a profile".into()), ..Default::default() };
        assert!(build_profile(&bad, 2023).is_err());
    }
}
