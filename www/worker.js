// The Web Worker: reads the files (posting byte progress at most every 100 ms), then calls the same wasm module
// as the page to inspect, check, explain and export. The check reports rows read, rows converted and dossiers
// judged every few thousand rows (stages "rows_read", "rows_convert", "judge", then "report"). A dossier file the
// review screen already read (with the same choices) is not read again: the wasm kept its table. The report stays
// here: the results screen asks for its tables one page at a time ("view") and for the print view's list
// ("print"). A panic (a wasm trap) or any other error is posted back as "crashed" with the details; the page then
// starts a fresh worker.
import init, * as wasm from './pkg/dunghen.js';

let ready = null;

// Files are read into wasm memory 8 MB at a time: a 222 MB CSV read through `File.stream()` came as 3,500
// chunks left to the garbage collector, and the page peaked 140 MB higher (860 MB against 720 MB).
const SLICE = 8 << 20;

const post = (msg, transfer) => self.postMessage(msg, transfer || []);

function start(module) {
  if (!ready) {
    // The module's memory is kept where the benchmark (bench/browser.mjs) can read its size.
    ready = (module ? init({ module_or_path: module }) : init()).then((exports) => {
      self.dunghenMemory = exports && exports.memory;
      wasm.worker_init();
      // Compile the reader's and the rules' code now, while the user picks a file (the sample, forgotten at once).
      wasm.worker_warm_up();
    });
  }
  return ready;
}

async function readFile(f, id) {
  // The JS API (www/dunghen-embed.js) may hand over bytes instead of a File.
  if (f.bytes) return { name: f.name, role: f.role, bytes: f.bytes, size: f.bytes.length };
  // The file goes straight into wasm memory, slice by slice: it is never held whole in JavaScript.
  const total = f.file.size;
  const slot = wasm.worker_file_begin(total, f.name);
  let loaded = 0;
  let last = 0;
  post({ type: 'progress', id, stage: 'read', file: f.name, loaded, total });
  while (loaded < total) {
    const value = new Uint8Array(await f.file.slice(loaded, loaded + SLICE).arrayBuffer());
    if (value.length === 0) break;
    wasm.worker_file_chunk(slot, value);
    loaded += value.length;
    const now = performance.now();
    if (now - last >= 100) {
      last = now;
      post({ type: 'progress', id, stage: 'read', file: f.name, loaded, total });
    }
  }
  post({ type: 'progress', id, stage: 'read', file: f.name, loaded, total });
  return { name: f.name, role: f.role, slot, size: total };
}

// `kept(f)`: the wasm holds the file's table already, so its bytes are not read.
async function readAll(files, id, kept) {
  const out = [];
  for (const f of files || []) {
    if (kept && f.file && kept(f)) out.push({ name: f.name, role: f.role, bytes: new Uint8Array(0), size: f.file.size });
    else out.push(await readFile(f, id));
  }
  return out;
}

function lastPanic() {
  try {
    return wasm.worker_last_panic();
  } catch (_) {
    return '';
  }
}

async function handle(m) {
  switch (m.cmd) {
    case 'inspect': {
      // A new review: the last report and kept tables go before the new files come in.
      wasm.worker_free();
      const files = await readAll(m.files, m.id);
      post({ type: 'progress', id: m.id, stage: 'parse', file: '' });
      // Rows read and converted (done, total) as the dossier files are read.
      const progress = (stage, done, total) => post({ type: 'progress', id: m.id, stage, file: '', loaded: done || 0, total: total || 0 });
      post({ type: 'inspected', id: m.id, json: wasm.worker_inspect(files, m.read, m.year, progress) });
      break;
    }
    case 'check': {
      const kept = (f) => f.role === 'dossiers' && wasm.worker_table_kept(f.name, f.file.size, m.params);
      const files = m.sample ? [] : await readAll(m.files, m.id, kept);
      // Stages, then rows read, rows converted and dossiers judged (done, total) as the check goes.
      const progress = (stage, done, total) => post({ type: 'progress', id: m.id, stage, file: '', loaded: done || 0, total: total || 0 });
      const t0 = performance.now();
      const json = wasm.worker_check(files, m.params, !!m.sample, m.view || '', progress);
      // Kept for the benchmark (bench/browser.mjs): how long the wasm check took and how much JSON it sent.
      self.dunghenLastCheck = { ms: performance.now() - t0, json_bytes: json.length };
      post({ type: 'checked', id: m.id, json });
      break;
    }
    case 'view':
      post({ type: 'viewed', json: wasm.worker_view(m.query) });
      break;
    case 'print':
      post({ type: 'printed', json: wasm.worker_print(m.period) });
      break;
    case 'explain':
      post({ type: 'explained', json: wasm.worker_explain(m.kind, m.idx) });
      break;
    case 'export': {
      let files;
      try {
        files = wasm.worker_export(m.kind, m.params);
      } catch (e) {
        if (typeof e === 'string') {
          post({ type: 'export-failed', json: e });
          return;
        }
        throw e;
      }
      post({ type: 'exported', files }, files.map((f) => f.bytes.buffer));
      break;
    }
    case 'report': {
      // The JS API: the whole dunghen.report/1 contract (issue 6).
      const files = await readAll(m.files, m.id);
      let json;
      try {
        json = wasm.worker_report(files, m.options);
      } catch (e) {
        if (typeof e === 'string') {
          post({ type: 'report-failed', id: m.id, json: e });
          return;
        }
        throw e;
      }
      post({ type: 'report', id: m.id, json });
      break;
    }
    case 'crash-test':
      wasm.worker_crash_test();
      break;
  }
}

self.onmessage = (e) => {
  const m = e.data;
  if (m.cmd === 'init') {
    start(m.module).catch((err) => post({ type: 'crashed', id: 0, details: 'wasm init: ' + (err && err.stack || err) }));
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
