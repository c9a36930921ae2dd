//! The page's side effects in one place: the Web Worker (start, messages, cancel by terminate-and-restart),
//! the `File`s the user gave, downloads through Blob URLs, localStorage and the clipboard.

use super::engine::{CheckParams, ExportParams, FileInspection, ReadChoice, Role, Why};
use super::query::{PrintAnswer, ViewAnswer, ViewQuery};
use super::settings::Settings;
use super::state::{Action, FileEntry, FromWorker};
use super::table::PeriodSpec;
use super::view::ViewReport;
use crate::model::Text;
use js_sys::{Array, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, ErrorEvent, File, FileList, MessageEvent, Url, Worker, WorkerOptions, WorkerType,
};
use yew::Callback;

#[derive(Deserialize)]
struct Answer<T> {
    ok: Option<T>,
    err: Option<Text>,
}

/// A check's answer: the result and the results screen's first view.
#[derive(Deserialize)]
struct CheckAnswer {
    report: ViewReport,
    view: ViewAnswer,
}

/// A worker's event listener, kept alive as long as the bridge.
type Listener<E> = RefCell<Option<Closure<dyn FnMut(E)>>>;

pub struct Bridge {
    worker: RefCell<Option<Worker>>,
    /// The worker script (`./worker.js`, beside the embed script when embedded, a Blob URL in the single file)
    /// and the compiled wasm module handed to every new worker.
    worker_url: String,
    module: JsValue,
    files: RefCell<HashMap<u32, File>>,
    next_file: Cell<u32>,
    dispatch: Callback<Action>,
    urls: RefCell<Vec<String>>,
    /// One view question at a time: while the worker answers one, only the latest of those asked meanwhile is
    /// kept, and sent when the answer comes (typing a search asks once per key).
    view_busy: Cell<bool>,
    view_next: RefCell<Option<String>>,
    on_message: Listener<MessageEvent>,
    on_error: Listener<ErrorEvent>,
    me: RefCell<Weak<Bridge>>,
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn get_str(o: &JsValue, key: &str) -> String {
    get(o, key).as_string().unwrap_or_default()
}

fn get_u64(o: &JsValue, key: &str) -> u64 {
    get(o, key).as_f64().unwrap_or(0.0) as u64
}

fn set(o: &Object, key: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(o, &key.into(), &v.into());
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Dossiers => "dossiers",
        Role::Reminded => "reminded",
        Role::Ratings => "ratings",
    }
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Text> {
    match serde_json::from_str::<Answer<T>>(text) {
        Ok(Answer { ok: Some(v), .. }) => Ok(v),
        Ok(Answer { err: Some(m), .. }) => Err(m),
        Ok(_) => Err(Text {
            vi: "Câu trả lời rỗng từ bộ xử lý.".into(), en: "Empty answer from the worker.".into()
        }),
        Err(e) => Err(Text {
            vi: format!("Câu trả lời không đọc được: {e}"), en: format!("Unreadable answer: {e}")
        }),
    }
}

impl Bridge {
    pub fn new(dispatch: Callback<Action>, worker_url: String, module: JsValue) -> Rc<Bridge> {
        let b = Rc::new(Bridge {
            worker: RefCell::new(None),
            worker_url,
            module,
            files: RefCell::new(HashMap::new()),
            next_file: Cell::new(1),
            dispatch,
            urls: RefCell::new(Vec::new()),
            view_busy: Cell::new(false),
            view_next: RefCell::new(None),
            on_message: RefCell::new(None),
            on_error: RefCell::new(None),
            me: RefCell::new(Weak::new()),
        });
        *b.me.borrow_mut() = Rc::downgrade(&b);
        b.spawn();
        b
    }

