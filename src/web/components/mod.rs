//! The page's components, as Yew's function_todomvc has them: each a function component with a `Properties`
//! struct, what it shows as props and what the user does as a callback — most often `dispatch`, the reducer's
//! actions ([`Action`](super::state::Action)). None has a side effect: the app's root hands the actions to the
//! reducer and its effects to the bridge.

pub mod charts;
pub mod commend;
pub mod data_table;
pub mod file_card;
pub mod landing;
pub mod notice;
pub mod print_view;
pub mod progress;
pub mod province;
pub mod results;
pub mod review;
pub mod settings_dialog;
pub mod top_bar;
pub mod tour_panel;
pub mod why_dialog;

use super::Lang;
use crate::model::Text;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlInputElement, HtmlSelectElement};

/// A sentence in the language shown.
pub fn say(lang: Lang, text: &Text) -> String {
    lang.pick(&text.vi, &text.en).to_string()
}

/// The value of the `<input>` an event came from.
pub fn input_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

/// The value of the `<select>` an event came from.
pub fn select_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

/// Whether the checkbox an event came from is ticked.
pub fn checked(e: &Event) -> bool {
    e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}
