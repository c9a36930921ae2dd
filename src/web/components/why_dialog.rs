//! "Vì sao?": the explanation of one dossier, officer or unit, step by step, with the legal basis. It takes the
//! focus when it opens, so Escape closes it and Tab stays inside.

use super::say;
use crate::web::state::{Action, WhyPanel};
use crate::web::Lang;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WhyDialogProps {
    pub lang: Lang,
    pub why: WhyPanel,
    pub dispatch: Callback<Action>,
}

#[function_component(WhyDialog)]
pub fn why_dialog(p: &WhyDialogProps) -> Html {
    let lang = p.lang;
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let close = {
        let d = p.dispatch.clone();
        Callback::from(move |_| d.emit(Action::CloseWhy))
    };
    let onkeydown = {
        let d = p.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                d.emit(Action::CloseWhy)
            }
        })
    };
    let body = match &p.why {
        WhyPanel::Loading { .. } => html! { <p>{ lang.pick("Đang lấy giải thích…", "Fetching the explanation…") }</p> },
        WhyPanel::Ready(why) => {
            let subtitle = (!why.subtitle.is_empty()).then(|| html! { <p class="meta">{ &why.subtitle }</p> });
            let citations = (!why.citations.is_empty()).then(|| {
                html! { <>
                    <h3>{ lang.pick("Căn cứ", "Legal basis") }</h3>
                    <ul class="citations">{ for why.citations.iter().map(|c| html! { <li>
                        <strong>{ &c.document }</strong>
                        { c.article.as_ref().map(|a| format!(", {a}")).unwrap_or_default() }
                        { c.quote.as_ref().map(|q| html! { <blockquote>{ q }</blockquote> }).unwrap_or_default() }
                        <span class="sureness">{ format!("({})", say(lang, &c.sureness)) }</span>
                    </li> }) }</ul>
                </> }
            });
            html! { <>
                <h2 id="why-title">{ format!("{} {}", lang.pick("Vì sao?", "Why?"), why.title) }</h2>
                { subtitle.unwrap_or_default() }
                <ol class="steps" id="why-steps">
                    { for why.steps.iter().map(|s| html! { <li>{ say(lang, s) }</li> }) }
                </ol>
                { citations.unwrap_or_default() }
            </> }
        }
    };
    html! {
        <div class="overlay" onclick={close.clone()}>
            <aside class="why" role="dialog" aria-modal="true" aria-labelledby="why-title" id="why" {onkeydown}
                tabindex="-1" ref={node} onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <button type="button" class="close" onclick={close} aria-label={lang.pick("Đóng", "Close")}>
                    { "×" }
                </button>
                { body }
            </aside>
        </div>
    }
}
