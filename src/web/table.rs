//! The results tables as data, computed in the worker over its report: periods (by due date), per-unit and
//! per-officer counts, chart series, the cells of each tab's rows, and one generic grid with sorting, search, a
//! tag filter and pages for the small tabs (units, officers, ratings). The dossier and rejected-row tabs are
//! queried by index instead ([`query`](super::query)), so a million dossiers never become a million rows.

use super::format;
use super::Lang;
use crate::model::{fold_key, Moment, Rating, Status};
use crate::report::{AssessmentOut, DossierRow, RejectedOut, Report};
use crate::rules::repeat::Finding;
use crate::rules::scoring::{FlagKind, Score, ScoreFlag};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

/// The period picked on the results screen. Dossiers belong to the period of their due date (the attribution
/// rule); "All" is every dossier of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodSpec {
    #[default]
    All,
    Year {
        year: i32,
    },
    Half {
        year: i32,
        half: u8,
    },
    Quarter {
        year: i32,
        quarter: u8,
    },
    Custom {
        start: NaiveDate,
        end: NaiveDate,
    },
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    if m == 12 {
        ymd(y, 12, 31)
    } else {
        ymd(y, m + 1, 1).pred_opt().unwrap_or(NaiveDate::MIN)
    }
}

impl PeriodSpec {
    /// Calendar range, None for all.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        match *self {
            PeriodSpec::All => None,
            PeriodSpec::Year { year } => Some((ymd(year, 1, 1), ymd(year, 12, 31))),
            PeriodSpec::Half { year, half } => {
                let first = if half <= 1 { 1 } else { 7 };
                Some((ymd(year, first, 1), month_end(year, first + 5)))
            }
            PeriodSpec::Quarter { year, quarter } => {
                let first = 3 * u32::from(quarter.clamp(1, 4)) - 2;
                Some((ymd(year, first, 1), month_end(year, first + 2)))
            }
            PeriodSpec::Custom { start, end } => Some((start, end)),
        }
    }

    /// Whether a dossier with this ISO due date belongs to the period (a dossier without a due date belongs
    /// only to "All").
    pub fn contains(&self, due_iso: Option<&str>) -> bool {
        self.contains_date(due_iso.and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()))
    }

    /// [`contains`](Self::contains) for a due date.
    pub fn contains_date(&self, due: Option<NaiveDate>) -> bool {
        let Some((a, b)) = self.range() else { return true };
        due.is_some_and(|d| a <= d && d <= b)
    }

    pub fn label(&self, lang: Lang) -> String {
        let roman = ["I", "II", "III", "IV"];
        match (*self, lang) {
            (PeriodSpec::All, Lang::Vi) => "Toàn bộ dữ liệu".into(),
            (PeriodSpec::All, Lang::En) => "All data".into(),
            (PeriodSpec::Year { year }, Lang::Vi) => format!("Năm {year}"),
            (PeriodSpec::Year { year }, Lang::En) => format!("Year {year}"),
            (PeriodSpec::Half { year, half }, Lang::Vi) => {
                format!("6 tháng {} năm {year}", if half <= 1 { "đầu" } else { "cuối" })
            }
            (PeriodSpec::Half { year, half }, Lang::En) => format!("H{half} {year}"),
            (PeriodSpec::Quarter { year, quarter }, Lang::Vi) => {
                format!("Quý {}/{year}", roman[usize::from(quarter.clamp(1, 4)) - 1])
            }
            (PeriodSpec::Quarter { year, quarter }, Lang::En) => format!("Q{quarter} {year}"),
            (PeriodSpec::Custom { start, end }, Lang::Vi) => {
                format!("Từ {} đến {}", format::date(start), format::date(end))
            }
            (PeriodSpec::Custom { start, end }, Lang::En) => {
                format!("{} to {}", format::date(start), format::date(end))
            }
        }
    }
}

/// A period's dossiers and what the results screen shows of all of them, in one pass over the report's dossiers
/// (four passes had taken 68 ms of a million-dossier check in the browser).
pub struct PeriodFigures {
    /// Indices of the report's dossiers in the period.
    pub idx: Vec<u32>,
    pub counts: StatusCounts,
    /// Per unit ([`GroupFigures`]).
    pub units: Vec<GroupFigures>,
    /// Late and pending-overdue dossiers per month of their due date: ((year, month), count), every month of the
    /// span present (zeros included).
    pub late_per_month: Vec<((i32, u32), u32)>,
}

