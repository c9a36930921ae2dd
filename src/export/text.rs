//! A readable Vietnamese summary of a report, for the terminal.

use crate::ingest::Field;
use crate::model::{fmt_date, ViNum};
use crate::report::commendation::{Commendations, Who};
use crate::report::{AssessmentOut, Report};
use crate::rules::assessment::Finding;
use std::fmt::Write;

/// "66,7%": one decimal, a decimal comma.
fn pct(r: Option<f64>) -> String {
    r.map(|r| format!("{r:.1}%").replace('.', ",")).unwrap_or_else(|| "—".into())
}

fn who(a: &AssessmentOut) -> String {
    if a.name.key == a.unit.key {
        format!("Đơn vị {}", a.unit.display)
    } else {
        format!("{} ({})", a.name.display, a.unit.display)
    }
}

pub fn to_text(r: &Report) -> String {
    let mut s = String::new();
    let s_ = &mut s;
    let _ = writeln!(s_, "ĐÚNG HẸN — KẾT QUẢ KIỂM TRA HỒ SƠ THỦ TỤC HÀNH CHÍNH");
    let _ = writeln!(s_, "Bộ quy tắc: {}", r.profile.describe_vi(r.assessment_year));
    let _ = writeln!(
        s_,
        "Ngày đánh giá: {} · Năm đánh giá: {} · Đúng Hẹn {}",
        fmt_date(r.as_of),
        r.assessment_year,
        r.app_version
    );
    if !r.provisional_years.is_empty() {
        let years: Vec<String> = r.provisional_years.iter().map(|y| y.to_string()).collect();
        let _ = writeln!(
            s_,
            "Lưu ý: năm {} chưa có lịch nghỉ chính thức, số ngày trễ được tạm tính theo Bộ luật Lao động.",
            years.join(", ")
        );
    }
    let _ = writeln!(s_, "\nTệp đầu vào:");
    for i in &r.inputs {
        let kind = match i.kind {
            "reminded" => "danh sách nhắc nhở",
            "ratings" => "danh sách đề xuất xếp loại",
            "renames" => "danh sách đơn vị đổi tên",
            _ => "sổ hồ sơ",
        };
        let sheet = if i.sheet.is_empty() { String::new() } else { format!(" / trang \"{}\"", i.sheet) };
        let _ = writeln!(
            s_,
            "  {}{} ({kind}, {}): {} dòng — {} bản ghi, {} bị loại, {} dòng trống, {} dòng không phải dữ liệu",
            i.file, sheet, i.format, i.rows, i.dossiers, i.rejected, i.blank, i.non_data
        );
        // Which column was read as what, and the fields no column gave, by their Vietnamese names.
        let label = |name: &str| match (i.kind, crate::ingest::side_field_label(name), Field::parse(name)) {
            ("reminded" | "ratings", Some(l), _) => l.vi,
            (_, _, Some(f)) => f.label_vi().to_string(),
            _ => name.to_string(),
        };
        for m in &i.mapping {
            let _ = writeln!(s_, "    {} ← cột {} '{}'", label(&m.field), m.column, m.header);
        }
        if !i.missing.is_empty() {
            let missing: Vec<String> = i.missing.iter().map(|n| label(n)).collect();
            let _ = writeln!(s_, "    thiếu cột: {}", missing.join(", "));
        }
        for w in &i.warnings {
            let _ = writeln!(s_, "    cảnh báo: {}", w.vi);
        }
        // The rows that are no dossiers, one by one.
        for x in &i.non_data_rows {
            let _ = writeln!(s_, "    không phải dữ liệu: dòng {} — {}: '{}'", x.source.row, x.reason, x.text);
        }
        let unlisted = (i.non_data as usize).saturating_sub(i.non_data_rows.len());
        if unlisted > 0 && !i.non_data_rows.is_empty() {
            let _ = writeln!(s_, "    không phải dữ liệu: … và {unlisted} dòng khác");
        }
    }
    let m = &r.summary;
    let _ = writeln!(s_, "\nTổng hợp: {} hồ sơ được kiểm tra", m.dossiers);
    let _ = writeln!(
        s_,
        "  Trước hạn: {} · Đúng hạn: {} · Trễ hạn: {} · Đang giải quyết trong hạn: {} · Đang giải quyết quá hạn: {}",
        m.early, m.on_time, m.late, m.pending_within, m.pending_overdue
    );
    let _ = writeln!(s_, "  Tỷ lệ giải quyết đúng hạn (trên hồ sơ đã giải quyết): {}", pct(m.on_time_rate));
    let _ = writeln!(
        s_,
        "  Dòng bị loại: {} · Hồ sơ trùng đã gộp: {} · Mã hồ sơ trùng khác nội dung: {}",
        m.rejected_rows, m.duplicates_merged, m.conflicts
    );
    let _ = writeln!(
        s_,
        "  Hẹn trả muộn hơn quy định: {} · Trễ hạn chưa xin lỗi: {}",
        m.statutory_too_late, m.apology_missing
    );
    let _ = writeln!(s_, "  Vi phạm giới hạn xếp loại: {} · Cần lưu ý: {}", m.violations, m.at_risk);
    if m.stopped > 0 {
        let _ = writeln!(s_, "  Dừng giải quyết (không tính trễ hạn, không tính đang giải quyết): {}", m.stopped);
    }

    let late: Vec<_> = r.dossiers.iter().filter(|d| d.verdict.status.is_overdue()).collect();
    if !late.is_empty() {
        let _ = writeln!(s_, "\nHồ sơ trễ hạn và quá hạn ({}):", late.len());
        for d in late {
            let _ = writeln!(
                s_,
                "  {} · {} · {} · hẹn {} · {} · {} ngày làm việc · {} dòng {}",
                d.code,
                d.unit.display,
                if d.officer.is_empty() { "—" } else { d.officer.display.as_str() },
                d.due.map(|m| m.display_vi()).unwrap_or_default(),
                d.verdict.status.label_vi(),
                d.verdict.late_working_days,
                d.source.file,
                d.source.row
            );
        }
    }
    let flagged: Vec<&AssessmentOut> =
        r.officers.iter().chain(&r.units).filter(|a| a.finding != Finding::Ok || a.repeat).collect();
    if !flagged.is_empty() {
        let _ = writeln!(s_, "\nKiểm tra xếp loại:");
        for a in flagged {
            let _ = writeln!(
                s_,
                "  [{}] {} — năm {}: {} hồ sơ trễ; mức tối đa \"{}\"; đề xuất \"{}\"",
                a.finding.label_vi(),
                who(a),
                a.year,
                a.late,
                a.max_rating.label_vi(),
                a.proposed_rating.map(|p| p.label_vi()).unwrap_or("—")
            );
            for step in &a.explanation.steps {
                let _ = writeln!(s_, "      · {}", step.vi);
            }
            for c in &a.explanation.citations {
                let _ = writeln!(s_, "      căn cứ: {c}");
            }
        }
    }
    scores(s_, r);
    if !r.rejected_rows.is_empty() {
        let _ = writeln!(s_, "\nDòng bị loại ({}):", r.rejected_rows.len());
        for x in &r.rejected_rows {
            let sheet = if x.source.sheet.is_empty() { String::new() } else { format!(" / {}", x.source.sheet) };
            let _ = writeln!(
                s_,
                "  {}{} / dòng {} / cột \"{}\": {} — {}",
                x.source.file, sheet, x.source.row, x.column, x.value, x.reason
            );
        }
    }
    for c in &r.conflicts {
        let _ = writeln!(s_, "  Trùng mã: {}", c.message);
    }
    s
}

