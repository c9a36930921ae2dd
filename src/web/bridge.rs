//! The page's side effects in one place: the Web Worker (start, messages, cancel by terminate-and-restart),
//! the `File`s the user gave, downloads through Blob URLs, localStorage, the clipboard, printing. The reducer's
//! [`Effect`]s are carried out here ([`Bridge::run`]); the worker is asked [`Request`]s and answers [`Reply`]s
//! (`protocol`), as JavaScript objects, which come back to the reducer as actions.

use super::embed::checked_detail;
use super::engine::Role;
use super::protocol::{from_js, to_js, Bytes, ExportFile, FileRef, JsObject, Reply, Request};
use super::query::ViewQuery;
use super::settings::Settings;
use super::state::{Action, Effect, FileEntry};
use super::Lang;
use crate::model::Text;
use js_sys::{Array, Reflect};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, ErrorEvent, File, FileList, MessageEvent, Url, Worker, WorkerOptions, WorkerType,
};
use yew::Callback;

/// A worker's event listener, kept alive as long as the bridge.
type Listener<E> = RefCell<Option<Closure<dyn FnMut(E)>>>;

/// Where the app runs: the full page or a `<dung-hen>` element.
pub struct PageHost {
    /// The worker script (`./worker.js`, beside the embed script when embedded, a Blob URL in the single file)
    /// and the compiled wasm module handed to every new worker.
    pub worker_url: String,
    pub module: JsValue,
    /// Where the settings are kept (localStorage).
    pub storage_key: &'static str,
    /// The element whose `lang` follows the settings: `<html>` for the full page, the app's root when embedded.
    pub lang_root: Option<web_sys::Element>,
    /// Embedded: told of each check's result (the loader sends `dunghen-checked`).
    pub on_checked: Option<js_sys::Function>,
}

pub struct Bridge {
    worker: RefCell<Option<Worker>>,
    host: PageHost,
    files: RefCell<HashMap<u32, File>>,
    next_file: Cell<u32>,
    dispatch: Callback<Action>,
    urls: RefCell<Vec<String>>,
    /// The parts of the export files come so far, by file name (`Reply::ExportPart`), joined into one `Blob` each
    /// when `Reply::Exported` comes: a big file is never one buffer.
    parts: RefCell<Vec<(String, Array)>>,
    /// One view question at a time: while the worker answers one, only the latest of those asked meanwhile is
    /// kept, and sent when the answer comes (typing a search asks once per key).
    view_busy: Cell<bool>,
    view_next: RefCell<Option<ViewQuery>>,
    on_message: Listener<MessageEvent>,
    on_error: Listener<ErrorEvent>,
    me: Weak<Bridge>,
}

/// The worker died or could not be reached: the page shows the details and a new worker takes over.
fn crashed(details: String) -> Action {
    Action::Worker(Reply::Crashed { id: 0, details })
}

impl Bridge {
    /// A bridge for the app in `host`; its worker starts with [`Bridge::start`].
    pub fn new(dispatch: Callback<Action>, host: PageHost) -> Rc<Bridge> {
        Rc::new_cyclic(|me| Bridge {
            worker: RefCell::new(None),
            host,
            files: RefCell::new(HashMap::new()),
            next_file: Cell::new(1),
            dispatch,
            urls: RefCell::new(Vec::new()),
            parts: RefCell::new(Vec::new()),
            view_busy: Cell::new(false),
            view_next: RefCell::new(None),
            on_message: RefCell::new(None),
            on_error: RefCell::new(None),
            me: me.clone(),
        })
    }

    /// Starts the worker.
    pub fn start(&self) {
        self.spawn();
    }

    /// Carries out one of the reducer's effects.
    pub fn run(&self, effect: Effect) {
        match effect {
            Effect::Inspect { id, files, read, year } => {
                self.post(&Request::Inspect { id, files: self.file_refs(&files), read, year })
            }
            Effect::Check { id, files, params, sample, first } => {
                self.post(&Request::Check { id, files: self.file_refs(&files), params, sample, view: first })
            }
            Effect::Rollup { id, files } => self.post(&Request::Rollup { id, files: self.file_refs(&files) }),
            Effect::Ask(Request::View { query }) => self.view(query),
            Effect::Ask(request) => self.post(&request),
            Effect::RestartWorker => self.restart(),
            Effect::SaveSettings(s) => {
                save_settings(self.host.storage_key, &s);
                self.show_lang(s.lang);
            }
            Effect::Announce(report) => {
                if let Some(f) = &self.host.on_checked {
                    let detail = serde_json::to_string(&checked_detail(&report)).unwrap_or_default();
                    let _ = f.call1(&JsValue::NULL, &detail.into());
                }
            }
            Effect::PrintPage => print(),
            Effect::Copy(text) => copy_to_clipboard(&text),
        }
    }

