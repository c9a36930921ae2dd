// Where the renderer's memory goes (issue 7): the app's path for one file (file input → review → check → the
// dossier tab's open, sort, last page and search), with the largest Chromium renderer's resident memory (MB) after
// each step, and the peak with its time (ms from the start). Usage: node bench/memory.mjs FILE [APP_FOLDER]
// (the app from dist/ unless told: another build's folder, e.g. main's, for a before/after).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browser, serve, open, rendererMemory } from '../tests/e2e/helpers.mjs';
const file = process.argv[2];
const rss = () => Math.round(rendererMemory());
const app = path.resolve(process.argv[3] || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
const { server, origin } = await serve(app);
const { context, dir } = await browser();
const { page } = await open(context, origin);
await page.fill('#as-of', '30/06/2024');
const t0 = Date.now(); let peak = [0, 0]; const marks = [];
const timer = setInterval(() => { const r = rss(); if (r > peak[0]) peak = [r, Date.now() - t0]; }, 20);
const mark = (m) => marks.push([Date.now() - t0, m, rss()]);
mark('start');
await page.setInputFiles('#dossier-files', file); mark('set');
await page.click('#continue'); await page.waitForSelector('.review', { timeout: 600000 }); mark('review');
await page.click('#run'); await page.waitForSelector('#summary', { timeout: 600000 }); mark('summary');
await new Promise((r) => setTimeout(r, 1000)); mark('+1s');
const table = '#table-dossiers';
await page.click('#tab-dossiers'); await page.waitForSelector(`${table} tbody tr`); mark('tab');
await page.click(`${table} th:nth-child(8) button`); await new Promise((r) => setTimeout(r, 800)); mark('sort');
await page.click(`${table} .pager button[aria-label="Trang cuối"]`); await new Promise((r) => setTimeout(r, 500)); mark('last');
await page.fill('#search-dossiers', 'khong co ma nay'); await new Promise((r) => setTimeout(r, 1200)); mark('search');
clearInterval(timer);
for (const [ms, step, mb] of marks) console.log(`${String(ms).padStart(6)} ms  ${step.padEnd(8)} ${mb} MB`);
console.log(`peak ${peak[0]} MB at ${peak[1]} ms`);
await context.close(); server.close(); fs.rmSync(dir, { recursive: true, force: true });
