//! Repeat cases: reminded last year and late again, many times, this year.
//!
//! Quyết định 4510/QĐ-UBND ngày 29/12/2022 của UBND tỉnh Bình Định [V2]: "Không xếp loại mức độ hoàn thành tốt
//! nhiệm vụ đối với các trường hợp đã có nhắc nhở, chấn chỉnh về việc giải quyết hồ sơ thủ tục hành chính trễ
//! hẹn trong năm 2022 nhưng chậm chuyển biến, tiếp tục tái phạm nhiều lần trong năm 2023."
//!
//! Read as: reminded in year Y−1 (the reminder list) and at least N late dossiers attributed in year Y
//! (N = `repeat.min_late`, default 2 for "nhiều lần" [U]). "Chậm chuyển biến" is shown as evidence (late count
//! and on-time rate, Y−1 against Y, when both years are loaded) and required only when the profile says so;
//! it holds when there are late dossiers in Y and no fewer than in Y−1. Units are checked the same way (a reminder or a
//! proposal without a person's name is the unit's).

// The assessment's types under the names they had here (`rules::repeat::Finding`).
pub use super::assessment::{Assessment, Figures, Finding, ReminderRef};
use super::{Context, Trace};
use crate::model::Text;

/// Whether the assessment is a repeat case, telling `t` why (and, with last year's figures, whether it is slow to
/// improve).
pub(super) fn apply(a: &mut Assessment, is_unit: bool, ctx: &Context, t: &mut impl Trace) {
    let s = &ctx.profile.repeat;
    // The rating rules in force at the end of the assessment year.
    let on = crate::profile::rating_date(a.year);
    let min_late = s.min_late.at(on);
    let n = min_late.value;
    let q = a.figures.late_by_quarter;
    // Written only when explained (a check of a million dossiers judges tens of thousands of officers unexplained).
    t.step(|| {
        let who_vi = if is_unit {
            format!("Đơn vị {}", a.unit.display)
        } else {
            format!(
                "Cán bộ {} \
            ({})",
                a.name.display, a.unit.display
            )
        };
        let who_en = if is_unit {
            format!("Unit {}", a.unit.display)
        } else {
            format!(
                "Officer {} \
            ({})",
                a.name.display, a.unit.display
            )
        };
        Text::new(
            format!(
                "{who_vi}: {} hồ sơ trễ hạn hoặc quá hạn trong năm {} (quý I: {}, II: {}, III: {}, IV: {}), trên \
                {} hồ sơ.",
                a.figures.late, a.year, q[0], q[1], q[2], q[3], a.figures.dossiers
            ),
            format!(
                "{who_en}: {} late or overdue dossiers in {} (Q1: {}, Q2: {}, Q3: {}, Q4: {}), out of \
                {}.",
                a.figures.late, a.year, q[0], q[1], q[2], q[3], a.figures.dossiers
            ),
        )
    });
    t.cite(|| ctx.profile.attribution.by.at(on).citation());
    let Some(seed) = &ctx.profile.seed_rule else {
        t.step(|| {
            Text::new(
                format!(
                    "Bộ quy tắc \"{}\" không có quy định giới hạn xếp loại đối với người bị nhắc nhở mà tái phạm.",
                    ctx.profile.name
                ),
                format!("The rule set \"{}\" has no rating cap for those reminded who repeat.", ctx.profile.name),
            )
        });
        return;
    };
    if !ctx.profile.covers(a.year) {
        if let Some(c) = &ctx.profile.carry_forward {
            t.step(|| {
                Text::new(
                    format!(
                        "Bộ quy tắc \"{}\" dành cho năm {}; đơn vị áp dụng tiếp cho năm {} theo {}.",
                        ctx.profile.name, ctx.profile.assessment_years, a.year, c.document
                    ),
                    format!(
                        "The rule set \"{}\" is for {}; the agency carries it forward to {} by {}.",
                        ctx.profile.name, ctx.profile.assessment_years, a.year, c.document
                    ),
                )
            });
        }
    }
    t.cite(|| seed.citation());
    let apply_to_units = s.apply_to_units.at(on);
    if is_unit && !apply_to_units.value {
        t.step(|| {
            Text::new("Cấu hình không áp dụng giới hạn cho đơn vị.", "The profile does not apply the cap to units.")
        });
        t.cite(|| apply_to_units.citation());
        return;
    }
    match &a.reminded {
        Some(r) => t.step(|| {
            Text::new(
                format!(
                    "Đã bị nhắc nhở, chấn chỉnh năm {}{} (danh sách nhắc nhở, dòng {}).",
                    r.year,
                    r.document.as_ref().map(|d| format!(" theo {d}")).unwrap_or_default(),
                    r.source.row
                ),
                format!(
                    "Reminded in {}{} (reminder list, row {}).",
                    r.year,
                    r.document.as_ref().map(|d| format!(" by {d}")).unwrap_or_default(),
                    r.source.row
                ),
            )
        }),
        None => t.step(|| {
            Text::new(
                format!("Không có trong danh sách nhắc nhở năm {}.", a.year - 1),
                format!("Not on the {} reminder list.", a.year - 1),
            )
        }),
    }
    if let Some(prev) = a.previous {
        // Slow to improve: late again this year, and no fewer than last year.
        let slow = a.figures.late > 0 && a.figures.late >= prev.late;
        a.slow_improvement = Some(slow);
        let rate = |f: &Figures| f.on_time_rate().map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into());
        t.step(|| {
            Text::new(
                format!(
                    "So với năm {}: trễ hạn {} → {}, tỷ lệ đúng hạn {} → {}: {}.",
                    a.year - 1,
                    prev.late,
                    a.figures.late,
                    rate(&prev),
                    rate(&a.figures),
                    if slow {
                        "chậm chuyển biến (vẫn trễ hạn, số hồ sơ trễ không giảm)"
                    } else {
                        "có chuyển biến (số hồ sơ trễ giảm hoặc không còn)"
                    }
                ),
                format!(
                    "Against {}: late {} → {}, on-time rate {} → {}: {}.",
                    a.year - 1,
                    prev.late,
                    a.figures.late,
                    rate(&prev),
                    rate(&a.figures),
                    if slow {
                        "slow to improve (still late, no fewer late dossiers)"
                    } else {
                        "improving (fewer or no late dossiers)"
                    }
                ),
            )
        });
    }
    let require_slow = s.require_slow_improvement.at(on);
    let slow_ok = if require_slow.value {
        t.cite(|| require_slow.citation());
        match a.slow_improvement {
            Some(v) => v,
            None => {
                t.step(|| {
                    Text::new(
                        format!(
                            "Cấu hình yêu cầu \"chậm chuyển biến\" nhưng chưa nạp dữ liệu năm {}: chưa đủ căn cứ.",
                            a.year - 1
                        ),
                        format!(
                            "The profile requires \"slow to improve\" but {} is not loaded: not established.",
                            a.year - 1
                        ),
                    )
                });
                false
            }
        }
    } else {
        true
    };
    a.repeat = a.reminded.is_some() && a.figures.late >= n && slow_ok;
    t.cite(|| min_late.citation());
    if a.reminded.is_some() {
        t.step(|| {
            if a.repeat {
                Text::new(
                    format!(
                        "Tái phạm nhiều lần: {} hồ sơ trễ ≥ {n} (ngưỡng \"nhiều lần\" trong cấu hình).",
                        a.figures.late
                    ),
                    format!(
                        "Repeated many times: {} late dossiers ≥ {n} (the profile's threshold for \"many times\").",
                        a.figures.late
                    ),
                )
            } else {
                Text::new(
                    format!(
                        "Chưa đến mức tái phạm nhiều lần: {} hồ sơ trễ{} (ngưỡng {n}).",
                        a.figures.late,
                        if a.figures.late >= n { ", nhưng chưa đủ căn cứ chậm chuyển biến" } else { "" }
                    ),
                    format!(
                        "Not a repeat case: {} late dossiers{} (threshold {n}).",
                        a.figures.late,
                        if a.figures.late >= n { ", but slow improvement is not established" } else { "" }
                    ),
                )
            }
        });
    }
}
