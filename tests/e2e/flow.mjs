// The app's main flow, written once for two drivers: Playwright (Chromium) and Puppeteer over WebDriver BiDi
// (Firefox ESR). Landing → the 2023 log with both side lists → review → results with the known answers of
// tests/fixtures/README.md and every tab → "Vì sao?" → the exports (xlsx, CSV, JSON: their bytes, taken from the
// Blob the app made) → print view → settings → the sample and its tour. `screen(name)` is called on every screen
// (the accessibility check). Every wait is on what the app shows: no sleep, no timing.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixtures, unzip } from './helpers.mjs';

const fx = (name) => path.join(fixtures, name);

/** The same few actions for a Playwright page. */
export function playwrightDriver(page) {
  return {
    page,
    upload: (sel, file) => page.setInputFiles(sel, file),
    fill: (sel, value) => page.fill(sel, value),
    click: (sel) => page.click(sel),
    wait: (sel) => page.waitForSelector(sel),
    gone: (sel) => page.waitForSelector(sel, { state: 'detached' }),
    until: (fn, arg) => page.waitForFunction(fn, arg),
    key: (k) => page.keyboard.press(k),
    media: (m) => page.emulateMedia({ media: m }),
  };
}

/** The same few actions for a Puppeteer page (Firefox over WebDriver BiDi). */
export function puppeteerDriver(page) {
  return {
    page,
    upload: async (sel, file) => (await page.$(sel)).uploadFile(file),
    fill: async (sel, value) => {
      await page.$eval(sel, (el) => { el.value = ''; });
      await page.type(sel, value);
    },
    click: (sel) => page.click(sel),
    wait: (sel) => page.waitForSelector(sel),
    gone: (sel) => page.waitForSelector(sel, { hidden: true }),
    until: (fn, arg) => page.waitForFunction(fn, {}, arg),
    key: (k) => page.keyboard.press(k),
    // WebDriver BiDi has no media emulation in Firefox ESR 153 (puppeteer's emulateMediaType needs CDP): the
    // stylesheets' `@media print` rules are made to hold on screen too, through the CSSOM, and back.
    media: (m) => page.evaluate((print) => {
      if (!print) {
        for (const rule of self.dunghenTestPrint || []) rule.media.deleteMedium('screen');
        self.dunghenTestPrint = [];
        return;
      }
      self.dunghenTestPrint = [];
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
          const media = rule instanceof CSSMediaRule ? [...rule.media] : [];
          if (media.includes('print') && !media.includes('screen')) {
            rule.media.appendMedium('screen');
            self.dunghenTestPrint.push(rule);
          }
        }
      }
    }, m === 'print'),
  };
}

const text = (d, sel) => d.page.evaluate((s) => document.querySelector(s)?.innerText ?? null, sel);

/**
 * Keeps the app's downloads in the page instead of saving them: every Blob made into an object URL is remembered,
 * and a click on a download link (`<a download href="blob:…">`, how the app saves a file) is recorded. The bytes
 * are then read from the Blob itself (the CSP's connect-src would refuse a fetch of a blob: URL).
 */
async function catchDownloads(d) {
  await d.page.evaluate(() => {
    if (self.dunghenTestDownloads) return;
    self.dunghenTestDownloads = [];
    const blobs = new Map();
    self.dunghenTestBlobs = blobs;
    const make = URL.createObjectURL;
    URL.createObjectURL = (b) => { const u = make(b); blobs.set(u, b); return u; };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      if (this.hasAttribute('download') && this.href.startsWith('blob:')) {
        self.dunghenTestDownloads.push({ name: this.getAttribute('download'), url: this.href });
        return;
      }
      return click.call(this);
    };
  });
}

