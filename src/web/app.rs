//! The Yew components. State lives in one reducer ([`State`]); side effects go through [`Bridge`]; the rest
//! are props and callbacks.

use super::bridge::{self, Bridge};
use super::embed::{checked_detail, Embed, EmbedOptions, EMBED_STORAGE_KEY};
use super::engine::{CheckParams, ExportFormat, ExportParams, FileInspection, Role};
use super::protocol::JobStage;
use super::query::{ViewAnswer, ViewQuery};
use super::settings::STORAGE_KEY;
use super::settings::{override_kind_label, Settings};
use super::state::{Action, FileEntry, JobKind, Notice, Screen, State, WhyPanel};
use super::table::{self, PeriodSpec, Query, Tab, WhyKind};
use super::tour::TourTarget;
use super::view::ViewReport;
use super::{format, Lang};
use crate::calendar::{Override, OverrideKind};
use crate::ingest::Field;
use crate::model::Text;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

/// Starts the page (called by index.html after the wasm module is loaded).
#[wasm_bindgen]
pub fn start_app() {
    console_error_panic_hook::set_once();
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) {
        yew::Renderer::<App>::with_root(root).render();
    }
}

/// Where the app runs when `www/dunghen-embed.js` mounts it inside a `<dung-hen>` element (issue 6).
pub struct Host {
    /// The element's attributes, checked.
    pub embed: Embed,
    /// The element the app renders into, inside the element's shadow root.
    pub root: web_sys::Element,
    /// The worker script and the compiled wasm module to hand it.
    pub worker_url: String,
    pub module: JsValue,
    /// Called with the `dunghen-checked` event's detail (JSON) when a check finishes; the loader sends the event.
    pub on_checked: js_sys::Function,
}

#[derive(Properties, Default)]
pub struct AppProps {
    /// None: the full page (`start_app`).
    #[prop_or_default]
    pub host: Option<Rc<Host>>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        match (&self.host, &other.host) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

/// An app mounted by `mount_into`; the loader destroys it when the element leaves the page or its attributes change.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<yew::AppHandle<App>>,
}

#[wasm_bindgen]
impl Mounted {
    pub fn destroy(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
    }
}

/// Mounts the app into `root` (an element inside the `<dung-hen>` element's shadow root). `options_json` holds
/// the element's attributes ([`EmbedOptions`]); throws a JSON `Text` when one of them cannot be used.
#[wasm_bindgen]
pub fn mount_into(
    root: web_sys::Element,
    options_json: &str,
    worker_url: String,
    module: JsValue,
    on_checked: js_sys::Function,
) -> Result<Mounted, JsValue> {
    console_error_panic_hook::set_once();
    let to_js = |m: Text| JsValue::from(serde_json::to_string(&m).unwrap_or_default());
    let options: EmbedOptions = serde_json::from_str(options_json).map_err(|e| {
        to_js(Text {
            vi: format!("Thuộc tính không đọc được: {e}"), en: format!("Unreadable attributes: {e}")
        })
    })?;
    let embed = options.resolve().map_err(to_js)?;
    let host = Rc::new(Host { embed, root: root.clone(), worker_url, module, on_checked });
    let handle = yew::Renderer::<App>::with_root_and_props(root, AppProps { host: Some(host) }).render();
    Ok(Mounted { handle: Some(handle) })
}

/// An element of the app by id: in the element's shadow root when embedded, else in the document.
fn by_id(host: &Option<Rc<Host>>, id: &str) -> Option<web_sys::Element> {
    match host {
        Some(x) => x.root.query_selector(&format!("#{id}")).ok().flatten(),
        None => web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)),
    }
}

type Handle = UseReducerHandle<State>;

fn t(h: &State, vi: &'static str, en: &'static str) -> &'static str {
    h.lang().pick(vi, en)
}

fn m(lang: Lang, msg: &Text) -> String {
    lang.pick(&msg.vi, &msg.en).to_string()
}

fn input_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

fn select_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

fn checked(e: &Event) -> bool {
    e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).map(|i| i.checked()).unwrap_or(false)
}

fn start_inspect(h: &Handle, b: &Bridge, next: &State) {
    let id = h.next_job;
    h.dispatch(Action::Started { kind: JobKind::Inspect, now: bridge::now() });
    b.inspect(id, &next.files, &next.read, next.year());
}

fn check_params(s: &State) -> Option<CheckParams> {
    Some(CheckParams {
        as_of: s.as_of?,
        assessment_year: None,
        read: s.read.clone(),
        profile: s.settings.profile_choice(),
    })
}

fn start_check(h: &Handle, b: &Bridge) {
    if h.sample {
        return start_sample(h, b);
    }
    let Some(params) = check_params(h) else { return };
    let id = h.next_job;
    h.dispatch(Action::Started { kind: JobKind::Check, now: bridge::now() });
    b.check(id, &h.files, &params, false, &first_view(h));
}

fn start_sample(h: &Handle, b: &Bridge) {
    let (y, mo, d) = super::engine::SAMPLE_AS_OF;
    let params = CheckParams {
        as_of: chrono::NaiveDate::from_ymd_opt(y, mo, d).unwrap_or_default(),
        assessment_year: None,
        read: Default::default(),
        profile: h.settings.profile_choice(),
    };
    let id = h.next_job;
    h.dispatch(Action::Started { kind: JobKind::Sample, now: bridge::now() });
    b.check(id, &[], &params, true, &first_view(h));
}

/// The results screen's first question (all data, the units tab), answered with the check's result.
fn first_view(h: &State) -> ViewQuery {
    ViewQuery { lang: h.lang(), ..Default::default() }
}

fn open_why(h: &Handle, b: &Bridge, kind: WhyKind, idx: u32) {
    h.dispatch(Action::OpenWhy { kind, idx });
    b.explain(kind, idx);
}

#[function_component(App)]
fn app(props: &AppProps) -> Html {
    let host = props.host.clone();
    // Embedded, the element keeps its own settings, with its attributes laid over them.
    let key = if host.is_some() { EMBED_STORAGE_KEY } else { STORAGE_KEY };
    let h = {
        let host = host.clone();
        use_reducer(move || {
            let stored = bridge::load_settings(key);
            match &host {
                Some(x) => State::new(x.embed.settings(stored), x.embed.as_of.or_else(bridge::today)),
                None => State::new(stored, bridge::today()),
            }
        })
    };
    let b: Rc<Rc<Bridge>> = {
        let d = h.dispatcher();
        let host = host.clone();
        use_memo((), move |_| {
            let dispatch = Callback::from(move |a| d.dispatch(a));
            match &host {
                Some(x) => Bridge::new(dispatch, x.worker_url.clone(), x.module.clone()),
                None => Bridge::new(dispatch, bridge::page_worker_url(), bridge::page_module()),
            }
        })
    };
    {
        let host = host.clone();
        use_effect_with(h.settings.clone(), move |s| {
            bridge::save_settings(key, s);
            // Embedded, the language is the element's own: the host page's <html lang> is not ours to change.
            let el = match &host {
                Some(x) => Some(x.root.clone()),
                None => web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()),
            };
            if let Some(el) = el {
                let _ = el.set_attribute("lang", s.lang.code());
            }
        });
    }
    // Embedded: tell the host page when a check has finished (the loader sends `dunghen-checked`).
    {
        let host = host.clone();
        let report = h.report.clone();
        use_effect_with(h.report_version, move |_| {
            if let (Some(x), Some(r)) = (&host, &report) {
                let detail = serde_json::to_string(&checked_detail(r)).unwrap_or_default();
                let _ = x.on_checked.call1(&JsValue::NULL, &detail.into());
            }
        });
    }
    // Keyboard: an opened panel takes the focus, so Escape closes it and Tab stays inside.
    {
        let host = host.clone();
        use_effect_with((h.why.is_some(), h.settings_open), move |_| {
            if let Some(el) = by_id(&host, "why").or_else(|| by_id(&host, "settings")) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    // The results screen's tables and the print view's list come from the worker: ask when the question changes.
    {
        let (h2, b2) = (h.clone(), b.clone());
        let on_results = h.screen == Screen::Results;
        use_effect_with((on_results, h.report_version, h.view_query(), h.period), move |(on_results, _, q, period)| {
            if *on_results && h2.view_stale() {
                b2.view(q);
            }
            if *on_results && h2.print_stale() {
                b2.print(period);
            }
        });
    }
    {
        let d = h.dispatcher();
        use_effect_with(h.job.is_some(), move |running| {
            let mut handle: Option<(i32, Closure<dyn FnMut()>)> = None;
            if *running {
                let tick = Closure::<dyn FnMut()>::new(move || d.dispatch(Action::Tick(bridge::now())));
                if let Some(w) = web_sys::window() {
                    if let Ok(id) =
                        w.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 250)
                    {
                        handle = Some((id, tick));
                    }
                }
            }
            move || {
                if let (Some((id, _)), Some(w)) = (handle, web_sys::window()) {
                    w.clear_interval_with_handle(id);
                }
            }
        });
    }
    html! {
        <>
        <div class="app" data-screen={format!("{:?}", h.screen).to_lowercase()}>
            { header(&h, &b) }
            { notice(&h) }
            <main id="main">
            {
                match h.screen {
                    Screen::Landing => landing(&h, &b),
                    Screen::Review => review(&h, &b),
                    Screen::Results => html! { <Results h={h.clone()} b={B((*b).clone())} /> },
                }
            }
            </main>
            { progress(&h, &b) }
            { why_panel(&h) }
            { if h.settings_open { settings_panel(&h) } else { html!{} } }
            <footer class="foot">
                { if selftest() { let b = b.clone(); html!{ <button type="button" id="crash-test" onclick={Callback::from(move |_| b.crash_test())}>{ "Crash test" }</button> } } else { html!{} } }
                <p>{ t(&h, "Đúng Hẹn chạy hoàn toàn trong trình duyệt (WebAssembly). Trang không tải phông chữ, thư \
                    viện hay dữ liệu từ nơi khác; chính sách bảo mật nội dung (CSP) của trang chặn mọi kết nối ra \
                    ngoài.",
                            "Đúng Hẹn runs entirely in your browser (WebAssembly). The page loads no fonts, libraries \
                                or data from elsewhere; its Content-Security-Policy blocks every outside \
                                connection.") }</p>
            </footer>
        </div>
        { if let Some(r) = &h.report { print_view(&h, r) } else { html!{} } }
        </>
    }
}

/// `#selftest` in the address shows a button that makes the worker panic, for the browser tests.
fn selftest() -> bool {
    web_sys::window().and_then(|w| w.location().hash().ok()).is_some_and(|h| h == "#selftest")
}

fn header(h: &Handle, _b: &Rc<Bridge>) -> Html {
    let lang_btn = |l: Lang, label: &'static str| {
        let h2 = h.clone();
        let onclick = Callback::from(move |_| {
            let mut s = h2.settings.clone();
            s.lang = l;
            h2.dispatch(Action::Settings(s));
        });
        html! { <button type="button" class="lang" aria-pressed={(h.lang() == l).to_string()} lang={l.code()} {onclick}>{ label }</button> }
    };
    let toggle = {
        let h = h.clone();
        Callback::from(move |_| h.dispatch(Action::ToggleSettings))
    };
    let home = {
        let h = h.clone();
        Callback::from(move |_| h.dispatch(Action::Go(Screen::Landing)))
    };
    html! {
        <header class="top">
            <button type="button" class="brand" onclick={home} aria-label={t(h, "Về trang đầu", "Back to the start")}>
                <span class="logo" aria-hidden="true">{ "✓" }</span><span>{ "Đúng Hẹn" }</span>
            </button>
            <p class="offline" id="offline-note">
                <svg class="lock" aria-hidden="true" viewBox="0 0 16 \
                    16" width="14" height="14"><rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor"/><path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>{ " " }
                { t(h, "Ngoại tuyến: tệp được xử lý ngay trên máy này, không gửi đi đâu.", "Offline: files are \
                    processed on this computer and sent nowhere.") }
            </p>
            <nav class="tools" aria-label={t(h, "Ngôn ngữ và cài đặt", "Language and settings")}>
                { lang_btn(Lang::Vi, "Tiếng Việt") }
                { lang_btn(Lang::En, "English") }
                <button type="button" id="open-settings" onclick={toggle} aria-expanded={h.settings_open.to_string()}>{ t(h, "Cài đặt", "Settings") }</button>
            </nav>
        </header>
    }
}

