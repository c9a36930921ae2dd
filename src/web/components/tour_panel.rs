//! The training tour: one step per rule, each pointing at a concrete row ("why?") or tab of the results.

use super::say;
use crate::web::state::Action;
use crate::web::tour::{TourStep, TourTarget};
use crate::web::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TourPanelProps {
    pub lang: Lang,
    pub steps: Vec<TourStep>,
    pub step: usize,
    pub dispatch: Callback<Action>,
}

#[function_component(TourPanel)]
pub fn tour_panel(p: &TourPanelProps) -> Html {
    let (lang, steps) = (p.lang, &p.steps);
    if steps.is_empty() {
        return html! {};
    }
    let i = p.step.min(steps.len() - 1);
    let st = &steps[i];
    let go = |n: Option<usize>| {
        let d = p.dispatch.clone();
        Callback::from(move |_| d.emit(Action::Tour(n)))
    };
    let show = st.target.as_ref().map(|target| {
        let (action, label) = match target {
            TourTarget::Why(kind, idx) => (Action::OpenWhy { kind: *kind, idx: *idx }, lang.pick("Vì sao?", "Why?")),
            TourTarget::Tab(tab) => (Action::SetTab(*tab), lang.pick("Xem bảng", "Show the table")),
        };
        let d = p.dispatch.clone();
        let onclick = Callback::from(move |_| d.emit(action.clone()));
        html! { <button type="button" class="primary" id="tour-show" {onclick}>{ label }</button> }
    });
    let next = (i + 1 < steps.len()).then(|| {
        html! { <button type="button" id="tour-next" onclick={go(Some(i + 1))}>{ lang.pick("Tiếp", "Next") }</button> }
    });
    html! {
        <aside class="tour" id="tour" aria-label={lang.pick("Hướng dẫn từng quy tắc", "Guided tour of the rules")}>
            <p class="step">{ format!("{} {} / {}", lang.pick("Hướng dẫn · bước", "Tour · step"), i + 1, steps.len()) }
            </p>
            <h3>{ say(lang, &st.title) }</h3>
            <p>{ say(lang, &st.text) }</p>
            <div class="row">
                { show.unwrap_or_default() }
                <button type="button" onclick={go(Some(i.saturating_sub(1)))} disabled={i == 0}>
                    { lang.pick("Trước", "Previous") }
                </button>
                { next.unwrap_or_default() }
                <button type="button" onclick={go(None)}>{ lang.pick("Đóng hướng dẫn", "Close the tour") }</button>
            </div>
        </aside>
    }
}
