// The browser app end to end: Debian's Chromium driven by playwright-core against dist/ (scripts/build-web),
// with the known answers of tests/fixtures/README.md. Screenshots of every screen go to test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { start, stop, open, shot, unzip, bigCsv, fixtures, shots, READY, LONG } from './helpers.mjs';

// SheetJS (the benchmark's reference, in package.json) writes a workbook for a test here.
const XLSX = createRequire(import.meta.url)('xlsx');

let server, origin, context, dir;

before(async () => ({ server, origin, context, dir } = await start()));
after(() => stop({ server, context, dir }));

const fx = (name) => path.join(fixtures, name);
const text = (page, sel) => page.locator(sel).innerText();

async function uploadLog(page) {
  await page.setInputFiles('#dossier-files', fx('dossiers_2023.xlsx'));
  await page.setInputFiles('#reminded-file', fx('reminders_2022.xlsx'));
  await page.setInputFiles('#ratings-file', fx('proposals_2023.xlsx'));
  await page.fill('#as-of', '31/12/2023');
  await page.click('#continue');
  await page.waitForSelector('.review');
}

async function runToResults(page) {
  await page.click('#run');
  await page.waitForSelector('#summary');
}

test('landing page: Vietnamese, files stay on the computer, CSP forbids other origins', async () => {
  const { page, log, errors } = await open(context, origin);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.match(await text(page, 'h1'), /Kiểm tra hồ sơ trễ hạn/);
  assert.match(await text(page, '#privacy'), /Tệp của bạn không rời khỏi máy tính này/);
  assert.match(await text(page, '#offline-note'), /Ngoại tuyến/);
  assert.equal(await page.locator('#sample').innerText(), 'Dùng thử với dữ liệu mẫu');
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  for (const d of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'"]) assert.ok(csp.includes(d), d);
  // Every control of the landing page has a label.
  for (const id of ['dossier-files', 'reminded-file', 'ratings-file', 'as-of']) {
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, id);
  }
  for (const r of log.all) assert.ok(r.url.startsWith(origin), `request to another origin: ${r.url}`);
  await shot(page, '01-landing.png');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the 2023 log: review, change a column mapping, results with the known answers, why, exports', async () => {
  const { page, log, errors } = await open(context, origin);
  await uploadLog(page);
  const card = page.locator('.file-card[data-file="dossiers_2023.xlsx"]');
  assert.equal(await card.locator('.format').innerText(), 'xlsx');
  assert.match(await card.locator('.counts').innerText(), /36 dòng: 25 hồ sơ, 3 bị loại, 4 trống, 4 không phải dữ liệu/);
  assert.equal(await page.locator('#sheet').inputValue(), '');
  assert.match(await page.locator('#sheet option:checked').innerText(), /Hồ sơ 2023/);
  const previewFirst = () => card.locator('table.preview tbody tr').first().locator('td').nth(2).innerText();
  const before = await previewFirst();
  // Map "Tên thủ tục" to column D (Lĩnh vực): the preview follows; then back to automatic.
  await page.selectOption('#map-procedure', 'D');
  await page.waitForFunction(() => document.querySelector('#map-procedure')?.value === 'D' && !document.querySelector('#progress'));
  await page.waitForFunction((b) => {
    const td = document.querySelectorAll('.file-card table.preview tbody tr')[0]?.querySelectorAll('td')[2];
    return td && td.innerText !== b;
  }, before);
  const changed = await previewFirst();
  assert.notEqual(changed, before);
  await shot(page, '02-review-mapping-changed.png');
  await page.selectOption('#map-procedure', '');
  await page.waitForFunction((b) => {
    const td = document.querySelectorAll('.file-card table.preview tbody tr')[0]?.querySelectorAll('td')[2];
    return td && td.innerText === b && !document.querySelector('#progress');
  }, before);

  await runToResults(page);
  const value = (id) => text(page, `#card-${id}`);
  assert.equal(await value('dossiers'), '25');
  assert.equal(await value('late'), '8');
  assert.equal(await value('pending-overdue'), '1');
  assert.equal(await value('on-time'), '66,7%');
  assert.equal(await value('rejected'), '6', '3 in the log + 1 in the reminders + 2 in the proposals');
  assert.equal(await value('violations'), '4');
  assert.match(await text(page, '[data-testid="violations"] .note'), /1 có nguy cơ/);
  assert.match(await text(page, '[data-testid="on-time"] .note'), /7 trước hạn · 9 đúng hạn/);
  assert.ok(await page.locator('#chart-late rect.bar').count() >= 12, 'a bar per month');
  assert.equal(await page.locator('#chart-units rect.bar').count(), 3, 'a bar per unit');
  await shot(page, '03-results.png');

  // The late dossiers: H08.22-230414-0009 is late 1 working day.
  await page.click('#tab-late');
  await page.fill('#search-late', 'H08.22-230414-0009');
  const row = page.locator('#table-late tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('#table-late tbody tr').length === 1);
  assert.equal(await row.locator('td').nth(7).innerText(), '1');
  assert.equal(await row.locator('td').nth(4).innerText(), '28/04/2023');
  await row.locator('.why-btn').click();
  await page.waitForSelector('#why-steps li');
  const steps = await page.locator('#why-steps li').allInnerTexts();
  assert.ok(steps.length >= 3, steps.join('\n'));
  const all = steps.join('\n');
  assert.match(all, /28\/04\/2023/);
  assert.match(all, /Giỗ Tổ/);
  assert.match(all, /Bỏ qua 5 ngày nghỉ sau ngày hẹn/);
  assert.match(all, /Số ngày làm việc trễ .*: 1 ngày/);
  assert.ok(await page.locator('.why .citations li').count() >= 1);
  await shot(page, '04-why-dossier.png');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#why', { state: 'detached' });

  // Rejected rows of the log, with row and reason (the worker answers for the tab: wait for its table).
  await page.click('#tab-rejected');
  await page.waitForSelector('#table-rejected tbody tr');
  const rej = await page.locator('#table-rejected tbody tr').allInnerTexts();
  assert.equal(rej.length, 6);
  assert.ok(rej.some((r) => r.includes('24') && r.includes('31/02/2023')), rej.join('\n'));

  // Sorting the officers by late count puts the most late first; "why?" on an officer.
  await page.click('#tab-ratings');
  await page.selectOption('#tag-ratings', 'violation');
  await page.waitForFunction(() => document.querySelectorAll('#table-ratings tbody tr').length === 4);
  await page.locator('#table-ratings tbody tr').first().locator('.why-btn').click();
  await page.waitForSelector('#why-steps li');
  assert.match((await page.locator('#why-steps').innerText()), /nhắc nhở|Hoàn thành nhiệm vụ/);
  await page.click('.why .close');

  // Period: Q2 2023 filters by due date (the worker counts the period).
  await page.selectOption('#period', 'q2');
  await page.waitForFunction(() => document.querySelector('#card-dossiers')?.innerText !== '25');
  const q2 = Number(await value('dossiers'));
  assert.ok(q2 > 0 && q2 < 25, `Q2 has ${q2}`);
  await page.click('#tab-dossiers');
  await page.waitForFunction((n) => document.querySelector('#table-dossiers .count')?.innerText === `${n} / ${n} dòng`, q2);
  assert.equal(await page.locator('#table-dossiers tbody tr').count(), q2);
  await page.selectOption('#period', 'all');
  await page.waitForFunction(() => document.querySelector('#table-dossiers .count')?.innerText === '25 / 25 dòng');
  // Sorted by due date, latest first, and back.
  await page.click('#table-dossiers th:nth-child(5) button');
  await page.click('#table-dossiers th:nth-child(5) button');
  await page.waitForFunction(() => document.querySelector('#table-dossiers th:nth-child(5)').getAttribute('aria-sort') === 'descending'
    && document.querySelector('#table-dossiers').getAttribute('aria-busy') === 'false');
  const dues = (await page.locator('#table-dossiers tbody tr td:nth-child(5)').allInnerTexts()).map((d) => d.split('/').reverse().join(''));
  assert.deepEqual(dues, [...dues].sort().reverse(), 'latest due date first');

  // xlsx download, read back.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  assert.match(xlsx.suggestedFilename(), /^dung-hen-2023\.xlsx$/);
  const xpath = path.join(shots, 'export.xlsx');
  await xlsx.saveAs(xpath);
  const zip = unzip(fs.readFileSync(xpath));
  assert.ok(zip['xl/workbook.xml'], Object.keys(zip).join(','));
  const strings = zip['xl/sharedStrings.xml'].toString('utf8');
  assert.ok(strings.includes('H08.22-230414-0009'));
  assert.ok(strings.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));

  // JSON: the contract.
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const jpath = path.join(shots, 'export.json');
  await json.saveAs(jpath);
  const report = JSON.parse(fs.readFileSync(jpath, 'utf8'));
  assert.equal(report.schema, 'dunghen.report/1');
  assert.equal(report.summary.dossiers, 25);
  assert.equal(report.dossiers.find((d) => d.code === 'H08.22-230414-0009').late_working_days, 1);

  // CSV: one link per table.
  await page.click('#export-csv');
  await page.waitForSelector('.downloads a');
  assert.ok(await page.locator('.downloads a').count() > 1);

  // Print view: A4 with the national motto and the signature blocks.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('#print-view').isVisible());
  const printed = await text(page, '#print-view');
  assert.match(printed, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
  assert.match(printed, /Độc lập - Tự do - Hạnh phúc/);
  assert.match(printed, /NGƯỜI LẬP BIỂU/);
  assert.match(printed, /THỦ TRƯỞNG ĐƠN VỊ/);
  await shot(page, '05-print.png');
  await page.emulateMedia({ media: 'screen' });

  // English, kept in localStorage across a reload.
  await page.click('button.lang[lang="en"]');
  assert.equal(await text(page, '.results h2'), 'Results');
  assert.match(await text(page, '[data-testid="late"] .label'), /^Late$/);
  assert.equal(await value('on-time'), '66.7%');
  await shot(page, '06-results-english.png');

  assert.deepEqual(log.after(), [], 'no request after the page loaded');
  assert.deepEqual(errors, []);
  await page.reload();
  await page.waitForSelector('.app');
  assert.equal(await text(page, '#sample'), 'Dùng thử với dữ liệu mẫu');
  assert.match(await text(page, 'h1'), /Check late dossiers/);
  await page.click('button.lang[lang="vi"]');
  await page.close();
});

test('a 2026 log: progress points (NĐ 335), a flag and its why, the rule set on screen and in print', async () => {
  // tests/fixtures/README.md, "2026 fixtures": hand-worked answers.
  const { page, errors } = await open(context, origin);
  await page.setInputFiles('#dossier-files', fx('dossiers_2026.csv'));
  await page.setInputFiles('#ratings-file', fx('proposals_2026.csv'));
  await page.fill('#as-of', '31/12/2026');
  await page.click('#continue');
  await page.waitForSelector('.review');
  await runToResults(page);
  assert.match(await text(page, '#profile-about'), /toan-quoc-2026.*chọn theo năm đánh giá 2026/);
  assert.equal(await page.locator('#provisional-years').count(), 0, '2026 has its approved calendar');
  const flags = await page.locator('#score-flags li').allInnerTexts();
  assert.equal(flags.length, 4, flags.join('\n'));
  assert.ok(flags.some((f) => /^Lê Thị Bình \(Phòng Tư pháp\): Mức đề xuất không khớp với số điểm \(95 điểm/.test(f)), flags.join('\n'));

  // The tab: Trần Văn An's year, 87,36 points at most, so "xuất sắc" is not possible.
  await page.click('#tab-scores');
  await page.waitForSelector('#table-scores tbody tr');
  await page.selectOption('#tag-scores', 'year');
  await page.fill('#search-scores', 'Trần Văn An');
  await page.waitForFunction(() => document.querySelectorAll('#table-scores tbody tr').length === 1
    && document.querySelector('#table-scores').getAttribute('aria-busy') === 'false');
  const cells = await page.locator('#table-scores tbody tr td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 14), ['Trần Văn An', 'Phòng Tư pháp', '2026', '6', '5', '4', '2', '2', '83,3%', '79,2%',
    '57,36', '87,36', 'Hoàn thành tốt nhiệm vụ', 'Mức đề xuất không thể đạt']);
  await page.locator('#table-scores tbody tr .why-btn').click();
  await page.waitForSelector('#why-steps li');
  assert.match(await text(page, '#why-title'), /Trần Văn An/);
  const steps = await text(page, '#why-steps');
  assert.match(steps, /6 hồ sơ được giao/);
  assert.match(steps, /Cảnh báo: Tiến độ giải quyết hồ sơ không cho phép mức "Hoàn thành xuất sắc nhiệm vụ"/);
  assert.match(await text(page, '.why .citations'), /335\/2025/);
  await shot(page, '08-why-score-2026.png');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#why', { state: 'detached' });

  // The flagged rows: An's and Bình's years, both units' years (xuất sắc above 20 % of tốt).
  await page.fill('#search-scores', '');
  await page.selectOption('#tag-scores', 'flagged');
  await page.waitForFunction(() => document.querySelector('#table-scores .count')?.innerText.startsWith('4 /')
    && document.querySelector('#table-scores').getAttribute('aria-busy') === 'false');
  const keys = await page.locator('#table-scores tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.key));
  assert.deepEqual(keys.sort(), ['Bộ phận Một cửa||2026', 'Phòng Tư pháp||2026', 'Phòng Tư pháp|Lê Thị Bình|2026',
    'Phòng Tư pháp|Trần Văn An|2026'].sort());

  // The print view names the rule set and lists the flags.
  await page.emulateMedia({ media: 'print' });
  assert.match(await text(page, '#print-rules'), /^Bộ quy tắc: .*toan-quoc-2026/);
  assert.equal(await page.locator('#print-score-flags li').count(), 4);
  await page.emulateMedia({ media: 'screen' });

  // Settings: each scoring parameter with its source; a delay costing 50 % makes An's year 86,39 points at most
  // (progress (4 + 0,5 + 0) / 6 = 75 %).
  await page.click('#open-settings');
  await page.waitForSelector('#settings');
  // The defaults shown are those of the 2026 rule set, not Bình Định 2023's.
  assert.equal(await text(page, '#set-rule-set'), 'Bộ quy tắc: Toàn quốc 2026 (Nghị định 335/2025) (năm đánh giá 2026)');
  const scoring = await text(page, '#set-scoring');
  assert.match(scoring, /Căn cứ: Nghị định 335\/2025\/NĐ-CP/);
  assert.match(scoring, /Căn cứ: Cách hiểu của Đúng Hẹn: /);
  assert.match(await text(page, '#settings'), /ngày làm việc cuối cùng đã qua/);
  await page.fill('#set-delay-penalty', '50');
  await page.locator('#set-delay-penalty').dispatchEvent('change');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#settings', { state: 'detached' });
  // The scores tab is selected; the new report's results open on the units tab.
  assert.equal(await page.getAttribute('#tab-scores', 'aria-selected'), 'true');
  await page.click('#check-again');
  await page.waitForSelector('#summary #card-dossiers');
  await page.waitForSelector('#tab-units[aria-selected="true"]');
  await page.click('#tab-scores');
  await page.fill('#search-scores', 'Trần Văn An');
  await page.selectOption('#tag-scores', 'year');
  await page.waitForFunction(() => document.querySelectorAll('#table-scores tbody tr').length === 1
    && document.querySelector('#table-scores tbody tr td:nth-child(12)')?.innerText === '86,39');
  assert.equal(await text(page, '#table-scores tbody tr td:nth-child(10)'), '75,0%');
  assert.deepEqual(errors, []);
  await page.close();
});

test('sample data: one click to results, with the guided tour', async () => {
  const { page, log, errors } = await open(context, origin);
  await page.click('#sample');
  await page.waitForSelector('#summary');
  assert.equal(await text(page, '#card-dossiers'), '25');
  assert.equal(await text(page, '#card-violations'), '4');
  await page.waitForSelector('#tour');
  assert.match(await text(page, '#tour'), /H08\.22-230414-0009/);
  await shot(page, '07-sample-tour.png');
  await page.click('#tour-show');
  await page.waitForSelector('#why-steps li');
  assert.match(await text(page, '#why-steps'), /Giỗ Tổ/);
  await page.keyboard.press('Escape');
  await page.click('#tour-next');
  assert.match(await text(page, '#tour .step'), /bước 2/);
  assert.deepEqual(log.after(), [], 'the sample is built in: no request');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a corrupt file gets a sentence and the app stays usable', async () => {
  const { page, errors } = await open(context, origin);
  await page.setInputFiles('#dossier-files', fx('broken/truncated.xlsx'));
  await page.fill('#as-of', '31/12/2023');
  await page.click('#continue');
  await page.waitForSelector('.file-error');
  assert.match(await text(page, '.file-error'), /bị hỏng hoặc không đọc được/);
  assert.ok(await page.locator('#run').isDisabled());
  await shot(page, '08-corrupt-file.png');
  // Remove it: back to the start, and the sample still runs.
  await page.click('.file-card button.link');
  await page.waitForSelector('.landing');
  await page.setInputFiles('#dossier-files', [fx('broken/encrypted.xlsx'), fx('broken/empty.csv')]);
  await page.click('#continue');
  await page.waitForSelector('.file-error');
  const msgs = (await page.locator('.file-error').allInnerTexts()).join('\n');
  assert.match(msgs, /mật khẩu/);
  assert.match(msgs, /rỗng/);
  // A ratings list whose columns are not known: its card says what a ratings list needs and quotes the file's
  // header row, so the user can rename the columns.
  await page.click('.brand');
  await page.waitForSelector('.landing');
  await page.setInputFiles('#dossier-files', fx('dossiers_2023.xlsx'));
  await page.setInputFiles('#ratings-file', { name: 'de_xuat.csv', mimeType: 'text/csv',
    buffer: Buffer.from('STT,Nhân sự,Bộ phận,Đề nghị\n1,Võ Minh Tuấn,Phòng Tư pháp,Hoàn thành tốt nhiệm vụ\n') });
  await page.click('#continue');
  const card = page.locator('.file-error', { hasText: 'de_xuat.csv' });
  await card.waitFor();
  const side = await card.innerText();
  assert.match(side, /cần một dòng tiêu đề có cột Mức xếp loại đề xuất/);
  assert.match(side, /Dòng 1 của tệp ghi: "STT", "Nhân sự", "Bộ phận", "Đề nghị"\./);
  await page.click('.brand');
  await page.click('#sample');
  await page.waitForSelector('#summary');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a reminder list with a sheet a year: its card shows the sheets and columns, and the user picks the sheet', async () => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([
    ['Họ và tên', 'Đơn vị', 'Ngày nhắc nhở', 'Số văn bản'], ['Lê Văn An', 'Phòng Tư pháp', '10/05/2021', '12/UBND']]), 'Nhắc nhở 2021');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([
    ['Họ và tên', 'Đơn vị', 'Ngày nhắc nhở'], ['Võ Minh Tuấn', 'Chi nhánh Văn phòng Đăng ký đất đai', '15/03/2022'], ['Trần Thị Bình', 'Phòng Nội vụ', '20/06/2022']]), 'Nhắc nhở 2022');
  const { page, errors } = await open(context, origin);
  await page.setInputFiles('#dossier-files', fx('dossiers_2023.xlsx'));
  await page.setInputFiles('#reminded-file', { name: 'nhac_nho.xlsx', mimeType: 'application/octet-stream',
    buffer: XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) });
  await page.fill('#as-of', '31/12/2023');
  await page.click('#continue');
  await page.waitForSelector('.review');
  const card = page.locator('.file-card[data-file="nhac_nho.xlsx"]');
  // Left to itself, the reader takes the sheet whose header names the most columns; the card says which, and
  // which columns it read as what.
  assert.equal(await card.locator('#reminded-sheet option:checked').innerText(), 'Tự động (Nhắc nhở 2021)');
  assert.match(await card.locator('.side-columns').innerText(), /Họ và tên = A "Họ và tên"; Đơn vị = B "Đơn vị"; Ngày nhắc nhở = C "Ngày nhắc nhở"; Số văn bản = D "Số văn bản"/);
  assert.match(await card.innerText(), /1 dòng, 0 bị loại/);
  // The user picks last year's sheet: read again, two reminders, and the card says the document column is missing.
  await card.locator('#reminded-sheet').selectOption('Nhắc nhở 2022');
  await page.waitForFunction(() => /2 dòng, 0 bị loại/.test(document.querySelector('.file-card[data-file="nhac_nho.xlsx"]')?.innerText || ''));
  assert.equal(await card.locator('#reminded-sheet option:checked').innerText(), 'Nhắc nhở 2022');
  // The automatic choice no longer names the sheet read: it would read the 2021 sheet.
  assert.equal(await card.locator('#reminded-sheet option[value=""]').innerText(), 'Tự động');
  assert.match(await card.innerText(), /Không có cột\s+Năm, Số văn bản/);
  // The check reads the same sheet: Võ Minh Tuấn, reminded in 2022 on it, is reminded last year in the ratings.
  await page.click('#run');
  await page.waitForSelector('#summary');
  await page.click('#tab-ratings');
  const row = page.locator('#table-ratings tbody tr', { hasText: 'Võ Minh Tuấn' }).first();
  await row.waitFor();
  const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
  // Reminded last year, a repeat with 4 late dossiers in 2023: at most "Hoàn thành nhiệm vụ" (the 2021 sheet
  // would have left him unreminded).
  assert.deepEqual(cells.slice(3, 7), ['4', 'Có', 'Có', 'Hoàn thành nhiệm vụ'], JSON.stringify(cells));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a renames workbook of two sheets: its card says which it read, what each line matches, and the user picks the sheet', async () => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([
    ['Tên đơn vị cũ', 'Tên đơn vị mới', 'Ngày hiệu lực'],
    ['Phong Tu phap huyen Tuy Phuoc', 'Phòng Tư pháp', '01/07/2025'],
    ['Kho bạc huyện Tuy Phước', 'Kho bạc khu vực', '01/03/2026']]), 'Sáp nhập 2025');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([
    ['Tên cũ', 'Tên mới'], ['Bộ phận Một cửa huyện Tuy Phước', 'Bộ phận Một cửa']]), 'Bổ sung');
  const { page, errors } = await open(context, origin);
  await page.setInputFiles('#dossier-files', fx('dossiers_2026.csv'));
  await page.setInputFiles('#reminded-file', fx('reminders_2025.csv'));
  await page.setInputFiles('#renames-file', { name: 'doi_ten.xlsx', mimeType: 'application/octet-stream',
    buffer: XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) });
  await page.fill('#as-of', '31/12/2026');
  await page.click('#continue');
  await page.waitForSelector('.review');
  const card = page.locator('.file-card[data-file="doi_ten.xlsx"]');
  // The sheet whose header names the most columns, said; each line with what it matches among the reminders (the
  // first typed without diacritics).
  assert.equal(await card.locator('#renames-sheet option:checked').innerText(), 'Tự động (Sáp nhập 2025)');
  const lines = card.locator('.rename-lines li');
  assert.equal(await lines.count(), 2);
  assert.equal(await lines.nth(0).getAttribute('data-status'), 'applied');
  assert.equal(await lines.nth(0).innerText(), 'Phong Tu phap huyen Tuy Phuoc → Phòng Tư pháp từ 01/07/2025 (dòng 2) — '
    + 'Đã áp dụng: áp dụng cho 2 dòng nhắc nhở và 0 dòng đề xuất xếp loại.');
  assert.equal(await lines.nth(1).getAttribute('data-status'), 'not_in_force');
  // The other sheet, chosen: read again, its line matches Phạm Văn Cường's unit.
  await card.locator('#renames-sheet').selectOption('Bổ sung');
  await page.waitForFunction(() => /Bộ phận Một cửa huyện Tuy Phước → Bộ phận Một cửa \(dòng 2\)/.test(
    document.querySelector('.file-card[data-file="doi_ten.xlsx"] .rename-lines')?.innerText || ''));
  assert.equal(await card.locator('#renames-sheet option:checked').innerText(), 'Bổ sung');
  assert.equal(await card.locator('.rename-lines li').count(), 1);
  await page.click('#run');
  await page.waitForSelector('#summary');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a panic in the worker is reported with details to copy, and a new worker takes over', async () => {
  const { page, log } = await open(context, origin, '#selftest');
  await page.click('#crash-test');
  await page.waitForSelector('#crash-details');
  assert.match(await text(page, '#crash-details'), /crash test/);
  assert.match(await text(page, '#notice'), /lỗi trong bộ xử lý/);
  await shot(page, '09-crash.png');
  await page.click('#sample');
  await page.waitForSelector('#summary');
  for (const r of log.after()) assert.ok(r.url.startsWith(origin), `after load, only this origin: ${r.url}`);
  await page.close();
});

