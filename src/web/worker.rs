//! The functions `www/worker.js` calls inside the Web Worker. They move bytes and JSON in and out of
//! [`engine`](super::engine); the last report stays here, so "why?" and the exports need no new check.

use super::engine::{self, CheckParams, ExportParams, FileBytes, ReadChoice, Role};
use super::view::Msg;
use crate::profile::Profile;
use crate::report::Checked;
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static SESSION: RefCell<Option<(Checked, Profile)>> = const { RefCell::new(None) };
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Installs the panic hook: the message goes to the console and is kept for `worker_last_panic`.
#[wasm_bindgen]
pub fn worker_init() {
    std::panic::set_hook(Box::new(|info| {
        LAST_PANIC.with(|l| *l.borrow_mut() = info.to_string());
        console_error_panic_hook::hook(info);
    }));
}

/// The message of the last panic (after a trap, worker.js reads it for the details box).
#[wasm_bindgen]
pub fn worker_last_panic() -> String {
    LAST_PANIC.with(|l| l.borrow().clone())
}

/// Panics on purpose: lets the browser tests prove that a crash is caught and reported.
#[wasm_bindgen]
pub fn worker_crash_test() {
    panic!("crash test: a panic inside the worker (asked for by the page)");
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn files_of(files: &Array) -> Vec<FileBytes> {
    files
        .iter()
        .filter_map(|f| {
            let name = Reflect::get(&f, &"name".into()).ok()?.as_string()?;
            let role = match Reflect::get(&f, &"role".into()).ok()?.as_string()?.as_str() {
                "reminded" => Role::Reminded,
                "ratings" => Role::Ratings,
                _ => Role::Dossiers,
            };
            let bytes = Uint8Array::new(&Reflect::get(&f, &"bytes".into()).ok()?).to_vec();
            Some(FileBytes { name, role, bytes })
        })
        .collect()
}

fn bad_request(e: serde_json::Error) -> String {
    json(&serde_json::json!({ "err": Msg { vi: format!("Yêu cầu không hợp lệ: {e}"), en: format!("Invalid request: {e}") } }))
}

/// Reads the files for the review screen: a JSON list of `FileInspection`s.
#[wasm_bindgen]
pub fn worker_inspect(files: Array, read_json: &str, year: i32) -> String {
    let read: ReadChoice = match serde_json::from_str(read_json) {
        Ok(r) => r,
        Err(e) => return bad_request(e),
    };
    json(&serde_json::json!({ "ok": engine::inspect(&files_of(&files), &read, year) }))
}

/// Runs the check (the sample when `sample`): `{"ok": ViewReport}` or `{"err": Msg}`. `progress` is called with
/// the stage name before each stage.
#[wasm_bindgen]
pub fn worker_check(files: Array, params_json: &str, sample: bool, progress: &js_sys::Function) -> String {
    let params: CheckParams = match serde_json::from_str(params_json) {
        Ok(p) => p,
        Err(e) => return bad_request(e),
    };
    let files = if sample { engine::sample_files() } else { files_of(&files) };
    let _ = progress.call3(&JsValue::NULL, &"check".into(), &0.into(), &0.into());
    SESSION.with(|s| *s.borrow_mut() = None);
    // Rows read, rows converted and dossiers judged, every few thousand: the page shows them as they come.
    let mut last = (String::new(), 0.0);
    let mut rows = |p: crate::ingest::Progress| {
        // At most one message per 100 ms within a stage (the core reports every 1,024 rows), each new stage at once.
        let now = js_sys::Date::now();
        let stage_name = format!("{:?}", p.stage);
        if stage_name == last.0 && now - last.1 < 100.0 {
            return;
        }
        last = (stage_name, now);
        let stage = match p.stage {
            crate::ingest::Stage::Read => "rows_read",
            crate::ingest::Stage::Convert => "rows_convert",
            crate::ingest::Stage::Judge => "judge",
            crate::ingest::Stage::Report => "report",
        };
        let _ = progress.call3(&JsValue::NULL, &stage.into(), &(p.done as f64).into(), &(p.total as f64).into());
    };
    match engine::check_lean(&files, &params, &mut rows) {
        Ok(checked) => {
            let view = engine::view(&checked.report);
            let out = json(&serde_json::json!({ "ok": view }));
            let profile = engine::build_profile(&params.profile).unwrap_or_else(|_| Profile::default_profile());
            SESSION.with(|s| *s.borrow_mut() = Some((checked, profile)));
            out
        }
        Err(e) => json(&serde_json::json!({ "err": e })),
    }
}

/// The "why?" of one row of the last report, or "" when there is none.
#[wasm_bindgen]
pub fn worker_explain(kind: &str, idx: u32) -> String {
    SESSION.with(|s| s.borrow().as_ref().and_then(|(c, _)| engine::explain_checked(c, kind, idx as usize)).map(|w| json(&w)).unwrap_or_default())
}

/// The export files of the last report: an array of `{name, mime, bytes}`; throws a JSON `Msg` on failure.
#[wasm_bindgen]
pub fn worker_export(kind: &str, params_json: &str) -> Result<Array, JsValue> {
    let params: ExportParams = serde_json::from_str(params_json).map_err(|e| JsValue::from(bad_request(e)))?;
    SESSION.with(|s| {
        let mut s = s.borrow_mut();
        let Some((checked, profile)) = s.as_mut() else {
            return Err(JsValue::from(json(&Msg { vi: "Chưa có kết quả để xuất.".into(), en: "No results to export yet.".into() })));
        };
        // The late-dossier list carries each explanation: computed now, for the late ones only.
        checked.explain_overdue();
        let files = engine::export(&checked.report, profile, kind, &params).map_err(|m| JsValue::from(json(&m)))?;
        let out = Array::new();
        for f in files {
            let o = Object::new();
            let _ = Reflect::set(&o, &"name".into(), &f.name.into());
            let _ = Reflect::set(&o, &"mime".into(), &f.mime.into());
            let _ = Reflect::set(&o, &"bytes".into(), &Uint8Array::from(f.bytes.as_slice()));
            out.push(&o);
        }
        Ok(out)
    })
}

/// The JS API (`DungHen.check`, issue 6): the whole `dunghen.report/1` contract as JSON, as `report::check`
/// produces it (the CLI's `--format json` without the period tables). `options_json` holds the API's options
/// ([`ApiOptions`](super::embed::ApiOptions)); throws a JSON `Msg` when the options or the files cannot be used.
#[wasm_bindgen]
pub fn worker_report(files: Array, options_json: &str) -> Result<String, JsValue> {
    let options: super::embed::ApiOptions = serde_json::from_str(options_json).map_err(|e| JsValue::from(bad_request(e)))?;
    let params = options.params().map_err(|m| JsValue::from(json(&m)))?;
    let report = engine::check(&files_of(&files), &params).map_err(|m| JsValue::from(json(&m)))?;
    Ok(String::from_utf8(crate::export::to_json(&report, None)).unwrap_or_default())
}

/// The app's version (the `app_version` of the contract).
#[wasm_bindgen]
pub fn app_version() -> String {
    crate::APP_VERSION.to_string()
}
