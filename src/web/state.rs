//! The page's state: one [`State`], the [`Action`]s that change it, and [`State::apply`], the reducer, which
//! returns the [`Effect`]s the action calls for (a request to the worker, a restart, settings to keep…). No
//! browser here: the worker's answers arrive as the protocol's [`Reply`] values, and the effects are values the
//! bridge carries out, so every transition and its effects are unit-tested natively.

use super::engine::{self, CheckParams, ExportFormat, ExportParams, FileInspection, ReadChoice, Role, Why};
use super::protocol::{JobStage, Json, Reply, Request};
use super::province::ProvinceView;
use super::query::{PrintAnswer, ViewAnswer, ViewQuery};
use super::settings::Settings;
use super::table::{PeriodSpec, Query, Tab, WhyKind};
use super::view::ViewReport;
use super::{format, max_bytes_for, Lang, MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_WORKBOOK_BYTES, MAX_XLSX_BYTES};
use crate::model::Text;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Landing,
    Review,
    Results,
    /// The roll-up of the agencies' reports (Tổng hợp mode).
    Rollup,
}

/// What the landing page is for: checking an agency's logs, or rolling up the agencies' reports (Tổng hợp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Check,
    Rollup,
}

/// A file the user gave; its bytes stay in the browser's `File` (held by the bridge under `id`).
#[derive(Debug, Clone, PartialEq)]
pub struct FileEntry {
    pub id: u32,
    pub name: String,
    pub size: u64,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Inspect,
    Check,
    Sample,
    /// Roll up the reports chosen (Tổng hợp mode).
    Rollup,
}

/// Work running in the worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: u32,
    pub kind: JobKind,
    /// Milliseconds since it began (the page's clock ticks while it runs).
    pub elapsed: f64,
    /// The stage the worker last reported, with its figures (None: not begun).
    pub stage: Option<JobStage>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WhyPanel {
    Loading { kind: WhyKind, idx: u32 },
    Ready(Why),
}

/// A message shown in the page; `details` (for a crash) can be copied.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub msg: Text,
    pub details: Option<String>,
    pub error: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub screen: Screen,
    pub mode: Mode,
    /// The last roll-up, as the page shows it.
    pub rollup: Option<Rc<ProvinceView>>,
    pub settings: Settings,
    pub files: Vec<FileEntry>,
    pub as_of_text: String,
    pub as_of: Option<NaiveDate>,
    pub read: ReadChoice,
    pub inspection: Vec<FileInspection>,
    pub job: Option<Job>,
    pub next_job: u32,
    pub report: Option<Rc<ViewReport>>,
    /// Bumped with every new report (the embedded element tells its host page).
    pub report_version: u32,
    /// The worker's answer to the last [`ViewQuery`]: what the results screen shows of the period and tab.
    pub view: Option<Rc<ViewAnswer>>,
    /// The print view's late dossiers for the period.
    pub print: Option<Rc<PrintAnswer>>,
    pub sample: bool,
    pub period: PeriodSpec,
    pub tab: Tab,
    pub queries: HashMap<Tab, Query>,
    pub why: Option<WhyPanel>,
    pub notice: Option<Notice>,
    pub exporting: Option<ExportFormat>,
    /// The exports leave out the list of every dossier (the smaller choice a refused export names).
    pub without_dossiers: bool,
    pub downloads: Vec<(String, String)>,
    pub settings_open: bool,
    /// The training tour's step, when it is open.
    pub tour: Option<usize>,
    /// The current worker has said it is loaded (`data-worker="ready"` on the page, for tests and host pages).
    pub worker_ready: bool,
    /// The last question asked of the worker for the results screen, and the last print list asked: each is asked
    /// once, when it changes.
    pub asked_view: Option<ViewQuery>,
    pub asked_print: Option<PeriodSpec>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetLang(Lang),
    /// Check an agency's logs, or roll up the agencies' reports.
    SetMode(Mode),
    /// The roll-up's export files.
    RollupExport(ExportFormat),
    /// Files picked or dropped (ids from the bridge).
    AddFiles(Vec<FileEntry>),
    /// Removes a file; on the review screen the others are read again.
    RemoveFile(u32),
    SetAsOf(String),
    /// Starts a job: read the files for the review (`Inspect`), check them (`Check`: the sample again when the
    /// results are the sample's) or check the sample (`Sample`).
    Start(JobKind),
    /// What the worker answered (the bridge has made the exports' downloads: [`Action::Downloads`]).
    Worker(Reply),
    /// The user cancelled: the worker is stopped and a new one started.
    Cancel,
    /// Milliseconds since the job began.
    Tick(f64),
    Go(Screen),
    /// The review screen's reading choices: each reads the files again.
    SetSheet(Option<String>),
    /// The sheet of the reminder or ratings list (None or "": the one whose header fits best).
    SetSideSheet(Role, Option<String>),
    /// Field name → column letter; "" puts the field back to automatic.
    SetMapping(String, String),
    SetMonthFirst(bool),
    /// The results screen's question: each change asks the worker, once.
    SetPeriod(PeriodSpec),
    SetTab(Tab),
    Sort(usize),
    Search(String),
    Tag(String),
    Page(usize),
    OpenWhy {
        kind: WhyKind,
        idx: u32,
    },
    CloseWhy,
    Export(ExportFormat),
    /// "Không kèm danh sách hồ sơ": the exports without the list of every dossier.
    SetWithoutDossiers(bool),
    /// Export files ready: (file name, object URL).
    Downloads(Vec<(String, String)>),
    Settings(Settings),
    /// A rule set file the user imported: its name and text (used when it reads as a profile).
    ImportProfile {
        name: String,
        text: String,
    },
    ToggleSettings,
    Tour(Option<usize>),
    Notify(Notice),
    DismissNotice,
    /// Copies the crash details of the notice.
    CopyDetails,
    /// Prints the A4 view.
    PrintPage,
    /// Makes the worker panic (`#selftest`, for the browser tests).
    CrashTest,
}

