//! The rules, one module per legal idea. Each rule's doc comment quotes the text it implements; each returns
//! its verdict and, through a [`Trace`], the steps that led there, so the "why?" panel and the tests read the
//! same trace. The evaluation date (`as_of`) is always an input: no rule reads a clock.
//!
//! Here they are run together: [`judge`] takes a dossier through lateness, statutory_due, apology and attribution;
//! [`assess_judged`] takes each officer and unit through repeat, then rating_cap, into an
//! [`Assessment`](assessment::Assessment).

pub mod apology;
pub mod assessment;
pub mod attribution;
pub mod lateness;
pub mod rating_cap;
pub mod repeat;
pub mod scoring;
pub mod statutory_due;

use crate::calendar::{Calendar, CalendarError};
use crate::model::{Citation, Dossier, Explanation, Name, NameParts, Proposal, Rating, Reminder, Text, Zone};
use crate::profile::{Profile, ProfileError};
use assessment::{Assessment, Figures, Finding, Judged, ReminderRef};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Everything a rule may read: the rule set, its calendar (built once per check) and the evaluation date.
#[derive(Debug, Clone)]
pub struct Context {
    pub profile: Profile,
    pub calendar: Calendar,
    pub as_of: NaiveDate,
    /// The year ratings are proposed for (year Y; last year's reminders are Y−1). Defaults to the as-of year.
    pub assessment_year: Option<i32>,
    /// The status texts of this check's logs already classified (a log repeats a handful on every unfinished row,
    /// and folding the text costs more than the rest of the verdict).
    status_texts: std::cell::RefCell<Vec<(std::sync::Arc<str>, lateness::StatusText)>>,
}

impl Context {
    pub fn new(profile: Profile, as_of: NaiveDate, assessment_year: Option<i32>) -> Result<Context, ProfileError> {
        let calendar = profile.calendar()?;
        Ok(Context { profile, calendar, as_of, assessment_year, status_texts: Default::default() })
    }

    pub fn assessment_year(&self) -> i32 {
        self.assessment_year.unwrap_or_else(|| chrono::Datelike::year(&self.as_of))
    }

    /// What the log's status text says of an unfinished dossier ([`lateness::StatusText::of`]), answered once per
    /// distinct text of the check.
    pub fn status_text(&self, text: &std::sync::Arc<str>) -> lateness::StatusText {
        let mut seen = self.status_texts.borrow_mut();
        if let Some((_, k)) = seen.iter().find(|(t, _)| std::sync::Arc::ptr_eq(t, text) || **t == **text) {
            return *k;
        }
        let kind = lateness::StatusText::of(text);
        if seen.len() == 64 {
            seen.remove(0);
        }
        seen.push((text.clone(), kind));
        kind
    }
}

/// The date the one-stop rules ask their parameters at: the dossier's receipt date, else its due date.
pub fn one_stop_date(d: &Dossier) -> Option<NaiveDate> {
    d.received.or(d.due).map(|m| m.date)
}

/// Where a rule writes its explanation steps. `Silent` costs nothing, for the million-row pass;
/// `Explanation` records them, for the "why?" panel, reports and tests.
pub trait Trace {
    fn step(&mut self, f: impl FnOnce() -> Text);
    fn cite(&mut self, c: impl FnOnce() -> Citation);
    /// Whether steps are recorded: work done only to explain (listing the days off) is skipped when not.
    fn enabled(&self) -> bool {
        true
    }
}

pub struct Silent;

impl Trace for Silent {
    fn step(&mut self, _: impl FnOnce() -> Text) {}
    fn cite(&mut self, _: impl FnOnce() -> Citation) {}
    fn enabled(&self) -> bool {
        false
    }
}

impl Trace for Explanation {
    fn step(&mut self, f: impl FnOnce() -> Text) {
        self.steps.push(f());
    }
    fn cite(&mut self, c: impl FnOnce() -> Citation) {
        let c = c();
        Explanation::cite(self, &c);
    }
}

/// A dossier the rules could not judge, with the column and value at fault and the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unjudged {
    pub code: String,
    pub column: &'static str,
    pub value: String,
    pub reason: Text,
}

