// Issue 21 in the agency's check: the "Biểu dương" tab of the results screen. The 2023 log of the fixtures (as of
// 31/12/2023, the default criteria: at least 5 dossiers due in the period, every one early or on time) commends
// Nguyễn Văn An and his unit, Phòng Tư pháp, as the text report of the same log does
// (tests/golden/2023-with-lists-text.out). Waits only on what the app shows; axe-core checks the tab and its
// "why?".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, stop, open, fixtures, axeViolations } from './helpers.mjs';

let server, origin, context, dir;

before(async () => ({ server, origin, context, dir } = await start()));
after(() => stop({ server, context, dir }));

/** Waits until a results tab shows the worker's answer. */
async function showTab(page, tab) {
  await page.click(`#tab-${tab}`);
  await page.waitForFunction((t) => document.querySelector(`#tab-${t}`)?.getAttribute('aria-selected') === 'true'
    && document.querySelector(`#table-${t}`)?.getAttribute('aria-busy') === 'false', tab);
}

const rows = (page) => page.$$eval('#table-commend tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));

test('the commendation tab: who, the evidence, the criteria with their defaults, and why', async () => {
  const { page, errors } = await open(context, origin);
  await page.setInputFiles('#dossier-files', path.join(fixtures, 'dossiers_2023.xlsx'));
  await page.fill('#as-of', '31/12/2023');
  await page.click('#continue');
  await page.waitForSelector('.review');
  await page.click('#run');
  await page.waitForSelector('#summary');
  await showTab(page, 'commend');
  assert.match(await page.locator('#commend-head').innerText(), /Đề nghị biểu dương — Năm 2023 .*\(1 cá nhân, 1 tập thể\)/);
  assert.match(await page.locator('#commend-criteria').innerText(), /ít nhất 5 hồ sơ có ngày hẹn trả trong kỳ, mọi hồ sơ đã giải quyết trước hạn hoặc đúng hạn/);
  assert.match(await page.locator('#commend-defaults').innerText(), /mặc định của bộ quy tắc/);
  const shown = await rows(page);
  assert.deepEqual(shown.map((r) => r.slice(0, 7)), [
    ['Nguyễn Văn An', 'Phòng Tư pháp', '5', '2', '3', '0', '01/2023, 03/2023, 05/2023, 08/2023, 11/2023'],
    ['Tập thể Phòng Tư pháp', 'Phòng Tư pháp', '9', '3', '6', '0', '01/2023, 03/2023, 05/2023, 06/2023, 08/2023, 09/2023, 11/2023'],
  ]);
  assert.deepEqual(await axeViolations(page), []);

  // "Vì sao?" on the officer: the counts, the months and the criteria, with the basis.
  await page.click('#table-commend tbody tr[data-key^="officer|"] .why-btn');
  await page.waitForSelector('#why-steps li');
  const steps = await page.locator('#why-steps').innerText();
  assert.match(steps, /Nguyễn Văn An \(Phòng Tư pháp\): 5 hồ sơ .* 2 trước hạn, 3 đúng hạn/);
  assert.match(steps, /Các tháng có hồ sơ: 01\/2023, 03\/2023, 05\/2023, 08\/2023 và 11\/2023/);
  assert.match(await page.locator('#why').innerText(), /Căn cứ/);
  assert.deepEqual(await axeViolations(page), []);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#why', { state: 'detached' });

  // At least 8 dossiers (Cài đặt): the unit alone, the default beside the setting once the check runs again.
  await page.click('#commend-settings');
  await page.waitForSelector('#settings');
  await page.fill('#set-min-dossiers', '8');
  await page.locator('#set-min-dossiers').dispatchEvent('change');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#settings', { state: 'detached' });
  await page.click('#check-again');
  await page.waitForFunction(() => /ít nhất 8 hồ sơ/.test(document.querySelector('#commend-criteria')?.innerText || '')
    || document.querySelector('#tab-units')?.getAttribute('aria-selected') === 'true');
  await showTab(page, 'commend');
  assert.match(await page.locator('#commend-criteria').innerText(), /ít nhất 8 hồ sơ/);
  assert.match(await page.locator('#commend-defaults').innerText(), /Mặc định của bộ quy tắc: ít nhất 5 hồ sơ/);
  assert.deepEqual((await rows(page)).map((r) => r[0]), ['Tập thể Phòng Tư pháp']);
  assert.deepEqual(errors, []);
});
