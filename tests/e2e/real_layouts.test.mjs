// Issue 19 through the app: an HTML table saved as .xls and a log whose units are group heading rows, from the
// corpus of real layouts (tests/fixtures/real/, answers worked out by hand in its README), taken from the file
// input through the review screen to the results. Waits only on what the app shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, stop, open, fixtures } from './helpers.mjs';

let server, origin, context, dir;

before(async () => ({ server, origin, context, dir } = await start()));
after(() => stop({ server, context, dir }));

const real = (name) => path.join(fixtures, 'real', name);

/** Uploads one log, as of 07/04/2023, and waits for the review screen. */
async function review(page, name) {
  await page.setInputFiles('#dossier-files', real(name));
  await page.fill('#as-of', '07/04/2023');
  await page.click('#continue');
  await page.waitForSelector('.review');
  return page.locator(`.file-card[data-file="${name}"]`);
}

/** Runs the check and reads the summary cards: the common six give early 1, on time 1, late 2, pending 1 + 1. */
async function results(page) {
  await page.click('#run');
  await page.waitForSelector('#summary');
  const value = (id) => page.locator(`#card-${id}`).innerText();
  return { dossiers: await value('dossiers'), late: await value('late'), overdue: await value('pending-overdue') };
}

test('an HTML-table .xls: its format, the source of each column and the known answers', async () => {
  const { page, errors } = await open(context, origin);
  const card = await review(page, 'motcua_danh_sach_utf8.xls');
  assert.match(await card.locator('.format').innerText(), /Bảng HTML/);
  assert.match(await card.locator('.counts').innerText(), /6 dòng: 6 hồ sơ, 0 bị loại, 0 trống, 0 không phải dữ liệu/);
  // The column read as the due date, and why: the header dictionary's wording and where it comes from.
  const due = card.locator('tr:has(#map-due) td.mapped');
  assert.match(await due.textContent(), /H · Ngày hẹn trả/);
  assert.match(await due.locator('.map-source').textContent(), /từ điển tiêu đề: "Ngày hẹn trả" \(RULES\.md §2/);
  assert.deepEqual(await results(page), { dossiers: '6', late: '2', overdue: '1' });
  assert.deepEqual(errors, []);
});

test('a log with group heading rows: units from the headings, said on the review screen, the known answers', async () => {
  const { page, errors } = await open(context, origin);
  const card = await review(page, 'nhom_don_vi.xls');
  assert.match(await card.locator('.counts').innerText(), /11 dòng: 6 hồ sơ, 0 bị loại, 0 trống, 5 không phải dữ liệu/);
  assert.match(await card.locator('.warnings').innerText(), /Đơn vị lấy từ dòng tiêu đề nhóm, dòng 2, 5, 7, 9, 11/);
  assert.deepEqual(await results(page), { dossiers: '6', late: '2', overdue: '1' });
  // H03 is late 2 working days, charged to the unit of the heading above it.
  await page.click('#tab-late');
  await page.fill('#search-late', 'H03');
  await page.waitForFunction(() => document.querySelectorAll('#table-late tbody tr').length === 1);
  const row = await page.locator('#table-late tbody tr').innerText();
  assert.match(row, /Phòng Kinh tế và Hạ tầng/);
  assert.deepEqual(errors, []);
});
