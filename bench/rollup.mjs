// The roll-up in the browser (issue 21: 500 agencies' reports of a province in under 2 s). The reports are those
// `cargo run --release --example bench_rollup -- 500 DIR` writes (each a real check of a generated agency log, as
// the CLI's JSON); the page is the app in Tổng hợp mode, in headless Chromium. Timed from the click on "Tổng hợp"
// (the files already chosen) to the province's table in the document, and separately the choosing of the files
// (the page reads no bytes then: the worker reads them when the roll-up starts).
// Usage: node bench/rollup.mjs DIR   Prints one JSON line (the median of three runs).
import fs from 'node:fs';
import path from 'node:path';
import { start, stop, open } from '../tests/e2e/helpers.mjs';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/rollup.mjs DIR (the reports of bench_rollup)');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
const mb = files.reduce((s, f) => s + fs.statSync(f).size, 0) / 1048576;

const env = await start();
const runs = [];
try {
  for (let i = 0; i < 3; i++) {
    const { page } = await open(env.context, env.origin);
    await page.click('#mode-rollup');
    const t0 = Date.now();
    await page.setInputFiles('#report-files', files);
    await page.waitForFunction((n) => document.querySelectorAll('ul.files li').length === n, files.length);
    const chosen = Date.now();
    await page.click('#rollup-run');
    await page.waitForSelector('#province', { timeout: 120_000 });
    const done = Date.now();
    const summed = await page.locator('#rollup-meta').innerText();
    runs.push({ choose_s: (chosen - t0) / 1000, rollup_s: (done - chosen) / 1000, summed });
    await page.close();
  }
} finally {
  await stop(env);
}
runs.sort((a, b) => a.rollup_s - b.rollup_s);
const m = runs[1];
console.log(JSON.stringify({ engine: 'rollup_browser', reports: files.length, mb: Number(mb.toFixed(1)), choose_s: m.choose_s, rollup_s: m.rollup_s, meta: m.summed }));
