// The page's cold start (issue 22): how many bytes an agency PC fetches before the first screen is usable, and how
// long that takes with Chromium's CPU slowed 4× and a 10 Mbit/s link (CDP: Emulation.setCPUThrottlingRate,
// Network.emulateNetworkConditions at 1,250,000 bytes/s, the cache disabled), from `goto` to the landing page's
// file picker and "Tiếp tục" button in the document ("usable"), and to the worker's `data-worker="ready"`.
//
// The folder is served as a web server set up by docs/deploy.md serves it (tests/e2e/helpers.mjs, `compressed`): the
// release's `.br` or `.gz` beside a file when the browser accepts that encoding, else text and wasm gzipped on the fly.
// Usage: node bench/cold-start.mjs [FOLDER...]   (default: dist/, and the release's app/ when it was made).
// Prints one JSON line per folder (the median of three loads).
import fs from 'node:fs';
import path from 'node:path';
import { browser, root, serve } from '../tests/e2e/helpers.mjs';

/** When the landing page's controls and the worker's readiness entered the document (ms since navigation). */
function clock() {
  self.dunghenCold = {};
  new MutationObserver(() => {
    const c = self.dunghenCold;
    if (!c.usable && document.querySelector('#dossier-files') && document.querySelector('#continue')) c.usable = performance.now();
    if (!c.ready && document.querySelector('[data-worker="ready"]')) c.ready = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

async function load(context, origin) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 20, downloadThroughput: 1_250_000, uploadThroughput: 1_250_000,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  await page.addInitScript(clock);
  await page.goto(`${origin}/`, { waitUntil: 'commit' });
  await page.waitForSelector('[data-worker="ready"]', { timeout: 120_000 });
  const c = await page.evaluate(() => self.dunghenCold);
  await page.close();
  return { transferred_kb: bytes / 1024, usable_s: c.usable / 1000, worker_ready_s: c.ready / 1000 };
}

const version = /^version = "(.*)"/m.exec(fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8'))[1];
const release = path.join(root, 'dist', 'release', `dunghen-${version}`, 'app');
let folders = process.argv.slice(2);
if (!folders.length) folders = [path.join(root, 'dist'), ...(fs.existsSync(release) ? [release] : [])];
const { context, dir } = await browser();
for (const folder of folders.map((f) => path.resolve(f))) {
  const { server, origin } = await serve(folder, { compressed: true });
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await load(context, origin));
  server.close();
  runs.sort((a, b) => a.usable_s - b.usable_s);
  const what = path.relative(root, folder) || folder;
  console.log(JSON.stringify({ engine: 'cold_start', what, ...runs[1] }));
}
await context.close();
fs.rmSync(dir, { recursive: true, force: true });
