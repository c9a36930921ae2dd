// The JS API (issue 6): `DungHen.check(files, options)` on a page with its own UI (www/example-api.html) returns
// the dunghen.report/1 contract, computed in a Web Worker; `DungHen.version` is the app's version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, stop, shot, fixtures, root } from './helpers.mjs';

let server, origin, context, dir;

before(async () => ({ server, origin, context, dir } = await start()));
after(() => stop({ server, context, dir }));

const fx = (name) => path.join(fixtures, name);
const b64 = (name) => fs.readFileSync(fx(name)).toString('base64');
const version = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

async function openApiPage() {
  const page = await context.newPage();
  const log = { all: [], readyAt: Infinity };
  const onRequest = (r) => log.all.push({ url: r.url(), at: Date.now() });
  context.on('request', onRequest);
  log.stop = () => context.off('request', onRequest);
  log.after = () => log.all.filter((r) => r.at > log.readyAt && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/example-api.html`);
  await page.waitForFunction(() => globalThis.DungHen);
  // Resolves once the API's worker and its spare second worker have loaded their scripts and the wasm.
  await page.evaluate(() => DungHen.ready());
  log.readyAt = Date.now();
  return { page, log, workers, errors };
}

/** Runs DungHen.check in the page on fixture bytes ({name, bytes} objects). */
function check(page, files, options) {
  return page.evaluate(async ([files, options]) => {
    const bytes = (f) => f && ({ name: f.name, bytes: Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0)) });
    const o = { explain: true, ...options, reminded: bytes(options.reminded), ratings: bytes(options.ratings) };
    try {
      const r = await DungHen.check(files.map(bytes), o);
      const d = r.dossiers.find((x) => x.code === 'H08.22-230414-0009');
      return {
        schema: r.schema, app_version: r.app_version, as_of: r.as_of, assessment_year: r.assessment_year,
        profile: r.profile, summary: r.summary, dossiers: r.dossiers.length, inputs: r.inputs.map((i) => [i.kind, i.file, i.dossiers]),
        h08: d && { status: d.status, late: d.late_working_days, due: d.due, steps: d.explanation.steps.length },
        keys: Object.keys(r).sort(), tables: 'tables' in r,
      };
    } catch (e) {
      return { error: { message: e.message, vi: e.vi, en: e.en } };
    }
  }, [files, options]);
}

const file = (name) => ({ name, b64: b64(name) });

test('DungHen.check on bytes: the dunghen.report/1 contract with the known answers, computed in a worker', async () => {
  const { page, log, workers, errors } = await openApiPage();
  assert.equal(await page.evaluate(() => DungHen.version), version);
  assert.equal(await page.evaluate(() => typeof DungHen.check), 'function');
  assert.ok(workers.some((u) => u === `${origin}/worker.js`), `the check runs in worker.js: ${workers}`);

  const r = await check(page, [file('dossiers_2023.xlsx')], {
    asOf: '2023-12-31', profile: 'binh-dinh-2023', reminded: file('reminders_2022.xlsx'), ratings: file('proposals_2023.xlsx'),
  });
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  assert.equal(r.schema, 'dunghen.report/1');
  assert.equal(r.app_version, version);
  assert.equal(r.as_of, '2023-12-31');
  assert.equal(r.assessment_year, 2023);
  assert.equal(r.profile.id, 'binh-dinh-2023');
  const s = r.summary;
  assert.deepEqual([s.dossiers, s.early, s.on_time, s.late, s.pending_within, s.pending_overdue], [25, 7, 9, 8, 0, 1]);
  assert.deepEqual([s.violations, s.at_risk, s.rejected_rows], [4, 1, 6]);
  assert.equal(r.dossiers, 25);
  assert.deepEqual(r.h08, { status: 'late', late: 1, due: '2023-04-28', steps: r.h08.steps });
  assert.ok(r.h08.steps >= 3);
  assert.deepEqual(r.inputs, [['dossiers', 'dossiers_2023.xlsx', 25], ['reminded', 'reminders_2022.xlsx', r.inputs[1][2]], ['ratings', 'proposals_2023.xlsx', r.inputs[2][2]]]);
  for (const k of ['schema', 'app_version', 'profile', 'as_of', 'inputs', 'summary', 'dossiers', 'rejected_rows', 'officers', 'units']) {
    assert.ok(r.keys.includes(k), `the contract has ${k}: ${r.keys}`);
  }
  assert.equal(r.tables, false, 'the contract as report::check makes it, without period tables');

  // The log alone, as an ArrayBuffer, with a Date: no side lists, so no rating findings.
  const alone = await page.evaluate(async (b) => {
    const buf = Uint8Array.from(atob(b), (c) => c.charCodeAt(0)).buffer;
    const r = await DungHen.check(buf, { asOf: new Date(2023, 11, 31) });
    return { as_of: r.as_of, summary: r.summary, file: r.inputs[0].file };
  }, b64('dossiers_2023.xlsx'));
  assert.equal(alone.as_of, '2023-12-31');
  assert.deepEqual([alone.summary.dossiers, alone.summary.late, alone.summary.pending_overdue, alone.summary.violations], [25, 8, 1, 0]);

  // Errors are rejections with a sentence in both languages.
  const bad = await check(page, [file('dossiers_2023.xlsx')], { asOf: '2023-12-31', profile: 'ha-noi-2030' });
  assert.match(bad.error.en, /no rule set "ha-noi-2030"/);
  assert.match(bad.error.vi, /Không có bộ quy tắc/);
  const broken = await check(page, [file('broken/truncated.xlsx')], { asOf: '2023-12-31' });
  assert.match(broken.error.en, /truncated\.xlsx: .*damaged or unreadable/);
  const date = await check(page, [file('dossiers_2023.xlsx')], { asOf: '12/31/2023' });
  assert.match(date.error.en, /not a date/);
  // … and the API keeps working after them.
  const again = await check(page, [file('dossiers_2023.xlsx')], { asOf: '2023-06-30' });
  assert.equal(again.as_of, '2023-06-30');

  for (const r of log.all) assert.ok(r.url.startsWith(origin), `request to another origin: ${r.url}`);
  assert.deepEqual(log.after().map((r) => r.url), [], 'no request after load');
  assert.deepEqual(errors, []);
  log.stop();
  await page.close();
});

test('DungHen.check: a rule set for another year is refused, then carried forward by a named document', async () => {
  const { page, errors } = await openApiPage();
  const opts = { asOf: '2024-12-31', year: 2024, profile: 'binh-dinh-2023' };
  const refused = await check(page, [file('dossiers_2023.xlsx')], opts);
  assert.match(refused.error.vi, /không áp dụng cho năm 2024/);
  assert.match(refused.error.en, /carry it forward/);
  const carried = await check(page, [file('dossiers_2023.xlsx')], { ...opts, carryForward: 'Kế hoạch 15/KH-UBND' });
  assert.equal(carried.error, undefined, JSON.stringify(carried.error));
  assert.equal(carried.assessment_year, 2024);
  assert.equal(carried.profile.id, 'binh-dinh-2023');
  assert.equal(carried.profile.carried_forward, 'Kế hoạch 15/KH-UBND');
  assert.deepEqual(errors, []);
  await page.close();
});

test('DungHen.check on File objects from the page\'s own form (www/example-api.html)', async () => {
  const { page, log, errors } = await openApiPage();
  assert.equal(await page.locator('#version').innerText(), version);
  await page.setInputFiles('#dossiers', fx('dossiers_2023.xlsx'));
  await page.setInputFiles('#reminded', fx('reminders_2022.xlsx'));
  await page.setInputFiles('#ratings', fx('proposals_2023.xlsx'));
  await page.click('#go');
  await page.waitForSelector('#summary tr[data-key="dossiers"]');
  const cell = (k) => page.locator(`#summary tr[data-key="${k}"] td`).innerText();
  assert.match(await page.locator('#status').innerText(), /^dunghen\.report\/1 · /);
  assert.deepEqual(
    [await cell('dossiers'), await cell('early'), await cell('on_time'), await cell('late'), await cell('pending_overdue'), await cell('violations'), await cell('at_risk')],
    ['25', '7', '9', '8', '1', '4', '1']);
  await shot(page, 'api-01-own-ui.png');
  for (const r of log.all) assert.ok(r.url.startsWith(origin), `request to another origin: ${r.url}`);
  assert.deepEqual(log.after().map((r) => r.url), [], 'no request after load');
  assert.deepEqual(errors, []);
  log.stop();
  await page.close();
});
