//! The results tables as data: periods (filtering by due date on the page), per-unit and per-officer counts,
//! chart series, and one generic grid with sorting, search, a tag filter and pages, so that 100 000 rows cost
//! one page of DOM.

use super::format;
use super::view::{ViewDossier, ViewReport};
use super::Lang;
use crate::model::{fold_key, Rating, Status};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

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
        let Some((a, b)) = self.range() else { return true };
        let Some(d) = due_iso.and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()) else { return false };
        a <= d && d <= b
    }

    pub fn label(&self, lang: Lang) -> String {
        let roman = ["I", "II", "III", "IV"];
        match (*self, lang) {
            (PeriodSpec::All, Lang::Vi) => "Toàn bộ dữ liệu".into(),
            (PeriodSpec::All, Lang::En) => "All data".into(),
            (PeriodSpec::Year { year }, Lang::Vi) => format!("Năm {year}"),
            (PeriodSpec::Year { year }, Lang::En) => format!("Year {year}"),
            (PeriodSpec::Half { year, half }, Lang::Vi) => format!("6 tháng {} năm {year}", if half <= 1 { "đầu" } else { "cuối" }),
            (PeriodSpec::Half { year, half }, Lang::En) => format!("H{half} {year}"),
            (PeriodSpec::Quarter { year, quarter }, Lang::Vi) => {
                format!("Quý {}/{year}", roman[usize::from(quarter.clamp(1, 4)) - 1])
            }
            (PeriodSpec::Quarter { year, quarter }, Lang::En) => format!("Q{quarter} {year}"),
            (PeriodSpec::Custom { start, end }, Lang::Vi) => format!("Từ {} đến {}", format::date(start), format::date(end)),
            (PeriodSpec::Custom { start, end }, Lang::En) => format!("{} to {}", format::date(start), format::date(end)),
        }
    }
}

/// Indices of the report's dossiers in the period.
pub fn dossiers_in(r: &ViewReport, p: &PeriodSpec) -> Vec<usize> {
    r.dossiers.iter().enumerate().filter(|(_, d)| p.contains(d.due.as_deref())).map(|(i, _)| i).collect()
}

/// Counts of a set of dossiers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counts {
    pub dossiers: u32,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub pending_within: u32,
    pub pending_overdue: u32,
}

impl Counts {
    pub fn add(&mut self, d: &ViewDossier) {
        self.dossiers += 1;
        match d.status {
            Status::Early => self.early += 1,
            Status::OnTime => self.on_time += 1,
            Status::Late => self.late += 1,
            Status::PendingWithin => self.pending_within += 1,
            Status::PendingOverdue => self.pending_overdue += 1,
        }
    }

    /// (Early + on time) ÷ resolved, percent, as the report computes it.
    pub fn on_time_rate(&self) -> Option<f64> {
        let resolved = self.early + self.on_time + self.late;
        (resolved > 0).then(|| f64::from(self.early + self.on_time) * 100.0 / f64::from(resolved))
    }
}

pub fn counts(r: &ViewReport, idx: &[usize]) -> Counts {
    let mut c = Counts::default();
    for &i in idx {
        c.add(&r.dossiers[i]);
    }
    c
}

/// A unit's or officer's counts over the period, with the index of its yearly assessment when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub unit: String,
    pub counts: Counts,
    pub assessment: Option<usize>,
}

pub fn by_unit(r: &ViewReport, idx: &[usize]) -> Vec<Group> {
    let mut m: BTreeMap<String, Counts> = BTreeMap::new();
    for &i in idx {
        m.entry(r.dossiers[i].unit.clone()).or_default().add(&r.dossiers[i]);
    }
    let key_of = |s: &str| fold_key(s);
    m.into_iter()
        .map(|(unit, counts)| Group {
            assessment: r.units.iter().position(|a| key_of(&a.name) == key_of(&unit)),
            name: unit.clone(),
            unit,
            counts,
        })
        .collect()
}