fn notice(h: &Handle) -> Html {
    let Some(n) = &h.notice else { return html! {} };
    let Notice { msg, details, error } = n;
    let dismiss = {
        let h = h.clone();
        Callback::from(move |_| h.dispatch(Action::DismissNotice))
    };
    let copy = details.clone().map(|d| Callback::from(move |_| bridge::copy_to_clipboard(&d)));
    html! {
        <div class={classes!("notice", error.then_some("error"))} role={if *error { "alert" } else { "status" }} id="notice">
            <p class="notice-text">{ m(h.lang(), msg) }</p>
            { if let Some(d) = details { html!{ <pre class="details" id="crash-details">{ d }</pre> } } else { html!{} } }
            <div class="row">
                { if let Some(copy) = copy { html!{ <button type="button" id="copy-details" onclick={copy}>{ t(h, "Sao \
                    chép chi tiết", "Copy the details") }</button> } } else { html!{} } }
                <button type="button" onclick={dismiss}>{ t(h, "Đóng", "Dismiss") }</button>
            </div>
        </div>
    }
}

fn file_input(h: &Handle, b: &Rc<Bridge>, id: &'static str, role: Role, multiple: bool) -> Html {
    let (h, b) = (h.clone(), b.clone());
    let onchange = Callback::from(move |e: Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        if let Some(list) = input.files() {
            let entries = b.add_files(&list, role);
            h.dispatch(Action::AddFiles(entries));
        }
        input.set_value("");
    });
    html! { <input type="file" {id} {multiple} accept=".xlsx,.xls,.ods,.csv,.tsv,.txt" {onchange} /> }
}

/// A reminder or ratings list's field (`side_lists::Col::name`) as the card names it.
fn side_field_label(field: &str, lang: Lang) -> String {
    match field {
        "name" => lang.pick("Họ và tên", "Name"),
        "unit" => lang.pick("Đơn vị", "Unit"),
        "date" => lang.pick("Ngày nhắc nhở", "Reminder date"),
        "year" => lang.pick("Năm", "Year"),
        "document" => lang.pick("Số văn bản", "Document"),
        "level" => lang.pick("Mức xếp loại đề xuất", "Proposed level"),
        "disciplined" => lang.pick("Kỷ luật", "Disciplined"),
        other => other,
    }
    .to_string()
}

fn role_label(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Dossiers => lang.pick("Hồ sơ", "Dossiers"),
        Role::Reminded => lang.pick("Nhắc nhở năm trước", "Last year's reminders"),
        Role::Ratings => lang.pick("Đề xuất xếp loại", "Proposed ratings"),
    }
}

fn file_list(h: &Handle) -> Html {
    if h.files.is_empty() {
        return html! {};
    }
    let lang = h.lang();
    html! {
        <ul class="files" aria-label={t(h, "Tệp đã chọn", "Chosen files")}>
        { for h.files.iter().map(|f: &FileEntry| {
            let h2 = h.clone();
            let id = f.id;
            let remove = Callback::from(move |_| h2.dispatch(Action::RemoveFile(id)));
            html! {
                <li>
                    <span class="role">{ role_label(f.role, lang) }</span>
                    <span class="name">{ &f.name }</span>
                    <span class="size">{ format::bytes(f.size, lang) }</span>
                    <button type="button" class="link" onclick={remove} aria-label={format!("{} {}", lang.pick("Bỏ \
                        tệp", "Remove file"), f.name)}>{ lang.pick("Bỏ", "Remove") }</button>
                </li>
            }
        }) }
        </ul>
    }
}

fn as_of_input(h: &Handle) -> Html {
    let h2 = h.clone();
    let oninput = Callback::from(move |e: InputEvent| h2.dispatch(Action::SetAsOf(input_value(&e))));
    let invalid = h.as_of.is_none();
    html! {
        <div class="field">
            <label for="as-of">{ t(h, "Tính đến ngày (dd/mm/yyyy)", "As of (dd/mm/yyyy)") }</label>
            <input id="as-of" type="text" inputmode="numeric" placeholder="dd/mm/yyyy" value={h.as_of_text.clone()} {oninput}
                aria-invalid={invalid.to_string()} aria-describedby="as-of-help" />
            <small id="as-of-help">{
                if invalid { t(h, "Ngày chưa hợp lệ: viết ngày/tháng/năm, ví dụ 31/12/2023.", "Not a valid date: write \
                    day/month/year, e.g. 31/12/2023.") }
                else { t(h, "Hồ sơ chưa xong được tính quá hạn đến ngày này; năm đánh giá là năm của ngày \
                    này.", "Unfinished dossiers are overdue up to this date; the assessment year is its year.") }
            }</small>
        </div>
    }
}