pub fn period_figures(r: &Report, p: &PeriodSpec) -> PeriodFigures {
    let (mut idx, mut counts) = (Vec::new(), StatusCounts::default());
    // Units grouped on the shared names first (a pointer lookup: the reader makes one per distinct text), then on
    // the names as written, so a million dossiers cost no string comparison per row.
    let mut shared: std::collections::HashMap<
        *const crate::model::NameParts,
        (&str, StatusCounts),
        crate::model::IntHash,
    > = Default::default();
    let mut late: BTreeMap<(i32, u32), u32> = BTreeMap::new();
    let mut span: Option<((i32, u32), (i32, u32))> = None;
    for (i, d) in r.dossiers.iter().enumerate() {
        let due = d.due.map(|m| m.date);
        if !p.contains_date(due) {
            continue;
        }
        idx.push(i as u32);
        let status = d.verdict.status;
        counts.add(status);
        let unit = &d.dossier.unit;
        shared.entry(unit.parts()).or_insert_with(|| (unit.display.as_str(), StatusCounts::default())).1.add(status);
        let Some(due) = due else { continue };
        let k = (due.year(), due.month());
        span = Some(match span {
            None => (k, k),
            Some((a, b)) => (a.min(k), b.max(k)),
        });
        if status.is_overdue() {
            *late.entry(k).or_default() += 1;
        }
    }
    PeriodFigures { idx, counts, units: unit_groups(r, shared.into_values()), late_per_month: months(&late, span) }
}

/// Counts of the statuses of a set of dossiers: a period's, a unit's, an officer's (the report's
/// [`Summary`](crate::report::Summary) holds the whole report's, with more).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct StatusCounts {
    pub dossiers: u32,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub pending_within: u32,
    pub pending_overdue: u32,
    /// Stopped ("dừng giải quyết"): closed without a result, neither late nor pending.
    #[serde(default)]
    pub stopped: u32,
}

impl StatusCounts {
    pub fn add(&mut self, status: Status) {
        self.dossiers += 1;
        match status {
            Status::Early => self.early += 1,
            Status::OnTime => self.on_time += 1,
            Status::Late => self.late += 1,
            Status::PendingWithin => self.pending_within += 1,
            Status::PendingOverdue => self.pending_overdue += 1,
            Status::Stopped => self.stopped += 1,
        }
    }

    pub fn merge(&mut self, o: &StatusCounts) {
        self.dossiers += o.dossiers;
        self.early += o.early;
        self.on_time += o.on_time;
        self.late += o.late;
        self.pending_within += o.pending_within;
        self.pending_overdue += o.pending_overdue;
        self.stopped += o.stopped;
    }

    /// (Early + on time) ÷ resolved, percent, as the report computes it.
    pub fn on_time_rate(&self) -> Option<f64> {
        let resolved = self.early + self.on_time + self.late;
        (resolved > 0).then(|| f64::from(self.early + self.on_time) * 100.0 / f64::from(resolved))
    }
}

/// A unit's or officer's counts over the period, with the index of its yearly assessment when there is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFigures {
    pub name: String,
    pub unit: String,
    pub counts: StatusCounts,
    pub assessment: Option<usize>,
}

/// The groups of [`period_figures`]'s units, from their counts per shared name.
fn unit_groups<'r>(r: &Report, shared: impl Iterator<Item = (&'r str, StatusCounts)>) -> Vec<GroupFigures> {
    let mut m: BTreeMap<&str, StatusCounts> = BTreeMap::new();
    for (unit, counts) in shared {
        m.entry(unit).or_default().merge(&counts);
    }
    m.into_iter()
        .map(|(unit, counts)| {
            let key = fold_key(unit);
            GroupFigures {
                assessment: r.units.iter().position(|a| fold_key(&a.name.display) == key),
                name: unit.to_string(),
                unit: unit.to_string(),
                counts,
            }
        })
        .collect()
}

