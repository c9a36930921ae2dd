//! The messages between the page, the worker and the JS API (issue 18): what is asked of the worker is one
//! [`Request`], what it answers one or more [`Reply`]s. Plain Rust, unit-tested natively; across the boundary
//! they are JavaScript objects made and read by serde-wasm-bindgen (`worker::worker_handle`, `bridge`), never
//! JSON text built by hand.
//!
//! On the wire a message is an object with its tag first: a request is `{cmd: "check", id, files, …}`, a reply
//! `{type: "checked", id, report, view}` (names in snake_case; `tag_first` writes and reads them). `www/worker.js`
//! dispatches on `cmd` for what must be JavaScript (reading the `File`s into wasm memory, starting the second
//! worker) and hands the request to the worker's [`Session`](super::session::Session); the page and
//! `www/dunghen-embed.js` match on `type`. The few messages made in JavaScript (bytes loaded, rows read by two
//! workers, a crash, the worker's start) have the same shape, tag first, and the tests below pin it.
//!
//! The big answers (a check's result, a page of a tab, the print list, the review's files) carry their body as
//! JSON text inside the message ([`Json`]): made and read in one go, it crossed from the worker's wasm to the
//! page's six times faster than an object built and read field by field.
//!
//! Bytes never go through serde as numbers: a file's bytes are streamed by worker.js into a slot of wasm memory
//! (a request names the slot), and the bytes a reply carries (exports, the second worker's dossiers) are a
//! [`Bytes`], a `Uint8Array` handed over as is and transferred by `postMessage`.

use super::embed::ApiOptions;
use super::engine::{CheckParams, ExportFormat, ExportParams, FileInspection, ReadChoice, Role, Why};
use super::province::ProvinceView;
use super::query::{PrintAnswer, ViewAnswer, ViewQuery};
use super::table::{PeriodSpec, WhyKind};
use super::tag_first::{TagFirst, TagFirstDe};
use super::view::ViewReport;
use crate::model::Text;
use crate::report::provenance::Agency;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::rc::Rc;

/// What the worker is asked: `{cmd: "check", …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "snake_case")]
pub enum Request {
    /// Page (or worker) → worker.js: load the wasm (`module`, compiled once by the page) and get ready. Handled
    /// by worker.js alone: the wasm is not there yet. `helper`: this is the second worker of a big log.
    /// `source`: the worker's own script, for the single file's worker to start its second worker from.
    Init {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        module: Option<JsObject>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
        #[serde(default)]
        helper: bool,
    },
    /// Read the files for the review screen. Their dossier tables are kept for the check.
    Inspect { id: u32, files: Vec<FileRef>, read: ReadChoice, year: i32 },
    /// Run the check (on the built-in sample when `sample`): answered by [`Reply::Checked`], which also answers
    /// `view`, the results screen's first question.
    Check { id: u32, files: Vec<FileRef>, params: CheckParams, sample: bool, view: ViewQuery },
    /// The results screen's question about the last report: a period, a tab and one page of it.
    View { query: ViewQuery },
    /// The print view's late dossiers of a period.
    Print { period: PeriodSpec },
    /// The "why?" of one dossier, officer or unit of the last report.
    Explain { kind: WhyKind, idx: u32 },
    /// The export files of the last report.
    Export { format: ExportFormat, params: ExportParams },
    /// The JS API (`DungHen.check`): the whole `dunghen.report/1` contract.
    Report { id: u32, files: Vec<FileRef>, options: ApiOptions },
    /// Tổng hợp (roll-up) mode: roll up the agencies' reports (JSON or Đúng Hẹn xlsx) in `files`, answered by
    /// [`Reply::RolledUp`]. The roll-up stays in the worker for [`Request::RollupExport`].
    Rollup { id: u32, files: Vec<FileRef> },
    /// The export files of the last roll-up: JSON (`dunghen.rollup/1`), CSV or the signable xlsx under `agency`'s
    /// letterhead (the settings' agency and place).
    RollupExport { format: ExportFormat, agency: Agency },
    /// Drop the last report, the kept tables and every file received (a new review starts from scratch).
    Free,
    /// Panic on purpose: the browser tests prove that a crash is caught.
    CrashTest,
    /// To the second worker of a big text log (`ingest::halves`): read the rest of the file, from byte `split`,
    /// with the header found in its first bytes. worker.js loads both into slots (`head`, `rest`) first.
    SecondHalf {
        name: String,
        split: u64,
        read: ReadChoice,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file: Option<JsObject>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        head: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rest: Option<u32>,
    },
}

