// The Web Worker. Its messages are the two enums of src/web/protocol.rs: a request `{cmd, …}` comes in, replies
// `{type, …}` go out. What must be JavaScript is here: reading the `File`s of a request into wasm memory (posting
// the bytes loaded at most every 100 ms), starting the second worker, posting. The rest is one call,
// `wasm.worker_handle(request, post)` (src/web/worker.rs → session.rs), which answers through `post`: the check
// reports rows read, rows converted and dossiers judged every few thousand rows, then its result. A dossier file
// the review screen already read (with the same choices) is not read again: the wasm kept its table. The report
// stays here: the results screen asks for its tables one page at a time ("view") and for the print view's list
// ("print"). A panic (a wasm trap) or any other error is posted back as "crashed" with the details; the page then
// starts a fresh worker.
//
// A big CSV log is read in halves at once (src/ingest/halves.rs): this worker reads the top half while a second
// worker, started from this same script, reads the rest ("second_half") and sends back what it found; the page
// hears of the rows read by both, estimated ("rows_read_halves"). When the halves cannot be joined the rest of the
// file is read here and the whole file read as usual.
import init, * as wasm from './pkg/dunghen.js';

let ready = null;
// The compiled module the page handed over, for the second worker.
let wasmModule = null;
// Where the second worker's script is: this script, or, in the single file (opened from disk, an opaque origin
// that may not open the page's Blob URL), a Blob URL made here of the source the page handed over.
let helperUrl = self.location.href;

// Text logs this big are read in halves: below it, starting a second worker costs more than it saves (a 1M-row
// CSV of 222 MB took 2.5-3 s to read in one worker in Chromium on 2 cores; each half about 1.2-1.5 s).
const HALVES_FROM = 8 << 20;
// The second worker looks for the header in the file's first megabyte (as the reader sniffs the encoding).
const HEAD = 1 << 20;

// Files are read into wasm memory 8 MB at a time: a 222 MB CSV read through `File.stream()` came as 3,500
// chunks left to the garbage collector, and the page peaked 140 MB higher (860 MB against 720 MB).
const SLICE = 8 << 20;

const post = (msg, transfer) => self.postMessage(msg, transfer || []);
// A reply `progress` of job `id` (0: not a job's) at `stage` (`{name, …figures}`, protocol.rs `JobStage`).
const progress = (id, stage) => post({ type: 'progress', id, stage });

function start(module, helper) {
  if (!ready) {
    wasmModule = module || null;
    // The module's memory is kept where the benchmark (bench/browser.mjs) can read its size.
    ready = (module ? init({ module_or_path: module }) : init()).then((exports) => {
      self.dunghenMemory = exports && exports.memory;
      wasm.worker_init();
      // Compile the reader's and the rules' code now, while the user picks a file (the sample, forgotten at once).
      wasm.worker_warm_up();
      // And have the second worker ready for a big log: started when one is read, it began 60-200 ms late.
      if (!helper) spareHelper();
    });
    // Scripts and wasm loaded here, and in the spare second worker (or it could not start, or was stopped first):
    // the page shows it (`data-worker="ready"`), the JS API's `DungHen.ready()` resolves, the browser tests wait
    // for it. Commands do not wait for the spare.
    ready.then(() => (helper ? true : spare ? spare.loaded : false))
      .then((helperLoaded) => post({ type: 'ready', helper: helperLoaded }), () => {});
  }
  return ready;
}

// Streams bytes [from, to) of `file` into wasm slot `slot`, 8 MB at a time; `loaded(n)` hears of the bytes so far.
// `stream`: through `Blob.stream()` instead, faster (a 222 MB CSV in 0.28-0.32 s against 0.47-0.69 s in 8 MB
// slices, in a worker on 2 cores) but its chunks are left to the garbage collector: for the halves of a CSV log,
// where the time matters most and no memory target is set.
async function load(file, slot, from, to, loaded, stream) {
  let at = from;
  if (stream) {
    const reader = file.slice(from, to).stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      wasm.worker_file_chunk(slot, value);
      at += value.length;
      loaded(at - from);
    }
  }
  while (at < to) {
    const value = new Uint8Array(await file.slice(at, Math.min(to, at + SLICE)).arrayBuffer());
    if (value.length === 0) break;
    wasm.worker_file_chunk(slot, value);
    at += value.length;
    loaded(at - from);
  }
}

