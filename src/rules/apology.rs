//! The apology owed for a late dossier.
//!
//! Thông tư 01/2018/TT-VPCP, Mẫu số 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả" [V]: the agency that caused the
//! delay sends the applicant a written apology with the reason and a new date. From 01/07/2025 the instrument is
//! Thông tư 03/2025/TT-VPCP, whose form 04 is "Văn bản xin lỗi và đề nghị gia hạn" [V2]. The instrument cited is
//! the one in force on the dossier's receipt date (its due date when the receipt date is unknown). Only where the
//! log shows it (an apology column, or a re-appointed date) can a missing apology be flagged.

use super::lateness::Lateness;
use super::{Context, Trace};
use crate::model::{Dossier, Text};
use chrono::NaiveDate;
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
    let s = &ctx.profile.apology;
    let reference = d.received.map(|m| m.date).unwrap_or(lateness.due.date);
    let form = if reference < NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or(NaiveDate::MIN) {
        &s.before_2025_07_01
    } else {
        &s.from_2025_07_01
    };
    t.cite(|| form.citation());
    let status = match (d.apology, d.extended_due) {
        (Some(true), _) | (None, Some(_)) => ApologyStatus::Given,
        (Some(false), Some(_)) => ApologyStatus::Given,
        (Some(false), None) => ApologyStatus::Missing,
        (None, None) => ApologyStatus::Unknown,
    };
    t.step(|| match status {
        ApologyStatus::Given => Text::new(
            format!("Hồ sơ trễ hạn có ghi nhận xin lỗi / hẹn lại ({}, {}).", form.value, form.document),
            format!("The late dossier records an apology / re-appointment ({}, {}).", form.value, form.document),
        ),
        ApologyStatus::Missing => Text::new(
            format!("Hồ sơ trễ hạn chưa có văn bản xin lỗi theo {} ({}).", form.value, form.document),
            format!("The late dossier has no apology letter as required by {} ({}).", form.value, form.document),
        ),
        _ => Text::new(
            format!("Dữ liệu không cho biết đã gửi văn bản xin lỗi ({}, {}) hay chưa.", form.value, form.document),
            format!("The data does not say whether an apology ({}, {}) was sent.", form.value, form.document),
        ),
    });
    status
}
