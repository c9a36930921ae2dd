// Issue 21 in the browser: Tổng hợp mode. The 2023 log of the fixtures is split into three agencies' logs (one per
// handling unit, under the same title and two-row header); the app checks each one under its agency's name and
// exports its JSON report; a fresh page rolls the three reports up. The province's totals must equal the app's own
// check of the three logs together, an edited figure must be flagged (and still summed), and the commendation list
// must carry the evidence the agency's check gave (tests/e2e/commend.test.mjs: Nguyễn Văn An and his unit).
// Waits only on what the app shows; axe-core checks the roll-up screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, stop, open, fixtures, shots, axeViolations, unzip, LONG } from './helpers.mjs';

let server, origin, context, dir;

before(async () => ({ server, origin, context, dir } = await start()));
after(() => stop({ server, context, dir }));

const UNITS = ['Phòng Tư pháp', 'Phòng Tài nguyên và Môi trường', 'Chi nhánh Văn phòng Đăng ký đất đai'];

/** The 2023 log's rows of one unit (column E) under its title and header lines: one agency's log. */
function splitLog(unit, i) {
  const lines = fs.readFileSync(path.join(fixtures, 'dossiers_2023_utf8.csv'), 'utf8').split(/\r?\n/);
  const mine = lines.slice(8).filter((l) => l.split(',')[4] === unit);
  assert.ok(mine.length > 0, `rows of ${unit}`);
  fs.mkdirSync(shots, { recursive: true });
  const file = path.join(shots, `province-log-${i}.csv`);
  fs.writeFileSync(file, [...lines.slice(0, 8), ...mine, ''].join('\n'));
  return file;
}

/** Saves the download a click on `selector` starts under test-output/ and returns its path. */
async function download(page, selector, name) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.click(selector)]);
  const to = path.join(shots, name);
  await file.saveAs(to);
  return to;
}

/** Checks `files` as of 31/12/2023 under `agency` (the settings' letterhead) and returns the JSON report. */
async function checkAndExport(files, agency, name) {
  const { page, errors } = await open(context, origin);
  await page.click('#open-settings');
  await page.waitForSelector('#settings');
  await page.fill('#set-agency', agency);
  await page.locator('#set-agency').dispatchEvent('change');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#settings', { state: 'detached' });
  await page.setInputFiles('#dossier-files', files);
  await page.fill('#as-of', '31/12/2023');
  await page.click('#continue');
  await page.waitForSelector('.review');
  await page.click('#run');
  await page.waitForSelector('#summary');
  const file = await download(page, '#export-json', name);
  assert.deepEqual(errors, []);
  await page.close();
  return file;
}

/** Opens a fresh page in Tổng hợp mode, rolls up `files` and waits for the province's table. */
async function rollUp(files) {
  const opened = await open(context, origin);
  const { page } = opened;
  await page.click('#mode-rollup');
  await page.setInputFiles('#report-files', files);
  await page.click('#rollup-run');
  await page.waitForSelector('#province');
  return opened;
}

const cells = (page, selector) => page.$$eval(selector, (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.innerText.trim())));