// `send(value)` at most every 100 ms, and whenever forced (the last figure).
function throttled(send) {
  let last = 0;
  return (value, force) => {
    const now = performance.now();
    if (force || now - last >= 100) {
      last = now;
      send(value);
    }
  };
}

// Posts the bytes read of a file, at most every 100 ms, and always the last figure.
function byteProgress(id, file, total) {
  return throttled((loaded) => progress(id, { name: 'load', file, loaded, total }));
}

// Reads a file of a request (`{name, role, file}`) into a slot of wasm memory; returns it as the wasm takes it
// (`{name, role, size, slot}`, protocol.rs `FileRef`).
async function readFile(f, id) {
  // The JS API (www/dunghen-embed.js) may hand over bytes instead of a File.
  if (f.bytes) {
    const slot = wasm.worker_file_begin(f.bytes.length, f.name);
    wasm.worker_file_chunk(slot, f.bytes);
    return { name: f.name, role: f.role, size: f.bytes.length, slot };
  }
  // The file goes straight into wasm memory, slice by slice: it is never held whole in JavaScript.
  const total = f.file.size;
  const slot = wasm.worker_file_begin(total, f.name);
  const shown = byteProgress(id, f.name, total);
  shown(0, true);
  await load(f.file, slot, 0, total, shown);
  shown(total, true);
  return { name: f.name, role: f.role, size: total, slot };
}

// The second worker, started ahead (see `start`); each reads one half of one file and is then stopped, its memory
// freed, and another started once the check is done, if the last files read had a big text log.
let spare = null;
let wantSpare = true;
function spareHelper() {
  if (!spare) spare = startHelper();
}
function dropSpare() {
  if (spare) {
    spare.terminate();
    spare.settle(false);
  }
  spare = null;
}

// A second worker running this script, handed the page's compiled module; `null` when none can start. Its
// `loaded` promise says whether it loaded (its "ready"), false when it failed or was stopped first; `readInHalves`
// takes its messages over.
function startHelper() {
  try {
    // The single file's worker is a classic script from a Blob URL (scripts/build-single); the served one a module.
    const w = new Worker(helperUrl, self.location.protocol === 'blob:' ? {} : { type: 'module' });
    w.loaded = new Promise((resolve) => { w.settle = resolve; });
    w.onmessage = (e) => w.settle(e.data && e.data.type === 'ready');
    w.onerror = () => w.settle(false);
    w.postMessage({ cmd: 'init', module: wasmModule, helper: true });
    return w;
  } catch (_) {
    return null;
  }
}

