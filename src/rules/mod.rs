//! The rules, one module per legal idea. Each rule's doc comment quotes the text it implements; each returns
//! its verdict and, through a [`Trace`], the steps that led there, so the "why?" panel and the tests read the
//! same trace. The evaluation date (`as_of`) is always an input: no rule reads a clock.

pub mod apology;
pub mod attribution;
pub mod lateness;
pub mod rating_cap;
pub mod repeat;
pub mod statutory_due;

use crate::calendar::{Calendar, CalendarError};
use crate::model::{Citation, Dossier, Explanation, Text};
use crate::profile::{Profile, ProfileError};
use chrono::NaiveDate;
use serde::Serialize;

/// Everything a rule may read: the rule set, its calendar (built once per check) and the evaluation date.
#[derive(Debug, Clone)]
pub struct Context {
    pub profile: Profile,
    pub calendar: Calendar,
    pub as_of: NaiveDate,
    /// The year ratings are proposed for (year Y; last year's reminders are Y−1). Defaults to the as-of year.
    pub assessment_year: Option<i32>,
    /// The status texts of this check's logs already classified as paused (a log repeats a handful on every
    /// unfinished row, and folding the text costs more than the rest of the verdict).
    paused_texts: std::cell::RefCell<Vec<(std::sync::Arc<str>, bool)>>,
}

impl Context {
    pub fn new(profile: Profile, as_of: NaiveDate, assessment_year: Option<i32>) -> Result<Context, ProfileError> {
        let calendar = profile.calendar()?;
        Ok(Context { profile, calendar, as_of, assessment_year, paused_texts: Default::default() })
    }

    pub fn assessment_year(&self) -> i32 {
        self.assessment_year.unwrap_or_else(|| chrono::Datelike::year(&self.as_of))
    }

    /// Whether the log's status text says the dossier waits for the applicant, was returned or withdrawn
    /// ([`lateness::is_paused_text`]), answered once per distinct text of the check.
    pub fn is_paused(&self, text: &std::sync::Arc<str>) -> bool {
        let mut seen = self.paused_texts.borrow_mut();
        if let Some((_, p)) = seen.iter().find(|(t, _)| std::sync::Arc::ptr_eq(t, text) || **t == **text) {
            return *p;
        }
        let paused = lateness::is_paused_text(text);
        if seen.len() == 64 {
            seen.remove(0);
        }
        seen.push((text.clone(), paused));
        paused
    }
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
pub struct Verdict {
    pub lateness: lateness::Lateness,
    pub statutory: Option<statutory_due::StatutoryCheck>,
    pub apology: apology::ApologyStatus,
    pub attribution: attribution::Attribution,
}

/// Judges one dossier, writing the explanation into `trace`.
pub fn judge(d: &Dossier, ctx: &Context, trace: &mut impl Trace) -> Result<Verdict, Unjudged> {
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
    let lateness = lateness::assess(d, ctx, trace).map_err(|e| Unjudged::new(d, &e))?;
    let statutory = statutory_due::check(d, ctx, trace).map_err(|e| Unjudged::new(d, &e))?;
    let apology = apology::check(d, &lateness, ctx, trace);
    let attribution = attribution::attribute(d, &lateness, trace);
    Ok(Verdict { lateness, statutory, apology, attribution })
}

/// The explanation of one dossier's verdict, for the "why?" panel.
pub fn explain(d: &Dossier, ctx: &Context) -> Explanation {
    let mut ex = Explanation::default();
    if let Err(u) = judge(d, ctx, &mut ex) {
        ex.steps.push(u.reason);
    }
    ex
}
