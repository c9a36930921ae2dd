//! Repeat cases: reminded last year and late again, many times, this year.
//!
//! Quyết định 4510/QĐ-UBND ngày 29/12/2022 của UBND tỉnh Bình Định [V2]: "Không xếp loại mức độ hoàn thành tốt
//! nhiệm vụ đối với các trường hợp đã có nhắc nhở, chấn chỉnh về việc giải quyết hồ sơ thủ tục hành chính trễ
//! hẹn trong năm 2022 nhưng chậm chuyển biến, tiếp tục tái phạm nhiều lần trong năm 2023."
//!
//! Read as: reminded in year Y−1 (the reminder list) and at least N late dossiers attributed in year Y
//! (N = `repeat.min_late`, default 2 for "nhiều lần" [U]). "Chậm chuyển biến" is shown as evidence (late count
//! and on-time rate, Y−1 against Y, when both years are loaded) and required only when the profile says so;
//! it holds when there are late dossiers in Y and no fewer than in Y−1. Units are checked the same way (a reminder or a
//! proposal without a person's name is the unit's).

use super::rating_cap;
use super::{Context, Trace, Unjudged, Verdict};
use crate::model::{Dossier, Explanation, Name, NameParts, Proposal, Rating, Reminder, SourcePos, Status, Text};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    Ok,
    AtRisk,
    Violation,
}

impl Finding {
    pub fn label_vi(self) -> &'static str {
        match self {
            Finding::Ok => "Phù hợp",
            Finding::AtRisk => "Cần lưu ý",
            Finding::Violation => "Vi phạm giới hạn xếp loại",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Finding::Ok => "OK",
            Finding::AtRisk => "At risk",
            Finding::Violation => "Breaks the rating cap",
        }
    }
}

/// A year's figures for one officer or unit.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Figures {
    pub dossiers: u32,
    pub resolved: u32,
    pub early: u32,
    pub on_time: u32,
    /// Late plus pending overdue: what counts against them.
    pub late: u32,
    pub late_by_quarter: [u32; 4],
}

impl Figures {
    /// (Early + on time) ÷ resolved, when anything was resolved.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.resolved > 0).then(|| f64::from(self.early + self.on_time) / f64::from(self.resolved))
    }

    fn merge(&mut self, o: &Figures) {
        self.dossiers += o.dossiers;
        self.resolved += o.resolved;
        self.early += o.early;
        self.on_time += o.on_time;
        self.late += o.late;
        for (a, b) in self.late_by_quarter.iter_mut().zip(o.late_by_quarter) {
            *a += b;
        }
    }

    /// One judged dossier: late and pending-overdue ones count against (the attribution rule).
    fn add(&mut self, status: Status, quarter: u8) {
        self.dossiers += 1;
        match status {
            Status::Early => self.early += 1,
            Status::OnTime => self.on_time += 1,
            _ => {}
        }
        if !status.is_pending() {
            self.resolved += 1;
        }
        if status.is_overdue() {
            self.late += 1;
            self.late_by_quarter[usize::from(quarter.clamp(1, 4)) - 1] += 1;
        }
    }
}

/// The reminder that made someone "reminded".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReminderRef {
    pub year: i32,
    pub document: Option<String>,
    pub source: SourcePos,
}

/// The verdict on one officer (or unit, when `name` is empty) for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub name: Name,
    pub unit: Name,
    pub year: i32,
    pub figures: Figures,
    /// The same person's figures for the year before, when that year is in the data.
    pub previous: Option<Figures>,
    pub reminded: Option<ReminderRef>,
    /// Slow to improve: `None` when the previous year is not in the data.
    pub slow_improvement: Option<bool>,
    pub repeat: bool,
    pub disciplined: bool,
    pub max_rating: Rating,
    pub proposed_rating: Option<Rating>,
    pub finding: Finding,
    pub explanation: Explanation,
}

impl Assessment {
    pub fn is_unit(&self) -> bool {
        self.name.is_empty()
    }
}

