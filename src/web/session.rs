//! What the worker holds between requests, and how it answers them: one [`Session`] per worker. Plain Rust,
//! unit-tested natively; `worker` (wasm32) keeps the one session of its worker and moves requests, replies and
//! file bytes between it and `www/worker.js`.
//!
//! What the review screen read stays here until the check (which then need not read the files again), and the
//! last check stays here after it: the results screen's tables, "why?" and the exports are asked of it, and the
//! page never holds the dossier list.

use super::embed::ApiOptions;
use super::engine::{self, CheckParams, ExportFormat, ExportParams, FileBytes, ProfileChoice, ReadChoice, Role};
use super::protocol::{Bytes, ExportFile, FileRef, JobStage, Json, Reply, Request};
use super::query::{ViewQuery, Views};
use super::table::{PeriodSpec, WhyKind};
use crate::check::Checked;
use crate::ingest::{DossierTable, FirstHalf};
use crate::model::Text;
use crate::profile::Profile;
use crate::report::provenance::FileDigest;
use std::cell::RefCell;
use std::rc::Rc;

/// The worker's memory.
pub struct Session {
    /// Files streamed in by worker.js, by slot: a 222 MB export is held once, in wasm memory, instead of as
    /// chunks, a joined copy in JavaScript and a third copy here. A request names the slots it uses and takes them.
    slots: Vec<Vec<u8>>,
    /// Big text logs read in halves by two workers (`ingest::halves`), by slot: the top half read here, waiting
    /// for the rest.
    halves: Vec<(u32, FirstHalf)>,
    /// … then the joined table, waiting for the inspection.
    joined: Vec<(u32, DossierTable)>,
    /// The dossier tables the review screen read, for the check.
    kept: Vec<KeptTable>,
    /// The last check.
    last: Option<LastCheck>,
    /// The last roll-up (Tổng hợp mode), for its exports.
    rollup: Option<crate::rollup::Rollup>,
    /// Milliseconds, for spacing progress reports (the browser's clock in the worker).
    clock: fn() -> f64,
    /// The bytes of memory the worker can still take ([`memory_room`]; the tests set less).
    room: fn() -> u64,
}

/// A dossier table the review screen read: the file (name and size) and the reading choices it was read with.
struct KeptTable {
    name: String,
    size: u64,
    read: ReadChoice,
    table: DossierTable,
    /// The file's SHA-256, made while its bytes were here (the check does not get them again); none for a log
    /// read in halves, whose bytes this worker never held whole.
    digest: Option<FileDigest>,
}

/// The last check: its report, the rules it ran with (for the exports) and what the results screen asked.
struct LastCheck {
    checked: Checked,
    profile: Profile,
    views: Views,
}

/// Where a session's replies go (worker.js's `postMessage`).
pub type Out<'a> = &'a mut dyn FnMut(Reply);

impl Session {
    pub fn new(clock: fn() -> f64) -> Session {
        Session {
            slots: Vec::new(),
            halves: Vec::new(),
            joined: Vec::new(),
            kept: Vec::new(),
            last: None,
            rollup: None,
            clock,
            room: memory_room,
        }
    }

    /// Starts receiving a file of `len` bytes; returns its slot, for [`Session::add_chunk`] and the requests.
    pub fn begin_file(&mut self, len: u64, name: &str) -> u32 {
        // Reading a workbook takes about seven times its size (shared strings, dossiers), a CSV about twice, and a
        // third time as a margin: memory grown while the rows are read cost V8 half a second on a 1M-row CSV
        // (2.7–3.2 s read with the room made first, 3.4–3.5 s without).
        let n = name.to_ascii_lowercase();
        let factor = if n.ends_with(".xlsx") || n.ends_with(".xlsm") { 7 } else { 3 };
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        reserve_memory(len.saturating_mul(factor));
        self.slots.push(Vec::with_capacity(len));
        (self.slots.len() - 1) as u32
    }

    /// The next bytes of the file in `slot`.
    pub fn add_chunk(&mut self, slot: u32, chunk: &[u8]) {
        if let Some(v) = self.slots.get_mut(slot as usize) {
            v.extend_from_slice(chunk);
        }
    }

    /// Whether the review screen's table of this dossier file, read with these choices, is kept: worker.js then
    /// hands the check the file without its bytes.
    pub fn table_kept(&self, name: &str, size: u64, read: &ReadChoice) -> bool {
        self.kept.iter().any(|t| t.name == name && t.size == size && t.read == *read)
    }

    /// Reads the top half of the dossier log in `slot` (its bytes up to a line start near the middle; the file is
    /// `file_len` bytes) while a second worker reads the rest ([`Request::SecondHalf`]). Returns whether it
    /// could: when not, worker.js adds the rest of the file to the slot and it is read whole. Rows read go to
    /// `out` as [`JobStage::RowsRead`].
    pub fn read_first_half(&mut self, slot: u32, name: &str, read: &ReadChoice, file_len: u64, out: Out) -> bool {
        let Some(bytes) = self.slots.get(slot as usize) else { return false };
        let mut rows = progress(self.clock, 0, out);
        let Some(first) = crate::ingest::read_first_half(name, bytes, file_len, &read.options(), &mut rows) else {
            return false;
        };
        self.halves.push((slot, first));
        true
    }

