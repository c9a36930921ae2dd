//! The results screen's questions, answered in the worker over its report (issue 7). The page never holds the
//! dossier list: for the period, tab, sort, search, tag filter and page it shows, it asks [`Views::answer`] and
//! gets the period's counts, the per-unit groups and the monthly chart series, and one page of the tab's rows.
//!
//! The dossier and rejected-row tabs work on indices into `report.dossiers` / `report.rejected_rows`: the rows
//! that match are a `Vec<u32>`, sorted on the column's key (text columns on the rank of each distinct text), and
//! kept for the last (period, tab, filter, search, sort), so that turning pages costs one page of cells. Typing
//! more of a search only narrows the kept rows. The small tabs (units, officers, ratings, scores) are plain grids.

use super::commend::{self, CommendHead, CommendList};
use super::engine::Why;
use super::table::{self, GroupFigures, PeriodSpec, Query, StatusCounts, Tab, TableRow, WhyRef, PAGE_SIZE};
use super::Lang;
use crate::model::{fold_key, push_folded, Moment};
use crate::profile::Profile;
use crate::report::{DossierRow, Report};
use chrono::{Datelike, Timelike};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the page shows: the period, the tab and how the tab's table is looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewQuery {
    pub period: PeriodSpec,
    pub tab: Tab,
    /// (column, descending)
    pub sort: Option<(usize, bool)>,
    pub search: String,
    /// A status or finding code; "" for all.
    pub tag: String,
    pub page: usize,
    pub page_size: usize,
    /// The language of the cells (dates and numbers, labels, the rejected rows' reasons).
    pub lang: Lang,
}

impl Default for ViewQuery {
    fn default() -> ViewQuery {
        ViewQuery {
            period: PeriodSpec::All,
            tab: Tab::Units,
            sort: None,
            search: String::new(),
            tag: String::new(),
            page: 0,
            page_size: PAGE_SIZE,
            lang: Lang::Vi,
        }
    }
}

impl ViewQuery {
    pub fn new(period: PeriodSpec, tab: Tab, q: &Query, lang: Lang) -> ViewQuery {
        ViewQuery {
            period,
            tab,
            sort: q.sort,
            search: q.search.clone(),
            tag: q.tag.clone(),
            page: q.page,
            page_size: PAGE_SIZE,
            lang,
        }
    }
}

/// One cell as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageCell {
    pub text: String,
    /// Right-aligned (a number or a rate).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub num: bool,
    /// "good" | "bad" | "warn" (a status or finding), for the colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRow {
    /// A stable key for the row (dossier code, name…), for the DOM and the tests.
    pub key: String,
    pub cells: Vec<PageCell>,
    /// What "why?" opens.
    pub why: Option<WhyRef>,
}

fn page_row(row: &TableRow, lang: Lang) -> PageRow {
    PageRow {
        key: row.key.clone(),
        cells: row
            .cells
            .iter()
            .map(|c| PageCell { text: c.text(lang), num: c.numeric(), tone: c.tone().map(str::to_string) })
            .collect(),
        why: row.why,
    }
}

/// The answer to a [`ViewQuery`]: everything the results screen shows below the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewAnswer {
    /// The query as asked (the page compares it with its own before showing the answer).
    pub query: ViewQuery,
    /// Counts of the period's dossiers (the summary cards).
    pub counts: StatusCounts,
    /// The period's dossiers per unit (the chart, the print view).
    pub units: Vec<GroupFigures>,
    /// Late and pending-overdue dossiers per month of the due date (the chart).
    pub late_per_month: Vec<((i32, u32), u32)>,
    pub columns: Vec<String>,
    /// The rows of the page shown.
    pub rows: Vec<PageRow>,
    /// The page shown: the one asked, or the last one when it asked for more.
    pub page: usize,
    pub pages: usize,
    /// Rows matching the search and filter, and rows of the tab in the period.
    pub total: usize,
    pub all: usize,
    /// Whether the tab's rows have a "why?" button.
    pub has_why: bool,
    /// The commendation tab's period, criteria and their defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commend: Option<CommendHead>,
}

/// One line of the print view's list of late dossiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintLate {
    pub code: String,
    pub unit: String,
    pub officer: String,
    /// dd/mm/yyyy
    pub due: String,
    pub finished: String,
    pub late: u32,
}

/// What the print view needs beyond a [`ViewAnswer`]: the period's late and pending-overdue dossiers, the first
/// [`PRINT_LATE_MAX`] of them (the Excel report has them all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintAnswer {
    pub period: PeriodSpec,
    pub late: Vec<PrintLate>,
    /// How many more there are.
    pub more: u32,
}

pub const PRINT_LATE_MAX: usize = 1000;

