// The in-browser half of the benchmark (issue 7): the real app path (file input → worker → rendered summary) and,
// as the reference, SheetJS (npm `xlsx`, dense mode) reading the same file in the same Chromium.
// And the floor under any reader of an xlsx (issue 22): the app's own wasm inflating the file's worksheets and shared
// strings and doing nothing else (`bench_inflate`, src/web/worker.rs), in a page of the same origin.
// Usage: node bench/browser.mjs FILE...   Prints one JSON line per file and engine (app, sheetjs, inflate).
// BENCH_NO_SHEETJS=1 leaves SheetJS out (a quicker look at the app alone).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browser, serve, open, rendererMemory } from '../tests/e2e/helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Peak resident memory (MB) of the largest Chromium renderer process (the page and its worker live in one) while
 * `run` runs, sampled every 50 ms. */
async function peakRenderer(run) {
  const rss = rendererMemory;
  let peak = rss();
  const timer = setInterval(() => { peak = Math.max(peak, rss()); }, 50);
  try {
    const out = await run();
    peak = Math.max(peak, rss());
    return { ...out, peak_renderer_mb: Math.round(peak) };
  } finally {
    clearInterval(timer);
  }
}

/** Page-side clocks: when the user's clicks happened and when the review screen and the summary entered the
 * document. Playwright's own waiting polls at growing intervals (≈ 0.1–0.3 s late here), so the times are taken
 * inside the page. Also every change of what the progress box says (its stage, bytes or rows; not the elapsed
 * time), with its time, for the smoothness figures (`progressGaps`). */