    /// Appends a chunk of the second worker's dossiers ([`Reply::HalfChunk`]) to the top half in `slot`. Returns
    /// whether it could: when not, the halves are not joined.
    pub fn join_chunk(&mut self, slot: u32, chunk: &[u8]) -> bool {
        let half = self.halves.iter_mut().find(|(s, _)| *s == slot);
        half.is_some_and(|(_, first)| crate::ingest::join_chunk(first, chunk))
    }

    /// Joins the rest of the log in `slot` (the second worker's [`Reply::SecondHalf`]) to its top half. Returns
    /// whether the table was made: when not, worker.js adds the rest of the file to the slot and it is read whole.
    pub fn join_half(&mut self, slot: u32, second: &[u8]) -> bool {
        let Some(first) = take_slot(&mut self.halves, slot) else { return false };
        // A table, or the whole read's error (too many rows, month-first dates), as reading the whole file would
        // give.
        match crate::ingest::join_halves(first, second) {
            Some(Ok(table)) => {
                self.joined.push((slot, table));
                true
            }
            _ => false,
        }
    }

    /// Answers one request, each reply to `out` as it comes (progress, then the answer).
    pub fn handle(&mut self, request: Request, out: Out) {
        match request {
            // worker.js's own (the wasm was not loaded yet).
            Request::Init { .. } => {}
            Request::Inspect { id, files, read, year } => self.inspect(id, &files, &read, year, out),
            Request::Check { id, files, params, sample, view } => self.check(id, &files, &params, sample, &view, out),
            Request::View { query } => {
                let view = self.last.as_mut().map(|l| Json(Rc::new(l.views.answer(&l.checked.report, &query))));
                out(Reply::Viewed { view });
            }
            Request::Print { period } => out(Reply::Printed { print: self.print(&period) }),
            Request::Explain { kind, idx } => out(self.explain(kind, idx)),
            Request::Export { format, params } => {
                let reply = self.export(format, &params, out);
                out(reply)
            }
            Request::Report { id, files, options } => out(self.report(id, &files, &options)),
            Request::Rollup { id, files } => self.roll_up(id, &files, out),
            Request::RollupExport { format, agency } => out(self.rollup_export(format, &agency)),
            Request::Free => self.free(),
            Request::CrashTest => panic!("crash test: a panic inside the worker (asked for by the page)"),
            Request::SecondHalf { name, read, head, rest, .. } => self.second_half(&name, &read, head, rest, out),
        }
    }

    /// Drops the last report, the kept tables and every file received.
    fn free(&mut self) {
        self.forget();
        self.rollup = None;
        self.slots.clear();
        self.halves.clear();
        self.joined.clear();
    }

    /// Drops the last report and the kept tables: a new inspection or check is starting, and memory must not
    /// hold the old ones beside the new.
    fn forget(&mut self) {
        self.last = None;
        self.kept.clear();
    }

    /// The bytes of the files, each with its size (the `File`'s: the bytes of a file whose table is kept are not
    /// read, and are empty). Every slot is taken: the next files are numbered afresh.
    fn take_files(&mut self, files: &[FileRef]) -> Vec<(FileBytes, u64)> {
        let out = files
            .iter()
            .map(|f| {
                let bytes = f.slot.and_then(|s| self.slots.get_mut(s as usize)).map(std::mem::take).unwrap_or_default();
                let size = if f.size > 0 { f.size } else { bytes.len() as u64 };
                (FileBytes { name: f.name.clone(), role: f.role, bytes, digest: None }, size)
            })
            .collect();
        self.slots.clear();
        out
    }

    fn inspect(&mut self, id: u32, files: &[FileRef], read: &ReadChoice, year: i32, out: Out) {
        self.forget();
        // The tables read in halves, by the files' order; their slots hold only the top half, not read again.
        let joined: Vec<Option<DossierTable>> =
            files.iter().map(|f| f.slot.and_then(|s| take_slot(&mut self.joined, s))).collect();
        self.joined.clear();
        self.halves.clear();
        let (files, sizes): (Vec<FileBytes>, Vec<u64>) = self.take_files(files).into_iter().unzip();
        let digests: Vec<Option<FileDigest>> = files
            .iter()
            .zip(&joined)
            .map(|(f, j)| {
                (f.role == Role::Dossiers && j.is_none()).then(|| FileDigest::of(&f.name, "dossiers", &f.bytes))
            })
            .collect();
        let (mut seen, tables) = {
            let mut rows = progress(self.clock, id, &mut *out);
            engine::inspect_keep(&files, joined, read, year, &mut rows)
        };
        drop(files);
        for (f, size) in seen.iter_mut().zip(&sizes) {
            f.size = *size;
        }
        self.kept = seen
            .iter()
            .zip(sizes)
            .zip(tables)
            .zip(digests)
            .filter_map(|(((f, size), t), digest)| {
                Some(KeptTable { name: f.file.clone(), size, read: read.clone(), table: t?, digest })
            })
            .collect();
        out(Reply::Inspected { id, files: Json(seen) });
    }