fn landing(h: &Handle, b: &Rc<Bridge>) -> Html {
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                let entries = b.add_files(&list, Role::Dossiers);
                h.dispatch(Action::AddFiles(entries));
            }
        })
    };
    let sample = {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |_| start_sample(&h, &b))
    };
    let next = {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |_| {
            let s = State::clone(&h);
            start_inspect(&h, &b, &s);
        })
    };
    let can_go = h.dossier_files().next().is_some() && h.as_of.is_some() && h.job.is_none();
    html! {
        <section class="landing">
            <div class="hero">
                <h1>{ t(h, "Kiểm tra hồ sơ trễ hạn và giới hạn xếp loại", "Check late dossiers and rating caps") }</h1>
                <p class="lead">{ t(h,
                    "Đúng Hẹn đọc tệp xuất từ hệ thống một cửa, tính mỗi hồ sơ trước hạn, đúng hạn hay trễ bao nhiêu \
                        ngày làm việc theo lịch nghỉ chính thức. Từ đó chỉ ra cán bộ, đơn vị nào tái phạm và mức xếp \
                        loại đề xuất nào vượt giới hạn, kèm lý do và căn cứ.",
                    "Đúng Hẹn reads the exports of the one-stop system and works out whether each dossier was early, \
                        on time or late, by how many working days on the official calendar. It then shows which \
                        officers and units repeated and which proposed ratings exceed the cap, with the reasons and \
                        the legal basis.") }</p>
                <p class="privacy" id="privacy"><strong>{ t(h, "Tệp của bạn không rời khỏi máy tính này.", "Your files \
                    never leave this computer.") }</strong>
                    { " " }{ t(h, "Mọi việc đọc và tính toán diễn ra trong trình duyệt; không có máy chủ nào nhận dữ \
                        liệu.", "All reading and checking happens in the browser; no server receives any data.") }</p>
            </div>
            <div class="upload">
                <div class="dropzone" {ondragover} {ondrop}>
                    <label for="dossier-files" class="big">{ t(h, "Tệp hồ sơ (xlsx, xls, ods, csv) — chọn được nhiều \
                        tệp", "Dossier files (xlsx, xls, ods, csv) — several allowed") }</label>
                    { file_input(h, b, "dossier-files", Role::Dossiers, true) }
                    <p class="hint">{ t(h, "Kéo thả tệp vào khung này hoặc bấm nút chọn tệp. Tối đa 512 MB mỗi tệp CSV \
                        (khoảng 2.000.000 hồ sơ), 100 MB mỗi tệp .xlsx (khoảng 1.000.000 hồ sơ), 16 MB mỗi tệp \
                        .xls/.ods.", "Drop files on this box or use the file button. Up to 512 MB per CSV file (about \
                        2,000,000 dossiers), 100 MB per .xlsx file (about 1,000,000 dossiers), 16 MB per .xls/.ods \
                        file.") }</p>
                </div>
                <div class="slots">
                    <div class="field">
                        <label for="reminded-file">{ t(h, "Danh sách bị nhắc nhở năm trước (không bắt buộc)", "Last \
                            year's reminder list (optional)") }</label>
                        { file_input(h, b, "reminded-file", Role::Reminded, false) }
                    </div>
                    <div class="field">
                        <label for="ratings-file">{ t(h, "Danh sách đề xuất xếp loại (không bắt buộc)", "Proposed \
                            ratings (optional)") }</label>
                        { file_input(h, b, "ratings-file", Role::Ratings, false) }
                    </div>
                    { as_of_input(h) }
                </div>
                { file_list(h) }
                <div class="actions">
                    <button type="button" class="primary" id="continue" disabled={!can_go} onclick={next}>{ t(h, "Tiếp \
                        tục: xem cách đọc tệp", "Continue: review how the files are read") }</button>
                    <button type="button" class="secondary" id="sample" onclick={sample} disabled={h.job.is_some()}>{ "Dùng thử với dữ liệu mẫu" }</button>
                </div>
                <p class="hint">{ t(h, "Dữ liệu mẫu là nhật ký hồ sơ năm 2023 do máy tạo ra, tên người và mã hồ sơ đều \
                    là giả, kèm hướng dẫn từng quy tắc.", "The sample is a made-up 2023 dossier log (invented names \
                    and codes), with a guided tour of each rule.") }</p>
            </div>
        </section>
    }
}

fn field_label(f: Field, lang: Lang) -> &'static str {
    lang.pick(f.label_vi(), f.label_en())
}

fn reinspect(h: &Handle, b: &Bridge, action: Action) {
    let next = State::clone(h).apply(action.clone());
    h.dispatch(action);
    start_inspect(h, b, &next);
}

fn review_file(h: &Handle, b: &Rc<Bridge>, fi: &FileInspection, first_table: bool) -> Html {
    let lang = h.lang();
    let size = format::bytes(fi.size, lang);
    let remove = h.files.iter().find(|f| f.name == fi.file && f.role == fi.role).map(|f| {
        let (h, b, id) = (h.clone(), b.clone(), f.id);
        Callback::from(move |_| {
            let action = Action::RemoveFile(id);
            let next = State::clone(&h).apply(action.clone());
            h.dispatch(action);
            if next.dossier_files().next().is_some() {
                start_inspect(&h, &b, &next);
            }
        })
    });
    // The sheet of a reminder or ratings list, chosen on its card ("": the one whose header fits best).
    let side_sheet = {
        let (h, b, role) = (h.clone(), b.clone(), fi.role);
        move |v: String| reinspect(&h, &b, Action::SetSideSheet(role, Some(v)))
    };
    let body = if let Some(e) = &fi.error {
        // A sheet chosen for a list that holds none: the way back to the automatic choice.
        let back = h.read.side_sheet(fi.role).is_some().then(|| {
            let onclick = Callback::from(move |_| side_sheet(String::new()));
            html! { <button type="button" class="link side-sheet-auto" {onclick}>{ t(h, "Đọc lại với trang tự \
            động", "Read again with the automatic sheet") }</button> }
        });
        html! { <>
            <p class="error file-error" role="alert">{ m(lang, e) }</p>
            { for back }
        </> }
    } else if let Some(tb) = &fi.table {
        let sheet_select = if tb.sheets.len() > 1 && first_table {
            let (h2, b2) = (h.clone(), b.clone());
            let onchange = Callback::from(move |e: Event| {
                let v = select_value(&e);
                reinspect(&h2, &b2, Action::SetSheet(if v.is_empty() { None } else { Some(v) }));
            });
            html! {
                <div class="field inline">
                    <label for="sheet">{ t(h, "Trang tính", "Sheet") }</label>
                    <select id="sheet" {onchange}>
                        <option value="" selected={h.read.sheet.is_none()}>{ format!("{} ({})", lang.pick("Tự \
                            động", "Automatic"), tb.sheet) }</option>
                        { for tb.sheets.iter().map(|s| html!{ <option value={s.clone()} selected={h.read.sheet.as_deref() == Some(s.as_str())}>{ s }</option> }) }
                    </select>
                </div>
            }
        } else {
            html! { <p>{ format!("{}: {}", lang.pick("Trang \
            tính", "Sheet"), if tb.sheet.is_empty() { "—" } else { &tb.sheet }) }</p> }
        };
        let mapping_rows = Field::ALL.iter().map(|f| {
            let auto = tb.mapping.iter().find(|c| c.field == f.name());
            let explicit = h.read.mapping.iter().find(|(x, _)| x == f.name()).map(|(_, c)| c.clone());
            let (h2, b2, name) = (h.clone(), b.clone(), f.name().to_string());
            let onchange = Callback::from(move |e: Event| reinspect(&h2, &b2, Action::SetMapping(name.clone(), select_value(&e))));
            let auto_label = match auto {
                Some(c) => format!("{} ({} — {})", lang.pick("Tự động", "Automatic"), c.letter, c.header),
                None => lang.pick("Tự động (không có cột)", "Automatic (no column)").to_string(),
            };
            html! {
                <tr class={classes!(auto.is_none().then_some("missing"))}>
                    <th scope="row"><label for={format!("map-{}", f.name())}>{ field_label(*f, lang) }</label></th>
                    <td>
                        <select id={format!("map-{}", f.name())} {onchange}>
                            <option value="" selected={explicit.is_none()}>{ auto_label }</option>
                            { for tb.columns.iter().map(|(letter, header)| {
                                let label = if header.is_empty() { format!("{} \
                                    {letter}", lang.pick("Cột", "Column")) } else { format!("{letter} — {header}") };
                                html!{ <option value={letter.clone()} selected={explicit.as_deref() == Some(letter.as_str())}>{ label }</option> }
                            }) }
                        </select>
                    </td>
                    <td class="mapped">{ auto.map(|c| format!("{} · \
                        {}", c.letter, c.header)).unwrap_or_else(|| "—".into()) }</td>
                </tr>
            }
        });
        let head_cells: Vec<String> = tb
            .mapping
            .iter()
            .map(|c| {
                Field::parse(&c.field).map(|f| field_label(f, lang).to_string()).unwrap_or_else(|| c.header.clone())
            })
            .collect();
        html! {
            <>
            <dl class="facts">
                <dt>{ t(h, "Định dạng", "Format") }</dt><dd class="format">{ &tb.format }</dd>
                <dt>{ t(h, "Dòng tiêu đề", "Header \
                    row") }</dt><dd>{ if tb.header_last_row != tb.header_row { format!("{}–{}", tb.header_row, tb.header_last_row) } else { tb.header_row.to_string() } }</dd>
                <dt>{ t(h, "Các dòng", "Rows") }</dt>
                <dd class="counts">{ format!("{} {}: {} {}, {} {}, {} {}, {} {}",
                    tb.rows, lang.pick("dòng", "rows"),
                    tb.dossiers, lang.pick("hồ sơ", "dossiers"),
                    tb.rejected, lang.pick("bị loại", "rejected"),
                    tb.blank, lang.pick("trống", "blank"),
                    tb.non_data, lang.pick("không phải dữ liệu", "not data")) }</dd>
            </dl>
            { sheet_select }
            { if tb.warnings.is_empty() && tb.missing.is_empty() { html!{} } else { html! {
                <ul class="warnings" aria-label={t(h, "Cảnh báo", "Warnings")}>
                    { for tb.warnings.iter().map(|w| html!{ <li>{ m(lang, w) }</li> }) }
                    { for tb.missing.iter().filter_map(|f| Field::parse(f)).map(|f| html!{ <li>{ format!("{}: \
                        {}", lang.pick("Không có cột", "No column for"), field_label(f, lang)) }</li> }) }
                </ul>
            } } }
            <details class="mapping" open={first_table}>
                <summary>{ t(h, "Cột nào là trường nào (sửa được)", "Which column is which field \
                    (editable)") }</summary>
                <table class="map-table">
                    <thead><tr><th scope="col">{ t(h, "Trường", "Field") }</th><th scope="col">{ t(h, "Chọn \
                        cột", "Column") }</th><th scope="col">{ t(h, "Đang đọc", "Read from") }</th></tr></thead>
                    <tbody>{ for mapping_rows }</tbody>
                </table>
            </details>
            <h4>{ t(h, "Xem trước các dòng đầu", "Preview of the first rows") }</h4>
            <div class="scroll">
                <table class="preview">
                    <thead><tr><th scope="col">{ t(h, "Dòng", "Row") }</th>{ for head_cells.iter().map(|c| html!{ <th scope="col">{ c }</th> }) }</tr></thead>
                    <tbody>{ for tb.preview.iter().map(|r| html!{ <tr><td>{ r.row }</td>{ for r.cells.iter().map(|c| html!{ <td>{ c }</td> }) }</tr> }) }</tbody>
                </table>
            </div>
            { if tb.rejected_preview.is_empty() { html!{} } else { html! {
                <>
                <h4>{ t(h, "Dòng bị loại (đầu danh sách)", "Rejected rows (first ones)") }</h4>
                <ul class="rejected-preview">
                    { for tb.rejected_preview.iter().map(|(row, col, val, why)| html!{ <li>{ format!("{} {row}, \
                        {} \"{col}\" ('{val}'): \
                        {}", lang.pick("Dòng", "Row"), lang.pick("cột", "column"), m(lang, why)) }</li> }) }
                </ul>
                </>
            } } }
            </>
        }
    } else if let Some(s) = &fi.side {
        let id = match fi.role {
            Role::Reminded => "reminded-sheet",
            _ => "ratings-sheet",
        };
        let sheet = if s.sheets.len() > 1 {
            let chosen = h.read.side_sheet(fi.role);
            let onchange = Callback::from(move |e: Event| side_sheet(select_value(&e)));
            html! {
                <select {id} {onchange} aria-label={t(h, "Trang tính của danh sách", "The list's sheet")}>
                    // The sheet read names the automatic choice only while it is the one read.
                    <option value="" selected={chosen.is_none()}>{ match chosen {
                        None => format!("{} ({})", lang.pick("Tự động", "Automatic"), s.sheet),
                        Some(_) => lang.pick("Tự động", "Automatic").to_string(),
                    } }</option>
                    { for s.sheets.iter().map(|n| html!{ <option value={n.clone()} selected={chosen == Some(n.as_str())}>{ n }</option> }) }
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
        html! {
            <dl class="facts">
                <dt>{ t(h, "Định dạng", "Format") }</dt><dd>{ &s.format }</dd>
                <dt>{ t(h, "Trang tính", "Sheet") }</dt><dd>{ sheet }</dd>
                <dt>{ t(h, "Dòng tiêu đề", "Header row") }</dt><dd>{ s.header_row }</dd>
                <dt>{ t(h, "Cột đọc được", "Columns read") }</dt><dd class="side-columns">{ columns }</dd>
                { if missing.is_empty() { html!{} } else { html!{ <><dt>{ t(h, "Không có cột", "No column \
                    for") }</dt><dd>{ missing }</dd></> } } }
                <dt>{ t(h, "Đọc được", "Read") }</dt><dd>{ format!("{} {}, {} \
                    {}", s.records, lang.pick("dòng", "records"), s.rejected, lang.pick("bị loại", "rejected")) }</dd>
                { for s.warnings.iter().map(|w| html!{ <><dt>{ t(h, "Lưu \
                    ý", "Note") }</dt><dd>{ m(lang, w) }</dd></> }) }
            </dl>
        }
    } else {
        html! {}
    };
    html! {
        <article class="file-card" data-file={fi.file.clone()}>
            <header>
                <h3><span class="role">{ role_label(fi.role, lang) }</span>{ " " }{ &fi.file }</h3>
                <span class="size">{ size }</span>
                { if let Some(remove) = remove { html!{ <button type="button" class="link" onclick={remove}>{ t(h, "Bỏ \
                    tệp này", "Remove this file") }</button> } } else { html!{} } }
            </header>
            { body }
        </article>
    }
}

fn review(h: &Handle, b: &Rc<Bridge>) -> Html {
    let run = {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |_| start_check(&h, &b))
    };
    let back = {
        let h = h.clone();
        Callback::from(move |_| h.dispatch(Action::Go(Screen::Landing)))
    };
    let month_first = {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |e: Event| reinspect(&h, &b, Action::SetMonthFirst(checked(&e))))
    };
    let blocker = h.blocker();
    let first_table = h.inspection.iter().position(|f| f.table.is_some());
    html! {
        <section class="review">
            <h2>{ t(h, "Kiểm tra cách đọc tệp", "Review how the files are read") }</h2>
            <p class="lead">{ t(h, "Xem định dạng, trang tính, dòng tiêu đề và cột của từng trường. Sửa nếu cần, rồi \
                bấm Kiểm tra.", "Check the format, sheet, header row and the column of each field. Change what is \
                wrong, then press Check.") }</p>
            { for h.inspection.iter().enumerate().map(|(i, f)| review_file(h, b, f, Some(i) == first_table)) }
            <div class="field inline">
                <input type="checkbox" id="month-first" checked={h.read.month_first} onchange={month_first} />
                <label for="month-first">{ t(h, "Các cột ngày ghi theo kiểu tháng trước (mm/dd/yyyy) — tôi xác \
                    nhận", "The date columns are written month-first (mm/dd/yyyy) — I confirm") }</label>
            </div>
            { as_of_input(h) }
            { if let Some(bl) = &blocker { html!{ <p class="hint" id="blocker">{ m(h.lang(), bl) }</p> } } else { html!{} } }
            <div class="actions">
                <button type="button" onclick={back}>{ t(h, "Quay lại", "Back") }</button>
                <button type="button" class="primary" id="run" disabled={blocker.is_some()} onclick={run}>{ t(h, "Kiểm \
                    tra", "Check") }</button>
            </div>
        </section>
    }
}

