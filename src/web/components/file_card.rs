//! One file's card on the review screen: how it was read (format, sheet, header rows, row accounting), the
//! column of each field (editable), a preview of the first rows and the first rejected ones; for a reminder or
//! ratings list, its sheet and columns; for the renames list, what each line matches; for a file that cannot be
//! read, the reader's sentence.

use super::landing::role_label;
use super::{say, select_value};
use crate::ingest::Field;
use crate::web::engine::{FileInspection, ReadChoice, RenameLine, Role, SideInfo, TableInfo};
use crate::web::state::Action;
use crate::web::{format, Lang};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FileCardProps {
    pub lang: Lang,
    pub inspection: FileInspection,
    /// The file's entry (to remove it), when it is one of the user's.
    pub file_id: Option<u32>,
    pub read: ReadChoice,
    /// The first dossier table: it carries the sheet choice and its mapping is open.
    pub first_table: bool,
    pub dispatch: Callback<Action>,
}

#[function_component(FileCard)]
pub fn file_card(p: &FileCardProps) -> Html {
    let (lang, fi) = (p.lang, &p.inspection);
    let remove = p.file_id.map(|id| {
        let d = p.dispatch.clone();
        let onclick = Callback::from(move |_| d.emit(Action::RemoveFile(id)));
        html! {
            <button type="button" class="link" {onclick}>{ lang.pick("Bỏ tệp này", "Remove this file") }</button>
        }
    });
    let body = if let Some(e) = &fi.error {
        // A sheet chosen for a list that holds none: the way back to the automatic choice.
        let back = p.read.side_sheet(fi.role).is_some().then(|| {
            let (d, role) = (p.dispatch.clone(), fi.role);
            let onclick = Callback::from(move |_| d.emit(Action::SetSideSheet(role, None)));
            html! {
                <button type="button" class="link side-sheet-auto" {onclick}>
                    { lang.pick("Đọc lại với trang tự động", "Read again with the automatic sheet") }
                </button>
            }
        });
        html! { <>
            <p class="error file-error" role="alert">{ say(lang, e) }</p>
            { back.unwrap_or_default() }
        </> }
    } else if let Some(tb) = &fi.table {
        table_facts(p, tb)
    } else if let Some(s) = &fi.side {
        side_facts(p, s)
    } else {
        html! {}
    };
    html! {
        <article class="file-card" data-file={fi.file.clone()}>
            <header>
                <h3><span class="role">{ role_label(fi.role, lang) }</span>{ " " }{ &fi.file }</h3>
                <span class="size">{ format::bytes(fi.size, lang) }</span>
                { remove.unwrap_or_default() }
            </header>
            { body }
        </article>
    }
}

fn field_label(f: Field, lang: Lang) -> &'static str {
    lang.pick(f.label_vi(), f.label_en())
}

/// A reminder or ratings list's field (`side_lists::Col::name`) as the card names it.
fn side_field_label(field: &str, lang: Lang) -> String {
    crate::ingest::side_field_label(field).map_or_else(|| field.to_string(), |t| lang.pick(&t.vi, &t.en).to_string())
}

