//! The statutory due date: the appointment on the receipt may not be later than the law allows.
//!
//! Bộ luật Dân sự 2015, Điều 147.1 [V2]: "Khi thời hạn được xác định bằng ngày … thì ngày đầu tiên của thời
//! hạn không được tính mà tính từ ngày tiếp theo liền kề ngày có sự kiện đã được xác định." A time limit of N
//! working days therefore starts counting on the day after receipt, skipping days off. Some provinces treat a
//! dossier received after about 15:00 as received on the next working day (profile setting, off by default).

use super::{Context, Trace};
use crate::calendar::{describe_days, CalendarError};
use crate::model::{fmt_date, Dossier, Text};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatutoryCheck {
    pub statutory_days: u32,
    pub legal_due: NaiveDate,
    pub appointment: NaiveDate,
    /// The appointment is later than the law allows.
    pub too_late: bool,
    /// Working days between the legal due date and a too-late appointment.
    pub extra_working_days: u32,
    /// Received after the cut-off time: counted as received on the next working day.
    pub after_cutoff: bool,
}

/// `None` when the log lacks the receipt date, the statutory time or the appointment.
pub fn check(d: &Dossier, ctx: &Context, t: &mut impl Trace) -> Result<Option<StatutoryCheck>, CalendarError> {
    let (Some(received), Some(days), Some(due)) = (d.received, d.statutory_days, d.due) else {
        return Ok(None);
    };
    let s = &ctx.profile.statutory_due;
    let cal = &ctx.calendar;
    // The rules in force on the receipt date.
    let on = received.date;
    let cutoff = ctx.profile.cutoff_time(on).ok();
    let late_receipt = s.late_receipt_cutoff.at(on);
    let after_cutoff = late_receipt.value && matches!((received.time(), cutoff), (Some(r), Some(c)) if r > c);
    let start = if after_cutoff {
        let next = cal.next_working_day(received.date.succ_opt().unwrap_or(received.date))?;
        t.step(|| {
            Text::new(
                format!(
                    "Tiếp nhận lúc {} sau {}: coi như tiếp nhận ngày làm việc tiếp theo {}.",
                    received.display_vi(),
                    s.cutoff_time.at(on).value,
                    fmt_date(next)
                ),
                format!(
                    "Received at {} after {}: treated as received on the next working day {}.",
                    received.display_vi(),
                    s.cutoff_time.at(on).value,
                    fmt_date(next)
                ),
            )
        });
        t.cite(|| late_receipt.citation());
        next
    } else {
        received.date
    };
    let legal_due = cal.add_working_days(start, days)?;
    t.step(|| {
        let off = cal.days_off_between(start, legal_due).unwrap_or_default();
        let (sv, se) = if off.is_empty() {
            Default::default()
        } else {
            (
                format!("; bỏ qua ngày nghỉ {}", describe_days(&off, true)),
                format!(
                    "; skipping days off \
                {}",
                    describe_days(&off, false)
                ),
            )
        };
        Text::new(
            format!(
                "Thời hạn giải quyết {days} ngày làm việc, tính từ ngày sau ngày tiếp nhận {}{sv} → hạn theo quy \
                định {}.",
                fmt_date(start),
                fmt_date(legal_due)
            ),
            format!(
                "Statutory time {days} working days, counted from the day after receipt {}{se} → legal due date \
                {}.",
                fmt_date(start),
                fmt_date(legal_due)
            ),
        )
    });
    t.cite(|| s.counting.at(on).citation());
    let too_late = due.date > legal_due;
    let extra = if too_late { cal.working_days_between(legal_due, due.date)?.max(0) as u32 } else { 0 };
    t.step(|| {
        if too_late {
            Text::new(
                format!(
                    "Ngày hẹn trả {} muộn hơn hạn theo quy định {} ({extra} ngày làm việc): cần xem lại phiếu hẹn.",
                    fmt_date(due.date),
                    fmt_date(legal_due)
                ),
                format!(
                    "The appointment {} is later than the legal due date {} ({extra} working days): check the receipt.",
                    fmt_date(due.date),
                    fmt_date(legal_due)
                ),
            )
        } else {
            Text::new(
                format!("Ngày hẹn trả {} không muộn hơn hạn theo quy định.", fmt_date(due.date)),
                format!("The appointment {} is not later than the legal due date.", fmt_date(due.date)),
            )
        }
    });
    Ok(Some(StatutoryCheck {
        statutory_days: days,
        legal_due,
        appointment: due.date,
        too_late,
        extra_working_days: extra,
        after_cutoff,
    }))
}
