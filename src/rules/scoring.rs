//! Scores of officials on 100 points, monthly and quarterly, from the dossier log (đánh giá, xếp loại chất lượng
//! công chức theo Nghị định 335/2025/NĐ-CP, in force from 01/01/2026).
//!
//! What the decree says, as national news quoted it [V2] (the official text not yet seen):
//! "công chức sẽ được theo dõi, đánh giá, xếp loại theo thang điểm 100, gồm tiêu chí chung (30 điểm) và kết quả
//! thực hiện nhiệm vụ (70 điểm)", monthly or quarterly. Quantity: "tỷ lệ phần trăm giữa số lượng sản phẩm/công
//! việc hoàn thành (đã quy đổi) với số lượng sản phẩm/công việc được giao (đã quy đổi)". Quality: the share of the
//! products assigned completed meeting the quality required. Progress: completed on time ÷ assigned; "mỗi lần chậm
//! tiến độ bị trừ 25% điểm tiến độ của sản phẩm/công việc đó, trừ trường hợp do nguyên nhân khách quan được cấp có
//! thẩm quyền xác nhận". Bands: xuất sắc ≥ 90; tốt 70 to < 90; hoàn thành 50 to < 70; không hoàn thành < 50 (or
//! disciplined). "Tỷ lệ công chức xếp loại “Hoàn thành xuất sắc nhiệm vụ” không vượt quá 20% tổng số công chức
//! được xếp loại “Hoàn thành tốt nhiệm vụ”" in the same unit.
//!
//! What is Đúng Hẹn's reading [U], each a profile setting (`scoring.*`, docs/law.md): a dossier is
//! `products_per_dossier` products (1); the products assigned in a period are the dossiers due in it
//! (`assigned_by`, as the attribution rule) — stopped and paused dossiers are no product; one delay is a late
//! finish (`delay_late_finish`), an extension (`delay_extension`, off), an overdue dossier unfinished at the
//! period's end or the as-of date (`delay_pending_overdue`); a product's progress is 1 on time, 1 − 25 % per delay
//! when finished late, 0 unfinished; the 70 task points are the average of the three percentages
//! (`combine`); the log shows neither quality nor the 30 general points, taken as full marks
//! (`missing_evidence`): the points are the most an officer could have, an upper bound.

use super::{Context, Trace};
use crate::model::{fmt_date, Citation, Explanation, Name, Proposal, Rating, Status, Text, ViNum};
use crate::profile::{rating_date, AssignedBy, Bands};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// One judged dossier as the scores need it.
pub struct Scored<'a> {
    pub unit: &'a Name,
    pub officer: &'a Name,
    pub status: Status,
    pub paused: bool,
    pub received: Option<NaiveDate>,
    /// The appointment date (the original one: an extension is a delay, not a new deadline).
    pub due: NaiveDate,
    pub extended: bool,
}

/// One officer's (or unit's, when `name` is empty) figures for a month (`2026-03`), a quarter (`2026-Q1`) or the
/// year (`2026`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub name: Name,
    pub unit: Name,
    pub period: String,
    pub assigned: u32,
    pub finished: u32,
    pub on_time: u32,
    pub late: u32,
    pub delays: u32,
    /// Products (dossiers × products per dossier).
    pub products: f64,
    pub quantity_pct: f64,
    /// Quality: no evidence in the log, full marks for what was finished (an upper bound).
    pub quality_pct: f64,
    pub progress_pct: f64,
    /// The 70 task points as combined from the three percentages.
    pub task_points: f64,
    /// With the 30 general points at full marks: the most the officer could score.
    pub points_upper: f64,
    /// The band of `points_upper`: the best band the log allows.
    pub band_upper: Rating,
    pub explanation: Explanation,
}

impl Score {
    pub fn is_unit(&self) -> bool {
        self.name.is_empty()
    }
}

/// What a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// The proposed band is not the band of the proposed points.
    BandNotPoints,
    /// More proposed xuất sắc than 20 % of those proposed tốt in a unit.
    ShareXuatSac,
    /// The proposed band is above what the dossier log allows even with full general and quality points.
    BandImpossible,
}

