//! The results of the Tổng hợp (roll-up) mode: the problems first (an edited report, mismatches: listed, never
//! summed silently), the summary cards, the province table (one line per report and the total, with the
//! ranking), the commendation list with its evidence, the province's reminder list, and the exports.

use crate::web::engine::ExportFormat;
use crate::web::province::{AgencyLine, ProvinceView};
use crate::web::state::{Action, Screen};
use crate::web::{format, Lang};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProvinceScreenProps {
    pub lang: Lang,
    pub view: Rc<ProvinceView>,
    pub exporting: Option<ExportFormat>,
    /// Files ready: (name, object URL).
    pub downloads: Vec<(String, String)>,
    pub dispatch: Callback<Action>,
}

fn num(n: u32, lang: Lang) -> String {
    format::number(n.into(), lang)
}

fn card(id: &'static str, label: &str, value: String, tone: &'static str) -> Html {
    html! {
        <div class={classes!("card", tone)}>
            <span class="label">{ label.to_string() }</span>
            <span class="value" id={format!("rollup-card-{id}")}>{ value }</span>
        </div>
    }
}

#[function_component(ProvinceScreen)]
pub fn province_screen(p: &ProvinceScreenProps) -> Html {
    let (lang, v) = (p.lang, &p.view);
    let s = &v.summary;
    let meta = format!(
        "{} {} · {} {}/{} {} · {}",
        lang.pick("Kỳ", "Period"),
        if v.period.is_empty() { "—" } else { &v.period },
        lang.pick("tổng hợp", "summed"),
        v.included,
        v.reports,
        lang.pick("báo cáo", "reports"),
        v.rule_set
    );
    html! {
        <section class="results province" id="province">
            <div class="results-head">
                <div>
                    <h2>{ lang.pick("Tổng hợp báo cáo các cơ quan", "Roll-up of the agencies' reports") }</h2>
                    <p class="meta" id="rollup-meta">{ meta }</p>
                </div>
            </div>
            { export_bar(lang, p.exporting, &p.downloads, &p.dispatch) }
            { problems(lang, v) }
            <div class="cards" id="rollup-summary">
                { card("dossiers", lang.pick("Hồ sơ", "Dossiers"), num(s.dossiers, lang), "") }
                { card("on-time", lang.pick("Tỉ lệ đúng hạn", "On-time rate"), format::percent(s.on_time_rate, lang),
                    "good") }
                { card("early", lang.pick("Trước hạn", "Early"), num(s.early, lang), "good") }
                { card("on-time-count", lang.pick("Đúng hạn", "On time"), num(s.on_time, lang), "good") }
                { card("late", lang.pick("Trễ hạn", "Late"), num(s.late, lang), "bad") }
                { card("pending-overdue", lang.pick("Đang giải quyết quá hạn", "Pending overdue"),
                    num(s.pending_overdue, lang), "bad") }
            </div>
            { agency_table(lang, v) }
            { commendations(lang, v) }
            { reminders(lang, v) }
        </section>
    }
}