pub fn by_officer(r: &Report, idx: &[u32]) -> Vec<GroupFigures> {
    // First by the names as written, then merged on their folded keys (the last spelling seen names the group).
    let mut written: HashMap<(&str, &str), (StatusCounts, u32)> = HashMap::new();
    for &i in idx {
        let d = r.dossiers.at(i as usize);
        let e = written
            .entry((d.dossier.unit.display.as_str(), d.dossier.officer.display.as_str()))
            .or_insert((StatusCounts::default(), i));
        e.0.add(d.verdict.status);
        e.1 = i;
    }
    let mut m: BTreeMap<(String, String), (StatusCounts, u32, &str, &str)> = BTreeMap::new();
    for ((unit, officer), (c, last)) in written {
        let e = m.entry((fold_key(unit), fold_key(officer))).or_insert((StatusCounts::default(), last, officer, unit));
        e.0.merge(&c);
        if last >= e.1 {
            (e.1, e.2, e.3) = (last, officer, unit);
        }
    }
    m.into_iter()
        .map(|(k, (counts, _, name, unit))| GroupFigures {
            assessment: r
                .officers
                .iter()
                .position(|a| fold_key(&a.name.display) == k.1 && fold_key(&a.unit.display) == k.0),
            name: name.to_string(),
            unit: unit.to_string(),
            counts,
        })
        .collect()
}

/// Every month of the span, with its count of late dossiers.
fn months(late: &BTreeMap<(i32, u32), u32>, span: Option<((i32, u32), (i32, u32))>) -> Vec<((i32, u32), u32)> {
    let Some((first, last)) = span else { return Vec::new() };
    let mut out = Vec::new();
    let mut k = first;
    while k <= last && out.len() < 240 {
        out.push((k, late.get(&k).copied().unwrap_or(0)));
        k = if k.1 == 12 { (k.0 + 1, 1) } else { (k.0, k.1 + 1) };
    }
    out
}

/// One cell: what it shows and how it sorts.
#[derive(Debug, Clone, PartialEq)]
pub enum TableCell {
    Text(String),
    Int(i64),
    Rate(Option<f64>),
    /// Shown dd/mm/yyyy (with hh:mm when the log has the time).
    Date(Option<Moment>),
    Status(Status),
    Rating(Option<Rating>),
    /// ok | at_risk | violation
    Finding(String),
    Yes(bool),
    /// Points out of 100, two decimals ("87,36").
    Points(f64),
    /// Warnings (the flags on a proposed rating), shown in red when there are any.
    Warn(String),
}

pub fn status_label(s: Status, lang: Lang) -> &'static str {
    lang.pick(s.label_vi(), s.label_en())
}

pub fn finding_label(f: &str, lang: Lang) -> &'static str {
    match f {
        "violation" => lang.pick("Vi phạm giới hạn", "Above the cap"),
        "at_risk" => lang.pick("Có nguy cơ", "At risk"),
        _ => lang.pick("Đạt", "OK"),
    }
}

pub fn rating_label(r: Option<Rating>, lang: Lang) -> &'static str {
    match r {
        None => "—",
        Some(r) => lang.pick(r.label_vi(), r.label_en()),
    }
}

impl TableCell {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            TableCell::Text(s) => s.clone(),
            TableCell::Int(n) if *n >= 0 => format::number(*n as u64, lang),
            TableCell::Int(n) => n.to_string(),
            TableCell::Rate(r) => format::percent(*r, lang),
            TableCell::Date(d) => d.map(|m| m.display_vi()).unwrap_or_default(),
            TableCell::Status(s) => status_label(*s, lang).to_string(),
            TableCell::Rating(r) => rating_label(*r, lang).to_string(),
            TableCell::Finding(f) => finding_label(f, lang).to_string(),
            TableCell::Yes(b) => if *b { lang.pick("Có", "Yes") } else { "" }.to_string(),
            TableCell::Points(x) => format::points(*x, lang),
            TableCell::Warn(s) => s.clone(),
        }
    }

    pub fn numeric(&self) -> bool {
        matches!(self, TableCell::Int(_) | TableCell::Rate(_) | TableCell::Points(_))
    }

    /// The colour of a status or finding: "good", "bad" or "warn".
    pub fn tone(&self) -> Option<&'static str> {
        match self {
            TableCell::Status(Status::Late | Status::PendingOverdue) => Some("bad"),
            TableCell::Status(Status::Early | Status::OnTime) => Some("good"),
            TableCell::Finding(f) if f == "violation" => Some("bad"),
            TableCell::Finding(f) if f == "at_risk" => Some("warn"),
            TableCell::Warn(s) if !s.is_empty() => Some("bad"),
            _ => None,
        }
    }

    /// How two cells of a column sort.
    pub fn compare(&self, other: &TableCell) -> Ordering {
        match (self, other) {
            (TableCell::Int(a), TableCell::Int(b)) => a.cmp(b),
            (TableCell::Rate(a), TableCell::Rate(b)) => a.unwrap_or(-1.0).total_cmp(&b.unwrap_or(-1.0)),
            (TableCell::Date(a), TableCell::Date(b)) => a.cmp(b),
            (TableCell::Status(a), TableCell::Status(b)) => a.cmp(b),
            (TableCell::Rating(a), TableCell::Rating(b)) => a.map(|r| r.rank()).cmp(&b.map(|r| r.rank())),
            (TableCell::Finding(a), TableCell::Finding(b)) => rank_finding(a).cmp(&rank_finding(b)),
            (TableCell::Yes(a), TableCell::Yes(b)) => a.cmp(b),
            (TableCell::Points(a), TableCell::Points(b)) => a.total_cmp(b),
            (TableCell::Text(a), TableCell::Text(b)) | (TableCell::Warn(a), TableCell::Warn(b)) => {
                fold_key(a).cmp(&fold_key(b)).then_with(|| a.cmp(b))
            }
            _ => Ordering::Equal,
        }
    }
}

