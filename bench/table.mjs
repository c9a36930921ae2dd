// Prints the benchmark's JSON lines (from scripts/bench) as tables. The first, one line per file: the native check,
// the app in Chromium (file input → rendered summary) with the renderer's peak memory, SheetJS's dense read of the
// same xlsx in the same run, and the wasm inflating the same xlsx (the floor under any reader); the issue 22
// targets are ≥ 15× SheetJS and ≤ 2× the inflate time on every xlsx shape.
import readline from 'node:readline';

const rows = [];
for await (const line of readline.createInterface({ input: process.stdin })) if (line.trim()) rows.push(JSON.parse(line));
// ho_so_1000000.xlsx → the base at 1M; ho_so_wide_1000000.xlsx → the shape "wide"; ho_so_cp1258_2000000.csv.
const parts = (f) => {
  const m = /ho_so_(?:(.+)_)?(\d+)\.(\w+)$/.exec(f) || [];
  return { shape: m[1] || 'base', n: Number(m[2] || 0), ext: m[3] || '' };
};
const n = (f) => parts(f).n;
const fmt = (x, d = 2) => (x === undefined || x === null || Number.isNaN(x) ? '—' : Number(x).toFixed(d));
const files = [...new Set(rows.map((r) => r.file))];
const of = (engine, file) => rows.find((x) => x.engine === engine && x.file === file);

console.log('| shape | format | rows | MB | native s (peak MB) | app s: review + check | renderer peak MB | wasm MB | SheetJS dense s | × SheetJS | wasm inflate s | × inflate |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const file of files) {
  const { shape, ext } = parts(file);
  const native = of('native', file);
  const app = of('app', file);
  const sheet = of('sheetjs', file);
  const inf = of('inflate', file);
  const mb = (native || app || sheet || {}).mb;
  const nat = native ? `${fmt(native.total_s)} (${native.peak_mb})` : '—';
  let a = '—';
  if (app?.skipped) a = app.skipped;
  else if (app) a = `${fmt(app.total_s)}: ${fmt(app.review_s)} + ${fmt(app.check_s)}`;
  const ok = app && !app.skipped;
  // SheetJS gives an empty sheet (0 rows, no error) when the file is too much for it: no ratio then.
  const sheetOk = sheet && sheet.rows !== 0;
  const vsSheet = ok && sheetOk ? `${fmt(sheet.total_s / app.total_s, 1)}×` : '';
  const vsInflate = ok && inf ? `${fmt(app.total_s / inf.total_s, 1)}×` : '';
  console.log(`| ${shape} | ${ext} | ${n(file)} | ${fmt(mb, 1)} | ${nat} | ${a} | ${ok ? app.peak_renderer_mb : '—'} | ${ok ? app.wasm_mb : '—'} | ${sheet ? `${fmt(sheet.total_s)}${sheetOk ? '' : ' (0 rows)'}` : ''} | ${vsSheet} | ${inf ? fmt(inf.total_s) : ''} | ${vsInflate} |`);
}

// The CLI's exports of each check (issue 22: at 1M dossiers JSON ≤ 10 s, xlsx ≤ 20 s, each ≤ 1 GB peak).
const exports = files.filter((f) => of('export', f));
if (exports.length) {
  console.log('');
  console.log('| shape | rows | JSON s | JSON peak MB | JSON MB | xlsx s | xlsx peak MB | xlsx MB |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const file of exports) {
    const [j, x] = ['json', 'xlsx'].map((f) => rows.find((r) => r.engine === 'export' && r.file === file && r.format === f) || {});
    console.log(`| ${parts(file).shape} | ${n(file)} | ${fmt(j.total_s)} | ${j.peak_mb ?? '—'} | ${fmt(j.out_mb, 1)} | ${fmt(x.total_s)} | ${x.peak_mb ?? '—'} | ${fmt(x.out_mb, 1)} |`);
  }
}

// The results screen's questions, answered by the worker on the dossier tab (issue 7).
const views = rows.filter((r) => r.engine === 'app' && r.view_tab_s !== undefined);
if (views.length) {
  console.log('');
  console.log('| file | rows | check JSON (KB) | open the dossier tab (s) | sort (s) | last page (s) | search (s) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of views) {
    console.log(`| ${r.file} | ${n(r.file)} | ${fmt(r.json_mb * 1024, 1)} | ${fmt(r.view_tab_s)} | ${fmt(r.view_sort_s)} | ${fmt(r.view_last_page_s)} | ${fmt(r.view_search_s)} |`);
  }
}

// How smoothly the progress box moved (bench/browser.mjs, progressGaps): updates from the click to the screen and the
// longest the box kept one figure (issue 7: at least 4 updates a second, so at most 0.25 s).
const smooth = rows.filter((r) => r.engine === 'app' && r.progress_review_updates !== undefined);
if (smooth.length) {
  console.log('');
  console.log('| file | rows | review: progress updates | review: largest gap (s) | check: progress updates | check: largest gap (s) |');
  console.log('|---|---|---|---|---|---|');
  for (const r of smooth) {
    console.log(`| ${r.file} | ${n(r.file)} | ${r.progress_review_updates} | ${fmt(r.progress_review_max_gap_s, 3)} | ${r.progress_check_updates} | ${fmt(r.progress_check_max_gap_s, 3)} |`);
  }
}

// The page's cold start (bench/cold-start.mjs), when measured in this run.
const cold = rows.filter((r) => r.engine === 'cold_start');
if (cold.length) {
  console.log('');
  console.log('| cold start (CPU 4× slower, 10 Mbit/s, no cache) | transferred (KB) | first screen usable (s) | worker ready (s) |');
  console.log('|---|---|---|---|');
  for (const r of cold) console.log(`| ${r.what} | ${fmt(r.transferred_kb, 0)} | ${fmt(r.usable_s)} | ${fmt(r.worker_ready_s)} |`);
}

// The province's roll-up in the page (bench/rollup.mjs; issue 21: 500 reports in under 2 s).
const rollups = rows.filter((r) => r.engine === 'rollup_browser');
if (rollups.length) {
  console.log('');
  console.log('| roll-up in the page | reports | MB | choose the files (s) | roll up to the table (s) |');
  console.log('|---|---|---|---|---|');
  for (const r of rollups) console.log(`| ${r.meta} | ${r.reports} | ${fmt(r.mb, 1)} | ${fmt(r.choose_s)} | ${fmt(r.rollup_s)} |`);
}