fn stage_label(stage: Option<&JobStage>, lang: Lang) -> &'static str {
    match stage {
        Some(JobStage::Load { .. }) => lang.pick("Đang nạp tệp", "Loading the file"),
        Some(JobStage::Parse) => lang.pick("Đang đọc bảng hồ sơ", "Reading the dossier table"),
        Some(JobStage::Check) => lang.pick("Đang đọc và kiểm tra từng hồ sơ", "Reading and checking every dossier"),
        Some(JobStage::RowsRead { .. }) => lang.pick("Đang đọc các dòng của bảng", "Reading the table's rows"),
        Some(JobStage::RowsReadHalves { .. }) => lang
            .pick("Đang đọc các dòng của bảng (hai luồng cùng lúc)", "Reading the table's rows (two workers at once)"),
        Some(JobStage::RowsConvert { .. }) => {
            lang.pick("Đang chuyển các dòng thành hồ sơ", "Turning rows into dossiers")
        }
        Some(JobStage::Judge { .. }) => lang.pick("Đang tính hạn từng hồ sơ", "Judging every dossier"),
        Some(JobStage::Report { .. }) => lang.pick("Đang lập kết quả", "Building the results"),
        None => lang.pick("Đang khởi động", "Starting"),
    }
}

/// A progress bar: full-width `max` when the total is known, moving without one.
fn bar(done: u64, total: u64) -> Html {
    if total > 0 {
        html! { <progress max={total.to_string()} value={done.to_string()}></progress> }
    } else {
        html! { <progress></progress> }
    }
}

/// The figures under the bar: bytes loaded, rows read or converted, dossiers judged.
fn stage_figures(stage: Option<&JobStage>, lang: Lang) -> Html {
    let n = |x: u64| format::number(x, lang);
    match stage {
        // Dossiers, not rows: judged one by one, then the report is made of all of them at once.
        Some(JobStage::Judge { done, total }) => html! { <>
            { bar(*done, *total) }
            <p class="rows" id="progress-rows">{
                if *total == 0 { String::new() }
                else { format!("{} / {} {}", n(*done), n(*total), lang.pick("hồ sơ", "dossiers")) }
            }</p>
        </> },
        Some(JobStage::Report { total, .. }) => html! { <>
            <progress></progress>
            <p class="rows" id="progress-rows">{
                if *total == 0 { String::new() } else { format!("{} {}", n(*total), lang.pick("hồ sơ", "dossiers")) }
            }</p>
        </> },
        Some(
            s @ (JobStage::RowsRead { done, total }
            | JobStage::RowsReadHalves { done, total }
            | JobStage::RowsConvert { done, total }),
        ) => {
            // While rows are read the total is estimated from the bytes read so far; read in halves, the rows read
            // too (the first worker's, doubled: it cannot hear the second's while it reads).
            let rows = lang.pick("dòng", "rows");
            let text = if *total > 0 {
                let about = if matches!(s, JobStage::RowsConvert { .. }) { "" } else { "≈" };
                let done_about = if matches!(s, JobStage::RowsReadHalves { .. }) { "≈" } else { "" };
                format!("{done_about}{} / {about}{} {rows}", n(*done), n(*total))
            } else {
                format!("{} {rows}", n(*done))
            };
            html! { <>{ bar(*done, *total) }<p class="rows" id="progress-rows">{ text }</p></> }
        }
        Some(JobStage::Load { loaded, total, .. }) if *total > 0 => html! { <>
            { bar(*loaded, *total) }
            <p class="bytes">{ format!("{} / {}", format::bytes(*loaded, lang), format::bytes(*total, lang)) }</p>
        </> },
        _ => html! { <progress></progress> },
    }
}

