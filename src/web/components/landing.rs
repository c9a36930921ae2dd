//! The landing page: what the tool does, that files never leave the computer, the dossier files (picked or
//! dropped), the optional side lists, the as-of date, and the sample.

use super::input_value;
use crate::web::engine::Role;
use crate::web::state::{Action, FileEntry, JobKind, Mode};
use crate::web::{format, Lang};
use wasm_bindgen::JsCast;
use web_sys::{FileList, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LandingProps {
    pub lang: Lang,
    /// Check an agency's logs, or roll up the agencies' reports.
    pub mode: Mode,
    pub files: Vec<FileEntry>,
    pub as_of_text: String,
    pub as_of_valid: bool,
    /// A job is running.
    pub busy: bool,
    /// Files picked or dropped, with what they are for: the root hands them to the bridge.
    pub on_files: Callback<(FileList, Role)>,
    pub dispatch: Callback<Action>,
}

#[function_component(Landing)]
pub fn landing(p: &LandingProps) -> Html {
    let lang = p.lang;
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on_files = p.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                on_files.emit((list, Role::Dossiers));
            }
        })
    };
    let start = |kind: JobKind| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Start(kind)))
    };
    let has_dossiers = p.files.iter().any(|f| f.role == Role::Dossiers);
    let can_go = has_dossiers && p.as_of_valid && !p.busy;
    let input = |id: &'static str, role: Role, multiple: bool| file_input(id, role, multiple, &p.on_files);
    if p.mode == Mode::Rollup {
        return rollup_landing(p);
    }
    let checked_files: Vec<FileEntry> = p.files.iter().filter(|f| f.role != Role::Report).cloned().collect();
    html! {
        <section class="landing">
            { mode_switch(lang, p.mode, &p.dispatch) }
            <div class="hero">
                <h1>{ lang.pick(
                    "Kiểm tra hồ sơ trễ hạn và giới hạn xếp loại",
                    "Check late dossiers and rating caps",
                ) }</h1>
                <p class="lead">{ lang.pick(
                    "Đúng Hẹn đọc tệp xuất từ hệ thống một cửa, tính mỗi hồ sơ trước hạn, đúng hạn hay trễ bao nhiêu \
                        ngày làm việc theo lịch nghỉ chính thức. Từ đó chỉ ra cán bộ, đơn vị nào tái phạm và mức xếp \
                        loại đề xuất nào vượt giới hạn, kèm lý do và căn cứ.",
                    "Đúng Hẹn reads the exports of the one-stop system and works out whether each dossier was early, \
                        on time or late, by how many working days on the official calendar. It then shows which \
                        officers and units repeated and which proposed ratings exceed the cap, with the reasons and \
                        the legal basis.",
                ) }</p>
                <p class="privacy" id="privacy">
                    <strong>{ lang.pick(
                        "Tệp của bạn không rời khỏi máy tính này.",
                        "Your files never leave this computer.",
                    ) }</strong>
                    { " " }
                    { lang.pick(
                        "Mọi việc đọc và tính toán diễn ra trong trình duyệt; không có máy chủ nào nhận dữ liệu.",
                        "All reading and checking happens in the browser; no server receives any data.",
                    ) }
                </p>
            </div>
            <div class="upload">
                <div class="dropzone" {ondragover} {ondrop}>
                    <label for="dossier-files" class="big">{ lang.pick(
                        "Tệp hồ sơ (xlsx, xls, ods, csv) — chọn được nhiều tệp",
                        "Dossier files (xlsx, xls, ods, csv) — several allowed",
                    ) }</label>
                    { input("dossier-files", Role::Dossiers, true) }
                    <p class="hint">{ lang.pick(
                        "Kéo thả tệp vào khung này hoặc bấm nút chọn tệp. Tối đa 512 MB mỗi tệp CSV (khoảng \
                            2.000.000 hồ sơ), 100 MB mỗi tệp .xlsx (khoảng 1.000.000 hồ sơ), 16 MB mỗi tệp .xls/.ods.",
                        "Drop files on this box or use the file button. Up to 512 MB per CSV file (about 2,000,000 \
                            dossiers), 100 MB per .xlsx file (about 1,000,000 dossiers), 16 MB per .xls/.ods file.",
                    ) }</p>
                </div>
                <div class="slots">
                    <div class="field">
                        <label for="reminded-file">{ lang.pick(
                            "Danh sách bị nhắc nhở năm trước (không bắt buộc)",
                            "Last year's reminder list (optional)",
                        ) }</label>
                        { input("reminded-file", Role::Reminded, false) }
                    </div>
                    <div class="field">
                        <label for="ratings-file">{ lang.pick(
                            "Danh sách đề xuất xếp loại (không bắt buộc)",
                            "Proposed ratings (optional)",
                        ) }</label>
                        { input("ratings-file", Role::Ratings, false) }
                    </div>
                    <div class="field">
                        <label for="renames-file">{ lang.pick(
                            "Danh sách đơn vị đổi tên, sáp nhập: Tên cũ, Tên mới, Ngày hiệu lực (không bắt buộc)",
                            "Renamed or merged units: old name, new name, effective date (optional)",
                        ) }</label>
                        { input("renames-file", Role::Renames, false) }
                    </div>
                    { as_of_field(lang, &p.as_of_text, p.as_of_valid, &p.dispatch) }
                </div>
                { chosen_files(lang, &checked_files, &p.dispatch) }
                <div class="actions">
                    <button type="button" class="primary" id="continue" disabled={!can_go}
                        onclick={start(JobKind::Inspect)}>
                        { lang.pick("Tiếp tục: xem cách đọc tệp", "Continue: review how the files are read") }
                    </button>
                    <button type="button" class="secondary" id="sample" onclick={start(JobKind::Sample)}
                        disabled={p.busy}>{ "Dùng thử với dữ liệu mẫu" }</button>
                </div>
                <p class="hint">{ lang.pick(
                    "Dữ liệu mẫu là nhật ký hồ sơ năm 2023 do máy tạo ra, tên người và mã hồ sơ đều là giả, kèm hướng \
                        dẫn từng quy tắc.",
                    "The sample is a made-up 2023 dossier log (invented names and codes), with a guided tour of each \
                        rule.",
                ) }</p>
            </div>
        </section>
    }
}

