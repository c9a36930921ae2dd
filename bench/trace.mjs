// Where the page's time goes on one file (issue 7): the time of every message from the worker, relative to the
// click that started the review and the click that started the check. Usage: node bench/trace.mjs FILE
import { browser, serve, open } from '../tests/e2e/helpers.mjs';

const file = process.argv[2];
const { server, origin } = await serve();
const { context } = await browser();
await context.addInitScript(() => {
  // Every message a worker posts to the page, with its time, kept for this script.
  self.dunghenTrace = [];
  // Main-thread tasks over 50 ms.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) self.dunghenTrace.push({ at: e.startTime, type: 'long task', stage: '', handled_ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // When the review screen and the summary appear in the document.
  const seen = new Set();
  new MutationObserver(() => {
    for (const sel of ['.review', '#summary']) {
      if (!seen.has(sel) && document.querySelector(sel)) {
        seen.add(sel);
        self.dunghenTrace.push({ at: performance.now(), type: 'shown', stage: sel, handled_ms: 0 });
      }
    }
  }).observe(document, { childList: true, subtree: true });
  const desc = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', {
    set(fn) {
      desc.set.call(this, (e) => {
        const t0 = performance.now();
        fn(e);
        self.dunghenTrace.push({ at: t0, type: e.data && e.data.type, stage: e.data && e.data.stage && e.data.stage.name, handled_ms: performance.now() - t0 });
      });
    },
    get() { return desc.get.call(this); },
  });
});
const { page } = await open(context, origin);
await page.fill('#as-of', '30/06/2024').catch(() => {});
await page.setInputFiles('#dossier-files', file);
const t0 = await page.evaluate(() => performance.now());
await page.click('#continue');
await page.waitForSelector('.review', { timeout: 600_000 });
const t1 = await page.evaluate(() => performance.now());
await page.click('#run');
await page.waitForSelector('#summary', { timeout: 600_000 });
const t2 = await page.evaluate(() => performance.now());
const trace = await page.evaluate(() => self.dunghenTrace);
console.log(`review ${(t1 - t0).toFixed(0)} ms, check ${(t2 - t1).toFixed(0)} ms`);
for (const m of trace.filter((m) => m.at >= t0 - 50).sort((a, b) => a.at - b.at)) {
  console.log(`${(m.at - t0).toFixed(0).padStart(6)} ms  ${m.type}${m.stage ? ' ' + m.stage : ''}  handled in ${m.handled_ms.toFixed(1)} ms`);
}
await context.close();
server.close();
