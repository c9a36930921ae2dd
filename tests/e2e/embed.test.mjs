// The <dung-hen> element (issue 6) on the example intranet page, whose stylesheet is as hostile as they come
// (www/example-intranet.css): the element's UI keeps its own look, the page keeps its own, and a check inside
// the element gives the known answers of tests/fixtures/README.md and tells the page through `dunghen-checked`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, stop, shot, fixtures } from './helpers.mjs';

let server, origin, context, dir;

before(async () => ({ server, origin, context, dir } = await start()));
after(() => stop({ server, context, dir }));

const fx = (name) => path.join(fixtures, name);

// The host page's own elements and the properties its stylesheet sets on them.
const HOST = ['body', '#portal-head h1', '#portal-head a', '#sidebar', '#content', '#host-text', '#host-button', '#last-check', '#portal-foot'];
const PROPS = ['font-family', 'font-size', 'color', 'background-color', 'display', 'margin-top', 'padding-top',
  'letter-spacing', 'line-height', 'text-align', 'text-transform', 'border-top-style', 'box-sizing', 'flex-direction'];

function hostStyles(page) {
  return page.evaluate(([sels, props]) => {
    const out = {};
    for (const s of sels) {
      const cs = getComputedStyle(document.querySelector(s));
      out[s] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    }
    return {
      styles: out,
      lang: document.documentElement.getAttribute('lang'),
      sheets: document.styleSheets.length,
      adopted: document.adoptedStyleSheets.length,
      headNodes: document.head.children.length,
    };
  }, [HOST, PROPS]);
}

/** The example page, every request it and its workers make logged; ready when the element says its worker has
 * loaded (`data-worker="ready"` on the element, as on the app's root inside it). */
async function openHost(file, { embed = true } = {}) {
  const page = await context.newPage();
  const log = { all: [], readyAt: Infinity };
  const onRequest = (r) => log.all.push({ url: r.url(), at: Date.now() });
  context.on('request', onRequest);
  log.stop = () => context.off('request', onRequest);
  log.after = () => log.all.filter((r) => r.at > log.readyAt && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    window.__checked = [];
    document.addEventListener('dunghen-checked', (e) => window.__checked.push({ detail: e.detail, target: e.target.tagName, composed: e.composed }));
  });
  if (!embed) await page.route('**/dunghen-embed.js', (r) => r.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.goto(`${origin}/${file}`);
  if (embed) {
    await page.waitForSelector('dung-hen[data-worker="ready"]');
    assert.equal(await page.getAttribute('dung-hen .app', 'data-worker'), 'ready');
  }
  log.readyAt = Date.now();
  return { page, log, errors };
}