function pageClock() {
  self.dunghenClock = {};
  self.dunghenProgress = [];
  const said = () => {
    const box = document.querySelector('#progress');
    if (!box) return;
    const t = [...box.querySelectorAll('strong, .rows, .bytes')].map((e) => e.textContent).join(' | ');
    if (t && t !== self.dunghenProgress.at(-1)?.t) self.dunghenProgress.push({ t, at: performance.now() });
  };
  new MutationObserver(said).observe(document.body, { childList: true, subtree: true, characterData: true });
  document.addEventListener('click', (e) => {
    const id = e.target && e.target.closest && e.target.closest('button') && e.target.closest('button').id;
    if (id) self.dunghenClock[`click ${id}`] = performance.now();
  }, true);
  new MutationObserver(() => {
    for (const sel of ['.review', '#summary']) {
      if (!self.dunghenClock[sel] && document.querySelector(sel)) self.dunghenClock[sel] = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
}

/** How smoothly the progress box moved between a click and its screen: the number of updates (changes of what it
 * says) and the largest gap (s) between two of them, the click and the screen counting as the ends. Issue 7 asks
 * for at least four updates a second, a gap of 0.25 s at most; the tests do not judge speed, this prints it. */
function progressGaps(name, seen, from, to) {
  const times = [from, ...seen.filter((s) => s.at > from && s.at < to).map((s) => s.at), to];
  const gap = Math.max(...times.slice(1).map((t, i) => t - times[i]));
  return { [`progress_${name}_updates`]: times.length - 2, [`progress_${name}_max_gap_s`]: gap / 1000 };
}

async function app(context, origin, file) {
  const { page } = await open(context, origin);
  await page.evaluate(pageClock);
  await page.fill('#as-of', '30/06/2024').catch(() => {});
  const out = await peakRenderer(async () => {
    await page.setInputFiles('#dossier-files', file);
    await page.click('#continue');
    await page.waitForSelector('.review', { timeout: 600_000 });
    await page.click('#run');
    // Nothing else is asked of the page meanwhile: queued queries would delay noticing the summary.
    await page.waitForSelector('#summary', { timeout: 900_000 });
    const clock = await page.evaluate(() => self.dunghenClock);
    const review = (clock['.review'] - clock['click continue']) / 1000;
    const check = (clock['#summary'] - clock['click run']) / 1000;
    const seen = await page.evaluate(() => self.dunghenProgress);
    const smooth = {
      ...progressGaps('review', seen, clock['click continue'], clock['.review']),
      ...progressGaps('check', seen, clock['click run'], clock['#summary']),
    };
    const dossiers = (await page.locator('#card-dossiers').innerText().catch(() => '')).replace(/\D/g, '');
    const inWorker = await Promise.all(page.workers().map((w) => w.evaluate(() => ({
      memory: self.dunghenMemory?.buffer.byteLength || 0, check: self.dunghenLastCheck || null,
    })).catch(() => ({ memory: 0, check: null }))));
    const wasm = Math.max(0, ...inWorker.map((w) => w.memory));
    const last = inWorker.map((w) => w.check).find(Boolean) || {};
    // The dossier tab's questions, answered by the worker: open it, sort on working days late, go to the last
    // page, search one code (each timed until the table has the answer).
    const table = '#table-dossiers';
    const settled = () => page.waitForFunction((t) => document.querySelector(t)?.getAttribute('aria-busy') === 'false', table, { timeout: 300_000 });
    const timed = async (act) => { const t = Date.now(); await act(); await settled(); return (Date.now() - t) / 1000; };
    const tab_s = await timed(async () => { await page.click('#tab-dossiers'); await page.waitForSelector(`${table} tbody tr`, { timeout: 300_000 }); });
    const sort_s = await timed(() => page.click(`${table} th:nth-child(8) button`));
    const last_page_s = await timed(() => page.click(`${table} .pager button[aria-label="Trang cuối"]`));
    const search_s = await timed(() => page.fill('#search-dossiers', 'khong co ma nay'));
    return {
      // From the click to the screen in the document, each (the benchmark's own reaction time between is left out).
      review_s: review, check_s: check, total_s: review + check,
      worker_check_s: last.ms / 1000, json_mb: (last.json_bytes || 0) / 1048576,
      view_tab_s: tab_s, view_sort_s: sort_s, view_last_page_s: last_page_s, view_search_s: search_s,
      dossiers: Number(dossiers), wasm_mb: Math.round(wasm / 1048576), ...smooth,
    };
  });
  await page.close();
  return out;
}

async function sheetjs(context, origin, file) {
  const page = await context.newPage();
  await page.goto(`${origin}/bench/sheetjs.html`);
  const out = await peakRenderer(() => page.evaluate(async (url) => {
    const buf = await (await fetch(url)).arrayBuffer();
    const t0 = performance.now();
    // eslint-disable-next-line no-undef
    const wb = XLSX.read(buf, { dense: true });
    const s = wb.Sheets[wb.SheetNames[0]];
    const rows = (s['!data'] || s).length; // 0.18 keeps a dense sheet as an array of rows
    return { total_s: (performance.now() - t0) / 1000, rows };
  }, `/data/${path.basename(file)}`));
  await page.close();
  return out;
}

/** The wasm inflating the xlsx's worksheets and shared strings, nothing else: the best of two runs (the first
 * also compiles the code), the file already in memory. */
async function inflate(context, origin, file) {
  const page = await context.newPage();
  await page.goto(`${origin}/bench/blank.html`);
  const out = await page.evaluate(async (url) => {
    const wasm = await import('/pkg/dunghen.js');
    await wasm.default();
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    let best = Infinity;
    let inflated = 0;
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      inflated = wasm.bench_inflate(bytes);
      best = Math.min(best, performance.now() - t0);
    }
    return { total_s: best / 1000, inflated_mb: inflated / 1048576 };
  }, `/data/${path.basename(file)}`);
  await page.close();
  return out;
}

const files = process.argv.slice(2);
const { server, origin } = await serve();
// The benchmark data and SheetJS are served from the same origin, under /data/ and /bench/.
const dataDir = path.dirname(path.resolve(files[0]));
const inner = server.listeners('request')[0];
server.removeAllListeners('request');
server.on('request', (req, res) => {
  const url = new URL(req.url, 'http://x');
  const send = (file, type) => { res.writeHead(200, { 'content-type': type }); fs.createReadStream(file).pipe(res); };
  if (url.pathname.startsWith('/data/')) return send(path.join(dataDir, path.basename(url.pathname)), 'application/octet-stream');
  if (url.pathname === '/bench/blank.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!doctype html><meta charset="utf-8"><p>inflate</p>');
  }
  if (url.pathname === '/bench/sheetjs.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!doctype html><meta charset="utf-8"><script src="/bench/xlsx.full.min.js"></script><p>SheetJS</p>');
  }
  if (url.pathname === '/bench/xlsx.full.min.js') return send(path.join(root, 'node_modules/xlsx/dist/xlsx.full.min.js'), 'text/javascript');
  return inner(req, res);
});
const { context } = await browser();
for (const file of files) {
  const mb = fs.statSync(file).size / 1048576;
  // The app refuses files over its limit (src/web/mod.rs: 100 MB xlsx, 16 MB xls/ods, 512 MB CSV) before reading.
  const limit = /\.xlsx$/.test(file) ? 100 : /\.(xls|ods)$/.test(file) ? 16 : 512;
  if (mb > limit) {
    console.log(JSON.stringify({ engine: 'app', file: path.basename(file), mb, skipped: `over the app's ${limit} MB limit` }));
  } else {
    const a = await app(context, origin, file);
    console.log(JSON.stringify({ engine: 'app', file: path.basename(file), mb, ...a }));
  }
  if (file.endsWith('.xlsx') && !process.env.BENCH_NO_SHEETJS) {
    const s = await sheetjs(context, origin, file);
    console.log(JSON.stringify({ engine: 'sheetjs', file: path.basename(file), mb, ...s }));
  }
  if (file.endsWith('.xlsx')) {
    const f = await inflate(context, origin, file);
    console.log(JSON.stringify({ engine: 'inflate', file: path.basename(file), mb, ...f }));
  }
}
await context.close();
server.close();