    fn check(&mut self, id: u32, files: &[FileRef], params: &CheckParams, sample: bool, first: &ViewQuery, out: Out) {
        out(Reply::Progress { id, stage: JobStage::Check });
        self.last = None;
        // The tables the review screen read, for the dossier files they still match; the others are freed now.
        let mut kept = std::mem::take(&mut self.kept);
        let (files, tables) = if sample {
            (engine::sample_files(), Vec::new())
        } else {
            let mut files = self.take_files(files);
            let tables = files
                .iter_mut()
                .filter(|(f, _)| f.role == Role::Dossiers)
                .map(|(f, size)| {
                    let at = kept.iter().position(|k| k.name == f.name && k.size == *size && k.read == params.read)?;
                    let k = kept.swap_remove(at);
                    f.digest = k.digest;
                    Some(k.table)
                })
                .collect();
            (files.into_iter().map(|(f, _)| f).collect(), tables)
        };
        drop(kept);
        // Per dossier the check adds its verdict (≈ 56 bytes), a slot in the duplicate index (≈ 34) and the results
        // screen's index of the period (4).
        let dossiers: usize = tables.iter().flatten().map(|t: &DossierTable| t.dossiers.len()).sum();
        reserve_memory(dossiers.saturating_mul(128));
        let result = {
            let mut rows = progress(self.clock, id, &mut *out);
            engine::check_lean(&files, tables, params, &mut rows)
        };
        drop(files);
        match result {
            Ok(checked) => {
                let profile = engine::build_profile(&params.profile, params.year())
                    .unwrap_or_else(|_| Profile::default_profile());
                // The rules without the user's settings: the defaults the commendation tab shows.
                let bare = ProfileChoice { patch: String::new(), ..params.profile.clone() };
                let defaults = engine::build_profile(&bare, params.year()).unwrap_or_else(|_| profile.clone());
                let mut views = Views::with_rules(profile.clone(), defaults);
                let view = Rc::new(views.answer(&checked.report, first));
                let report = Rc::new(engine::view(&checked.report));
                self.last = Some(LastCheck { checked, profile, views });
                out(Reply::Checked { id, report: Json(report), view: Json(view) });
            }
            Err(error) => out(Reply::Failed { id, error }),
        }
    }

    fn print(&mut self, period: &PeriodSpec) -> Option<Json<Rc<super::query::PrintAnswer>>> {
        let l = self.last.as_mut()?;
        Some(Json(Rc::new(l.views.print(&l.checked.report, period))))
    }

    fn explain(&self, kind: WhyKind, idx: u32) -> Reply {
        let why = self.last.as_ref().and_then(|l| match kind {
            WhyKind::Commend => l.views.commend_why(idx),
            _ => engine::explain_checked(&l.checked, kind, idx as usize),
        });
        match why {
            Some(why) => Reply::Explained { why },
            None => Reply::Failed {
                id: 0,
                error: Text::new("Không có giải thích cho dòng này.", "No explanation for this row."),
            },
        }
    }

    /// The export files, in parts to `out` as they are written, then [`Reply::Exported`]; refused before it
    /// starts when it would not fit in the memory the worker has left (a crash would lose the report).
    fn export(&mut self, format: ExportFormat, params: &ExportParams, out: Out) -> Reply {
        let Some(LastCheck { checked, profile, .. }) = self.last.as_mut() else {
            return Reply::Failed {
                id: 0, error: Text::new("Chưa có kết quả để xuất.", "No results to export yet.")
            };
        };
        let need = engine::export_need(&checked.report, format, params);
        if let Some(error) = engine::export_refusal(format, params, need, (self.room)()) {
            return Reply::Failed { id: 0, error };
        }
        let mut part =
            |name: &str, bytes: Vec<u8>| out(Reply::ExportPart { name: name.into(), bytes: Bytes::new(&bytes) });
        match engine::export_checked(checked, profile, format, params, &mut part) {
            Ok(files) => Reply::Exported {
                files: files
                    .into_iter()
                    .map(|f| ExportFile { name: f.name, mime: f.mime.to_string(), bytes: Bytes::new(&f.bytes) })
                    .collect(),
            },
            Err(error) => Reply::Failed { id: 0, error },
        }
    }

    /// The JS API (`DungHen.check`, issue 6): the whole `dunghen.report/1` contract, as `check::report` produces
    /// it (the CLI's `--format json` without the period tables).
    fn report(&mut self, id: u32, files: &[FileRef], options: &ApiOptions) -> Reply {
        let files: Vec<FileBytes> = self.take_files(files).into_iter().map(|(f, _)| f).collect();
        let report = options.params().and_then(|params| engine::check_report(&files, &params, options.explain));
        match report {
            Ok(report) => {
                Reply::Report { id, json: String::from_utf8(crate::export::to_json(&report, None)).unwrap_or_default() }
            }
            Err(error) => Reply::Failed { id, error },
        }
    }

