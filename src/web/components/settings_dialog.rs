//! The settings: the rules (repeat threshold, "slow to improve", the re-appointment date, how pending overdue days
//! are counted, an imported rule set), the Nghị định 335/2025 scoring parameters (each shown with its source and
//! sureness), calendar days off and working days, and the letterhead of the reports. Kept in localStorage by the
//! bridge.
//! It takes the focus when it opens, so Escape closes it and Tab stays inside.

use super::{checked, input_value, select_value};
use crate::calendar::{Override, OverrideKind};
use crate::model::Citation;
use crate::profile::Param;
use crate::web::settings::{override_kind_label, Settings};
use crate::web::state::Action;
use crate::web::{format, Lang};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{File, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsDialogProps {
    pub lang: Lang,
    pub settings: Settings,
    /// The assessment year of the check: the defaults shown are those of its rule set.
    pub year: i32,
    /// A rule set file picked: the root reads it (`Action::ImportProfile`).
    pub on_import: Callback<File>,
    pub dispatch: Callback<Action>,
}

/// A change of the settings made from a form event.
type SettingsEdit = Rc<dyn Fn(&mut Settings, &Event)>;

#[function_component(SettingsDialog)]
pub fn settings_dialog(p: &SettingsDialogProps) -> Html {
    let (lang, s) = (p.lang, &p.settings);
    let (panel, ov_date, ov_kind, ov_note) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    {
        let panel = panel.clone();
        use_effect_with((), move |_| {
            if let Some(el) = panel.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let set = |s: Settings| {
        let d = p.dispatch.clone();
        move || d.emit(Action::Settings(s.clone()))
    };
    let update = |f: SettingsEdit| {
        let (d, s) = (p.dispatch.clone(), s.clone());
        Callback::from(move |e: Event| {
            let mut s = s.clone();
            f(&mut s, &e);
            d.emit(Action::Settings(s));
        })
    };
    let min_late = update(Rc::new(|s, e| s.min_late = input_value(e).trim().parse().ok().filter(|n: &u32| *n > 0)));
    let slow = update(Rc::new(|s, e| s.require_slow_improvement = Some(checked(e))));
    let extended = update(Rc::new(|s, e| s.use_extended_due = Some(checked(e))));
    let pending_to = update(Rc::new(|s, e| s.pending_count_to = Some(select_value(e))));
    let number = |e: &Event| input_value(e).trim().replace(',', ".").parse::<f64>().ok();
    let penalty = update(Rc::new(move |s, e| s.delay_penalty_pct = number(e)));
    let share = update(Rc::new(move |s, e| s.max_share_pct = number(e)));
    let products = update(Rc::new(move |s, e| s.products_per_dossier = number(e)));
    let assigned = update(Rc::new(|s, e| s.assigned_by = Some(select_value(e))));
    let late_finish = update(Rc::new(|s, e| s.delay_late_finish = Some(checked(e))));
    let extension = update(Rc::new(|s, e| s.delay_extension = Some(checked(e))));
    let pending_delay = update(Rc::new(|s, e| s.delay_pending_overdue = Some(checked(e))));
    let min_dossiers =
        update(Rc::new(|s, e| s.min_dossiers = input_value(e).trim().parse().ok().filter(|n: &u32| *n > 0)));
    let all_on_time = update(Rc::new(|s, e| s.require_all_on_time = Some(checked(e))));
    let agency = update(Rc::new(|s, e| s.agency = input_value(e)));
    let place = update(Rc::new(|s, e| s.place = input_value(e)));
    let close = {
        let d = p.dispatch.clone();
        Callback::from(move |_| d.emit(Action::ToggleSettings))
    };
    let onkeydown = {
        let d = p.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                d.emit(Action::ToggleSettings)
            }
        })
    };
    let reset = {
        let reset = set(Settings { lang: s.lang, ..Default::default() });
        Callback::from(move |_| reset())
    };
    let add_override = {
        let (d, s) = (p.dispatch.clone(), s.clone());
        let (ov_date, ov_kind, ov_note) = (ov_date.clone(), ov_kind.clone(), ov_note.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let kind = ov_kind.cast::<HtmlSelectElement>().map(|k| k.value()).unwrap_or_default();
            if let Some(date) = format::parse_date(&input(&ov_date)) {
                let kind = if kind == "working_day" { OverrideKind::WorkingDay } else { OverrideKind::DayOff };
                let mut s = s.clone();
                s.overrides.retain(|o| o.date != date);
                s.overrides.push(Override { date, kind, note: input(&ov_note) });
                s.overrides.sort_by_key(|o| o.date);
                d.emit(Action::Settings(s));
            }
        })
    };
    let import = {
        let on_import = p.on_import.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            if let Some(file) = input.files().and_then(|l| l.get(0)) {
                on_import.emit(file);
            }
            input.set_value("");
        })
    };
    let drop_profile = s.custom_profile.is_some().then(|| {
        let back = set(Settings { custom_profile: None, ..s.clone() });
        let onclick = Callback::from(move |_| back());
        html! {
            <button type="button" class="link" {onclick}>
                { lang.pick("Dùng lại bộ quy tắc có sẵn", "Back to the built-in rule set") }
            </button>
        }
    });
    let overrides = s.overrides.iter().map(|o| {
        let date = o.date;
        let mut without = s.clone();
        without.overrides.retain(|x| x.date != date);
        let remove = set(without);
        let onclick = Callback::from(move |_| remove());
        let text = format!("{} · {} · {}", format::date(o.date), override_kind_label(o.kind, lang), o.note);
        html! {
            <li>{ text }<button type="button" class="link" {onclick}>{ lang.pick("Xóa", "Delete") }</button></li>
        }
    });
    let default = s.defaults_for(p.year);
    let rule_set = s.custom_profile.as_ref().map(|(n, _)| n.clone()).unwrap_or_else(|| default.name.clone());
    let rule_set = format!("{rule_set} ({} {})", lang.pick("năm đánh giá", "assessment year"), p.year);
    let min_late_label = format!(
        "{} ({} {})",
        lang.pick("Số hồ sơ trễ để tính là tái phạm nhiều lần", "Late dossiers that make a repeat"),
        lang.pick("mặc định", "default"),
        default.repeat.min_late.latest().value
    );
    // Nghị định 335/2025 applies from assessment year 2026: before it, the scoring defaults shown are 2026's.
    let scoring = if p.year >= 2026 { default.clone() } else { s.defaults_for(2026) };
    let sc = &scoring.scoring;
    let pending_default = default.lateness.pending_count_to.latest();
    let pending_value = s.pending_count_to.clone().unwrap_or_else(|| code(&pending_default.value));
    let assigned_value = s.assigned_by.clone().unwrap_or_else(|| code(&sc.assigned_by.latest().value));
    let pct_default = |x: f64| format!("{}", (x * 100.0 * 100.0).round() / 100.0);
    let slow_checked = s.require_slow_improvement.unwrap_or(default.repeat.require_slow_improvement.latest().value);
    let extended_checked = s.use_extended_due.unwrap_or(default.lateness.use_extended_due.latest().value);
    let min_dossiers_label = format!(
        "{} ({} {})",
        lang.pick("Biểu dương: số hồ sơ tối thiểu trong kỳ", "Commendation: at least this many dossiers in the period"),
        lang.pick("mặc định", "default"),
        default.commendation.min_dossiers.latest().value
    );
    let all_on_time_checked = s.require_all_on_time.unwrap_or(default.commendation.require_all_on_time.latest().value);
    html! {
        <div class="overlay">
        <aside class="settings" role="dialog" aria-modal="true" aria-labelledby="settings-title" id="settings"
            tabindex="-1" ref={panel} {onkeydown}>
            <button type="button" class="close" onclick={close.clone()} aria-label={lang.pick("Đóng", "Close")}>
                { "×" }
            </button>
            <h2 id="settings-title">{ lang.pick("Cài đặt", "Settings") }</h2>
            <p class="hint">{ lang.pick(
                "Cài đặt chỉ lưu trong trình duyệt này (localStorage).",
                "Settings are kept in this browser only (localStorage).",
            ) }</p>
            <fieldset>
                <legend>{ lang.pick("Quy tắc", "Rules") }</legend>
                <p id="set-rule-set">{ format!("{}: {rule_set}", lang.pick("Bộ quy tắc", "Rule set")) }</p>
                <div class="field">
                    <label for="set-min-late">{ min_late_label }</label>
                    <input id="set-min-late" type="number" min="1" onchange={min_late}
                        value={s.min_late.map(|n| n.to_string()).unwrap_or_default()} />
                </div>
                <div class="field inline">
                    <input id="set-slow" type="checkbox" checked={slow_checked} onchange={slow} />
                    <label for="set-slow">{ lang.pick(
                        "Chỉ tính tái phạm khi chậm chuyển biến so với năm trước",
                        "Count a repeat only when slow to improve on last year",
                    ) }</label>
                </div>
                <div class="field inline">
                    <input id="set-extended" type="checkbox" checked={extended_checked} onchange={extended} />
                    <label for="set-extended">{ lang.pick(
                        "Tính hạn theo ngày hẹn lại (khi có phiếu xin lỗi)",
                        "Judge against the re-appointment date (with an apology)",
                    ) }</label>
                </div>
                <div class="field">
                    <label for="set-pending-to">{ lang.pick(
                        "Hồ sơ quá hạn chưa xong: đếm số ngày trễ đến",
                        "Pending overdue dossiers: count the days late up to",
                    ) }</label>
                    <select id="set-pending-to" onchange={pending_to}>
                        <option value="last_working_day_passed" selected={pending_value == "last_working_day_passed"}>
                            { lang.pick("ngày làm việc cuối cùng đã qua (mặc định)",
                                "the last working day passed (default)") }
                        </option>
                        <option value="next_working_day" selected={pending_value == "next_working_day"}>
                            { lang.pick("ngày làm việc kế tiếp khi ngày tính là ngày nghỉ",
                                "the next working day when the as-of date is a day off") }
                        </option>
                    </select>
                    { source(lang, &pending_default.citation()) }
                </div>
                <div class="field">
                    <label for="set-min-dossiers">{ min_dossiers_label }</label>
                    <input id="set-min-dossiers" type="number" min="1" onchange={min_dossiers}
                        value={s.min_dossiers.map(|n| n.to_string()).unwrap_or_default()} />
                </div>
                <div class="field inline">
                    <input id="set-all-on-time" type="checkbox" checked={all_on_time_checked} onchange={all_on_time} />
                    <label for="set-all-on-time">{ lang.pick(
                        "Biểu dương: mọi hồ sơ đã giải quyết trước hạn hoặc đúng hạn (không còn hồ sơ đang giải quyết)",
                        "Commendation: every dossier resolved early or on time (none still pending)",
                    ) }</label>
                </div>
                <div class="field">
                    <label for="set-profile">
                        { lang.pick("Nhập tệp bộ quy tắc (.toml)", "Import a rule set file (.toml)") }
                    </label>
                    <input id="set-profile" type="file" accept=".toml,text/plain" onchange={import} />
                    { drop_profile.unwrap_or_default() }
                </div>
            </fieldset>
            <fieldset id="set-scoring">
                <legend>{ lang.pick(
                    "Điểm tiến độ theo Nghị định 335/2025 (từ năm đánh giá 2026)",
                    "Progress points under Decree 335/2025 (assessment years from 2026)",
                ) }</legend>
                { number_field("set-delay-penalty", format!("{} ({} {}%)",
                    lang.pick("Mỗi lần chậm tiến độ trừ (% điểm tiến độ của hồ sơ)",
                        "Each delay costs (% of the dossier's progress points)"),
                    lang.pick("mặc định", "default"), pct_default(sc.delay_penalty.latest().value)),
                    s.delay_penalty_pct, Some("100"), &sc.delay_penalty.latest().citation(), penalty, lang) }
                { number_field("set-max-share", format!("{} ({} {}%)",
                    lang.pick("Tỷ lệ xuất sắc tối đa (% số người xếp loại tốt trong đơn vị)",
                        "Most excellent ratings (% of those rated good in a unit)"),
                    lang.pick("mặc định", "default"), pct_default(sc.max_share_xuat_sac.latest().value)),
                    s.max_share_pct, Some("100"), &sc.max_share_xuat_sac.latest().citation(), share, lang) }
                { number_field("set-products", format!("{} ({} {})",
                    lang.pick("Số sản phẩm quy đổi của một hồ sơ", "Products per dossier"),
                    lang.pick("mặc định", "default"), sc.products_per_dossier.latest().value),
                    s.products_per_dossier, None, &sc.products_per_dossier.latest().citation(), products, lang) }
                <div class="field">
                    <label for="set-assigned-by">{ lang.pick("Hồ sơ được giao trong kỳ là hồ sơ",
                        "The dossiers assigned in a period are those") }</label>
                    <select id="set-assigned-by" onchange={assigned}>
                        <option value="due_in_period" selected={assigned_value == "due_in_period"}>
                            { lang.pick("có hạn trả trong kỳ (mặc định)", "due in the period (default)") }
                        </option>
                        <option value="received_in_period" selected={assigned_value == "received_in_period"}>
                            { lang.pick("tiếp nhận trong kỳ", "received in the period") }
                        </option>
                    </select>
                    { source(lang, &sc.assigned_by.latest().citation()) }
                </div>
                { toggle("set-delay-late", lang.pick("Hoàn thành sau hạn là một lần chậm",
                    "A late finish is one delay"), s.delay_late_finish, &sc.delay_late_finish, late_finish, lang) }
                { toggle("set-delay-extension", lang.pick("Gia hạn (hẹn lại) là thêm một lần chậm",
                    "An extension is one more delay"), s.delay_extension, &sc.delay_extension, extension, lang) }
                { toggle("set-delay-pending", lang.pick("Quá hạn chưa xong ở cuối kỳ là một lần chậm",
                    "Overdue and unfinished at the period's end is one delay"), s.delay_pending_overdue,
                    &sc.delay_pending_overdue, pending_delay, lang) }
            </fieldset>
            <fieldset>
                <legend>{ lang.pick(
                    "Lịch làm việc: thêm ngày nghỉ hoặc ngày làm bù",
                    "Calendar: add a day off or a working day",
                ) }</legend>
                <ul class="overrides">{ for overrides }</ul>
                <form class="row" onsubmit={add_override}>
                    <label for="ov-date">{ lang.pick("Ngày", "Date") }</label>
                    <input id="ov-date" type="text" size="10" placeholder="dd/mm/yyyy" ref={ov_date} />
                    <label for="ov-kind">{ lang.pick("Loại", "Kind") }</label>
                    <select id="ov-kind" ref={ov_kind}>
                        <option value="day_off">{ override_kind_label(OverrideKind::DayOff, lang) }</option>
                        <option value="working_day">{ override_kind_label(OverrideKind::WorkingDay, lang) }</option>
                    </select>
                    <label for="ov-note">{ lang.pick("Ghi chú", "Note") }</label>
                    <input id="ov-note" type="text" ref={ov_note} />
                    <button type="submit">{ lang.pick("Thêm", "Add") }</button>
                </form>
            </fieldset>
            <fieldset>
                <legend>{ lang.pick("Tiêu đề báo cáo", "Report letterhead") }</legend>
                <div class="field">
                    <label for="set-agency">{ lang.pick("Cơ quan", "Agency") }</label>
                    <input id="set-agency" type="text" value={s.agency.clone()} onchange={agency}
                        placeholder="UBND HUYỆN …" />
                </div>
                <div class="field">
                    <label for="set-place">{ lang.pick("Địa danh", "Place") }</label>
                    <input id="set-place" type="text" value={s.place.clone()} onchange={place} />
                </div>
            </fieldset>
            <div class="row">
                <button type="button" onclick={reset}>{ lang.pick("Về mặc định", "Reset to defaults") }</button>
                <button type="button" class="primary" onclick={close}>{ lang.pick("Xong", "Done") }</button>
            </div>
        </aside>
        </div>
    }
}