/// Nghị định 335/2025: each officer's and unit's figures by month and quarter, then the flags with their "why?".
fn scores(s_: &mut String, r: &Report) {
    if r.scores.is_empty() {
        return;
    }
    let _ = writeln!(
        s_,
        "\nĐiểm tiến độ theo Nghị định 335/2025/NĐ-CP (từ sổ hồ sơ; điểm là mức cao nhất có thể, coi tiêu chí chung và \
        chất lượng đạt tối đa):"
    );
    let _ = writeln!(
        s_,
        "  Cán bộ / đơn vị · kỳ: giao · hoàn thành · đúng hạn · trễ · lần chậm · số lượng % · tiến độ % · điểm tối đa · mức"
    );
    for sc in &r.scores {
        let who = if sc.is_unit() {
            format!("[đơn vị] {}", sc.unit.display)
        } else {
            format!("{} ({})", sc.name.display, sc.unit.display)
        };
        let _ = writeln!(
            s_,
            "  {who} · {}: {} · {} · {} · {} · {} · {} · {} · {} · {}",
            crate::rules::scoring::period_vi(&sc.period),
            sc.assigned,
            sc.finished,
            sc.on_time,
            sc.late,
            sc.delays,
            ViNum(sc.quantity_pct),
            ViNum(sc.progress_pct),
            ViNum(sc.points_upper),
            sc.band_upper.label_vi()
        );
    }
    if !r.score_flags.is_empty() {
        let _ = writeln!(s_, "\nKiểm tra đề xuất xếp loại theo Nghị định 335/2025/NĐ-CP ({}):", r.score_flags.len());
        for f in &r.score_flags {
            let who = if f.name.is_empty() {
                format!("đơn vị {}", f.unit.display)
            } else {
                format!("{} ({})", f.name.display, f.unit.display)
            };
            let _ = writeln!(s_, "  {who}: {}", f.message.vi);
            for step in &f.explanation.steps {
                let _ = writeln!(s_, "      · {}", step.vi);
            }
            for c in &f.explanation.citations {
                let _ = writeln!(s_, "      căn cứ: {c}");
            }
        }
    }
}

/// The commendation list of a period (biểu dương, issue 21) with its criteria and each line's evidence.
pub fn commendations_text(c: &Commendations) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\nĐề nghị biểu dương — {} ({}):", c.period_label, c.counts_vi());
    let _ = writeln!(s, "  Tiêu chí (cài đặt): {}; căn cứ: {}.", c.settings.label_vi(), c.settings.citation);
    for x in &c.list {
        let who = match x.who.kind {
            Who::Officer => format!("{} ({})", x.who.name, x.who.unit),
            Who::Unit => format!("Tập thể {}", x.who.name),
        };
        let _ = writeln!(s, "  {who}");
        for step in &x.explanation.steps {
            let _ = writeln!(s, "      · {}", step.vi);
        }
    }
    s
}