    fn spawn(&self) {
        let opts = WorkerOptions::new();
        // worker.js imports the glue, so it is a module worker. The single file's worker (a Blob URL of the glue
        // and worker.js, no imports) is a classic one: Chromium refuses module workers from blob: URLs made by a
        // file:// page (an opaque origin).
        if !self.worker_url.starts_with("blob:") {
            opts.set_type(WorkerType::Module);
        }
        let worker = match Worker::new_with_options(&self.worker_url, &opts) {
            Ok(w) => w,
            Err(e) => {
                self.dispatch
                    .emit(Action::Worker(FromWorker::Crashed { details: format!("Worker could not start: {e:?}") }));
                return;
            }
        };
        let me = self.me.borrow().clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(b) = me.upgrade() {
                b.on_message(e.data());
            }
        });
        let me = self.me.borrow().clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            if let Some(b) = me.upgrade() {
                let details = format!("{} ({}:{}:{})", e.message(), e.filename(), e.lineno(), e.colno());
                b.restart();
                b.dispatch.emit(Action::Worker(FromWorker::Crashed { details }));
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *self.on_message.borrow_mut() = Some(on_message);
        *self.on_error.borrow_mut() = Some(on_error);
        // Hand the worker the module the page already compiled (main.js), so it fetches no second copy.
        if !self.module.is_undefined() {
            let o = Object::new();
            set(&o, "cmd", "init");
            set(&o, "module", self.module.clone());
            // The single file's worker cannot start a second worker from the page's Blob URL (an opaque origin
            // of its own): it gets its source to make one (www/dunghen-single.js).
            if let Ok(source) = Reflect::get(&js_sys::global(), &"dunghenWorkerSource".into()) {
                set(&o, "source", source);
            }
            let _ = worker.post_message(&o);
        }
        *self.worker.borrow_mut() = Some(worker);
    }

    /// Stops whatever the worker does (Cancel) and starts a fresh one.
    pub fn restart(&self) {
        if let Some(w) = self.worker.borrow_mut().take() {
            w.terminate();
        }
        self.view_busy.set(false);
        self.view_next.borrow_mut().take();
        self.spawn();
    }

    fn post(&self, msg: &Object) {
        if let Some(w) = self.worker.borrow().as_ref() {
            if let Err(e) = w.post_message(msg) {
                self.dispatch.emit(Action::Worker(FromWorker::Failed {
                    id: 0,
                    error: Text {
                        vi: format!("Không gửi được cho bộ xử lý: {e:?}"),
                        en: format!("Could not post to the worker: {e:?}"),
                    },
                }));
            }
        }
    }