/// A dossier table: how it was read, its sheet, the mapping, the preview and the rejected rows.
fn table_facts(p: &FileCardProps, tb: &TableInfo) -> Html {
    let lang = p.lang;
    let sheet = if tb.sheets.len() > 1 && p.first_table {
        let d = p.dispatch.clone();
        let onchange = Callback::from(move |e: Event| d.emit(Action::SetSheet(Some(select_value(&e)))));
        html! {
            <div class="field inline">
                <label for="sheet">{ lang.pick("Trang tính", "Sheet") }</label>
                <select id="sheet" {onchange}>
                    <option value="" selected={p.read.sheet.is_none()}>
                        { format!("{} ({})", lang.pick("Tự động", "Automatic"), tb.sheet) }
                    </option>
                    { for tb.sheets.iter().map(|s| html! {
                        <option value={s.clone()} selected={p.read.sheet.as_deref() == Some(s.as_str())}>{ s }</option>
                    }) }
                </select>
            </div>
        }
    } else {
        let name = if tb.sheet.is_empty() { "—" } else { &tb.sheet };
        html! { <p>{ format!("{}: {name}", lang.pick("Trang tính", "Sheet")) }</p> }
    };
    let mapping_rows = Field::ALL.iter().map(|f| {
        let auto = tb.mapping.iter().find(|c| c.field == f.name());
        let explicit = p.read.mapping.iter().find(|(x, _)| x == f.name()).map(|(_, c)| c.clone());
        let (d, name) = (p.dispatch.clone(), f.name().to_string());
        let onchange = Callback::from(move |e: Event| d.emit(Action::SetMapping(name.clone(), select_value(&e))));
        let auto_label = match auto {
            Some(c) => format!("{} ({} — {})", lang.pick("Tự động", "Automatic"), c.letter, c.header),
            None => lang.pick("Tự động (không có cột)", "Automatic (no column)").to_string(),
        };
        let id = format!("map-{}", f.name());
        html! {
            <tr class={classes!(auto.is_none().then_some("missing"))}>
                <th scope="row"><label for={id.clone()}>{ field_label(*f, lang) }</label></th>
                <td>
                    <select {id} {onchange}>
                        <option value="" selected={explicit.is_none()}>{ auto_label }</option>
                        { for tb.columns.iter().map(|(letter, header)| {
                            let label = if header.is_empty() {
                                format!("{} {letter}", lang.pick("Cột", "Column"))
                            } else {
                                format!("{letter} — {header}")
                            };
                            let selected = explicit.as_deref() == Some(letter.as_str());
                            html! { <option value={letter.clone()} {selected}>{ label }</option> }
                        }) }
                    </select>
                </td>
                <td class="mapped">
                    { auto.map(|c| format!("{} · {}", c.letter, c.header)).unwrap_or_else(|| "—".into()) }
                    { for auto.filter(|c| !c.source.vi.is_empty()).map(|c| html! { <small class="map-source">{ say(lang, &c.source) }</small> }) }
                </td>
            </tr>
        }
    });
    let head_cells: Vec<String> = tb
        .mapping
        .iter()
        .map(|c| Field::parse(&c.field).map(|f| field_label(f, lang).to_string()).unwrap_or_else(|| c.header.clone()))
        .collect();
    let header_rows = if tb.header_last_row != tb.header_row {
        format!("{}–{}", tb.header_row, tb.header_last_row)
    } else {
        tb.header_row.to_string()
    };
    let counts = format!(
        "{} {}: {} {}, {} {}, {} {}, {} {}",
        tb.rows,
        lang.pick("dòng", "rows"),
        tb.dossiers,
        lang.pick("hồ sơ", "dossiers"),
        tb.rejected,
        lang.pick("bị loại", "rejected"),
        tb.blank,
        lang.pick("trống", "blank"),
        tb.non_data,
        lang.pick("không phải dữ liệu", "not data")
    );
    let warnings = (!tb.warnings.is_empty() || !tb.missing.is_empty()).then(|| {
        let missing = tb.missing.iter().filter_map(|f| Field::parse(f)).map(|f| {
            html! { <li>{ format!("{}: {}", lang.pick("Không có cột", "No column for"), field_label(f, lang)) }</li> }
        });
        html! {
            <ul class="warnings" aria-label={lang.pick("Cảnh báo", "Warnings")}>
                { for tb.warnings.iter().map(|w| html! { <li>{ say(lang, w) }</li> }) }
                { for missing }
            </ul>
        }
    });
    let rejected = (!tb.rejected_preview.is_empty()).then(|| {
        let line = |(row, col, val, why): &(u32, String, String, crate::model::Text)| {
            let (r, c) = (lang.pick("Dòng", "Row"), lang.pick("cột", "column"));
            html! { <li>{ format!("{r} {row}, {c} \"{col}\" ('{val}'): {}", say(lang, why)) }</li> }
        };
        html! { <>
            <h4>{ lang.pick("Dòng bị loại (đầu danh sách)", "Rejected rows (first ones)") }</h4>
            <ul class="rejected-preview">{ for tb.rejected_preview.iter().map(line) }</ul>
        </> }
    });
    let non_data = (!tb.non_data_rows.is_empty()).then(|| {
        let line = |(row, text, why): &(u32, String, crate::model::Text)| {
            html! { <li>{ format!("{} {row}: {} — '{text}'", lang.pick("Dòng", "Row"), say(lang, why)) }</li> }
        };
        html! {
            <details class="non-data">
                <summary>{ format!("{} ({})", lang.pick("Dòng không phải dữ liệu", "Rows that are not data"), tb.non_data) }</summary>
                <ul>{ for tb.non_data_rows.iter().map(line) }</ul>
            </details>
        }
    });
    let preview = lang.pick("Xem trước các dòng đầu", "Preview of the first rows");
    html! {
        <>
        <dl class="facts">
            <dt>{ lang.pick("Định dạng", "Format") }</dt><dd class="format">{ if tb.format_label.vi.is_empty() { tb.format.clone() } else { say(lang, &tb.format_label) } }</dd>
            <dt>{ lang.pick("Dòng tiêu đề", "Header row") }</dt><dd>{ header_rows }</dd>
            <dt>{ lang.pick("Các dòng", "Rows") }</dt>
            <dd class="counts">{ counts }</dd>
        </dl>
        { sheet }
        { warnings.unwrap_or_default() }
        <details class="mapping" open={p.first_table}>
            <summary>
                { lang.pick("Cột nào là trường nào (sửa được)", "Which column is which field (editable)") }
            </summary>
            <table class="map-table">
                <thead><tr>
                    <th scope="col">{ lang.pick("Trường", "Field") }</th>
                    <th scope="col">{ lang.pick("Chọn cột", "Column") }</th>
                    <th scope="col">{ lang.pick("Đang đọc", "Read from") }</th>
                </tr></thead>
                <tbody>{ for mapping_rows }</tbody>
            </table>
        </details>
        <h4>{ preview }</h4>
        // Wider than the card: focusable, so the keyboard can scroll it (axe: scrollable-region-focusable).
        <div class="scroll" tabindex="0" role="region"
            aria-label={format!("{preview} — {}", p.inspection.file)}>
            <table class="preview">
                <thead><tr>
                    <th scope="col">{ lang.pick("Dòng", "Row") }</th>
                    { for head_cells.iter().map(|c| html! { <th scope="col">{ c }</th> }) }
                </tr></thead>
                <tbody>{ for tb.preview.iter().map(|r| html! {
                    <tr><td>{ r.row }</td>{ for r.cells.iter().map(|c| html! { <td>{ c }</td> }) }</tr>
                }) }</tbody>
            </table>
        </div>
        { rejected.unwrap_or_default() }
        { non_data.unwrap_or_default() }
        </>
    }
}