/// A file handed to the worker. The page sends the browser's `File` (`file`); worker.js reads it into a slot of
/// wasm memory and names the slot (`slot`); a dossier file whose table the worker kept from the review is not
/// read again, and has no slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRef {
    pub name: String,
    pub role: Role,
    /// The file's size in bytes (its table is kept by name, size and reading choices).
    #[serde(default)]
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<JsObject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<u32>,
}

impl FileRef {
    pub fn new(name: impl Into<String>, role: Role, size: u64) -> FileRef {
        FileRef { name: name.into(), role, size, file: None, slot: None }
    }
}

/// What the worker answers: `{type: "checked", …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "snake_case")]
pub enum Reply {
    /// The worker has loaded its scripts and the wasm (posted by worker.js; `helper`: and its spare second worker).
    Ready {
        #[serde(default)]
        helper: bool,
    },
    /// How far job `id` has come (0: not a job's, e.g. the second worker's).
    Progress {
        id: u32,
        stage: JobStage,
    },
    /// The review screen's files.
    Inspected {
        id: u32,
        files: Json<Vec<FileInspection>>,
    },
    /// A check's result and the answer to its first view.
    Checked {
        id: u32,
        report: Json<Rc<ViewReport>>,
        view: Json<Rc<ViewAnswer>>,
    },
    /// The answer to [`Request::View`]; None when the worker holds no report (a new check is running).
    Viewed {
        view: Option<Json<Rc<ViewAnswer>>>,
    },
    /// The answer to [`Request::Print`]; None when the worker holds no report.
    Printed {
        print: Option<Json<Rc<PrintAnswer>>>,
    },
    Explained {
        why: Why,
    },
    /// A part of export file `name`, in order, before its [`Reply::Exported`] (a big file comes in parts of
    /// `engine::EXPORT_PART` bytes: the page joins them into one `Blob`).
    ExportPart {
        name: String,
        bytes: Bytes,
    },
    /// The export files: each file's last part (all of it when it came in one).
    Exported {
        files: Vec<ExportFile>,
    },
    /// A roll-up, as the page shows it.
    RolledUp {
        id: u32,
        rollup: Json<Rc<ProvinceView>>,
    },
    /// The JS API's contract, `dunghen.report/1`, as the JSON text `check::report` writes (the CLI's own).
    Report {
        id: u32,
        json: String,
    },
    /// Job `id` (0: a request that is not a job: explain, export) could not be done, and why.
    Failed {
        id: u32,
        error: Text,
    },
    /// The worker died (a panic or a script error; posted by worker.js): the details, for the clipboard.
    Crashed {
        #[serde(default)]
        id: u32,
        details: String,
    },
    /// From the second worker: some of its dossiers, encoded (`ingest::join_chunk`), as they are made.
    HalfChunk {
        bytes: Bytes,
    },
    /// From the second worker: the rest of its answer (`ingest::join_halves`); None when its half cannot be read
    /// apart (then the whole file is read by the first).
    SecondHalf {
        bytes: Option<Bytes>,
    },
}

/// The messages are objects with their tag first (`tag_first`): `Request`'s is `cmd`, `Reply`'s `type`,
/// `JobStage`'s `name`.
macro_rules! tag_first {
    ($t:ty, $tag:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$t>::serialize(self, TagFirst::new(s, $tag))
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                <$t>::deserialize(TagFirstDe::new(d, $tag))
            }
        }
    };
}

tag_first!(Request, "cmd");
tag_first!(Reply, "type");
tag_first!(JobStage, "name");

impl Reply {
    /// The buffers this reply carries, to transfer rather than copy.
    pub fn buffers(&self) -> Vec<&Bytes> {
        match self {
            Reply::Exported { files } => files.iter().map(|f| &f.bytes).collect(),
            Reply::HalfChunk { bytes } | Reply::SecondHalf { bytes: Some(bytes) } | Reply::ExportPart { bytes, .. } => {
                vec![bytes]
            }
            _ => Vec::new(),
        }
    }
}

