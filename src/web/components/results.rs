//! The results screen: the summary cards of the period, the period selector, the exports, the conflicts, the
//! tour, two charts and the tabs of tables, each table a page of the worker's answer.

use super::charts::{late_chart, unit_chart};
use super::commend::commend_head;
use super::data_table::DataTable;
use super::tour_panel::TourPanel;
use super::{checked, input_value, say, select_value};
use crate::web::engine::ExportFormat;
use crate::web::query::ViewAnswer;
use crate::web::state::{Action, JobKind, Screen};
use crate::web::table::{PeriodSpec, Query, Tab};
use crate::web::view::ViewReport;
use crate::web::{format, Lang};
use chrono::NaiveDate;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsScreenProps {
    pub lang: Lang,
    pub report: Rc<ViewReport>,
    /// The worker's last answer: the cards and charts show its period, the table its tab.
    pub view: Rc<ViewAnswer>,
    pub period: PeriodSpec,
    pub tab: Tab,
    /// The tab's query as the user left it.
    pub query: Query,
    /// The worker has not answered the latest question yet.
    pub busy: bool,
    /// The tour's step, when it is open.
    pub tour: Option<usize>,
    pub exporting: Option<ExportFormat>,
    /// The exports leave out the list of every dossier.
    pub without_dossiers: bool,
    /// Files ready: (name, object URL).
    pub downloads: Vec<(String, String)>,
    pub dispatch: Callback<Action>,
}

fn card(id: &'static str, label: &str, value: String, note: Option<String>, tone: &'static str) -> Html {
    html! {
        <div class={classes!("card", tone)} data-testid={id}>
            <span class="label">{ label.to_string() }</span>
            <span class="value" id={format!("card-{id}")}>{ value }</span>
            { note.map(|n| html! { <span class="note">{ n }</span> }).unwrap_or_default() }
        </div>
    }
}