test('example intranet page: hostile CSS stays out, the page keeps its look, the 2023 log gives the known answers', async () => {
  // The page as it looks without the element (the embed script answered with nothing).
  const bare = await openHost('example-intranet.html', { embed: false });
  const baseline = await hostStyles(bare.page);
  bare.log.stop();
  await bare.page.close();

  const { page, log, errors } = await openHost('example-intranet.html');
  await shot(page, 'embed-01-landing.png');

  // The element's UI keeps its own look inside the shadow root, whatever the page's stylesheet says.
  const look = await page.evaluate(() => {
    const host = document.querySelector('dung-hen');
    const root = host.shadowRoot;
    const cs = (el) => getComputedStyle(el);
    const sample = root.querySelector('#sample');
    const upload = root.querySelector('.upload');
    const box = root.querySelector('.dh-root');
    return {
      mode: root.mode,
      hostDisplay: cs(host).display, hostBorder: cs(host).borderTopWidth, hostFontSize: cs(host).fontSize,
      sampleBg: cs(sample).backgroundColor, sampleColor: cs(sample).color, sampleFont: cs(sample).fontFamily,
      sampleTransform: cs(sample).textTransform, sampleRadius: cs(sample).borderTopLeftRadius,
      uploadDisplay: cs(upload).display, uploadBorder: `${cs(upload).borderTopStyle} ${cs(upload).borderTopColor}`,
      boxFontSize: cs(box).fontSize, boxColor: cs(box).color, boxLetterSpacing: cs(box).letterSpacing,
      boxLineHeight: cs(box).lineHeight, boxAlign: cs(box).textAlign, boxSizing: cs(upload).boxSizing,
      asOf: root.querySelector('#as-of').value, lang: box.getAttribute('lang'),
    };
  });
  assert.equal(look.mode, 'open');
  assert.equal(look.hostDisplay, 'block', 'dung-hen { display: inline !important } does not win');
  assert.equal(look.hostBorder, '0px');
  assert.equal(look.sampleBg, 'rgb(232, 240, 250)', 'button { background: red !important } does not reach the element');
  assert.equal(look.sampleColor, 'rgb(10, 74, 140)');
  assert.match(look.sampleFont, /^"Segoe UI"/);
  assert.equal(look.sampleTransform, 'none');
  assert.equal(look.sampleRadius, '6px');
  assert.equal(look.uploadDisplay, 'block', 'div { display: flex !important } does not reach the element');
  assert.equal(look.uploadBorder, 'solid rgb(207, 214, 223)');
  assert.equal(look.boxFontSize, '14px', 'compact, whatever the page root font size (10px) and body (22px)');
  assert.equal(look.boxColor, 'rgb(27, 36, 48)');
  assert.equal(look.boxLetterSpacing, 'normal');
  assert.equal(look.boxLineHeight, '21px');
  assert.equal(look.boxAlign, 'left');
  assert.equal(look.boxSizing, 'border-box');
  assert.equal(look.asOf, '31/12/2023', 'the as-of attribute');
  assert.equal(look.lang, 'vi');

  // The 2023 log with both side lists, inside the element.
  await page.setInputFiles('dung-hen #dossier-files', fx('dossiers_2023.xlsx'));
  await page.setInputFiles('dung-hen #reminded-file', fx('reminders_2022.xlsx'));
  await page.setInputFiles('dung-hen #ratings-file', fx('proposals_2023.xlsx'));
  await page.click('dung-hen #continue');
  await page.waitForSelector('dung-hen .review');
  await page.click('dung-hen #run');
  await page.waitForSelector('dung-hen #summary');
  const value = (id) => page.locator(`dung-hen #card-${id}`).innerText();
  assert.equal(await value('dossiers'), '25');
  assert.equal(await value('late'), '8');
  assert.equal(await value('pending-overdue'), '1');
  assert.equal(await value('on-time'), '66,7%');
  assert.equal(await value('violations'), '4');
  assert.match(await page.locator('dung-hen [data-testid="on-time"] .note').innerText(), /7 trước hạn · 9 đúng hạn/);
  assert.match(await page.locator('dung-hen [data-testid="violations"] .note').innerText(), /1 có nguy cơ/);
  await shot(page, 'embed-02-results.png');

  // H08.22-230414-0009: late 1 working day, and its "why?" panel inside the element.
  await page.click('dung-hen #tab-late');
  await page.fill('dung-hen #search-late', 'H08.22-230414-0009');
  const rows = page.locator('dung-hen #table-late tbody tr');
  await page.waitForFunction(() => document.querySelector('dung-hen').shadowRoot.querySelectorAll('#table-late tbody tr').length === 1);
  assert.equal(await rows.locator('td').nth(7).innerText(), '1');
  await rows.locator('.why-btn').click();
  await page.waitForSelector('dung-hen #why-steps li');
  assert.match(await page.locator('dung-hen #why-steps').innerText(), /Giỗ Tổ/);
  assert.equal(await page.evaluate(() => document.querySelector('dung-hen').shadowRoot.activeElement?.id), 'why', 'the panel takes the focus');
  await shot(page, 'embed-03-why.png', { fullPage: false });
  await page.keyboard.press('Escape');
  await page.waitForSelector('dung-hen #why', { state: 'detached' });

  // The page heard about it: dunghen-checked, bubbling and composed, with the summary.
  const events = await page.evaluate(() => window.__checked);
  assert.equal(events.length, 1);
  const { detail, target, composed } = events[0];
  assert.equal(target, 'DUNG-HEN');
  assert.equal(composed, true);
  assert.deepEqual(
    [detail.dossiers, detail.early, detail.on_time, detail.late, detail.pending_within, detail.pending_overdue],
    [25, 7, 9, 8, 0, 1]);
  assert.deepEqual([detail.violations, detail.at_risk, detail.rejected_rows], [4, 1, 6]);
  assert.equal(detail.profile, 'binh-dinh-2023');
  assert.equal(detail.as_of, '2023-12-31');
  assert.match(await page.locator('#last-check').innerText(), /25 hồ sơ, 8 trễ hạn, 1 quá hạn, 4 vi phạm/);

  // An export from inside the element: the xlsx downloads.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('dung-hen #export-xlsx')]);
  assert.equal(xlsx.suggestedFilename(), 'dung-hen-2023.xlsx');

  // The page's own look is what it was without the element, and nothing was added to it.
  const now = await hostStyles(page);
  assert.deepEqual(now, baseline);
  await shot(page, 'embed-04-page-after.png');

  for (const r of log.all) assert.ok(r.url.startsWith(origin), `request to another origin: ${r.url}`);
  assert.deepEqual(log.after().map((r) => r.url), [], 'no request after the element had loaded');
  assert.deepEqual(errors, []);
  log.stop();
  await page.close();
});