fn progress(h: &Handle, b: &Rc<Bridge>) -> Html {
    let Some(j) = &h.job else { return html! {} };
    let lang = h.lang();
    let cancel = {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |_| {
            b.restart();
            h.dispatch(Action::Cancel);
        })
    };
    let stage = j.stage.as_ref();
    let file = match stage {
        Some(JobStage::Load { file, .. }) if !file.is_empty() => format!(" — {file}"),
        _ => String::new(),
    };
    html! {
        <div class="progress" role="status" aria-live="polite" id="progress">
            <p><strong>{ stage_label(stage, lang) }</strong>{ file }</p>
            { stage_figures(stage, lang) }
            <p class="elapsed">{ format!("{}: {}", lang.pick("Thời gian", "Elapsed"), format::elapsed(j.now - j.started)) }</p>
            <p class="hint">{ t(h, "Tệp đang được xử lý trong nền; trang vẫn dùng được.", "The work runs in the \
                background; the page stays usable.") }</p>
            <button type="button" id="cancel" onclick={cancel}>{ t(h, "Hủy", "Cancel") }</button>
        </div>
    }
}

fn card(id: &'static str, label: &str, value: String, note: Option<String>, tone: &'static str) -> Html {
    html! {
        <div class={classes!("card", tone)} data-testid={id}>
            <span class="label">{ label.to_string() }</span>
            <span class="value" id={format!("card-{id}")}>{ value }</span>
            { if let Some(n) = note { html!{ <span class="note">{ n }</span> } } else { html!{} } }
        </div>
    }
}

fn period_select(h: &Handle, r: &ViewReport) -> Html {
    let lang = h.lang();
    let year = r.assessment_year;
    let value = match h.period {
        PeriodSpec::All => "all".to_string(),
        PeriodSpec::Year { .. } => "y".into(),
        PeriodSpec::Half { half, .. } => format!("h{half}"),
        PeriodSpec::Quarter { quarter, .. } => format!("q{quarter}"),
        PeriodSpec::Custom { .. } => "custom".into(),
    };
    let onchange = {
        let h = h.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            let p = match v.as_str() {
                "y" => PeriodSpec::Year { year },
                "h1" => PeriodSpec::Half { year, half: 1 },
                "h2" => PeriodSpec::Half { year, half: 2 },
                "q1" | "q2" | "q3" | "q4" => PeriodSpec::Quarter { year, quarter: v[1..].parse().unwrap_or(1) },
                "custom" => {
                    let (a, b) = h.period.range().unwrap_or((
                        chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
                        chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
                    ));
                    PeriodSpec::Custom { start: a, end: b }
                }
                _ => PeriodSpec::All,
            };
            h.dispatch(Action::SetPeriod(p));
        })
    };
    let opts: Vec<(String, String)> = [
        ("all".to_string(), PeriodSpec::All.label(lang)),
        ("y".into(), PeriodSpec::Year { year }.label(lang)),
        ("h1".into(), PeriodSpec::Half { year, half: 1 }.label(lang)),
        ("h2".into(), PeriodSpec::Half { year, half: 2 }.label(lang)),
    ]
    .into_iter()
    .chain((1..=4).map(|q| (format!("q{q}"), PeriodSpec::Quarter { year, quarter: q }.label(lang))))
    .chain([("custom".to_string(), lang.pick("Tùy chọn…", "Custom…").to_string())])
    .collect();
    let custom = if let PeriodSpec::Custom { start, end } = h.period {
        let edit = |is_start: bool| {
            let h = h.clone();
            Callback::from(move |e: Event| {
                if let Some(d) = format::parse_date(&input_value(&e)) {
                    let (a, b) = if is_start { (d, end) } else { (start, d) };
                    h.dispatch(Action::SetPeriod(PeriodSpec::Custom { start: a.min(b), end: a.max(b) }));
                }
            })
        };
        html! { <>
            <label for="period-from">{ t(h, "Từ", "From") }</label>
            <input id="period-from" type="text" size="10" value={format::date(start)} onchange={edit(true)} />
            <label for="period-to">{ t(h, "đến", "to") }</label>
            <input id="period-to" type="text" size="10" value={format::date(end)} onchange={edit(false)} />
        </> }
    } else {
        html! {}
    };
    html! {
        <div class="period">
            <label for="period">{ t(h, "Kỳ báo cáo (theo ngày hẹn trả)", "Period (by due date)") }</label>
            <select id="period" {onchange}>
                { for opts.into_iter().map(|(v, l)| html!{ <option value={v.clone()} selected={v == value}>{ l }</option> }) }
            </select>
            { custom }
        </div>
    }
}

fn export_bar(h: &Handle, b: &Rc<Bridge>) -> Html {
    let lang = h.lang();
    let export = |format: ExportFormat| {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |_| {
            h.dispatch(Action::ExportStarted(format));
            let p =
                ExportParams { period: h.period, agency: h.settings.agency.clone(), place: h.settings.place.clone() };
            b.export(format, &p);
        })
    };
    let print = Callback::from(|_| bridge::print());
    let again = {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |_| start_check(&h, &b))
    };
    let other = {
        let h = h.clone();
        Callback::from(move |_| h.dispatch(Action::Go(Screen::Landing)))
    };
    let busy = h.exporting.is_some();
    html! {
        <div class="exports">
            <div class="row" role="group" aria-label={t(h, "Xuất kết quả", "Export the results")}>
                <button type="button" id="export-xlsx" onclick={export(ExportFormat::Xlsx)} disabled={busy}>{ t(h, "Tải báo cáo \
                    Excel", "Download Excel report") }</button>
                <button type="button" id="export-csv" onclick={export(ExportFormat::Csv)} disabled={busy}>{ "CSV" }</button>
                <button type="button" id="export-json" onclick={export(ExportFormat::Json)} disabled={busy}>{ "JSON" }</button>
                <button type="button" id="print" onclick={print}>{ t(h, "In báo cáo (A4)", "Print (A4)") }</button>
                <button type="button" id="check-again" onclick={again}>{ t(h, "Kiểm tra lại", "Check again") }</button>
                <button type="button" onclick={other}>{ t(h, "Tệp khác", "Other files") }</button>
            </div>
            { if busy { html!{ <p class="hint" role="status">{ t(h, "Đang tạo tệp…", "Preparing the \
                file…") }</p> } } else { html!{} } }
            { if h.downloads.is_empty() { html!{} } else { html! {
                <ul class="downloads" aria-label={t(h, "Tệp đã tạo", "Files ready")}>
                    { for h.downloads.iter().map(|(name, url)| html!{ <li><a href={url.clone()} download={name.clone()}>{ format!("{} {name}", lang.pick("Tải", "Download")) }</a></li> }) }
                </ul>
            } } }
        </div>
    }
}

fn chart_late(h: &Handle, series: &[((i32, u32), u32)]) -> Html {
    let lang = h.lang();
    if series.is_empty() {
        return html! {};
    }
    let max = series.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let (w, hgt, pad) = (640.0_f64, 220.0_f64, 28.0_f64);
    let bw = (w - 2.0 * pad) / series.len() as f64;
    let title = lang.pick(
        "Hồ sơ trễ hạn và quá hạn theo tháng (theo ngày hẹn trả)",
        "Late and overdue dossiers per month (by due date)",
    );
    html! {
        <figure class="chart">
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("0 0 {w} {hgt}")} role="img" aria-label={title} id="chart-late">
                <line x1={pad.to_string()} y1={(hgt - pad).to_string()} x2={(w - pad).to_string()} y2={(hgt - pad).to_string()} class="axis" />
                { for series.iter().enumerate().map(|(i, ((y, mo), n))| {
                    let bh = (hgt - 2.0 * pad - 14.0) * f64::from(*n) / f64::from(max);
                    let x = pad + i as f64 * bw + bw * 0.15;
                    let yy = hgt - pad - bh;
                    html! { <g>
                        <rect x={format!("{x:.1}")} y={format!("{yy:.1}")} width={format!("{:.1}", bw * 0.7)} height={format!("{bh:.1}")} class="bar late"><title>{ format!("{mo:02}/{y}: {n}") }</title></rect>
                        <text x={format!("{:.1}", x + bw * 0.35)} y={format!("{:.1}", yy - 3.0)} class="val">{ if *n > 0 { n.to_string() } else { String::new() } }</text>
                        <text x={format!("{:.1}", x + bw * 0.35)} y={format!("{:.1}", hgt - pad + 14.0)} class="lbl">{ format!("{mo:02}/{}", y % 100) }</text>
                    </g> }
                }) }
            </svg>
        </figure>
    }
}