#[function_component(ResultsScreen)]
pub fn results_screen(p: &ResultsScreenProps) -> Html {
    let (lang, r, view) = (p.lang, &p.report, &p.view);
    let n = |x: u32| format::number(x.into(), lang);
    // The cards and charts show the period of the last answer; the table shows once the worker has answered for
    // the tab chosen.
    let (counts, s) = (&view.counts, &r.summary);
    let filtered = view.query.period != PeriodSpec::All;
    let meta = format!(
        "{} {} · {} {} · {}",
        lang.pick("Tính đến", "As of"),
        format::iso_to_vi(&r.as_of),
        lang.pick("năm đánh giá", "assessment year"),
        r.assessment_year,
        r.profile
    );
    let provisional = (!r.provisional_years.is_empty()).then(|| {
        html! { <p class="warn-text" id="provisional-years">{ provisional_text(lang, &r.provisional_years) }</p> }
    });
    // Which rule set, why it was chosen, the years it covers and the document it is carried forward by.
    let about = html! { <p class="meta" id="profile-about">{ say(lang, &r.profile_about) }</p> };
    let score_flags = (!r.score_flags.is_empty()).then(|| {
        html! { <ul class="warnings" id="score-flags"
            aria-label={lang.pick("Cảnh báo xếp loại theo Nghị định 335/2025", "Flags under Decree 335/2025")}>
            { for r.score_flags.iter().map(|f| html! { <li>{ say(lang, f) }</li> }) }
        </ul> }
    });
    // The renamed units list: each match made, and each line that matched nothing.
    let renames = (!r.renames.is_empty()).then(|| {
        html! { <ul class="warnings" id="renames"
            aria-label={lang.pick("Đơn vị đổi tên, sáp nhập", "Renamed or merged units")}>
            { for r.renames.iter().map(|m| html! { <li>{ say(lang, m) }</li> }) }
        </ul> }
    });
    let conflicts = (!r.conflicts.is_empty()).then(|| {
        let more = (s.conflicts as usize).saturating_sub(r.conflicts.len());
        let more = (more > 0).then(|| {
            let text = format!(
                "{} {} {}",
                lang.pick("… và", "… and"),
                format::number(more as u64, lang),
                lang.pick("xung đột khác (có trong tệp xuất)", "more conflicts (in the exports)")
            );
            html! { <li>{ text }</li> }
        });
        html! { <ul class="warnings">
            { for r.conflicts.iter().map(|c| html! { <li>{ say(lang, c) }</li> }) }
            { more.unwrap_or_default() }
        </ul> }
    });
    let tour = p.tour.map(|step| {
        html! { <TourPanel {lang} steps={r.tour.clone()} {step} dispatch={p.dispatch.clone()} /> }
    });
    // The scores tab only when the report has Nghị định 335/2025 scores (assessment years from 2026).
    let tabs = Tab::ALL.iter().filter(|&&tab| tab != Tab::Scores || r.scores > 0).map(|&tab| {
        let d = p.dispatch.clone();
        let onclick = Callback::from(move |_| d.emit(Action::SetTab(tab)));
        html! {
            <button type="button" role="tab" id={format!("tab-{}", tab.id())} aria-selected={(p.tab == tab).to_string()}
                aria-controls="tabpanel" {onclick}>{ tab.label(lang) }</button>
        }
    });
    let table = if view.query.tab == p.tab {
        let head = view.commend.as_ref().filter(|_| p.tab == Tab::Commend);
        html! { <>
            { head.map(|h| commend_head(lang, h, &p.dispatch)).unwrap_or_default() }
            <DataTable view={view.clone()} query={p.query.clone()} busy={p.busy} {lang} tags={p.tab.tags(lang)}
                id={p.tab.id()} dispatch={p.dispatch.clone()} />
        </> }
    } else {
        html! { <p class="hint" role="status">{ lang.pick("Đang lấy bảng…", "Fetching the table…") }</p> }
    };
    let within = format!("{} {}", counts.pending_within, lang.pick("còn trong hạn", "still within time"));
    let rate_note = format!(
        "{} {} · {} {}",
        counts.early,
        lang.pick("trước hạn", "early"),
        counts.on_time,
        lang.pick("đúng hạn", "on time")
    );
    html! {
        <section class="results">
            <div class="results-head">
                <div>
                    <h2>{ lang.pick("Kết quả kiểm tra", "Results") }</h2>
                    <p class="meta">{ meta }</p>
                    { about }
                    { provisional.unwrap_or_default() }
                </div>
                { period_select(lang, p.period, r.assessment_year, &p.dispatch) }
            </div>
            { export_bar(lang, p.exporting, p.without_dossiers, &p.downloads, &p.dispatch) }
            <div class="cards" id="summary">
                { card("dossiers", lang.pick("Hồ sơ", "Dossiers"), n(counts.dossiers),
                    filtered.then(|| format!("{} {}", lang.pick("trên tổng", "of"), n(s.dossiers))), "") }
                { card("on-time", lang.pick("Tỉ lệ đúng hạn", "On-time rate"),
                    format::percent(counts.on_time_rate(), lang), Some(rate_note), "good") }
                { card("late", lang.pick("Trễ hạn", "Late"), n(counts.late), None, "bad") }
                { card("pending-overdue", lang.pick("Đang giải quyết quá hạn", "Pending overdue"),
                    n(counts.pending_overdue), Some(within), "bad") }
                { card("rejected", lang.pick("Dòng bị loại", "Rejected rows"), n(s.rejected_rows),
                    filtered.then(|| lang.pick("mọi tệp, không lọc theo kỳ", "all files, not by period").to_string()),
                    "warn") }
                { card("violations", lang.pick("Vi phạm giới hạn xếp loại", "Rating cap violations"), n(s.violations),
                    Some(format!("{} {}", s.at_risk, lang.pick("có nguy cơ", "at risk"))), "bad") }
            </div>
            { conflicts.unwrap_or_default() }
            { score_flags.unwrap_or_default() }
            { renames.unwrap_or_default() }
            { tour.unwrap_or_default() }
            <div class="charts">
                { late_chart(lang, &view.late_per_month) }
                { unit_chart(lang, &view.units) }
            </div>
            <div class="tabs" role="tablist" aria-label={lang.pick("Bảng kết quả", "Result tables")}>{ for tabs }</div>
            <div role="tabpanel" id="tabpanel" aria-labelledby={format!("tab-{}", p.tab.id())}>{ table }</div>
        </section>
    }
}

/// "Năm chưa có lịch nghỉ chính thức, kết quả tạm tính: 2027, 2028": the years counted on the statutory holidays
/// only (the results screen and the print view say it).
pub fn provisional_text(lang: Lang, years: &[i32]) -> String {
    let what = lang.pick(
        "Năm chưa có lịch nghỉ chính thức, kết quả tạm tính",
        "Years without official calendar data, results provisional",
    );
    // Years as written, without a thousands separator.
    let years = years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
    format!("{what}: {years}")
}