/// What is listed instead of summed silently, each with its kind, files and sentence.
fn problems(lang: Lang, v: &ProvinceView) -> Html {
    if v.problems.is_empty() {
        return html! {
            <p class="hint" id="rollup-no-problems">{ lang.pick(
                "Không có báo cáo bị sửa, lệch kỳ, lệch bộ quy tắc hay trùng lặp.",
                "No edited, mismatched or overlapping report.",
            ) }</p>
        };
    }
    html! {
        <div class="problems" id="rollup-problems" role="region"
            aria-label={lang.pick("Vấn đề cần xem", "Problems to look at")}>
            <h3>{ format!("{} ({})", lang.pick("Vấn đề cần xem", "Problems to look at"), v.problems.len()) }</h3>
            <ul class="warnings">
                { for v.problems.iter().map(|x| {
                    let what = if x.excluded {
                        lang.pick("không cộng vào tổng", "left out of the totals")
                    } else {
                        lang.pick("vẫn cộng vào tổng", "summed")
                    };
                    html! {
                        <li data-kind={x.kind.clone()}>
                            <strong>{ format!("{} ({what})", x.label) }</strong>
                            { format!(": {} — {}", x.files.join(", "), lang.pick(&x.message.vi, &x.message.en)) }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

fn rate(x: Option<f64>, lang: Lang) -> String {
    format::percent(x, lang)
}

fn agency_row(lang: Lang, a: &AgencyLine, total: bool) -> Html {
    let r = &a.results;
    let state = if total {
        String::new()
    } else if !a.included {
        lang.pick("Không cộng", "Not summed").to_string()
    } else if a.edited {
        lang.pick("Số liệu bị sửa", "Edited").to_string()
    } else {
        lang.pick("Nguyên vẹn", "Intact").to_string()
    };
    let cells = [
        num(r.received_total, lang),
        num(r.received_online, lang),
        num(r.received_direct, lang),
        num(r.resolved_total, lang),
        num(r.early, lang),
        num(r.on_time, lang),
        num(r.late, lang),
        num(r.pending_within, lang),
        num(r.pending_overdue, lang),
        rate(r.on_time_rate, lang),
        a.last_year_rate.map(|x| rate(Some(x), lang)).unwrap_or_default(),
        num(a.capped, lang),
        num(a.violations, lang),
        a.rank.map(|n| n.to_string()).unwrap_or_default(),
    ];
    let tone = (!total && (a.edited || !a.included)).then_some("bad");
    let head = if total {
        html! { <th scope="row">{ &a.name }</th> }
    } else {
        html! { <th scope="row">
            { &a.name }<br /><span class="meta">{ &a.file }</span>
        </th> }
    };
    html! {
        <tr data-key={if total { "total".to_string() } else { a.file.clone() }} class={classes!(total.then_some("total"))}>
            { head }
            { for cells.into_iter().map(|c| html! { <td class="num">{ c }</td> }) }
            <td class={classes!(tone)}>{ state }</td>
        </tr>
    }
}

/// The province table: one line per report, then the total.
fn agency_table(lang: Lang, v: &ProvinceView) -> Html {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let heads = [
        l("Cơ quan", "Agency"),
        l("Tiếp nhận", "Received"),
        l("Trực tuyến", "Online"),
        l("Trực tiếp", "In person"),
        l("Đã giải quyết", "Resolved"),
        l("Trước hạn", "Early"),
        l("Đúng hạn", "On time"),
        l("Trễ hạn", "Late"),
        l("Đang giải quyết trong hạn", "Pending within time"),
        l("Đang giải quyết quá hạn", "Pending overdue"),
        l("Tỉ lệ đúng hạn", "On-time rate"),
        l("Cùng kỳ năm trước", "Same period last year"),
        l("Bị giới hạn xếp loại", "Capped"),
        l("Vi phạm xếp loại", "Rating violations"),
        l("Xếp hạng", "Rank"),
        l("Tình trạng báo cáo", "Report"),
    ];
    html! {
        <div class="table-wrap" id="rollup-agencies">
            <h3>{ l("Kết quả theo cơ quan", "Results by agency") }</h3>
            <div class="scroll">
            <table class="data">
                <thead><tr>{ for heads.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
                <tbody>
                    { for v.agencies.iter().map(|a| agency_row(lang, a, false)) }
                    { agency_row(lang, &v.total, true) }
                </tbody>
            </table>
            </div>
        </div>
    }
}

/// The commendation list with its evidence, and each line's "why?" folded under it.
fn commendations(lang: Lang, v: &ProvinceView) -> Html {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    html! {
        <div class="table-wrap" id="rollup-commend">
            <h3>{ format!("{} ({})", l("Đề nghị biểu dương", "Proposed for commendation"), v.commendations.len()) }</h3>
            <p id="rollup-commend-criteria">{ format!("{} {}.", l("Tiêu chí:", "Criteria:"),
                lang.pick(&v.commend_criteria.vi, &v.commend_criteria.en)) }</p>
            <div class="scroll">
            <table class="data">
                <thead><tr>
                    { for [l("Cơ quan", "Agency"), l("Cá nhân / tập thể", "Officer / unit"), l("Đơn vị", "Unit"),
                        l("Số hồ sơ", "Dossiers"), l("Trước hạn", "Early"), l("Đúng hạn", "On time"),
                        l("Đang giải quyết trong hạn", "Pending within time"), l("Các tháng có hồ sơ", "Months covered"),
                        l("Vì sao?", "Why?")]
                        .iter().map(|h| html! { <th scope="col">{ *h }</th> }) }
                </tr></thead>
                <tbody>
                    { for v.commendations.iter().map(|c| html! {
                        <tr data-key={format!("{}|{}|{}", c.agency, c.unit, c.name)}>
                            <td>{ &c.agency }</td>
                            <td>{ &c.name }</td>
                            <td>{ &c.unit }</td>
                            <td class="num">{ num(c.dossiers, lang) }</td>
                            <td class="num">{ num(c.early, lang) }</td>
                            <td class="num">{ num(c.on_time, lang) }</td>
                            <td class="num">{ num(c.pending, lang) }</td>
                            <td>{ &c.months }</td>
                            <td><details><summary>{ l("Vì sao?", "Why?") }</summary>
                                <ol class="steps">{ for c.why.iter().map(|s| html! {
                                    <li>{ lang.pick(&s.vi, &s.en) }</li>
                                }) }</ol>
                            </details></td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
        </div>
    }
}

/// The province's reminder list for next year.
fn reminders(lang: Lang, v: &ProvinceView) -> Html {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    html! {
        <div class="table-wrap" id="rollup-reminders">
            <h3>{ format!("{} ({})", l("Danh sách nhắc nhở năm sau", "Next year's reminder list"), v.reminders.len()) }</h3>
            <div class="scroll">
            <table class="data">
                <thead><tr>
                    { for [l("Cơ quan", "Agency"), l("Họ và tên", "Name"), l("Đơn vị", "Unit"), l("Năm", "Year"),
                        l("Số hồ sơ trễ", "Late dossiers"), l("Bị giới hạn xếp loại", "Capped"), l("Ghi chú", "Note")]
                        .iter().map(|h| html! { <th scope="col">{ *h }</th> }) }
                </tr></thead>
                <tbody>
                    { for v.reminders.iter().map(|x| html! {
                        <tr>
                            <td>{ &x.agency }</td>
                            <td>{ &x.name }</td>
                            <td>{ &x.unit }</td>
                            <td>{ x.year.to_string() }</td>
                            <td class="num">{ num(x.late, lang) }</td>
                            <td>{ if x.capped { l("Có", "Yes") } else { "" } }</td>
                            <td>{ &x.note }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
        </div>
    }
}

/// The roll-up's exports, then the files made, as download links.
fn export_bar(
    lang: Lang,
    exporting: Option<ExportFormat>,
    downloads: &[(String, String)],
    dispatch: &Callback<Action>,
) -> Html {
    let on = |a: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let busy = exporting.is_some();
    let downloads = (!downloads.is_empty()).then(|| {
        html! {
            <ul class="downloads" aria-label={lang.pick("Tệp đã tạo", "Files ready")}>
                { for downloads.iter().map(|(name, url)| html! {
                    <li><a href={url.clone()} download={name.clone()}>
                        { format!("{} {name}", lang.pick("Tải", "Download")) }
                    </a></li>
                }) }
            </ul>
        }
    });
    html! {
        <div class="exports">
            <div class="row" role="group" aria-label={lang.pick("Xuất bảng tổng hợp", "Export the roll-up")}>
                <button type="button" id="rollup-export-xlsx" class="primary" disabled={busy}
                    onclick={on(Action::RollupExport(ExportFormat::Xlsx))}>{ "Excel" }</button>
                <button type="button" id="rollup-export-json" disabled={busy}
                    onclick={on(Action::RollupExport(ExportFormat::Json))}>{ "JSON" }</button>
                <button type="button" id="rollup-export-csv" disabled={busy}
                    onclick={on(Action::RollupExport(ExportFormat::Csv))}>{ "CSV" }</button>
                <button type="button" onclick={on(Action::Go(Screen::Landing))}>
                    { lang.pick("Báo cáo khác", "Other reports") }
                </button>
            </div>
            { downloads.unwrap_or_default() }
        </div>
    }
}