impl Unjudged {
    fn new(d: &Dossier, e: &CalendarError) -> Self {
        let (first, last) = (crate::calendar::FIRST_YEAR, crate::calendar::LAST_YEAR);
        match e {
            CalendarError::OutOfRange(date) => {
                let column = [
                    ("Ngày hẹn trả", d.due),
                    ("Ngày tiếp nhận", d.received),
                    ("Ngày hoàn thành", d.finished),
                    ("Ngày trả kết quả", d.returned),
                    ("Ngày hẹn lại", d.extended_due),
                ]
                .into_iter()
                .find(|(_, m)| m.is_some_and(|m| chrono::Datelike::year(&m.date) == chrono::Datelike::year(date)))
                .map(|(c, _)| c)
                .unwrap_or("Ngày hẹn trả");
                let shown = crate::model::fmt_date(*date);
                Unjudged {
                    code: d.code.clone(),
                    column,
                    value: shown.clone(),
                    reason: Text::new(
                        format!("Ngày {shown} nằm ngoài phạm vi lịch làm việc hỗ trợ ({first}–{last})"),
                        format!("Date {shown} is outside the supported working-day calendar ({first}–{last})"),
                    ),
                }
            }
            CalendarError::Data(msg) => Unjudged {
                code: d.code.clone(),
                column: "",
                value: String::new(),
                reason: Text::new(format!("Không đánh giá được: {msg}"), format!("Cannot be judged: {msg}")),
            },
        }
    }
}

/// Everything the rules conclude about one dossier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    pub lateness: lateness::Lateness,
    pub statutory: Option<statutory_due::StatutoryCheck>,
    pub apology: apology::ApologyStatus,
    pub attribution: attribution::Attribution,
}

/// Judges one dossier, writing the explanation into `trace`.
pub fn judge(d: &Dossier, ctx: &Context, trace: &mut impl Trace) -> Result<Judgement, Unjudged> {
    if d.due.is_none() {
        return Err(Unjudged {
            code: d.code.clone(),
            column: "Ngày hẹn trả",
            value: String::new(),
            reason: Text::new("Thiếu ngày hẹn trả: không đánh giá được", "No due date: cannot be judged"),
        });
    }
    let range = crate::calendar::FIRST_YEAR..=crate::calendar::LAST_YEAR;
    for (column, m) in [
        ("Ngày hẹn trả", d.due),
        ("Ngày tiếp nhận", d.received),
        ("Ngày hoàn thành", d.finished),
        ("Ngày trả kết quả", d.returned),
        ("Ngày hẹn lại", d.extended_due),
    ] {
        if let Some(m) = m.filter(|m| !range.contains(&chrono::Datelike::year(&m.date))) {
            let mut u = Unjudged::new(d, &CalendarError::OutOfRange(m.date));
            u.column = column;
            return Err(u);
        }
    }
    if let Some(r) = d.received.filter(|r| r.date > ctx.as_of) {
        return Err(Unjudged {
            code: d.code.clone(),
            column: "Ngày tiếp nhận",
            value: r.display_vi(),
            reason: Text::new(
                format!(
                    "Ngày tiếp nhận {} sau ngày đánh giá {}: hồ sơ chưa có tại ngày đánh giá",
                    r.display_vi(),
                    crate::model::fmt_date(ctx.as_of)
                ),
                format!(
                    "Received {} after the evaluation date {}: the dossier did not exist yet",
                    r.display_vi(),
                    crate::model::fmt_date(ctx.as_of)
                ),
            ),
        });
    }
    zone_step(d, trace);
    let lateness = lateness::assess(d, ctx, trace).map_err(|e| Unjudged::new(d, &e))?;
    let statutory = statutory_due::check(d, ctx, trace).map_err(|e| Unjudged::new(d, &e))?;
    let apology = apology::check(d, &lateness, ctx, trace);
    let attribution = attribution::attribute(d, &lateness, trace);
    Ok(Judgement { lateness, statutory, apology, attribution })
}