/// A stage of a job, with its figures. Rows and dossiers are reported every few thousand (at most one report per
/// 100 ms), bytes loaded at most every 100 ms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "snake_case")]
pub enum JobStage {
    /// Bytes of `file` loaded into the worker (worker.js).
    Load { file: String, loaded: u64, total: u64 },
    /// The files are loaded; their tables are being read.
    Parse,
    /// The check has begun.
    Check,
    /// Rows read; `total` is estimated from the bytes read so far (0 when not known yet).
    RowsRead { done: u64, total: u64 },
    /// Rows read by two workers at once (a big text log in halves; worker.js): both figures estimated.
    RowsReadHalves { done: u64, total: u64 },
    /// Rows turned into dossiers.
    RowsConvert { done: u64, total: u64 },
    /// Dossiers judged by the rules.
    Judge { done: u64, total: u64 },
    /// Officers, units and the report, over `total` dossiers.
    Report { done: u64, total: u64 },
    /// The agencies' reports, `files` of them, being read and rolled up.
    Rollup { files: u64 },
}

impl JobStage {
    /// A stage of the core's reading and checking.
    pub fn of(p: crate::ingest::Progress) -> JobStage {
        let (done, total) = (p.done, p.total);
        match p.stage {
            crate::ingest::Stage::Read => JobStage::RowsRead { done, total },
            crate::ingest::Stage::Convert => JobStage::RowsConvert { done, total },
            crate::ingest::Stage::Judge => JobStage::Judge { done, total },
            crate::ingest::Stage::Report => JobStage::Report { done, total },
        }
    }
}

/// A body carried as JSON text inside a message (a string in the JavaScript object), for the big answers.
///
/// Measured in node 22 (V8, as Chromium) on the 100,000-row benchmark log, from the worker's wasm to the page's
/// (made, cloned as `postMessage` clones, read): a check's result (8 KB as JSON) 0.20–0.24 ms as JSON text against
/// 1.13–1.17 ms as an object made and read by serde-wasm-bindgen; a page of 50 dossiers (19 KB) 0.41–0.51 ms
/// against 2.6–3.4 ms; the review's files (3 KB) 0.17 against 0.37–0.42 ms. serde-wasm-bindgen crosses the
/// boundary once per field; JSON once per message.
#[derive(Debug, Clone, PartialEq)]
pub struct Json<T>(pub T);

impl<T> std::ops::Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Serialize> Serialize for Json<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Json<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json<T>, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map(Json).map_err(serde::de::Error::custom)
    }
}

/// One export file: name, MIME type and bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub name: String,
    pub mime: String,
    pub bytes: Bytes,
}

/// Bytes crossing between the worker and the page: a `Uint8Array`, handed over as is by serde-wasm-bindgen and
/// transferred by `postMessage` (never numbers in JSON, never copied into the page's wasm memory). Natively (the
/// tests) a plain vector.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Bytes(#[serde(with = "serde_wasm_bindgen::preserve")] pub js_sys::Uint8Array);