/// The period's dossiers and what is computed from all of them.
struct PeriodView {
    spec: PeriodSpec,
    idx: Vec<u32>,
    counts: StatusCounts,
    units: Vec<GroupFigures>,
    late_per_month: Vec<((i32, u32), u32)>,
    /// Computed when the officers tab is first asked for.
    officers: Option<Vec<GroupFigures>>,
}

/// Which rows a big tab's kept hits are.
#[derive(Debug, Clone, PartialEq)]
struct HitsKey {
    period: PeriodSpec,
    tab: Tab,
    tag: String,
    /// The rejected rows' reasons (searched and sorted) depend on the language.
    lang: Option<Lang>,
}

/// The matching rows of a big tab (indices into the report), in the order of `sort`.
struct Hits {
    key: HitsKey,
    /// The folded search text the rows match.
    needle: String,
    sort: Option<(usize, bool)>,
    rows: Vec<u32>,
}

/// What the worker keeps between questions about one report.
#[derive(Default)]
pub struct Views {
    period: Option<PeriodView>,
    hits: Option<Hits>,
    /// The check's rules and the same without the user's settings (the commendation criteria and their
    /// defaults); None: the built-in default.
    rules: Option<(Profile, Profile)>,
    /// The commendation list of the period last asked for, for its "why?".
    commend: Option<CommendList>,
}

fn period_view<'a>(slot: &'a mut Option<PeriodView>, r: &Report, spec: &PeriodSpec) -> &'a mut PeriodView {
    if slot.as_ref().is_none_or(|p| p.spec != *spec) {
        let table::PeriodFigures { idx, counts, units, late_per_month } = table::period_figures(r, spec);
        *slot = Some(PeriodView { spec: *spec, idx, counts, units, late_per_month, officers: None });
    }
    slot.as_mut().expect("just filled")
}

impl Views {
    /// The views of a report checked with `profile`; `defaults` is the same rule set without the user's settings.
    pub fn with_rules(profile: Profile, defaults: Profile) -> Views {
        Views { rules: Some((profile, defaults)), ..Default::default() }
    }

    /// The commendation list of a period: the kept one when it is that period's.
    fn commend_list(&mut self, r: &Report, spec: &PeriodSpec) -> &CommendList {
        if self.commend.as_ref().is_none_or(|c| c.spec != *spec) {
            let built_in;
            let (profile, defaults) = match &self.rules {
                Some((p, d)) => (p, d),
                None => {
                    built_in = Profile::default_profile();
                    (&built_in, &built_in)
                }
            };
            self.commend = Some(commend::list(r, profile, defaults, spec));
        }
        self.commend.as_ref().expect("just filled")
    }

    /// The "why?" of a line of the commendation list last shown.
    pub fn commend_why(&self, idx: u32) -> Option<Why> {
        commend::why(self.commend.as_ref()?, idx as usize)
    }

    /// Answers a question about the report `r` (always the same report for one `Views`).
    pub fn answer(&mut self, r: &Report, q: &ViewQuery) -> ViewAnswer {
        let lang = q.lang;
        let size = q.page_size.clamp(1, 1000);
        let head = (q.tab == Tab::Commend).then(|| self.commend_list(r, &q.period).head.clone());
        let pv = period_view(&mut self.period, r, &q.period);
        let (rows, total, all, pages, page, has_why) = match q.tab {
            Tab::Units | Tab::Officers | Tab::Ratings | Tab::Scores | Tab::Commend => {
                let grid = match q.tab {
                    Tab::Commend => commend::grid(&self.commend.as_ref().expect("made above").list, lang),
                    Tab::Units => table::group_grid(r, &pv.units, false, lang),
                    Tab::Officers => {
                        let officers = pv.officers.get_or_insert_with(|| table::by_officer(r, &pv.idx));
                        table::group_grid(r, officers, true, lang)
                    }
                    Tab::Scores => table::scores_grid(r, &q.period, lang),
                    _ => table::ratings_grid(r, lang),
                };
                let query = Query { sort: q.sort, search: q.search.clone(), tag: q.tag.clone(), page: q.page };
                let (shown, total, pages) = table::run(&grid, &query, size);
                let rows = shown.iter().map(|&i| page_row(&grid.rows[i], lang)).collect();
                let has_why = grid.rows.iter().any(|r| r.why.is_some());
                (rows, total, grid.rows.len(), pages, q.page.min(pages - 1), has_why)
            }
            Tab::Late | Tab::Dossiers | Tab::Rejected => {
                let all = match q.tab {
                    Tab::Dossiers => pv.idx.len(),
                    Tab::Late => (pv.counts.late + pv.counts.pending_overdue) as usize,
                    _ => r.rejected_rows.len(),
                };
                let hits = hits(&mut self.hits, r, pv, q);
                let total = hits.len();
                let pages = total.div_ceil(size).max(1);
                let page = q.page.min(pages - 1);
                let rows = hits
                    .iter()
                    .skip(page * size)
                    .take(size)
                    .map(|&i| match q.tab {
                        Tab::Rejected => page_row(&table::rejected_row(i, &r.rejected_rows[i as usize], lang), lang),
                        _ => page_row(&table::dossier_row(i, r.dossiers.at(i as usize)), lang),
                    })
                    .collect();
                (rows, total, all, pages, page, q.tab != Tab::Rejected && all > 0)
            }
        };
        ViewAnswer {
            query: q.clone(),
            counts: pv.counts,
            units: pv.units.clone(),
            late_per_month: pv.late_per_month.clone(),
            columns: table::columns(q.tab, lang),
            rows,
            page,
            pages,
            total,
            all,
            has_why,
            commend: head,
        }
    }