    fn show_lang(&self, lang: Lang) {
        if let Some(el) = &self.host.lang_root {
            let _ = el.set_attribute("lang", lang.code());
        }
    }

    fn spawn(&self) {
        let opts = WorkerOptions::new();
        // worker.js imports the glue, so it is a module worker. The single file's worker (a Blob URL of the glue
        // and worker.js, no imports) is a classic one: Chromium refuses module workers from blob: URLs made by a
        // file:// page (an opaque origin).
        if !self.host.worker_url.starts_with("blob:") {
            opts.set_type(WorkerType::Module);
        }
        let worker = match Worker::new_with_options(&self.host.worker_url, &opts) {
            Ok(w) => w,
            Err(e) => {
                self.dispatch.emit(crashed(format!("Worker could not start: {e:?}")));
                return;
            }
        };
        let me = self.me.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(b) = me.upgrade() {
                b.on_message(e.data());
            }
        });
        let me = self.me.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            if let Some(b) = me.upgrade() {
                let details = format!("{} ({}:{}:{})", e.message(), e.filename(), e.lineno(), e.colno());
                b.restart();
                b.dispatch.emit(crashed(details));
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *self.on_message.borrow_mut() = Some(on_message);
        *self.on_error.borrow_mut() = Some(on_error);
        // Hand the worker the module the page already compiled (main.js), so it fetches no second copy.
        *self.worker.borrow_mut() = Some(worker);
        if !self.host.module.is_undefined() {
            // The single file's worker cannot start a second worker from the page's Blob URL (an opaque origin
            // of its own): it gets its source to make one (www/dunghen-single.js).
            let source =
                Reflect::get(&js_sys::global(), &"dunghenWorkerSource".into()).ok().and_then(|v| v.as_string());
            self.post(&Request::Init { module: Some(JsObject(self.host.module.clone())), source, helper: false });
        }
    }

    /// Stops whatever the worker does (Cancel) and starts a fresh one.
    pub fn restart(&self) {
        if let Some(w) = self.worker.borrow_mut().take() {
            w.terminate();
        }
        self.view_busy.set(false);
        self.view_next.borrow_mut().take();
        self.parts.borrow_mut().clear();
        self.spawn();
    }

    fn post(&self, request: &Request) {
        let Some(w) = self.worker.borrow().clone() else { return };
        if let Err(e) = to_js(request).map_err(JsValue::from).and_then(|m| w.post_message(&m)) {
            let error = Text::new(
                format!("Không gửi được cho bộ xử lý: {e:?}"),
                format!("Could not post to the worker: {e:?}"),
            );
            self.dispatch.emit(Action::Worker(Reply::Failed { id: 0, error }));
        }
    }

    fn on_message(&self, data: JsValue) {
        let reply = match from_js::<Reply>(data) {
            Ok(r) => r,
            Err(e) => {
                let error = Text::new(format!("Câu trả lời không đọc được: {e}"), format!("Unreadable answer: {e}"));
                return self.dispatch.emit(Action::Worker(Reply::Failed { id: 0, error }));
            }
        };
        match reply {
            Reply::Viewed { .. } => match self.view_next.borrow_mut().take() {
                Some(next) => self.post(&Request::View { query: next }),
                None => self.view_busy.set(false),
            },
            Reply::ExportPart { name, bytes } => return self.add_part(name, bytes),
            Reply::Exported { files } => return self.dispatch.emit(Action::Downloads(self.downloads(files))),
            Reply::Failed { .. } => self.parts.borrow_mut().clear(),
            Reply::Crashed { .. } => self.restart(),
            _ => {}
        }
        self.dispatch.emit(Action::Worker(reply));
    }

    fn add_part(&self, name: String, bytes: Bytes) {
        let mut parts = self.parts.borrow_mut();
        match parts.iter().find(|(n, _)| *n == name) {
            Some((_, list)) => {
                list.push(&bytes.0);
            }
            None => parts.push((name, Array::of1(&bytes.0))),
        }
    }

    /// Object URLs for the export files, each its parts joined (the last ones revoked); a single file is
    /// downloaded at once.
    fn downloads(&self, files: Vec<ExportFile>) -> Vec<(String, String)> {
        for u in self.urls.borrow_mut().drain(..) {
            let _ = Url::revoke_object_url(&u);
        }
        let mut out = Vec::new();
        let mut parts = std::mem::take(&mut *self.parts.borrow_mut());
        for f in files {
            let bag = BlobPropertyBag::new();
            bag.set_type(&f.mime);
            let list = match parts.iter().position(|(n, _)| *n == f.name) {
                Some(at) => parts.swap_remove(at).1,
                None => Array::new(),
            };
            list.push(&f.bytes.0);
            if let Ok(url) = Blob::new_with_u8_array_sequence_and_options(&list, &bag)
                .and_then(|b| Url::create_object_url_with_blob(&b))
            {
                self.urls.borrow_mut().push(url.clone());
                out.push((f.name, url));
            }
        }
        if let [(name, url)] = out.as_slice() {
            download(url, name);
        }
        out
    }

    /// Keeps the browser's `File`s and returns their entries for the state.
    pub fn add_files(&self, list: &FileList, role: Role) -> Vec<FileEntry> {
        let mut out = Vec::new();
        for i in 0..list.length() {
            if let Some(f) = list.get(i) {
                let id = self.next_file.get();
                self.next_file.set(id + 1);
                out.push(FileEntry { id, name: f.name(), size: f.size() as u64, role });
                self.files.borrow_mut().insert(id, f);
            }
        }
        out
    }

    /// The files of a request, each with its browser `File` (worker.js reads it).
    fn file_refs(&self, files: &[FileEntry]) -> Vec<FileRef> {
        let held = self.files.borrow();
        files
            .iter()
            .filter_map(|f| {
                let file = held.get(&f.id)?;
                Some(FileRef {
                    file: Some(JsObject(file.clone().into())),
                    ..FileRef::new(f.name.clone(), f.role, f.size)
                })
            })
            .collect()
    }

    /// Asks the worker for the results screen's tables (answered by `Reply::Viewed`): one question at a time,
    /// and of those asked meanwhile only the latest.
    fn view(&self, query: ViewQuery) {
        if self.view_busy.get() {
            *self.view_next.borrow_mut() = Some(query);
        } else {
            self.view_busy.set(true);
            self.post(&Request::View { query });
        }
    }
}

