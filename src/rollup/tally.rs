//! The sums of a roll-up over the reports [`super::checks`] kept: each agency's line, the province's, the table per
//! field of work, the ranking, the commendations and the reminder list.

use super::checks::{Entry, Sorted};
use super::problem::Problem;
use super::read::Read;
use super::{agency_name, AgencyEntry, AgencyRow, Rank, Rollup, RollupCommendations, RollupSettings, FORMAT};
use crate::report::commendation::{self, Commendation, Who};
use crate::report::seal::AssessmentLine;
use crate::report::tables::ResultsRow;
use crate::report::Summary;
use serde::Serialize;
use std::collections::BTreeMap;

/// One line of the province's reminder list: the columns the check's reminder-list reader reads (Họ và tên, Đơn vị,
/// Năm nhắc nhở, Số văn bản), with the agency beside them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReminderRow {
    pub agency: String,
    pub kind: Who,
    /// Empty for a unit.
    pub name: String,
    pub unit: String,
    pub year: i32,
    pub late: u32,
    /// Capped below "Hoàn thành xuất sắc" this year.
    pub capped: bool,
    pub note: String,
}

/// An agency's line from its figures.
pub(super) fn row(r: &Read) -> AgencyRow {
    let f = &r.figures;
    let mut results = ResultsRow { name: agency_name(&r.provenance, &r.file), ..Default::default() };
    for u in &f.results_by_unit {
        results.add(u);
    }
    results.finish(f.progress_points);
    let count = |p: &dyn Fn(&AssessmentLine) -> bool| f.assessments.iter().filter(|a| p(a)).count() as u32;
    AgencyRow {
        results,
        late_without_apology: f.late_without_apology,
        capped_officers: count(&|a| a.kind == Who::Officer && a.capped()),
        capped_units: count(&|a| a.kind == Who::Unit && a.capped()),
        at_risk: count(&|a| a.finding == "at_risk"),
        violations: count(&|a| a.finding == "violation"),
    }
}

fn add(total: &mut AgencyRow, r: &AgencyRow) {
    total.results.add(&r.results);
    total.late_without_apology += r.late_without_apology;
    total.capped_officers += r.capped_officers;
    total.capped_units += r.capped_units;
    total.at_risk += r.at_risk;
    total.violations += r.violations;
}

/// The check's summary fields summed; the on-time rate made from the sums as the check makes it.
pub(super) fn sum_summaries<'a>(list: impl Iterator<Item = &'a Summary>) -> Summary {
    let mut s = Summary::default();
    for x in list {
        s.dossiers += x.dossiers;
        s.early += x.early;
        s.on_time += x.on_time;
        s.late += x.late;
        s.pending_within += x.pending_within;
        s.pending_overdue += x.pending_overdue;
        s.rejected_rows += x.rejected_rows;
        s.duplicates_merged += x.duplicates_merged;
        s.conflicts += x.conflicts;
        s.violations += x.violations;
        s.at_risk += x.at_risk;
        s.statutory_too_late += x.statutory_too_late;
        s.apology_missing += x.apology_missing;
        s.stopped += x.stopped;
    }
    let resolved = s.early + s.on_time + s.late;
    s.on_time_rate = (resolved > 0).then(|| f64::from(s.early + s.on_time) * 100.0 / f64::from(resolved));
    s
}

fn commendation_settings(settings: &RollupSettings, end: chrono::NaiveDate) -> commendation::Settings {
    if let Some(s) = &settings.commendation {
        return s.clone();
    }
    let profile = crate::profile::Profile::for_year(chrono::Datelike::year(&end))
        .unwrap_or_else(|_| crate::profile::Profile::default_profile());
    let period = crate::report::period::Period::custom(end, end);
    commendation::Settings::of(&profile, &period)
}