/// The two things the page does: check an agency's logs, or roll up the agencies' reports (Tổng hợp).
fn mode_switch(lang: Lang, mode: Mode, dispatch: &Callback<Action>) -> Html {
    let button = |m: Mode, id: &'static str, label: &str| {
        let d = dispatch.clone();
        let onclick = Callback::from(move |_: MouseEvent| d.emit(Action::SetMode(m)));
        html! {
            <button type="button" {id} class={classes!("mode", (mode == m).then_some("on"))}
                aria-pressed={(mode == m).to_string()} {onclick}>{ label.to_string() }</button>
        }
    };
    html! {
        <div class="modes" role="group" aria-label={lang.pick("Chế độ", "Mode")}>
            { button(Mode::Check, "mode-check", lang.pick("Kiểm tra nhật ký hồ sơ", "Check dossier logs")) }
            { button(Mode::Rollup, "mode-rollup", lang.pick("Tổng hợp báo cáo các cơ quan", "Roll up agencies' reports")) }
        </div>
    }
}

/// Tổng hợp mode: drop the agencies' reports (Đúng Hẹn JSON or xlsx, or earlier roll-ups) and roll them up.
fn rollup_landing(p: &LandingProps) -> Html {
    let lang = p.lang;
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on_files = p.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                on_files.emit((list, Role::Report));
            }
        })
    };
    let onchange = {
        let on_files = p.on_files.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            if let Some(list) = input.files() {
                on_files.emit((list, Role::Report));
            }
            input.set_value("");
        })
    };
    let reports: Vec<FileEntry> = p.files.iter().filter(|f| f.role == Role::Report).cloned().collect();
    let go = {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Start(JobKind::Rollup)))
    };
    html! {
        <section class="landing">
            { mode_switch(lang, p.mode, &p.dispatch) }
            <div class="hero">
                <h1>{ lang.pick("Tổng hợp báo cáo các cơ quan", "Roll up the agencies' reports") }</h1>
                <p class="lead">{ lang.pick(
                    "Thả báo cáo Đúng Hẹn của từng cơ quan (tệp JSON hoặc Excel do Đúng Hẹn tạo) để có bảng tổng hợp \
                        của tỉnh: kết quả từng cơ quan, tổng cộng, xếp hạng, danh sách biểu dương và danh sách nhắc \
                        nhở. Báo cáo bị sửa số liệu, lệch kỳ hay lệch bộ quy tắc được nêu rõ, không cộng lẫn.",
                    "Drop each agency's Đúng Hẹn report (the JSON or Excel file Đúng Hẹn made) to get the province's \
                        table: each agency's results, the totals, the ranking, the commendation list and the reminder \
                        list. Reports whose figures were edited, or for another period or rule set, are named, never \
                        summed silently.",
                ) }</p>
                <p class="privacy"><strong>{ lang.pick(
                    "Tệp của bạn không rời khỏi máy tính này.",
                    "Your files never leave this computer.",
                ) }</strong></p>
            </div>
            <div class="upload">
                <div class="dropzone" {ondragover} {ondrop}>
                    <label for="report-files" class="big">{ lang.pick(
                        "Báo cáo của các cơ quan (JSON, xlsx) — chọn được nhiều tệp",
                        "The agencies' reports (JSON, xlsx) — several allowed",
                    ) }</label>
                    <input type="file" id="report-files" multiple=true accept=".json,.xlsx" {onchange} />
                </div>
                { chosen_files(lang, &reports, &p.dispatch) }
                <div class="actions">
                    <button type="button" class="primary" id="rollup-run" disabled={reports.is_empty() || p.busy}
                        onclick={go}>
                        { lang.pick("Tổng hợp", "Roll up") }
                    </button>
                </div>
            </div>
        </section>
    }
}

