//! The functions `www/worker.js` calls inside the Web Worker. They move bytes and JSON in and out of
//! [`engine`](super::engine) and [`query`](super::query). What the review screen read stays here until the check
//! (which then need not read the files again), and the last report stays here after it: the results screen's
//! tables, "why?" and the exports are asked of it, and the page never holds the dossier list.

use super::engine::{self, CheckParams, ExportParams, FileBytes, ReadChoice, Role};
use super::query::{ViewQuery, Views};
use super::table::PeriodSpec;
use crate::check::Checked;
use crate::ingest::{DossierTable, FirstHalf};
use crate::model::Text;
use crate::profile::Profile;
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// The last check: its report, the rules it ran with (for the exports) and what the results screen asked.
struct Session {
    checked: Checked,
    profile: Profile,
    views: Views,
}

/// A dossier table the review screen read: the file (name and size) and the reading choices it was read with.
struct Kept {
    name: String,
    size: u64,
    read: ReadChoice,
    table: DossierTable,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
    static KEPT: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
    /// Files worker.js is streaming in, chunk by chunk: a 222 MB export is held once, in wasm memory, instead of as
    /// chunks, a joined copy in JavaScript and a third copy here.
    static INCOMING: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
    /// Big CSV logs read in halves by two workers (`ingest::halves`), by slot: the top half read here, waiting for
    /// the rest, then the joined table, waiting for `worker_inspect`.
    static HALVES: RefCell<Vec<(u32, FirstHalf)>> = const { RefCell::new(Vec::new()) };
    static JOINED: RefCell<Vec<(u32, DossierTable)>> = const { RefCell::new(Vec::new()) };
}

/// Reads the top half of the dossier log in `slot` (its bytes up to a line start near the middle; the file is
/// `file_len` bytes) while a second worker reads the rest ([`worker_read_second_half`]). Returns whether it
/// could: when not, worker.js adds the rest of the file to the slot and it is read whole.
#[wasm_bindgen]
pub fn worker_read_first_half(
    slot: u32,
    name: &str,
    read_json: &str,
    file_len: f64,
    progress: &js_sys::Function,
) -> bool {
    let Ok(read) = serde_json::from_str::<ReadChoice>(read_json) else { return false };
    let first = INCOMING.with(|i| {
        let i = i.borrow();
        let bytes = i.get(slot as usize)?;
        crate::ingest::read_first_half(name, bytes, file_len as u64, &read.options(), &mut rows_progress(progress))
    });
    let Some(first) = first else { return false };
    HALVES.with(|h| h.borrow_mut().push((slot, first)));
    true
}

/// In the second worker: reads the rest of a log (in `slot`, from a line start) with the header found in `head`
/// (the file's first bytes). Its dossiers go to `chunk` (a `Uint8Array` each) as they are made, for
/// [`worker_join_chunk`]; the answer, with the rest, goes to [`worker_join_half`]; empty when this half cannot be
/// read apart. `progress` hears of this half's rows read, as in [`worker_check`].
#[wasm_bindgen]
pub fn worker_read_second_half(
    slot: u32,
    name: &str,
    head: &[u8],
    read_json: &str,
    chunk: &js_sys::Function,
    progress: &js_sys::Function,
) -> Vec<u8> {
    let Ok(read) = serde_json::from_str::<ReadChoice>(read_json) else { return Vec::new() };
    let rest = INCOMING.with(|i| i.borrow_mut().get_mut(slot as usize).map(std::mem::take)).unwrap_or_default();
    let mut send = |bytes: Vec<u8>| {
        let _ = chunk.call1(&JsValue::NULL, &Uint8Array::from(bytes.as_slice()));
    };
    crate::ingest::read_second_half(name, head, &rest, &read.options(), &mut send, &mut rows_progress(progress))
        .unwrap_or_default()
}

