//! The header: the brand (back to the start), the offline note, the language switch and the settings button.

use crate::web::state::{Action, Screen};
use crate::web::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub lang: Lang,
    pub settings_open: bool,
    pub dispatch: Callback<Action>,
}

#[function_component(TopBar)]
pub fn top_bar(p: &TopBarProps) -> Html {
    let lang = p.lang;
    let on = |a: Action| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let lang_btn = |l: Lang, label: &'static str| {
        html! {
            <button type="button" class="lang" aria-pressed={(lang == l).to_string()} lang={l.code()}
                onclick={on(Action::SetLang(l))}>{ label }</button>
        }
    };
    html! {
        <header class="top">
            <button type="button" class="brand" onclick={on(Action::Go(Screen::Landing))}
                aria-label={lang.pick("Đúng Hẹn — về trang đầu", "Đúng Hẹn — back to the start")}>
                <span class="logo" aria-hidden="true">{ "✓" }</span><span>{ "Đúng Hẹn" }</span>
            </button>
            <p class="offline" id="offline-note">
                <svg class="lock" aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
                    <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor"/>
                    <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6"/>
                </svg>
                { " " }
                { lang.pick(
                    "Ngoại tuyến: tệp được xử lý ngay trên máy này, không gửi đi đâu.",
                    "Offline: files are processed on this computer and sent nowhere.",
                ) }
            </p>
            <nav class="tools" aria-label={lang.pick("Ngôn ngữ và cài đặt", "Language and settings")}>
                { lang_btn(Lang::Vi, "Tiếng Việt") }
                { lang_btn(Lang::En, "English") }
                <button type="button" id="open-settings" onclick={on(Action::ToggleSettings)}
                    aria-expanded={p.settings_open.to_string()}>{ lang.pick("Cài đặt", "Settings") }</button>
            </nav>
        </header>
    }
}
