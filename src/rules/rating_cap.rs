//! The highest rating allowed, and whether the proposed rating breaks it. The caps are the profile's dated
//! parameters, asked at 31/12 of the assessment year.
//!
//! Quyết định 4510/QĐ-UBND (Bình Định, 2023) [V2]: "Không xếp loại mức độ hoàn thành tốt nhiệm vụ đối với các
//! trường hợp … tiếp tục tái phạm nhiều lần trong năm 2023." Since "hoàn thành xuất sắc" presupposes the criteria of
//! "hoàn thành tốt" (Nghị định 90/2020/NĐ-CP), the effective ceiling is "Hoàn thành nhiệm vụ" (our reading,
//! shown as an interpretation with the quote). Nghị định 48/2023/NĐ-CP [V]: anyone disciplined in the assessment
//! year is rated "Không hoàn thành nhiệm vụ" (as Nghị định 335/2025 rules from 2026 on: reprimand or more). Reminded and one late dossier short of the threshold: at risk.

use super::assessment::{Assessment, Finding};
use super::{Context, Trace};
use crate::model::{Rating, Text};

pub fn apply(a: &mut Assessment, ctx: &Context, t: &mut impl Trace) {
    let s = &ctx.profile.rating_cap;
    // The rating rules in force at the end of the assessment year.
    let on = crate::profile::rating_date(a.year);
    let n = ctx.profile.repeat.min_late.at(on).value;
    let repeat_cap = s.repeat_cap.as_ref().map(|c| c.at(on));
    let disciplined_cap = s.disciplined_cap.at(on);
    a.max_rating = Rating::XuatSac;
    if let (true, Some(cap)) = (a.repeat, repeat_cap) {
        a.max_rating = cap.value;
        t.step(|| {
            Text::new(
                format!(
                    "Mức xếp loại cao nhất: \"{}\" — không được xếp loại hoàn thành tốt (và do đó xuất sắc) nhiệm vụ \
                (cách hiểu của Đúng Hẹn).",
                    a.max_rating.label_vi()
                ),
                format!(
                    "Highest allowed rating: \"{}\" — may not be rated \"well completed\" (hence not \"excellent\" \
                either; Đúng Hẹn's reading).",
                    a.max_rating.label_en()
                ),
            )
        });
        t.cite(|| cap.citation());
    }
    if a.disciplined {
        a.max_rating = disciplined_cap.value;
        t.step(|| {
            Text::new(
                format!("Bị kỷ luật trong năm đánh giá: xếp loại \"{}\".", a.max_rating.label_vi()),
                format!("Disciplined in the assessment year: rated \"{}\".", a.max_rating.label_en()),
            )
        });
        t.cite(|| disciplined_cap.citation());
    }
    if !a.repeat && !a.disciplined {
        t.step(|| Text::new("Không bị giới hạn mức xếp loại.", "No cap on the rating."));
    }
    a.finding = match a.proposed_rating {
        Some(p) if p.rank() > a.max_rating.rank() => {
            t.step(|| {
                Text::new(
                    format!(
                        "Đề xuất \"{}\" cao hơn mức tối đa \"{}\" → vi phạm.",
                        p.label_vi(),
                        a.max_rating.label_vi()
                    ),
                    format!(
                        "Proposed \"{}\" is above the highest allowed \"{}\" → violation.",
                        p.label_en(),
                        a.max_rating.label_en()
                    ),
                )
            });
            Finding::Violation
        }
        proposed => {
            if let Some(p) = proposed {
                t.step(|| {
                    Text::new(
                        format!("Đề xuất \"{}\" không vượt mức tối đa.", p.label_vi()),
                        format!("Proposed \"{}\" is within the cap.", p.label_en()),
                    )
                });
            }
            let at_risk = a.reminded.is_some() && !a.repeat && !a.disciplined && n >= 1 && a.figures.late == n - 1;
            if let (true, Some(cap)) = (at_risk, repeat_cap) {
                t.step(|| {
                    Text::new(
                        format!(
                            "Cần lưu ý: đã bị nhắc nhở và có {} hồ sơ trễ; thêm 1 hồ sơ trễ nữa sẽ bị giới hạn \
                        ở \"{}\".",
                            a.figures.late,
                            cap.value.label_vi()
                        ),
                        format!(
                            "At risk: reminded, with {} late dossiers; one more and the cap \"{}\" \
                        applies.",
                            a.figures.late,
                            cap.value.label_en()
                        ),
                    )
                });
                Finding::AtRisk
            } else {
                Finding::Ok
            }
        }
    };
}