type Key<'a> = (&'a str, &'a str, i32);
type Entry = (Name, Name, Figures);

/// One judged dossier as the assessment needs it: its unit, officer, verdict status and the year and quarter it
/// is attributed to.
pub struct Judged<'a> {
    pub unit: &'a Name,
    pub officer: &'a Name,
    pub status: Status,
    pub year: i32,
    pub quarter: u8,
}

/// Assesses every officer and every unit, for every year their dossiers fall in (by due date), and for the
/// assessment year of any proposal or last year's reminder.
pub fn assess_all(
    dossiers: &[Dossier],
    verdicts: &[Result<Verdict, Unjudged>],
    reminders: &[Reminder],
    proposals: &[Proposal],
    ctx: &Context,
) -> (Vec<Assessment>, Vec<Assessment>) {
    let judged = dossiers.iter().zip(verdicts).filter_map(|(d, v)| {
        let v = v.as_ref().ok()?;
        Some(Judged {
            unit: &d.unit,
            officer: &d.officer,
            status: v.lateness.status,
            year: v.attribution.year,
            quarter: v.attribution.quarter,
        })
    });
    assess_judged(judged, reminders, proposals, ctx, true)
}

/// [`assess_all`] from the judged dossiers alone (the report's rows carry what it needs, so the check keeps no
/// verdict per dossier). Without `explain`, the explanations are left empty: [`explain`] writes one when asked.
pub fn assess_judged<'a>(
    judged: impl Iterator<Item = Judged<'a>>,
    reminders: &'a [Reminder],
    proposals: &'a [Proposal],
    ctx: &Context,
    explain: bool,
) -> (Vec<Assessment>, Vec<Assessment>) {
    // Keys borrow the names' comparison keys: a million dossiers cost no string copies, only one entry per person.
    let mut people: BTreeMap<Key<'_>, Entry> = BTreeMap::new();
    let mut units: BTreeMap<Key<'_>, Entry> = BTreeMap::new();
    let mut years_loaded = BTreeSet::new();
    // A log's rows share their Name values (the reader makes one per distinct text), so figures are first summed
    // per shared (unit, officer, year) — a pointer lookup — then folded by comparison key into the maps above.
    // Groups in first-seen order, so the name shown is the first spelling met, as before.
    let mut groups: Vec<(i32, &Name, &Name, Figures)> = Vec::new();
    let mut index: std::collections::HashMap<(*const NameParts, *const NameParts, i32), usize, crate::model::IntHash> =
        Default::default();
    for j in judged {
        let i = *index.entry((j.unit.parts(), j.officer.parts(), j.year)).or_insert_with(|| {
            groups.push((j.year, j.unit, j.officer, Figures::default()));
            groups.len() - 1
        });
        groups[i].3.add(j.status, j.quarter);
    }
    for (y, unit, officer, figures) in groups {
        years_loaded.insert(y);
        if !officer.is_empty() {
            people
                .entry((&unit.key, &officer.key, y))
                .or_insert_with(|| (officer.clone(), unit.clone(), Figures::default()))
                .2
                .merge(&figures);
        }
        units
            .entry((&unit.key, "", y))
            .or_insert_with(|| (Name::default(), unit.clone(), Figures::default()))
            .2
            .merge(&figures);
    }
    let year = ctx.assessment_year();
    for p in proposals {
        let map = if p.name.is_empty() { &mut units } else { &mut people };
        map.entry((&p.unit.key, &p.name.key, year))
            .or_insert_with(|| (p.name.clone(), p.unit.clone(), Figures::default()));
    }
    for r in reminders {
        let map = if r.name.is_empty() { &mut units } else { &mut people };
        if r.unit.is_empty() {
            continue; // matched by name below; no row of its own without a unit
        }
        map.entry((&r.unit.key, &r.name.key, r.year + 1))
            .or_insert_with(|| (r.name.clone(), r.unit.clone(), Figures::default()));
    }

    let finish = |map: &BTreeMap<Key<'_>, Entry>| -> Vec<Assessment> {
        map.iter()
            .map(|(&(u, n, y), (name, unit, figures))| {
                let previous =
                    years_loaded.contains(&(y - 1)).then(|| map.get(&(u, n, y - 1)).map(|e| e.2).unwrap_or_default());
                let reminded = find_reminder(reminders, unit, name, y);
                let proposal = (y == year).then(|| find_proposal(proposals, unit, name)).flatten();
                let mut a = Assessment {
                    name: name.clone(),
                    unit: unit.clone(),
                    year: y,
                    figures: *figures,
                    previous,
                    reminded,
                    slow_improvement: None,
                    repeat: false,
                    disciplined: proposal.is_some_and(|p| p.disciplined),
                    max_rating: Rating::XuatSac,
                    proposed_rating: proposal.map(|p| p.level),
                    finding: Finding::Ok,
                    explanation: Explanation::default(),
                };
                if explain {
                    a.explanation = judge(&mut a, ctx, Explanation::default());
                } else {
                    judge(&mut a, ctx, super::Silent);
                }
                a
            })
            .collect()
    };
    (finish(&people), finish(&units))
}