/** The bytes of a Blob URL the app made (see `catchDownloads`). */
async function blobBytes(d, url) {
  const b64 = await d.page.evaluate(async (u) => {
    const blob = self.dunghenTestBlobs.get(u);
    if (!blob) return null;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, url);
  assert.ok(b64 !== null, `no Blob behind ${url}`);
  return Buffer.from(b64, 'base64');
}

/** Clicks an export button and returns the one file it saved: { name, bytes }. */
async function exported(d, button) {
  const before = await d.page.evaluate(() => self.dunghenTestDownloads.length);
  await d.click(button);
  await d.until((n) => self.dunghenTestDownloads.length > n, before);
  const { name, url } = await d.page.evaluate((n) => self.dunghenTestDownloads[n], before);
  return { name, bytes: await blobBytes(d, url) };
}

/** Waits until a results tab is shown with the worker's answer (its table no longer busy). */
async function showTab(d, tab) {
  await d.click(`#tab-${tab}`);
  await d.until((t) => document.querySelector(`#tab-${t}`)?.getAttribute('aria-selected') === 'true'
    && document.querySelector(`#table-${t}`)?.getAttribute('aria-busy') === 'false', tab);
}

/** The main flow on a page already showing the app's landing screen, ready (helpers.READY). */
export async function mainFlow(d, screen) {
  await screen('landing');
  await d.upload('#dossier-files', fx('dossiers_2023.xlsx'));
  await d.upload('#reminded-file', fx('reminders_2022.xlsx'));
  await d.upload('#ratings-file', fx('proposals_2023.xlsx'));
  await d.fill('#as-of', '31/12/2023');
  await d.click('#continue');
  await d.wait('.review');
  assert.match(await text(d, '.file-card[data-file="dossiers_2023.xlsx"] .counts'), /36 dòng: 25 hồ sơ, 3 bị loại, 4 trống, 4 không phải dữ liệu/);
  await screen('review');

  await d.click('#run');
  await d.wait('#summary');
  const card = (id) => text(d, `#card-${id}`);
  assert.equal(await card('dossiers'), '25');
  assert.equal(await card('late'), '8');
  assert.equal(await card('pending-overdue'), '1');
  assert.equal(await card('on-time'), '66,7%');
  assert.equal(await card('rejected'), '6');
  assert.equal(await card('violations'), '4');
  assert.match(await text(d, '[data-testid="violations"] .note'), /1 có nguy cơ/);
  assert.match(await text(d, '[data-testid="on-time"] .note'), /7 trước hạn · 9 đúng hạn/);
  for (const tab of ['units', 'officers', 'late', 'dossiers', 'rejected', 'ratings', 'commend']) {
    await showTab(d, tab);
    await screen(`results: ${tab} tab`);
  }

  // "Vì sao?" on H08.22-230414-0009: late 1 working day, Giỗ Tổ among the days off skipped.
  await showTab(d, 'late');
  await d.fill('#search-late', 'H08.22-230414-0009');
  await d.until(() => document.querySelectorAll('#table-late tbody tr').length === 1
    && document.querySelector('#table-late').getAttribute('aria-busy') === 'false');
  assert.equal(await text(d, '#table-late tbody tr td:nth-child(8)'), '1');
  await d.click('#table-late tbody tr .why-btn');
  await d.wait('#why-steps li');
  const steps = await text(d, '#why-steps');
  assert.match(steps, /Giỗ Tổ/);
  assert.match(steps, /Số ngày làm việc trễ .*: 1 ngày/);
  await screen('why panel');
  await d.key('Escape');
  await d.gone('#why');

  // The exports: the bytes the app saved.
  await catchDownloads(d);
  const xlsx = await exported(d, '#export-xlsx');
  assert.equal(xlsx.name, 'dung-hen-2023.xlsx');
  const zip = unzip(xlsx.bytes);
  const strings = zip['xl/sharedStrings.xml'].toString('utf8');
  assert.ok(strings.includes('H08.22-230414-0009'));
  assert.ok(strings.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
  const json = await exported(d, '#export-json');
  assert.match(json.name, /\.json$/);
  const report = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(report.schema, 'dunghen.report/1');
  assert.equal(report.summary.dossiers, 25);
  assert.equal(report.dossiers.find((x) => x.code === 'H08.22-230414-0009').late_working_days, 1);
  // CSV: one link per table; the first is a table with its header.
  await d.click('#export-csv');
  await d.wait('.downloads a');
  const links = await d.page.evaluate(() => [...document.querySelectorAll('.downloads a')].map((a) => ({ name: a.getAttribute('download'), url: a.href })));
  assert.ok(links.length > 1, JSON.stringify(links));
  assert.ok(links.every((l) => /\.csv$/.test(l.name) && l.url.startsWith('blob:')), JSON.stringify(links));
  const csv = (await blobBytes(d, links[0].url)).toString('utf8');
  assert.ok(csv.split('\n').length > 1, csv);
  await screen('results: exports');

  // The print view: A4 with the national motto and the signature blocks.
  await d.media('print');
  assert.ok(await d.page.evaluate(() => getComputedStyle(document.querySelector('#print-view')).display !== 'none'));
  const printed = await text(d, '#print-view');
  assert.match(printed, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
  assert.match(printed, /NGƯỜI LẬP BIỂU/);
  assert.match(printed, /THỦ TRƯỞNG ĐƠN VỊ/);
  await screen('print view');
  await d.media('screen');

  // Settings, a panel that takes the focus; Escape closes it.
  await d.click('#open-settings');
  await d.wait('#settings');
  await screen('settings');
  await d.key('Escape');
  await d.gone('#settings');

  // The sample and its tour.
  await d.click('.brand');
  await d.wait('.landing');
  await d.click('#sample');
  await d.wait('#tour');
  assert.equal(await card('dossiers'), '25');
  assert.match(await text(d, '#tour'), /H08\.22-230414-0009/);
  await screen('sample tour');
  await d.click('#tour-show');
  await d.wait('#why-steps li');
  await screen('sample tour: why panel');
  await d.key('Escape');
  await d.gone('#why');
  await d.click('#tour-next');
  await d.until(() => /bước 2/.test(document.querySelector('#tour .step')?.innerText || ''));
  await screen('sample tour: step 2');
}