    /// Tổng hợp mode: rolls up the agencies' reports in `files` (JSON or xlsx; what cannot be read is a problem of
    /// the result, never a failure) and keeps the roll-up for its exports.
    fn roll_up(&mut self, id: u32, files: &[FileRef], out: Out) {
        self.forget();
        self.rollup = None;
        out(Reply::Progress { id, stage: JobStage::Rollup { files: files.len() as u64 } });
        let inputs: Vec<crate::rollup::RollupInput> = self
            .take_files(files)
            .into_iter()
            .map(|(f, _)| crate::rollup::RollupInput { name: f.name, bytes: f.bytes })
            .collect();
        if inputs.is_empty() {
            let error = Text::new("Hãy chọn ít nhất một báo cáo.", "Choose at least one report.");
            return out(Reply::Failed { id, error });
        }
        let rollup = crate::rollup::roll_up(&inputs, &crate::rollup::RollupSettings::default());
        drop(inputs);
        let view = Rc::new(super::province::ProvinceView::of(&rollup));
        self.rollup = Some(rollup);
        out(Reply::RolledUp { id, rollup: Json(view) });
    }

    /// The export files of the last roll-up: its JSON (`dunghen.rollup/1`), the province table as CSV, or the
    /// xlsx Sở Nội vụ signs (national motto, one sheet per table) under the settings' letterhead.
    fn rollup_export(&self, format: ExportFormat, agency: &crate::report::provenance::Agency) -> Reply {
        let Some(r) = self.rollup.as_ref() else {
            return Reply::Failed { id: 0, error: Text::new("Chưa có bảng tổng hợp.", "No roll-up yet.") };
        };
        let slug = r.period.as_ref().map(|p| p.slug.clone()).unwrap_or_else(|| "chua-ro-ky".into());
        let file = |ext: &str, mime: &str, bytes: Vec<u8>| ExportFile {
            name: format!("tong-hop-{slug}.{ext}"),
            mime: mime.into(),
            bytes: Bytes::new(&bytes),
        };
        match format {
            ExportFormat::Json => Reply::Exported { files: vec![file("json", "application/json", r.to_json())] },
            ExportFormat::Csv => {
                Reply::Exported { files: vec![file("csv", "text/csv", crate::rollup::export::to_csv(r))] }
            }
            ExportFormat::Xlsx => {
                let head = crate::export::Letterhead { agency: agency.name.clone(), place: agency.place.clone() };
                match crate::rollup::export::to_xlsx(r, &head) {
                    Ok(bytes) => Reply::Exported { files: vec![file("xlsx", engine::XLSX_MIME, bytes)] },
                    Err(e) => Reply::Failed {
                        id: 0,
                        error: Text::new(
                            format!("Không tạo được tệp Excel tổng hợp: {e}"),
                            format!("The roll-up's Excel file could not be made: {e}"),
                        ),
                    },
                }
            }
        }
    }

    /// In the second worker: reads the rest of a log (slot `rest`, from a line start) with the header found in
    /// `head` (the file's first bytes). Its dossiers go out as they are made ([`Reply::HalfChunk`]), then the rest
    /// ([`Reply::SecondHalf`], empty when this half cannot be read apart); rows read as [`JobStage::RowsRead`].
    fn second_half(&mut self, name: &str, read: &ReadChoice, head: Option<u32>, rest: Option<u32>, out: Out) {
        let mut take = |slot: Option<u32>| {
            slot.and_then(|s| self.slots.get_mut(s as usize)).map(std::mem::take).unwrap_or_default()
        };
        let (head, rest) = (take(head), take(rest));
        self.slots.clear();
        // Both the chunks and the rows go out while the half is read.
        let out = RefCell::new(out);
        let mut send = |bytes: Vec<u8>| (*out.borrow_mut())(Reply::HalfChunk { bytes: Bytes::new(&bytes) });
        let clock = self.clock;
        let mut rows = throttled(clock, |stage| (*out.borrow_mut())(Reply::Progress { id: 0, stage }));
        let bytes = crate::ingest::read_second_half(name, &head, &rest, &read.options(), &mut send, &mut rows);
        drop(rows);
        let bytes = bytes.ok().filter(|b| !b.is_empty()).map(|b| Bytes::new(&b));
        (*out.borrow_mut())(Reply::SecondHalf { bytes });
    }

    /// Reads and checks the built-in sample once and forgets it: the browser compiles the reader's and the rules'
    /// code on first use, so doing it while the user picks a file takes that time off their first check.
    pub fn warm_up() {
        let files = engine::sample_files();
        let read = ReadChoice::default();
        let (_, tables) = engine::inspect_keep(&files, Vec::new(), &read, 2023, &mut |_| {});
        let params = CheckParams {
            as_of: chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap_or_default(),
            assessment_year: None,
            read,
            profile: Default::default(),
            agency: Default::default(),
        };
        let _ = engine::check_lean(&files, tables, &params, &mut |_| {});
    }
}

/// Takes what is kept for the file in `slot` out of `list`.
fn take_slot<T>(list: &mut Vec<(u32, T)>, slot: u32) -> Option<T> {
    let at = list.iter().position(|(s, _)| *s == slot)?;
    Some(list.swap_remove(at).1)
}