    fn on_message(&self, data: JsValue) {
        let id = get_u64(&data, "id") as u32;
        let w = match get_str(&data, "type").as_str() {
            "progress" => FromWorker::Progress {
                id,
                stage: get_str(&data, "stage"),
                file: get_str(&data, "file"),
                loaded: get_u64(&data, "loaded"),
                total: get_u64(&data, "total"),
            },
            "inspected" => match parse::<Vec<FileInspection>>(&get_str(&data, "json")) {
                Ok(files) => FromWorker::Inspected { id, files },
                Err(error) => FromWorker::Failed { id, error },
            },
            "checked" => match parse::<CheckAnswer>(&get_str(&data, "json")) {
                Ok(CheckAnswer { report, view }) => {
                    FromWorker::Checked { id, report: Rc::new(report), view: Rc::new(view) }
                }
                Err(error) => FromWorker::Failed { id, error },
            },
            "viewed" => {
                match self.view_next.borrow_mut().take() {
                    Some(next) => self.post_view(&next),
                    None => self.view_busy.set(false),
                }
                // No answer (no report in this worker: a new check is running) changes nothing on the page.
                match parse::<ViewAnswer>(&get_str(&data, "json")) {
                    Ok(view) => FromWorker::Viewed { view: Rc::new(view) },
                    Err(_) => return,
                }
            }
            "printed" => match parse::<PrintAnswer>(&get_str(&data, "json")) {
                Ok(print) => FromWorker::Printed { print: Rc::new(print) },
                Err(_) => return,
            },
            "explained" => match serde_json::from_str::<Why>(&get_str(&data, "json")) {
                Ok(why) => FromWorker::Explained { why },
                Err(_) => FromWorker::Failed {
                    id: 0,
                    error: Text {
                        vi: "Không có giải thích cho dòng này.".into(),
                        en: "No explanation for this row.".into(),
                    },
                },
            },
            "exported" => {
                for u in self.urls.borrow_mut().drain(..) {
                    let _ = Url::revoke_object_url(&u);
                }
                let files: Array = get(&data, "files").unchecked_into();
                let mut out = Vec::new();
                for f in files.iter() {
                    let name = get_str(&f, "name");
                    let parts = Array::of1(&get(&f, "bytes"));
                    let bag = BlobPropertyBag::new();
                    bag.set_type(&get_str(&f, "mime"));
                    if let Ok(url) = Blob::new_with_u8_array_sequence_and_options(&parts, &bag)
                        .and_then(|b| Url::create_object_url_with_blob(&b))
                    {
                        self.urls.borrow_mut().push(url.clone());
                        out.push((name, url));
                    }
                }
                if let [(name, url)] = out.as_slice() {
                    download(url, name);
                }
                FromWorker::Exported { files: out }
            }
            "export-failed" => FromWorker::Failed {
                id: 0,
                error: serde_json::from_str(&get_str(&data, "json"))
                    .unwrap_or(Text::new("Không xuất được tệp.", "The export failed.")),
            },
            "ready" => FromWorker::Ready,
            "crashed" => {
                self.restart();
                FromWorker::Crashed { details: get_str(&data, "details") }
            }
            _ => return,
        };
        self.dispatch.emit(Action::Worker(w));
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

    fn files_array(&self, files: &[FileEntry]) -> Array {
        let arr = Array::new();
        let held = self.files.borrow();
        for f in files {
            if let Some(file) = held.get(&f.id) {
                let o = Object::new();
                set(&o, "file", file.clone());
                set(&o, "name", f.name.as_str());
                set(&o, "role", role_name(f.role));
                arr.push(&o);
            }
        }
        arr
    }

    pub fn inspect(&self, id: u32, files: &[FileEntry], read: &ReadChoice, year: i32) {
        let o = Object::new();
        set(&o, "cmd", "inspect");
        set(&o, "id", id);
        set(&o, "files", self.files_array(files));
        set(&o, "read", serde_json::to_string(read).unwrap_or_default());
        set(&o, "year", year);
        self.post(&o);
    }

    /// Runs a check; `first` is the results screen's first question, answered with the result.
    pub fn check(&self, id: u32, files: &[FileEntry], params: &CheckParams, sample: bool, first: &ViewQuery) {
        let o = Object::new();
        set(&o, "cmd", "check");
        set(&o, "id", id);
        set(&o, "files", self.files_array(files));
        set(&o, "params", serde_json::to_string(params).unwrap_or_default());
        set(&o, "sample", sample);
        set(&o, "view", serde_json::to_string(first).unwrap_or_default());
        self.post(&o);
    }

    /// Asks the worker for the results screen's tables (answered by `FromWorker::Viewed`).
    pub fn view(&self, q: &ViewQuery) {
        let q = serde_json::to_string(q).unwrap_or_default();
        if self.view_busy.get() {
            *self.view_next.borrow_mut() = Some(q);
        } else {
            self.view_busy.set(true);
            self.post_view(&q);
        }
    }

    fn post_view(&self, query: &str) {
        let o = Object::new();
        set(&o, "cmd", "view");
        set(&o, "query", query);
        self.post(&o);
    }

    /// Asks the worker for the print view's late dossiers of a period (answered by `FromWorker::Printed`).
    pub fn print(&self, period: &PeriodSpec) {
        let o = Object::new();
        set(&o, "cmd", "print");
        set(&o, "period", serde_json::to_string(period).unwrap_or_default());
        self.post(&o);
    }

    pub fn explain(&self, kind: &str, idx: u32) {
        let o = Object::new();
        set(&o, "cmd", "explain");
        set(&o, "kind", kind);
        set(&o, "idx", idx);
        self.post(&o);
    }

    pub fn export(&self, kind: &str, params: &ExportParams) {
        let o = Object::new();
        set(&o, "cmd", "export");
        set(&o, "kind", kind);
        set(&o, "params", serde_json::to_string(params).unwrap_or_default());
        self.post(&o);
    }

    pub fn crash_test(&self) {
        let o = Object::new();
        set(&o, "cmd", "crash-test");
        set(&o, "id", 0);
        self.post(&o);
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