fn chart_units(h: &Handle, groups: &[table::GroupFigures]) -> Html {
    let lang = h.lang();
    if groups.is_empty() {
        return html! {};
    }
    let row_h = 26.0_f64;
    let (w, label_w) = (640.0_f64, 250.0_f64);
    let hgt = row_h * groups.len() as f64 + 10.0;
    let title = lang.pick("Tỉ lệ đúng hạn theo đơn vị", "On-time rate per unit");
    html! {
        <figure class="chart">
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("0 0 {w} {hgt}")} role="img" aria-label={title} id="chart-units">
                { for groups.iter().enumerate().map(|(i, g)| {
                    let rate = g.counts.on_time_rate();
                    let bw = (w - label_w - 60.0) * rate.unwrap_or(0.0) / 100.0;
                    let y = 5.0 + i as f64 * row_h;
                    let short: String = if g.name.chars().count() > 34 { g.name.chars().take(33).chain(['…']).collect() } else { g.name.clone() };
                    html! { <g>
                        <text x={(label_w - 6.0).to_string()} y={format!("{:.1}", y + row_h * 0.65)} class="lbl \
                            end">{ short }</text>
                        <rect x={label_w.to_string()} y={format!("{:.1}", y + 3.0)} width={format!("{:.1}", w - label_w - 60.0)} height={format!("{:.1}", row_h - 8.0)} class="track" />
                        <rect x={label_w.to_string()} y={format!("{:.1}", y + 3.0)} width={format!("{bw:.1}")} height={format!("{:.1}", row_h - 8.0)} class="bar ok"><title>{ format!("{}: {}", g.name, format::percent(rate, lang)) }</title></rect>
                        <text x={format!("{:.1}", w - 54.0)} y={format!("{:.1}", y + row_h * 0.65)} class="val \
                            start">{ format::percent(rate, lang) }</text>
                    </g> }
                }) }
            </svg>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    /// The worker's answer for this tab.
    view: Rc<ViewAnswer>,
    /// The page's own query (what the user typed or clicked last, perhaps not answered yet).
    query: Query,
    /// The worker has not answered the latest question yet.
    busy: bool,
    lang: Lang,
    tags: Vec<(String, String)>,
    id: &'static str,
    on: Callback<Action>,
}