/// A finding on proposed ratings under Nghị định 335/2025, with its "why?".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreFlag {
    pub kind: FlagKind,
    /// Empty for a unit's flag (the 20 % share).
    pub name: Name,
    pub unit: Name,
    pub message: Text,
    pub explanation: Explanation,
}

fn pct(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        (a * 100.0 / b * 100.0).round() / 100.0
    } else {
        0.0
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[derive(Default, Clone, Copy)]
struct Tally {
    assigned: u32,
    finished: u32,
    on_time: u32,
    late: u32,
    delays: u32,
    progress: f64,
}

/// The periods a date falls in: its month, its quarter and its year.
fn periods_of(d: NaiveDate) -> [String; 3] {
    let q = (d.month() - 1) / 3 + 1;
    [format!("{}-{:02}", d.year(), d.month()), format!("{}-Q{q}", d.year()), d.year().to_string()]
}

/// A period of [`periods_of`] as Vietnamese writes it: "2026-03" is "Tháng 03/2026", "2026-Q1" "Quý I/2026",
/// "2026" "Năm 2026" (the JSON keeps the codes).
pub fn period_vi(code: &str) -> String {
    match code.split_once('-') {
        Some((year, q)) if q.starts_with('Q') => {
            let roman = match q {
                "Q1" => "I",
                "Q2" => "II",
                "Q3" => "III",
                _ => "IV",
            };
            format!("Quý {roman}/{year}")
        }
        Some((year, month)) => format!("Tháng {month}/{year}"),
        None => format!("Năm {code}"),
    }
}

/// Whether scores apply to the assessment year (Nghị định 335/2025 in force at its end).
pub fn in_force(ctx: &Context) -> bool {
    ctx.profile.scoring.in_force.at(rating_date(ctx.assessment_year())).value
}

/// Every officer's and unit's scores for each month, quarter and the whole of the assessment year, when the
/// decree is in force for it; empty otherwise.
pub fn scores<'a>(rows: impl Iterator<Item = Scored<'a>>, ctx: &Context) -> Vec<Score> {
    if !in_force(ctx) {
        return Vec::new();
    }
    let year = ctx.assessment_year();
    let on = rating_date(year);
    let s = &ctx.profile.scoring;
    let per = s.products_per_dossier.at(on).value;
    let penalty = s.delay_penalty.at(on).value;
    let by = s.assigned_by.at(on).value;
    let (late_finish, extension, pending) =
        (s.delay_late_finish.at(on).value, s.delay_extension.at(on).value, s.delay_pending_overdue.at(on).value);
    let mut tallies: BTreeMap<(Name, Name, String), Tally> = BTreeMap::new();
    for r in rows {
        // Stopped dossiers are closed without a product; paused ones wait for the applicant.
        if r.status == Status::Stopped || r.paused {
            continue;
        }
        let date = match by {
            AssignedBy::DueInPeriod => r.due,
            AssignedBy::ReceivedInPeriod => match r.received {
                Some(d) => d,
                None => continue,
            },
        };
        if date.year() != year {
            continue;
        }
        let finished = matches!(r.status, Status::Early | Status::OnTime | Status::Late);
        let on_time = matches!(r.status, Status::Early | Status::OnTime);
        let mut delays = 0;
        if r.status == Status::Late && late_finish {
            delays += 1;
        }
        if r.status == Status::PendingOverdue && pending {
            delays += 1;
        }
        if r.extended && extension && r.status.is_overdue() {
            delays += 1;
        }
        let progress = if on_time {
            1.0
        } else if finished {
            (1.0 - penalty * f64::from(delays)).max(0.0)
        } else {
            0.0
        };
        for period in periods_of(date) {
            // The officer's row (when the log names one) and the unit's.
            let officer = (!r.officer.is_empty()).then(|| r.officer.clone());
            for name in officer.into_iter().chain([Name::default()]) {
                let t = tallies.entry((r.unit.clone(), name, period.clone())).or_default();
                t.assigned += 1;
                t.finished += u32::from(finished);
                t.on_time += u32::from(on_time);
                t.late += u32::from(r.status.is_overdue());
                t.delays += delays;
                t.progress += progress;
            }
        }
    }
    let bands = s.bands.at(on).value;
    let (general, task) = (s.general_points.at(on).value, s.task_points.at(on).value);
    tallies
        .into_iter()
        .map(|((unit, name, period), t)| {
            let products = f64::from(t.assigned) * per;
            let quantity = pct(f64::from(t.finished) * per, products);
            let quality = quantity;
            let progress = pct(t.progress * per, products);
            let task_points = round2((quantity + quality + progress) / 3.0 / 100.0 * task);
            let points_upper = round2(general + task_points);
            Score {
                name,
                unit,
                period,
                assigned: t.assigned,
                finished: t.finished,
                on_time: t.on_time,
                late: t.late,
                delays: t.delays,
                products,
                quantity_pct: quantity,
                quality_pct: quality,
                progress_pct: progress,
                task_points,
                points_upper,
                band_upper: bands.band(points_upper),
                explanation: Explanation::default(),
            }
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|mut sc| {
            let mut ex = Explanation::default();
            explain(&sc, ctx, &mut ex);
            sc.explanation = ex;
            sc
        })
        .collect()
}

/// Sorting periods: months, then quarters, then the year, each in order (`2026-01` < … < `2026-Q1` < … < `2026`).
pub fn period_order(p: &str) -> (u8, String) {
    let kind = if p.contains('Q') {
        1
    } else if p.len() == 4 {
        2
    } else {
        0
    };
    (kind, p.to_string())
}

fn cite(ctx: &Context, f: impl Fn(&crate::profile::ScoringSettings, NaiveDate) -> Citation) -> Citation {
    f(&ctx.profile.scoring, rating_date(ctx.assessment_year()))
}

/// The flags on proposed ratings: band ≠ points, the 20 % share of xuất sắc, and a band the log makes impossible.
pub fn flags(scores: &[Score], proposals: &[Proposal], ctx: &Context) -> Vec<ScoreFlag> {
    if !in_force(ctx) {
        return Vec::new();
    }
    let year = ctx.assessment_year().to_string();
    let on = rating_date(ctx.assessment_year());
    let s = &ctx.profile.scoring;
    let bands: Bands = s.bands.at(on).value;
    let mut out = Vec::new();
    for p in proposals.iter().filter(|p| !p.name.is_empty()) {
        if let Some(points) = p.points {
            let band = bands.band(points);
            if band != p.level {
                let mut ex = Explanation::default();
                ex.step(
                    format!(
                        "Đề xuất \"{}\" với {vi} điểm; {vi} điểm thuộc mức \"{}\" (xuất sắc từ {} điểm, tốt từ {}, \
                        hoàn thành từ {}).",
                        p.level.label_vi(),
                        band.label_vi(),
                        ViNum(bands.xuat_sac),
                        ViNum(bands.tot),
                        ViNum(bands.hoan_thanh),
                        vi = ViNum(points)
                    ),
                    format!(
                        "Proposed \"{}\" with {points} points; {points} points is \"{}\" (excellent from {}, good \
                        from {}, completed from {}).",
                        p.level.label_en(),
                        band.label_en(),
                        bands.xuat_sac,
                        bands.tot,
                        bands.hoan_thanh
                    ),
                );
                ex.citations.push(cite(ctx, |s, on| s.bands.at(on).citation()));
                out.push(ScoreFlag {
                    kind: FlagKind::BandNotPoints,
                    name: p.name.clone(),
                    unit: p.unit.clone(),
                    message: Text::new(
                        format!(
                            "Mức đề xuất không khớp với số điểm ({} điểm là \"{}\").",
                            ViNum(points),
                            band.label_vi()
                        ),
                        format!(
                            "The proposed band does not match the points ({points} points is \"{}\").",
                            band.label_en()
                        ),
                    ),
                    explanation: ex,
                });
            }
        }
        let key = |n: &Name| n.key.clone();
        let Some(sc) =
            scores.iter().find(|x| x.period == year && key(&x.name) == key(&p.name) && key(&x.unit) == key(&p.unit))
        else {
            continue;
        };
        if p.level.rank() > sc.band_upper.rank() {
            let mut ex = Explanation::default();
            ex.step(
                format!(
                    "Năm {year}: {} hồ sơ được giao, {} hoàn thành, {} đúng hạn, {} lần chậm tiến độ → số lượng {}%, \
                    tiến độ {}%.",
                    sc.assigned,
                    sc.finished,
                    sc.on_time,
                    sc.delays,
                    ViNum(sc.quantity_pct),
                    ViNum(sc.progress_pct)
                ),
                format!(
                    "Year {year}: {} dossiers assigned, {} finished, {} on time, {} delays → quantity {}%, progress \
                    {}%.",
                    sc.assigned, sc.finished, sc.on_time, sc.delays, sc.quantity_pct, sc.progress_pct
                ),
            );
            ex.step(
                format!(
                    "Kể cả khi tiêu chí chung và chất lượng đạt tối đa, điểm cao nhất có thể là {} điểm (\"{}\"), thấp \
                    hơn mức đề xuất \"{}\".",
                    ViNum(sc.points_upper),
                    sc.band_upper.label_vi(),
                    p.level.label_vi()
                ),
                format!(
                    "Even with full general and quality points, the most possible is {} points (\"{}\"), below the \
                    proposed \"{}\".",
                    sc.points_upper,
                    sc.band_upper.label_en(),
                    p.level.label_en()
                ),
            );
            ex.citations.push(cite(ctx, |s, on| s.delay_penalty.at(on).citation()));
            ex.citations.push(cite(ctx, |s, on| s.bands.at(on).citation()));
            ex.citations.push(cite(ctx, |s, on| s.missing_evidence.at(on).citation()));
            ex.citations.push(cite(ctx, |s, on| s.combine.at(on).citation()));
            out.push(ScoreFlag {
                kind: FlagKind::BandImpossible,
                name: p.name.clone(),
                unit: p.unit.clone(),
                message: Text::new(
                    format!(
                        "Tiến độ giải quyết hồ sơ không cho phép mức \"{}\" (tối đa {} điểm).",
                        p.level.label_vi(),
                        ViNum(sc.points_upper)
                    ),
                    format!(
                        "The dossier progress does not allow \"{}\" (at most {} points).",
                        p.level.label_en(),
                        sc.points_upper
                    ),
                ),
                explanation: ex,
            });
        }
    }
    // The 20 % share, unit by unit.
    let max_share = s.max_share_xuat_sac.at(on).value;
    let mut per_unit: BTreeMap<String, (Name, u32, u32)> = BTreeMap::new();
    for p in proposals.iter().filter(|p| !p.name.is_empty()) {
        let e = per_unit.entry(p.unit.key.clone()).or_insert_with(|| (p.unit.clone(), 0, 0));
        match p.level {
            Rating::XuatSac => e.1 += 1,
            Rating::Tot => e.2 += 1,
            _ => {}
        }
    }
    for (unit, xs, tot) in per_unit.into_values() {
        let allowed = (f64::from(tot) * max_share + 1e-9).floor() as u32;
        if xs > allowed {
            let mut ex = Explanation::default();
            ex.step(
                format!(
                    "Đơn vị {}: {xs} người đề xuất \"Hoàn thành xuất sắc nhiệm vụ\", {tot} người \"Hoàn thành tốt nhiệm \
                    vụ\"; tối đa {}% của {tot} là {allowed}.",
                    unit.display,
                    ViNum(max_share * 100.0)
                ),
                format!(
                    "Unit {}: {xs} proposed \"excellent\", {tot} \"good\"; at most {}% of {tot} is {allowed}.",
                    unit.display,
                    max_share * 100.0
                ),
            );
            ex.citations.push(cite(ctx, |s, on| s.max_share_xuat_sac.at(on).citation()));
            out.push(ScoreFlag {
                kind: FlagKind::ShareXuatSac,
                name: Name::default(),
                unit,
                message: Text::new(
                    format!(
                        "Tỷ lệ xuất sắc vượt {}% số người xếp loại tốt ({xs} > {allowed}).",
                        ViNum(max_share * 100.0)
                    ),
                    format!("Excellent ratings above {}% of those rated good ({xs} > {allowed}).", max_share * 100.0),
                ),
                explanation: ex,
            });
        }
    }
    out
}

/// The "why?" of one score row, written when asked.
pub fn explain(sc: &Score, ctx: &Context, t: &mut impl Trace) {
    let on = rating_date(ctx.assessment_year());
    let s = &ctx.profile.scoring;
    let who = if sc.is_unit() { sc.unit.display.clone() } else { format!("{} ({})", sc.name.display, sc.unit.display) };
    let (by_vi, by_en) = match s.assigned_by.at(on).value {
        AssignedBy::DueInPeriod => ("hạn trả trong kỳ", "due in the period"),
        AssignedBy::ReceivedInPeriod => ("tiếp nhận trong kỳ", "received in the period"),
    };
    t.step(|| {
        Text::new(
            format!(
                "{who}, {}: {} hồ sơ được giao ({by_vi}), {} hoàn thành, {} đúng hạn, {} trễ, {} lần chậm tiến độ \
                (tính đến {}).",
                period_vi(&sc.period),
                sc.assigned,
                sc.finished,
                sc.on_time,
                sc.late,
                sc.delays,
                fmt_date(ctx.as_of)
            ),
            format!(
                "{who}, period {}: {} dossiers assigned ({by_en}), {} finished, {} on time, {} late, {} delays (as \
                of {}).",
                sc.period,
                sc.assigned,
                sc.finished,
                sc.on_time,
                sc.late,
                sc.delays,
                fmt_date(ctx.as_of)
            ),
        )
    });
    t.cite(|| s.assigned_by.at(on).citation());
    t.cite(|| s.products_per_dossier.at(on).citation());
    let penalty = s.delay_penalty.at(on).value * 100.0;
    let general = s.general_points.at(on).value;
    t.step(|| {
        Text::new(
            format!(
                "Số lượng {}%, chất lượng {}% (sổ không cho biết: coi như đạt), tiến độ {}% (mỗi lần chậm trừ \
                {}% điểm tiến độ của hồ sơ đó) → kết quả nhiệm vụ {} điểm; cộng {} điểm tiêu chí chung (tối đa) → \
                tối đa {} điểm, mức \"{}\".",
                ViNum(sc.quantity_pct),
                ViNum(sc.quality_pct),
                ViNum(sc.progress_pct),
                ViNum(penalty),
                ViNum(sc.task_points),
                ViNum(general),
                ViNum(sc.points_upper),
                sc.band_upper.label_vi()
            ),
            format!(
                "Quantity {}%, quality {}% (not in the log: taken as met), progress {}% ({penalty}% of a dossier's \
                progress points off per delay) → task results {} points; with the {general} general points (full) → \
                at most {} points, \"{}\".",
                sc.quantity_pct,
                sc.quality_pct,
                sc.progress_pct,
                sc.task_points,
                sc.points_upper,
                sc.band_upper.label_en()
            ),
        )
    });
    t.cite(|| s.delay_penalty.at(on).citation());
    t.cite(|| s.delay_late_finish.at(on).citation());
    t.cite(|| s.combine.at(on).citation());
    t.cite(|| s.missing_evidence.at(on).citation());
    t.cite(|| s.bands.at(on).citation());
}

#[cfg(test)]
mod tests {
    #[test]
    fn periods_read_as_vietnamese_writes_them() {
        let vi: Vec<String> = ["2026-03", "2026-Q1", "2026-Q4", "2026"].iter().map(|p| super::period_vi(p)).collect();
        assert_eq!(vi, ["Tháng 03/2026", "Quý I/2026", "Quý IV/2026", "Năm 2026"]);
    }
}