pub fn by_officer(r: &ViewReport, idx: &[usize]) -> Vec<Group> {
    let mut m: BTreeMap<(String, String), Counts> = BTreeMap::new();
    for &i in idx {
        let d = &r.dossiers[i];
        m.entry((fold_key(&d.unit), fold_key(&d.officer))).or_default();
        let e = m.get_mut(&(fold_key(&d.unit), fold_key(&d.officer)));
        if let Some(e) = e {
            e.add(d);
        }
    }
    let names: BTreeMap<(String, String), (String, String)> = idx
        .iter()
        .map(|&i| {
            let d = &r.dossiers[i];
            ((fold_key(&d.unit), fold_key(&d.officer)), (d.officer.clone(), d.unit.clone()))
        })
        .collect();
    m.into_iter()
        .map(|(k, counts)| {
            let (name, unit) = names.get(&k).cloned().unwrap_or_default();
            Group {
                assessment: r.officers.iter().position(|a| fold_key(&a.name) == k.1 && fold_key(&a.unit) == k.0),
                name,
                unit,
                counts,
            }
        })
        .collect()
}

/// Late and pending-overdue dossiers per month of their due date: ((year, month), count), every month of the
/// span present (zeros included).
pub fn late_per_month(r: &ViewReport, idx: &[usize]) -> Vec<((i32, u32), u32)> {
    let mut m: BTreeMap<(i32, u32), u32> = BTreeMap::new();
    let mut span: Option<((i32, u32), (i32, u32))> = None;
    for &i in idx {
        let d = &r.dossiers[i];
        let Some(due) = d.due.as_deref().and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()) else { continue };
        let k = (due.year(), due.month());
        span = Some(match span {
            None => (k, k),
            Some((a, b)) => (a.min(k), b.max(k)),
        });
        if d.status.is_overdue() {
            *m.entry(k).or_default() += 1;
        }
    }
    let Some((first, last)) = span else { return Vec::new() };
    let mut out = Vec::new();
    let mut k = first;
    while k <= last && out.len() < 240 {
        out.push((k, m.get(&k).copied().unwrap_or(0)));
        k = if k.1 == 12 { (k.0 + 1, 1) } else { (k.0, k.1 + 1) };
    }
    out
}

/// One cell: what it shows and how it sorts.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Rate(Option<f64>),
    /// ISO date, shown dd/mm/yyyy, sorted as written.
    Date(Option<String>),
    Status(Status),
    Rating(Option<Rating>),
    /// ok | at_risk | violation
    Finding(String),
    Yes(bool),
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