fn rank_finding(f: &str) -> u8 {
    match f {
        "violation" => 2,
        "at_risk" => 1,
        _ => 0,
    }
}

/// What a "why?" explains: a dossier, an officer's or a unit's yearly assessment, or a row of Nghị định 335/2025
/// scores (`report.scores`) with the flags on its proposed rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhyKind {
    Dossier,
    Officer,
    Unit,
    Score,
    /// A line of the commendation list of the period shown (biểu dương).
    Commend,
}

impl WhyKind {
    pub fn code(self) -> &'static str {
        match self {
            WhyKind::Dossier => "dossier",
            WhyKind::Officer => "officer",
            WhyKind::Unit => "unit",
            WhyKind::Score => "score",
            WhyKind::Commend => "commend",
        }
    }
}

/// What "why?" on a row opens: the kind and the index in the worker's report.
pub type WhyRef = (WhyKind, u32);

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub cells: Vec<TableCell>,
    /// Folded text of every cell, for search.
    pub search: String,
    /// The values the tag filter compares (a status or finding code; a score row's kinds, separated by spaces).
    pub tag: String,
    pub why: Option<WhyRef>,
    /// A stable key for the row (dossier code, name…), for the DOM and the tests.
    pub key: String,
}

impl TableRow {
    pub fn new(key: String, cells: Vec<TableCell>, tag: String, why: Option<WhyRef>) -> TableRow {
        let search = fold_key(&cells.iter().map(|c| c.text(Lang::Vi)).collect::<Vec<_>>().join(" "));
        TableRow { cells, search, tag, why, key }
    }
}

/// The tabs of the results screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    #[default]
    Units,
    Officers,
    Late,
    Dossiers,
    Rejected,
    Ratings,
    /// Nghị định 335/2025 progress points (2026 on): shown only when the report has scores.
    Scores,
    /// Who to commend in the period (biểu dương), with the evidence.
    Commend,
}

impl Tab {
    pub const ALL: [Tab; 8] =
        [Tab::Units, Tab::Officers, Tab::Late, Tab::Dossiers, Tab::Rejected, Tab::Ratings, Tab::Scores, Tab::Commend];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tab::Units => lang.pick("Đơn vị", "Units"),
            Tab::Officers => lang.pick("Cán bộ", "Officers"),
            Tab::Late => lang.pick("Hồ sơ trễ hạn", "Late dossiers"),
            Tab::Dossiers => lang.pick("Tất cả hồ sơ", "All dossiers"),
            Tab::Rejected => lang.pick("Dòng bị loại", "Rejected rows"),
            Tab::Ratings => lang.pick("Kiểm tra xếp loại", "Rating check"),
            Tab::Scores => lang.pick("Điểm tiến độ (NĐ 335)", "Progress points (Decree 335)"),
            Tab::Commend => lang.pick("Biểu dương", "Commendations"),
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Tab::Units => "units",
            Tab::Officers => "officers",
            Tab::Late => "late",
            Tab::Dossiers => "dossiers",
            Tab::Rejected => "rejected",
            Tab::Ratings => "ratings",
            Tab::Scores => "scores",
            Tab::Commend => "commend",
        }
    }

    /// The choices of the tag filter: (code, label); empty when the tab has none.
    pub fn tags(self, lang: Lang) -> Vec<(String, String)> {
        match self {
            Tab::Late | Tab::Dossiers => {
                let all =
                    if self == Tab::Late { vec![Status::Late, Status::PendingOverdue] } else { Status::ALL.to_vec() };
                all.into_iter().map(|s| (s.code().to_string(), status_label(s, lang).to_string())).collect()
            }
            Tab::Ratings => ["violation", "at_risk", "ok"]
                .into_iter()
                .map(|f| (f.to_string(), finding_label(f, lang).to_string()))
                .collect(),
            Tab::Scores => [
                ("month", lang.pick("Theo tháng", "Monthly")),
                ("quarter", lang.pick("Theo quý", "Quarterly")),
                ("year", lang.pick("Cả năm", "Whole year")),
                ("flagged", lang.pick("Có cảnh báo", "Flagged")),
            ]
            .into_iter()
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect(),
            Tab::Commend => vec![
                ("officer".into(), lang.pick("Cá nhân", "Officers").into()),
                ("unit".into(), lang.pick("Tập thể", "Units").into()),
            ],
            _ => Vec::new(),
        }
    }
}