#[function_component(TableView)]
fn table_view(p: &TableProps) -> Html {
    let lang = p.lang;
    let v = &p.view;
    let pages = v.pages.max(1);
    let page = p.query.page.min(pages - 1);
    let on = p.on.clone();
    let oninput = Callback::from(move |e: InputEvent| on.emit(Action::Search(input_value(&e))));
    let on = p.on.clone();
    let ontag = Callback::from(move |e: Event| on.emit(Action::Tag(select_value(&e))));
    let go = |n: usize| {
        let on = p.on.clone();
        Callback::from(move |_| on.emit(Action::Page(n)))
    };
    let search_id = format!("search-{}", p.id);
    html! {
        <div class="table-wrap" id={format!("table-{}", p.id)} aria-busy={p.busy.to_string()}>
            <div class="table-tools">
                <label for={search_id.clone()}>{ lang.pick("Tìm", "Search") }</label>
                <input id={search_id} type="search" value={p.query.search.clone()} {oninput} placeholder={lang.pick("tên, mã hồ sơ, đơn vị…", "name, code, unit…")} />
                { if p.tags.is_empty() { html!{} } else { html! { <>
                    <label for={format!("tag-{}", p.id)}>{ lang.pick("Lọc", "Filter") }</label>
                    <select id={format!("tag-{}", p.id)} onchange={ontag}>
                        <option value="" selected={p.query.tag.is_empty()}>{ lang.pick("Tất cả", "All") }</option>
                        { for p.tags.iter().map(|(v, l)| html!{ <option value={v.clone()} selected={p.query.tag == *v}>{ l }</option> }) }
                    </select>
                </> } } }
                <span class="count" aria-live="polite">{ format!("{} / {} \
                    {}", format::number(v.total as u64, lang), format::number(v.all as u64, lang), lang.pick("dòng", "rows")) }</span>
                { if p.busy { html!{ <span class="busy">{ lang.pick("Đang cập \
                    nhật…", "Updating…") }</span> } } else { html!{} } }
            </div>
            <div class="scroll">
            <table class="data">
                <thead><tr>
                    { for v.columns.iter().enumerate().map(|(i, c)| {
                        let sort = match p.query.sort { Some((col, desc)) if col == i => if desc { "descending" } else { "ascending" }, _ => "none" };
                        let on = p.on.clone();
                        let onclick = Callback::from(move |_| on.emit(Action::Sort(i)));
                        html!{ <th scope="col" aria-sort={sort}><button type="button" class="sort" {onclick}>{ c }<span aria-hidden="true">{ match sort { "ascending" => " ▲", "descending" => " ▼", _ => "" } }</span></button></th> }
                    }) }
                    { if v.has_why { html!{ <th scope="col"><span class="sr-only">{ lang.pick("Giải \
                        thích", "Explanation") }</span></th> } } else { html!{} } }
                </tr></thead>
                <tbody>
                { for v.rows.iter().map(|row| {
                    html! {
                        <tr key={row.key.clone()} data-key={row.key.clone()}>
                            { for row.cells.iter().map(|c| html!{ <td class={classes!(c.num.then_some("num"), c.tone.clone())}>{ &c.text }</td> }) }
                            { if v.has_why { html!{ <td>{ if let Some((kind, idx)) = row.why {
                                let on = p.on.clone();
                                let onclick = Callback::from(move |_| on.emit(Action::OpenWhy { kind, idx }));
                                html!{ <button type="button" class="why-btn" {onclick} aria-label={format!("{} \
                                    {}", lang.pick("Vì sao?", "Why?"), row.key)}>{ lang.pick("Vì \
                                    sao?", "Why?") }</button> }
                            } else { html!{} } }</td> } } else { html!{} } }
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            <nav class="pager" aria-label={lang.pick("Trang", "Pages")}>
                <button type="button" onclick={go(0)} disabled={page == 0} aria-label={lang.pick("Trang đầu", "First \
                    page")}>{ "«" }</button>
                <button type="button" onclick={go(page.saturating_sub(1))} disabled={page == 0} aria-label={lang.pick("Trang trước", "Previous page")}>{ "‹" }</button>
                <span>{ format!("{} {} / {}", lang.pick("Trang", "Page"), page + 1, pages) }</span>
                <button type="button" onclick={go(page + 1)} disabled={page + 1 >= pages} aria-label={lang.pick("Trang \
                    sau", "Next page")}>{ "›" }</button>
                <button type="button" onclick={go(pages - 1)} disabled={page + 1 >= pages} aria-label={lang.pick("Trang cuối", "Last page")}>{ "»" }</button>
            </nav>
        </div>
    }
}

/// The bridge as a prop (compared by identity).
#[derive(Clone)]
struct B(Rc<Bridge>);

impl PartialEq for B {
    fn eq(&self, o: &B) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

#[derive(Properties, PartialEq)]
struct ScreenProps {
    h: Handle,
    b: B,
}

#[function_component(Results)]
fn results(p: &ScreenProps) -> Html {
    let (h, b) = (&p.h, &p.b.0);
    let lang = h.lang();
    let (Some(r), Some(view)) = (h.report.clone(), h.view.clone()) else { return html! {} };
    // The cards and charts show the period of the last answer; the table shows once the worker has answered for
    // the tab chosen.
    let counts = &view.counts;
    let s = &r.summary;
    let on = {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |a: Action| {
            if let Action::OpenWhy { kind, idx } = &a {
                open_why(&h, &b, *kind, *idx);
            } else {
                h.dispatch(a);
            }
        })
    };
    let filtered = view.query.period != PeriodSpec::All;
    let busy = h.view_stale();
    html! {
        <section class="results">
            <div class="results-head">
                <div>
                    <h2>{ t(h, "Kết quả kiểm tra", "Results") }</h2>
                    <p class="meta">{ format!("{} {} · {} {} · {}", lang.pick("Tính đến", "As \
                        of"), format::iso_to_vi(&r.as_of), lang.pick("năm đánh giá", "assessment \
                        year"), r.assessment_year, r.profile) }</p>
                    { if r.provisional_years.is_empty() { html!{} } else { html!{ <p class="warn-text">{ format!("{}: \
                        {:?}", lang.pick("Năm chưa có lịch nghỉ chính thức, kết quả tạm tính", "Years without official \
                        calendar data, results provisional"), r.provisional_years) }</p> } } }
                </div>
                { period_select(h, &r) }
            </div>
            { export_bar(h, b) }
            <div class="cards" id="summary">
                { card("dossiers", lang.pick("Hồ \
                    sơ", "Dossiers"), format::number(counts.dossiers.into(), lang), filtered.then(|| format!("{} \
                    {}", lang.pick("trên tổng", "of"), format::number(s.dossiers.into(), lang))), "") }
                { card("on-time", lang.pick("Tỉ lệ đúng hạn", "On-time \
                    rate"), format::percent(counts.on_time_rate(), lang), Some(format!("{} {} · {} \
                    {}", counts.early, lang.pick("trước hạn", "early"), counts.on_time, lang.pick("đúng hạn", "on \
                    time"))), "good") }
                { card("late", lang.pick("Trễ hạn", "Late"), format::number(counts.late.into(), lang), None, "bad") }
                { card("pending-overdue", lang.pick("Đang giải quyết quá hạn", "Pending \
                    overdue"), format::number(counts.pending_overdue.into(), lang), Some(format!("{} \
                    {}", counts.pending_within, lang.pick("còn trong hạn", "still within time"))), "bad") }
                { card("rejected", lang.pick("Dòng bị loại", "Rejected \
                    rows"), format::number(s.rejected_rows.into(), lang), filtered.then(|| lang.pick("mọi tệp, không \
                    lọc theo kỳ", "all files, not by period").to_string()), "warn") }
                { card("violations", lang.pick("Vi phạm giới hạn xếp loại", "Rating cap \
                    violations"), format::number(s.violations.into(), lang), Some(format!("{} \
                    {}", s.at_risk, lang.pick("có nguy cơ", "at risk"))), "bad") }
            </div>
            { if r.conflicts.is_empty() { html!{} } else { html!{ <ul class="warnings">
                { for r.conflicts.iter().map(|c| html!{ <li>{ m(lang, c) }</li> }) }
                { if (s.conflicts as usize) > r.conflicts.len() { html!{ <li>{ format!("{} {} {}", lang.pick("… \
                    và", "… and"), format::number((s.conflicts as usize - r.conflicts.len()) as u64, lang), lang.pick("xung đột khác (có trong tệp xuất)", "more conflicts (in the exports)")) }</li> } } else { html!{} } }
            </ul> } } }
            { if h.tour.is_some() { tour_panel(h, b, &r) } else { html!{} } }
            <div class="charts">
                { chart_late(h, &view.late_per_month) }
                { chart_units(h, &view.units) }
            </div>
            <div class="tabs" role="tablist" aria-label={t(h, "Bảng kết quả", "Result tables")}>
                { for Tab::ALL.iter().map(|tab| {
                    let h2 = h.clone();
                    let tab = *tab;
                    let onclick = Callback::from(move |_| h2.dispatch(Action::SetTab(tab)));
                    html!{ <button type="button" role="tab" id={format!("tab-{}", tab.id())} aria-selected={(h.tab == tab).to_string()} aria-controls="tabpanel" {onclick}>{ tab.label(lang) }</button> }
                }) }
            </div>
            <div role="tabpanel" id="tabpanel" aria-labelledby={format!("tab-{}", h.tab.id())}>
                { if view.query.tab == h.tab {
                    html!{ <TableView view={view.clone()} query={h.query()} busy={busy} lang={lang} tags={h.tab.tags(lang)} id={h.tab.id()} on={on} /> }
                } else {
                    html!{ <p class="hint" role="status">{ t(h, "Đang lấy bảng…", "Fetching the table…") }</p> }
                } }
            </div>
        </section>
    }
}

fn tour_panel(h: &Handle, b: &Rc<Bridge>, r: &ViewReport) -> Html {
    let steps = &r.tour;
    let Some(i) = h.tour else { return html! {} };
    if steps.is_empty() {
        return html! {};
    }
    let i = i.min(steps.len() - 1);
    let st = &steps[i];
    let lang = h.lang();
    let go = |n: Option<usize>| {
        let h = h.clone();
        Callback::from(move |_| h.dispatch(Action::Tour(n)))
    };
    let show = st.target.clone().map(|target| {
        let (h, b) = (h.clone(), b.clone());
        Callback::from(move |_| match &target {
            TourTarget::Why(kind, idx) => open_why(&h, &b, *kind, *idx),
            TourTarget::Tab(tab) => h.dispatch(Action::SetTab(*tab)),
        })
    });
    html! {
        <aside class="tour" id="tour" aria-label={t(h, "Hướng dẫn từng quy tắc", "Guided tour of the rules")}>
            <p class="step">{ format!("{} {} / {}", lang.pick("Hướng dẫn · bước", "Tour · \
                step"), i + 1, steps.len()) }</p>
            <h3>{ m(lang, &st.title) }</h3>
            <p>{ m(lang, &st.text) }</p>
            <div class="row">
                { if let Some(show) = show { html!{ <button type="button" class="primary" id="tour-show" onclick={show}>{ match st.target { Some(TourTarget::Tab(_)) => lang.pick("Xem bảng", "Show the table"), _ => lang.pick("Vì sao?", "Why?") } }</button> } } else { html!{} } }
                <button type="button" onclick={go(Some(i.saturating_sub(1)))} disabled={i == 0}>{ t(h, "Trước", "Previous") }</button>
                { if i + 1 < steps.len() { html!{ <button type="button" id="tour-next" onclick={go(Some(i + 1))}>{ t(h, "Tiếp", "Next") }</button> } } else { html!{} } }
                <button type="button" onclick={go(None)}>{ t(h, "Đóng hướng dẫn", "Close the tour") }</button>
            </div>
        </aside>
    }
}

fn why_panel(h: &Handle) -> Html {
    let Some(w) = &h.why else { return html! {} };
    let lang = h.lang();
    let close = {
        let h = h.clone();
        Callback::from(move |_| h.dispatch(Action::CloseWhy))
    };
    let onkeydown = {
        let h = h.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                h.dispatch(Action::CloseWhy)
            }
        })
    };
    let body = match w {
        WhyPanel::Loading { .. } => html! { <p>{ t(h, "Đang lấy giải thích…", "Fetching the explanation…") }</p> },
        WhyPanel::Ready(why) => html! { <>
            <h2 id="why-title">{ format!("{} {}", lang.pick("Vì sao?", "Why?"), why.title) }</h2>
            { if why.subtitle.is_empty() { html!{} } else { html!{ <p class="meta">{ &why.subtitle }</p> } } }
            <ol class="steps" id="why-steps">{ for why.steps.iter().map(|s| html!{ <li>{ m(lang, s) }</li> }) }</ol>
            { if why.citations.is_empty() { html!{} } else { html! { <>
                <h3>{ t(h, "Căn cứ", "Legal basis") }</h3>
                <ul class="citations">{ for why.citations.iter().map(|c| html!{ <li>
                    <strong>{ &c.document }</strong>
                    { c.article.as_ref().map(|a| format!(", {a}")).unwrap_or_default() }
                    { if let Some(q) = &c.quote { html!{ <blockquote>{ q }</blockquote> } } else { html!{} } }
                    <span class="sureness">{ format!("({})", m(lang, &c.sureness)) }</span>
                </li> }) }</ul>
            </> } } }
        </> },
    };
    html! {
        <div class="overlay" onclick={close.clone()}>
            <aside class="why" role="dialog" aria-modal="true" aria-labelledby="why-title" id="why" {onkeydown} tabindex="-1"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <button type="button" class="close" onclick={close} aria-label={t(h, "Đóng", "Close")}>{ "×" }</button>
                { body }
            </aside>
        </div>
    }
}

/// A change of the settings made from a form event.
type SettingsEdit = Rc<dyn Fn(&mut Settings, &Event)>;

fn settings_panel(h: &Handle) -> Html {
    let lang = h.lang();
    let s = h.settings.clone();
    let update = |f: SettingsEdit| {
        let h = h.clone();
        Callback::from(move |e: Event| {
            let mut s = h.settings.clone();
            f(&mut s, &e);
            h.dispatch(Action::Settings(s));
        })
    };
    let min_late = update(Rc::new(|s, e| s.min_late = input_value(e).trim().parse().ok().filter(|n: &u32| *n > 0)));
    let slow = update(Rc::new(|s, e| s.require_slow_improvement = Some(checked(e))));
    let extended = update(Rc::new(|s, e| s.use_extended_due = Some(checked(e))));
    let agency = update(Rc::new(|s, e| s.agency = input_value(e)));
    let place = update(Rc::new(|s, e| s.place = input_value(e)));
    let close = {
        let h = h.clone();
        Callback::from(move |_| h.dispatch(Action::ToggleSettings))
    };
    let reset = {
        let h = h.clone();
        Callback::from(move |_| h.dispatch(Action::Settings(Settings { lang: h.settings.lang, ..Default::default() })))
    };
    let add_override = {
        let h = h.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let doc = web_sys::window().and_then(|w| w.document());
            let val = |id: &str| -> String {
                doc.as_ref()
                    .and_then(|d| d.get_element_by_id(id))
                    .map(|el| {
                        el.clone()
                            .dyn_into::<HtmlInputElement>()
                            .map(|i| i.value())
                            .or_else(|el| el.dyn_into::<HtmlSelectElement>().map(|s| s.value()))
                            .unwrap_or_default()
                    })
                    .unwrap_or_default()
            };
            if let Some(date) = format::parse_date(&val("ov-date")) {
                let kind =
                    if val("ov-kind") == "working_day" { OverrideKind::WorkingDay } else { OverrideKind::DayOff };
                let mut s = h.settings.clone();
                s.overrides.retain(|o| o.date != date);
                s.overrides.push(Override { date, kind, note: val("ov-note") });
                s.overrides.sort_by_key(|o| o.date);
                h.dispatch(Action::Settings(s));
            }
        })
    };
    let import = {
        let h = h.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
            let h = h.clone();
            bridge::read_text(
                file,
                Callback::from(move |(name, text): (String, String)| match crate::profile::Profile::from_toml(&text) {
                    Ok(_) => {
                        let mut s = h.settings.clone();
                        s.custom_profile = Some((name, text));
                        h.dispatch(Action::Settings(s));
                    }
                    Err(err) => h.dispatch(Action::Notify(Notice {
                        msg: Text { vi: format!("{name}: {err}"), en: format!("{name}: {err}") },
                        details: None,
                        error: true,
                    })),
                }),
            );
            input.set_value("");
        })
    };
    let drop_profile = {
        let h = h.clone();
        Callback::from(move |_| {
            let mut s = h.settings.clone();
            s.custom_profile = None;
            h.dispatch(Action::Settings(s));
        })
    };
    let default = crate::profile::Profile::default_profile();
    html! {
        <div class="overlay">
        <aside class="settings" role="dialog" aria-modal="true" aria-labelledby="settings-title" id="settings" tabindex="-1"
            onkeydown={{ let h = h.clone(); Callback::from(move |e: KeyboardEvent| if e.key() == "Escape" { h.dispatch(Action::ToggleSettings) }) }}>
            <button type="button" class="close" onclick={close.clone()} aria-label={t(h, "Đóng", "Close")}>{ "×" }</button>
            <h2 id="settings-title">{ t(h, "Cài đặt", "Settings") }</h2>
            <p class="hint">{ t(h, "Cài đặt chỉ lưu trong trình duyệt này (localStorage).", "Settings are kept in this \
                browser only (localStorage).") }</p>
            <fieldset>
                <legend>{ t(h, "Quy tắc", "Rules") }</legend>
                <p>{ format!("{}: {}", lang.pick("Bộ quy tắc", "Rule \
                    set"), s.custom_profile.as_ref().map(|(n, _)| n.clone()).unwrap_or_else(|| default.name.clone())) }</p>
                <div class="field">
                    <label for="set-min-late">{ format!("{} ({} {})", lang.pick("Số hồ sơ trễ để tính là tái phạm \
                        nhiều lần", "Late dossiers that make a repeat"), lang.pick("mặc \
                        định", "default"), default.repeat.min_late.value) }</label>
                    <input id="set-min-late" type="number" min="1" value={s.min_late.map(|n| n.to_string()).unwrap_or_default()} onchange={min_late} />
                </div>
                <div class="field inline">
                    <input id="set-slow" type="checkbox" checked={s.require_slow_improvement.unwrap_or(default.repeat.require_slow_improvement.value)} onchange={slow} />
                    <label for="set-slow">{ t(h, "Chỉ tính tái phạm khi chậm chuyển biến so với năm trước", "Count a \
                        repeat only when slow to improve on last year") }</label>
                </div>
                <div class="field inline">
                    <input id="set-extended" type="checkbox" checked={s.use_extended_due.unwrap_or(default.lateness.use_extended_due.value)} onchange={extended} />
                    <label for="set-extended">{ t(h, "Tính hạn theo ngày hẹn lại (khi có phiếu xin lỗi)", "Judge \
                        against the re-appointment date (with an apology)") }</label>
                </div>
                <div class="field">
                    <label for="set-profile">{ t(h, "Nhập tệp bộ quy tắc (.toml)", "Import a rule set file \
                        (.toml)") }</label>
                    <input id="set-profile" type="file" accept=".toml,text/plain" onchange={import} />
                    { if s.custom_profile.is_some() { html!{ <button type="button" class="link" onclick={drop_profile}>{ t(h, "Dùng lại bộ quy tắc có sẵn", "Back to the built-in rule set") }</button> } } else { html!{} } }
                </div>
            </fieldset>
            <fieldset>
                <legend>{ t(h, "Lịch làm việc: thêm ngày nghỉ hoặc ngày làm bù", "Calendar: add a day off or a working \
                    day") }</legend>
                <ul class="overrides">{ for s.overrides.iter().map(|o| {
                    let h2 = h.clone();
                    let date = o.date;
                    let remove = Callback::from(move |_| { let mut s = h2.settings.clone(); s.overrides.retain(|x| x.date != date); h2.dispatch(Action::Settings(s)); });
                    html!{ <li>{ format!("{} · {} · \
                        {}", format::date(o.date), override_kind_label(o.kind, lang), o.note) }<button type="button" class="link" onclick={remove}>{ lang.pick("Xóa", "Delete") }</button></li> }
                }) }</ul>
                <form class="row" onsubmit={add_override}>
                    <label for="ov-date">{ t(h, "Ngày", "Date") }</label><input id="ov-date" type="text" size="10" placeholder="dd/mm/yyyy" />
                    <label for="ov-kind">{ t(h, "Loại", "Kind") }</label>
                    <select id="ov-kind"><option value="day_off">{ override_kind_label(OverrideKind::DayOff, lang) }</option><option value="working_day">{ override_kind_label(OverrideKind::WorkingDay, lang) }</option></select>
                    <label for="ov-note">{ t(h, "Ghi chú", "Note") }</label><input id="ov-note" type="text" />
                    <button type="submit">{ t(h, "Thêm", "Add") }</button>
                </form>
            </fieldset>
            <fieldset>
                <legend>{ t(h, "Tiêu đề báo cáo", "Report letterhead") }</legend>
                <div class="field"><label for="set-agency">{ t(h, "Cơ \
                    quan", "Agency") }</label><input id="set-agency" type="text" value={s.agency.clone()} onchange={agency} placeholder="UBND HUYỆN …" /></div>
                <div class="field"><label for="set-place">{ t(h, "Địa \
                    danh", "Place") }</label><input id="set-place" type="text" value={s.place.clone()} onchange={place} /></div>
            </fieldset>
            <div class="row">
                <button type="button" onclick={reset}>{ t(h, "Về mặc định", "Reset to defaults") }</button>
                <button type="button" class="primary" onclick={close}>{ t(h, "Xong", "Done") }</button>
            </div>
        </aside>
        </div>
    }
}