/// A file picker for one role; emptied after each pick, so the same file can be picked again.
fn file_input(id: &'static str, role: Role, multiple: bool, on_files: &Callback<(FileList, Role)>) -> Html {
    let onchange = {
        let on_files = on_files.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            if let Some(list) = input.files() {
                on_files.emit((list, role));
            }
            input.set_value("");
        })
    };
    html! {
        <input type="file" {id} {multiple} accept=".xlsx,.xls,.ods,.csv,.tsv,.txt" {onchange} />
    }
}

/// What a file is for, as its line and card name it.
pub fn role_label(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Dossiers => lang.pick("Hồ sơ", "Dossiers"),
        Role::Reminded => lang.pick("Nhắc nhở năm trước", "Last year's reminders"),
        Role::Ratings => lang.pick("Đề xuất xếp loại", "Proposed ratings"),
        Role::Renames => lang.pick("Đơn vị đổi tên", "Renamed units"),
        Role::Report => lang.pick("Báo cáo cơ quan", "Agency report"),
    }
}

/// The files chosen so far, each with its size and a way to remove it.
fn chosen_files(lang: Lang, files: &[FileEntry], dispatch: &Callback<Action>) -> Html {
    if files.is_empty() {
        return html! {};
    }
    html! {
        <ul class="files" aria-label={lang.pick("Tệp đã chọn", "Chosen files")}>
        { for files.iter().map(|f| {
            let (d, id) = (dispatch.clone(), f.id);
            let remove = Callback::from(move |_| d.emit(Action::RemoveFile(id)));
            let label = format!("{} {}", lang.pick("Bỏ tệp", "Remove file"), f.name);
            html! {
                <li>
                    <span class="role">{ role_label(f.role, lang) }</span>
                    <span class="name">{ &f.name }</span>
                    <span class="size">{ format::bytes(f.size, lang) }</span>
                    <button type="button" class="link" onclick={remove} aria-label={label}>
                        { lang.pick("Bỏ", "Remove") }
                    </button>
                </li>
            }
        }) }
        </ul>
    }
}

/// The as-of date, dd/mm/yyyy, with what it means (or what is wrong with it): on the landing page and the
/// review screen.
pub fn as_of_field(lang: Lang, text: &str, valid: bool, dispatch: &Callback<Action>) -> Html {
    let oninput = {
        let d = dispatch.clone();
        Callback::from(move |e: InputEvent| d.emit(Action::SetAsOf(input_value(&e))))
    };
    let help = if valid {
        lang.pick(
            "Hồ sơ chưa xong được tính quá hạn đến ngày này; năm đánh giá là năm của ngày này.",
            "Unfinished dossiers are overdue up to this date; the assessment year is its year.",
        )
    } else {
        lang.pick(
            "Ngày chưa hợp lệ: viết ngày/tháng/năm, ví dụ 31/12/2023.",
            "Not a valid date: write day/month/year, e.g. 31/12/2023.",
        )
    };
    html! {
        <div class="field">
            <label for="as-of">{ lang.pick("Tính đến ngày (dd/mm/yyyy)", "As of (dd/mm/yyyy)") }</label>
            <input id="as-of" type="text" inputmode="numeric" placeholder="dd/mm/yyyy" value={text.to_string()}
                {oninput} aria-invalid={(!valid).to_string()} aria-describedby="as-of-help" />
            <small id="as-of-help">{ help }</small>
        </div>
    }
}