test('a large file shows byte progress and Cancel stops the work', async () => {
  // 500 000 rows of CSV (≈ 55 MB), read in halves by two workers. How often the progress box moves is not judged
  // here (it depends on the machine): scripts/bench prints it (bench/browser.mjs, the largest gap between updates).
  const big = bigCsv('big.csv', 500000);
  const { page } = await open(context, origin);
  await page.setInputFiles('#dossier-files', big);
  await page.fill('#as-of', '31/12/2023');
  // Cancel as the progress box appears, from inside the page: the worker cannot have answered before the box is
  // drawn, however fast it reads.
  await page.evaluate(() => {
    const watch = new MutationObserver(() => {
      const cancel = document.querySelector('#progress #cancel');
      if (!cancel) return;
      watch.disconnect();
      self.progressShown = document.querySelector('#progress').innerText;
      cancel.click();
    });
    watch.observe(document.body, { childList: true, subtree: true });
  });
  await page.click('#continue');
  await page.waitForFunction(() => /Đã hủy/.test(document.querySelector('#notice')?.innerText || ''));
  assert.ok(await page.evaluate(() => self.progressShown), 'the progress box was shown');
  assert.equal(await page.locator('#progress').count(), 0);
  assert.equal(await page.locator('.review').count(), 0, 'the cancelled review does not show');
  // A new worker took over: it says when it is loaded.
  await page.waitForSelector(READY);
  // The page and the new worker still work: read the same file to the end. Everything the progress box says (the
  // stage, the bytes or rows) is recorded in the page as it changes, until the review shows.
  await page.evaluate(() => {
    self.progressSeen = [];
    const said = () => {
      const box = document.querySelector('#progress');
      const t = box ? [...box.querySelectorAll('strong, .rows, .bytes')].map((e) => e.textContent).join(' | ')
        : document.querySelector('.review') ? 'review' : '';
      if (t && t !== self.progressSeen.at(-1)?.t) self.progressSeen.push({ t });
    };
    new MutationObserver(said).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.click('#continue');
  await page.waitForSelector('.review', { timeout: LONG });
  const seen = await page.evaluate(() => self.progressSeen);
  const said = JSON.stringify(seen.map((s) => s.t));
  assert.equal(seen.at(-1).t, 'review', said);
  // Bytes first, then rows; never back to the bytes once the rows are read.
  const stage = (s) => (/ dòng$/.test(s.t) ? 'rows' : / MB$| B$| KB$/.test(s.t) ? 'bytes' : 'other');
  const firstRows = seen.findIndex((s) => stage(s) === 'rows');
  assert.ok(seen.findIndex((s) => stage(s) === 'bytes') >= 0 && firstRows >= 0, said);
  assert.ok(seen.slice(firstRows).every((s) => stage(s) !== 'bytes'), said);
  // While rows are read the page shows the total estimated from the bytes read (≈), exact at the end; read in
  // halves, the rows read are an estimate too (the first worker's count, doubled), never past the total.
  assert.ok(seen.some((s) => /^[^|]*\| ≈[\d.]+ \/ ≈[45]\d\d\.\d{3} dòng$/.test(s.t)), said);
  assert.match(await text(page, '.file-card .counts'), /500000 dòng: 500000 hồ sơ/);
  // A text log this big is read in halves by two workers at once, and joined (src/ingest/halves.rs).
  const halves = await Promise.all(page.workers().map((w) => w.evaluate(() => self.dunghenHalves || null).catch(() => null)));
  assert.ok(halves.some((h) => h && h.joined && h.split > 0), JSON.stringify(halves));
  // The check uses the table the review read, and the page gets a small result: no dossier list.
  await page.click('#run');
  await page.waitForSelector('#summary', { timeout: LONG });
  assert.equal(await text(page, '#card-dossiers'), '500.000');
  // The check's progress counts dossiers, never bytes (the report stage once showed "0 B / 488,3 KB").
  const checking = (await page.evaluate(() => self.progressSeen)).slice(seen.length);
  const checkSaid = JSON.stringify(checking.map((s) => s.t));
  assert.ok(checking.length >= 2 && checking.every((s) => stage(s) !== 'bytes'), checkSaid);
  assert.ok(checking.every((s) => !s.t.includes('|') || /^[^|]*\| ([\d.]+ \/ )?500\.000 hồ sơ$/.test(s.t)), checkSaid);
  const sent = await Promise.all(page.workers().map((w) => w.evaluate(() => self.dunghenLastCheck?.json_bytes || 0)));
  const bytes = Math.max(...sent);
  assert.ok(bytes > 0 && bytes < 50_000, `the check sent ${bytes} bytes of JSON`);

  // The dossier tab pages, sorts and searches in the worker: 10,000 pages of 50.
  await page.click('#tab-dossiers');
  const table = '#table-dossiers';
  const settled = () => page.waitForFunction((t) => document.querySelector(t)?.getAttribute('aria-busy') === 'false', table);
  const firstKey = () => page.locator(`${table} tbody tr`).first().getAttribute('data-key');
  await page.waitForSelector(`${table} tbody tr`);
  assert.equal(await text(page, `${table} .count`), '500.000 / 500.000 dòng');
  assert.equal(await page.locator(`${table} tbody tr`).count(), 50);
  assert.equal(await firstKey(), 'HS-0');
  await page.click(`${table} .pager button[aria-label="Trang sau"]`);
  await settled();
  assert.match(await text(page, `${table} .pager span`), /Trang 2 \/ 10000/);
  assert.equal(await firstKey(), 'HS-50');
  // Working days late, most first: the first row is the latest of all, and the sort holds on the last page.
  await page.click(`${table} th:nth-child(8) button`);
  await page.click(`${table} th:nth-child(8) button`);
  await settled();
  assert.equal(await page.getAttribute(`${table} th:nth-child(8)`, 'aria-sort'), 'descending');
  const lates = async () => (await page.locator(`${table} tbody tr td:nth-child(8)`).allInnerTexts()).map(Number);
  const top = await lates();
  assert.ok(top.every((n, i) => i === 0 || top[i - 1] >= n), top.join(','));
  await page.click(`${table} .pager button[aria-label="Trang cuối"]`);
  await settled();
  assert.match(await text(page, `${table} .pager span`), /Trang 10000 \/ 10000/);
  const bottom = await lates();
  assert.ok(bottom.every((n) => n <= top.at(-1)), `last page ${bottom.join(',')} after ${top.join(',')}`);
  await shot(page, '11-big-results.png');
  // Search: one dossier of 500,000; the count and the pager follow.
  await page.fill('#search-dossiers', 'HS-499999');
  await page.waitForFunction((t) => document.querySelector(`${t} .count`)?.innerText === '1 / 500.000 dòng', table);
  assert.equal(await firstKey(), 'HS-499999');
  assert.match(await text(page, `${table} .pager span`), /Trang 1 \/ 1/);
  // Its row number is the whole file's, although the second worker read it (the header is row 1).
  assert.match(await text(page, `${table} tbody tr td:nth-child(9)`), /big\.csv · 500001$/);
  await page.close();
});

/** Saves the download a click on `selector` starts, and returns its path under test-output/. */
async function download(page, selector, name) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.click(selector)]);
  const to = path.join(shots, name);
  await file.saveAs(to);
  return to;
}