/// The bytes the worker's memory can still grow by: wasm32's 4 GiB less what the module holds (its memory never
/// shrinks: what it freed inside is not counted, so the figure is on the safe side), less a margin for the page's
/// messages. Natively (the tests) no limit.
fn memory_room() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        let held = core::arch::wasm32::memory_size::<0>() as u64 * 65_536;
        (4u64 << 30).saturating_sub(held).saturating_sub(64 << 20)
    }
    #[cfg(not(target_arch = "wasm32"))]
    u64::MAX
}

/// Grows the module's memory once, up front, for work that needs `bytes`: the allocator would otherwise grow
/// it a little at a time, and every grow costs the browser a new view of the memory (and its garbage collector the
/// old one). What is reserved and not used stays free for the allocator.
fn reserve_memory(bytes: usize) {
    // Measured on the 1M-row xlsx in V8: the read took 5.5 s growing as it went, 4.0 s after one grow. Only a
    // hint: when the browser will not give that much, nothing is reserved and the work goes on. (Natively, the
    // tests, there is no point.)
    if cfg!(target_arch = "wasm32") {
        let _ = Vec::<u8>::new().try_reserve_exact(bytes.min(1_536 << 20));
    }
}

/// Rows read, rows converted and dossiers judged for job `id`, as [`Reply::Progress`] to `out`.
fn progress<'a>(clock: fn() -> f64, id: u32, out: Out<'a>) -> impl FnMut(crate::ingest::Progress) + 'a {
    throttled(clock, move |stage| out(Reply::Progress { id, stage }))
}