/// Appends a chunk of the second worker's dossiers to the top half in `slot`. Returns whether it could: when not,
/// the halves are not joined.
#[wasm_bindgen]
pub fn worker_join_chunk(slot: u32, chunk: &[u8]) -> bool {
    HALVES.with(|h| {
        let mut h = h.borrow_mut();
        h.iter_mut().find(|(s, _)| *s == slot).is_some_and(|(_, first)| crate::ingest::join_chunk(first, chunk))
    })
}

/// Joins the rest of the log in `slot` (the second worker's answer) to its top half. Returns whether the table was
/// made: when not, worker.js adds the rest of the file to the slot and it is read whole.
#[wasm_bindgen]
pub fn worker_join_half(slot: u32, second: &[u8]) -> bool {
    let Some(first) = HALVES.with(|h| take_slot(&mut h.borrow_mut(), slot)) else { return false };
    // A table, or the whole read's error (too many rows, month-first dates), as reading the whole file would give.
    match crate::ingest::join_halves(first, second) {
        Some(Ok(table)) => {
            JOINED.with(|j| j.borrow_mut().push((slot, table)));
            true
        }
        _ => false,
    }
}

/// Takes what is kept for the file in `slot` out of `list`.
fn take_slot<T>(list: &mut Vec<(u32, T)>, slot: u32) -> Option<T> {
    let at = list.iter().position(|(s, _)| *s == slot)?;
    Some(list.swap_remove(at).1)
}

/// Starts receiving a file of `len` bytes; returns its slot for [`worker_file_chunk`] and for the `slot` of the
/// file handed to the check.
#[wasm_bindgen]
pub fn worker_file_begin(len: f64, name: &str) -> u32 {
    // Reading a workbook takes about seven times its size (shared strings, dossiers), a CSV about twice, and a
    // third time as a margin: memory grown while the rows are read cost V8 half a second on a 1M-row CSV (2.7–3.2 s
    // read with the room made first, 3.4–3.5 s without).
    let n = name.to_ascii_lowercase();
    let factor = if n.ends_with(".xlsx") || n.ends_with(".xlsm") { 7 } else { 3 };
    reserve_memory((len.max(0.0) as usize).saturating_mul(factor));
    INCOMING.with(|i| {
        let mut i = i.borrow_mut();
        i.push(Vec::with_capacity(len.max(0.0) as usize));
        (i.len() - 1) as u32
    })
}

/// Grows the module's memory once, up front, for work that needs `bytes`: the allocator would otherwise grow
/// it a little at a time, and every grow costs the browser a new view of the memory (and its garbage collector the
/// old one). What is reserved and not used stays free for the allocator.
fn reserve_memory(bytes: usize) {
    // Measured on the 1M-row xlsx in V8: the read took 5.5 s growing as it went, 4.0 s after one grow.
    // Only a hint: when the browser will not give that much, nothing is reserved and the work goes on.
    let _ = Vec::<u8>::new().try_reserve_exact(bytes.min(1_536 << 20));
}

/// The next bytes of the file in `slot`.
#[wasm_bindgen]
pub fn worker_file_chunk(slot: u32, chunk: &[u8]) {
    INCOMING.with(|i| {
        if let Some(v) = i.borrow_mut().get_mut(slot as usize) {
            v.extend_from_slice(chunk);
        }
    });
}

/// Drops the last report, the kept tables and any file half received (a new review starts from scratch).
#[wasm_bindgen]
pub fn worker_free() {
    free();
    INCOMING.with(|i| i.borrow_mut().clear());
    HALVES.with(|h| h.borrow_mut().clear());
    JOINED.with(|j| j.borrow_mut().clear());
}

/// The bytes of a file: streamed into a slot, or handed over whole (the JS API's `bytes`).
fn bytes_of(f: &JsValue) -> Option<Vec<u8>> {
    if let Some(slot) = Reflect::get(f, &"slot".into()).ok().and_then(|v| v.as_f64()) {
        return INCOMING.with(|i| i.borrow_mut().get_mut(slot as usize).map(std::mem::take));
    }
    Some(Uint8Array::new(&Reflect::get(f, &"bytes".into()).ok()?).to_vec())
}