/// A table: column titles and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableGrid {
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// The code of a finding, as the contract writes it: ok | at_risk | violation.
pub fn finding_code(f: Finding) -> &'static str {
    match f {
        Finding::Ok => "ok",
        Finding::AtRisk => "at_risk",
        Finding::Violation => "violation",
    }
}

/// "file / sheet · row", as the dossier tables show where a row came from.
pub fn source_text(file: &str, sheet: &str, row: u32) -> String {
    format!("{file}{} · {row}", if sheet.is_empty() { String::new() } else { format!(" / {sheet}") })
}

/// The cells of one dossier, in the order of [`columns`] for the dossier tabs.
pub fn dossier_cells(d: DossierRow) -> Vec<TableCell> {
    vec![
        TableCell::Text(d.code.clone()),
        TableCell::Text(d.unit.display.clone()),
        TableCell::Text(d.officer.display.clone()),
        TableCell::Date(d.received),
        TableCell::Date(d.due),
        TableCell::Date(d.finished.or(d.returned)),
        TableCell::Status(d.verdict.status),
        TableCell::Int(i64::from(d.verdict.late_working_days)),
        TableCell::Text(source_text(&d.source.file, &d.source.sheet, d.source.row)),
    ]
}

/// The row of the report's `i`-th dossier.
pub fn dossier_row(i: u32, d: DossierRow) -> TableRow {
    TableRow::new(d.code.clone(), dossier_cells(d), d.verdict.status.code().to_string(), Some((WhyKind::Dossier, i)))
}

/// The cells of one rejected row, in the order of [`columns`] for the rejected tab.
pub fn rejected_cells(x: &RejectedOut, lang: Lang) -> Vec<TableCell> {
    vec![
        TableCell::Text(x.source.file.to_string()),
        TableCell::Text(x.source.sheet.to_string()),
        TableCell::Int(i64::from(x.source.row)),
        TableCell::Text(x.column.clone()),
        TableCell::Text(x.value.clone()),
        TableCell::Text(lang.pick(&x.reason, &x.reason_en).to_string()),
    ]
}

/// The row of the report's `i`-th rejected row.
pub fn rejected_row(i: u32, x: &RejectedOut, lang: Lang) -> TableRow {
    TableRow::new(format!("{}|{}|{i}", x.source.file, x.source.row), rejected_cells(x, lang), String::new(), None)
}

