//! The training tour: one step per rule, each pointing at a concrete row of the report it runs on (the sample
//! data, or the user's own files).

use super::format::iso_to_vi;
use super::table::Tab;
use super::view::{Msg, ViewReport};
use crate::model::Status;

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Open "why?" for ("dossier" | "officer" | "unit", index).
    Why(&'static str, u32),
    Tab(Tab),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: Msg,
    pub text: Msg,
    pub target: Option<Target>,
}

fn m(vi: String, en: String) -> Msg {
    Msg { vi, en }
}

fn d(x: &Option<String>) -> String {
    x.as_deref().map(iso_to_vi).unwrap_or_else(|| "—".into())
}

pub fn steps(r: &ViewReport) -> Vec<Step> {
    let mut out = Vec::new();
    // Lateness across days off: prefer a late dossier whose delay spans a holiday (finished a week or more after
    // the due date, but late only a day or two).
    let late = r
        .dossiers
        .iter()
        .filter(|x| x.status == Status::Late)
        .max_by_key(|x| {
            let span = match (x.due.as_deref(), x.finished.as_deref().or(x.returned.as_deref())) {
                (Some(a), Some(b)) => day_span(a, b),
                _ => 0,
            };
            span - i64::from(x.late)
        });
    if let Some(x) = late {
        out.push(Step {
            title: m("Trễ hạn tính bằng ngày làm việc".into(), "Lateness counts working days".into()),
            text: m(
                format!(
                    "Hồ sơ {} hẹn trả ngày {}, hoàn thành {}. Thứ Bảy, Chủ nhật và ngày nghỉ lễ không tính: trễ {} ngày làm việc. Bấm \"Vì sao?\" để xem từng ngày được bỏ qua.",
                    x.code, d(&x.due), d(&x.finished.clone().or(x.returned.clone())), x.late
                ),
                format!(
                    "Dossier {} was due on {} and finished {}. Weekends and public holidays do not count: {} working day(s) late. Press \"Why?\" to see each day skipped.",
                    x.code, d(&x.due), d(&x.finished.clone().or(x.returned.clone())), x.late
                ),
            ),
            target: Some(Target::Why("dossier", x.idx)),
        });
    }
    if let Some(x) = r.dossiers.iter().find(|x| x.status == Status::PendingOverdue) {
        out.push(Step {
            title: m("Chưa xong và đã quá hạn".into(), "Not finished and overdue".into()),
            text: m(
                format!("Hồ sơ {} hẹn trả {} nhưng đến ngày tính ({}) vẫn chưa có kết quả: \"Đang giải quyết quá hạn\", tính như trễ hạn cho cán bộ.", x.code, d(&x.due), iso_to_vi(&r.as_of)),
                format!("Dossier {} was due {} and had no result by the as-of date ({}): \"pending, overdue\", counted against the officer like a late one.", x.code, d(&x.due), iso_to_vi(&r.as_of)),
            ),
            target: Some(Target::Why("dossier", x.idx)),
        });
    }
    if let Some(x) = r.dossiers.iter().find(|x| x.statutory_too_late) {
        out.push(Step {
            title: m("Ngày hẹn muộn hơn luật cho phép".into(), "An appointment later than the law allows".into()),
            text: m(
                format!("Hồ sơ {}: ngày hẹn trả {} muộn hơn thời hạn giải quyết theo quy định, tính từ ngày sau ngày tiếp nhận.", x.code, d(&x.due)),
                format!("Dossier {}: the due date {} is later than the statutory time allows, counted from the day after receipt.", x.code, d(&x.due)),
            ),
            target: Some(Target::Why("dossier", x.idx)),
        });
    }
    if let Some(x) = r.dossiers.iter().find(|x| x.apology == "missing") {
        out.push(Step {
            title: m("Trễ hạn phải có phiếu xin lỗi".into(), "A late dossier needs an apology letter".into()),
            text: m(
                format!("Hồ sơ {} trễ hạn mà nhật ký ghi không có phiếu xin lỗi và hẹn lại.", x.code),
                format!("Dossier {} is late and the log records no apology and re-appointment letter.", x.code),
            ),
            target: Some(Target::Why("dossier", x.idx)),
        });
    }
    if let Some(x) = r.rejected.first() {
        out.push(Step {
            title: m("Dòng không đọc được thì được liệt kê, không bị bỏ lặng lẽ".into(), "Unreadable rows are listed, never dropped silently".into()),
            text: m(
                format!("{}, dòng {}, cột \"{}\" ('{}'): {}", x.file, x.row, x.column, x.value, x.reason.vi),
                format!("{}, row {}, column \"{}\" ('{}'): {}", x.file, x.row, x.column, x.value, x.reason.en),
            ),
            target: Some(Target::Tab(Tab::Rejected)),
        });
    }
    if let Some(a) = r.officers.iter().chain(&r.units).find(|a| a.finding == "violation") {
        let kind = if r.officers.iter().any(|o| o.idx == a.idx && o.name == a.name) { "officer" } else { "unit" };
        out.push(Step {
            title: m("Tái phạm nhiều lần: giới hạn mức xếp loại".into(), "Repeated lateness caps the rating".into()),
            text: m(
                format!(
                    "{} ({}) đã bị nhắc nhở năm trước và năm {} có {} hồ sơ trễ: mức cao nhất là \"{}\", nhưng đề xuất \"{}\" — vượt giới hạn.",
                    a.name, a.unit, a.year, a.late, a.max_rating.label_vi(), a.proposed_rating.map(|p| p.label_vi()).unwrap_or("—")
                ),
                format!(
                    "{} ({}) was reminded last year and has {} late dossiers in {}: the highest allowed rating is \"{}\", but \"{}\" was proposed — above the cap.",
                    a.name, a.unit, a.late, a.year, a.max_rating.label_en(), a.proposed_rating.map(|p| p.label_en()).unwrap_or("—")
                ),
            ),
            target: Some(Target::Why(kind, a.idx)),
        });
    }
    if let Some(a) = r.officers.iter().find(|a| a.finding == "at_risk") {
        out.push(Step {
            title: m("Có nguy cơ: còn một hồ sơ nữa là tái phạm".into(), "At risk: one more late dossier makes a repeat".into()),
            text: m(
                format!("{} đã bị nhắc nhở năm trước và có {} hồ sơ trễ: thêm một hồ sơ trễ nữa sẽ bị giới hạn xếp loại.", a.name, a.late),
                format!("{} was reminded last year and has {} late dossier(s): one more and the rating is capped.", a.name, a.late),
            ),
            target: Some(Target::Why("officer", a.idx)),
        });
    }
    out
}

fn day_span(a: &str, b: &str) -> i64 {
    let p = |s: &str| chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(""), "%Y-%m-%d").ok();
    match (p(a), p(b)) {
        (Some(a), Some(b)) => (b - a).num_days(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::engine::{self, CheckParams, ProfileChoice, ReadChoice};

    #[test]
    fn the_sample_tour_points_at_concrete_rows() {
        let p = CheckParams {
            as_of: chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            assessment_year: None,
            read: ReadChoice::default(),
            profile: ProfileChoice::default(),
        };
        let r = engine::view(&engine::check(&engine::sample_files(), &p).unwrap());
        let s = steps(&r);
        assert!(s.len() >= 5, "{s:#?}");
        assert!(s[0].text.vi.contains("H08.22-230414-0009"), "the holiday case first: {}", s[0].text.vi);
        assert!(s.iter().any(|x| x.target == Some(Target::Tab(Tab::Rejected))));
        assert!(s.iter().any(|x| x.title.en.contains("caps the rating")));
    }
}