/// Installs the panic hook: the message goes to the console and is kept for `worker_last_panic`.
#[wasm_bindgen]
pub fn worker_init() {
    std::panic::set_hook(Box::new(|info| {
        LAST_PANIC.with(|l| *l.borrow_mut() = info.to_string());
        console_error_panic_hook::hook(info);
    }));
}

/// Reads and checks the built-in sample once and forgets it: the browser compiles the reader's and the rules' code
/// on first use, so doing it while the user picks a file takes that time off their first check.
#[wasm_bindgen]
pub fn worker_warm_up() {
    let files = engine::sample_files();
    let read = ReadChoice::default();
    let (_, tables) = engine::inspect_keep(&files, Vec::new(), &read, 2023, &mut |_| {});
    let params = CheckParams {
        as_of: chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap_or_default(),
        assessment_year: None,
        read,
        profile: Default::default(),
    };
    let _ = engine::check_lean(&files, tables, &params, &mut |_| {});
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

/// The files worker.js read, each with its size (`size`, the `File`'s: the bytes of a file whose table is kept
/// are not read, and are empty).
fn files_of(files: &Array) -> Vec<(FileBytes, u64)> {
    let out = files
        .iter()
        .filter_map(|f| {
            let name = Reflect::get(&f, &"name".into()).ok()?.as_string()?;
            let role = match Reflect::get(&f, &"role".into()).ok()?.as_string()?.as_str() {
                "reminded" => Role::Reminded,
                "ratings" => Role::Ratings,
                _ => Role::Dossiers,
            };
            let bytes = bytes_of(&f)?;
            let size =
                Reflect::get(&f, &"size".into()).ok().and_then(|v| v.as_f64()).map_or(bytes.len() as u64, |n| n as u64);
            Some((FileBytes { name, role, bytes }, size))
        })
        .collect();
    // Every slot has been taken: start numbering afresh.
    INCOMING.with(|i| i.borrow_mut().clear());
    out
}

/// Drops the last report and the kept tables: a new inspection or check is starting, and memory must not hold
/// the old ones beside the new.
fn free() {
    SESSION.with(|s| *s.borrow_mut() = None);
    KEPT.with(|k| k.borrow_mut().clear());
}

fn bad_request(e: serde_json::Error) -> String {
    json(&serde_json::json!({ "err": Text { vi: format!("Yêu cầu không hợp lệ: {e}"), en: format!("Invalid request: \
            {e}") } }))
}

/// Rows read, rows converted and dossiers judged, every few thousand, for `progress(stage, done, total)`: the
/// page shows them as they come. At most one call per 100 ms within a stage (the core reports every 1,024 rows),
/// each new stage at once.
fn rows_progress(progress: &js_sys::Function) -> impl FnMut(crate::ingest::Progress) + '_ {
    let mut last = (String::new(), 0.0);
    move |p: crate::ingest::Progress| {
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
    }
}

