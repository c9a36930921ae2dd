//! Who to commend (biểu dương, issue 21): officers and units whose every dossier due in the period was resolved
//! early or on time, with at least a set number of dossiers. The reform plan asks agencies to reward those who do
//! well (RULES.md §1) and sets no threshold: both are profile settings (`[commendation]`, [U]).
//!
//! Dossiers are placed as the officers' and units' late counts are (the attribution rule): by due date, against the
//! officer and unit columns of the log.

use super::period::Period;
use super::Report;
use crate::model::{Citation, Explanation, Status};
use crate::profile::Profile;
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An officer or a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Officer,
    Unit,
}

/// An officer or unit with no late or overdue dossier due in the period: the evidence for a commendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub kind: Who,
    /// The agency (empty in an agency's own report; set by a roll-up).
    #[serde(default)]
    pub agency: String,
    /// The officer's name; the unit's name for a unit.
    pub name: String,
    pub unit: String,
    pub early: u32,
    pub on_time: u32,
    /// Due in the period and not resolved yet, within time (or paused).
    pub pending: u32,
    /// The months (of the due dates) the dossiers cover: "2023-01"…
    pub months: Vec<String>,
}

impl Candidate {
    pub fn dossiers(&self) -> u32 {
        self.early + self.on_time + self.pending
    }

    /// Whether the settings commend it.
    pub fn qualifies(&self, s: &Settings) -> bool {
        let counted = if s.require_all_on_time { self.early + self.on_time } else { self.dossiers() };
        counted >= s.min_dossiers && (!s.require_all_on_time || self.pending == 0)
    }
}

/// The settings a list was made with, shown beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub min_dossiers: u32,
    pub require_all_on_time: bool,
    pub citation: Citation,
}

impl Settings {
    /// The settings in force on the period's last day.
    pub fn of(p: &Profile, period: &Period) -> Settings {
        let min = p.commendation.min_dossiers.at(period.end);
        Settings {
            min_dossiers: min.value,
            require_all_on_time: p.commendation.require_all_on_time.at(period.end).value,
            citation: min.citation(),
        }
    }

    /// "ít nhất 10 hồ sơ, tất cả trước hạn hoặc đúng hạn"
    pub fn label_vi(&self) -> String {
        let rule = if self.require_all_on_time {
            "mọi hồ sơ đã giải quyết trước hạn hoặc đúng hạn"
        } else {
            "không hồ sơ nào trễ hạn hay quá hạn"
        };
        format!("ít nhất {} hồ sơ có ngày hẹn trả trong kỳ, {rule}", self.min_dossiers)
    }

    pub fn label_en(&self) -> String {
        let rule =
            if self.require_all_on_time { "every one resolved early or on time" } else { "none late or overdue" };
        format!("at least {} dossiers due in the period, {rule}", self.min_dossiers)
    }
}

/// One line of the commendation list, with its "why?".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commendation {
    #[serde(flatten)]
    pub who: Candidate,
    pub dossiers: u32,
    pub explanation: Explanation,
}

/// The list for a period: the settings and who qualifies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commendations {
    pub settings: Settings,
    pub period_label: String,
    pub list: Vec<Commendation>,
}

#[derive(Default)]
struct Tally {
    early: u32,
    on_time: u32,
    pending: u32,
    bad: u32,
    months: std::collections::BTreeSet<(i32, u32)>,
}

/// Every officer and unit with at least one dossier due in `period` and none late or overdue, officers first, in
/// name order within each unit.
pub fn candidates(r: &Report, period: &Period) -> Vec<Candidate> {
    // (kind, unit key, officer key) → (unit display, officer display, tally)
    let mut by: BTreeMap<(Who, String, String), (String, String, Tally)> = BTreeMap::new();
    for d in r.dossiers.iter() {
        let Some(due) = d.due.map(|m| m.date).filter(|x| period.contains(*x)) else { continue };
        // Closed without a result (stopped): neither for nor against.
        if d.verdict.status == Status::Stopped {
            continue;
        }
        let mut keys = Vec::with_capacity(2);
        if !d.unit.is_empty() {
            keys.push((Who::Unit, d.unit.key.clone(), String::new(), d.unit.display.clone()));
            if !d.officer.is_empty() {
                keys.push((Who::Officer, d.unit.key.clone(), d.officer.key.clone(), d.officer.display.clone()));
            }
        }
        for (kind, unit, officer, name) in keys {
            let e = by.entry((kind, unit, officer)).or_insert_with(|| (d.unit.display.clone(), name, Tally::default()));
            let t = &mut e.2;
            match d.verdict.status {
                Status::Early => t.early += 1,
                Status::OnTime => t.on_time += 1,
                Status::PendingWithin => t.pending += 1,
                Status::Late | Status::PendingOverdue | Status::Stopped => t.bad += 1,
            }
            t.months.insert((due.year(), due.month()));
        }
    }
    by.into_iter()
        .filter(|(_, (_, _, t))| t.bad == 0)
        .map(|((kind, _, _), (unit, name, t))| Candidate {
            kind,
            agency: String::new(),
            name: if kind == Who::Unit { unit.clone() } else { name },
            unit,
            early: t.early,
            on_time: t.on_time,
            pending: t.pending,
            months: t.months.iter().map(|(y, m)| format!("{y}-{m:02}")).collect(),
        })
        .collect()
}