    /// The print view's list of late dossiers for a period.
    pub fn print(&mut self, r: &Report, period: &PeriodSpec) -> PrintAnswer {
        let pv = period_view(&mut self.period, r, period);
        let date = |m: Option<Moment>| m.map(|m| m.display_vi()).unwrap_or_default();
        let late: Vec<DossierRow> = pv
            .idx
            .iter()
            .map(|&i| r.dossiers.at(i as usize))
            .filter(|d| d.verdict.status.is_overdue())
            .take(PRINT_LATE_MAX)
            .collect();
        let overdue = pv.counts.late + pv.counts.pending_overdue;
        PrintAnswer {
            period: *period,
            more: overdue.saturating_sub(late.len() as u32),
            late: late
                .into_iter()
                .map(|d| PrintLate {
                    code: d.code.clone(),
                    unit: d.unit.display.clone(),
                    officer: d.officer.display.clone(),
                    due: date(d.due),
                    finished: date(d.finished.or(d.returned)),
                    late: d.verdict.late_working_days,
                })
                .collect(),
        }
    }
}

/// The rows of a big tab matching the query's period, tag and search, sorted: the kept ones when they fit.
fn hits<'a>(slot: &'a mut Option<Hits>, r: &Report, pv: &PeriodView, q: &ViewQuery) -> &'a [u32] {
    let key =
        HitsKey { period: q.period, tab: q.tab, tag: q.tag.clone(), lang: (q.tab == Tab::Rejected).then_some(q.lang) };
    let needle = fold_key(&q.search);
    let kept = slot.take().filter(|h| h.key == key && needle.contains(h.needle.as_str()));
    let mut h = match kept {
        // The same rows, or a longer search: what matches it is among what matched the shorter one.
        Some(mut h) => {
            if h.needle != needle {
                {
                    let mut m = Matcher::new(r, &key, &needle);
                    h.rows.retain(|&i| m.matches(i));
                }
                h.needle = needle;
            }
            h
        }
        None => {
            let rows: Vec<u32> = {
                let mut m = Matcher::new(r, &key, &needle);
                match q.tab {
                    Tab::Rejected => (0..r.rejected_rows.len() as u32).filter(|&i| m.matches(i)).collect(),
                    Tab::Late => pv
                        .idx
                        .iter()
                        .copied()
                        .filter(|&i| r.dossiers.at(i as usize).verdict.status.is_overdue() && m.matches(i))
                        .collect(),
                    _ => pv.idx.iter().copied().filter(|&i| m.matches(i)).collect(),
                }
            };
            Hits { key, needle, sort: None, rows }
        }
    };
    if h.sort != q.sort {
        match q.sort {
            Some((col, desc)) if q.tab == Tab::Rejected => sort_rejected(r, &mut h.rows, col, desc, q.lang),
            Some((col, desc)) => sort_dossiers(r, &mut h.rows, col, desc),
            None => h.rows.sort_unstable(),
        }
        h.sort = q.sort;
    }
    &slot.insert(h).rows
}

/// Whether a row matches a tab's tag filter and a folded search text, the way [`TableRow::new`] folds a row's cells.
struct Matcher<'a> {
    r: &'a Report,
    rejected: bool,
    lang: Lang,
    tag: &'a str,
    needle: &'a str,
    finder: memchr::memmem::Finder<'a>,
    /// Folded texts that many rows share (names, file names, status labels), by address: the report holds each
    /// once.
    folded: HashMap<usize, String, crate::model::IntHash>,
    text: String,
}