/// Reads the files for the review screen: a JSON list of `FileInspection`s. The dossier tables read are kept
/// for the check. `progress` hears of rows read and converted, as in [`worker_check`].
#[wasm_bindgen]
pub fn worker_inspect(files: Array, read_json: &str, year: i32, progress: &js_sys::Function) -> String {
    let read: ReadChoice = match serde_json::from_str(read_json) {
        Ok(r) => r,
        Err(e) => return bad_request(e),
    };
    free();
    // The tables read in halves, by the files' order; their slots hold only the top half, not read again.
    let joined: Vec<Option<DossierTable>> = files
        .iter()
        .map(|f| {
            let slot = Reflect::get(&f, &"slot".into()).ok()?.as_f64()? as u32;
            JOINED.with(|j| take_slot(&mut j.borrow_mut(), slot))
        })
        .collect();
    JOINED.with(|j| j.borrow_mut().clear());
    HALVES.with(|h| h.borrow_mut().clear());
    let (files, sizes): (Vec<FileBytes>, Vec<u64>) = files_of(&files).into_iter().unzip();
    let (mut seen, tables) = engine::inspect_keep(&files, joined, &read, year, &mut rows_progress(progress));
    drop(files);
    for (f, size) in seen.iter_mut().zip(&sizes) {
        f.size = *size;
    }
    let kept: Vec<Kept> = seen
        .iter()
        .zip(sizes)
        .zip(tables)
        .filter_map(|((f, size), t)| Some(Kept { name: f.file.clone(), size, read: read.clone(), table: t? }))
        .collect();
    KEPT.with(|k| *k.borrow_mut() = kept);
    json(&serde_json::json!({ "ok": seen }))
}

/// Whether the review screen's table of this dossier file, read with the check's reading choices, is kept:
/// worker.js then hands the check the file without its bytes.
#[wasm_bindgen]
pub fn worker_table_kept(name: &str, size: f64, params_json: &str) -> bool {
    let Ok(params) = serde_json::from_str::<CheckParams>(params_json) else { return false };
    KEPT.with(|k| k.borrow().iter().any(|t| t.name == name && t.size == size as u64 && t.read == params.read))
}

/// Runs the check (the sample when `sample`): `{"ok": {"report": ViewReport, "view": ViewAnswer}}` (the result
/// and the answer to `view_json`, the results screen's first question) or `{"err": Text}`. `progress` is called
/// with the stage name before each stage.
#[wasm_bindgen]
pub fn worker_check(
    files: Array,
    params_json: &str,
    sample: bool,
    view_json: &str,
    progress: &js_sys::Function,
) -> String {
    let params: CheckParams = match serde_json::from_str(params_json) {
        Ok(p) => p,
        Err(e) => return bad_request(e),
    };
    let first: ViewQuery = serde_json::from_str(view_json).unwrap_or_default();
    let _ = progress.call3(&JsValue::NULL, &"check".into(), &0.into(), &0.into());
    SESSION.with(|s| *s.borrow_mut() = None);
    // The tables the review screen read, for the dossier files they still match; the others are freed now.
    let mut kept = KEPT.with(|k| std::mem::take(&mut *k.borrow_mut()));
    let (files, tables) = if sample {
        (engine::sample_files(), Vec::new())
    } else {
        let files = files_of(&files);
        let tables = files
            .iter()
            .filter(|(f, _)| f.role == Role::Dossiers)
            .map(|(f, size)| {
                let at = kept.iter().position(|k| k.name == f.name && k.size == *size && k.read == params.read)?;
                Some(kept.swap_remove(at).table)
            })
            .collect();
        (files.into_iter().map(|(f, _)| f).collect(), tables)
    };
    drop(kept);
    // Per dossier the check adds its verdict (≈ 56 bytes), a slot in the duplicate index (≈ 34) and the results
    // screen's index of the period (4).
    let dossiers: usize = tables.iter().flatten().map(|t: &DossierTable| t.dossiers.len()).sum();
    reserve_memory(dossiers.saturating_mul(128));
    let mut rows = rows_progress(progress);
    let result = engine::check_lean(&files, tables, &params, &mut rows);
    drop(files);
    match result {
        Ok(checked) => {
            let mut views = Views::default();
            let out = json(
                &serde_json::json!({ "ok": { "report": engine::view(&checked.report), "view": views.answer(&checked.report, &first) } }),
            );
            let profile = engine::build_profile(&params.profile).unwrap_or_else(|_| Profile::default_profile());
            SESSION.with(|s| *s.borrow_mut() = Some(Session { checked, profile, views }));
            out
        }
        Err(e) => json(&serde_json::json!({ "err": e })),
    }
}