/// What an action calls for besides the new state: the bridge carries these out, once, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read the files for the review screen (job `id`).
    Inspect { id: u32, files: Vec<FileEntry>, read: ReadChoice, year: i32 },
    /// Run the check (job `id`) on the files, or on the sample; `first` is the results screen's first question.
    Check { id: u32, files: Vec<FileEntry>, params: CheckParams, sample: bool, first: ViewQuery },
    /// Roll up the agencies' reports (job `id`).
    Rollup { id: u32, files: Vec<FileEntry> },
    /// A request to the worker that carries no file.
    Ask(Request),
    /// Stop the worker and start a new one.
    RestartWorker,
    /// Keep the settings (localStorage) and show the page in their language.
    SaveSettings(Settings),
    /// A check has finished: the embedded element tells its host page.
    Announce(Rc<ViewReport>),
    /// Open the browser's print dialog (the A4 view).
    PrintPage,
    /// Put the text on the clipboard.
    Copy(String),
}

fn msg(vi: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(vi, en)
}

impl State {
    pub fn new(settings: Settings, today: Option<NaiveDate>) -> State {
        State {
            settings,
            as_of_text: today.map(format::date).unwrap_or_default(),
            as_of: today,
            next_job: 1,
            ..Default::default()
        }
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    pub fn query(&self) -> Query {
        self.queries.get(&self.tab).cloned().unwrap_or_default()
    }

    /// What the results screen asks the worker now.
    pub fn view_query(&self) -> ViewQuery {
        ViewQuery::new(self.period, self.tab, &self.query(), self.lang())
    }

    /// Whether the worker must be asked again: the answer shown is not the one to the current question.
    pub fn view_stale(&self) -> bool {
        self.report.is_some() && self.view.as_ref().is_none_or(|v| v.query != self.view_query())
    }

    /// Whether the print view's list is not the period's.
    pub fn print_stale(&self) -> bool {
        self.report.is_some() && self.print.as_ref().is_none_or(|p| p.period != self.period)
    }

    fn forget_report(&mut self) {
        self.report = None;
        self.view = None;
        self.print = None;
        self.asked_view = None;
        self.asked_print = None;
    }

    fn query_mut(&mut self) -> &mut Query {
        self.queries.entry(self.tab).or_default()
    }

    pub fn dossier_files(&self) -> impl Iterator<Item = &FileEntry> {
        self.files.iter().filter(|f| f.role == Role::Dossiers)
    }

    /// The assessment year: the as-of year.
    pub fn year(&self) -> i32 {
        self.as_of.map(|d| chrono::Datelike::year(&d)).unwrap_or(2023)
    }

    /// Why the check cannot run yet, if it cannot.
    pub fn blocker(&self) -> Option<Text> {
        if self.dossier_files().next().is_none() {
            return Some(msg("Hãy chọn ít nhất một tệp hồ sơ.", "Choose at least one dossier file."));
        }
        if self.as_of.is_none() {
            return Some(msg("Ngày tính đến chưa hợp lệ (dd/mm/yyyy).", "The as-of date is not valid (dd/mm/yyyy)."));
        }
        if let Some(bad) = self.inspection.iter().find(|f| f.error.is_some()) {
            return Some(msg(
                format!("Tệp \"{}\" không đọc được: hãy bỏ tệp này hoặc sửa lựa chọn đọc.", bad.file),
                format!("File \"{}\" cannot be read: remove it or change the reading choices.", bad.file),
            ));
        }
        if self.job.is_some() {
            return Some(msg("Đang xử lý…", "Working…"));
        }
        None
    }

    /// The reducer.
    /// The reducer: applies `action` and returns its effects.
    pub fn apply(&mut self, action: Action) -> Vec<Effect> {
        let mut fx = Vec::new();
        match action {
            Action::SetLang(l) => {
                let settings = Settings { lang: l, ..self.settings.clone() };
                self.set_settings(settings, &mut fx);
            }
            Action::SetMode(m) => {
                self.mode = m;
                self.notice = None;
            }
            Action::RollupExport(format) => {
                self.exporting = Some(format);
                self.downloads.clear();
                fx.push(Effect::Ask(Request::RollupExport { format, agency: self.settings.letterhead() }));
            }
            Action::AddFiles(new) => {
                let mut total: u64 = self.files.iter().map(|f| f.size).sum();
                let mut refused = Vec::new();
                for f in new {
                    if f.size > max_bytes_for(&f.name) || total + f.size > MAX_TOTAL_BYTES {
                        refused.push(f.name);
                        continue;
                    }
                    // Logs and agencies' reports come many at a time; each list is one file.
                    if !matches!(f.role, Role::Dossiers | Role::Report) {
                        self.files.retain(|x| x.role != f.role);
                        // Another list: the sheet chosen in the one it replaces does not hold.
                        self.read.set_side_sheet(f.role, None);
                    }
                    total += f.size;
                    self.files.push(f);
                }
                self.files.sort_by_key(|f| match f.role {
                    Role::Dossiers => 0,
                    Role::Reminded => 1,
                    Role::Ratings => 2,
                    Role::Renames => 3,
                    Role::Report => 4,
                });
                self.forget_report();
                self.sample = false;
                self.notice = (!refused.is_empty()).then(|| Notice {
                    msg: msg(
                        format!(
                            "Tệp quá lớn, chưa mở: {}. Ứng dụng nhận tệp CSV đến {}, tệp Excel .xlsx đến {}, tệp \
                                .xls/.ods đến {} (tổng {}; khoảng 2.000.000 hồ sơ mỗi tệp CSV, 1.000.000 mỗi tệp \
                                .xlsx): cả kết quả kiểm tra phải nằm trong bộ nhớ của trình duyệt. Hãy tách theo quý \
                                hoặc theo đơn vị.",
                            refused.join(", "),
                            format::bytes(MAX_FILE_BYTES, Lang::Vi),
                            format::bytes(MAX_XLSX_BYTES, Lang::Vi),
                            format::bytes(MAX_WORKBOOK_BYTES, Lang::Vi),
                            format::bytes(MAX_TOTAL_BYTES, Lang::Vi)
                        ),
                        format!(
                            "Too large, not opened: {}. The app takes CSV files up to {}, Excel .xlsx files up to {} \
                                and .xls/.ods files up to {} ({} in all; about 2,000,000 dossiers a CSV file, \
                                1,000,000 an .xlsx file): the results must fit in the browser's memory. Split the \
                                export by quarter or unit.",
                            refused.join(", "),
                            format::bytes(MAX_FILE_BYTES, Lang::En),
                            format::bytes(MAX_XLSX_BYTES, Lang::En),
                            format::bytes(MAX_WORKBOOK_BYTES, Lang::En),
                            format::bytes(MAX_TOTAL_BYTES, Lang::En)
                        ),
                    ),
                    details: None,
                    error: true,
                });
            }
            Action::RemoveFile(id) => {
                self.files.retain(|f| f.id != id);
                self.forget_report();
                if self.dossier_files().next().is_none() {
                    self.screen = Screen::Landing;
                    self.inspection.clear();
                }
                self.reinspect(&mut fx);
            }
            Action::SetAsOf(text) => {
                self.as_of = format::parse_date(&text);
                self.as_of_text = text;
            }
            Action::Start(kind) => fx.extend(self.start(kind)),
            Action::Tick(elapsed) => {
                if let Some(j) = &mut self.job {
                    j.elapsed = elapsed;
                }
            }
            Action::Cancel => {
                fx.push(Effect::RestartWorker);
                // A new worker starts: loaded once it says so.
                self.worker_ready = false;
                if self.job.take().is_some() {
                    self.notice = Some(Notice {
                        msg: msg(
                            "Đã hủy. Bạn có thể sửa lựa chọn rồi chạy lại.",
                            "Cancelled. You can change the choices and run again.",
                        ),
                        details: None,
                        error: false,
                    });
                }
                self.why = None;
                self.exporting = None;
            }
            Action::Worker(reply) => self.on_worker(reply, &mut fx),
            Action::Go(s) => {
                self.screen = s;
                self.why = None;
                self.tour = None;
                if s == Screen::Landing {
                    self.notice = None;
                }
            }
            Action::SetSideSheet(role, s) => {
                self.read.set_side_sheet(role, s);
                self.reinspect(&mut fx);
            }
            Action::SetSheet(s) => {
                self.read.sheet = s.filter(|s| !s.is_empty());
                // A different sheet has other columns: the mapping chosen for the old one no longer holds.
                self.read.mapping.clear();
                self.reinspect(&mut fx);
            }
            Action::SetMapping(field, column) => {
                self.read.mapping.retain(|(f, _)| *f != field);
                if !column.is_empty() {
                    self.read.mapping.push((field, column));
                }
                self.reinspect(&mut fx);
            }
            Action::SetMonthFirst(b) => {
                self.read.month_first = b;
                self.reinspect(&mut fx);
            }
            Action::SetPeriod(p) => {
                self.period = p;
                for q in self.queries.values_mut() {
                    q.page = 0;
                }
            }
            Action::SetTab(t) => self.tab = t,
            Action::Sort(col) => {
                let q = self.query_mut();
                q.sort = match q.sort {
                    Some((c, false)) if c == col => Some((col, true)),
                    Some((c, true)) if c == col => None,
                    _ => Some((col, false)),
                };
                q.page = 0;
            }
            Action::Search(s) => {
                let q = self.query_mut();
                q.search = s;
                q.page = 0;
            }
            Action::Tag(t) => {
                let q = self.query_mut();
                q.tag = t;
                q.page = 0;
            }
            Action::Page(p) => self.query_mut().page = p,
            Action::OpenWhy { kind, idx } => {
                self.why = Some(WhyPanel::Loading { kind, idx });
                fx.push(Effect::Ask(Request::Explain { kind, idx }));
            }
            Action::CloseWhy => self.why = None,
            Action::Export(format) => {
                self.exporting = Some(format);
                self.downloads.clear();
                let params = ExportParams {
                    period: self.period,
                    agency: self.settings.agency.clone(),
                    place: self.settings.place.clone(),
                    without_dossiers: self.without_dossiers,
                };
                fx.push(Effect::Ask(Request::Export { format, params }));
            }
            Action::SetWithoutDossiers(on) => self.without_dossiers = on,
            Action::Downloads(files) => {
                self.exporting = None;
                self.downloads = files;
            }
            Action::Settings(s) => self.set_settings(s, &mut fx),
            Action::ImportProfile { name, text } => match crate::profile::Profile::from_toml(&text) {
                Ok(_) => {
                    let settings = Settings { custom_profile: Some((name, text)), ..self.settings.clone() };
                    self.set_settings(settings, &mut fx);
                }
                Err(err) => {
                    let text = Text::new(format!("{name}: {err}"), format!("{name}: {err}"));
                    self.notice = Some(Notice { msg: text, details: None, error: true });
                }
            },
            Action::ToggleSettings => self.settings_open = !self.settings_open,
            Action::Tour(t) => self.tour = t,
            Action::Notify(n) => self.notice = Some(n),
            Action::DismissNotice => self.notice = None,
            Action::CopyDetails => fx.extend(self.notice.as_ref().and_then(|n| n.details.clone()).map(Effect::Copy)),
            Action::PrintPage => fx.push(Effect::PrintPage),
            Action::CrashTest => fx.push(Effect::Ask(Request::CrashTest)),
        }
        self.ask_views(&mut fx);
        fx
    }

    /// New settings: kept, and when the rules changed after a check, a word to check again.
    fn set_settings(&mut self, s: Settings, fx: &mut Vec<Effect>) {
        if s == self.settings {
            return;
        }
        let rules_changed = s.profile_choice() != self.settings.profile_choice();
        self.settings = s;
        fx.push(Effect::SaveSettings(self.settings.clone()));
        if rules_changed && self.report.is_some() {
            self.notice = Some(Notice {
                msg: msg(
                    "Quy tắc đã đổi: bấm \"Kiểm tra lại\" để áp dụng.",
                    "The rules changed: press \"Check again\" to apply them.",
                ),
                details: None,
                error: false,
            });
        }
    }

    /// Starts a job of `kind` and returns its request (none when the check cannot run: no valid as-of date).
    fn start(&mut self, kind: JobKind) -> Option<Effect> {
        let kind = if kind == JobKind::Check && self.sample { JobKind::Sample } else { kind };
        let id = self.next_job;
        // The results screen's first question (all data, the units tab), answered with the check's result.
        let first = ViewQuery { lang: self.lang(), ..Default::default() };
        // The reports are for the roll-up, the rest for the check.
        let (reports, files): (Vec<FileEntry>, Vec<FileEntry>) =
            self.files.iter().cloned().partition(|f| f.role == Role::Report);
        let effect = match kind {
            JobKind::Rollup => {
                if reports.is_empty() {
                    return None;
                }
                Effect::Rollup { id, files: reports }
            }
            JobKind::Inspect => Effect::Inspect { id, files, read: self.read.clone(), year: self.year() },
            JobKind::Check => {
                let params = CheckParams {
                    as_of: self.as_of?,
                    assessment_year: None,
                    read: self.read.clone(),
                    profile: self.settings.profile_choice(),
                    agency: self.settings.letterhead(),
                };
                Effect::Check { id, files, params, sample: false, first }
            }
            JobKind::Sample => {
                self.sample = true;
                self.files.clear();
                self.read = ReadChoice::default();
                let (y, m, d) = engine::SAMPLE_AS_OF;
                let params = CheckParams {
                    as_of: NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default(),
                    assessment_year: None,
                    read: ReadChoice::default(),
                    profile: self.settings.profile_choice(),
                    agency: self.settings.letterhead(),
                };
                Effect::Check { id, files: Vec::new(), params, sample: true, first }
            }
        };
        self.job = Some(Job { id, kind, elapsed: 0.0, stage: None });
        self.next_job += 1;
        self.notice = None;
        self.downloads.clear();
        Some(effect)
    }

    /// On the review screen, a change of the files or of the reading choices reads the files again.
    fn reinspect(&mut self, fx: &mut Vec<Effect>) {
        if self.screen == Screen::Review && self.dossier_files().next().is_some() {
            fx.extend(self.start(JobKind::Inspect));
        }
    }

    /// The results screen's tables and the print view's list come from the worker: each question is asked once,
    /// when it changes (an answer to an older one is dropped when it comes).
    fn ask_views(&mut self, fx: &mut Vec<Effect>) {
        if self.screen != Screen::Results {
            return;
        }
        let query = self.view_query();
        if self.view_stale() && self.asked_view.as_ref() != Some(&query) {
            self.asked_view = Some(query.clone());
            fx.push(Effect::Ask(Request::View { query }));
        }
        if self.print_stale() && self.asked_print != Some(self.period) {
            self.asked_print = Some(self.period);
            fx.push(Effect::Ask(Request::Print { period: self.period }));
        }
    }

    fn current(&self, id: u32) -> bool {
        self.job.as_ref().is_some_and(|j| j.id == id)
    }

    fn on_worker(&mut self, reply: Reply, fx: &mut Vec<Effect>) {
        match reply {
            Reply::Progress { id, stage } => {
                if let Some(j) = self.job.as_mut().filter(|j| j.id == id) {
                    j.stage = Some(stage);
                }
            }
            Reply::RolledUp { id, rollup: Json(view) } => {
                if self.current(id) {
                    self.job = None;
                    self.rollup = Some(view);
                    self.screen = Screen::Rollup;
                    self.exporting = None;
                    self.downloads.clear();
                }
            }
            Reply::Inspected { id, files: Json(files) } => {
                if self.current(id) {
                    self.job = None;
                    self.inspection = files;
                    self.screen = Screen::Review;
                    // The worker dropped the last report to make room for what it read.
                    self.forget_report();
                }
            }
            Reply::Checked { id, report: Json(report), view: Json(view) } => {
                if self.current(id) {
                    let sample = self.job.as_ref().is_some_and(|j| j.kind == JobKind::Sample);
                    self.job = None;
                    if sample {
                        self.as_of = Some(report_as_of(&report));
                        self.as_of_text = self.as_of.map(format::date).unwrap_or_default();
                    }
                    fx.push(Effect::Announce(report.clone()));
                    self.asked_view = Some(view.query.clone());
                    self.asked_print = None;
                    self.report = Some(report);
                    self.report_version += 1;
                    self.screen = Screen::Results;
                    self.period = PeriodSpec::All;
                    self.queries.clear();
                    self.tab = Tab::Units;
                    self.view = Some(view);
                    self.print = None;
                    self.why = None;
                    self.tour = sample.then_some(0);
                }
            }
            // No answer (no report in the worker: a new check is running) changes nothing.
            Reply::Viewed { view: None } | Reply::Printed { print: None } => {}
            Reply::Viewed { view: Some(Json(view)) } => {
                // An answer to an earlier question (the user typed on, or a new check began) is dropped.
                if self.report.is_some() && view.query == self.view_query() {
                    self.view = Some(view);
                }
            }
            Reply::Printed { print: Some(Json(print)) } => {
                if self.report.is_some() && print.period == self.period {
                    self.print = Some(print);
                }
            }
            Reply::Failed { id, error } => {
                if self.current(id) || id == 0 {
                    self.job = None;
                    self.exporting = None;
                    if matches!(self.why, Some(WhyPanel::Loading { .. })) {
                        self.why = None;
                    }
                    self.notice = Some(Notice { msg: error, details: None, error: true });
                }
            }
            Reply::Explained { why } => {
                if matches!(&self.why, Some(WhyPanel::Loading { kind, .. }) if *kind == why.kind) {
                    self.why = Some(WhyPanel::Ready(why));
                }
            }
            Reply::Ready { .. } => self.worker_ready = true,
            Reply::Crashed { details, .. } => {
                self.worker_ready = false;
                self.job = None;
                self.exporting = None;
                self.why = None;
                // The results stay on the screen (an export too big for the worker's memory must not lose them);
                // the new worker does not hold the old report, so other pages, "why?" and exports need a new check.
                let text = if self.report.is_some() {
                    msg(
                        "Đã có lỗi trong bộ xử lý (có thể do thiếu bộ nhớ); kết quả vẫn hiển thị. Để xuất báo cáo, \
                            xem giải thích hay trang khác, bấm \"Kiểm tra lại\". Hãy sao chép chi tiết bên dưới và \
                            gửi cho người hỗ trợ.",
                        "The worker hit an internal error (perhaps out of memory); the results are still shown. To \
                            export, see an explanation or other pages, press \"Check again\". Copy the details \
                            below and send them to support.",
                    )
                } else {
                    msg(
                        "Đã có lỗi trong bộ xử lý; trang vẫn dùng được. Hãy sao chép chi tiết bên dưới và gửi cho \
                            người hỗ trợ.",
                        "The worker hit an internal error; the page still works. Copy the details below and send them \
                            to support.",
                    )
                };
                self.notice = Some(Notice { msg: text, details: Some(details), error: true });
            }
            // The bridge's (exports, the worker's start) or not the page's (the JS API, the second worker).
            Reply::ExportPart { .. }
            | Reply::Exported { .. }
            | Reply::Report { .. }
            | Reply::HalfChunk { .. }
            | Reply::SecondHalf { .. } => {}
        }
    }
}

fn report_as_of(r: &ViewReport) -> NaiveDate {
    NaiveDate::parse_from_str(&r.as_of, "%Y-%m-%d").unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::engine::ProfileChoice;
    use crate::web::query::Views;
    use crate::web::view::ViewReport;

    fn file(id: u32, name: &str, size: u64, role: Role) -> FileEntry {
        FileEntry { id, name: name.into(), size, role }
    }

    fn sample_checked() -> crate::report::Report {
        let p = CheckParams {
            as_of: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            assessment_year: None,
            read: ReadChoice::default(),
            profile: ProfileChoice::default(),
            agency: Default::default(),
        };
        engine::check(&engine::sample_files(), &p).unwrap()
    }

    fn sample_report() -> ViewReport {
        engine::view(&sample_checked())
    }

    /// What the worker answers after checking the sample: the result and the first view.
    fn checked(id: u32) -> Reply {
        let r = sample_checked();
        Reply::Checked {
            id,
            report: Json(Rc::new(engine::view(&r))),
            view: Json(Rc::new(Views::default().answer(&r, &ViewQuery::default()))),
        }
    }

    /// Applies one action and keeps the state, for chains (the effects are tested apart).
    trait Then {
        fn then(self, a: Action) -> State;
    }

    impl Then for State {
        fn then(mut self, a: Action) -> State {
            self.apply(a);
            self
        }
    }

    fn start(s: State, kind: JobKind) -> (State, u32) {
        let id = s.next_job;
        (s.then(Action::Start(kind)), id)
    }

    #[test]
    fn files_then_review_then_results() {
        let s = State::new(Settings::default(), NaiveDate::from_ymd_opt(2024, 1, 15));
        assert_eq!(s.as_of_text, "15/01/2024");
        assert!(s.blocker().is_some(), "no file yet");
        let s =
            s.then(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers), file(2, "r.xlsx", 5, Role::Reminded)]));
        let s =
            s.then(Action::AddFiles(vec![file(3, "r2.xlsx", 5, Role::Reminded), file(4, "b.csv", 10, Role::Dossiers)]));
        let names: Vec<&str> = s.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.xlsx", "b.csv", "r2.xlsx"], "one reminder list; dossier files first");
        let (s, id) = start(s, JobKind::Inspect);
        assert!(s.blocker().is_some(), "busy");
        let stage = JobStage::Load { file: "a.xlsx".into(), loaded: 5, total: 10 };
        let s = s.then(Action::Worker(Reply::Progress { id, stage: stage.clone() }));
        assert_eq!(s.job.as_ref().unwrap().stage, Some(stage));
        let s = s.then(Action::Worker(Reply::Inspected { id, files: Json(Vec::new()) }));
        assert_eq!(s.screen, Screen::Review);
        assert!(s.job.is_none());
        assert!(s.blocker().is_none());
        let (s, id) = start(s, JobKind::Check);
        let s = s.then(Action::Worker(checked(id)));
        assert_eq!(s.screen, Screen::Results);
        assert_eq!(s.report.as_ref().unwrap().summary.dossiers, 25);
        assert_eq!(s.view.as_ref().unwrap().counts.dossiers, 25);
        assert!(!s.view_stale(), "the first view came with the result");
        assert!(s.print_stale(), "the print list is asked for");
        assert_eq!(s.report_version, 1);
        assert_eq!(s.tour, None, "the tour is for the sample");
    }

    #[test]
    fn the_results_screen_asks_the_worker_and_keeps_only_current_answers() {
        let r = sample_checked();
        let mut views = Views::default();
        let s = State::new(Settings::default(), NaiveDate::from_ymd_opt(2023, 12, 31))
            .then(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers)]));
        let (s, id) = start(s, JobKind::Check);
        let s = s.then(Action::Worker(checked(id)));
        // The dossier tab, sorted, page 2: each step is a new question.
        let s = s.then(Action::SetTab(Tab::Dossiers));
        assert!(s.view_stale());
        let first = s.view_query();
        let s = s.then(Action::Sort(7)).then(Action::Page(1));
        let q = s.view_query();
        assert_eq!((q.tab, q.sort, q.page), (Tab::Dossiers, Some((7, false)), 1));
        // The answer to the older question is dropped; the current one is kept.
        let s = s.then(Action::Worker(Reply::Viewed { view: Some(Json(Rc::new(views.answer(&r, &first)))) }));
        assert_eq!(s.view.as_ref().unwrap().query.tab, Tab::Units);
        let s = s.then(Action::Worker(Reply::Viewed { view: Some(Json(Rc::new(views.answer(&r, &q)))) }));
        let v = s.view.clone().unwrap();
        assert!(!s.view_stale());
        assert_eq!((v.total, v.pages, v.page), (25, 1, 0), "page 2 of one page shows the first");
        // The language is part of the question (the worker writes the cells).
        let s = s.then(Action::SetLang(Lang::En));
        assert!(s.view_stale());
        // A period: the print list follows it.
        let s = s.then(Action::SetPeriod(PeriodSpec::Quarter { year: 2023, quarter: 2 }));
        assert_eq!(s.view_query().page, 0, "a new period starts at the first page");
        let s =
            s.then(Action::Worker(Reply::Printed { print: Some(Json(Rc::new(views.print(&r, &PeriodSpec::All)))) }));
        assert!(s.print_stale(), "the list of another period is dropped");
        let period = s.period;
        let s = s.then(Action::Worker(Reply::Printed { print: Some(Json(Rc::new(views.print(&r, &period)))) }));
        assert!(!s.print_stale());
    }

    #[test]
    fn stale_and_cancelled_jobs_are_ignored() {
        let s = State::new(Settings::default(), NaiveDate::from_ymd_opt(2023, 12, 31))
            .then(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers)]));
        let (s, old) = start(s, JobKind::Check);
        let s = s.then(Action::Worker(Reply::Ready { helper: true }));
        assert!(s.worker_ready);
        let s = s.then(Action::Cancel);
        assert!(s.job.is_none());
        assert!(!s.notice.as_ref().unwrap().error);
        assert!(!s.worker_ready, "a new worker is loading");
        let (s, new) = start(s, JobKind::Check);
        assert_ne!(old, new);
        let s = s.then(Action::Worker(checked(old)));
        assert!(s.report.is_none() && s.view.is_none(), "the cancelled job's answer is dropped");
        let s = s.then(Action::Worker(Reply::Failed { id: new, error: msg("hỏng", "broken") }));
        assert!(s.job.is_none());
        assert_eq!(s.notice.as_ref().unwrap().msg.en, "broken");
    }

    #[test]
    fn too_large_files_are_refused_with_a_sentence() {
        let s = State::new(Settings::default(), None).then(Action::AddFiles(vec![
            file(1, "huge.xlsx", MAX_XLSX_BYTES + 1, Role::Dossiers),
            file(2, "ok.csv", 100, Role::Dossiers),
            file(3, "big.csv", MAX_XLSX_BYTES + 1, Role::Dossiers),
            file(4, "huge.csv", MAX_FILE_BYTES + 1, Role::Dossiers),
            file(5, "big.ods", MAX_WORKBOOK_BYTES + 1, Role::Dossiers),
            file(6, "ok.xlsx", MAX_WORKBOOK_BYTES + 1, Role::Dossiers),
            file(7, "year.csv", 445 * 1024 * 1024, Role::Dossiers),
        ]));
        // An xlsx over 100 MB, a CSV over 512 MB and an ods over 16 MB are refused; a 101 MB CSV, a 17 MB xlsx and a
        // province's two million dossiers as a 445 MB CSV are not.
        assert_eq!(
            s.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            vec!["ok.csv", "big.csv", "ok.xlsx", "year.csv"]
        );
        let n = s.notice.unwrap();
        assert!(n.error && n.msg.vi.contains("huge.xlsx, huge.csv, big.ods") && n.msg.en.contains("100.0 MB"), "{n:?}");
    }

    #[test]
    fn the_sample_opens_the_tour_and_sets_the_date() {
        let s = State::new(Settings::default(), NaiveDate::from_ymd_opt(2025, 5, 5));
        let (s, id) = start(s, JobKind::Sample);
        assert!(s.sample);
        let s = s.then(Action::Worker(checked(id)));
        assert_eq!(s.tour, Some(0));
        assert_eq!(s.as_of_text, "31/12/2023");
    }

    #[test]
    fn a_list_s_sheet_is_chosen_apart_and_forgotten_with_the_list() {
        let s = State::new(Settings::default(), None)
            .then(Action::AddFiles(vec![
                file(1, "log.xlsx", 100, Role::Dossiers),
                file(2, "nhac_nho.xlsx", 100, Role::Reminded),
            ]))
            .then(Action::SetSheet(Some("Quý IV".into())))
            .then(Action::SetSideSheet(Role::Reminded, Some("Nhắc nhở 2022".into())))
            .then(Action::SetSideSheet(Role::Ratings, Some("Đề xuất".into())));
        assert_eq!(s.read.sheet.as_deref(), Some("Quý IV"));
        assert_eq!(
            (s.read.side_sheet(Role::Reminded), s.read.side_sheet(Role::Ratings)),
            (Some("Nhắc nhở 2022"), Some("Đề xuất"))
        );
        // "" is the automatic choice; another reminder list forgets the sheet chosen in the one it replaces.
        let s = s.then(Action::SetSideSheet(Role::Ratings, Some(String::new())));
        assert_eq!(s.read.side_sheet(Role::Ratings), None);
        let s = s.then(Action::AddFiles(vec![file(3, "nhac_nho_moi.xlsx", 100, Role::Reminded)]));
        assert_eq!(s.read.side_sheet(Role::Reminded), None);
        assert_eq!(s.read.sheet.as_deref(), Some("Quý IV"));
    }

    #[test]
    fn review_choices_and_table_queries() {
        let s = State::new(Settings::default(), None)
            .then(Action::SetMapping("procedure".into(), "D".into()))
            .then(Action::SetMapping("procedure".into(), "C".into()))
            .then(Action::SetMonthFirst(true));
        assert_eq!(s.read.mapping, vec![("procedure".to_string(), "C".to_string())]);
        let s = s.then(Action::SetSheet(Some("Quý IV 2022".into())));
        assert!(s.read.mapping.is_empty() && s.read.month_first);
        let s =
            s.then(Action::SetMapping("due".into(), "E".into())).then(Action::SetMapping("due".into(), String::new()));
        assert!(s.read.mapping.is_empty(), "\"\" is automatic again");

        let s = s.then(Action::SetTab(Tab::Late)).then(Action::Page(3)).then(Action::Sort(7));
        assert_eq!(s.query().sort, Some((7, false)));
        assert_eq!(s.query().page, 0, "sorting goes back to the first page");
        let s = s.then(Action::Sort(7));
        assert_eq!(s.query().sort, Some((7, true)));
        let s = s.then(Action::Sort(7)).then(Action::Search("an".into())).then(Action::SetTab(Tab::Units));
        assert_eq!(s.query(), Query::default(), "each tab keeps its own query");
        let s = s.then(Action::SetTab(Tab::Late));
        assert_eq!(s.query().search, "an");
        assert_eq!(s.query().sort, None);
    }

    #[test]
    fn a_crash_keeps_the_page_usable_and_offers_details() {
        let s = State::new(Settings::default(), NaiveDate::from_ymd_opt(2023, 12, 31))
            .then(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers)]));
        let (s, id) = start(s, JobKind::Check);
        let s = s.then(Action::Worker(checked(id)));
        let s = s.then(Action::OpenWhy { kind: WhyKind::Dossier, idx: 3 });
        let s = s.then(Action::Worker(Reply::Crashed { id: 0, details: "panicked at src/x.rs".into() }));
        assert!(s.why.is_none() && s.job.is_none());
        // The results stay (issue 22: an export that ran out of memory lost them); the notice says how to go on.
        assert!(s.report.is_some() && s.view.is_some());
        assert_eq!(s.screen, Screen::Results);
        let notice = s.notice.unwrap();
        assert_eq!(notice.details.as_deref(), Some("panicked at src/x.rs"));
        assert!(notice.msg.vi.contains("Kiểm tra lại"), "{:?}", notice.msg);
    }

    #[test]
    fn changing_the_rules_after_a_check_says_to_check_again() {
        let s = State::new(Settings::default(), None);
        let s = State { report: Some(Rc::new(sample_report())), ..s };
        let s = s.then(Action::Settings(Settings { lang: Lang::En, ..Default::default() }));
        assert!(s.notice.is_none(), "language is not a rule");
        let s = s.then(Action::Settings(Settings { min_late: Some(4), ..Default::default() }));
        assert!(s.notice.unwrap().msg.en.contains("Check again"));
    }

    fn asked(fx: &[Effect]) -> Vec<&Request> {
        fx.iter().filter_map(|e| if let Effect::Ask(r) = e { Some(r) } else { None }).collect()
    }

    /// Tổng hợp mode: the reports go to the roll-up and only them, the logs to the check; the roll-up's answer
    /// opens its screen; its export is asked of the worker.
    #[test]
    fn the_rollup_mode_rolls_up_the_reports_only() {
        let mut s =
            State::new(Settings::default(), NaiveDate::from_ymd_opt(2023, 12, 31)).then(Action::SetMode(Mode::Rollup));
        assert!(s.apply(Action::Start(JobKind::Rollup)).is_empty(), "no report yet: nothing to roll up");
        let s = s.then(Action::AddFiles(vec![
            file(1, "log.csv", 10, Role::Dossiers),
            file(2, "a.json", 10, Role::Report),
            file(3, "b.xlsx", 10, Role::Report),
        ]));
        let mut s = s;
        let fx = s.apply(Action::Start(JobKind::Rollup));
        let Some(Effect::Rollup { id, files }) = fx.first() else { panic!("{fx:?}") };
        assert_eq!(files.iter().map(|f| f.id).collect::<Vec<_>>(), [2, 3]);
        let id = *id;
        let fx = State { mode: Mode::Check, job: None, ..s.clone() }.apply(Action::Start(JobKind::Inspect));
        let Some(Effect::Inspect { files, .. }) = fx.first() else { panic!("{fx:?}") };
        assert_eq!(files.iter().map(|f| f.id).collect::<Vec<_>>(), [1], "the check never reads a report");
        let view = crate::web::province::ProvinceView::of(&crate::rollup::roll_up(&[], &Default::default()));
        let mut s = s.then(Action::Worker(Reply::RolledUp { id, rollup: Json(Rc::new(view)) }));
        assert_eq!((s.screen, s.job.is_none(), s.rollup.is_some()), (Screen::Rollup, true, true));
        let fx = s.apply(Action::RollupExport(ExportFormat::Json));
        assert_eq!(asked(&fx), vec![&Request::RollupExport { format: ExportFormat::Json, agency: Default::default() }]);
        assert_eq!(s.exporting, Some(ExportFormat::Json));
    }

    #[test]
    fn each_action_returns_what_to_ask_of_the_worker() {
        let mut s = State::new(Settings::default(), NaiveDate::from_ymd_opt(2023, 12, 31));
        assert_eq!(s.apply(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers)])), vec![]);
        // Continue: the files are read for the review.
        let fx = s.apply(Action::Start(JobKind::Inspect));
        let files = vec![file(1, "a.xlsx", 10, Role::Dossiers)];
        assert_eq!(fx, vec![Effect::Inspect { id: 1, files: files.clone(), read: ReadChoice::default(), year: 2023 }]);
        s.apply(Action::Worker(Reply::Inspected { id: 1, files: Json(Vec::new()) }));
        // Check: the files and the rules, and the results screen's first question in the language shown.
        s.apply(Action::SetLang(Lang::En));
        let fx = s.apply(Action::Start(JobKind::Check));
        let Some(Effect::Check { id: 2, files: f, params, sample: false, first }) = fx.first() else {
            panic!("{fx:?}")
        };
        assert_eq!((f, params.as_of, first.lang), (&files, NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(), Lang::En));
        // The result: the host page is told, and the print list asked for (the first view came with it).
        let r = sample_checked();
        let view = Json(Rc::new(Views::default().answer(&r, first)));
        let fx = s.apply(Action::Worker(Reply::Checked { id: 2, report: Json(Rc::new(engine::view(&r))), view }));
        assert!(matches!(&fx[0], Effect::Announce(r) if r.summary.dossiers == 25), "{fx:?}");
        assert_eq!(asked(&fx), vec![&Request::Print { period: PeriodSpec::All }]);
        // A question is asked once: a second action that does not change it asks nothing.
        let fx = s.apply(Action::SetTab(Tab::Dossiers));
        assert_eq!(asked(&fx), vec![&Request::View { query: s.view_query() }]);
        assert_eq!(s.apply(Action::SetTab(Tab::Dossiers)), vec![]);
        let fx = s.apply(Action::Sort(2));
        assert!(matches!(asked(&fx)[..], [Request::View { query }] if query.sort == Some((2, false))));
        // A period asks for its view and its print list.
        let q2 = PeriodSpec::Quarter { year: 2023, quarter: 2 };
        let fx = s.apply(Action::SetPeriod(q2));
        assert!(matches!(asked(&fx)[..], [Request::View { .. }, Request::Print { period }] if *period == q2));
        // "Why?", an export with the letterhead of the settings, the crash test.
        let fx = s.apply(Action::OpenWhy { kind: WhyKind::Officer, idx: 3 });
        assert_eq!(asked(&fx), vec![&Request::Explain { kind: WhyKind::Officer, idx: 3 }]);
        s.apply(Action::Settings(Settings { agency: "UBND huyện".into(), ..s.settings.clone() }));
        let fx = s.apply(Action::Export(ExportFormat::Xlsx));
        let Some(Request::Export { format: ExportFormat::Xlsx, params }) = asked(&fx).first().copied() else {
            panic!()
        };
        assert_eq!((params.period, params.agency.as_str(), params.without_dossiers), (q2, "UBND huyện", false));
        assert_eq!(s.exporting, Some(ExportFormat::Xlsx));
        s.apply(Action::SetWithoutDossiers(true));
        let fx = s.apply(Action::Export(ExportFormat::Csv));
        assert!(matches!(asked(&fx)[..], [Request::Export { params, .. }] if params.without_dossiers));
        assert_eq!(asked(&s.apply(Action::CrashTest)), vec![&Request::CrashTest]);
        // Cancel restarts the worker; printing and copying are the bridge's.
        assert_eq!(s.apply(Action::Cancel), vec![Effect::RestartWorker]);
        assert_eq!(s.apply(Action::PrintPage), vec![Effect::PrintPage]);
        s.apply(Action::Worker(Reply::Crashed { id: 0, details: "panicked".into() }));
        assert_eq!(s.apply(Action::CopyDetails), vec![Effect::Copy("panicked".into())]);
    }

    #[test]
    fn settings_are_kept_when_they_change() {
        let mut s = State::new(Settings::default(), None);
        let fx = s.apply(Action::SetLang(Lang::En));
        assert_eq!(fx, vec![Effect::SaveSettings(Settings { lang: Lang::En, ..Default::default() })]);
        assert_eq!(s.apply(Action::SetLang(Lang::En)), vec![], "nothing changed");
        assert_eq!(s.apply(Action::ToggleSettings), vec![]);
        // An imported rule set is used when it reads as one; else the page says why.
        let fx = s.apply(Action::ImportProfile { name: "x.toml".into(), text: "không phải toml =".into() });
        assert_eq!(fx, vec![]);
        assert!(s.notice.as_ref().is_some_and(|n| n.error && n.msg.vi.starts_with("x.toml: ")));
        let text = crate::profile::BUILT_IN[0].1.to_string();
        let fx = s.apply(Action::ImportProfile { name: "tinh.toml".into(), text: text.clone() });
        assert_eq!(s.settings.custom_profile, Some(("tinh.toml".to_string(), text)));
        assert!(matches!(&fx[..], [Effect::SaveSettings(k)] if *k == s.settings));
    }

    #[test]
    fn review_changes_read_the_files_again_and_need_a_date_to_check() {
        let mut s = State::new(Settings::default(), None)
            .then(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers), file(2, "b.csv", 10, Role::Dossiers)]));
        // On the landing page a choice is only kept.
        assert_eq!(s.apply(Action::SetMonthFirst(true)), vec![]);
        s.apply(Action::Start(JobKind::Inspect));
        s.apply(Action::Worker(Reply::Inspected { id: 1, files: Json(Vec::new()) }));
        assert_eq!(s.screen, Screen::Review);
        // On the review screen each choice reads the files again, with it.
        let fx = s.apply(Action::SetSheet(Some("Quý IV".into())));
        assert!(matches!(&fx[..], [Effect::Inspect { id: 2, read, .. }] if read.sheet.as_deref() == Some("Quý IV")));
        let fx = s.apply(Action::SetMapping("due".into(), "E".into()));
        assert!(
            matches!(&fx[..], [Effect::Inspect { id: 3, read, .. }] if read.mapping.len() == 1 && read.month_first)
        );
        let fx = s.apply(Action::RemoveFile(1));
        assert!(matches!(&fx[..], [Effect::Inspect { files, .. }] if files.len() == 1));
        s.apply(Action::Worker(Reply::Inspected { id: 4, files: Json(Vec::new()) }));
        assert_eq!(s.apply(Action::RemoveFile(2)), vec![], "no dossier file left");
        assert_eq!(s.screen, Screen::Landing);
        // No valid as-of date: no check starts.
        s.apply(Action::AddFiles(vec![file(3, "c.csv", 10, Role::Dossiers)]));
        assert_eq!(s.apply(Action::Start(JobKind::Check)), vec![]);
        assert!(s.job.is_none());
        // The sample needs none: it has its own.
        let fx = s.apply(Action::Start(JobKind::Sample));
        assert!(matches!(&fx[..], [Effect::Check { sample: true, files, .. }] if files.is_empty()));
        assert!(s.sample && s.files.is_empty());
    }
}