impl<'a> Matcher<'a> {
    fn new(r: &'a Report, key: &'a HitsKey, needle: &'a str) -> Matcher<'a> {
        Matcher {
            r,
            rejected: key.tab == Tab::Rejected,
            lang: key.lang.unwrap_or_default(),
            tag: &key.tag,
            needle,
            finder: memchr::memmem::Finder::new(needle.as_bytes()),
            folded: HashMap::default(),
            text: String::new(),
        }
    }

    fn matches(&mut self, i: u32) -> bool {
        if self.rejected {
            // Rejected rows are few: their row's own search text will do.
            return self.needle.is_empty()
                || table::rejected_row(i, &self.r.rejected_rows[i as usize], self.lang).search.contains(self.needle);
        }
        let d = self.r.dossiers.at(i as usize);
        if !self.tag.is_empty() && d.verdict.status.code() != self.tag {
            return false;
        }
        if self.needle.is_empty() {
            return true;
        }
        self.fold_dossier(d);
        self.finder.find(self.text.as_bytes()).is_some()
    }

    /// `fold_key` of a dossier row's cells joined by spaces (as [`TableRow::new`] does), built piece by piece: folding
    /// turns every run of non-letters into one space, so the folded pieces joined by one space are the same text.
    /// Dates and numbers are written folded, digit by digit, and shared texts are folded once: formatting and
    /// folding each row's cells made a search of a million dossiers take 2.1–2.5 s.
    fn fold_dossier(&mut self, d: DossierRow<'a>) {
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        push_folded(&mut text, &d.code);
        for name in [d.dossier.unit.display.as_str(), d.dossier.officer.display.as_str()] {
            push_piece(&mut text, self.fold_shared(name));
        }
        for m in [d.received, d.due, d.finished.or(d.returned)] {
            push_moment(&mut text, m);
        }
        push_piece(&mut text, self.fold_shared(d.verdict.status.label_vi()));
        push_count(&mut text, u64::from(d.verdict.late_working_days));
        for name in [d.dossier.source.file.as_ref(), d.dossier.source.sheet.as_ref()] {
            push_piece(&mut text, self.fold_shared(name));
        }
        push_count(&mut text, u64::from(d.source.row));
        self.text = text;
    }

    fn fold_shared(&mut self, s: &'a str) -> &str {
        self.folded.entry(s.as_ptr() as usize).or_insert_with(|| fold_key(s))
    }
}

/// Appends a folded piece after one space when both are non-empty.
fn push_piece(out: &mut String, piece: &str) {
    if !piece.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece);
    }
}

/// The decimal digits of `n` at the end of `buf`: where they start.
fn digits(buf: &mut [u8; 20], mut n: u64) -> usize {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return at;
        }
    }
}

/// Appends `n` (below 100) as two digits.
fn push_two(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// [`push_folded`] of a date as shown (dd/mm/yyyy[ hh:mm]): "dd mm yyyy[ hh mm]".
fn push_moment(out: &mut String, m: Option<Moment>) {
    let Some(m) = m else { return };
    if !out.is_empty() {
        out.push(' ');
    }
    push_two(out, m.date.day());
    out.push(' ');
    push_two(out, m.date.month());
    out.push(' ');
    // Years 1900–2200 (the reader refuses others): four digits.
    let year = m.date.year().clamp(0, 9999) as u32;
    push_two(out, year / 100);
    push_two(out, year % 100);
    if let Some(t) = m.time() {
        out.push(' ');
        push_two(out, t.hour());
        out.push(' ');
        push_two(out, t.minute());
    }
}

/// [`push_folded`] of a count as shown ([`format::number`](super::format::number): 1.234 folds to "1 234").
fn push_count(out: &mut String, n: u64) {
    let mut buf = [0; 20];
    let at = digits(&mut buf, n);
    for (i, &d) in buf[at..].iter().enumerate() {
        // A space before the count, and between groups of three digits from the right.
        if (i == 0 && !out.is_empty()) || (i > 0 && (buf.len() - at - i) % 3 == 0) {
            out.push(' ');
        }
        out.push(char::from(d));
    }
}

/// Sorts row indices on a key, descending when asked, equal keys in report order (as a stable sort of the rows
/// in report order would leave them).
fn by_key<K: Ord>(rows: &mut [u32], desc: bool, key: impl Fn(u32) -> K) {
    rows.sort_unstable_by(|&a, &b| {
        let o = key(a).cmp(&key(b));
        (if desc { o.reverse() } else { o }).then(a.cmp(&b))
    });
}

/// [`by_key`] on a text column, ordered as [`TableCell::Text`] orders (folded, then as written): each distinct text
/// is folded once and ranked, then the rows sort on the ranks.
fn by_text<'a>(rows: &mut [u32], desc: bool, text: impl Fn(u32) -> &'a str) {
    let mut rank: HashMap<&str, u32> = rows.iter().map(|&i| (text(i), 0)).collect();
    let mut distinct: Vec<(String, &str)> = rank.keys().map(|&s| (fold_key(s), s)).collect();
    distinct.sort_unstable();
    for (n, (_, s)) in distinct.into_iter().enumerate() {
        rank.insert(s, n as u32);
    }
    let ranks: Vec<u32> = rows.iter().map(|&i| rank[text(i)]).collect();
    let mut pairs: Vec<(u32, u32)> = ranks.into_iter().zip(rows.iter().copied()).collect();
    pairs.sort_unstable_by(|a, b| (if desc { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) }).then(a.1.cmp(&b.1)));
    for (slot, (_, i)) in rows.iter_mut().zip(pairs) {
        *slot = i;
    }
}

