// Accessibility (axe-core 4, in the page) on every screen of the app in Chromium: the main flow of flow.mjs
// (landing, review, results with each tab, "Vì sao?", the exports, print view, settings, the sample and its tour),
// and the app inside the <dung-hen> element of the example intranet page. No violation of impact serious or
// critical may remain. Firefox runs the same check in firefox.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, stop, open, shot, axeViolations } from './helpers.mjs';
import { mainFlow, playwrightDriver } from './flow.mjs';

let server, origin, context, dir;

before(async () => ({ server, origin, context, dir } = await start()));
after(() => stop({ server, context, dir }));

const report = (found) => found.map(({ screen, v }) => `${screen}:\n${v.map((x) => `  ${x.impact} ${x.id}: ${x.help}\n    ${x.nodes.join('\n    ')}`).join('\n')}`).join('\n');

test('every screen of the app passes axe-core in Chromium (no serious or critical violation)', async () => {
  const { page, errors } = await open(context, origin);
  const found = [];
  const screens = [];
  await mainFlow(playwrightDriver(page), async (screen) => {
    screens.push(screen);
    const v = await axeViolations(page);
    if (v.length) found.push({ screen, v });
  });
  assert.ok(screens.length >= 12, screens.join(', '));
  assert.equal(found.length, 0, report(found));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the app inside the <dung-hen> element passes axe-core in Chromium', async () => {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/example-intranet.html`);
  await page.waitForSelector('dung-hen[data-worker="ready"]');
  const within = ['dung-hen', '.dh-root'];
  const found = [];
  const check = async (screen) => {
    const v = await axeViolations(page, within);
    if (v.length) found.push({ screen, v });
  };
  await check('element: landing');
  await page.click('dung-hen #sample');
  await page.waitForSelector('dung-hen #tour');
  await check('element: sample results and tour');
  await page.click('dung-hen #tour-show');
  await page.waitForSelector('dung-hen #why-steps li');
  await check('element: why panel');
  await page.keyboard.press('Escape');
  await page.waitForSelector('dung-hen #why', { state: 'detached' });
  await page.click('dung-hen #open-settings');
  await page.waitForSelector('dung-hen #settings');
  await check('element: settings');
  await shot(page, 'a11y-element-settings.png');
  assert.equal(found.length, 0, report(found));
  assert.deepEqual(errors, []);
  await page.close();
});
