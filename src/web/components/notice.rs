//! A message on the page: a sentence, and for a crash the details with a copy button.

use super::say;
use crate::web::state::{Action, Notice};
use crate::web::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Notice,
    pub lang: Lang,
    pub dispatch: Callback<Action>,
}

#[function_component(NoticeBar)]
pub fn notice_bar(p: &NoticeBarProps) -> Html {
    let lang = p.lang;
    let Notice { msg, details, error } = &p.notice;
    let on = |a: Action| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let details = details.as_ref().map(|d| {
        html! {
            <pre class="details" id="crash-details">{ d }</pre>
        }
    });
    let copy = p.notice.details.is_some().then(|| {
        html! {
            <button type="button" id="copy-details" onclick={on(Action::CopyDetails)}>
                { lang.pick("Sao chép chi tiết", "Copy the details") }
            </button>
        }
    });
    html! {
        <div class={classes!("notice", error.then_some("error"))} role={if *error { "alert" } else { "status" }}
            id="notice">
            <p class="notice-text">{ say(lang, msg) }</p>
            { details.unwrap_or_default() }
            <div class="row">
                { copy.unwrap_or_default() }
                <button type="button" onclick={on(Action::DismissNotice)}>{ lang.pick("Đóng", "Dismiss") }</button>
            </div>
        </div>
    }
}