/** The rows of a CSV text (commas, quotes doubled; the BOM dropped). */
function csvRows(text) {
  const rows = [[]];
  let cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rows.at(-1).push(cell); cell = ''; }
    else if (c === '\n') { rows.at(-1).push(cell.replace(/\r$/, '')); cell = ''; rows.push([]); }
    else if (c !== '\ufeff' || i > 0) cell += c;
  }
  if (cell || rows.at(-1).length) rows.at(-1).push(cell); else rows.pop();
  return rows;
}

test('a 200,000-row log: its xlsx and JSON exports come in parts and read back whole', async () => {
  // Issue 22: the exports of a big check are handed over in parts (4 MB each) joined into one Blob by the page;
  // read back, every dossier is in them once.
  const N = 200000;
  const big = bigCsv('export-big.csv', N);
  const { page, errors } = await open(context, origin);
  await page.setInputFiles('#dossier-files', big);
  await page.fill('#as-of', '31/12/2023');
  await page.click('#continue');
  await page.waitForSelector('.review', { timeout: LONG });
  await page.click('#run');
  await page.waitForSelector('#summary', { timeout: LONG });
  assert.equal(await text(page, '#card-dossiers'), '200.000');

  const jpath = await download(page, '#export-json', 'export-big.json');
  assert.ok(fs.statSync(jpath).size > 8 << 20, 'the JSON is big enough to come in parts');
  const report = JSON.parse(fs.readFileSync(jpath, 'utf8'));
  assert.equal(report.summary.dossiers, N);
  assert.equal(report.dossiers.length, N);
  assert.equal(new Set(report.dossiers.map((d) => d.code)).size, N);
  assert.ok(report.dossiers.every((d) => d.explanation === undefined), 'no per-dossier explanations unless asked');

  const xpath = await download(page, '#export-xlsx', 'export-big.xlsx');
  const book = XLSX.readFile(xpath, { dense: true, sheets: 'Hồ sơ' });
  assert.ok(!book.SheetNames.includes('Hồ sơ (2)'), book.SheetNames.join(', '));
  const rows = XLSX.utils.sheet_to_json(book.Sheets['Hồ sơ'], { header: 1 });
  const codes = rows.map((r) => r[1]).filter((c) => typeof c === 'string' && c.startsWith('HS-'));
  assert.equal(codes.length, N);
  assert.equal(new Set(codes).size, N);
  // The late list of the same check: as many rows as the report's late and overdue dossiers.
  const lateBook = XLSX.readFile(xpath, { dense: true, sheets: 'Hồ sơ trễ hạn' });
  const late = XLSX.utils.sheet_to_json(lateBook.Sheets['Hồ sơ trễ hạn'], { header: 1 })
    .filter((r) => typeof r[1] === 'string' && r[1].startsWith('HS-'));
  assert.equal(late.length, report.summary.late + report.summary.pending_overdue);

  // The smaller choice: without the list of every dossier, the late list stays.
  await page.check('#export-without-dossiers');
  const lean = XLSX.readFile(await download(page, '#export-xlsx', 'export-big-lean.xlsx'), { bookSheets: true });
  assert.ok(!lean.SheetNames.includes('Hồ sơ') && lean.SheetNames.includes('Hồ sơ trễ hạn'), lean.SheetNames.join(', '));
  assert.deepEqual(errors, []);
  await page.close();
});