fn no_results() -> String {
    json(&serde_json::json!({ "err": Text::new("Chưa có kết quả.", "No results yet.") }))
}

/// The results screen's question (a `ViewQuery`, JSON) about the last report: `{"ok": ViewAnswer}`.
#[wasm_bindgen]
pub fn worker_view(query_json: &str) -> String {
    let q: ViewQuery = match serde_json::from_str(query_json) {
        Ok(q) => q,
        Err(e) => return bad_request(e),
    };
    SESSION.with(|s| match s.borrow_mut().as_mut() {
        Some(s) => json(&serde_json::json!({ "ok": s.views.answer(&s.checked.report, &q) })),
        None => no_results(),
    })
}

/// The print view's late dossiers of a period (a `PeriodSpec`, JSON) of the last report: `{"ok": PrintAnswer}`.
#[wasm_bindgen]
pub fn worker_print(period_json: &str) -> String {
    let period: PeriodSpec = match serde_json::from_str(period_json) {
        Ok(p) => p,
        Err(e) => return bad_request(e),
    };
    SESSION.with(|s| match s.borrow_mut().as_mut() {
        Some(s) => json(&serde_json::json!({ "ok": s.views.print(&s.checked.report, &period) })),
        None => no_results(),
    })
}

/// The "why?" of one row of the last report, or "" when there is none.
#[wasm_bindgen]
pub fn worker_explain(kind: &str, idx: u32) -> String {
    let Ok(kind) = serde_json::from_value(kind.into()) else { return String::new() };
    SESSION.with(|s| {
        s.borrow()
            .as_ref()
            .and_then(|s| engine::explain_checked(&s.checked, kind, idx as usize))
            .map(|w| json(&w))
            .unwrap_or_default()
    })
}

/// The export files of the last report: an array of `{name, mime, bytes}`; throws a JSON `Text` on failure.
#[wasm_bindgen]
pub fn worker_export(kind: &str, params_json: &str) -> Result<Array, JsValue> {
    let params: ExportParams = serde_json::from_str(params_json).map_err(|e| JsValue::from(bad_request(e)))?;
    let kind = serde_json::from_value(kind.into()).map_err(|e| JsValue::from(bad_request(e)))?;
    SESSION.with(|s| {
        let mut s = s.borrow_mut();
        let Some(Session { checked, profile, .. }) = s.as_mut() else {
            return Err(JsValue::from(json(&Text {
                vi: "Chưa có kết quả để xuất.".into(),
                en: "No results to export yet.".into(),
            })));
        };
        // The late-dossier list carries each explanation: computed now, for the late ones only; and every officer's
        // and unit's.
        checked.explain_overdue();
        checked.explain_assessments();
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

/// The JS API (`DungHen.check`, issue 6): the whole `dunghen.report/1` contract as JSON, as `check::report`
/// produces it (the CLI's `--format json` without the period tables). `options_json` holds the API's options
/// ([`ApiOptions`](super::embed::ApiOptions)); throws a JSON `Text` when the options or the files cannot be used.
#[wasm_bindgen]
pub fn worker_report(files: Array, options_json: &str) -> Result<String, JsValue> {
    let options: super::embed::ApiOptions =
        serde_json::from_str(options_json).map_err(|e| JsValue::from(bad_request(e)))?;
    let params = options.params().map_err(|m| JsValue::from(json(&m)))?;
    let files: Vec<FileBytes> = files_of(&files).into_iter().map(|(f, _)| f).collect();
    let report = engine::check(&files, &params).map_err(|m| JsValue::from(json(&m)))?;
    Ok(String::from_utf8(crate::export::to_json(&report, None)).unwrap_or_default())
}

/// The app's version (the `app_version` of the contract).
#[wasm_bindgen]
pub fn app_version() -> String {
    crate::APP_VERSION.to_string()
}
