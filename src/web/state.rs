//! The page's state: one [`State`], the [`Action`]s that change it, and [`State::apply`], the reducer. No
//! browser here: the worker's answers arrive as the protocol's [`Reply`] values, so every transition is
//! unit-tested natively. (`app` wraps this in Yew's `Reducible`.)

use super::engine::{ExportFormat, FileInspection, ReadChoice, Role, Why};
use super::protocol::{JobStage, Json, Reply};
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
}

/// A file the user gave; its bytes stay in the browser's `File` (held by the bridge under `id`).
#[derive(Debug, Clone, PartialEq)]
pub struct FileEntry {
    pub id: u32,
    pub name: String,
    pub size: u64,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JobKind {
    Inspect,
    Check,
    Sample,
}

/// Work running in the worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: u32,
    pub kind: JobKind,
    pub started: f64,
    pub now: f64,
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
    pub downloads: Vec<(String, String)>,
    pub settings_open: bool,
    /// The training tour's step, when it is open.
    pub tour: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetLang(Lang),
    /// Files picked or dropped (ids from the bridge).
    AddFiles(Vec<FileEntry>),
    RemoveFile(u32),
    SetAsOf(String),
    /// A job was posted to the worker (its id is `next_job`).
    Started {
        kind: JobKind,
        now: f64,
    },
    /// What the worker answered (the bridge has made the exports' downloads: [`Action::Downloads`]).
    Worker(Reply),
    /// The user cancelled: the bridge terminated the worker and started a new one.
    Cancel,
    Tick(f64),
    Go(Screen),
    SetSheet(Option<String>),
    /// The sheet of the reminder or ratings list (None: the one whose header fits best).
    SetSideSheet(Role, Option<String>),
    /// Field name → column letter; "" puts the field back to automatic.
    SetMapping(String, String),
    SetMonthFirst(bool),
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
    ExportStarted(ExportFormat),
    /// Export files ready: (file name, object URL).
    Downloads(Vec<(String, String)>),
    Settings(Settings),
    ToggleSettings,
    Tour(Option<usize>),
    Notify(Notice),
    DismissNotice,
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
    pub fn apply(mut self, action: Action) -> State {
        match action {
            Action::SetLang(l) => self.settings.lang = l,
            Action::AddFiles(new) => {
                let mut total: u64 = self.files.iter().map(|f| f.size).sum();
                let mut refused = Vec::new();
                for f in new {
                    if f.size > max_bytes_for(&f.name) || total + f.size > MAX_TOTAL_BYTES {
                        refused.push(f.name);
                        continue;
                    }
                    if f.role != Role::Dossiers {
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
                if let Some(pos) = self.inspection.iter().position(|_| false) {
                    self.inspection.remove(pos);
                }
                if self.dossier_files().next().is_none() {
                    self.screen = Screen::Landing;
                    self.inspection.clear();
                }
            }
            Action::SetAsOf(text) => {
                self.as_of = format::parse_date(&text);
                self.as_of_text = text;
            }
            Action::Started { kind, now } => {
                if kind == JobKind::Sample {
                    self.sample = true;
                    self.files.clear();
                    self.read = ReadChoice::default();
                }
                self.job = Some(Job { id: self.next_job, kind, started: now, now, stage: None });
                self.next_job += 1;
                self.notice = None;
                self.downloads.clear();
            }
            Action::Tick(now) => {
                if let Some(j) = &mut self.job {
                    j.now = now;
                }
            }
            Action::Cancel => {
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
            Action::Worker(w) => self.on_worker(w),
            Action::Go(s) => {
                self.screen = s;
                self.why = None;
                self.tour = None;
                if s == Screen::Landing {
                    self.notice = None;
                }
            }
            Action::SetSideSheet(role, s) => self.read.set_side_sheet(role, s),
            Action::SetSheet(s) => {
                self.read.sheet = s;
                // A different sheet has other columns: the mapping chosen for the old one no longer holds.
                self.read.mapping.clear();
            }
            Action::SetMapping(field, column) => {
                self.read.mapping.retain(|(f, _)| *f != field);
                if !column.is_empty() {
                    self.read.mapping.push((field, column));
                }
            }
            Action::SetMonthFirst(b) => self.read.month_first = b,
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
            Action::OpenWhy { kind, idx } => self.why = Some(WhyPanel::Loading { kind, idx }),
            Action::CloseWhy => self.why = None,
            Action::ExportStarted(format) => {
                self.exporting = Some(format);
                self.downloads.clear();
            }
            Action::Downloads(files) => {
                self.exporting = None;
                self.downloads = files;
            }
            Action::Settings(s) => {
                let rules_changed = s.profile_choice() != self.settings.profile_choice();
                self.settings = s;
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
            Action::ToggleSettings => self.settings_open = !self.settings_open,
            Action::Tour(t) => self.tour = t,
            Action::Notify(n) => self.notice = Some(n),
            Action::DismissNotice => self.notice = None,
        }
        self
    }

    fn current(&self, id: u32) -> bool {
        self.job.as_ref().is_some_and(|j| j.id == id)
    }

    fn on_worker(&mut self, reply: Reply) {
        match reply {
            Reply::Progress { id, stage } => {
                if let Some(j) = self.job.as_mut().filter(|j| j.id == id) {
                    j.stage = Some(stage);
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
            Reply::Crashed { details, .. } => {
                self.job = None;
                self.exporting = None;
                self.why = None;
                // The new worker does not hold the old report: exports and "why?" need a new check.
                if self.report.is_some() {
                    self.forget_report();
                    self.screen = if self.files.is_empty() { Screen::Landing } else { Screen::Review };
                }
                self.notice = Some(Notice {
                    msg: msg(
                        "Đã có lỗi trong bộ xử lý; trang vẫn dùng được. Hãy sao chép chi tiết bên dưới và gửi cho \
                            người hỗ trợ.",
                        "The worker hit an internal error; the page still works. Copy the details below and send them \
                            to support.",
                    ),
                    details: Some(details),
                    error: true,
                });
            }
            // The bridge's (exports, the worker's start) or not the page's (the JS API, the second worker).
            Reply::Ready { .. }
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
    use crate::web::engine::{self, CheckParams, ProfileChoice};
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

    fn start(s: State, kind: JobKind) -> (State, u32) {
        let id = s.next_job;
        (s.apply(Action::Started { kind, now: 0.0 }), id)
    }

    #[test]
    fn files_then_review_then_results() {
        let s = State::new(Settings::default(), NaiveDate::from_ymd_opt(2024, 1, 15));
        assert_eq!(s.as_of_text, "15/01/2024");
        assert!(s.blocker().is_some(), "no file yet");
        let s = s
            .apply(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers), file(2, "r.xlsx", 5, Role::Reminded)]));
        let s = s
            .apply(Action::AddFiles(vec![file(3, "r2.xlsx", 5, Role::Reminded), file(4, "b.csv", 10, Role::Dossiers)]));
        let names: Vec<&str> = s.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.xlsx", "b.csv", "r2.xlsx"], "one reminder list; dossier files first");
        let (s, id) = start(s, JobKind::Inspect);
        assert!(s.blocker().is_some(), "busy");
        let stage = JobStage::Load { file: "a.xlsx".into(), loaded: 5, total: 10 };
        let s = s.apply(Action::Worker(Reply::Progress { id, stage: stage.clone() }));
        assert_eq!(s.job.as_ref().unwrap().stage, Some(stage));
        let s = s.apply(Action::Worker(Reply::Inspected { id, files: Json(Vec::new()) }));
        assert_eq!(s.screen, Screen::Review);
        assert!(s.job.is_none());
        assert!(s.blocker().is_none());
        let (s, id) = start(s, JobKind::Check);
        let s = s.apply(Action::Worker(checked(id)));
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
            .apply(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers)]));
        let (s, id) = start(s, JobKind::Check);
        let s = s.apply(Action::Worker(checked(id)));
        // The dossier tab, sorted, page 2: each step is a new question.
        let s = s.apply(Action::SetTab(Tab::Dossiers));
        assert!(s.view_stale());
        let first = s.view_query();
        let s = s.apply(Action::Sort(7)).apply(Action::Page(1));
        let q = s.view_query();
        assert_eq!((q.tab, q.sort, q.page), (Tab::Dossiers, Some((7, false)), 1));
        // The answer to the older question is dropped; the current one is kept.
        let s = s.apply(Action::Worker(Reply::Viewed { view: Some(Json(Rc::new(views.answer(&r, &first)))) }));
        assert_eq!(s.view.as_ref().unwrap().query.tab, Tab::Units);
        let s = s.apply(Action::Worker(Reply::Viewed { view: Some(Json(Rc::new(views.answer(&r, &q)))) }));
        let v = s.view.clone().unwrap();
        assert!(!s.view_stale());
        assert_eq!((v.total, v.pages, v.page), (25, 1, 0), "page 2 of one page shows the first");
        // The language is part of the question (the worker writes the cells).
        let s = s.apply(Action::SetLang(Lang::En));
        assert!(s.view_stale());
        // A period: the print list follows it.
        let s = s.apply(Action::SetPeriod(PeriodSpec::Quarter { year: 2023, quarter: 2 }));
        assert_eq!(s.view_query().page, 0, "a new period starts at the first page");
        let s =
            s.apply(Action::Worker(Reply::Printed { print: Some(Json(Rc::new(views.print(&r, &PeriodSpec::All)))) }));
        assert!(s.print_stale(), "the list of another period is dropped");
        let period = s.period;
        let s = s.apply(Action::Worker(Reply::Printed { print: Some(Json(Rc::new(views.print(&r, &period)))) }));
        assert!(!s.print_stale());
    }

    #[test]
    fn stale_and_cancelled_jobs_are_ignored() {
        let s =
            State::new(Settings::default(), None).apply(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers)]));
        let (s, old) = start(s, JobKind::Check);
        let s = s.apply(Action::Cancel);
        assert!(s.job.is_none());
        assert!(!s.notice.as_ref().unwrap().error);
        let (s, new) = start(s, JobKind::Check);
        assert_ne!(old, new);
        let s = s.apply(Action::Worker(checked(old)));
        assert!(s.report.is_none() && s.view.is_none(), "the cancelled job's answer is dropped");
        let s = s.apply(Action::Worker(Reply::Failed { id: new, error: msg("hỏng", "broken") }));
        assert!(s.job.is_none());
        assert_eq!(s.notice.as_ref().unwrap().msg.en, "broken");
    }

    #[test]
    fn too_large_files_are_refused_with_a_sentence() {
        let s = State::new(Settings::default(), None).apply(Action::AddFiles(vec![
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
        let s = s.apply(Action::Worker(checked(id)));
        assert_eq!(s.tour, Some(0));
        assert_eq!(s.as_of_text, "31/12/2023");
    }

    #[test]
    fn a_list_s_sheet_is_chosen_apart_and_forgotten_with_the_list() {
        let s = State::new(Settings::default(), None)
            .apply(Action::AddFiles(vec![
                file(1, "log.xlsx", 100, Role::Dossiers),
                file(2, "nhac_nho.xlsx", 100, Role::Reminded),
            ]))
            .apply(Action::SetSheet(Some("Quý IV".into())))
            .apply(Action::SetSideSheet(Role::Reminded, Some("Nhắc nhở 2022".into())))
            .apply(Action::SetSideSheet(Role::Ratings, Some("Đề xuất".into())));
        assert_eq!(s.read.sheet.as_deref(), Some("Quý IV"));
        assert_eq!(
            (s.read.side_sheet(Role::Reminded), s.read.side_sheet(Role::Ratings)),
            (Some("Nhắc nhở 2022"), Some("Đề xuất"))
        );
        // "" is the automatic choice; another reminder list forgets the sheet chosen in the one it replaces.
        let s = s.apply(Action::SetSideSheet(Role::Ratings, Some(String::new())));
        assert_eq!(s.read.side_sheet(Role::Ratings), None);
        let s = s.apply(Action::AddFiles(vec![file(3, "nhac_nho_moi.xlsx", 100, Role::Reminded)]));
        assert_eq!(s.read.side_sheet(Role::Reminded), None);
        assert_eq!(s.read.sheet.as_deref(), Some("Quý IV"));
    }

    #[test]
    fn review_choices_and_table_queries() {
        let s = State::new(Settings::default(), None)
            .apply(Action::SetMapping("procedure".into(), "D".into()))
            .apply(Action::SetMapping("procedure".into(), "C".into()))
            .apply(Action::SetMonthFirst(true));
        assert_eq!(s.read.mapping, vec![("procedure".to_string(), "C".to_string())]);
        let s = s.apply(Action::SetSheet(Some("Quý IV 2022".into())));
        assert!(s.read.mapping.is_empty() && s.read.month_first);
        let s = s
            .apply(Action::SetMapping("due".into(), "E".into()))
            .apply(Action::SetMapping("due".into(), String::new()));
        assert!(s.read.mapping.is_empty(), "\"\" is automatic again");

        let s = s.apply(Action::SetTab(Tab::Late)).apply(Action::Page(3)).apply(Action::Sort(7));
        assert_eq!(s.query().sort, Some((7, false)));
        assert_eq!(s.query().page, 0, "sorting goes back to the first page");
        let s = s.apply(Action::Sort(7));
        assert_eq!(s.query().sort, Some((7, true)));
        let s = s.apply(Action::Sort(7)).apply(Action::Search("an".into())).apply(Action::SetTab(Tab::Units));
        assert_eq!(s.query(), Query::default(), "each tab keeps its own query");
        let s = s.apply(Action::SetTab(Tab::Late));
        assert_eq!(s.query().search, "an");
        assert_eq!(s.query().sort, None);
    }

    #[test]
    fn a_crash_keeps_the_page_usable_and_offers_details() {
        let s = State::new(Settings::default(), NaiveDate::from_ymd_opt(2023, 12, 31))
            .apply(Action::AddFiles(vec![file(1, "a.xlsx", 10, Role::Dossiers)]));
        let (s, id) = start(s, JobKind::Check);
        let s = s.apply(Action::Worker(checked(id)));
        let s = s.apply(Action::OpenWhy { kind: WhyKind::Dossier, idx: 3 });
        let s = s.apply(Action::Worker(Reply::Crashed { id: 0, details: "panicked at src/x.rs".into() }));
        assert!(s.report.is_none() && s.view.is_none() && s.why.is_none() && s.job.is_none());
        assert_eq!(s.screen, Screen::Review);
        assert_eq!(s.notice.unwrap().details.as_deref(), Some("panicked at src/x.rs"));
    }

    #[test]
    fn changing_the_rules_after_a_check_says_to_check_again() {
        let s = State::new(Settings::default(), None);
        let s = State { report: Some(Rc::new(sample_report())), ..s };
        let s = s.apply(Action::Settings(Settings { lang: Lang::En, ..Default::default() }));
        assert!(s.notice.is_none(), "language is not a rule");
        let s = s.apply(Action::Settings(Settings { min_late: Some(4), ..Default::default() }));
        assert!(s.notice.unwrap().msg.en.contains("Check again"));
    }
}