/// The column titles of a tab.
pub fn columns(tab: Tab, lang: Lang) -> Vec<String> {
    let l = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let count_cols = |first: Vec<String>| {
        let mut c = first;
        c.extend([
            l("Số hồ sơ", "Dossiers"),
            l("Trước/đúng hạn", "Early/on time"),
            l("Trễ hạn", "Late"),
            l("Quá hạn đang xử lý", "Pending overdue"),
            l("Tỉ lệ đúng hạn", "On-time rate"),
            l("Xếp loại (cả năm)", "Rating (year)"),
        ]);
        c
    };
    match tab {
        Tab::Units => count_cols(vec![l("Đơn vị", "Unit")]),
        Tab::Officers => count_cols(vec![l("Cán bộ", "Officer"), l("Đơn vị", "Unit")]),
        Tab::Late | Tab::Dossiers => vec![
            l("Mã hồ sơ", "Code"),
            l("Đơn vị", "Unit"),
            l("Cán bộ xử lý", "Officer"),
            l("Ngày tiếp nhận", "Received"),
            l("Ngày hẹn trả", "Due"),
            l("Ngày hoàn thành", "Finished"),
            l("Trạng thái", "Status"),
            l("Số ngày làm việc trễ", "Working days late"),
            l("Nguồn (tệp · dòng)", "Source (file · row)"),
        ],
        Tab::Rejected => vec![
            l("Tệp", "File"),
            l("Trang tính", "Sheet"),
            l("Dòng", "Row"),
            l("Cột", "Column"),
            l("Giá trị", "Value"),
            l("Lý do", "Reason"),
        ],
        Tab::Ratings => vec![
            l("Cán bộ / đơn vị", "Officer / unit"),
            l("Đơn vị", "Unit"),
            l("Năm", "Year"),
            l("Trễ hạn trong năm", "Late in the year"),
            l("Bị nhắc nhở năm trước", "Reminded last year"),
            l("Tái phạm", "Repeat"),
            l("Mức tối đa", "Highest allowed"),
            l("Mức đề xuất", "Proposed"),
            l("Kết luận", "Finding"),
        ],
        Tab::Scores => vec![
            l("Cán bộ / đơn vị", "Officer / unit"),
            l("Đơn vị", "Unit"),
            l("Kỳ", "Period"),
            l("Được giao", "Assigned"),
            l("Hoàn thành", "Finished"),
            l("Đúng hạn", "On time"),
            l("Trễ hạn", "Late"),
            l("Số lần chậm", "Delays"),
            l("Số lượng (%)", "Quantity (%)"),
            l("Tiến độ (%)", "Progress (%)"),
            l("Điểm nhiệm vụ (tối đa)", "Task points (at most)"),
            l("Tổng điểm tối đa", "Total points (at most)"),
            l("Mức cao nhất có thể", "Best band possible"),
            l("Cảnh báo", "Flags"),
        ],
        Tab::Commend => vec![
            l("Cá nhân / tập thể", "Officer / unit"),
            l("Đơn vị", "Unit"),
            l("Số hồ sơ", "Dossiers"),
            l("Trước hạn", "Early"),
            l("Đúng hạn", "On time"),
            l("Đang giải quyết trong hạn", "Pending within time"),
            l("Các tháng có hồ sơ", "Months covered"),
        ],
    }
}

/// The units or officers tab: one row per group of the period.
pub fn group_grid(r: &Report, groups: &[GroupFigures], officers: bool, lang: Lang) -> TableGrid {
    let rows = groups
        .iter()
        .map(|g| {
            let a = g.assessment.and_then(|i| if officers { r.officers.get(i) } else { r.units.get(i) });
            let mut cells = vec![TableCell::Text(g.name.clone())];
            if officers {
                cells.push(TableCell::Text(g.unit.clone()));
            }
            cells.extend([
                TableCell::Int(i64::from(g.counts.dossiers)),
                TableCell::Int(i64::from(g.counts.early + g.counts.on_time)),
                TableCell::Int(i64::from(g.counts.late)),
                TableCell::Int(i64::from(g.counts.pending_overdue)),
                TableCell::Rate(g.counts.on_time_rate()),
                TableCell::Finding(a.map(|a| finding_code(a.finding)).unwrap_or("ok").to_string()),
            ]);
            let why = g
                .assessment
                .filter(|_| a.is_some())
                .map(|i| (if officers { WhyKind::Officer } else { WhyKind::Unit }, i as u32));
            TableRow::new(format!("{}|{}", g.unit, g.name), cells, String::new(), why)
        })
        .collect();
    TableGrid { columns: columns(if officers { Tab::Officers } else { Tab::Units }, lang), rows }
}