/// Sorts dossier rows on a column of [`table::columns`] for the dossier tabs.
fn sort_dossiers(r: &Report, rows: &mut [u32], col: usize, desc: bool) {
    let d = |i: u32| r.dossiers.at(i as usize).dossier;
    let v = |i: u32| r.dossiers.at(i as usize).verdict;
    match col {
        0 => by_text(rows, desc, |i| d(i).code.as_str()),
        1 => by_text(rows, desc, |i| d(i).unit.display.as_str()),
        2 => by_text(rows, desc, |i| d(i).officer.display.as_str()),
        3 => by_key(rows, desc, |i| d(i).received),
        4 => by_key(rows, desc, |i| d(i).due),
        5 => by_key(rows, desc, |i| d(i).finished.or(d(i).returned)),
        6 => by_key(rows, desc, |i| v(i).status),
        7 => by_key(rows, desc, |i| v(i).late_working_days),
        // Where the row came from: file, sheet, then row number.
        8 => by_key(rows, desc, |i| (d(i).source.file.as_ref(), d(i).source.sheet.as_ref(), d(i).source.row)),
        _ => rows.sort_unstable(),
    }
}

/// Sorts rejected rows on a column of [`table::columns`] for the rejected tab.
fn sort_rejected(r: &Report, rows: &mut [u32], col: usize, desc: bool, lang: Lang) {
    let x = |i: u32| &r.rejected_rows[i as usize];
    match col {
        0 => by_text(rows, desc, |i| x(i).source.file.as_ref()),
        1 => by_text(rows, desc, |i| x(i).source.sheet.as_ref()),
        2 => by_key(rows, desc, |i| x(i).source.row),
        3 => by_text(rows, desc, |i| x(i).column.as_str()),
        4 => by_text(rows, desc, |i| x(i).value.as_str()),
        5 => by_text(rows, desc, |i| lang.pick(&x(i).reason, &x(i).reason_en)),
        _ => rows.sort_unstable(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::web::engine::{self, CheckParams, ProfileChoice, ReadChoice};
    use crate::web::table::{TableCell, WhyKind};
    use chrono::NaiveDate;
    use std::cmp::Ordering;

    /// How the grids compare two cells: the index sorts must agree with it.
    fn cell_order(a: &TableCell, b: &TableCell) -> Ordering {
        a.compare(b)
    }

    fn sample() -> Report {
        let p = CheckParams {
            as_of: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            assessment_year: None,
            read: ReadChoice::default(),
            profile: ProfileChoice::default(),
            agency: Default::default(),
        };
        engine::check(&engine::sample_files(), &p).unwrap()
    }

    fn ask(v: &mut Views, r: &Report, f: impl FnOnce(&mut ViewQuery)) -> ViewAnswer {
        let mut q = ViewQuery::default();
        f(&mut q);
        v.answer(r, &q)
    }

    #[test]
    fn the_sample_period_counts_groups_and_chart() {
        let r = sample();
        let mut v = Views::default();
        let a = ask(&mut v, &r, |_| {});
        let c = a.counts;
        assert_eq!((c.dossiers, c.early, c.on_time, c.late, c.pending_overdue), (25, 7, 9, 8, 1));
        assert_eq!(a.units.len(), 3, "{:?}", a.units);
        assert_eq!(a.units.iter().map(|g| g.counts.dossiers).sum::<u32>(), 25);
        assert_eq!(a.late_per_month.iter().map(|(_, n)| n).sum::<u32>(), 9, "8 late + 1 pending overdue");
        assert!(a.late_per_month.len() >= 12, "a bar per month");
        assert_eq!((a.all, a.total, a.rows.len()), (3, 3, 3), "the units tab");
        // Q2 2023, by due date: fewer dossiers, and the counts add up.
        let q2 = ask(&mut v, &r, |q| q.period = PeriodSpec::Quarter { year: 2023, quarter: 2 });
        assert!(q2.counts.dossiers > 0 && q2.counts.dossiers < 25, "{:?}", q2.counts);
        let (april, june) =
            (NaiveDate::from_ymd_opt(2023, 4, 1).unwrap(), NaiveDate::from_ymd_opt(2023, 6, 30).unwrap());
        let expect = r.dossiers.iter().filter(|d| d.due.is_some_and(|m| april <= m.date && m.date <= june)).count();
        assert_eq!(q2.counts.dossiers as usize, expect);
        let dossiers = ask(&mut v, &r, |q| {
            q.period = PeriodSpec::Quarter { year: 2023, quarter: 2 };
            q.tab = Tab::Dossiers;
        });
        assert_eq!((dossiers.all, dossiers.total), (expect, expect));
    }

    #[test]
    fn the_dossier_tab_filters_sorts_searches_and_pages() {
        let r = sample();
        let mut v = Views::default();
        let all = ask(&mut v, &r, |q| q.tab = Tab::Dossiers);
        assert_eq!((all.all, all.total, all.pages, all.rows.len()), (25, 25, 1, 25));
        assert!(all.has_why && all.columns.len() == 9);
        // Pages of 10: 3 pages, the last holds 5; a page past the end shows the last.
        let p = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.page_size = 10;
            q.page = 7;
        });
        assert_eq!((p.pages, p.page, p.rows.len(), p.query.page), (3, 2, 5, 7));
        // The status filter: 8 late, 1 pending overdue; the late tab holds both.
        let late = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.tag = "late".into();
        });
        assert_eq!(late.total, 8);
        let overdue = ask(&mut v, &r, |q| q.tab = Tab::Late);
        assert_eq!((overdue.all, overdue.total), (9, 9));
        // Sorted by working days late, most first; then by code; the sort is kept while paging.
        let by_late = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.sort = Some((7, true));
            q.page_size = 10;
        });
        let lates: Vec<u32> = by_late.rows.iter().map(|x| x.cells[7].text.parse().unwrap()).collect();
        assert!(lates.windows(2).all(|w| w[0] >= w[1]), "{lates:?}");
        assert!(lates[0] > 0 && by_late.rows[0].cells[7].num);
        let page2 = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.sort = Some((7, true));
            q.page_size = 10;
            q.page = 2;
        });
        assert!(page2.rows.iter().all(|x| x.cells[7].text == "0"), "the last page holds the on-time ones");
        // Every column sorts the way the grid's cells compare, both ways; the source on its row number.
        let cells: Vec<(u32, Vec<TableCell>)> =
            (0..25u32).map(|i| (i, table::dossier_cells(r.dossiers.at(i as usize)))).collect();
        let by_source = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.sort = Some((8, false));
        });
        let rows: Vec<u32> =
            by_source.rows.iter().map(|x| x.cells[8].text.rsplit(' ').next().unwrap().parse().unwrap()).collect();
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "row 9 before row 10: {rows:?}");
        for col in 0..8 {
            for desc in [false, true] {
                let a = ask(&mut v, &r, |q| {
                    q.tab = Tab::Dossiers;
                    q.sort = Some((col, desc));
                });
                let mut expect = cells.clone();
                expect.sort_by(|x, y| {
                    let o = cell_order(&x.1[col], &y.1[col]);
                    if desc {
                        o.reverse()
                    } else {
                        o
                    }
                });
                let got: Vec<String> = a.rows.iter().map(|x| x.cells[col].text.clone()).collect();
                let want: Vec<String> = expect.iter().map(|(_, c)| c[col].text(Lang::Vi)).collect();
                assert_eq!(got, want, "column {col}, descending {desc}");
            }
        }
        // Search folds diacritics; typing more narrows; the count follows.
        let code = &r.dossiers.iter().find(|d| d.code == "H08.22-230414-0009").unwrap().code;
        let one = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.search = code.clone();
        });
        assert_eq!((one.total, one.all), (1, 25));
        assert_eq!(one.rows[0].key, *code);
        assert_eq!(one.rows[0].cells[4].text, "28/04/2023");
        assert_eq!(one.rows[0].why.map(|(k, _)| k), Some(WhyKind::Dossier));
        let unit = r.dossiers.at(0).unit.display.clone();
        let folded = fold_key(&unit);
        let by_unit = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.search = folded[..folded.len() / 2].to_string();
        });
        let narrower = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.search = unit.to_uppercase();
        });
        let expect = r.dossiers.iter().filter(|d| fold_key(&d.unit.display).contains(&folded)).count();
        assert!(
            by_unit.total >= narrower.total && narrower.total >= expect && expect > 0,
            "{} {} {expect}",
            by_unit.total,
            narrower.total
        );
        assert_eq!(
            ask(&mut v, &r, |q| {
                q.tab = Tab::Dossiers;
                q.search = "no such dossier".into();
            })
            .total,
            0
        );
    }

    #[test]
    fn the_search_text_is_the_rows_own() {
        // The matcher builds each dossier's folded text without making its row: it must be the row's.
        let r = sample();
        let key = HitsKey { period: PeriodSpec::All, tab: Tab::Dossiers, tag: String::new(), lang: None };
        let mut m = Matcher::new(&r, &key, "x");
        for (i, d) in r.dossiers.iter().enumerate() {
            m.fold_dossier(d);
            assert_eq!(m.text, table::dossier_row(i as u32, d).search, "{}", d.code);
        }
        // Counts of a thousand or more are shown with a separator, which folds to a space.
        for n in [0, 7, 10, 999, 1_000, 12_345, 123_456, 1_234_567, u64::MAX] {
            let mut out = String::from("a");
            push_count(&mut out, n);
            assert_eq!(out, fold_key(&format!("a {}", crate::web::format::number(n, Lang::Vi))));
        }
    }

    #[test]
    fn rejected_rows_ratings_and_officers() {
        let r = sample();
        let mut v = Views::default();
        let rej = ask(&mut v, &r, |q| q.tab = Tab::Rejected);
        assert_eq!((rej.all, rej.total, rej.has_why), (6, 6, false));
        assert!(
            rej.rows.iter().any(|x| x.cells[2].text == "24" && x.cells[4].text.contains("31/02/2023")),
            "{:?}",
            rej.rows
        );
        let en = ask(&mut v, &r, |q| {
            q.tab = Tab::Rejected;
            q.lang = Lang::En;
            q.sort = Some((2, false));
        });
        assert_ne!(en.rows[0].cells[5].text, rej.rows[0].cells[5].text, "reasons in English");
        let ratings = ask(&mut v, &r, |q| {
            q.tab = Tab::Ratings;
            q.tag = "violation".into();
        });
        assert_eq!(ratings.total, 4);
        assert!(ratings.rows.iter().all(|x| x.cells[8].tone.as_deref() == Some("bad")));
        let officers = ask(&mut v, &r, |q| {
            q.tab = Tab::Officers;
            q.sort = Some((4, true));
        });
        assert!(officers.all > 1 && officers.all <= r.officers.len(), "the officers with dossiers");
        let late: Vec<u32> = officers.rows.iter().map(|x| x.cells[4].text.parse().unwrap()).collect();
        assert!(late.windows(2).all(|w| w[0] >= w[1]));
        assert_eq!(late.iter().sum::<u32>(), 8);
    }

    /// tests/fixtures/dossiers_2026.csv and proposals_2026.csv as of 31/12/2026 (the rule set picked by the year:
    /// toan-quoc-2026), as the page checks them (explanations asked one at a time).
    fn scored_2026() -> crate::check::Checked {
        let files = vec![
            engine::FileBytes {
                name: "dossiers_2026.csv".into(),
                role: engine::Role::Dossiers,
                bytes: include_bytes!("../../tests/fixtures/dossiers_2026.csv").to_vec(),
                digest: None,
            },
            engine::FileBytes {
                name: "proposals_2026.csv".into(),
                role: engine::Role::Ratings,
                bytes: include_bytes!("../../tests/fixtures/proposals_2026.csv").to_vec(),
                digest: None,
            },
        ];
        let p = CheckParams {
            as_of: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            assessment_year: None,
            read: ReadChoice::default(),
            profile: ProfileChoice::default(),
            agency: Default::default(),
        };
        engine::check_lean(&files, Vec::new(), &p, &mut |_| {}).unwrap()
    }

    #[test]
    fn the_scores_tab_shows_the_hand_worked_2026_figures() {
        // The answers of tests/fixtures/README.md ("2026 fixtures").
        let c = scored_2026();
        let r = &c.report;
        assert_eq!(r.profile.id, "toan-quoc-2026");
        let mut v = Views::default();
        let year = ask(&mut v, r, |q| {
            q.tab = Tab::Scores;
            q.tag = "year".into();
            q.search = "Trần Văn An".into();
        });
        assert_eq!(year.columns.len(), 14);
        assert_eq!(year.total, 1, "{:?}", year.rows);
        let cells: Vec<&str> = year.rows[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            cells,
            [
                "Trần Văn An",
                "Phòng Tư pháp",
                "2026",
                "6",
                "5",
                "4",
                "2",
                "2",
                "83,3%",
                "79,2%",
                "57,36",
                "87,36",
                "Hoàn thành tốt nhiệm vụ",
                "Mức đề xuất không thể đạt"
            ]
        );
        assert_eq!(year.rows[0].cells[13].tone.as_deref(), Some("bad"));
        // Its "why?": the figures, then the flag with its own steps and the decree cited.
        let (kind, idx) = year.rows[0].why.unwrap();
        assert_eq!(kind, WhyKind::Score);
        let why = engine::explain_checked(&c, kind, idx as usize).unwrap();
        assert_eq!((why.title.as_str(), why.subtitle.as_str()), ("Trần Văn An", "Phòng Tư pháp · 2026"));
        let steps: Vec<&str> = why.steps.iter().map(|s| s.vi.as_str()).collect();
        assert!(steps.iter().any(|s| s.starts_with("Cảnh báo: Tiến độ giải quyết hồ sơ không cho phép")), "{steps:?}");
        assert!(steps.iter().any(|s| s.contains("87,36")), "{steps:?}");
        assert!(why.citations.iter().any(|c| c.document.contains("335/2025")), "{:?}", why.citations);
        // Q1 2026: the months and the quarter, not the year; Phạm Văn Cường's quarter is 96,11 points.
        let q1 = ask(&mut v, r, |q| {
            q.tab = Tab::Scores;
            q.period = PeriodSpec::Quarter { year: 2026, quarter: 1 };
            q.search = "Phạm Văn Cường".into();
        });
        let periods: Vec<&str> = q1.rows.iter().map(|x| x.cells[2].text.as_str()).collect();
        assert_eq!(periods, ["2026-01", "2026-02", "2026-Q1"]);
        assert_eq!(q1.rows[2].cells[11].text, "96,11");
        assert_eq!(q1.rows[0].cells[11].text, "94,17", "January: progress 75 %");
        // Flagged rows: An's year (band impossible), Bình's year (95 points is xuất sắc), both units' years (the
        // 20 % share).
        let flagged = ask(&mut v, r, |q| {
            q.tab = Tab::Scores;
            q.tag = "flagged".into();
            q.sort = Some((13, false));
        });
        let keys: Vec<&str> = flagged.rows.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(flagged.total, 4, "{keys:?}");
        assert!(keys.contains(&"Phòng Tư pháp|Lê Thị Bình|2026"), "{keys:?}");
        assert!(keys.contains(&"Bộ phận Một cửa||2026"), "{keys:?}");
        // Sorted by the most points, highest first.
        let by_points = ask(&mut v, r, |q| {
            q.tab = Tab::Scores;
            q.sort = Some((11, true));
            q.page_size = 1000;
        });
        let pts: Vec<f64> =
            by_points.rows.iter().map(|x| x.cells[11].text.replace(',', ".").parse().unwrap()).collect();
        assert!(pts.windows(2).all(|w| w[0] >= w[1]) && pts.len() == r.scores.len(), "{pts:?}");
    }

    #[test]
    fn a_2023_report_has_no_scores_tab_rows() {
        let r = sample();
        let a = ask(&mut Views::default(), &r, |q| q.tab = Tab::Scores);
        assert_eq!((a.all, a.total, a.has_why), (0, 0, false));
        assert_eq!(table::score_period_range("2026-Q2").map(|x| x.1), NaiveDate::from_ymd_opt(2026, 6, 30));
        assert_eq!(table::score_period_range("2026-02").map(|x| x.1), NaiveDate::from_ymd_opt(2026, 2, 28));
        assert_eq!(table::score_period_range("2026").map(|x| x.0), NaiveDate::from_ymd_opt(2026, 1, 1));
        assert_eq!(table::score_period_range("2026-13"), None);
    }

    #[test]
    fn the_print_list_is_the_periods_late_dossiers() {
        let r = sample();
        let mut v = Views::default();
        let p = v.print(&r, &PeriodSpec::All);
        assert_eq!((p.late.len(), p.more), (9, 0));
        let d = p.late.iter().find(|x| x.code == "H08.22-230414-0009").unwrap();
        assert_eq!((d.due.as_str(), d.late), ("28/04/2023", 1));
        let overdue = r.dossiers.iter().filter(|d| d.verdict.status == Status::PendingOverdue).count();
        assert_eq!(overdue, 1);
    }

    #[test]
    fn a_million_dossiers_sort_and_page_by_index() {
        // 200,000 made-up dossiers (a million takes long in a debug build): sorted, searched and paged.
        let mut r = sample();
        let base = std::mem::take(&mut r.dossiers);
        r.dossiers.extend((0..200_000).map(|i| {
            let row = base.at(i % base.len());
            let mut d = row.dossier.clone();
            d.code = format!("HS-{i:06}");
            (d, row.verdict.clone())
        }));
        let mut v = Views::default();
        let a = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.sort = Some((0, true));
        });
        assert_eq!((a.total, a.pages), (200_000, 4000));
        assert_eq!(a.rows[0].key, "HS-199999");
        let last = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.sort = Some((0, true));
            q.page = 3999;
        });
        assert_eq!(last.rows.last().unwrap().key, "HS-000000");
        let found = ask(&mut v, &r, |q| {
            q.tab = Tab::Dossiers;
            q.sort = Some((0, true));
            q.search = "hs 12345".into();
        });
        assert_eq!(found.total, 10, "HS-123450…HS-123459 (HS-012345 folds to \"hs 012345\")");
        assert_eq!(found.rows[0].key, "HS-123459");
    }
}
