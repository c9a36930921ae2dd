//! A roll-up as Vietnamese text for the terminal: periods as the check prints them, decimal commas.

use super::{dec_vi, pct_vi, AgencyRow, Rollup, Seal};
use crate::model::fmt_date;
use crate::report::commendation::Who;
use std::fmt::Write;

fn line(s: &mut String, name: &str, a: &AgencyRow) {
    let r = &a.results;
    let _ = writeln!(
        s,
        "  {name}\n      nhận {} (trực tuyến {}, trực tiếp {}, kỳ trước {}) · đã giải quyết {} (trước hạn {}, đúng hạn {}, \
         quá hạn {}) · đang giải quyết trong hạn {}, quá hạn {}\n      tỷ lệ đúng hạn {} · điểm tiến độ {} · trễ hạn \
         chưa xin lỗi {} · bị giới hạn xếp loại {} cá nhân, {} tập thể · đề xuất có nguy cơ {}, vi phạm {}",
        r.received_total,
        r.received_online,
        r.received_direct,
        r.carried_over,
        r.resolved_total,
        r.early,
        r.on_time,
        r.late,
        r.pending_within,
        r.pending_overdue,
        pct_vi(r.on_time_rate),
        r.progress_score.map(dec_vi).unwrap_or_else(|| "—".into()),
        a.late_without_apology,
        a.capped_officers,
        a.capped_units,
        a.at_risk,
        a.violations,
    );
}

pub fn to_text(r: &Rollup) -> String {
    let mut s = String::new();
    let s_ = &mut s;
    let _ = writeln!(s_, "ĐÚNG HẸN — TỔNG HỢP KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH");
    match &r.period {
        Some(p) => {
            let _ = writeln!(s_, "Kỳ báo cáo: {}", p.label);
        }
        None => {
            let _ = writeln!(s_, "Không đọc được báo cáo nào.");
        }
    }
    if let Some(rs) = &r.rule_set {
        let _ = writeln!(s_, "Bộ quy tắc: {} ({}, phiên bản {})", rs.name, rs.id, rs.version);
    }
    let summed = r.included().count();
    let _ = writeln!(
        s_,
        "Đúng Hẹn {} · {} tệp · cộng {summed}/{} báo cáo",
        r.app_version,
        r.files.len(),
        r.reports().count()
    );

    let m = &r.summary;
    let _ = writeln!(s_, "\nTổng hợp: {} hồ sơ được kiểm tra", m.dossiers);
    let _ = writeln!(
        s_,
        "  Trước hạn: {} · Đúng hạn: {} · Trễ hạn: {} · Đang giải quyết trong hạn: {} · Đang giải quyết quá hạn: {}",
        m.early, m.on_time, m.late, m.pending_within, m.pending_overdue
    );
    let _ = writeln!(s_, "  Tỷ lệ giải quyết đúng hạn (trên hồ sơ đã giải quyết): {}", pct_vi(m.on_time_rate));

    let _ = writeln!(s_, "\nTheo cơ quan, đơn vị:");
    for a in r.included() {
        let mut name = a.row.results.name.clone();
        if let Some(k) = a.rank {
            name = format!("{k}. {name}");
        }
        match a.seal {
            Seal::Intact => {}
            Seal::Edited => name.push_str(" [số liệu bị sửa sau kiểm tra]"),
            Seal::Unsealed => name.push_str(" [không có mã niêm phong]"),
        }
        if let Some(l) = &a.last_year {
            name.push_str(&format!(" (cùng kỳ năm trước: tỷ lệ đúng hạn {})", pct_vi(l.results.on_time_rate)));
        }
        line(s_, &name, &a.row);
    }
    line(s_, "TỔNG CỘNG", &r.total);

    if r.by_field.len() > 1 {
        let _ = writeln!(s_, "\nTheo lĩnh vực:");
        for f in &r.by_field {
            let _ = writeln!(
                s_,
                "  {}: nhận {} · đã giải quyết {} (quá hạn {}) · tỷ lệ đúng hạn {}",
                f.name,
                f.received_total,
                f.resolved_total,
                f.late,
                pct_vi(f.on_time_rate)
            );
        }
    }

    let c = &r.commendations;
    let _ = writeln!(s_, "\nĐề nghị biểu dương ({}): {}", c.list.len(), c.settings.label_vi());
    for x in &c.list {
        let who = match x.who.kind {
            Who::Officer => format!("{} ({})", x.who.name, x.who.unit),
            Who::Unit => format!("Tập thể {}", x.who.name),
        };
        let _ = writeln!(
            s_,
            "  {who} — {}: {} hồ sơ ({} trước hạn, {} đúng hạn, {} đang giải quyết trong hạn)",
            x.who.agency, x.dossiers, x.who.early, x.who.on_time, x.who.pending
        );
    }

    let _ = writeln!(s_, "\nĐề nghị nhắc nhở năm sau ({}):", r.reminders.len());
    for x in &r.reminders {
        let who =
            if x.name.is_empty() { format!("Tập thể {}", x.unit) } else { format!("{} ({})", x.name, x.unit) };
        let _ = writeln!(s_, "  {who} — {}: {}", x.agency, x.note);
    }

    if !r.problems.is_empty() {
        let _ = writeln!(s_, "\nVấn đề cần xem lại ({}):", r.problems.len());
        for p in &r.problems {
            let files = if p.files.is_empty() { String::new() } else { format!(" [{}]", p.files.join(", ")) };
            let _ = writeln!(s_, "  {}{files}: {}", p.kind.label_vi(), p.message.vi);
        }
    }
    let dates: Vec<String> = {
        let mut d: Vec<_> = r.included().map(|a| a.provenance.as_of).collect();
        d.sort();
        d.dedup();
        d.into_iter().map(fmt_date).collect()
    };
    if !dates.is_empty() {
        let _ = writeln!(s_, "\nNgày đánh giá của các báo cáo: {}", dates.join(", "));
    }
    s
}