impl Cell {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) if *n >= 0 => format::number(*n as u64, lang),
            Cell::Int(n) => n.to_string(),
            Cell::Rate(r) => format::percent(*r, lang),
            Cell::Date(d) => d.as_deref().map(format::iso_to_vi).unwrap_or_default(),
            Cell::Status(s) => status_label(*s, lang).to_string(),
            Cell::Rating(r) => rating_label(*r, lang).to_string(),
            Cell::Finding(f) => finding_label(f, lang).to_string(),
            Cell::Yes(b) => if *b { lang.pick("Có", "Yes") } else { "" }.to_string(),
        }
    }

    pub fn numeric(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Rate(_))
    }

    fn cmp(&self, other: &Cell) -> Ordering {
        match (self, other) {
            (Cell::Int(a), Cell::Int(b)) => a.cmp(b),
            (Cell::Rate(a), Cell::Rate(b)) => a.unwrap_or(-1.0).total_cmp(&b.unwrap_or(-1.0)),
            (Cell::Date(a), Cell::Date(b)) => a.cmp(b),
            (Cell::Status(a), Cell::Status(b)) => a.cmp(b),
            (Cell::Rating(a), Cell::Rating(b)) => a.map(|r| r.rank()).cmp(&b.map(|r| r.rank())),
            (Cell::Finding(a), Cell::Finding(b)) => rank_finding(a).cmp(&rank_finding(b)),
            (Cell::Yes(a), Cell::Yes(b)) => a.cmp(b),
            (Cell::Text(a), Cell::Text(b)) => fold_key(a).cmp(&fold_key(b)).then_with(|| a.cmp(b)),
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

/// What "why?" on a row opens: ("dossier" | "officer" | "unit", index in the worker's report).
pub type WhyRef = (&'static str, u32);

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Folded text of every cell, for search.
    pub search: String,
    /// The value the tag filter compares (a status or finding code).
    pub tag: String,
    pub why: Option<WhyRef>,
    /// A stable key for the row (dossier code, name…), for the DOM and the tests.
    pub key: String,
}

impl Row {
    pub fn new(key: String, cells: Vec<Cell>, tag: String, why: Option<WhyRef>) -> Row {
        let search = fold_key(&cells.iter().map(|c| c.text(Lang::Vi)).collect::<Vec<_>>().join(" "));
        Row { cells, search, tag, why, key }
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
}

impl Tab {
    pub const ALL: [Tab; 6] = [Tab::Units, Tab::Officers, Tab::Late, Tab::Dossiers, Tab::Rejected, Tab::Ratings];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tab::Units => lang.pick("Đơn vị", "Units"),
            Tab::Officers => lang.pick("Cán bộ", "Officers"),
            Tab::Late => lang.pick("Hồ sơ trễ hạn", "Late dossiers"),
            Tab::Dossiers => lang.pick("Tất cả hồ sơ", "All dossiers"),
            Tab::Rejected => lang.pick("Dòng bị loại", "Rejected rows"),
            Tab::Ratings => lang.pick("Kiểm tra xếp loại", "Rating check"),
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
        }
    }

    /// The choices of the tag filter: (code, label); empty when the tab has none.
    pub fn tags(self, lang: Lang) -> Vec<(String, String)> {
        match self {
            Tab::Late | Tab::Dossiers => {
                let all = if self == Tab::Late { vec![Status::Late, Status::PendingOverdue] } else { Status::ALL.to_vec() };
                all.into_iter().map(|s| (s.code().to_string(), status_label(s, lang).to_string())).collect()
            }
            Tab::Ratings => ["violation", "at_risk", "ok"].into_iter().map(|f| (f.to_string(), finding_label(f, lang).to_string())).collect(),
            _ => Vec::new(),
        }
    }
}

/// A table: column titles and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

fn dossier_row(d: &ViewDossier) -> Row {
    Row::new(
        d.code.clone(),
        vec![
            Cell::Text(d.code.clone()),
            Cell::Text(d.unit.clone()),
            Cell::Text(d.officer.clone()),
            Cell::Date(d.received.clone()),
            Cell::Date(d.due.clone()),
            Cell::Date(d.finished.clone().or_else(|| d.returned.clone())),
            Cell::Status(d.status),
            Cell::Int(i64::from(d.late)),
            Cell::Text(format!("{}{} · {}", d.file, if d.sheet.is_empty() { String::new() } else { format!(" / {}", d.sheet) }, d.row)),
        ],
        d.status.code().to_string(),
        Some(("dossier", d.idx)),
    )
}

fn group_rows(r: &ViewReport, groups: &[Group], officers: bool) -> Vec<Row> {
    groups
        .iter()
        .map(|g| {
            let a = g.assessment.and_then(|i| if officers { r.officers.get(i) } else { r.units.get(i) });
            let mut cells = vec![Cell::Text(g.name.clone())];
            if officers {
                cells.push(Cell::Text(g.unit.clone()));
            }
            cells.extend([
                Cell::Int(i64::from(g.counts.dossiers)),
                Cell::Int(i64::from(g.counts.early + g.counts.on_time)),
                Cell::Int(i64::from(g.counts.late)),
                Cell::Int(i64::from(g.counts.pending_overdue)),
                Cell::Rate(g.counts.on_time_rate()),
                Cell::Finding(a.map(|a| a.finding.clone()).unwrap_or_else(|| "ok".into())),
            ]);
            let why = a.map(|a| (if officers { "officer" } else { "unit" }, a.idx));
            Row::new(format!("{}|{}", g.unit, g.name), cells, String::new(), why)
        })
        .collect()
}

/// The grid of one tab for the dossiers in `idx` (the period).
pub fn grid(r: &ViewReport, idx: &[usize], tab: Tab, lang: Lang) -> Grid {
    let l = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let dossier_cols = || {
        vec![
            l("Mã hồ sơ", "Code"),
            l("Đơn vị", "Unit"),
            l("Cán bộ xử lý", "Officer"),
            l("Ngày tiếp nhận", "Received"),
            l("Ngày hẹn trả", "Due"),
            l("Ngày hoàn thành", "Finished"),
            l("Trạng thái", "Status"),
            l("Số ngày làm việc trễ", "Working days late"),
            l("Nguồn (tệp · dòng)", "Source (file · row)"),
        ]
    };
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
        Tab::Units => Grid { columns: count_cols(vec![l("Đơn vị", "Unit")]), rows: group_rows(r, &by_unit(r, idx), false) },
        Tab::Officers => Grid {
            columns: count_cols(vec![l("Cán bộ", "Officer"), l("Đơn vị", "Unit")]),
            rows: group_rows(r, &by_officer(r, idx), true),
        },
        Tab::Late => Grid {
            columns: dossier_cols(),
            rows: idx.iter().map(|&i| &r.dossiers[i]).filter(|d| d.status.is_overdue()).map(dossier_row).collect(),
        },
        Tab::Dossiers => Grid { columns: dossier_cols(), rows: idx.iter().map(|&i| dossier_row(&r.dossiers[i])).collect() },
        Tab::Rejected => Grid {
            columns: vec![l("Tệp", "File"), l("Trang tính", "Sheet"), l("Dòng", "Row"), l("Cột", "Column"), l("Giá trị", "Value"), l("Lý do", "Reason")],
            rows: r
                .rejected
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    Row::new(
                        format!("{}|{}|{i}", x.file, x.row),
                        vec![
                            Cell::Text(x.file.clone()),
                            Cell::Text(x.sheet.clone()),
                            Cell::Int(i64::from(x.row)),
                            Cell::Text(x.column.clone()),
                            Cell::Text(x.value.clone()),
                            Cell::Text(lang.pick(&x.reason.vi, &x.reason.en).to_string()),
                        ],
                        String::new(),
                        None,
                    )
                })
                .collect(),
        },
        Tab::Ratings => Grid {
            columns: vec![
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
            rows: r
                .officers
                .iter()
                .map(|a| (a, "officer"))
                .chain(r.units.iter().map(|a| (a, "unit")))
                .map(|(a, kind)| {
                    Row::new(
                        format!("{kind}|{}|{}", a.unit, a.name),
                        vec![
                            Cell::Text(a.name.clone()),
                            Cell::Text(if kind == "unit" { lang.pick("(cả đơn vị)", "(whole unit)").to_string() } else { a.unit.clone() }),
                            Cell::Int(i64::from(a.year)),
                            Cell::Int(i64::from(a.late)),
                            Cell::Yes(a.reminded),
                            Cell::Yes(a.repeat),
                            Cell::Rating(Some(a.max_rating)),
                            Cell::Rating(a.proposed_rating),
                            Cell::Finding(a.finding.clone()),
                        ],
                        a.finding.clone(),
                        Some((kind, a.idx)),
                    )
                })
                .collect(),
        },
    }
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

