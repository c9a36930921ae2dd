// The main flow in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi: landing → the 2023 log
// with both side lists → review → results with the known answers → "Vì sao?" → the exports (xlsx, CSV, JSON bytes)
// → print view → settings → the sample and its tour (flow.mjs, as a11y.test.mjs runs it in Chromium), with
// axe-core on every screen, and not one request to another origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, firefox, axeViolations, READY, PATIENCE, shots } from './helpers.mjs';
import { mainFlow, puppeteerDriver } from './flow.mjs';

let server, origin, browser, dir;

before(async () => {
  ({ server, origin } = await serve());
  ({ browser, dir } = await firefox());
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A PDF's text with its compressed streams (Firefox keeps its objects in object streams) inflated. */
function pdfObjects(pdf) {
  const s = pdf.toString('latin1');
  const parts = [s];
  for (const m of s.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    try {
      parts.push(zlib.inflateSync(pdf.subarray(start, s.indexOf('endstream', start))).toString('latin1'));
    } catch (_) { /* not a deflated stream */ }
  }
  return parts.join('\n');
}

test('Firefox ESR: the 2023 log from landing to print view and the sample tour; axe-core on every screen; no other origin', async () => {
  assert.match(await browser.version(), /firefox/i);
  const page = await browser.newPage();
  page.setDefaultTimeout(PATIENCE);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/`);
  await page.waitForSelector(READY);
  const found = [];
  const screens = [];
  await mainFlow(puppeteerDriver(page), async (screen) => {
    screens.push(screen);
    const v = await axeViolations(page);
    if (v.length) found.push({ screen, v });
    if (screen === 'results: units tab' || screen === 'why panel') {
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, `firefox-${screen.replace(/\W+/g, '-')}.png`) });
    }
  });
  assert.ok(screens.length >= 12, screens.join(', '));
  // Printing itself (the sample's report now): Firefox makes a PDF of A4 pages.
  const pdf = Buffer.from(await page.pdf({ format: 'A4' }));
  fs.writeFileSync(path.join(shots, 'firefox-print.pdf'), pdf);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const objects = pdfObjects(pdf);
  assert.ok(/\/Type\s*\/Page\b/.test(objects), 'the PDF has a page');
  assert.match(objects, /\/MediaBox\s*\[\s*0 0 59[56](\.\d+)? 84[12](\.\d+)?\s*\]/, 'A4');
  assert.equal(found.length, 0, found.map(({ screen, v }) => `${screen}:\n${v.map((x) => `  ${x.impact} ${x.id}: ${x.help}\n    ${x.nodes.join('\n    ')}`).join('\n')}`).join('\n'));
  assert.ok(requests.length > 0, 'requests are seen');
  for (const u of requests) assert.ok(u.startsWith(origin) || u.startsWith('blob:') || u.startsWith('data:'), `request to another origin: ${u}`);
  assert.deepEqual(errors, []);
  await page.close();
});
