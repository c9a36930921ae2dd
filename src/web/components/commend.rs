//! Above the commendation tab's table (biểu dương): the period, who is on the list, the criteria it was made
//! with and their defaults, the citation, and the way to the settings that change them.

use super::say;
use crate::web::commend::CommendHead;
use crate::web::state::Action;
use crate::web::Lang;
use yew::prelude::*;

pub fn commend_head(lang: Lang, h: &CommendHead, dispatch: &Callback<Action>) -> Html {
    let open = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::ToggleSettings))
    };
    let defaults = if h.changed {
        format!("{} {}", lang.pick("Mặc định của bộ quy tắc:", "The rule set's default:"), say(lang, &h.defaults))
    } else {
        lang.pick("Đang dùng mặc định của bộ quy tắc.", "The rule set's default.").to_string()
    };
    html! {
        <div class="commend-head" id="commend-head">
            <p>
                <strong>{ format!("{} — {}", lang.pick("Đề nghị biểu dương", "Proposed for commendation"),
                    say(lang, &h.period)) }</strong>
                { format!(" ({})", say(lang, &h.counts)) }
            </p>
            <p id="commend-criteria">
                { format!("{} {}.", lang.pick("Tiêu chí (cài đặt):", "Criteria (settings):"), say(lang, &h.criteria)) }
            </p>
            <p class="hint" id="commend-defaults">
                { defaults }{ " " }
                <button type="button" class="link" id="commend-settings" onclick={open}>
                    { lang.pick("Đổi trong Cài đặt", "Change in Settings") }
                </button>
            </p>
            <p class="meta">{ format!("{} {}", lang.pick("Căn cứ:", "Basis:"), h.citation) }</p>
        </div>
    }
}