/// The rows to show (indices into `grid.rows`, the current page only), the number that match, and the page
/// count. The page is clamped to the last one.
pub fn run(grid: &Grid, q: &Query) -> (Vec<usize>, usize, usize) {
    let needle = fold_key(&q.search);
    let mut hits: Vec<usize> = grid
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| (q.tag.is_empty() || r.tag == q.tag) && (needle.is_empty() || r.search.contains(&needle)))
        .map(|(i, _)| i)
        .collect();
    if let Some((col, desc)) = q.sort {
        hits.sort_by(|&a, &b| {
            let (x, y) = (grid.rows[a].cells.get(col), grid.rows[b].cells.get(col));
            let o = match (x, y) {
                (Some(x), Some(y)) => x.cmp(y),
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
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = q.page.min(pages - 1);
    let shown = hits.into_iter().skip(page * PAGE_SIZE).take(PAGE_SIZE).collect();
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

    fn grid_of(n: usize) -> Grid {
        Grid {
            columns: vec!["name".into(), "n".into()],
            rows: (0..n)
                .map(|i| Row::new(format!("k{i}"), vec![Cell::Text(format!("Nguyễn {i}")), Cell::Int((i % 7) as i64)], (i % 2).to_string(), None))
                .collect(),
        }
    }

    #[test]
    fn a_hundred_thousand_rows_sort_search_and_page() {
        let g = grid_of(100_000);
        let (page, total, pages) = run(&g, &Query::default());
        assert_eq!((page.len(), total, pages), (PAGE_SIZE, 100_000, 2000));
        let q = Query { sort: Some((1, true)), page: 1999, ..Default::default() };
        let (page, _, _) = run(&g, &q);
        assert!(page.iter().all(|&i| matches!(g.rows[i].cells[1], Cell::Int(0))), "the last page holds the smallest");
        let q = Query { search: "nguyen 99999".into(), ..Default::default() };
        assert_eq!(run(&g, &q).1, 1, "search folds diacritics");
        let q = Query { tag: "1".into(), page: 99_999, ..Default::default() };
        let (page, total, pages) = run(&g, &q);
        assert_eq!((total, pages, page.len()), (50_000, 1000, 50), "the page is clamped to the last");
    }
}