/// Judges an assessment's repeat and rating cap, telling `t` why.
fn judge<T: Trace>(a: &mut Assessment, ctx: &Context, mut t: T) -> T {
    judge_repeat(a, a.is_unit(), ctx, &mut t);
    rating_cap::apply(a, ctx, &mut t);
    t
}

/// The explanation of an assessment judged without one: it is judged again, telling why (the same steps the
/// check would have written).
pub fn explain(a: &Assessment, ctx: &Context) -> Explanation {
    judge(&mut a.clone(), ctx, Explanation::default())
}

fn find_reminder(reminders: &[Reminder], unit: &Name, name: &Name, year: i32) -> Option<ReminderRef> {
    reminders
        .iter()
        .find(|r| {
            r.year == year - 1
                && r.name.key == name.key
                && (r.unit.key == unit.key || (r.unit.is_empty() && !name.is_empty()))
        })
        .map(|r| ReminderRef { year: r.year, document: r.document.clone(), source: r.source.clone() })
}

fn find_proposal<'a>(proposals: &'a [Proposal], unit: &Name, name: &Name) -> Option<&'a Proposal> {
    proposals.iter().find(|p| p.name.key == name.key && p.unit.key == unit.key)
}

fn judge_repeat(a: &mut Assessment, is_unit: bool, ctx: &Context, t: &mut impl Trace) {
    let s = &ctx.profile.repeat;
    let n = s.min_late.value;
    let q = a.figures.late_by_quarter;
    // Written only when explained (a check of a million dossiers judges tens of thousands of officers unexplained).
    t.step(|| {
        let who_vi = if is_unit {
            format!("Đơn vị {}", a.unit.display)
        } else {
            format!(
                "Cán bộ {} \
            ({})",
                a.name.display, a.unit.display
            )
        };
        let who_en = if is_unit {
            format!("Unit {}", a.unit.display)
        } else {
            format!(
                "Officer {} \
            ({})",
                a.name.display, a.unit.display
            )
        };
        Text::new(
            format!(
                "{who_vi}: {} hồ sơ trễ hạn hoặc quá hạn trong năm {} (quý I: {}, II: {}, III: {}, IV: {}), trên \
                {} hồ sơ.",
                a.figures.late, a.year, q[0], q[1], q[2], q[3], a.figures.dossiers
            ),
            format!(
                "{who_en}: {} late or overdue dossiers in {} (Q1: {}, Q2: {}, Q3: {}, Q4: {}), out of \
                {}.",
                a.figures.late, a.year, q[0], q[1], q[2], q[3], a.figures.dossiers
            ),
        )
    });
    t.cite(|| ctx.profile.attribution.by.citation());
    if is_unit && !s.apply_to_units.value {
        t.step(|| {
            Text::new("Cấu hình không áp dụng giới hạn cho đơn vị.", "The profile does not apply the cap to units.")
        });
        t.cite(|| s.apply_to_units.citation());
        return;
    }
    match &a.reminded {
        Some(r) => t.step(|| {
            Text::new(
                format!(
                    "Đã bị nhắc nhở, chấn chỉnh năm {}{} (danh sách nhắc nhở, dòng {}).",
                    r.year,
                    r.document.as_ref().map(|d| format!(" theo {d}")).unwrap_or_default(),
                    r.source.row
                ),
                format!(
                    "Reminded in {}{} (reminder list, row {}).",
                    r.year,
                    r.document.as_ref().map(|d| format!(" by {d}")).unwrap_or_default(),
                    r.source.row
                ),
            )
        }),
        None => t.step(|| {
            Text::new(
                format!("Không có trong danh sách nhắc nhở năm {}.", a.year - 1),
                format!("Not on the {} reminder list.", a.year - 1),
            )
        }),
    }
    if let Some(prev) = a.previous {
        // Slow to improve: late again this year, and no fewer than last year.
        let slow = a.figures.late > 0 && a.figures.late >= prev.late;
        a.slow_improvement = Some(slow);
        let rate = |f: &Figures| f.on_time_rate().map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into());
        t.step(|| {
            Text::new(
                format!(
                    "So với năm {}: trễ hạn {} → {}, tỷ lệ đúng hạn {} → {}: {}.",
                    a.year - 1,
                    prev.late,
                    a.figures.late,
                    rate(&prev),
                    rate(&a.figures),
                    if slow {
                        "chậm chuyển biến (vẫn trễ hạn, số hồ sơ trễ không giảm)"
                    } else {
                        "có chuyển biến (số hồ sơ trễ giảm hoặc không còn)"
                    }
                ),
                format!(
                    "Against {}: late {} → {}, on-time rate {} → {}: {}.",
                    a.year - 1,
                    prev.late,
                    a.figures.late,
                    rate(&prev),
                    rate(&a.figures),
                    if slow {
                        "slow to improve (still late, no fewer late dossiers)"
                    } else {
                        "improving (fewer or no late dossiers)"
                    }
                ),
            )
        });
    }
    let slow_ok = if s.require_slow_improvement.value {
        t.cite(|| s.require_slow_improvement.citation());
        match a.slow_improvement {
            Some(v) => v,
            None => {
                t.step(|| {
                    Text::new(
                        format!(
                            "Cấu hình yêu cầu \"chậm chuyển biến\" nhưng chưa nạp dữ liệu năm {}: chưa đủ căn cứ.",
                            a.year - 1
                        ),
                        format!(
                            "The profile requires \"slow to improve\" but {} is not loaded: not established.",
                            a.year - 1
                        ),
                    )
                });
                false
            }
        }
    } else {
        true
    };
    a.repeat = a.reminded.is_some() && a.figures.late >= n && slow_ok;
    t.cite(|| s.min_late.citation());
    if a.reminded.is_some() {
        t.step(|| {
            if a.repeat {
                Text::new(
                    format!(
                        "Tái phạm nhiều lần: {} hồ sơ trễ ≥ {n} (ngưỡng \"nhiều lần\" trong cấu hình).",
                        a.figures.late
                    ),
                    format!(
                        "Repeated many times: {} late dossiers ≥ {n} (the profile's threshold for \"many times\").",
                        a.figures.late
                    ),
                )
            } else {
                Text::new(
                    format!(
                        "Chưa đến mức tái phạm nhiều lần: {} hồ sơ trễ{} (ngưỡng {n}).",
                        a.figures.late,
                        if a.figures.late >= n { ", nhưng chưa đủ căn cứ chậm chuyển biến" } else { "" }
                    ),
                    format!(
                        "Not a repeat case: {} late dossiers{} (threshold {n}).",
                        a.figures.late,
                        if a.figures.late >= n { ", but slow improvement is not established" } else { "" }
                    ),
                )
            }
        });
    }
}