/// The rating check: every officer's and unit's yearly assessment.
pub fn ratings_grid(r: &Report, lang: Lang) -> TableGrid {
    let rows = r
        .officers
        .iter()
        .enumerate()
        .map(|(i, a)| (i, a, WhyKind::Officer))
        .chain(r.units.iter().enumerate().map(|(i, a)| (i, a, WhyKind::Unit)))
        .map(|(i, a, kind): (usize, &AssessmentOut, WhyKind)| {
            let finding = finding_code(a.finding);
            TableRow::new(
                format!("{}|{}|{}", kind.code(), a.unit.display, a.name.display),
                vec![
                    TableCell::Text(a.name.display.clone()),
                    TableCell::Text(if kind == WhyKind::Unit {
                        lang.pick("(cả đơn vị)", "(whole unit)").to_string()
                    } else {
                        a.unit.display.clone()
                    }),
                    // A year, not a count: no thousands separator (2023, not "2.023").
                    TableCell::Text(a.year.to_string()),
                    TableCell::Int(i64::from(a.late)),
                    TableCell::Yes(a.reminded),
                    TableCell::Yes(a.repeat),
                    TableCell::Rating(Some(a.max_rating)),
                    TableCell::Rating(a.proposed_rating),
                    TableCell::Finding(finding.to_string()),
                ],
                finding.to_string(),
                Some((kind, i as u32)),
            )
        })
        .collect();
    TableGrid { columns: columns(Tab::Ratings, lang), rows }
}

/// The calendar range of a score period: a month `2026-03`, a quarter `2026-Q1` or a year `2026`.
pub fn score_period_range(p: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (y, rest) = p.split_once('-').unwrap_or((p, ""));
    let year: i32 = y.parse().ok()?;
    if rest.is_empty() {
        return PeriodSpec::Year { year }.range();
    }
    if let Some(q) = rest.strip_prefix('Q') {
        return PeriodSpec::Quarter { year, quarter: q.parse().ok().filter(|q| (1..=4).contains(q))? }.range();
    }
    let m: u32 = rest.parse().ok().filter(|m| (1..=12).contains(m))?;
    Some((NaiveDate::from_ymd_opt(year, m, 1)?, month_end(year, m)))
}

/// The short label of a flag on a proposed rating under Nghị định 335/2025.
pub fn flag_label(k: FlagKind, lang: Lang) -> &'static str {
    match k {
        FlagKind::BandNotPoints => lang.pick("Mức không khớp số điểm", "Band does not match the points"),
        FlagKind::ShareXuatSac => lang.pick("Xuất sắc vượt 20% số tốt", "Excellent above 20% of good"),
        FlagKind::BandImpossible => lang.pick("Mức đề xuất không thể đạt", "Proposed band not possible"),
    }
}

/// The flags of a score row: those on the officer's (or, for a unit's row, the unit's) proposal, shown on the
/// row of the whole year.
pub fn score_row_flags<'r>(r: &'r Report, sc: &Score) -> impl Iterator<Item = &'r ScoreFlag> {
    let year = r.assessment_year.to_string();
    let (name, unit, whole_year) = (sc.name.key.clone(), sc.unit.key.clone(), sc.period == year);
    r.score_flags.iter().filter(move |f| whole_year && f.name.key == name && f.unit.key == unit)
}

/// The Nghị định 335/2025 scores tab: every score row whose period lies within the period picked; the tags are
/// the kind of period and "flagged".
pub fn scores_grid(r: &Report, period: &PeriodSpec, lang: Lang) -> TableGrid {
    let within = |p: &str| match (period.range(), score_period_range(p)) {
        (None, _) => true,
        (Some((a, b)), Some((x, y))) => a <= x && y <= b,
        (Some(_), None) => false,
    };
    let rows = r
        .scores
        .iter()
        .enumerate()
        .filter(|(_, sc)| within(&sc.period))
        .map(|(i, sc)| {
            let flags: Vec<&ScoreFlag> = score_row_flags(r, sc).collect();
            let kind = if sc.period.contains('Q') {
                "quarter"
            } else if sc.period.len() == 4 {
                "year"
            } else {
                "month"
            };
            let tag = if flags.is_empty() { kind.to_string() } else { format!("{kind} flagged") };
            let warn = flags.iter().map(|f| flag_label(f.kind, lang)).collect::<Vec<_>>().join("; ");
            TableRow::new(
                format!("{}|{}|{}", sc.unit.display, sc.name.display, sc.period),
                vec![
                    TableCell::Text(if sc.is_unit() {
                        lang.pick("(cả đơn vị)", "(whole unit)").to_string()
                    } else {
                        sc.name.display.clone()
                    }),
                    TableCell::Text(sc.unit.display.clone()),
                    TableCell::Text(sc.period.clone()),
                    TableCell::Int(i64::from(sc.assigned)),
                    TableCell::Int(i64::from(sc.finished)),
                    TableCell::Int(i64::from(sc.on_time)),
                    TableCell::Int(i64::from(sc.late)),
                    TableCell::Int(i64::from(sc.delays)),
                    TableCell::Rate(Some(sc.quantity_pct)),
                    TableCell::Rate(Some(sc.progress_pct)),
                    TableCell::Points(sc.task_points),
                    TableCell::Points(sc.points_upper),
                    TableCell::Rating(Some(sc.band_upper)),
                    TableCell::Warn(warn),
                ],
                tag,
                Some((WhyKind::Score, i as u32)),
            )
        })
        .collect();
    TableGrid { columns: columns(Tab::Scores, lang), rows }
}