/// A reminder, ratings or renames list: its sheet (switchable), the columns read and the records.
fn side_facts(p: &FileCardProps, s: &SideInfo) -> Html {
    let (lang, fi) = (p.lang, &p.inspection);
    let id = match fi.role {
        Role::Reminded => "reminded-sheet",
        Role::Renames => "renames-sheet",
        _ => "ratings-sheet",
    };
    let sheet = if s.sheets.len() > 1 {
        let chosen = p.read.side_sheet(fi.role);
        let (d, role) = (p.dispatch.clone(), fi.role);
        let onchange = Callback::from(move |e: Event| d.emit(Action::SetSideSheet(role, Some(select_value(&e)))));
        // The sheet read names the automatic choice only while it is the one read.
        let auto = match chosen {
            None => format!("{} ({})", lang.pick("Tự động", "Automatic"), s.sheet),
            Some(_) => lang.pick("Tự động", "Automatic").to_string(),
        };
        html! {
            <select {id} {onchange} aria-label={lang.pick("Trang tính của danh sách", "The list's sheet")}>
                <option value="" selected={chosen.is_none()}>{ auto }</option>
                { for s.sheets.iter().map(|n| html! {
                    <option value={n.clone()} selected={chosen == Some(n.as_str())}>{ n }</option>
                }) }
            </select>
        }
    } else {
        html! { { if s.sheet.is_empty() { "—" } else { &s.sheet } } }
    };
    let columns = s
        .columns
        .iter()
        .map(|(field, letter, header)| format!("{} = {letter} \"{header}\"", side_field_label(field, lang)))
        .collect::<Vec<_>>()
        .join("; ");
    let missing = s.missing.iter().map(|f| side_field_label(f, lang)).collect::<Vec<_>>().join(", ");
    let missing = (!missing.is_empty()).then(|| {
        html! { <><dt>{ lang.pick("Không có cột", "No column for") }</dt><dd>{ missing }</dd></> }
    });
    let records =
        format!("{} {}, {} {}", s.records, lang.pick("dòng", "records"), s.rejected, lang.pick("bị loại", "rejected"));
    html! { <>
        <dl class="facts">
            <dt>{ lang.pick("Định dạng", "Format") }</dt><dd>{ &s.format }</dd>
            <dt>{ lang.pick("Trang tính", "Sheet") }</dt><dd>{ sheet }</dd>
            <dt>{ lang.pick("Dòng tiêu đề", "Header row") }</dt><dd>{ s.header_row }</dd>
            <dt>{ lang.pick("Cột đọc được", "Columns read") }</dt><dd class="side-columns">{ columns }</dd>
            { missing.unwrap_or_default() }
            <dt>{ lang.pick("Đọc được", "Read") }</dt><dd>{ records }</dd>
            { for s.warnings.iter().map(|w| html! {
                <><dt>{ lang.pick("Lưu ý", "Note") }</dt><dd>{ say(lang, w) }</dd></>
            }) }
        </dl>
        { rename_lines(lang, &s.renames) }
    </> }
}

/// The renames list's lines and what each matches among the reminders and proposals loaded beside it.
fn rename_lines(lang: Lang, lines: &[RenameLine]) -> Html {
    if lines.is_empty() {
        return html! {};
    }
    let line = |l: &RenameLine| {
        html! {
            <li data-status={l.status.code()}>
                <span class="rename-line">{ say(lang, &l.line) }</span>{ " — " }
                <strong class="rename-status">{ say(lang, &l.label) }</strong>{ ": " }
                <span class="rename-outcome">{ say(lang, &l.outcome) }</span>
            </li>
        }
    };
    html! { <>
        <h4>{ lang.pick("Đối chiếu tên đơn vị", "What each line matches") }</h4>
        <ul class="rename-lines">{ for lines.iter().map(line) }</ul>
    </> }
}