test('names that look like formulas: inert in the CSV downloads, text in the xlsx, raw in the JSON', async () => {
  // Issue 22 (CSV injection): each hostile value as a procedure, a unit and an officer, every dossier late.
  const HOSTILE = ['=HYPERLINK("http://x","Bấm vào")', '@SUM(1+1)', "+cmd|' /C calc'!A0", '-2+3'];
  const field = (v) => `"${v.replaceAll('"', '""')}"`;
  const lines = ['Mã hồ sơ,Tên thủ tục,Cơ quan thụ lý,Cán bộ xử lý,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành'];
  HOSTILE.forEach((v, i) => lines.push(`HS-${i},${field(v)},${field(v)},${field(v)},01/03/2023,10/03/2023,20/03/2023`));
  const log = path.join(shots, 'cong-thuc.csv');
  fs.mkdirSync(shots, { recursive: true });
  fs.writeFileSync(log, lines.join('\n'));
  const { page, errors } = await open(context, origin);
  await page.setInputFiles('#dossier-files', log);
  await page.fill('#as-of', '31/12/2023');
  await page.click('#continue');
  await page.waitForSelector('.review');
  await runToResults(page);
  assert.equal(await text(page, '#card-dossiers'), '4');

  await page.click('#export-csv');
  await page.waitForSelector('.downloads a');
  const names = await page.locator('.downloads a').evaluateAll((as) => as.map((a) => a.getAttribute('download')));
  const read = {};
  for (const want of ['ho-so.csv', 'don-vi.csv', 'can-bo.csv']) {
    const i = names.findIndex((n) => n.endsWith(`-${want}`));
    assert.ok(i >= 0, names.join(', '));
    read[want] = csvRows(fs.readFileSync(await download(page, `.downloads li:nth-child(${i + 1}) a`, `inert-${want}`), 'utf8'));
  }
  for (const [name, columns] of [['ho-so.csv', [2, 4, 5]], ['don-vi.csv', [1]], ['can-bo.csv', [1, 2]]]) {
    const rows = read[name];
    for (const v of HOSTILE) {
      for (const c of columns) assert.ok(rows.some((r) => r[c] === `'${v}`), `${name}, column ${c}: no '${v}`);
    }
    for (const r of rows) for (const cell of r) assert.ok(!/^[=+\-@\t\r]/.test(cell), `${name}: a live formula ${cell}`);
  }
  // Numbers stay numbers: the list's working days late.
  const head = read['ho-so.csv'][0];
  const lateDays = head.findIndex((h) => h === 'Số ngày làm việc trễ');
  assert.ok(lateDays > 0 && read['ho-so.csv'].slice(1).every((r) => /^\d+$/.test(r[lateDays])), head.join('|'));

  // The xlsx: the values as text cells (shared strings), no formula anywhere.
  const zip = unzip(fs.readFileSync(await download(page, '#export-xlsx', 'inert.xlsx')));
  const strings = XLSX.read(fs.readFileSync(path.join(shots, 'inert.xlsx')), { dense: true });
  const cells = strings.SheetNames.flatMap((s) => XLSX.utils.sheet_to_json(strings.Sheets[s], { header: 1 }).flat());
  for (const v of HOSTILE) assert.ok(cells.includes(v), `xlsx: no text ${v}`);
  for (const [name, body] of Object.entries(zip)) {
    if (name.startsWith('xl/worksheets/')) assert.ok(!body.toString('utf8').includes('<f>'), `${name} holds a formula`);
  }
  // The JSON keeps the raw values.
  const report = JSON.parse(fs.readFileSync(await download(page, '#export-json', 'inert.json'), 'utf8'));
  for (const v of HOSTILE) assert.ok(report.dossiers.some((d) => d.officer?.display === v || d.officer === v), `json: ${v}`);
  assert.deepEqual(errors, []);
  await page.close();
});
