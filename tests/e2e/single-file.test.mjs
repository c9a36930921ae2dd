// The single-file build (issue 6): dist/dunghen.html opened from disk (file://) with no server, as on a USB stick
// in a training room. Same app: the sample, the user's own files, the exports; and not one http(s) request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { browser, stop, shot, unzip, bigCsv, fixtures, dist, shots, LONG } from './helpers.mjs';

const single = path.join(dist, 'dunghen.html');
const fileUrl = pathToFileURL(single).href;
let context, dir;

before(async () => {
  if (!fs.existsSync(single)) throw new Error('dist/dunghen.html is missing: run scripts/build-web');
  ({ context, dir } = await browser());
});

after(() => stop({ context, dir }));

const fx = (name) => path.join(fixtures, name);

async function openSingle() {
  const page = await context.newPage();
  const log = [];
  const onRequest = (r) => log.push(r.url());
  context.on('request', onRequest);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(fileUrl);
  await page.waitForSelector('.app');
  return { page, log, errors, stop: () => context.off('request', onRequest) };
}

test('the single file: one self-contained page, a CSP that allows no origin at all', () => {
  const html = fs.readFileSync(single, 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  for (const d of ["default-src 'none'", "connect-src 'none'", 'worker-src blob:', "'wasm-unsafe-eval'", "base-uri 'none'", "form-action 'none'"]) {
    assert.ok(csp.includes(d), `${d} in ${csp}`);
  }
  assert.ok(!csp.includes("'unsafe-inline'"), 'inline script and style are allowed by their hashes only');
  assert.ok(!/https?:|'self'|\*/.test(csp), csp);
  // Nothing is referenced from outside: no src/href but data: and the page's own anchors.
  const refs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(refs.every((r) => r.startsWith('data:')), refs.join(', '));
  const mb = fs.statSync(single).size / 1e6;
  assert.ok(mb < 10, `${mb.toFixed(1)} MB`);
});

test('opened via file://: the sample data, its tour, the exports, then the 2023 log; no request at all', async () => {
  const { page, log, errors, stop } = await openSingle();
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.equal(await page.locator('#sample').innerText(), 'Dùng thử với dữ liệu mẫu');
  await shot(page, 'single-01-landing.png');

  await page.click('#sample');
  await page.waitForSelector('#summary');
  const value = (id) => page.locator(`#card-${id}`).innerText();
  assert.equal(await value('dossiers'), '25');
  assert.equal(await value('late'), '8');
  assert.equal(await value('pending-overdue'), '1');
  assert.equal(await value('violations'), '4');
  await page.waitForSelector('#tour');
  assert.match(await page.locator('#tour').innerText(), /H08\.22-230414-0009/);
  await shot(page, 'single-02-sample.png');

  // Exports through Blob URLs work from a file too.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  assert.equal(xlsx.suggestedFilename(), 'dung-hen-2023.xlsx');
  const xpath = path.join(shots, 'single-export.xlsx');
  await xlsx.saveAs(xpath);
  assert.ok(unzip(fs.readFileSync(xpath))['xl/sharedStrings.xml'].toString('utf8').includes('H08.22-230414-0009'));
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const jpath = path.join(shots, 'single-export.json');
  await json.saveAs(jpath);
  const report = JSON.parse(fs.readFileSync(jpath, 'utf8'));
  assert.equal(report.schema, 'dunghen.report/1');
  assert.equal(report.dossiers.find((d) => d.code === 'H08.22-230414-0009').late_working_days, 1);

  // The user's own files, through the review screen.
  await page.click('.brand');
  await page.setInputFiles('#dossier-files', fx('dossiers_2023.xlsx'));
  await page.setInputFiles('#reminded-file', fx('reminders_2022.xlsx'));
  await page.setInputFiles('#ratings-file', fx('proposals_2023.xlsx'));
  await page.fill('#as-of', '31/12/2023');
  await page.click('#continue');
  await page.waitForSelector('.review');
  await page.click('#run');
  await page.waitForSelector('#summary');
  assert.equal(await value('dossiers'), '25');
  assert.equal(await value('on-time'), '66,7%');
  assert.match(await page.locator('[data-testid="violations"] .note').innerText(), /1 có nguy cơ/);
  await shot(page, 'single-03-own-files.png');

  // Not one request over the network: only the file itself and the worker's Blob URL.
  assert.ok(log.length > 0);
  for (const u of log) assert.ok(u === fileUrl || u.startsWith('blob:') || u.startsWith('data:'), `request: ${u}`);
  assert.deepEqual(log.filter((u) => /^https?:/.test(u)), []);
  assert.deepEqual(errors, []);
  stop();
  await page.close();
});

test('opened via file://: a big CSV log is read in halves by two workers, each from a Blob URL', async () => {
  // 170 000 rows (≈ 9.6 MB): above the size read in halves (www/worker.js).
  const big = bigCsv('single-big.csv', 170000);
  assert.ok(fs.statSync(big).size > 8 << 20);
  const { page, log, errors, stop } = await openSingle();
  await page.setInputFiles('#dossier-files', big);
  await page.fill('#as-of', '31/12/2023');
  await page.click('#continue');
  await page.waitForSelector('.review', { timeout: LONG });
  assert.match(await page.locator('.file-card .counts').innerText(), /170000 dòng: 170000 hồ sơ/);
  const halves = await Promise.all(page.workers().map((w) => w.evaluate(() => self.dunghenHalves || null).catch(() => null)));
  assert.ok(halves.some((h) => h && h.joined), JSON.stringify(halves));
  await page.click('#run');
  await page.waitForSelector('#summary', { timeout: LONG });
  assert.equal(await page.locator('#card-dossiers').innerText(), '170.000');
  stop();
  assert.deepEqual(log.filter((u) => /^https?:/.test(u)), []);
  assert.deepEqual(errors, []);
  await page.close();
});
