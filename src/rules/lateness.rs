//! Status of a dossier and how many working days it is late.
//!
//! The one-stop decree in force on the dossier's receipt date (Nghị định 61/2018/NĐ-CP until 30/06/2025,
//! Nghị định 118/2025/NĐ-CP from 01/07/2025: the profile's dated `lateness.law`) and the practice of the one-stop
//! systems [V2]: a dossier is late (quá hạn / trễ hạn) when it finished after its appointment date; on time (đúng
//! hạn) when it finished on the due date; early (trước hạn) when it finished on an earlier day. A dossier not
//! finished at the evaluation date is pending within time (đang giải quyết trong hạn) or pending overdue (đang
//! giải quyết quá hạn). Lateness is counted in working days after the due date up to and including the finishing
//! date; a finish on a day off counts as the next working day (the result could not have been issued earlier).
//! A pending dossier counts the working days that have passed by the evaluation date (a day that has not come is
//! not counted; the "next working day" reading is a setting, `lateness.pending_count_to`).
//! From Nghị định 118/2025 a stopped dossier ("dừng giải quyết", Thông tư 03/2025/TT-VPCP Mẫu số 05) is closed:
//! neither late nor pending (`lateness.stopped_is_closed`). Day granularity is the default; minute granularity,
//! the finishing moment (finished or returned), the re-appointed date and "paused" dossiers are profile settings.

use super::{Context, Trace};
use crate::calendar::{describe_days, weekday_vi, CalendarError};
use crate::model::{fmt_date, fold_key, Dossier, Moment, Status, Text};
use crate::profile::{FinishMoment, Granularity, PendingCountTo};
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

/// What a log's status text says of a dossier that has no finishing date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusText {
    /// Waiting for the applicant's supplements, returned or withdrawn.
    Paused,
    /// Stopped ("dừng giải quyết", "Dừng xử lý").
    Stopped,
    Other,
}

impl StatusText {
    /// Reads a status text (folded: any case, with or without diacritics). The check asks through
    /// [`Context::status_text`], which keeps the answer for each distinct text.
    pub fn of(text: &str) -> StatusText {
        let k = fold_key(text);
        if ["dung giai quyet", "dung xu ly"].iter().any(|p| k.contains(p)) {
            return StatusText::Stopped;
        }
        let paused = [
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
        .any(|p| k.contains(p));
        if paused {
            StatusText::Paused
        } else {
            StatusText::Other
        }
    }
}

pub fn assess(d: &Dossier, ctx: &Context, t: &mut impl Trace) -> Result<Lateness, CalendarError> {
    let s = &ctx.profile.lateness;
    let Some(original_due) = d.due else {
        // The reader never makes a dossier without a due date; a caller building one by hand gets this.
        return Err(CalendarError::Data("dossier without a due date".into()));
    };
    // The one-stop rules in force on the receipt date (the due date when the log has none).
    let on = super::one_stop_date(d).unwrap_or(original_due.date);
    let use_extended = s.use_extended_due.at(on);
    let due = match (use_extended.value, d.extended_due) {
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
            t.cite(|| use_extended.citation());
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

    let finish_moment = s.finish_moment.at(on);
    let (mut finish, mut field) = match finish_moment.value {
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
        t.cite(|| finish_moment.citation());
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

    let text = match (&finish, &d.status_text) {
        (None, Some(x)) => ctx.status_text(x),
        _ => StatusText::Other,
    };
    if text == StatusText::Stopped && !s.stopped_is_closed.at(on).value {
        t.step(|| {
            Text::new(
                "Trạng thái dừng giải quyết: theo văn bản áp dụng tại ngày tiếp nhận, hồ sơ vẫn được xét như hồ sơ \
                chưa hoàn thành.",
                "Stopped status: under the text in force on the receipt date, the dossier is judged as unfinished.",
            )
        });
        t.cite(|| s.stopped_is_closed.at(on).citation());
    }
    let counted_to = match finish {
        Some(f) => {
            let granularity = s.granularity.at(on);
            let order = match (granularity.value, f.time(), due.time()) {
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
                    t.cite(|| granularity.citation());
                    None
                }
                Ordering::Greater => {
                    out.status = Status::Late;
                    Some(f.date)
                }
            }
        }
        None if text == StatusText::Stopped && s.stopped_is_closed.at(on).value => {
            out.status = Status::Stopped;
            t.step(|| {
                Text::new(
                    format!(
                        "Chưa hoàn thành, trạng thái \"{}\": hồ sơ dừng giải quyết là hồ sơ đã kết thúc, không tính trễ \
                        hạn và không tính đang giải quyết → Dừng giải quyết.",
                        d.status_text.as_deref().unwrap_or_default()
                    ),
                    format!(
                        "Not finished, status \"{}\": a stopped dossier is closed, neither late nor pending → Stopped.",
                        d.status_text.as_deref().unwrap_or_default()
                    ),
                )
            });
            t.cite(|| s.stopped_is_closed.at(on).citation());
            None
        }
        None if text == StatusText::Paused && s.paused_counts_on_time.at(on).value => {
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
            t.cite(|| s.paused_counts_on_time.at(on).citation());
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
        let pending_to = s.pending_count_to.at(on);
        let pending = out.status == Status::PendingOverdue;
        let working_end = if pending && pending_to.value == PendingCountTo::LastWorkingDayPassed {
            cal.previous_working_day(end)?
        } else {
            cal.next_working_day(end)?
        };
        if working_end < end {
            let day = cal.day(end)?;
            t.step(|| {
                Text::new(
                    format!(
                        "Ngày đánh giá {} là ngày nghỉ ({}): chỉ tính những ngày làm việc đã qua, đến {}.",
                        fmt_date(end),
                        day.reason().vi,
                        day_vi(working_end)
                    ),
                    format!(
                        "The evaluation date {} is not a working day ({}): only working days that have passed count, \
                        up to {}.",
                        fmt_date(end),
                        day.reason().en,
                        day_en(working_end)
                    ),
                )
            });
            t.cite(|| pending_to.citation());
        } else if working_end != end {
            let day = cal.day(end)?;
            if pending {
                t.cite(|| pending_to.citation());
            }
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
    }
    // Every verdict rests on the one-stop decree in force on the receipt date.
    let law = s.law.at(on);
    t.step(|| {
        let (what_vi, what_en) = match d.received {
            Some(r) => (format!("tiếp nhận ngày {}", fmt_date(r.date)), format!("received {}", fmt_date(r.date))),
            None => (format!("hẹn trả ngày {}", fmt_date(on)), format!("due {}", fmt_date(on))),
        };
        let title = crate::law::short(&law.value);
        Text::new(
            format!("Văn bản áp dụng cho hồ sơ {what_vi}: {title}."),
            format!("Text in force for the dossier {what_en}: {title}."),
        )
    });
    t.cite(|| law.citation());

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
                let paused = |t: &std::sync::Arc<str>| ctx.status_text(t) == StatusText::Paused;
                assert_eq!(paused(t), i % 3 == 0, "{t} (round {round})");
                assert_eq!(paused(&t.to_string().into()), i % 3 == 0, "{t} again, another copy");
            }
        }
        assert_eq!(StatusText::of("CÔNG DÂN RÚT HỒ SƠ"), StatusText::Paused);
        assert_ne!(StatusText::of("Đã trả kết quả"), StatusText::Paused);
    }
}
