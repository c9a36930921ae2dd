//! The review screen: one card per file, the month-first confirmation, the as-of date, and Check.

use super::file_card::FileCard;
use super::landing::as_of_field;
use super::{checked, say};
use crate::model::Text;
use crate::web::engine::{FileInspection, ReadChoice};
use crate::web::state::{Action, FileEntry, JobKind, Screen};
use crate::web::Lang;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub lang: Lang,
    pub inspection: Vec<FileInspection>,
    pub files: Vec<FileEntry>,
    pub read: ReadChoice,
    pub as_of_text: String,
    pub as_of_valid: bool,
    /// Why the check cannot run yet.
    pub blocker: Option<Text>,
    pub dispatch: Callback<Action>,
}

#[function_component(Review)]
pub fn review(p: &ReviewProps) -> Html {
    let lang = p.lang;
    let on = |a: Action| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let month_first = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| d.emit(Action::SetMonthFirst(checked(&e))))
    };
    let first_table = p.inspection.iter().position(|f| f.table.is_some());
    let cards = p.inspection.iter().enumerate().map(|(i, fi)| {
        let file_id = p.files.iter().find(|f| f.name == fi.file && f.role == fi.role).map(|f| f.id);
        html! {
            <FileCard {lang} inspection={fi.clone()} {file_id} read={p.read.clone()}
                first_table={Some(i) == first_table} dispatch={p.dispatch.clone()} />
        }
    });
    let blocker = p.blocker.as_ref().map(|b| html! { <p class="hint" id="blocker">{ say(lang, b) }</p> });
    html! {
        <section class="review">
            <h2>{ lang.pick("Kiểm tra cách đọc tệp", "Review how the files are read") }</h2>
            <p class="lead">{ lang.pick(
                "Xem định dạng, trang tính, dòng tiêu đề và cột của từng trường. Sửa nếu cần, rồi bấm Kiểm tra.",
                "Check the format, sheet, header row and the column of each field. Change what is wrong, then press \
                    Check.",
            ) }</p>
            { for cards }
            <div class="field inline">
                <input type="checkbox" id="month-first" checked={p.read.month_first} onchange={month_first} />
                <label for="month-first">{ lang.pick(
                    "Các cột ngày ghi theo kiểu tháng trước (mm/dd/yyyy) — tôi xác nhận",
                    "The date columns are written month-first (mm/dd/yyyy) — I confirm",
                ) }</label>
            </div>
            { as_of_field(lang, &p.as_of_text, p.as_of_valid, &p.dispatch) }
            { blocker.unwrap_or_default() }
            <div class="actions">
                <button type="button" onclick={on(Action::Go(Screen::Landing))}>
                    { lang.pick("Quay lại", "Back") }
                </button>
                <button type="button" class="primary" id="run" disabled={p.blocker.is_some()}
                    onclick={on(Action::Start(JobKind::Check))}>{ lang.pick("Kiểm tra", "Check") }</button>
            </div>
        </section>
    }
}