test('three agencies\' reports roll up to the check of their logs; an edited one is flagged', async () => {
  const logs = UNITS.map(splitLog);
  const reports = [];
  for (const [i, unit] of UNITS.entries()) reports.push(await checkAndExport([logs[i]], unit, `province-report-${i}.json`));
  const together = JSON.parse(fs.readFileSync(await checkAndExport(logs, 'UBND huyện Tuy Phước', 'province-all.json'), 'utf8'));
  const all = together.summary;
  assert.equal(all.dossiers, 25);

  const { page, errors } = await rollUp(reports);
  assert.match(await page.locator('#rollup-meta').innerText(), /Kỳ .*2023.* · tổng hợp 3\/3 báo cáo/);
  await page.waitForSelector('#rollup-no-problems');
  // The cards and the total line are the check of the three logs together.
  assert.equal(await page.locator('#rollup-card-dossiers').innerText(), String(all.dossiers));
  assert.equal(await page.locator('#rollup-card-early').innerText(), String(all.early));
  assert.equal(await page.locator('#rollup-card-on-time-count').innerText(), String(all.on_time));
  assert.equal(await page.locator('#rollup-card-late').innerText(), String(all.late));
  assert.equal(await page.locator('#rollup-card-pending-overdue').innerText(), String(all.pending_overdue));
  const table = await cells(page, '#rollup-agencies tbody tr');
  assert.deepEqual(table.slice(0, 3).map((r) => r[0].split('\n')[0]), UNITS);
  const total = table[3];
  assert.equal(total[0], 'Tổng cộng');
  // The period's table (received, online, in person, resolved, early, on time, late, pending within, pending
  // overdue): the sum of the check's own lines by unit.
  const keys = ['received_total', 'received_online', 'received_direct', 'resolved_total', 'early', 'on_time', 'late', 'pending_within', 'pending_overdue'];
  const byUnit = together.figures.results_by_unit;
  assert.equal(byUnit.length, 3);
  assert.deepEqual(total.slice(1, 10).map(Number), keys.map((k) => byUnit.reduce((n, u) => n + u[k], 0)));
  assert.ok(table.slice(0, 3).every((r) => r.at(-1) === 'Nguyên vẹn'), JSON.stringify(table));

  // The commendation list with its evidence: the agency's own check's answer, under its agency.
  const commend = await cells(page, '#rollup-commend tbody tr');
  assert.deepEqual(commend.map((r) => r.slice(0, 8)), [
    ['Phòng Tư pháp', 'Nguyễn Văn An', 'Phòng Tư pháp', '5', '2', '3', '0', '01/2023, 03/2023, 05/2023, 08/2023, 11/2023'],
    ['Phòng Tư pháp', 'Tập thể Phòng Tư pháp', 'Phòng Tư pháp', '9', '3', '6', '0', '01/2023, 03/2023, 05/2023, 06/2023, 08/2023, 09/2023, 11/2023'],
  ]);
  await page.click('#rollup-commend tbody tr:first-child summary');
  assert.match(await page.locator('#rollup-commend tbody tr:first-child ol.steps').innerText(), /5 hồ sơ/);
  assert.deepEqual(await axeViolations(page), []);

  // The exports Sở Nội vụ sends upward: the JSON contract and the signable xlsx, read back.
  const json = JSON.parse(fs.readFileSync(await download(page, '#rollup-export-json', 'province-rollup.json'), 'utf8'));
  assert.equal(json.format, 'dunghen.rollup/1');
  assert.equal(json.summary.dossiers, all.dossiers);
  assert.equal(json.agencies.length, 3);
  const zip = unzip(fs.readFileSync(await download(page, '#rollup-export-xlsx', 'province-rollup.xlsx')));
  const text = Object.entries(zip).filter(([n]) => n.startsWith('xl/')).map(([, b]) => b.toString('utf8')).join('\n');
  // The national motto, and the settings' agency (the last one set) as the letterhead, in capitals.
  assert.ok(text.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'), 'the national motto');
  assert.ok(text.includes('UBND HUYỆN TUY PHƯỚC'), 'the letterhead');
  assert.ok(text.includes('BẢNG TỔNG HỢP KẾT QUẢ GIẢI QUYẾT HỒ SƠ'), 'the province table');
  assert.deepEqual(errors, []);
  await page.close();

  // One figure changed after the check: named as edited, still summed, and the other two intact.
  const doc = JSON.parse(fs.readFileSync(reports[1], 'utf8'));
  doc.figures.late_without_apology += 1;
  const edited = path.join(shots, 'province-report-1-edited.json');
  fs.writeFileSync(edited, JSON.stringify(doc));
  const again = await rollUp([reports[0], edited, reports[2]]);
  const problems = await again.page.locator('#rollup-problems li[data-kind="edited"]').allInnerTexts();
  assert.equal(problems.length, 1);
  assert.match(problems[0], /province-report-1-edited\.json/);
  const states = (await cells(again.page, '#rollup-agencies tbody tr')).map((r) => r.at(-1));
  assert.deepEqual(states, ['Nguyên vẹn', 'Số liệu bị sửa', 'Nguyên vẹn', '']);
  assert.equal(await again.page.locator('#rollup-card-dossiers').innerText(), String(all.dossiers));
  assert.deepEqual(again.errors, []);
});
