//! One tab's table on the results screen: search, tag filter, sortable columns, "why?" on a row, pages. The
//! rows are the worker's answer for the page shown; every change is a new question (an action).

use super::{input_value, select_value};
use crate::web::query::ViewAnswer;
use crate::web::state::Action;
use crate::web::table::Query;
use crate::web::{format, Lang};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DataTableProps {
    /// The worker's answer for this tab.
    pub view: Rc<ViewAnswer>,
    /// The page's own query (what the user typed or clicked last, perhaps not answered yet).
    pub query: Query,
    /// The worker has not answered the latest question yet.
    pub busy: bool,
    pub lang: Lang,
    /// The tag filter's choices: (code, label).
    pub tags: Vec<(String, String)>,
    pub id: &'static str,
    pub dispatch: Callback<Action>,
}

#[function_component(DataTable)]
pub fn data_table(p: &DataTableProps) -> Html {
    let (lang, v) = (p.lang, &p.view);
    let pages = v.pages.max(1);
    let page = p.query.page.min(pages - 1);
    let on = |a: Action| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let oninput = {
        let d = p.dispatch.clone();
        Callback::from(move |e: InputEvent| d.emit(Action::Search(input_value(&e))))
    };
    let ontag = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| d.emit(Action::Tag(select_value(&e))))
    };
    let search_id = format!("search-{}", p.id);
    let tag_id = format!("tag-{}", p.id);
    let filter = (!p.tags.is_empty()).then(|| {
        html! { <>
            <label for={tag_id.clone()}>{ lang.pick("Lọc", "Filter") }</label>
            <select id={tag_id} onchange={ontag}>
                <option value="" selected={p.query.tag.is_empty()}>{ lang.pick("Tất cả", "All") }</option>
                { for p.tags.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={p.query.tag == *v}>{ l }</option>
                }) }
            </select>
        </> }
    });
    let count = format!(
        "{} / {} {}",
        format::number(v.total as u64, lang),
        format::number(v.all as u64, lang),
        lang.pick("dòng", "rows")
    );
    let busy = p.busy.then(|| html! { <span class="busy">{ lang.pick("Đang cập nhật…", "Updating…") }</span> });
    let heads = v.columns.iter().enumerate().map(|(i, c)| {
        let sort = match p.query.sort {
            Some((col, true)) if col == i => "descending",
            Some((col, false)) if col == i => "ascending",
            _ => "none",
        };
        let arrow = match sort {
            "ascending" => " ▲",
            "descending" => " ▼",
            _ => "",
        };
        html! {
            <th scope="col" aria-sort={sort}>
                <button type="button" class="sort" onclick={on(Action::Sort(i))}>
                    { c }<span aria-hidden="true">{ arrow }</span>
                </button>
            </th>
        }
    });
    let why_head = v.has_why.then(|| {
        html! { <th scope="col"><span class="sr-only">{ lang.pick("Giải thích", "Explanation") }</span></th> }
    });
    let rows = v.rows.iter().map(|row| {
        let why = v.has_why.then(|| {
            let button = row.why.map(|(kind, idx)| {
                let label = format!("{} {}", lang.pick("Vì sao?", "Why?"), row.key);
                html! {
                    <button type="button" class="why-btn" onclick={on(Action::OpenWhy { kind, idx })}
                        aria-label={label}>{ lang.pick("Vì sao?", "Why?") }</button>
                }
            });
            html! { <td>{ button.unwrap_or_default() }</td> }
        });
        html! {
            <tr key={row.key.clone()} data-key={row.key.clone()}>
                { for row.cells.iter().map(|c| html! {
                    <td class={classes!(c.num.then_some("num"), c.tone.clone())}>{ &c.text }</td>
                }) }
                { why.unwrap_or_default() }
            </tr>
        }
    });
    let (first, last) = (page == 0, page + 1 >= pages);
    html! {
        <div class="table-wrap" id={format!("table-{}", p.id)} aria-busy={p.busy.to_string()}>
            <div class="table-tools">
                <label for={search_id.clone()}>{ lang.pick("Tìm", "Search") }</label>
                <input id={search_id} type="search" value={p.query.search.clone()} {oninput}
                    placeholder={lang.pick("tên, mã hồ sơ, đơn vị…", "name, code, unit…")} />
                { filter.unwrap_or_default() }
                <span class="count" aria-live="polite">{ count }</span>
                { busy.unwrap_or_default() }
            </div>
            <div class="scroll">
            <table class="data">
                <thead><tr>{ for heads }{ why_head.unwrap_or_default() }</tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            </div>
            <nav class="pager" aria-label={lang.pick("Trang", "Pages")}>
                <button type="button" onclick={on(Action::Page(0))} disabled={first}
                    aria-label={lang.pick("Trang đầu", "First page")}>{ "«" }</button>
                <button type="button" onclick={on(Action::Page(page.saturating_sub(1)))} disabled={first}
                    aria-label={lang.pick("Trang trước", "Previous page")}>{ "‹" }</button>
                <span>{ format!("{} {} / {}", lang.pick("Trang", "Page"), page + 1, pages) }</span>
                <button type="button" onclick={on(Action::Page(page + 1))} disabled={last}
                    aria-label={lang.pick("Trang sau", "Next page")}>{ "›" }</button>
                <button type="button" onclick={on(Action::Page(pages - 1))} disabled={last}
                    aria-label={lang.pick("Trang cuối", "Last page")}>{ "»" }</button>
            </nav>
        </div>
    }
}
