//! The results screen's commendation tab (biểu dương, issue 21): the units and officers of the period with every
//! dossier early or on time and at least the set number of them, the evidence of each (counts, the months
//! covered), the criteria with their defaults, and each line's "why?". Computed in the worker over its report, as
//! the exports compute the list (`report::commendation`), for the period the page shows.

use super::engine::{self, Why};
use super::table::{self, PeriodSpec, Tab, TableCell, TableGrid, TableRow, WhyKind};
use super::Lang;
use crate::model::Text;
use crate::profile::Profile;
use crate::report::commendation::{self, Commendations, Settings, Who};
use crate::report::Report;
use serde::{Deserialize, Serialize};

/// What the tab shows above its table: the period, the criteria in force and their defaults, the citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommendHead {
    /// "Năm 2023 (từ 01/01/2023 đến 31/12/2023)"
    pub period: Text,
    /// The criteria the list was made with.
    pub criteria: Text,
    /// The rule set's own criteria, before the user's settings.
    pub defaults: Text,
    /// Whether the user's settings changed them.
    pub changed: bool,
    /// Officers and units on the list: "1 cá nhân, 1 tập thể".
    pub counts: Text,
    pub citation: String,
}

/// The commendation list of a period, kept for its "why?".
pub struct CommendList {
    pub spec: PeriodSpec,
    pub list: Commendations,
    pub head: CommendHead,
}

fn criteria(s: &Settings) -> Text {
    Text::new(s.label_vi(), s.label_en())
}

/// The list of the period picked (all data: the assessment year, as the exports take it), with the criteria of
/// `profile` (the check's rules, the user's settings laid over them) and those of `defaults` (the rules without
/// the user's settings).
pub fn list(r: &Report, profile: &Profile, defaults: &Profile, spec: &PeriodSpec) -> CommendList {
    let period = engine::period_of(spec, r, profile);
    let settings = Settings::of(profile, &period);
    let default = Settings::of(defaults, &period);
    let list = commendation::build(&commendation::candidates(r, &period), &settings, &period);
    let head = CommendHead {
        period: Text::new(period.label_vi(), period.label_en()),
        criteria: criteria(&settings),
        changed: (default.min_dossiers, default.require_all_on_time)
            != (settings.min_dossiers, settings.require_all_on_time),
        defaults: criteria(&default),
        counts: Text::new(list.counts_vi(), list.counts_en()),
        citation: settings.citation.to_string(),
    };
    CommendList { spec: *spec, list, head }
}

/// "01/2023, 03/2023"
fn months(months: &[String]) -> String {
    let shown: Vec<String> =
        months.iter().map(|m| m.split_once('-').map(|(y, mm)| format!("{mm}/{y}")).unwrap_or_default()).collect();
    shown.join(", ")
}

fn who_code(w: Who) -> &'static str {
    match w {
        Who::Officer => "officer",
        Who::Unit => "unit",
    }
}

/// The tab's rows: one per officer or unit on the list, its "why?" the line's index.
pub fn grid(c: &Commendations, lang: Lang) -> TableGrid {
    let rows = c
        .list
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let name = match x.who.kind {
                Who::Officer => x.who.name.clone(),
                Who::Unit => format!("{} {}", lang.pick("Tập thể", "Unit"), x.who.name),
            };
            let count = |n: u32| TableCell::Int(i64::from(n));
            TableRow::new(
                format!("{}|{}|{}", who_code(x.who.kind), x.who.unit, x.who.name),
                vec![
                    TableCell::Text(name),
                    TableCell::Text(x.who.unit.clone()),
                    count(x.dossiers),
                    count(x.who.early),
                    count(x.who.on_time),
                    count(x.who.pending),
                    TableCell::Text(months(&x.who.months)),
                ],
                who_code(x.who.kind).to_string(),
                Some((WhyKind::Commend, i as u32)),
            )
        })
        .collect();
    TableGrid { columns: table::columns(Tab::Commend, lang), rows }
}

/// The "why?" of the list's `idx`-th line: its evidence and the criteria, with their citation.
pub fn why(c: &CommendList, idx: usize) -> Option<Why> {
    let x = c.list.list.get(idx)?;
    let title = match x.who.kind {
        Who::Officer => x.who.name.clone(),
        Who::Unit => format!("Tập thể {}", x.who.name),
    };
    Some(engine::why_of(WhyKind::Commend, title, c.head.period.vi.clone(), &x.explanation))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::engine::{check, sample_files, CheckParams, ProfileChoice, ReadChoice};

    fn sample() -> Report {
        let p = CheckParams {
            as_of: chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            assessment_year: None,
            read: ReadChoice::default(),
            profile: ProfileChoice::default(),
            agency: Default::default(),
        };
        check(&sample_files(), &p).unwrap()
    }

    /// The sample's year 2023 with the default criteria (5 dossiers, all early or on time): Nguyễn Văn An and his
    /// unit, Phòng Tư pháp (as the text report of the same log says, tests/golden/2023-with-lists-text.out).
    #[test]
    fn the_sample_commends_one_officer_and_his_unit_with_their_evidence() {
        let r = sample();
        let profile = Profile::default_profile();
        let c = list(&r, &profile, &profile, &PeriodSpec::All);
        assert_eq!(c.head.counts.vi, "1 cá nhân, 1 tập thể");
        assert!(c.head.criteria.vi.starts_with("ít nhất 5 hồ sơ") && !c.head.changed, "{:?}", c.head);
        assert!(c.head.period.vi.starts_with("Năm 2023"), "{:?}", c.head.period);
        let g = grid(&c.list, Lang::Vi);
        let text = |row: &TableRow| row.cells.iter().map(|x| x.text(Lang::Vi)).collect::<Vec<_>>();
        assert_eq!(
            text(&g.rows[0]),
            ["Nguyễn Văn An", "Phòng Tư pháp", "5", "2", "3", "0", "01/2023, 03/2023, 05/2023, 08/2023, 11/2023"]
        );
        assert_eq!(text(&g.rows[1])[..4], ["Tập thể Phòng Tư pháp", "Phòng Tư pháp", "9", "3"]);
        assert_eq!((g.rows[0].tag.as_str(), g.rows[1].tag.as_str()), ("officer", "unit"));
        let w = why(&c, 0).unwrap();
        assert_eq!((w.kind, w.title.as_str()), (WhyKind::Commend, "Nguyễn Văn An"));
        assert!(w.steps[0].vi.contains("2 trước hạn, 3 đúng hạn") && w.steps[1].vi.contains("11/2023"), "{w:?}");
        assert!(!w.citations.is_empty());
        assert!(why(&c, 2).is_none());
    }

    /// The user's settings (at least 8 dossiers) drop the officer; the defaults are still shown beside them.
    #[test]
    fn the_user_s_threshold_is_shown_beside_the_default() {
        let r = sample();
        let defaults = Profile::default_profile();
        let profile = defaults.with_patch("[commendation.min_dossiers]\nvalue = 8\n").unwrap();
        let c = list(&r, &profile, &defaults, &PeriodSpec::Year { year: 2023 });
        assert!(
            c.head.changed
                && c.head.criteria.vi.starts_with("ít nhất 8")
                && c.head.defaults.vi.starts_with("ít nhất 5")
        );
        assert_eq!(c.head.counts.vi, "0 cá nhân, 1 tập thể");
        assert_eq!(c.list.list.len(), 1);
    }
}
