//! The training tour: one step per rule, each pointing at a concrete row of the report it runs on (the sample
//! data, or the user's own files).

//!
//! The steps are made in the worker, which holds the report, and cross to the page with the check's result.

use super::format;
use super::table::{Tab, WhyKind};
use crate::model::Text;
use crate::model::{Moment, Status};
use crate::report::Report;
use crate::rules::apology::ApologyStatus;
use crate::rules::repeat::Finding;
use chrono::Datelike;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TourTarget {
    /// Open "why?" for a dossier, officer or unit of the report (by index).
    Why(WhyKind, u32),
    Tab(Tab),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TourStep {
    pub title: Text,
    pub text: Text,
    pub target: Option<TourTarget>,
}

fn m(vi: String, en: String) -> Text {
    Text { vi, en }
}

fn d(x: Option<Moment>) -> String {
    x.map(|m| m.display_vi()).unwrap_or_else(|| "—".into())
}

fn why(kind: WhyKind, i: usize) -> Option<TourTarget> {
    Some(TourTarget::Why(kind, i as u32))
}

pub fn steps(r: &Report) -> Vec<TourStep> {
    let as_of = format::date(r.as_of);
    let mut out = Vec::new();
    // Lateness across days off: prefer a late dossier whose delay spans a holiday (finished a week or more after
    // the due date, but late only a day or two). The four kinds of dossier the tour shows are found in one pass
    // over the rows (a million of them, in the browser's check), days counted as integers.
    let day = |m: Option<Moment>| m.map(|m| i64::from(m.date.num_days_from_ce()));
    let (mut late, mut overdue, mut too_late, mut no_apology) = (None, None, None, None);
    let mut best = i64::MIN;
    for (i, x) in r.dossiers.iter().enumerate() {
        let v = &x.verdict;
        if v.status == Status::Late {
            let span = match (day(x.due), day(x.finished.or(x.returned))) {
                (Some(a), Some(b)) => b - a,
                _ => 0,
            } - i64::from(v.late_working_days);
            // The last of equals, as `max_by_key` chose before.
            if span >= best {
                (best, late) = (span, Some((i, x)));
            }
        }
        if overdue.is_none() && v.status == Status::PendingOverdue {
            overdue = Some((i, x));
        }
        if too_late.is_none() && v.statutory.as_ref().is_some_and(|s| s.too_late) {
            too_late = Some((i, x));
        }
        if no_apology.is_none() && v.apology == ApologyStatus::Missing {
            no_apology = Some((i, x));
        }
    }
    if let Some((i, x)) = late {
        out.push(TourStep {
            title: m("Trễ hạn tính bằng ngày làm việc".into(), "Lateness counts working days".into()),
            text: m(
                format!(
                    "Hồ sơ {} hẹn trả ngày {}, hoàn thành {}. Thứ Bảy, Chủ nhật và ngày nghỉ lễ không tính: trễ {} \
                        ngày làm việc. Bấm \"Vì sao?\" để xem từng ngày được bỏ qua.",
                    x.code,
                    d(x.due),
                    d(x.finished.or(x.returned)),
                    x.verdict.late_working_days
                ),
                format!(
                    "Dossier {} was due on {} and finished {}. Weekends and public holidays do not count: {} working \
                        day(s) late. Press \"Why?\" to see each day skipped.",
                    x.code,
                    d(x.due),
                    d(x.finished.or(x.returned)),
                    x.verdict.late_working_days
                ),
            ),
            target: why(WhyKind::Dossier, i),
        });
    }
    if let Some((i, x)) = overdue {
        out.push(TourStep {
            title: m("Chưa xong và đã quá hạn".into(), "Not finished and overdue".into()),
            text: m(
                format!(
                    "Hồ sơ {} hẹn trả {} nhưng đến ngày tính ({}) vẫn chưa có kết quả: \"Đang giải quyết quá \
                    hạn\", tính như trễ hạn cho cán bộ.",
                    x.code,
                    d(x.due),
                    as_of
                ),
                format!(
                    "Dossier {} was due {} and had no result by the as-of date ({}): \"pending, overdue\", counted \
                    against the officer like a late one.",
                    x.code,
                    d(x.due),
                    as_of
                ),
            ),
            target: why(WhyKind::Dossier, i),
        });
    }
    if let Some((i, x)) = too_late {
        out.push(TourStep {
            title: m("Ngày hẹn muộn hơn luật cho phép".into(), "An appointment later than the law allows".into()),
            text: m(
                format!(
                    "Hồ sơ {}: ngày hẹn trả {} muộn hơn thời hạn giải quyết theo quy định, tính từ ngày sau ngày \
                    tiếp nhận.",
                    x.code,
                    d(x.due)
                ),
                format!(
                    "Dossier {}: the due date {} is later than the statutory time allows, counted from the day \
                    after receipt.",
                    x.code,
                    d(x.due)
                ),
            ),
            target: why(WhyKind::Dossier, i),
        });
    }
    if let Some((i, x)) = no_apology {
        out.push(TourStep {
            title: m("Trễ hạn phải có phiếu xin lỗi".into(), "A late dossier needs an apology letter".into()),
            text: m(
                format!("Hồ sơ {} trễ hạn mà nhật ký ghi không có phiếu xin lỗi và hẹn lại.", x.code),
                format!("Dossier {} is late and the log records no apology and re-appointment letter.", x.code),
            ),
            target: why(WhyKind::Dossier, i),
        });
    }
    if let Some(x) = r.rejected_rows.first() {
        out.push(TourStep {
            title: m(
                "Dòng không đọc được thì được liệt kê, không bị bỏ lặng lẽ".into(),
                "Unreadable rows are listed, never dropped silently".into(),
            ),
            text: m(
                format!("{}, dòng {}, cột \"{}\" ('{}'): {}", x.source.file, x.source.row, x.column, x.value, x.reason),
                format!(
                    "{}, row {}, column \"{}\" ('{}'): {}",
                    x.source.file, x.source.row, x.column, x.value, x.reason_en
                ),
            ),
            target: Some(TourTarget::Tab(Tab::Rejected)),
        });
    }
    let assessments = r
        .officers
        .iter()
        .enumerate()
        .map(|(i, a)| (WhyKind::Officer, i, a))
        .chain(r.units.iter().enumerate().map(|(i, a)| (WhyKind::Unit, i, a)));
    if let Some((kind, i, a)) = assessments.clone().find(|(_, _, a)| a.finding == Finding::Violation) {
        let (name, unit) = (&a.name.display, &a.unit.display);
        out.push(TourStep {
            title: m("Tái phạm nhiều lần: giới hạn mức xếp loại".into(), "Repeated lateness caps the rating".into()),
            text: m(
                format!(
                    "{} ({}) đã bị nhắc nhở năm trước và năm {} có {} hồ sơ trễ: mức cao nhất là \"{}\", nhưng đề \
                        xuất \"{}\" — vượt giới hạn.",
                    name,
                    unit,
                    a.year,
                    a.late,
                    a.max_rating.label_vi(),
                    a.proposed_rating.map(|p| p.label_vi()).unwrap_or("—")
                ),
                format!(
                    "{} ({}) was reminded last year and has {} late dossiers in {}: the highest allowed rating \
                        is \"{}\", but \"{}\" was proposed — above the cap.",
                    name,
                    unit,
                    a.late,
                    a.year,
                    a.max_rating.label_en(),
                    a.proposed_rating.map(|p| p.label_en()).unwrap_or("—")
                ),
            ),
            target: why(kind, i),
        });
    }
    if let Some((_, i, a)) =
        assessments.filter(|(kind, _, _)| *kind == WhyKind::Officer).find(|(_, _, a)| a.finding == Finding::AtRisk)
    {
        let name = &a.name.display;
        out.push(TourStep {
            title: m(
                "Có nguy cơ: còn một hồ sơ nữa là tái phạm".into(),
                "At risk: one more late dossier makes a repeat".into(),
            ),
            text: m(
                format!(
                    "{} đã bị nhắc nhở năm trước và có {} hồ sơ trễ: thêm một hồ sơ trễ nữa sẽ bị giới hạn xếp loại.",
                    name, a.late
                ),
                format!(
                    "{} was reminded last year and has {} late dossier(s): one more and the rating is capped.",
                    name, a.late
                ),
            ),
            target: why(WhyKind::Officer, i),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckRequest, InputFile};

    /// The sample's report, made by the check itself (not through `engine`, which depends on `view`, which
    /// depends on this module).
    fn sample_report() -> Report {
        let file = |name: &'static str, bytes: &'static [u8]| InputFile { name, bytes };
        let req = CheckRequest {
            reminded: Some(file("nhac_nho_mau_2022.xlsx", include_bytes!("../../www/sample/nhac_nho_mau_2022.xlsx"))),
            ratings: Some(file("xep_loai_mau_2023.xlsx", include_bytes!("../../www/sample/xep_loai_mau_2023.xlsx"))),
            ..CheckRequest::new(
                vec![file("ho_so_mau_2023.xlsx", include_bytes!("../../www/sample/ho_so_mau_2023.xlsx"))],
                crate::profile::Profile::default_profile(),
                chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            )
        };
        crate::check::report(&req).unwrap()
    }

    #[test]
    fn the_sample_tour_points_at_concrete_rows() {
        let s = steps(&sample_report());
        assert!(s.len() >= 5, "{s:#?}");
        assert!(s[0].text.vi.contains("H08.22-230414-0009"), "the holiday case first: {}", s[0].text.vi);
        assert!(s.iter().any(|x| x.target == Some(TourTarget::Tab(Tab::Rejected))));
        assert!(s.iter().any(|x| x.title.en.contains("caps the rating")));
    }
}