/// The TOML code of a setting's value ("due_in_period"), as the patch writes it.
fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// Where a setting's default comes from: the text and article, its sureness, and Đúng Hẹn's reason when it is
/// Đúng Hẹn's reading.
fn source(lang: Lang, c: &Citation) -> Html {
    let sure = lang.pick(c.sureness.label_vi(), c.sureness.label_en());
    html! { <p class="hint source">{ format!("{}: {c} ({sure})", lang.pick("Căn cứ", "Source")) }</p> }
}

/// A checkbox setting with its default and source.
fn toggle(
    id: &'static str,
    label: &str,
    value: Option<bool>,
    default: &Param<bool>,
    onchange: Callback<Event>,
    lang: Lang,
) -> Html {
    let d = default.latest();
    html! {
        <div class="field inline">
            <input {id} type="checkbox" checked={value.unwrap_or(d.value)} {onchange} />
            <label for={id}>{ label.to_string() }</label>
            { source(lang, &d.citation()) }
        </div>
    }
}

/// A number setting (empty: the default) with its source.
fn number_field(
    id: &'static str,
    label: String,
    value: Option<f64>,
    max: Option<&'static str>,
    c: &Citation,
    onchange: Callback<Event>,
    lang: Lang,
) -> Html {
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <input {id} type="number" min="0" {max} step="any" {onchange}
                value={value.map(|x| x.to_string()).unwrap_or_default()} />
            { source(lang, c) }
        </div>
    }
}