/// The core reports every 1,024 rows: at most one report per 100 ms within a stage goes on to `send`, each new
/// stage at once.
fn throttled(clock: fn() -> f64, mut send: impl FnMut(JobStage)) -> impl FnMut(crate::ingest::Progress) {
    let mut last: Option<(crate::ingest::Stage, f64)> = None;
    move |p: crate::ingest::Progress| {
        let now = clock();
        if last.is_some_and(|(stage, at)| stage == p.stage && now - at < 100.0) {
            return;
        }
        last = Some((p.stage, now));
        send(JobStage::of(p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::table::Tab;

    fn no_clock() -> f64 {
        0.0
    }

    /// Streams a file into a new slot the way worker.js does (8 MB slices; here, 1,000 bytes).
    fn load(s: &mut Session, name: &str, bytes: &[u8]) -> FileRef {
        let slot = s.begin_file(bytes.len() as u64, name);
        for chunk in bytes.chunks(1000) {
            s.add_chunk(slot, chunk);
        }
        FileRef { slot: Some(slot), ..FileRef::new(name, role_of(name), bytes.len() as u64) }
    }

    fn role_of(name: &str) -> Role {
        match name {
            n if n.starts_with("nhac_nho") => Role::Reminded,
            n if n.starts_with("xep_loai") => Role::Ratings,
            _ => Role::Dossiers,
        }
    }

    fn ask(s: &mut Session, r: Request) -> Vec<Reply> {
        let mut replies = Vec::new();
        s.handle(r, &mut |reply| replies.push(reply));
        replies
    }

    #[test]
    fn an_export_that_would_not_fit_is_refused_with_the_smaller_choices() {
        let mut s = Session::new(no_clock);
        let view = ViewQuery::default();
        let replies = ask(&mut s, Request::Check { id: 1, files: vec![], params: params(), sample: true, view });
        assert!(matches!(replies.last(), Some(Reply::Checked { .. })), "{replies:?}");
        // No memory left: refused before it starts, naming the smaller choices; the report stays.
        s.room = || 1 << 20;
        let full = ExportParams::default();
        let Some(Reply::Failed { id: 0, error }) =
            ask(&mut s, Request::Export { format: ExportFormat::Xlsx, params: full }).pop()
        else {
            panic!()
        };
        assert!(error.vi.contains("Không kèm danh sách hồ sơ") && error.vi.contains("còn khoảng 1 MB"), "{}", error.vi);
        assert!(error.en.contains("Without the dossier list"), "{}", error.en);
        let lean = ExportParams { without_dossiers: true, ..Default::default() };
        let Some(Reply::Failed { error, .. }) =
            ask(&mut s, Request::Export { format: ExportFormat::Xlsx, params: lean.clone() }).pop()
        else {
            panic!()
        };
        assert!(error.vi.contains("kỳ ngắn hơn") && !error.vi.contains("Không kèm"), "{}", error.vi);
        // Room enough: the smaller choice leaves out the list of every dossier, and nothing else.
        s.room = || 1 << 30;
        let mut csv = |params| {
            let Some(Reply::Exported { files }) =
                ask(&mut s, Request::Export { format: ExportFormat::Csv, params }).pop()
            else {
                panic!()
            };
            files.into_iter().map(|f| f.name).collect::<Vec<_>>()
        };
        let (all, lean) = (csv(ExportParams::default()), csv(lean));
        assert!(all.iter().any(|n| n.ends_with("-ho-so.csv")), "{all:?}");
        let without: Vec<_> = all.iter().filter(|n| !n.ends_with("-ho-so.csv")).cloned().collect();
        assert_eq!(lean, without);
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
    fn a_review_then_a_check_then_the_results_screen_s_questions() {
        let mut s = Session::new(no_clock);
        let sample = engine::sample_files();
        let files: Vec<FileRef> = sample.iter().map(|f| load(&mut s, &f.name, &f.bytes)).collect();
        let replies = ask(&mut s, Request::Inspect { id: 1, files, read: ReadChoice::default(), year: 2023 });
        let Some(Reply::Inspected { id: 1, files: seen }) = replies.last() else { panic!("{replies:?}") };
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[0].size, sample[0].bytes.len() as u64);
        assert!(seen[0].table.is_some() && seen[1].side.is_some() && seen[2].side.is_some(), "{seen:?}");
        assert!(replies.iter().any(|r| matches!(r, Reply::Progress { id: 1, stage: JobStage::RowsRead { .. } })));
        // The check: the dossier file's table is kept, so worker.js sends it without its bytes (no slot).
        let (name, size) = (&sample[0].name, sample[0].bytes.len() as u64);
        assert!(s.table_kept(name, size, &ReadChoice::default()));
        assert!(!s.table_kept(name, size, &ReadChoice { month_first: true, ..Default::default() }));
        let mut files = vec![FileRef::new(name.clone(), Role::Dossiers, size)];
        files.extend(sample[1..].iter().map(|f| load(&mut s, &f.name, &f.bytes)));
        let view = ViewQuery { tab: Tab::Dossiers, ..Default::default() };
        let replies = ask(&mut s, Request::Check { id: 2, files, params: params(), sample: false, view });
        assert_eq!(replies[0], Reply::Progress { id: 2, stage: JobStage::Check });
        let Some(Reply::Checked { id: 2, report, view }) = replies.last() else { panic!("{replies:?}") };
        assert_eq!((report.summary.dossiers, report.summary.violations), (25, 4));
        assert_eq!((view.query.tab, view.total), (Tab::Dossiers, 25));
        // A page of a tab, the print list, a "why?", the exports.
        let query = ViewQuery { tab: Tab::Late, ..Default::default() };
        let Some(Reply::Viewed { view: Some(late) }) = ask(&mut s, Request::View { query }).pop() else { panic!() };
        assert_eq!(late.total, 9, "8 late and 1 pending overdue");
        let Some(Reply::Printed { print: Some(p) }) = ask(&mut s, Request::Print { period: PeriodSpec::All }).pop()
        else {
            panic!()
        };
        assert_eq!(p.late.len(), 9);
        let (kind, idx) = late.rows[0].why.unwrap();
        let Some(Reply::Explained { why }) = ask(&mut s, Request::Explain { kind, idx }).pop() else { panic!() };
        assert_eq!(why.title, late.rows[0].key);
        let export = Request::Export { format: ExportFormat::Csv, params: ExportParams::default() };
        let Some(Reply::Exported { files }) = ask(&mut s, export).pop() else { panic!() };
        assert!(files.len() > 1 && files.iter().all(|f| f.name.ends_with(".csv") && !f.bytes.to_vec().is_empty()));
        // Free: nothing is left to ask about.
        assert!(ask(&mut s, Request::Free).is_empty());
        assert_eq!(ask(&mut s, Request::View { query: ViewQuery::default() }), vec![Reply::Viewed { view: None }]);
        assert!(matches!(ask(&mut s, Request::Explain { kind, idx }).pop(), Some(Reply::Failed { id: 0, .. })));
    }

    /// The commendation tab (issue 21): its rows, its criteria with their defaults, and a line's "why?", asked of
    /// the worker as the page asks; the user's threshold (8 dossiers) leaves only the unit.
    #[test]
    fn the_commendation_tab_and_its_why() {
        let mut s = Session::new(no_clock);
        let query = ViewQuery { tab: Tab::Commend, ..Default::default() };
        let check = |params| Request::Check { id: 1, files: vec![], params, sample: true, view: query.clone() };
        let Some(Reply::Checked { view, .. }) = ask(&mut s, check(params())).pop() else { panic!() };
        let head = view.commend.clone().expect("the tab's criteria");
        assert_eq!((head.counts.vi.as_str(), head.changed), ("1 cá nhân, 1 tập thể", false));
        let keys: Vec<&str> = view.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["officer|Phòng Tư pháp|Nguyễn Văn An", "unit|Phòng Tư pháp|Phòng Tư pháp"]);
        assert_eq!(view.rows[0].cells[2].text, "5");
        let (kind, idx) = view.rows[1].why.unwrap();
        let Some(Reply::Explained { why }) = ask(&mut s, Request::Explain { kind, idx }).pop() else { panic!() };
        assert_eq!(why.title, "Tập thể Phòng Tư pháp");
        assert!(why.steps[0].vi.contains("9 hồ sơ"), "{:?}", why.steps);
        // Only officers, by the tag filter.
        let officers = ViewQuery { tag: "officer".into(), ..query.clone() };
        let Some(Reply::Viewed { view: Some(v) }) = ask(&mut s, Request::View { query: officers }).pop() else {
            panic!()
        };
        assert_eq!((v.total, v.all), (1, 2));
        let mut p = params();
        p.profile.patch = "[commendation.min_dossiers]\nvalue = 8\n".into();
        let Some(Reply::Checked { view, .. }) = ask(&mut s, check(p)).pop() else { panic!() };
        let head = view.commend.clone().unwrap();
        assert!(head.changed && head.criteria.vi.contains("ít nhất 8") && head.defaults.vi.contains("ít nhất 5"));
        assert_eq!(view.rows.len(), 1);
    }

    /// The 2023 log's rows of `unit` under its title and header lines: one agency's log.
    fn split(unit: &str) -> Vec<u8> {
        let path = format!("{}/tests/fixtures/dossiers_2023_utf8.csv", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut out: Vec<&str> = lines[..8].to_vec();
        out.extend(lines[8..].iter().filter(|l| l.split(',').nth(4) == Some(unit)));
        (out.join("\n") + "\n").into_bytes()
    }

    /// Tổng hợp mode (issue 21): three agencies' JSON reports made by the page's own check and export, rolled up
    /// in the worker: the totals are the check of the three logs together; an edited figure is flagged, and the
    /// roll-up's JSON is exported.
    #[test]
    fn three_agencies_reports_roll_up_to_the_check_of_their_logs() {
        let units = ["Phòng Tư pháp", "Phòng Tài nguyên và Môi trường", "Chi nhánh Văn phòng Đăng ký đất đai"];
        let log = |i: usize| FileBytes {
            name: format!("log-{i}.csv"),
            role: Role::Dossiers,
            bytes: split(units[i]),
            digest: None,
        };
        let profile = Profile::default_profile();
        let report = |i: usize| {
            let p = CheckParams {
                agency: crate::report::provenance::Agency { name: units[i].into(), place: String::new() },
                ..params()
            };
            let r = engine::check(&[log(i)], &p).unwrap();
            let x = ExportParams { agency: units[i].into(), ..Default::default() };
            engine::export(&r, &profile, ExportFormat::Json, &x).unwrap().remove(0).bytes
        };
        let all = engine::check(&[log(0), log(1), log(2)], &params()).unwrap();
        let mut s = Session::new(no_clock);
        let mut reports: Vec<Vec<u8>> = (0..3).map(report).collect();
        let roll = |s: &mut Session, reports: &[Vec<u8>]| {
            let files: Vec<FileRef> = reports
                .iter()
                .enumerate()
                .map(|(i, b)| FileRef { role: Role::Report, ..load(s, &format!("bao-cao-{i}.json"), b) })
                .collect();
            let replies = ask(s, Request::Rollup { id: 9, files });
            assert_eq!(replies[0], Reply::Progress { id: 9, stage: JobStage::Rollup { files: 3 } });
            let Some(Reply::RolledUp { id: 9, rollup }) = replies.last() else { panic!("{replies:?}") };
            rollup.0.clone()
        };
        let v = roll(&mut s, &reports);
        assert!(v.problems.is_empty(), "{:?}", v.problems);
        assert_eq!((v.reports, v.included), (3, 3));
        let (a, b) = (&v.summary, &all.summary);
        assert_eq!(
            (a.dossiers, a.early, a.on_time, a.late, a.pending_within, a.pending_overdue),
            (b.dossiers, b.early, b.on_time, b.late, b.pending_within, b.pending_overdue)
        );
        assert_eq!(a.dossiers, 25);
        assert!(
            !v.commendations.is_empty() && v.commendations.iter().all(|c| !c.months.is_empty() && !c.why.is_empty())
        );
        let Some(Reply::Exported { files }) =
            ask(&mut s, Request::RollupExport { format: ExportFormat::Json, agency: Default::default() }).pop()
        else {
            panic!()
        };
        let json: serde_json::Value = serde_json::from_slice(&files[0].bytes.to_vec()).unwrap();
        assert_eq!((files[0].name.as_str(), json["format"].as_str()), ("tong-hop-2023.json", Some("dunghen.rollup/1")));
        // The CSV's total line and the signable xlsx under the letterhead, whose hidden sheet reads back.
        let export = |s: &mut Session, format| {
            let agency =
                crate::report::provenance::Agency { name: "SỞ NỘI VỤ".into(), place: "Quy Nhơn".into() };
            match ask(s, Request::RollupExport { format, agency }).pop() {
                Some(Reply::Exported { mut files }) => files.remove(0),
                other => panic!("{other:?}"),
            }
        };
        let csv = export(&mut s, ExportFormat::Csv);
        let text = String::from_utf8(csv.bytes.to_vec()).unwrap();
        assert_eq!(csv.name, "tong-hop-2023.csv");
        assert!(text.lines().any(|l| l.contains("Tổng cộng") && l.contains(",25,")), "{text}");
        let xlsx = export(&mut s, ExportFormat::Xlsx);
        assert_eq!((xlsx.name.as_str(), xlsx.mime.as_str()), ("tong-hop-2023.xlsx", engine::XLSX_MIME));
        let again = crate::rollup::read::read(&xlsx.name, &xlsx.bytes.to_vec()).expect("the roll-up reads back");
        assert_eq!(again.len(), 3, "a roll-up of roll-ups reads its three agencies");
        // One figure changed after the check: the report is flagged, still summed.
        let text = String::from_utf8(reports[1].clone()).unwrap();
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let late = &mut doc["figures"]["late_without_apology"];
        *late = serde_json::json!(late.as_u64().unwrap() + 1);
        reports[1] = serde_json::to_vec(&doc).unwrap();
        let v = roll(&mut s, &reports);
        let edited: Vec<_> = v.problems.iter().filter(|p| p.kind == "edited").collect();
        assert_eq!(edited.len(), 1, "{:?}", v.problems);
        assert_eq!(edited[0].files, ["bao-cao-1.json"]);
        assert!(v.agencies[1].edited && v.agencies[1].included && !v.agencies[0].edited);
    }

    #[test]
    fn the_sample_check_needs_no_file_and_a_bad_file_fails_its_job() {
        let mut s = Session::new(no_clock);
        let r = ask(
            &mut s,
            Request::Check { id: 5, files: vec![], params: params(), sample: true, view: Default::default() },
        );
        assert!(matches!(r.last(), Some(Reply::Checked { id: 5, report, .. }) if report.summary.dossiers == 25));
        let f = load(&mut s, "hong.xlsx", b"not a workbook");
        let r = ask(
            &mut s,
            Request::Check { id: 6, files: vec![f], params: params(), sample: false, view: Default::default() },
        );
        assert!(matches!(r.last(), Some(Reply::Failed { id: 6, .. })), "{r:?}");
        let export = Request::Export { format: ExportFormat::Json, params: ExportParams::default() };
        assert!(
            matches!(ask(&mut s, export).pop(), Some(Reply::Failed { id: 0, .. })),
            "the failed check left no report"
        );
    }

    #[test]
    fn the_js_api_gets_the_contract_or_a_sentence() {
        let mut s = Session::new(no_clock);
        let files: Vec<FileRef> = engine::sample_files().iter().map(|f| load(&mut s, &f.name, &f.bytes)).collect();
        let options = ApiOptions { as_of: Some("31/12/2023".into()), ..Default::default() };
        let Some(Reply::Report { id: 1, json }) = ask(&mut s, Request::Report { id: 1, files, options }).pop() else {
            panic!()
        };
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!((v["schema"].as_str(), v["summary"]["dossiers"].as_u64()), (Some("dunghen.report/1"), Some(25)));
        let r = ask(&mut s, Request::Report { id: 2, files: vec![], options: ApiOptions::default() });
        assert!(matches!(&r[..], [Reply::Failed { id: 2, error }] if error.en.contains("asOf")), "{r:?}");
    }

    #[test]
    fn a_big_log_read_in_halves_by_two_sessions_is_the_log_read_whole() {
        // A CSV log of 3,000 rows, split at the first line start after the middle, as worker.js splits it.
        let mut csv = String::from("Mã hồ sơ,Đơn vị,Cán bộ,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành\n");
        for i in 0..3000 {
            let day = 1 + i % 28;
            csv.push_str(&format!(
                "H{i:05},Phòng {},Cán bộ {},{day:02}/03/2023,{day:02}/04/2023,{day:02}/04/2023\n",
                i % 4,
                i % 9
            ));
        }
        let bytes = csv.as_bytes();
        let mid = bytes.len() / 2;
        let split = mid + bytes[mid..].iter().position(|&b| b == b'\n').unwrap() + 1;
        let read = ReadChoice::default();
        // The second worker: its rows, chunks of dossiers, then the rest.
        let mut helper = Session::new(no_clock);
        let head = load(&mut helper, "log.csv", &bytes[..split.min(1 << 20)]).slot;
        let rest = load(&mut helper, "log.csv", &bytes[split..]).slot;
        let request = Request::SecondHalf {
            name: "log.csv".into(),
            split: split as u64,
            read: read.clone(),
            file: None,
            head,
            rest,
        };
        let replies = ask(&mut helper, request);
        let Some(Reply::SecondHalf { bytes: Some(end) }) = replies.last() else { panic!("{replies:?}") };
        // The first worker: its half, each chunk, the rest; then the inspection finds the table joined.
        let mut s = Session::new(no_clock);
        let mut top = load(&mut s, "log.csv", &bytes[..split]);
        top.size = bytes.len() as u64;
        let slot = top.slot.unwrap();
        assert!(s.read_first_half(slot, "log.csv", &read, bytes.len() as u64, &mut |_| {}));
        for r in &replies {
            if let Reply::HalfChunk { bytes } = r {
                assert!(s.join_chunk(slot, &bytes.to_vec()));
            }
        }
        assert!(s.join_half(slot, &end.to_vec()));
        let Some(Reply::Inspected { files, .. }) =
            ask(&mut s, Request::Inspect { id: 1, files: vec![top], read, year: 2023 }).pop()
        else {
            panic!()
        };
        let t = files[0].table.as_ref().unwrap();
        assert_eq!((t.rows, t.dossiers, t.rejected), (3000, 3000, 0), "{t:?}");
    }
}
