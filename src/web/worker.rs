//! The worker's wasm entry points, for `www/worker.js`: one [`Session`] per worker, a request in
//! ([`worker_handle`]: a [`Request`] as a JavaScript object, decoded by serde-wasm-bindgen), replies out through
//! worker.js's `post` (each [`Reply`] a JavaScript object, its bytes transferred). The rest moves file bytes into
//! the session's slots, and the halves of a big log between the two workers: byte plumbing, not messages.

use super::engine::ReadChoice;
use super::protocol::{from_js, to_js, Reply, Request};
use super::session::Session;
use crate::model::Text;
use js_sys::{Array, Function, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The worker's one session.
    static SESSION: RefCell<Session> = RefCell::new(Session::new(js_sys::Date::now));
    /// The message of the last panic, apart from the session: a panic traps in the middle of a request, with the
    /// session still borrowed.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

fn with_session<T>(f: impl FnOnce(&mut Session) -> T) -> T {
    SESSION.with(|s| f(&mut s.borrow_mut()))
}

/// Posts `reply` through worker.js's `post(message, transfer)`, its bytes transferred.
fn send(post: &Function, reply: &Reply) {
    let transfer: Array = reply.buffers().into_iter().map(|b| b.0.buffer()).collect();
    match to_js(reply) {
        Ok(v) => {
            let _ = post.call2(&JsValue::NULL, &v, &transfer);
        }
        Err(e) => {
            let _ = post.call2(&JsValue::NULL, &failed(0, &format!("{e:?}")), &Array::new());
        }
    }
}

fn failed(id: u32, why: &str) -> JsValue {
    let error = Text::new(format!("Yêu cầu không hợp lệ: {why}"), format!("Invalid request: {why}"));
    to_js(&Reply::Failed { id, error }).unwrap_or(JsValue::NULL)
}

/// Answers one request (a [`Request`]: `{cmd, …}`), each reply through `post(message, transfer)` as it comes.
#[wasm_bindgen]
pub fn worker_handle(request: JsValue, post: &Function) {
    match from_js::<Request>(request.clone()) {
        Ok(request) => with_session(|s| s.handle(request, &mut |reply| send(post, &reply))),
        Err(e) => {
            let id = Reflect::get(&request, &"id".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
            let _ = post.call2(&JsValue::NULL, &failed(id, &e.to_string()), &Array::new());
        }
    }
}

/// Starts receiving a file of `len` bytes; returns its slot for [`worker_file_chunk`] and for the `slot` of the
/// file in the request.
#[wasm_bindgen]
pub fn worker_file_begin(len: f64, name: &str) -> u32 {
    with_session(|s| s.begin_file(len.max(0.0) as u64, name))
}

/// The next bytes of the file in `slot`.
#[wasm_bindgen]
pub fn worker_file_chunk(slot: u32, chunk: &[u8]) {
    with_session(|s| s.add_chunk(slot, chunk));
}

/// Whether the review's table of this dossier file, read with `read` (a `ReadChoice`: the check's
/// `params.read`), is kept: worker.js then hands the check the file without reading its bytes.
#[wasm_bindgen]
pub fn worker_table_kept(name: &str, size: f64, read: JsValue) -> bool {
    let Ok(read) = from_js::<ReadChoice>(read) else { return false };
    with_session(|s| s.table_kept(name, size as u64, &read))
}

/// Reads the top half of the dossier log in `slot` while the second worker reads the rest (`Session::
/// read_first_half`); its rows read go to `post` as progress. Returns whether it could.
#[wasm_bindgen]
pub fn worker_read_first_half(slot: u32, name: &str, read: JsValue, file_len: f64, post: &Function) -> bool {
    let Ok(read) = from_js::<ReadChoice>(read) else { return false };
    with_session(|s| s.read_first_half(slot, name, &read, file_len as u64, &mut |reply| send(post, &reply)))
}

/// Appends a chunk of the second worker's dossiers (its `half_chunk`) to the top half in `slot`.
#[wasm_bindgen]
pub fn worker_join_chunk(slot: u32, chunk: &[u8]) -> bool {
    with_session(|s| s.join_chunk(slot, chunk))
}

/// Joins the rest of the log in `slot` (the second worker's `second_half`, empty when it had none) to its top
/// half. Returns whether the table was made.
#[wasm_bindgen]
pub fn worker_join_half(slot: u32, second: &[u8]) -> bool {
    with_session(|s| s.join_half(slot, second))
}

/// Installs the panic hook: the message goes to the console and is kept for `worker_last_panic`.
#[wasm_bindgen]
pub fn worker_init() {
    std::panic::set_hook(Box::new(|info| {
        LAST_PANIC.with(|l| *l.borrow_mut() = info.to_string());
        console_error_panic_hook::hook(info);
    }));
}

/// Compiles the reader's and the rules' code while the user picks a file (`Session::warm_up`).
#[wasm_bindgen]
pub fn worker_warm_up() {
    Session::warm_up();
}

/// The message of the last panic (after a trap, worker.js reads it for the details box).
#[wasm_bindgen]
pub fn worker_last_panic() -> String {
    LAST_PANIC.with(|l| l.borrow().clone())
}

/// The app's version (the `app_version` of the contract).
#[wasm_bindgen]
pub fn app_version() -> String {
    crate::APP_VERSION.to_string()
}

/// For the benchmark only (bench/browser.mjs): inflates the worksheets and shared strings of an xlsx as the reader
/// does and nothing else (`ingest::xlsx::bench_inflate`), so a read can be set against its floor. Returns the bytes
/// inflated, or -1 when the file is no workbook.
#[wasm_bindgen]
pub fn bench_inflate(bytes: &[u8]) -> f64 {
    crate::ingest::xlsx::bench_inflate("bench.xlsx", bytes).map_or(-1.0, |n| n as f64)
}