/// The period of the results (by due date): all, the year (`year`, the assessment year), a half, a quarter, or
/// dates of one's own.
fn period_select(lang: Lang, period: PeriodSpec, year: i32, dispatch: &Callback<Action>) -> Html {
    let value = match period {
        PeriodSpec::All => "all".to_string(),
        PeriodSpec::Year { .. } => "y".into(),
        PeriodSpec::Half { half, .. } => format!("h{half}"),
        PeriodSpec::Quarter { quarter, .. } => format!("q{quarter}"),
        PeriodSpec::Custom { .. } => "custom".into(),
    };
    let onchange = {
        let (d, current) = (dispatch.clone(), period);
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            let period = match v.as_str() {
                "y" => PeriodSpec::Year { year },
                "h1" => PeriodSpec::Half { year, half: 1 },
                "h2" => PeriodSpec::Half { year, half: 2 },
                "q1" | "q2" | "q3" | "q4" => PeriodSpec::Quarter { year, quarter: v[1..].parse().unwrap_or(1) },
                "custom" => {
                    let (a, b) = current.range().unwrap_or((
                        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
                        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
                    ));
                    PeriodSpec::Custom { start: a, end: b }
                }
                _ => PeriodSpec::All,
            };
            d.emit(Action::SetPeriod(period));
        })
    };
    let options: Vec<(String, String)> = [
        ("all".to_string(), PeriodSpec::All.label(lang)),
        ("y".into(), PeriodSpec::Year { year }.label(lang)),
        ("h1".into(), PeriodSpec::Half { year, half: 1 }.label(lang)),
        ("h2".into(), PeriodSpec::Half { year, half: 2 }.label(lang)),
    ]
    .into_iter()
    .chain((1..=4).map(|q| (format!("q{q}"), PeriodSpec::Quarter { year, quarter: q }.label(lang))))
    .chain([("custom".to_string(), lang.pick("Tùy chọn…", "Custom…").to_string())])
    .collect();
    let custom = if let PeriodSpec::Custom { start, end } = period {
        let edit = |is_start: bool| {
            let d = dispatch.clone();
            Callback::from(move |e: Event| {
                if let Some(day) = format::parse_date(&input_value(&e)) {
                    let (a, b) = if is_start { (day, end) } else { (start, day) };
                    d.emit(Action::SetPeriod(PeriodSpec::Custom { start: a.min(b), end: a.max(b) }));
                }
            })
        };
        html! { <>
            <label for="period-from">{ lang.pick("Từ", "From") }</label>
            <input id="period-from" type="text" size="10" value={format::date(start)} onchange={edit(true)} />
            <label for="period-to">{ lang.pick("đến", "to") }</label>
            <input id="period-to" type="text" size="10" value={format::date(end)} onchange={edit(false)} />
        </> }
    } else {
        html! {}
    };
    html! {
        <div class="period">
            <label for="period">{ lang.pick("Kỳ báo cáo (theo ngày hẹn trả)", "Period (by due date)") }</label>
            <select id="period" {onchange}>
                { for options.into_iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={v == value}>{ l }</option>
                }) }
            </select>
            { custom }
        </div>
    }
}

/// The exports (xlsx, CSV, JSON), print, check again, other files; then the files made, as download links.
fn export_bar(
    lang: Lang,
    exporting: Option<ExportFormat>,
    without_dossiers: bool,
    downloads: &[(String, String)],
    dispatch: &Callback<Action>,
) -> Html {
    let on_lean = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| d.emit(Action::SetWithoutDossiers(checked(&e))))
    };
    let on = |a: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let busy = exporting.is_some();
    let preparing = busy.then(|| {
        html! { <p class="hint" role="status">{ lang.pick("Đang tạo tệp…", "Preparing the file…") }</p> }
    });
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
            <div class="row" role="group" aria-label={lang.pick("Xuất kết quả", "Export the results")}>
                <button type="button" id="export-xlsx" onclick={on(Action::Export(ExportFormat::Xlsx))} disabled={busy}>
                    { lang.pick("Tải báo cáo Excel", "Download Excel report") }
                </button>
                <button type="button" id="export-csv" onclick={on(Action::Export(ExportFormat::Csv))} disabled={busy}>
                    { "CSV" }
                </button>
                <button type="button" id="export-json" onclick={on(Action::Export(ExportFormat::Json))} disabled={busy}>
                    { "JSON" }
                </button>
                <button type="button" id="print" onclick={on(Action::PrintPage)}>
                    { lang.pick("In báo cáo (A4)", "Print (A4)") }
                </button>
                <button type="button" id="check-again" onclick={on(Action::Start(JobKind::Check))}>
                    { lang.pick("Kiểm tra lại", "Check again") }
                </button>
                <button type="button" onclick={on(Action::Go(Screen::Landing))}>
                    { lang.pick("Tệp khác", "Other files") }
                </button>
            </div>
            <label class="hint">
                <input type="checkbox" id="export-without-dossiers" checked={without_dossiers} onchange={on_lean} />
                { lang.pick(
                    " Không kèm danh sách hồ sơ (tệp nhỏ hơn: các bảng báo cáo và danh sách trễ hạn vẫn đủ)",
                    " Without the dossier list (a smaller file: the report's tables and the late list stay)",
                ) }
            </label>
            { preparing.unwrap_or_default() }
            { downloads.unwrap_or_default() }
        </div>
    }
}
