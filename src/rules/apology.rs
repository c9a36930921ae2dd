//! The apology owed for a late dossier.
//!
//! Thông tư 01/2018/TT-VPCP, Mẫu số 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả" [V]: the agency that caused the
//! delay sends the applicant a written apology with the reason and a new date. Thông tư 03/2025/TT-VPCP (issued
//! 15/09/2025, under Nghị định 118/2025) renumbers the forms: its Mẫu số 04 is "Văn bản xin lỗi và đề nghị gia hạn
//! thời gian giải quyết" [V2]. Between 01/07/2025 and 14/09/2025 which form applies is not settled [U]. The form
//! cited is the profile's dated `apology.form` on the dossier's receipt date (its due date when the receipt date is
//! unknown). Only where the log shows it (an apology column, or a re-appointed date) can a missing apology be
//! flagged.

use super::lateness::Lateness;
use super::{Context, Trace};
use crate::model::{Dossier, Text};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApologyStatus {
    /// Not late: no apology owed.
    NotNeeded,
    /// Late, and the log shows an apology or a re-appointment.
    Given,
    /// Late, and the log's apology column says none was sent.
    Missing,
    /// Late, and the log does not say.
    Unknown,
}

impl ApologyStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            ApologyStatus::NotNeeded => "Không cần",
            ApologyStatus::Given => "Đã xin lỗi / hẹn lại",
            ApologyStatus::Missing => "Chưa xin lỗi",
            ApologyStatus::Unknown => "Không có dữ liệu",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            ApologyStatus::NotNeeded => "Not needed",
            ApologyStatus::Given => "Apologised / re-appointed",
            ApologyStatus::Missing => "No apology",
            ApologyStatus::Unknown => "Not in the data",
        }
    }
}

pub fn check(d: &Dossier, lateness: &Lateness, ctx: &Context, t: &mut impl Trace) -> ApologyStatus {
    if !lateness.status.is_overdue() {
        return ApologyStatus::NotNeeded;
    }
    // The date the one-stop law attaches to, as the lateness rule asks it: the receipt date, else the original due
    // date (never the re-appointment date, which the apology itself sets).
    let on = super::one_stop_date(d).unwrap_or(lateness.due.date);
    let form = ctx.profile.apology.form.at(on);
    t.cite(|| form.citation());
    let doc = crate::law::short(&form.source);
    let status = match (d.apology, d.extended_due) {
        (Some(true), _) | (None, Some(_)) => ApologyStatus::Given,
        (Some(false), Some(_)) => ApologyStatus::Given,
        (Some(false), None) => ApologyStatus::Missing,
        (None, None) => ApologyStatus::Unknown,
    };
    t.step(|| match status {
        ApologyStatus::Given => Text::new(
            format!("Hồ sơ trễ hạn có ghi nhận xin lỗi / hẹn lại ({}, {}).", form.value, doc),
            format!("The late dossier records an apology / re-appointment ({}, {}).", form.value, doc),
        ),
        ApologyStatus::Missing => Text::new(
            format!("Hồ sơ trễ hạn chưa có văn bản xin lỗi theo {} ({}).", form.value, doc),
            format!("The late dossier has no apology letter as required by {} ({}).", form.value, doc),
        ),
        _ => Text::new(
            format!("Dữ liệu không cho biết đã gửi văn bản xin lỗi ({}, {}) hay chưa.", form.value, doc),
            format!("The data does not say whether an apology ({}, {}) was sent.", form.value, doc),
        ),
    });
    status
}
