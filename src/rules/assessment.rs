//! What the rules conclude about one officer or unit for one year ([`Assessment`]): their figures, whether they were
//! reminded, whether it is a repeat case ([`repeat`](super::repeat)), the highest rating allowed and what the
//! proposal comes to ([`rating_cap`](super::rating_cap)). [`assess_judged`](super::assess_judged) fills them in.

use crate::model::{Explanation, Name, Rating, SourcePos, Status};
use serde::Serialize;

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

    pub(super) fn merge(&mut self, o: &Figures) {
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
    pub(super) fn add(&mut self, status: Status, quarter: u8) {
        self.dossiers += 1;
        match status {
            Status::Early => self.early += 1,
            Status::OnTime => self.on_time += 1,
            _ => {}
        }
        if !status.is_pending() && status != Status::Stopped {
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

/// One judged dossier as the assessment needs it: its unit, officer, verdict status and the year and quarter it
/// is attributed to.
pub struct Judged<'a> {
    pub unit: &'a Name,
    pub officer: &'a Name,
    pub status: Status,
    pub year: i32,
    pub quarter: u8,
}
