//! The highest rating allowed, and whether the proposed rating breaks it.
//!
//! Quyết định 4510/QĐ-UBND (Bình Định, 2023) [V2]: "Không xếp loại mức độ hoàn thành tốt nhiệm vụ đối với các
//! trường hợp … tiếp tục tái phạm nhiều lần trong năm 2023." Since "hoàn thành xuất sắc" presupposes the criteria of
//! "hoàn thành tốt" (Nghị định 90/2020/NĐ-CP), the effective ceiling is "Hoàn thành nhiệm vụ" (our reading,
//! shown as an interpretation with the quote). Nghị định 48/2023/NĐ-CP [V]: anyone disciplined in the assessment
//! year is rated "Không hoàn thành nhiệm vụ". Reminded and one late dossier short of the threshold: at risk.

use super::assessment::{Assessment, Finding};
use super::{Context, Trace};
use crate::model::{Rating, Text};

pub fn apply(a: &mut Assessment, ctx: &Context, t: &mut impl Trace) {
    let s = &ctx.profile.rating_cap;
    let n = ctx.profile.repeat.min_late.value;
    a.max_rating = Rating::XuatSac;
    if a.repeat {
        a.max_rating = s.repeat_cap.value;
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
        t.cite(|| s.repeat_cap.citation());
    }
    if a.disciplined {
        a.max_rating = s.disciplined_cap.value;
        t.step(|| {
            Text::new(
                format!("Bị kỷ luật trong năm đánh giá: xếp loại \"{}\".", a.max_rating.label_vi()),
                format!("Disciplined in the assessment year: rated \"{}\".", a.max_rating.label_en()),
            )
        });
        t.cite(|| s.disciplined_cap.citation());
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
            if a.reminded.is_some() && !a.repeat && !a.disciplined && n >= 1 && a.figures.late == n - 1 {
                t.step(|| {
                    Text::new(
                        format!(
                            "Cần lưu ý: đã bị nhắc nhở và có {} hồ sơ trễ; thêm 1 hồ sơ trễ nữa sẽ bị giới hạn \
                        ở \"{}\".",
                            a.figures.late,
                            s.repeat_cap.value.label_vi()
                        ),
                        format!(
                            "At risk: reminded, with {} late dossiers; one more and the cap \"{}\" \
                        applies.",
                            a.figures.late,
                            s.repeat_cap.value.label_en()
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
