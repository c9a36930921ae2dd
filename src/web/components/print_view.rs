//! The A4 print layout: national motto, title, period, tables, signature blocks; hidden on screen. The counts
//! and units are the last answer's (the period shown), the late dossiers the worker's list for the period.

use crate::web::query::{PrintAnswer, ViewAnswer};
use crate::web::table::{PeriodSpec, StatusCounts};
use crate::web::view::ViewReport;
use crate::web::{format, Lang};
use chrono::Datelike;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PrintViewProps {
    pub report: Rc<ViewReport>,
    pub view: Option<Rc<ViewAnswer>>,
    pub print: Option<Rc<PrintAnswer>>,
    pub period: PeriodSpec,
    /// The letterhead: agency and place (dotted lines to fill in by hand when empty).
    pub agency: String,
    pub place: String,
}

#[function_component(PrintView)]
pub fn print_view(p: &PrintViewProps) -> Html {
    let r = &p.report;
    let (counts, units) = match &p.view {
        Some(v) => (v.counts, v.units.as_slice()),
        None => (StatusCounts::default(), &[][..]),
    };
    let (late, more) = match &p.print {
        Some(x) => (x.late.as_slice(), x.more),
        None => (&[][..], 0),
    };
    let lang = Lang::Vi;
    let agency = if p.agency.is_empty() { "……………………".to_string() } else { p.agency.clone() };
    let place = if p.place.is_empty() { "……………".to_string() } else { p.place.clone() };
    let d = chrono::NaiveDate::parse_from_str(&r.as_of, "%Y-%m-%d").unwrap_or_default();
    let dated = format!("{place}, ngày {:02} tháng {:02} năm {}", d.day(), d.month(), d.year());
    let period = format!("Kỳ báo cáo: {} · tính đến ngày {}", p.period.label(lang), format::iso_to_vi(&r.as_of));
    // The rule set (chosen how, the years it covers, the document it is carried forward by) and the provisional
    // years: printed on every output.
    let rules = format!("Bộ quy tắc: {}", r.profile_about.vi);
    let provisional = (!r.provisional_years.is_empty()).then(|| {
        html! { <p class="center" id="print-provisional">{ super::results::provisional_text(lang, &r.provisional_years) }</p> }
    });
    let unit_rows = units.iter().enumerate().map(|(i, g)| {
        let c = &g.counts;
        html! { <tr>
            <td>{ i + 1 }</td><td>{ &g.name }</td><td>{ c.dossiers }</td><td>{ c.early + c.on_time }</td>
            <td>{ c.late }</td><td>{ c.pending_overdue }</td><td>{ format::percent(c.on_time_rate(), lang) }</td>
        </tr> }
    });
    let late_rows = late.iter().enumerate().map(|(i, d)| {
        html! { <tr>
            <td>{ i + 1 }</td><td>{ &d.code }</td><td>{ &d.unit }</td><td>{ &d.officer }</td><td>{ &d.due }</td>
            <td>{ &d.finished }</td><td>{ d.late }</td>
        </tr> }
    });
    let more = (more > 0).then(|| {
        let text =
            format!("… và {} hồ sơ khác: danh sách đầy đủ trong báo cáo Excel.", format::number(more.into(), lang));
        html! { <p class="more">{ text }</p> }
    });
    let score_flags = (!r.score_flags.is_empty()).then(|| {
        html! { <>
            <h2>{ "4. Cảnh báo xếp loại theo Nghị định 335/2025/NĐ-CP" }</h2>
            <ul id="print-score-flags">{ for r.score_flags.iter().map(|f| html! { <li>{ &f.vi }</li> }) }</ul>
        </> }
    });
    // The renamed units list: each match made ("Phòng X → Phòng Y từ 01/07/2025 (dòng 2 …)") or why none was.
    let renames = (!r.renames.is_empty()).then(|| {
        html! { <>
            <h2>{ "Đơn vị đổi tên, sáp nhập" }</h2>
            <ul id="print-renames">{ for r.renames.iter().map(|m| html! { <li>{ &m.vi }</li> }) }</ul>
        </> }
    });
    html! {
        <div id="print-view" class="print-only" lang="vi">
            <table class="motto"><tr>
                <td><strong>{ agency }</strong></td>
                <td>
                    <strong>{ "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" }</strong><br/>
                    <strong class="u">{ "Độc lập - Tự do - Hạnh phúc" }</strong>
                </td>
            </tr></table>
            <p class="place">{ dated }</p>
            <h1>{ "BÁO CÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH" }</h1>
            <p class="center">{ period }</p>
            <p class="center" id="print-rules">{ rules }</p>
            { provisional.unwrap_or_default() }
            <h2>{ "1. Tổng hợp" }</h2>
            <table class="grid"><tbody>
                <tr>
                    <th>{ "Tổng số hồ sơ" }</th><td>{ counts.dossiers }</td>
                    <th>{ "Tỉ lệ đúng hạn" }</th><td>{ format::percent(counts.on_time_rate(), lang) }</td>
                </tr>
                <tr>
                    <th>{ "Trước hạn" }</th><td>{ counts.early }</td>
                    <th>{ "Đúng hạn" }</th><td>{ counts.on_time }</td>
                </tr>
                <tr>
                    <th>{ "Trễ hạn" }</th><td>{ counts.late }</td>
                    <th>{ "Đang giải quyết quá hạn" }</th><td>{ counts.pending_overdue }</td>
                </tr>
                <tr>
                    <th>{ "Dòng bị loại" }</th><td>{ r.summary.rejected_rows }</td>
                    <th>{ "Vi phạm giới hạn xếp loại" }</th><td>{ r.summary.violations }</td>
                </tr>
            </tbody></table>
            <h2>{ "2. Theo đơn vị" }</h2>
            <table class="grid">
                <thead><tr>
                    <th>{ "STT" }</th><th>{ "Đơn vị" }</th><th>{ "Số hồ sơ" }</th><th>{ "Trước/đúng hạn" }</th>
                    <th>{ "Trễ hạn" }</th><th>{ "Quá hạn" }</th><th>{ "Tỉ lệ đúng hạn" }</th>
                </tr></thead>
                <tbody>{ for unit_rows }</tbody>
            </table>
            <h2>{ "3. Hồ sơ trễ hạn, quá hạn" }</h2>
            <table class="grid">
                <thead><tr>
                    <th>{ "STT" }</th><th>{ "Mã hồ sơ" }</th><th>{ "Đơn vị" }</th><th>{ "Cán bộ" }</th>
                    <th>{ "Hẹn trả" }</th><th>{ "Hoàn thành" }</th><th>{ "Số ngày trễ" }</th>
                </tr></thead>
                <tbody>{ for late_rows }</tbody>
            </table>
            { more.unwrap_or_default() }
            { score_flags.unwrap_or_default() }
            { renames.unwrap_or_default() }
            <table class="signatures"><tr>
                <td><strong>{ "NGƯỜI LẬP BIỂU" }</strong><br/><em>{ "(Ký, ghi rõ họ tên)" }</em></td>
                <td><strong>{ "THỦ TRƯỞNG ĐƠN VỊ" }</strong><br/><em>{ "(Ký tên, đóng dấu)" }</em></td>
            </tr></table>
        </div>
    }
}