/// "01/2023, 02/2023 và 05/2023"
fn months_vi(months: &[String]) -> String {
    let shown: Vec<String> =
        months.iter().map(|m| m.split_once('-').map(|(y, mm)| format!("{mm}/{y}")).unwrap_or_default()).collect();
    match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} và {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// The "why?" of one line.
pub fn explain(c: &Candidate, s: &Settings, period_vi: &str, period_en: &str) -> Explanation {
    let mut e = Explanation::default();
    let who_vi = match c.kind {
        Who::Officer => format!("{} ({})", c.name, c.unit),
        Who::Unit => format!("Đơn vị {}", c.name),
    };
    let who_en = match c.kind {
        Who::Officer => format!("{} ({})", c.name, c.unit),
        Who::Unit => format!("Unit {}", c.name),
    };
    e.step(
        format!(
            "{who_vi}: {} hồ sơ có ngày hẹn trả trong {period_vi} — {} trước hạn, {} đúng hạn, {} đang giải quyết trong \
                hạn; không hồ sơ nào trễ hạn hay quá hạn.",
            c.dossiers(),
            c.early,
            c.on_time,
            c.pending
        ),
        format!(
            "{who_en}: {} dossiers due in {period_en} — {} early, {} on time, {} pending within time; none late or \
                overdue.",
            c.dossiers(),
            c.early,
            c.on_time,
            c.pending
        ),
    );
    e.step(
        format!("Các tháng có hồ sơ: {}.", months_vi(&c.months)),
        format!("Months covered: {}.", c.months.join(", ")),
    );
    e.step(
        format!("Tiêu chí biểu dương (cài đặt): {}.", s.label_vi()),
        format!("Commendation criteria (settings): {}.", s.label_en()),
    );
    e.citations.push(s.citation.clone());
    e
}

impl Commendations {
    /// Officers and units on the list: (officers, units).
    pub fn counts(&self) -> (usize, usize) {
        let officers = self.list.iter().filter(|c| c.who.kind == Who::Officer).count();
        (officers, self.list.len() - officers)
    }

    /// "1 cá nhân, 1 tập thể" (the heading of the list; it had said "2 cá nhân, tập thể").
    pub fn counts_vi(&self) -> String {
        let (officers, units) = self.counts();
        format!("{officers} cá nhân, {units} tập thể")
    }

    pub fn counts_en(&self) -> String {
        let (officers, units) = self.counts();
        let s = |n: usize| if n == 1 { "" } else { "s" };
        format!("{officers} officer{}, {units} unit{}", s(officers), s(units))
    }
}

/// The commendation list of `period`.
pub fn build(candidates: &[Candidate], s: &Settings, period: &Period) -> Commendations {
    let (vi, en) = (period.label_vi(), period.label_en());
    Commendations {
        settings: s.clone(),
        period_label: vi.clone(),
        list: candidates
            .iter()
            .filter(|c| c.qualifies(s))
            .map(|c| Commendation { who: c.clone(), dossiers: c.dossiers(), explanation: explain(c, s, &vi, &en) })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(kind: Who, name: &str) -> Commendation {
        let who = Candidate {
            kind,
            agency: String::new(),
            name: name.into(),
            unit: "Phòng Tư pháp".into(),
            early: 2,
            on_time: 3,
            pending: 0,
            months: vec!["2023-01".into()],
        };
        Commendation { dossiers: who.dossiers(), who, explanation: Explanation::default() }
    }

    #[test]
    fn the_heading_counts_officers_and_units_apart() {
        let citation = Profile::default_profile().commendation.min_dossiers.latest().citation();
        let settings = Settings { min_dossiers: 5, require_all_on_time: true, citation };
        let mut c = Commendations {
            settings,
            period_label: "Năm 2023".into(),
            list: vec![one(Who::Officer, "Nguyễn Văn An"), one(Who::Unit, "Phòng Tư pháp")],
        };
        assert_eq!((c.counts_vi(), c.counts_en()), ("1 cá nhân, 1 tập thể".into(), "1 officer, 1 unit".into()));
        c.list.push(one(Who::Officer, "Trần Thị Bình"));
        assert_eq!((c.counts_vi(), c.counts_en()), ("2 cá nhân, 1 tập thể".into(), "2 officers, 1 unit".into()));
    }
}