pub(super) fn tally(sorted: Sorted, settings: &RollupSettings, mut problems: Vec<Problem>) -> Rollup {
    let Sorted { period, entries } = sorted;
    let end = period.as_ref().map(|p| p.end).unwrap_or_default();
    let points = entries.iter().find(|e| e.included).map(|e| e.read.figures.progress_points).unwrap_or(20.0);
    let summed = || entries.iter().filter(|e| e.included);
    let mut total = AgencyRow::default();
    let mut last_total: Option<AgencyRow> = None;
    let mut fields: BTreeMap<String, ResultsRow> = BTreeMap::new();
    let mut rows = Vec::with_capacity(entries.len());
    for e in &entries {
        let r = row(&e.read);
        let last = e.last_year.as_ref().map(row);
        if e.included {
            add(&mut total, &r);
            if let Some(l) = &last {
                add(last_total.get_or_insert_with(AgencyRow::default), l);
            }
            for f in &e.read.figures.results_by_field {
                fields
                    .entry(f.name.clone())
                    .or_insert_with(|| ResultsRow { name: f.name.clone(), ..Default::default() })
                    .add(f);
            }
        }
        rows.push((r, last));
    }
    total.results.name = "Tổng cộng".into();
    total.results.finish(points);
    if let Some(l) = &mut last_total {
        l.results.name = "Tổng cộng".into();
        l.results.finish(points);
    }
    let mut by_field: Vec<ResultsRow> = fields.into_values().collect();
    let mut field_total = ResultsRow { name: "Tổng cộng".into(), ..Default::default() };
    for f in &mut by_field {
        field_total.add(f);
        f.finish(points);
    }
    field_total.finish(points);
    by_field.push(field_total);

    // Ranking: by on-time rate, best first; then by dossiers resolved, then by name. Nothing resolved: last.
    let mut order: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].included).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&rows[a].0.results, &rows[b].0.results);
        let rate = |r: &ResultsRow| r.on_time_rate.unwrap_or(-1.0);
        rate(y).total_cmp(&rate(x)).then(y.resolved_total.cmp(&x.resolved_total)).then(x.name.cmp(&y.name))
    });
    let mut ranks = vec![None; entries.len()];
    let ranking: Vec<Rank> = order
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            ranks[i] = Some(k as u32 + 1);
            let r = &rows[i].0.results;
            Rank {
                rank: k as u32 + 1,
                agency: r.name.clone(),
                file: entries[i].read.file.clone(),
                on_time_rate: r.on_time_rate,
                resolved: r.resolved_total,
                last_year_on_time_rate: rows[i].1.as_ref().and_then(|l| l.results.on_time_rate),
            }
        })
        .collect();

    let c_settings = commendation_settings(settings, end);
    let (label_vi, label_en) = period
        .as_ref()
        .map(|p| (p.label.clone(), format!("{} to {}", crate::model::fmt_date(p.start), crate::model::fmt_date(p.end))))
        .unwrap_or_default();
    let mut list: Vec<Commendation> = Vec::new();
    for e in summed() {
        let agency = agency_name(&e.read.provenance, &e.read.file);
        for c in e.read.figures.commendations.iter().filter(|c| c.qualifies(&c_settings)) {
            let mut who = c.clone();
            who.agency.clone_from(&agency);
            let mut explanation = commendation::explain(&who, &c_settings, &label_vi, &label_en);
            explanation
                .steps
                .insert(0, crate::model::Text::new(format!("Cơ quan: {agency}."), format!("Agency: {agency}.")));
            list.push(Commendation { dossiers: who.dossiers(), who, explanation });
        }
    }
    let reminders = summed().flat_map(reminder_rows).collect();
    let summary = sum_summaries(summed().map(|e| &e.read.figures.summary));
    let (rule_set, calendar_fingerprint) = summed()
        .next()
        .map(|e| (Some(e.read.provenance.rule_set.clone()), Some(e.read.provenance.calendar.fingerprint.clone())))
        .unwrap_or_default();
    problems.sort_by_key(|p| p.kind);
    let agencies = entries
        .into_iter()
        .zip(rows)
        .zip(ranks)
        .map(|((Entry { read, included, .. }, (row, last_year)), rank)| AgencyEntry {
            file: read.file,
            via: read.via,
            included,
            seal: read.seal,
            row,
            last_year,
            rank,
            provenance: read.provenance,
            figures: read.figures,
        })
        .collect();
    Rollup {
        format: FORMAT,
        app_version: crate::APP_VERSION,
        period,
        rule_set,
        calendar_fingerprint,
        files: Vec::new(),
        summary,
        total,
        last_year_total: last_total,
        agencies,
        by_field,
        ranking,
        commendations: RollupCommendations { settings: c_settings, list },
        reminders,
        problems,
    }
}

/// An agency's officers and units capped, or late at least the rule set's "many times" (repeat.min_late).
fn reminder_rows(e: &Entry) -> Vec<ReminderRow> {
    let f = &e.read.figures;
    let agency = agency_name(&e.read.provenance, &e.read.file);
    f.assessments
        .iter()
        .filter(|a| a.capped() || (a.late > 0 && a.late >= f.min_late))
        .map(|a| {
            let mut note = format!("{} hồ sơ trễ hạn/quá hạn năm {}", a.late, a.year);
            if a.capped() {
                note.push_str("; bị giới hạn mức xếp loại");
            }
            ReminderRow {
                agency: agency.clone(),
                kind: a.kind,
                name: if a.kind == Who::Unit { String::new() } else { a.name.clone() },
                unit: a.unit.clone(),
                year: a.year,
                late: a.late,
                capped: a.capped(),
                note,
            }
        })
        .collect()
}
