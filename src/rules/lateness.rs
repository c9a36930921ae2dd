//! Status of a dossier and how many working days it is late.
//!
//! RULES.md §3 (from TT 01/2018/TT-VPCP practice and real exports, [V2]): "A dossier is late (quá hạn / trễ hạn)
//! when it finished after that deadline; on time (đúng hạn) when it finished on the due date; early (trước hạn)
//! when it finished on an earlier day. … A dossier not finished at the evaluation date is pending within time
//! (đang giải quyết trong hạn) or pending overdue (đang giải quyết quá hạn). … How late: report lateness in
//! working days, counting the working days after the due date up to and including the finishing date."
//! A finish on a day off counts as the next working day (the result could not have been issued earlier).
//! Day granularity is the default; minute granularity, the finishing moment (finished or returned), the
//! re-appointed date and "paused" dossiers are profile settings.

use super::{Context, Trace};
use crate::calendar::{describe_days, weekday_vi, CalendarError};
use crate::model::{fmt_date, fold_key, Dossier, Moment, Status, Text};
use crate::profile::{FinishMoment, Granularity};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::cmp::Ordering;

/// Which column gave the finishing moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishField {
    Finished,
    Returned,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lateness {
    pub status: Status,
    /// Working days after the due date up to the finishing date (or the as-of date when pending); 0 otherwise.
    pub late_working_days: u32,
    /// The deadline compared against (the appointment, or the re-appointment when the profile says so).
    pub due: Moment,
    pub finish: Option<Moment>,
    pub finish_field: Option<FinishField>,
    /// A pending dossier the log shows as waiting for the applicant, returned or withdrawn.
    pub paused: bool,
    /// The calendar years the count ran through.
    pub years: (i32, i32),
    /// One of those years has no official calendar data: the count is provisional.
    pub provisional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LatenessError {
    MissingDue,
    Calendar(CalendarError),
}

impl From<CalendarError> for LatenessError {
    fn from(e: CalendarError) -> Self {
        LatenessError::Calendar(e)
    }
}

fn day_vi(d: NaiveDate) -> String {
    format!("{} {}", weekday_vi(d), fmt_date(d))
}

fn day_en(d: NaiveDate) -> String {
    format!("{} {}", d.weekday(), fmt_date(d))
}

/// The log's status text says the dossier waits for the applicant, was returned or withdrawn. The check asks
/// through [`Context::is_paused`], which keeps the answer for each distinct text.
pub fn is_paused_text(text: &str) -> bool {
    let k = fold_key(text);
    [
        "cho bo sung",
        "yeu cau bo sung",
        "dang bo sung",
        "rut ho so",
        "da rut",
        "cong dan rut",
        "tra lai",
        "tu choi",
        "khong du dieu kien",
    ]
    .iter()
    .any(|p| k.contains(p))
}

pub fn assess(d: &Dossier, ctx: &Context, t: &mut impl Trace) -> Result<Lateness, CalendarError> {
    let s = &ctx.profile.lateness;
    let Some(original_due) = d.due else {
        // The reader never makes a dossier without a due date; a caller building one by hand gets this.
        return Err(CalendarError::Data("dossier without a due date".into()));
    };
    let due = match (s.use_extended_due.value, d.extended_due) {
        (true, Some(ext)) => {
            t.step(|| {
                Text::new(
                    format!("Hồ sơ đã được hẹn lại đến {}; theo cấu hình, so sánh với ngày hẹn lại.", ext.display_vi()),
                    format!(
                        "The dossier was re-appointed to {}; the profile compares against the new date.",
                        ext.display_vi()
                    ),
                )
            });
            t.cite(|| s.use_extended_due.citation());
            ext
        }
        _ => original_due,
    };
    t.step(|| {
        Text::new(
            format!(
                "Ngày hẹn trả kết quả: {}{}.",
                day_vi(due.date),
                due.time().map(|x| format!(" {}", x.format("%H:%M"))).unwrap_or_default()
            ),
            format!(
                "Due date: {}{}.",
                day_en(due.date),
                due.time().map(|x| format!(" {}", x.format("%H:%M"))).unwrap_or_default()
            ),
        )
    });

    let (mut finish, mut field) = match s.finish_moment.value {
        FinishMoment::FinishedElseReturned => match (d.finished, d.returned) {
            (Some(f), _) => (Some(f), Some(FinishField::Finished)),
            (None, Some(r)) => (Some(r), Some(FinishField::Returned)),
            _ => (None, None),
        },
        FinishMoment::ReturnedElseFinished => match (d.returned, d.finished) {
            (Some(r), _) => (Some(r), Some(FinishField::Returned)),
            (None, Some(f)) => (Some(f), Some(FinishField::Finished)),
            _ => (None, None),
        },
    };
    if let (Some(f), Some(which)) = (finish, field) {
        t.step(|| match which {
            FinishField::Finished => Text::new(
                format!("Ngày hoàn thành (có kết quả): {}.", day_vi(f.date)),
                format!("Finished (result ready): {}.", day_en(f.date)),
            ),
            FinishField::Returned => Text::new(
                format!("Không có ngày hoàn thành; dùng ngày trả kết quả: {}.", day_vi(f.date)),
                format!("No finishing date; using the date the result was returned: {}.", day_en(f.date)),
            ),
        });
        t.cite(|| s.finish_moment.citation());
        if f.date > ctx.as_of {
            t.step(|| {
                Text::new(
                    format!(
                        "Ngày này sau ngày đánh giá {}: coi như chưa hoàn thành tại ngày đánh giá.",
                        fmt_date(ctx.as_of)
                    ),
                    format!(
                        "That is after the evaluation date {}: treated as not finished at that date.",
                        fmt_date(ctx.as_of)
                    ),
                )
            });
            finish = None;
            field = None;
        }
    }

    let mut out = Lateness {
        status: Status::OnTime,
        late_working_days: 0,
        due,
        finish,
        finish_field: field,
        paused: false,
        years: (due.date.year(), due.date.year()),
        provisional: false,
    };

    let counted_to = match finish {
        Some(f) => {
            let order = match (s.granularity.value, f.time(), due.time()) {
                (Granularity::Minute, Some(ft), Some(dt)) if f.date == due.date => ft.cmp(&dt),
                _ => f.date.cmp(&due.date),
            };
            match order {
                Ordering::Less if f.date < due.date => {
                    out.status = Status::Early;
                    t.step(|| {
                        Text::new(
                            "Hoàn thành trước ngày hẹn → Trước hạn.".to_string(),
                            "Finished before the due date → Early.".to_string(),
                        )
                    });
                    None
                }
                Ordering::Less | Ordering::Equal => {
                    out.status = Status::OnTime;
                    t.step(|| {
                        Text::new(
                            "Hoàn thành đúng ngày hẹn → Đúng hạn.".to_string(),
                            "Finished on the due date → On time.".to_string(),
                        )
                    });
                    None
                }
                Ordering::Greater if f.date == due.date => {
                    out.status = Status::Late;
                    t.step(|| {
                        Text::new(
                            format!(
                                "Tính theo phút: hoàn thành lúc {} sau giờ hẹn {} trong cùng ngày → Trễ hạn, dưới 1 \
                            ngày làm việc (0 ngày).",
                                f.time().map(|x| x.format("%H:%M").to_string()).unwrap_or_default(),
                                due.time().map(|x| x.format("%H:%M").to_string()).unwrap_or_default()
                            ),
                            format!(
                                "Minute granularity: finished at {} after the due time {} on the same day → Late, by \
                            less than one working day (0 days).",
                                f.time().map(|x| x.format("%H:%M").to_string()).unwrap_or_default(),
                                due.time().map(|x| x.format("%H:%M").to_string()).unwrap_or_default()
                            ),
                        )
                    });
                    t.cite(|| s.granularity.citation());
                    None
                }
                Ordering::Greater => {
                    out.status = Status::Late;
                    Some(f.date)
                }
            }
        }
        None if d.status_text.as_ref().is_some_and(|t| ctx.is_paused(t)) && s.paused_counts_on_time.value => {
            out.paused = true;
            out.status = Status::OnTime;
            t.step(|| {
                Text::new(
                format!("Chưa hoàn thành, trạng thái \"{}\" (chờ người dân / trả lại / rút): theo cấu hình, tính là \
                    đúng hạn.", d.status_text.as_deref().unwrap_or_default()),
                format!("Not finished, status \"{}\" (waiting for the applicant / returned / withdrawn): counted as on \
                    time by the profile.", d.status_text.as_deref().unwrap_or_default()),
            )
            });
            t.cite(|| s.paused_counts_on_time.citation());
            None
        }
        None if ctx.as_of <= due.date => {
            out.status = Status::PendingWithin;
            t.step(|| {
                Text::new(
                    format!(
                        "Chưa hoàn thành tại ngày đánh giá {}, chưa quá ngày hẹn → Đang giải quyết trong hạn.",
                        fmt_date(ctx.as_of)
                    ),
                    format!(
                        "Not finished at the evaluation date {}, not past the due date → Pending, within time.",
                        fmt_date(ctx.as_of)
                    ),
                )
            });
            None
        }
        None => {
            out.status = Status::PendingOverdue;
            t.step(|| {
                Text::new(
                    format!(
                        "Chưa hoàn thành tại ngày đánh giá {}, đã quá ngày hẹn → Đang giải quyết quá hạn.",
                        fmt_date(ctx.as_of)
                    ),
                    format!(
                        "Not finished at the evaluation date {}, past the due date → Pending, overdue.",
                        fmt_date(ctx.as_of)
                    ),
                )
            });
            Some(ctx.as_of)
        }
    };

    if let Some(end) = counted_to {
        let cal = &ctx.calendar;
        let working_end = cal.next_working_day(end)?;
        if working_end != end {
            let day = cal.day(end)?;
            t.step(|| {
                Text::new(
                    format!(
                        "{} là ngày nghỉ ({}): tính như ngày làm việc tiếp theo, {}.",
                        fmt_date(end),
                        day.reason().vi,
                        day_vi(working_end)
                    ),
                    format!(
                        "{} is not a working day ({}): counted as the next working day, {}.",
                        fmt_date(end),
                        day.reason().en,
                        day_en(working_end)
                    ),
                )
            });
        }
        let days = cal.working_days_between(due.date, working_end)?.max(0) as u32;
        out.late_working_days = days;
        out.years = (due.date.year(), working_end.year());
        let off = if t.enabled() { cal.days_off_between(due.date, working_end)? } else { Vec::new() };
        if !off.is_empty() {
            t.step(|| {
                let shown = &off[..off.len().min(20)];
                let more = off.len() - shown.len();
                let (mv, me) = if more > 0 {
                    (format!(" và {more} ngày nghỉ khác"), format!(" and {more} more days off"))
                } else {
                    Default::default()
                };
                Text::new(
                    format!("Bỏ qua {} ngày nghỉ sau ngày hẹn: {}{mv}.", off.len(), describe_days(shown, true)),
                    format!("Skipping {} days off after the due date: {}{me}.", off.len(), describe_days(shown, false)),
                )
            });
        }
        let extra = if t.enabled() { cal.special_working_days_between(due.date, working_end)? } else { Vec::new() };
        if !extra.is_empty() {
            t.step(|| {
                Text::new(
                    format!("Tính cả ngày làm bù: {}.", describe_days(&extra, true)),
                    format!("Counting make-up working days: {}.", describe_days(&extra, false)),
                )
            });
        }
        t.step(|| {
            Text::new(
                format!(
                    "Số ngày làm việc trễ (sau ngày hẹn {} đến hết {}): {} ngày.",
                    fmt_date(due.date),
                    fmt_date(working_end),
                    days
                ),
                format!(
                    "Working days late (after the due date {} up to and including {}): {}.",
                    fmt_date(due.date),
                    fmt_date(working_end),
                    days
                ),
            )
        });
        t.cite(|| s.law.citation());
    }

    let (y0, y1) = out.years;
    let provisional: Vec<i32> = (y0..=y1).filter(|y| ctx.calendar.is_provisional(*y)).collect();
    if !provisional.is_empty() {
        out.provisional = true;
        t.step(|| {
            Text::new(
                format!(
                    "Năm {} chưa có lịch nghỉ chính thức: ngày nghỉ tính theo Bộ luật Lao động (tạm tính).",
                    join_years(&provisional)
                ),
                format!(
                    "No official calendar for {}: days off follow the Labour Code (provisional).",
                    join_years(&provisional)
                ),
            )
        });
    }
    Ok(out)
}

fn join_years(years: &[i32]) -> String {
    years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept answers never change an answer: many texts, each asked twice, within and past the memo's size.
    #[test]
    fn paused_texts_answer_the_same_when_asked_again() {
        let ctx =
            Context::new(crate::profile::Profile::default_profile(), crate::calendar::ymd(2023, 12, 31), None).unwrap();
        let texts: Vec<std::sync::Arc<str>> = (0..100)
            .map(|i| if i % 3 == 0 { format!("Chờ bổ sung hồ sơ {i}") } else { format!("Đang xử lý {i}") }.into())
            .collect();
        for round in 0..2 {
            for (i, t) in texts.iter().enumerate() {
                assert_eq!(ctx.is_paused(t), i % 3 == 0, "{t} (round {round})");
                assert_eq!(ctx.is_paused(&t.to_string().into()), i % 3 == 0, "{t} again, another copy");
            }
        }
        assert!(is_paused_text("CÔNG DÂN RÚT HỒ SƠ") && !is_paused_text("Đã trả kết quả"));
    }
}