test('attributes: lang="en" re-renders in English, an unknown profile gets a sentence, compact is optional', async () => {
  const { page, log, errors } = await openHost('example-intranet.html');
  await page.evaluate(() => document.querySelector('dung-hen').setAttribute('lang', 'en'));
  await page.waitForFunction(() => /Check late dossiers/.test(document.querySelector('dung-hen').shadowRoot.querySelector('h1')?.innerText || ''));
  assert.equal(await page.getAttribute('html', 'lang'), 'vi', "the page's <html lang> is not the element's");
  await page.evaluate(() => document.querySelector('dung-hen').removeAttribute('compact'));
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('dung-hen').shadowRoot.querySelector('.dh-root')).fontSize), '16px');
  assert.ok(await page.locator('dung-hen .lead').isVisible(), 'the introduction is back without compact');

  // A second element with a rule set that does not exist: a sentence instead of the app, and dunghen-error.
  const err = await page.evaluate(() => new Promise((resolve) => {
    const el = document.createElement('dung-hen');
    el.setAttribute('profile', 'ha-noi-2030');
    el.id = 'bad';
    el.addEventListener('dunghen-error', (e) => resolve(e.detail));
    document.getElementById('content').append(el);
  }));
  assert.match(err.vi, /Không có bộ quy tắc "ha-noi-2030" \(có: binh-dinh-2023, toan-quoc, toan-quoc-2026\)/);
  assert.match(await page.locator('#bad .loading.error').innerText(), /ha-noi-2030/);
  await page.evaluate(() => document.getElementById('bad').setAttribute('profile', 'binh-dinh-2023'));
  await page.waitForSelector('#bad .app');

  // The sample in the first element (English): one click, its own results.
  await page.click('dung-hen:not(#bad) #sample');
  await page.waitForSelector('dung-hen:not(#bad) #summary');
  assert.equal(await page.locator('dung-hen:not(#bad) #card-dossiers').innerText(), '25');
  assert.equal(await page.locator('#bad .results').count(), 0, 'each element has its own state');
  await shot(page, 'embed-05-english-two-elements.png');
  for (const r of log.all) assert.ok(r.url.startsWith(origin), `request to another origin: ${r.url}`);
  assert.deepEqual(errors, []);
  log.stop();
  await page.close();
});