/// The worker goes with the page (or the element) it served: its messages would find no one.
impl Drop for Bridge {
    fn drop(&mut self) {
        if let Some(w) = self.worker.get_mut().take() {
            w.terminate();
        }
    }
}

/// Starts a download of an object URL (same origin, no request).
pub fn download(url: &str, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(url);
        a.set_download(name);
        a.click();
    }
}

/// The full page's worker: `./worker.js`, or the Blob URL the single-file build leaves in `dunghenWorkerUrl`.
pub fn page_worker_url() -> String {
    Reflect::get(&js_sys::global(), &"dunghenWorkerUrl".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "./worker.js".into())
}

/// The module main.js (or the single file) compiled, if any.
pub fn page_module() -> JsValue {
    Reflect::get(&js_sys::global(), &"dunghenWasmModule".into()).unwrap_or(JsValue::UNDEFINED)
}

/// `key`: `settings::STORAGE_KEY` for the full page, `embed::EMBED_STORAGE_KEY` for the element.
pub fn load_settings(key: &str) -> Settings {
    let stored =
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()).and_then(|s| s.get_item(key).ok().flatten());
    Settings::from_json(stored.as_deref())
}

pub fn save_settings(key: &str, s: &Settings) {
    if let Some(st) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = st.set_item(key, &s.to_json());
    }
}

pub fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Today in the browser's time zone (the library never reads a clock; the page may, for the default as-of date).
pub fn today() -> Option<chrono::NaiveDate> {
    let d = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// Reads a small text file (an imported profile) and hands its text to `done`.
pub fn read_text(file: File, done: Callback<(String, String)>) {
    let name = file.name();
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(v) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
            done.emit((name, v.as_string().unwrap_or_default()));
        }
    });
}

pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
