//! The tables agencies submit, as pure folds over a checked report for one period.
//!
//! Placing dossiers in a period follows the official results form (Biểu II.06a/VPCP/KSTT as implemented by one
//! province [V2]):
//! - **received** in the period: receipt date within it (split online / in person or post);
//! - **carried over**: received before the period and not resolved before it started;
//! - **resolved** in the period: finishing date (the one the lateness rule used) within it, split early / on time /
//!   late by the dossier's verdict;
//! - **pending** at the period end: received by the end and not resolved by then; overdue when the period end
//!   (or the as-of date, if earlier) is past the due date. Paused dossiers (waiting for the applicant) are within time.
//!
//! So carried over + received = resolved + pending, row by row. Dossiers without a receipt date cannot be placed
//! and are counted in a footnote; so are stopped dossiers (closed without a result: neither resolved nor pending). Late-dossier lists, officers and units follow the attribution rule instead: a
//! late dossier belongs to the year and quarter of its due date.

use super::commendation::{self, Candidate, Commendations};
use super::period::Period;
use super::{AssessmentOut, DossierRow, Report};
use crate::model::{Channel, Citation, Moment, Status};
use crate::profile::Profile;
use crate::rules::apology::ApologyStatus;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Unit,
    Field,
}

/// One line of the results table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct ResultsRow {
    pub name: String,
    /// Received in the period plus carried over (the form's "tổng số").
    pub received_total: u32,
    pub received_online: u32,
    pub received_direct: u32,
    /// Received in the period without a recorded channel (counted in the total only).
    pub received_unknown_channel: u32,
    pub carried_over: u32,
    pub resolved_total: u32,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub pending_total: u32,
    pub pending_within: u32,
    pub pending_overdue: u32,
    /// (Early + on time) ÷ resolved, percent.
    pub on_time_rate: Option<f64>,
    /// Estimate of the service index's "Tiến độ, kết quả giải quyết" score: (early + on time) ÷ received × points.
    pub progress_score: Option<f64>,
}

impl ResultsRow {
    /// Adds another line's counts (the rates are made by [`finish`](Self::finish)).
    pub fn add(&mut self, o: &ResultsRow) {
        self.received_total += o.received_total;
        self.received_online += o.received_online;
        self.received_direct += o.received_direct;
        self.received_unknown_channel += o.received_unknown_channel;
        self.carried_over += o.carried_over;
        self.resolved_total += o.resolved_total;
        self.early += o.early;
        self.on_time += o.on_time;
        self.late += o.late;
        self.pending_total += o.pending_total;
        self.pending_within += o.pending_within;
        self.pending_overdue += o.pending_overdue;
    }

