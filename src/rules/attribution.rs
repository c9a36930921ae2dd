//! Who a late dossier counts against, and when.
//!
//! RULES.md §3 [V2]: "the delay belongs to whoever held the dossier when its step ran over (… form 05 …).
//! Without step data, attribute to the officer and unit columns." A late or pending-overdue dossier counts
//! against its officer and its unit in the year and quarter of its due date. Officers are identified by
//! NFC-normalised, space-collapsed, case-insensitive name within a unit: the same name in two units is two people.

use super::lateness::Lateness;
use super::Trace;
use crate::model::{Dossier, Text};
use chrono::Datelike;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Attribution {
    pub year: i32,
    /// 1–4
    pub quarter: u8,
    /// Late or pending overdue: counts against the officer and the unit.
    pub counts: bool,
}

pub fn attribute(d: &Dossier, lateness: &Lateness, t: &mut impl Trace) -> Attribution {
    let due = d.due.map(|m| m.date).unwrap_or(lateness.due.date);
    let a = Attribution {
        year: due.year(),
        quarter: ((due.month() - 1) / 3 + 1) as u8,
        counts: lateness.status.is_overdue(),
    };
    if a.counts {
        t.step(|| {
            let officer =
                if d.officer.is_empty() { "(không ghi cán bộ)".to_string() } else { d.officer.display.clone() };
            let officer_en =
                if d.officer.is_empty() { "(no officer recorded)".to_string() } else { d.officer.display.clone() };
            Text::new(
                format!(
                    "Tính cho cán bộ {officer}, đơn vị {}, quý {}/{} (theo ngày hẹn trả).",
                    d.unit.display, a.quarter, a.year
                ),
                format!(
                    "Counted against officer {officer_en}, unit {}, quarter {}/{} (by due date).",
                    d.unit.display, a.quarter, a.year
                ),
            )
        });
    }
    a
}
