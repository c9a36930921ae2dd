// Prints the benchmark's JSON lines (from scripts/bench) as a table: rows/s, MB/s, memory, and the app's speed
// against SheetJS's read alone on the same xlsx in the same run.
import readline from 'node:readline';

const rows = [];
for await (const line of readline.createInterface({ input: process.stdin })) if (line.trim()) rows.push(JSON.parse(line));
const n = (f) => Number(/ho_so_(\d+)/.exec(f)?.[1] || 0);
const fmt = (x, d = 2) => (x === undefined || x === null || Number.isNaN(x) ? '—' : Number(x).toFixed(d));
console.log('| file | rows | MB | engine | seconds | rows/s | MB/s | peak memory (MB) | wasm memory (MB) | × faster than SheetJS |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const sheet = rows.find((x) => x.engine === 'sheetjs' && x.file === r.file);
  const ratio = r.engine === 'app' && sheet ? fmt(sheet.total_s / r.total_s, 1) : '';
  const mem = r.engine === 'native' ? r.peak_mb : r.peak_renderer_mb;
  if (r.skipped) {
    console.log(`| ${r.file} | ${n(r.file)} | ${fmt(r.mb, 1)} | ${r.engine} | ${r.skipped} | | | | | |`);
    continue;
  }
  const secs = r.engine === 'app' ? `${fmt(r.total_s)} (review ${fmt(r.review_s)} + check ${fmt(r.check_s)}; worker ${fmt(r.worker_check_s)})` : fmt(r.total_s);
  console.log(`| ${r.file} | ${n(r.file)} | ${fmt(r.mb, 1)} | ${r.engine} | ${secs} | ${fmt(n(r.file) / r.total_s, 0)} | ${fmt(r.mb / r.total_s, 1)} | ${mem ?? '—'} | ${r.wasm_mb ?? ''} | ${ratio} |`);
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