/// The times the log wrote in another time zone, as they were converted: "ngày hoàn thành 02/03/2023 18:30 UTC →
/// 03/03/2023 01:30 giờ Việt Nam" (the day can change, and with it the verdict).
fn zone_step(d: &Dossier, t: &mut impl Trace) {
    let z = d.zone;
    if z.fields == 0 {
        return;
    }
    t.step(|| {
        let (mut vi, mut en) = (Vec::new(), Vec::new());
        for (bit, m, what_vi, what_en) in [
            (Zone::RECEIVED, d.received, "ngày tiếp nhận", "received"),
            (Zone::DUE, d.due, "ngày hẹn trả", "due"),
            (Zone::EXTENDED_DUE, d.extended_due, "ngày hẹn lại", "re-appointed"),
            (Zone::FINISHED, d.finished, "ngày hoàn thành", "finished"),
            (Zone::RETURNED, d.returned, "ngày trả kết quả", "returned"),
        ] {
            let Some((m, original)) = m.filter(|_| z.fields & bit != 0).and_then(|m| Some((m, z.original(m)?))) else {
                continue;
            };
            let written = format!("{} {}", original.format("%d/%m/%Y %H:%M"), z.label());
            vi.push(format!("{what_vi} {written} → {} giờ Việt Nam", m.display_vi()));
            en.push(format!("{what_en} {written} → {} Vietnam time", m.display_vi()));
        }
        Text::new(
            format!(
                "Giờ trong tệp ghi theo múi giờ {}, đã đổi sang giờ Việt Nam (UTC+7): {}.",
                z.label(),
                vi.join("; ")
            ),
            format!("The log wrote its times in {}, converted to Vietnam time (UTC+7): {}.", z.label(), en.join("; ")),
        )
    });
}

/// The explanation of one dossier's verdict, for the "why?" panel.
pub fn explain(d: &Dossier, ctx: &Context) -> Explanation {
    let mut ex = Explanation::default();
    if let Err(u) = judge(d, ctx, &mut ex) {
        ex.steps.push(u.reason);
    }
    ex
}

// Officers and units, each through repeat then rating_cap.

type Key<'a> = (&'a str, &'a str, i32);
type NamedFigures = (Name, Name, Figures);

/// Assesses every officer and every unit, for every year their dossiers fall in (by due date), and for the
/// assessment year of any proposal or last year's reminder.
pub fn assess_all(
    dossiers: &[Dossier],
    verdicts: &[Result<Judgement, Unjudged>],
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
/// verdict per dossier). Without `explain`, the explanations are left empty: [`explain_assessment`] writes one when
/// asked.
pub fn assess_judged<'a>(
    judged: impl Iterator<Item = Judged<'a>>,
    reminders: &'a [Reminder],
    proposals: &'a [Proposal],
    ctx: &Context,
    explain: bool,
) -> (Vec<Assessment>, Vec<Assessment>) {
    // Keys borrow the names' comparison keys: a million dossiers cost no string copies, only one entry per person.
    let mut people: BTreeMap<Key<'_>, NamedFigures> = BTreeMap::new();
    let mut units: BTreeMap<Key<'_>, NamedFigures> = BTreeMap::new();
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

    let finish = |map: &BTreeMap<Key<'_>, NamedFigures>| -> Vec<Assessment> {
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
                    a.explanation = assess(&mut a, ctx, Explanation::default());
                } else {
                    assess(&mut a, ctx, Silent);
                }
                a
            })
            .collect()
    };
    (finish(&people), finish(&units))
}

/// Judges an assessment's repeat and rating cap, telling `t` why.
fn assess<T: Trace>(a: &mut Assessment, ctx: &Context, mut t: T) -> T {
    repeat::apply(a, a.is_unit(), ctx, &mut t);
    rating_cap::apply(a, ctx, &mut t);
    t
}

/// The explanation of an assessment judged without one: it is judged again, telling why (the same steps the
/// check would have written).
pub fn explain_assessment(a: &Assessment, ctx: &Context) -> Explanation {
    assess(&mut a.clone(), ctx, Explanation::default())
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