/// How a grid is looked at: sort column and direction, search text, tag filter, page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub sort: Option<(usize, bool)>,
    pub search: String,
    pub tag: String,
    pub page: usize,
}

pub const PAGE_SIZE: usize = 50;

/// The rows to show (indices into `grid.rows`, the current page of `size` rows only), the number that match, and
/// the page count. The page is clamped to the last one.
pub fn run(grid: &TableGrid, q: &Query, size: usize) -> (Vec<usize>, usize, usize) {
    let needle = fold_key(&q.search);
    let mut hits: Vec<usize> = grid
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            // A row may carry several tags, separated by spaces ("year flagged").
            (q.tag.is_empty() || r.tag.split(' ').any(|t| t == q.tag))
                && (needle.is_empty() || r.search.contains(&needle))
        })
        .map(|(i, _)| i)
        .collect();
    if let Some((col, desc)) = q.sort {
        hits.sort_by(|&a, &b| {
            let (x, y) = (grid.rows[a].cells.get(col), grid.rows[b].cells.get(col));
            let o = match (x, y) {
                (Some(x), Some(y)) => x.compare(y),
                _ => Ordering::Equal,
            };
            if desc {
                o.reverse()
            } else {
                o
            }
        });
    }
    let total = hits.len();
    let size = size.max(1);
    let pages = total.div_ceil(size).max(1);
    let page = q.page.min(pages - 1);
    let shown = hits.into_iter().skip(page * size).take(size).collect();
    (shown, total, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        ymd(y, m, d)
    }

    #[test]
    fn periods_cover_their_months() {
        assert_eq!(PeriodSpec::Quarter { year: 2023, quarter: 2 }.range(), Some((date(2023, 4, 1), date(2023, 6, 30))));
        assert_eq!(PeriodSpec::Half { year: 2024, half: 1 }.range(), Some((date(2024, 1, 1), date(2024, 6, 30))));
        assert_eq!(PeriodSpec::Half { year: 2023, half: 2 }.range(), Some((date(2023, 7, 1), date(2023, 12, 31))));
        let q4 = PeriodSpec::Quarter { year: 2023, quarter: 4 };
        assert!(q4.contains(Some("2023-12-31T16:00:00")));
        assert!(!q4.contains(Some("2023-09-30")));
        assert!(!q4.contains(None));
        assert!(PeriodSpec::All.contains(None));
        assert_eq!(q4.label(Lang::Vi), "Quý IV/2023");
        assert_eq!(q4.label(Lang::En), "Q4 2023");
    }

    fn grid_of(n: usize) -> TableGrid {
        TableGrid {
            columns: vec!["name".into(), "n".into()],
            rows: (0..n)
                .map(|i| {
                    TableRow::new(
                        format!("k{i}"),
                        vec![TableCell::Text(format!("Nguyễn {i}")), TableCell::Int((i % 7) as i64)],
                        (i % 2).to_string(),
                        None,
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn a_hundred_thousand_rows_sort_search_and_page() {
        let g = grid_of(100_000);
        let (page, total, pages) = run(&g, &Query::default(), PAGE_SIZE);
        assert_eq!((page.len(), total, pages), (PAGE_SIZE, 100_000, 2000));
        let q = Query { sort: Some((1, true)), page: 1999, ..Default::default() };
        let (page, _, _) = run(&g, &q, PAGE_SIZE);
        assert!(
            page.iter().all(|&i| matches!(g.rows[i].cells[1], TableCell::Int(0))),
            "the last page holds the smallest"
        );
        let q = Query { search: "nguyen 99999".into(), ..Default::default() };
        assert_eq!(run(&g, &q, PAGE_SIZE).1, 1, "search folds diacritics");
        let q = Query { tag: "1".into(), page: 99_999, ..Default::default() };
        let (page, total, pages) = run(&g, &q, PAGE_SIZE);
        assert_eq!((total, pages, page.len()), (50_000, 1000, 50), "the page is clamped to the last");
    }
}