// Reads a big text log in halves (see the top): the top half here, the rest in a second worker. Returns the file
// as readAll does, its table joined in wasm when the halves could be joined; `null` when the file was not split.
async function readInHalves(f, id, read) {
  const { file, name } = f;
  const size = file.size;
  // The split: the start of the first line after the middle.
  const mid = Math.floor(size / 2);
  const probe = new Uint8Array(await file.slice(mid, Math.min(size, mid + HEAD)).arrayBuffer());
  const nl = probe.indexOf(10);
  if (nl < 0 || mid + nl + 1 >= size) return null;
  const split = mid + nl + 1;
  const helper = spare || startHelper();
  spare = null;
  if (!helper) return null;
  // Bytes read by both workers, for the progress bar, while this one loads (its rows come next: a byte figure
  // handed on after that would send the bar back a stage).
  let helperLoaded = 0;
  let ownLoaded = 0;
  let loading = true;
  const shown = byteProgress(id, name, size);
  // The second half's dossiers, a chunk at a time while it converts, then the rest (`end`: null when it failed).
  const chunks = [];
  let end;
  let wake = null;
  // Rows: the last figure shown, and the whole file's estimated total (see `progress` below).
  let rowsShown = 0;
  let rowsTotal = 0;
  const showRows = (rows) => {
    rowsShown = Math.max(rowsShown, Math.min(Math.round(rows), rowsTotal || Infinity));
    progress(id, { name: 'rows_read_halves', done: rowsShown, total: rowsTotal });
  };
  const arrived = () => wake && wake();
  // The second worker's replies: its progress (bytes loaded, then rows read), chunks of its dossiers, the rest.
  helper.onmessage = (e) => {
    const r = e.data;
    const stage = r.type === 'progress' ? r.stage : {};
    if (r.type === 'ready') helper.settle(true);
    else if (stage.name === 'load') {
      helperLoaded = stage.loaded;
      if (loading) shown(ownLoaded + helperLoaded);
    } else if (stage.name === 'rows_read') {
      // Heard only once this worker's rows are done (its messages wait meanwhile): the rows read are this half's
      // (the total less the second half's estimate) and the second's so far.
      if (rowsTotal && stage.total) showRows(rowsTotal - stage.total + stage.done);
    } else if (r.type === 'half_chunk') chunks.push(r.bytes);
    else if (r.type === 'second_half') end = r.bytes || null;
    else if (r.type === 'crashed') end = null;
    arrived();
  };
  helper.onerror = () => { helper.settle(false); end = null; arrived(); };
  helper.postMessage({ cmd: 'second_half', file, split, name, read });
  try {
    const slot = wasm.worker_file_begin(size, name);
    shown(0, true);
    await load(file, slot, 0, split, (n) => shown((ownLoaded = n) + helperLoaded), true);
    loading = false;
    progress(id, { name: 'parse' });
    // Rows read by both workers, estimated from this one's (the other's messages wait while this one reads); its
    // own count of rows converted would say half the file.
    const rows = (r) => {
      if (r.type !== 'progress' || r.stage.name !== 'rows_read') return;
      rowsTotal = r.stage.total || 0;
      showRows((r.stage.done || 0) * size / split);
    };
    let joined = false;
    if (wasm.worker_read_first_half(slot, name, read, size, rows)) {
      // The chunks posted while this half was read wait in the message queue and are joined as each is handed
      // over, the later ones as they come: most of the join is done while the second worker still converts.
      let ok = true;
      for (;;) {
        while (ok && chunks.length) ok = wasm.worker_join_chunk(slot, chunks.shift());
        if (!ok || end !== undefined && !chunks.length) break;
        await new Promise((r) => { wake = r; });
        wake = null;
      }
      // Heard all it needs (or cannot join): what the second worker still sends is not shown nor kept.
      helper.onmessage = null;
      // Always asked, to let go of the top half: an empty answer is not joined.
      joined = wasm.worker_join_half(slot, ok && end ? end : new Uint8Array(0));
    }
    // Kept for the tests (tests/e2e): whether the last big log was read in halves.
    self.dunghenHalves = { split, joined };
    // Not joined: the rest of the file comes here, and the whole file is read as any other.
    if (!joined) {
      await load(file, slot, split, size, (n) => shown(split + n));
      shown(size, true);
    }
    return { name, role: f.role, size, slot };
  } finally {
    helper.terminate();
    helper.settle(false);
  }
}