/// The A4 print layout: national motto, title, period, tables, signature blocks. Hidden on screen. The counts
/// and units are the last answer's (the period shown), the late dossiers the worker's list for the period.
fn print_view(h: &Handle, r: &ViewReport) -> Html {
    let (counts, units) = match &h.view {
        Some(v) => (v.counts, v.units.as_slice()),
        None => (table::StatusCounts::default(), &[][..]),
    };
    let (late, more) = match &h.print {
        Some(p) => (p.late.as_slice(), p.more),
        None => (&[][..], 0),
    };
    let lang = Lang::Vi;
    let agency =
        if h.settings.agency.is_empty() { "……………………".to_string() } else { h.settings.agency.clone() };
    let place = if h.settings.place.is_empty() { "……………".to_string() } else { h.settings.place.clone() };
    let d = chrono::NaiveDate::parse_from_str(&r.as_of, "%Y-%m-%d").unwrap_or_default();
    html! {
        <div id="print-view" class="print-only" lang="vi">
            <table class="motto"><tr>
                <td><strong>{ agency }</strong></td>
                <td><strong>{ "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" }</strong><br/><strong class="u">{ "Độc lập - Tự do \
                    - Hạnh phúc" }</strong></td>
            </tr></table>
            <p class="place">{ format!("{place}, ngày {:02} tháng {:02} năm \
                {}", chrono::Datelike::day(&d), chrono::Datelike::month(&d), chrono::Datelike::year(&d)) }</p>
            <h1>{ "BÁO CÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH" }</h1>
            <p class="center">{ format!("Kỳ báo cáo: {} · tính đến ngày \
                {}", h.period.label(lang), format::iso_to_vi(&r.as_of)) }</p>
            <h2>{ "1. Tổng hợp" }</h2>
            <table class="grid"><tbody>
                <tr><th>{ "Tổng số hồ sơ" }</th><td>{ counts.dossiers }</td><th>{ "Tỉ lệ đúng \
                    hạn" }</th><td>{ format::percent(counts.on_time_rate(), lang) }</td></tr>
                <tr><th>{ "Trước hạn" }</th><td>{ counts.early }</td><th>{ "Đúng \
                    hạn" }</th><td>{ counts.on_time }</td></tr>
                <tr><th>{ "Trễ hạn" }</th><td>{ counts.late }</td><th>{ "Đang giải quyết quá \
                    hạn" }</th><td>{ counts.pending_overdue }</td></tr>
                <tr><th>{ "Dòng bị loại" }</th><td>{ r.summary.rejected_rows }</td><th>{ "Vi phạm giới hạn xếp \
                    loại" }</th><td>{ r.summary.violations }</td></tr>
            </tbody></table>
            <h2>{ "2. Theo đơn vị" }</h2>
            <table class="grid">
                <thead><tr><th>{ "STT" }</th><th>{ "Đơn vị" }</th><th>{ "Số hồ sơ" }</th><th>{ "Trước/đúng \
                    hạn" }</th><th>{ "Trễ hạn" }</th><th>{ "Quá hạn" }</th><th>{ "Tỉ lệ đúng hạn" }</th></tr></thead>
                <tbody>{ for units.iter().enumerate().map(|(i, g)| html!{ <tr><td>{ i + 1 }</td><td>{ &g.name }</td><td>{ g.counts.dossiers }</td><td>{ g.counts.early + g.counts.on_time }</td><td>{ g.counts.late }</td><td>{ g.counts.pending_overdue }</td><td>{ format::percent(g.counts.on_time_rate(), lang) }</td></tr> }) }</tbody>
            </table>
            <h2>{ "3. Hồ sơ trễ hạn, quá hạn" }</h2>
            <table class="grid">
                <thead><tr><th>{ "STT" }</th><th>{ "Mã hồ sơ" }</th><th>{ "Đơn vị" }</th><th>{ "Cán \
                    bộ" }</th><th>{ "Hẹn trả" }</th><th>{ "Hoàn thành" }</th><th>{ "Số ngày trễ" }</th></tr></thead>
                <tbody>{ for late.iter().enumerate().map(|(i, d)| html!{ <tr><td>{ i + 1 }</td><td>{ &d.code }</td><td>{ &d.unit }</td><td>{ &d.officer }</td><td>{ &d.due }</td><td>{ &d.finished }</td><td>{ d.late }</td></tr> }) }</tbody>
            </table>
            { if more > 0 { html!{ <p class="more">{ format!("… và {} hồ sơ khác: danh sách đầy đủ trong báo cáo \
                Excel.", format::number(more.into(), lang)) }</p> } } else { html!{} } }
            <table class="signatures"><tr>
                <td><strong>{ "NGƯỜI LẬP BIỂU" }</strong><br/><em>{ "(Ký, ghi rõ họ tên)" }</em></td>
                <td><strong>{ "THỦ TRƯỞNG ĐƠN VỊ" }</strong><br/><em>{ "(Ký tên, đóng dấu)" }</em></td>
            </tr></table>
        </div>
    }
}