/// The same array (a message is not compared by its bytes in the browser).
#[cfg(target_arch = "wasm32")]
impl PartialEq for Bytes {
    fn eq(&self, other: &Bytes) -> bool {
        let (a, b): (&wasm_bindgen::JsValue, &wasm_bindgen::JsValue) = (self.0.as_ref(), other.0.as_ref());
        a == b
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    #[cfg(target_arch = "wasm32")]
    pub fn new(bytes: &[u8]) -> Bytes {
        Bytes(js_sys::Uint8Array::from(bytes))
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn new(bytes: &[u8]) -> Bytes {
        Bytes(bytes.to_vec())
    }

    #[cfg(target_arch = "wasm32")]
    pub fn to_vec(&self) -> Vec<u8> {
        self.0.to_vec()
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_vec(&self) -> Vec<u8> {
        self.0.clone()
    }
}

/// A message as the JavaScript object `postMessage` sends: structs as plain objects (as JSON would give them,
/// `null` for None), the [`Bytes`] and [`JsObject`]s as they are.
#[cfg(target_arch = "wasm32")]
pub fn to_js<T: Serialize>(v: &T) -> Result<wasm_bindgen::JsValue, serde_wasm_bindgen::Error> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// A message from a JavaScript object.
#[cfg(target_arch = "wasm32")]
pub fn from_js<T: for<'de> Deserialize<'de>>(v: wasm_bindgen::JsValue) -> Result<T, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::from_value(v)
}

/// A JavaScript object carried by a message as is (a `File`, the compiled `WebAssembly.Module`): handed over
/// by serde-wasm-bindgen and cloned by `postMessage`, never serialised. Natively (the tests) there is none.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsObject(#[serde(with = "serde_wasm_bindgen::preserve")] pub wasm_bindgen::JsValue);

#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsObject;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::engine::{self, ProfileChoice};
    use crate::web::query::Views;
    use serde_json::json;

    fn round_trip<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(v: &T) {
        let text = serde_json::to_string(v).unwrap();
        let back: T = serde_json::from_str(&text).unwrap();
        assert_eq!(&back, v, "{text}");
    }

    fn params() -> CheckParams {
        CheckParams {
            as_of: chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
            assessment_year: None,
            read: ReadChoice::default(),
            profile: ProfileChoice::default(),
            agency: Default::default(),
        }
    }

    #[test]
    fn every_request_comes_back_as_it_went() {
        let files = vec![
            FileRef::new("a.xlsx", Role::Dossiers, 10),
            FileRef { slot: Some(2), ..FileRef::new("r.csv", Role::Reminded, 5) },
        ];
        for r in [
            Request::Init { module: None, source: Some("…".into()), helper: true },
            Request::Inspect { id: 1, files: files.clone(), read: ReadChoice::default(), year: 2023 },
            Request::Check { id: 2, files, params: params(), sample: false, view: ViewQuery::default() },
            Request::View { query: ViewQuery { search: "an".into(), page: 3, ..Default::default() } },
            Request::Print { period: PeriodSpec::Quarter { year: 2023, quarter: 2 } },
            Request::Explain { kind: WhyKind::Officer, idx: 4 },
            Request::Export { format: ExportFormat::Xlsx, params: ExportParams::default() },
            Request::Report { id: 3, files: Vec::new(), options: ApiOptions::default() },
            Request::Rollup { id: 4, files: vec![FileRef::new("a.json", Role::Report, 10)] },
            Request::RollupExport { format: ExportFormat::Json, agency: Agency::default() },
            Request::Free,
            Request::CrashTest,
            Request::SecondHalf {
                name: "log.csv".into(),
                split: 1 << 23,
                read: ReadChoice::default(),
                file: None,
                head: Some(0),
                rest: Some(1),
            },
        ] {
            round_trip(&r);
        }
    }

    #[test]
    fn every_reply_comes_back_as_it_went() {
        let p = params();
        let report = engine::check(&engine::sample_files(), &p).unwrap();
        let mut views = Views::default();
        let view = Rc::new(views.answer(&report, &ViewQuery::default()));
        for r in [
            Reply::Ready { helper: false },
            Reply::Progress { id: 1, stage: JobStage::Load { file: "a.csv".into(), loaded: 5, total: 10 } },
            Reply::Progress { id: 1, stage: JobStage::Parse },
            Reply::Progress { id: 1, stage: JobStage::Check },
            Reply::Progress { id: 1, stage: JobStage::RowsRead { done: 1024, total: 500_000 } },
            Reply::Progress { id: 1, stage: JobStage::RowsReadHalves { done: 2048, total: 500_000 } },
            Reply::Progress { id: 1, stage: JobStage::RowsConvert { done: 10, total: 20 } },
            Reply::Progress { id: 2, stage: JobStage::Judge { done: 10, total: 20 } },
            Reply::Progress { id: 2, stage: JobStage::Report { done: 0, total: 20 } },
            Reply::Progress { id: 4, stage: JobStage::Rollup { files: 3 } },
            Reply::Inspected {
                id: 1,
                files: Json(engine::inspect(&engine::sample_files(), &ReadChoice::default(), 2023)),
            },
            Reply::Checked { id: 2, report: Json(Rc::new(engine::view(&report))), view: Json(view.clone()) },
            Reply::Viewed { view: Some(Json(view)) },
            Reply::Viewed { view: None },
            Reply::Printed { print: Some(Json(Rc::new(views.print(&report, &PeriodSpec::All)))) },
            Reply::Explained { why: engine::explain(&report, WhyKind::Dossier, 0).unwrap() },
            Reply::Exported {
                files: vec![ExportFile { name: "a.csv".into(), mime: "text/csv".into(), bytes: Bytes::new(b"a,b") }],
            },
            Reply::Report { id: 3, json: "{}".into() },
            Reply::RolledUp {
                id: 4,
                rollup: Json(Rc::new(ProvinceView::of(&crate::rollup::roll_up(&[], &Default::default())))),
            },
            Reply::Failed { id: 0, error: Text::new("hỏng", "broken") },
            Reply::Crashed { id: 2, details: "panicked at src/x.rs".into() },
            Reply::HalfChunk { bytes: Bytes::new(&[1, 2, 3]) },
            Reply::SecondHalf { bytes: None },
        ] {
            round_trip(&r);
        }
    }

    /// The messages JavaScript makes or reads itself (www/worker.js, www/dunghen-embed.js): their shape is fixed.
    #[test]
    fn the_shapes_javascript_relies_on() {
        let check = Request::Check {
            id: 7,
            files: vec![FileRef { slot: Some(0), ..FileRef::new("a.csv", Role::Dossiers, 10) }],
            params: params(),
            sample: false,
            view: ViewQuery::default(),
        };
        let v = serde_json::to_value(&check).unwrap();
        assert_eq!(v["cmd"], "check");
        assert_eq!(v["files"][0], json!({ "name": "a.csv", "role": "dossiers", "size": 10, "slot": 0 }));
        assert!(v["params"]["read"].is_object(), "worker.js asks whether a table is kept with params.read: {v}");
        // worker.js: bytes loaded, the rows of two workers, a crash, its start; as text, in the order JavaScript
        // writes them (the tag first: a message is read tag first).
        let made_in_js = [
            (
                r#"{"type": "progress", "id": 3, "stage": {"name": "load", "file": "a.csv", "loaded": 5, "total": 9}}"#,
                Reply::Progress { id: 3, stage: JobStage::Load { file: "a.csv".into(), loaded: 5, total: 9 } },
            ),
            (
                r#"{"type": "progress", "id": 3, "stage": {"name": "parse"}}"#,
                Reply::Progress { id: 3, stage: JobStage::Parse },
            ),
            (
                r#"{"type": "progress", "id": 3, "stage": {"name": "rows_read_halves", "done": 4, "total": 8}}"#,
                Reply::Progress { id: 3, stage: JobStage::RowsReadHalves { done: 4, total: 8 } },
            ),
            (r#"{"type": "crashed", "id": 0, "details": "x"}"#, Reply::Crashed { id: 0, details: "x".into() }),
            (r#"{"type": "ready", "helper": true}"#, Reply::Ready { helper: true }),
        ];
        for (js, reply) in made_in_js {
            assert_eq!(serde_json::from_str::<Reply>(js).unwrap(), reply);
        }
        let late_tag = serde_json::from_str::<Reply>(r#"{"id": 0, "type": "crashed", "details": "x"}"#);
        assert!(late_tag.unwrap_err().to_string().contains("begins with its \"type\""));
        // dunghen-embed.js: the JS API's request (its files carry bytes or a File, read into slots by worker.js)
        // and its answers.
        let api: Request = serde_json::from_str(
            r#"{"cmd": "report", "id": 1, "files": [{"name": "a.xlsx", "role": "dossiers", "slot": 0}],
                "options": {"asOf": "2023-12-31", "profile": null, "year": null, "monthFirst": false}}"#,
        )
        .unwrap();
        assert!(
            matches!(api, Request::Report { id: 1, ref options, .. } if options.as_of.as_deref() == Some("2023-12-31"))
        );
        assert_eq!(
            serde_json::to_value(Reply::Failed { id: 1, error: Text::new("vi", "en") }).unwrap(),
            json!({ "type": "failed", "id": 1, "error": { "vi": "vi", "en": "en" } })
        );
        assert_eq!(serde_json::to_value(Reply::Report { id: 1, json: "{}".into() }).unwrap()["type"], "report");
        // The second worker's answers, read by the first.
        assert_eq!(serde_json::to_value(Reply::HalfChunk { bytes: Bytes::new(&[1]) }).unwrap()["type"], "half_chunk");
        assert_eq!(serde_json::to_value(Reply::SecondHalf { bytes: None }).unwrap()["type"], "second_half");
        // The big bodies are JSON text inside the message (worker.js measures the check's).
        let viewed = serde_json::to_value(Reply::Viewed { view: Some(Json(Rc::new(views_answer()))) }).unwrap();
        assert!(viewed["view"].as_str().is_some_and(|t| t.starts_with("{\"query\":")), "{viewed}");
    }

    fn views_answer() -> ViewAnswer {
        let report = engine::check(&engine::sample_files(), &params()).unwrap();
        Views::default().answer(&report, &ViewQuery::default())
    }

    #[test]
    fn the_bytes_a_reply_carries_are_transferred() {
        let files = vec![
            ExportFile { name: "a".into(), mime: "text/csv".into(), bytes: Bytes::new(b"1") },
            ExportFile { name: "b".into(), mime: "text/csv".into(), bytes: Bytes::new(b"22") },
        ];
        assert_eq!(Reply::Exported { files }.buffers().len(), 2);
        assert_eq!(Reply::HalfChunk { bytes: Bytes::new(b"x") }.buffers().len(), 1);
        assert!(Reply::SecondHalf { bytes: None }.buffers().is_empty());
        assert!(Reply::Ready { helper: false }.buffers().is_empty());
    }
}
