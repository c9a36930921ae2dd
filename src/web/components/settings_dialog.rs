//! The settings: the rules (repeat threshold, "slow to improve", the re-appointment date, an imported rule set),
//! calendar days off and working days, and the letterhead of the reports. Kept in localStorage by the bridge.
//! It takes the focus when it opens, so Escape closes it and Tab stays inside.

use super::{checked, input_value};
use crate::calendar::{Override, OverrideKind};
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
    let default = crate::profile::Profile::default_profile();
    let rule_set = s.custom_profile.as_ref().map(|(n, _)| n.clone()).unwrap_or_else(|| default.name.clone());
    let min_late_label = format!(
        "{} ({} {})",
        lang.pick("Số hồ sơ trễ để tính là tái phạm nhiều lần", "Late dossiers that make a repeat"),
        lang.pick("mặc định", "default"),
        default.repeat.min_late.latest().value
    );
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
                <p>{ format!("{}: {rule_set}", lang.pick("Bộ quy tắc", "Rule set")) }</p>
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