    /// The on-time rate and the progress score from the counts.
    pub fn finish(&mut self, points: f64) {
        let good = f64::from(self.early + self.on_time);
        self.on_time_rate = (self.resolved_total > 0).then(|| good * 100.0 / f64::from(self.resolved_total));
        self.progress_score = (self.received_total > 0).then(|| good / f64::from(self.received_total) * points);
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultsTable {
    pub group_by: GroupBy,
    pub rows: Vec<ResultsRow>,
    pub total: ResultsRow,
    /// Dossiers without a receipt date, left out of the table.
    pub undated: u32,
    /// Stopped dossiers ("dừng giải quyết") received by the period's end: closed without a result, so neither
    /// resolved nor pending; left out of the table and counted here.
    pub stopped: u32,
}

/// One late (or pending-overdue) dossier of the period, by due date.
#[derive(Debug, Clone, Serialize)]
pub struct LateRow {
    pub code: String,
    pub procedure: String,
    pub unit: String,
    pub officer: String,
    pub due: Option<Moment>,
    pub finished: Option<Moment>,
    pub status: Status,
    pub late_working_days: u32,
    pub apology: ApologyStatus,
    /// The explanation's steps in Vietnamese ([`LateRow::explanation_text`]); empty until the check writes it
    /// ([`crate::check::Checked::explain_late`]) when the report did not explain the dossier.
    pub explanation: String,
    pub file: String,
    pub row: u32,
    /// The dossier's place in the report's list (not written: it explains the row later).
    #[serde(skip)]
    pub index: usize,
}

impl LateRow {
    /// An explanation as the late list shows it: its Vietnamese steps, one after another.
    pub fn explanation_text(e: &crate::model::Explanation) -> String {
        e.steps.iter().map(|s| s.vi.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// One line of the list that feeds next year's check: the columns of the reminder-list input.
#[derive(Debug, Clone, Serialize)]
pub struct RemindRow {
    /// Empty for a unit.
    pub name: String,
    pub unit: String,
    pub year: i32,
    pub late: u32,
    pub note: String,
}

/// Late counts and on-time rates, last year against this year.
#[derive(Debug, Clone, Serialize)]
pub struct YearOverYearRow {
    pub name: String,
    pub unit: String,
    pub previous_late: u32,
    pub late: u32,
    pub previous_on_time_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub slow_improvement: bool,
}

/// Every table of one period's report.
#[derive(Debug, Clone, Serialize)]
pub struct Tables {
    pub period: Period,
    pub period_label: String,
    pub year: i32,
    pub results_by_unit: ResultsTable,
    pub results_by_field: ResultsTable,
    pub late: Vec<LateRow>,
    pub officers: Vec<AssessmentOut>,
    pub units: Vec<AssessmentOut>,
    pub to_remind: Vec<RemindRow>,
    pub year_over_year: Vec<YearOverYearRow>,
    pub progress_points: f64,
    pub progress_source: Citation,
    /// Who to commend in the period, with the settings (biểu dương, issue 21).
    pub commendations: Commendations,
    /// Every officer and unit with no late or overdue dossier due in the period, whatever the settings.
    #[serde(skip)]
    pub candidates: Vec<Candidate>,
    /// The rule set's "many times" (repeat.min_late).
    #[serde(skip)]
    pub min_late: u32,
}

fn results(report: &Report, period: &Period, group: GroupBy, points: f64) -> ResultsTable {
    let eval = period.end.min(report.as_of);
    let mut rows: BTreeMap<String, ResultsRow> = BTreeMap::new();
    let mut undated = 0;
    let mut stopped = 0;
    for d in report.dossiers.iter() {
        if d.verdict.status == Status::Stopped {
            stopped += u32::from(d.received.is_some_and(|r| r.date <= period.end));
            continue;
        }
        let Some(received) = d.received.map(|m| m.date) else {
            undated += 1;
            continue;
        };
        if received > period.end {
            continue;
        }
        let resolved = d.verdict.resolved.map(|m| m.date);
        let mut r = ResultsRow::default();
        if period.contains(received) {
            r.received_total = 1;
            match d.channel {
                Some(Channel::Online) => r.received_online = 1,
                Some(Channel::InPerson) | Some(Channel::Post) => r.received_direct = 1,
                None => r.received_unknown_channel = 1,
            }
        } else if resolved.is_none_or(|x| x >= period.start) {
            r.carried_over = 1;
            r.received_total = 1;
        } else {
            continue; // resolved before the period
        }
        match resolved {
            Some(x) if x <= period.end => {
                if x >= period.start {
                    r.resolved_total = 1;
                    match d.verdict.status {
                        Status::Early => r.early = 1,
                        Status::OnTime => r.on_time = 1,
                        _ => r.late = 1,
                    }
                }
            }
            _ => {
                r.pending_total = 1;
                let overdue = !d.verdict.paused && d.due.is_some_and(|due| eval > due.date);
                if overdue {
                    r.pending_overdue = 1
                } else {
                    r.pending_within = 1
                }
            }
        }
        let key = match group {
            GroupBy::Unit => d.unit.display.clone(),
            GroupBy::Field => d.field.as_deref().unwrap_or("(không ghi lĩnh vực)").to_string(),
        };
        rows.entry(key.clone()).or_insert_with(|| ResultsRow { name: key, ..Default::default() }).add(&r);
    }
    let mut total = ResultsRow { name: "Tổng cộng".into(), ..Default::default() };
    let mut rows: Vec<ResultsRow> = rows.into_values().collect();
    for r in &mut rows {
        total.add(r);
        r.finish(points);
    }
    total.finish(points);
    ResultsTable { group_by: group, rows, total, undated, stopped }
}

fn late_rows(report: &Report, period: &Period) -> Vec<LateRow> {
    report
        .dossiers
        .iter()
        .enumerate()
        .filter(|(_, d)| d.verdict.status.is_overdue() && d.due.is_some_and(|m| period.contains(m.date)))
        .map(|(index, d): (usize, DossierRow<'_>)| LateRow {
            code: d.code.clone(),
            procedure: d.procedure.as_deref().unwrap_or_default().to_string(),
            unit: d.unit.display.clone(),
            officer: d.officer.display.clone(),
            due: d.due,
            finished: d.verdict.resolved,
            status: d.verdict.status,
            late_working_days: d.verdict.late_working_days,
            apology: d.verdict.apology,
            explanation: LateRow::explanation_text(d.explanation),
            file: d.source.file.to_string(),
            row: d.source.row,
            index,
        })
        .collect()
}

/// Builds every table for `period`. Officers, units, the reminder list and year-over-year are for the year the
/// period ends in.
pub fn build(report: &Report, period: &Period, profile: &Profile) -> Tables {
    let points = profile.periods.service_index_points.at(period.end).value;
    let year = period.year_of_end();
    let of_year =
        |list: &[AssessmentOut]| -> Vec<AssessmentOut> { list.iter().filter(|a| a.year == year).cloned().collect() };
    let officers = of_year(&report.officers);
    let units = of_year(&report.units);
    let to_remind = officers
        .iter()
        .map(|a| (a, false))
        .chain(units.iter().map(|a| (a, true)))
        .filter(|(a, _)| a.late > 0)
        .map(|(a, is_unit)| RemindRow {
            name: if is_unit { String::new() } else { a.name.display.clone() },
            unit: a.unit.display.clone(),
            year,
            late: a.late,
            note: format!("{} hồ sơ trễ hạn/quá hạn năm {year}", a.late),
        })
        .collect();
    let year_over_year = officers
        .iter()
        .chain(&units)
        .filter_map(|a| {
            let prev = a.previous_year_late?;
            Some(YearOverYearRow {
                name: a.name.display.clone(),
                unit: a.unit.display.clone(),
                previous_late: prev,
                late: a.late,
                previous_on_time_rate: a.previous_on_time_rate,
                on_time_rate: a.on_time_rate,
                slow_improvement: a.slow_improvement == Some(true),
            })
        })
        .collect();
    let candidates = commendation::candidates(report, period);
    Tables {
        min_late: profile.repeat.min_late.at(period.end).value,
        commendations: commendation::build(&candidates, &commendation::Settings::of(profile, period), period),
        candidates,
        period: *period,
        period_label: period.label_vi(),
        year,
        results_by_unit: results(report, period, GroupBy::Unit, points),
        results_by_field: results(report, period, GroupBy::Field, points),
        late: late_rows(report, period),
        officers,
        units,
        to_remind,
        year_over_year,
        progress_points: points,
        progress_source: profile.periods.service_index_points.at(period.end).citation(),
    }
}