// `kept(f)`: the wasm holds the file's table already, so its bytes are not read. `read` (the reading choices),
// when given, lets a big text log be read in halves.
async function readAll(files, id, kept, read) {
  const halves = (f) => read && f.file && f.role === 'dossiers' && f.file.size >= HALVES_FROM && /\.(csv|tsv|txt)$/i.test(f.name);
  // No file for it: the idle second worker's memory is given back while these are read (a 1M-row workbook peaks
  // near the 600 MB target of issue 7), and it is started again only after a big text log.
  if (read) {
    wantSpare = (files || []).some(halves);
    if (!wantSpare) dropSpare();
  }
  const out = [];
  for (const f of files || []) {
    if (kept && f.file && kept(f)) out.push({ name: f.name, role: f.role, size: f.file.size });
    else out.push((halves(f) && await readInHalves(f, id, read)) || await readFile(f, id));
  }
  return out;
}

// In the second worker: loads the rest of a log from `split`, and its first bytes (where the header is), into
// slots of wasm memory for `second_half` (protocol.rs `Request::SecondHalf`).
async function loadSecondHalf(m) {
  const { file, split, name } = m;
  const head = new Uint8Array(await file.slice(0, Math.min(split, HEAD)).arrayBuffer());
  m.head = wasm.worker_file_begin(head.length, name);
  wasm.worker_file_chunk(m.head, head);
  m.rest = wasm.worker_file_begin(file.size - split, name);
  const loaded = throttled((n) => progress(0, { name: 'load', file: name, loaded: n, total: file.size - split }));
  await load(file, m.rest, split, file.size, loaded, true);
  loaded(file.size - split, true);
}

function lastPanic() {
  try {
    return wasm.worker_last_panic();
  } catch (_) {
    return '';
  }
}

// One request: its files read into wasm memory first (what must be JavaScript), then handed to the wasm, which
// posts the replies.
async function handle(m) {
  switch (m.cmd) {
    case 'inspect':
      // A new review: the last report and kept tables go before the new files come in.
      wasm.worker_handle({ cmd: 'free' }, post);
      m.files = await readAll(m.files, m.id, null, m.read);
      progress(m.id, { name: 'parse' });
      break;
    case 'check': {
      if (m.sample) break;
      const kept = (f) => f.role === 'dossiers' && wasm.worker_table_kept(f.name, f.file.size, m.params.read);
      m.files = await readAll(m.files, m.id, kept);
      break;
    }
    case 'rollup':
      // Tổng hợp mode: the agencies' reports, read whole (each is small: its figures, not its dossiers).
      m.files = await readAll(m.files, m.id);
      break;
    case 'report':
      // The JS API: the whole dunghen.report/1 contract (issue 6). Its files are read whole.
      dropSpare();
      wantSpare = false;
      m.files = await readAll(m.files, m.id);
      break;
    case 'second_half':
      await loadSecondHalf(m);
      break;
  }
  if (m.cmd !== 'check') {
    wasm.worker_handle(m, post);
    return;
  }
  let checked = null;
  const t0 = performance.now();
  wasm.worker_handle(m, (reply, transfer) => {
    if (reply.type === 'checked') checked = reply;
    post(reply, transfer);
  });
  // Kept for the benchmark (bench/browser.mjs) and the tests: how long the wasm check took, and how much JSON its
  // result carries (protocol.rs `Reply::Checked`: the result and the first view, as JSON text).
  const json = checked ? checked.report.length + checked.view.length : 0;
  self.dunghenLastCheck = { ms: performance.now() - t0, json_bytes: json };
  if (wantSpare) spareHelper();
}

self.onmessage = (e) => {
  const m = e.data;
  if (m.cmd === 'init') {
    if (typeof m.source === 'string') helperUrl = URL.createObjectURL(new Blob([m.source], { type: 'text/javascript' }));
    start(m.module, m.helper).catch((err) => post({ type: 'crashed', id: 0, details: 'wasm init: ' + (err && err.stack || err) }));
    return;
  }
  start(null)
    .then(() => handle(m))
    .catch((err) => {
      const panic = lastPanic();
      const details = [panic, String(err && err.stack || err)].filter(Boolean).join('\n');
      post({ type: 'crashed', id: m.id || 0, details });
    });
};
