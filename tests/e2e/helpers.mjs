// Shared pieces of the browser tests: a static server for dist/ on a free local port, Debian's Chromium through
// playwright-core and Debian's Firefox ESR through puppeteer-core (WebDriver BiDi), a request log, axe-core's
// accessibility check, and a small zip reader to look inside the exported xlsx.
//
// No test sleeps or judges speed: each waits for what the app shows, including its own readiness signal
// (`data-worker="ready"` on the app's root once the worker and its spare second worker have loaded; on the
// `<dung-hen>` element too; `DungHen.ready()` for the JS API). Speed is for `scripts/bench`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = path.join(root, 'dist');
export const fixtures = path.join(root, 'tests', 'fixtures');
export const shots = path.join(root, 'test-output');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.xlsx': 'application/octet-stream', '.json': 'application/json',
};

/** Serves a folder (dist/ unless told) on 127.0.0.1 and a free port. `compressed`: as docs/deploy.md's servers do,
 * a file's `.br` or `.gz` beside it when the browser accepts that encoding (nginx's brotli_static, gzip_static),
 * else text and wasm gzipped on the fly (nginx's `gzip on`). */
export async function serve(folder = dist, { compressed = false } = {}) {
  if (!fs.existsSync(path.join(folder, 'index.html'))) throw new Error(`${folder} is missing: run scripts/build-web`);
  const onTheFly = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.normalize(path.join(folder, decodeURIComponent(url.pathname)));
    if (!file.startsWith(folder)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404); return res.end('not found'); }
    const ext = path.extname(file);
    const headers = { 'content-type': types[ext] || 'application/octet-stream' };
    const accepts = String(req.headers['accept-encoding'] || '');
    if (compressed) {
      headers.vary = 'Accept-Encoding';
      for (const [enc, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
        if (accepts.includes(enc) && fs.existsSync(file + suffix)) {
          res.writeHead(200, { ...headers, 'content-encoding': enc });
          return fs.createReadStream(file + suffix).pipe(res);
        }
      }
      if (accepts.includes('gzip') && ['.html', '.js', '.css', '.wasm', '.svg'].includes(ext)) {
        if (!onTheFly.has(file)) onTheFly.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 6 }));
        res.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
        return res.end(onTheFly.get(file));
      }
    }
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** A served folder and a browser, for a test file's `before`. */
export async function start(folder = dist, options = {}) {
  return { ...(await serve(folder, options)), ...(await browser()) };
}

/** Closes what `start`, `serve` or `browser` opened, for a test file's `after`. */
export async function stop({ server, context, dir }) {
  await context?.close();
  server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

export async function browser() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dunghen-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(PATIENCE);
  return { context, dir };
}

/** Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi (no Playwright build of Firefox needed). */
export async function firefox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dunghen-e2e-ff-'));
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr', headless: true, userDataDir: dir,
    defaultViewport: { width: 1280, height: 900 },
  });
  return { browser, dir };
}

// How long a wait may take before the test fails: a guard against a hang, far above what any step needs on a
// loaded machine, not a judgement of speed. LONG: reading and checking the 500,000-row files.
export const PATIENCE = 120_000;
export const LONG = 600_000;

// The app's own readiness: its worker and the spare second worker have loaded their scripts and the wasm.
export const READY = '.app[data-worker="ready"]';

/**
 * Opens the app and waits until it is ready (its worker says so: `READY`). Every request the page or its workers
 * make is logged with the time it was seen relative to "ready": `log.after()` lists those made after the app had
 * loaded.
 */
export async function open(context, origin, hash = '') {
  const page = await context.newPage();
  const log = { all: [], readyAt: Infinity };
  context.on('request', (r) => log.all.push({ url: r.url(), at: Date.now() }));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/${hash}`);
  // The worker and its spare second worker fetch their scripts at start: loaded once the app says its worker is.
  await page.waitForSelector(READY);
  log.readyAt = Date.now();
  log.after = () => log.all.filter((r) => r.at > log.readyAt && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  return { page, log, errors };
}

// Writes a big CSV log of `n` dossiers into test-output/ (semicolons, six columns, every unit, officer and date
// repeating as in a real export) and returns its path.
export function bigCsv(name, n) {
  const file = path.join(shots, name);
  fs.mkdirSync(shots, { recursive: true });
  const lines = ['Mã hồ sơ;Cơ quan thụ lý;Cán bộ xử lý;Ngày tiếp nhận;Ngày hẹn trả;Ngày hoàn thành'];
  for (let i = 0; i < n; i++) {
    const d = 1 + (i % 28);
    lines.push(`HS-${i};Phòng ${i % 40};Cán bộ số ${i % 700};${String(d).padStart(2, '0')}/03/2023;${String(d).padStart(2, '0')}/04/2023;${String(1 + ((i * 7) % 28)).padStart(2, '0')}/04/2023`);
  }
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

export async function shot(page, name, opts = {}) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, name), fullPage: true, ...opts });
}

// axe-core, evaluated in the page (the app's CSP forbids inline scripts, so `addScriptTag({ content })` would be
// refused; evaluating through the driver is not subject to it).
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page (Playwright's or Puppeteer's: both evaluate a string and a function the same way) and
 * returns its serious and critical violations, each with a few of the nodes it names. `within`: a CSS selector
 * list to check inside shadow roots (e.g. ['dung-hen', '.dh-root']) instead of the whole document.
 */
export async function axeViolations(page, within = null) {
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate(async (within) => {
    const context = within ? { fromShadowDom: within } : document;
    const r = await globalThis.axe.run(context, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary}`),
    }));
  }, within);
}

/** The entries of a zip file (the xlsx), name → Buffer. */
export function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out[name] = method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
    at += 46 + nameLen + extra + comment;
  }
  return out;
}

/** Resident memory (MB) of the largest Chromium renderer process (the page and its workers live in one), for the
 * benchmark (bench/browser.mjs, bench/memory.mjs). */
export function rendererMemory() {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total = Math.max(total, Number(m[1]));
    } catch (_) { /* the process ended */ }
  }
  return total / 1024;
}
