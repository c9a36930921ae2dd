// The release folder (scripts/release, issue 6): every file in SHA256SUMS with the right hash, and the app served
// from app/ (hashed pkg/ names) works: the full app's sample and the element on the example intranet page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { start, stop, shot, root } from './helpers.mjs';

const version = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const rel = path.join(root, 'dist', 'release', `dunghen-${version}`);
const app = path.join(rel, 'app');
let server, origin, context, dir;

before(async () => {
  if (!fs.existsSync(path.join(rel, 'SHA256SUMS'))) throw new Error(`${rel} is missing: run scripts/release`);
  // Served as docs/deploy.md's servers do: the release's .br/.gz files as they are (the browser decodes them).
  ({ server, origin, context, dir } = await start(app, { compressed: true }));
});

after(() => stop({ server, context, dir }));

test('the release folder: SHA256SUMS covers every file, hashed names under pkg/, server settings beside the app', () => {
  const listed = fs.readFileSync(path.join(rel, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => l.split(/\s+\*?/));
  const all = [];
  const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); e.isDirectory() ? walk(p) : all.push(path.relative(rel, p)); } };
  walk(rel);
  assert.deepEqual(listed.map(([, f]) => f).sort(), all.filter((f) => f !== 'SHA256SUMS').sort());
  for (const [sum, f] of listed) {
    assert.equal(crypto.createHash('sha256').update(fs.readFileSync(path.join(rel, f))).digest('hex'), sum, f);
  }
  const pkg = fs.readdirSync(path.join(app, 'pkg')).filter((f) => !f.startsWith('.') && !/\.(br|gz)$/.test(f));
  assert.equal(pkg.length, 2, pkg.join(', '));
  assert.ok(pkg.every((f) => /^dunghen(_bg)?\.[0-9a-f]{12}\.(js|wasm)$/.test(f)), pkg.join(', '));
  // Each served text or wasm file has its brotli and gzip copies beside it, which decompress to it (issue 22).
  for (const f of [...pkg.map((p) => `pkg/${p}`), 'index.html', 'main.js', 'worker.js', 'style.css', 'dunghen-embed.js']) {
    const bytes = fs.readFileSync(path.join(app, f));
    assert.ok(zlib.brotliDecompressSync(fs.readFileSync(path.join(app, `${f}.br`))).equals(bytes), `${f}.br`);
    assert.ok(zlib.gunzipSync(fs.readFileSync(path.join(app, `${f}.gz`))).equals(bytes), `${f}.gz`);
  }
  for (const f of ['dunghen.html', 'docs/deploy.md', 'app/web.config', 'app/.htaccess', 'app/pkg/.htaccess', 'server/nginx.conf', 'app/example-intranet.html', 'app/dunghen-embed.js']) {
    assert.ok(fs.existsSync(path.join(rel, f)), f);
  }
  assert.match(fs.readFileSync(path.join(app, 'web.config'), 'utf8'), /mimeMap fileExtension="\.wasm" mimeType="application\/wasm"/);
  assert.ok(fs.existsSync(`${rel}.tar.gz`) && fs.existsSync(`${rel}.tar.gz.sha256`));
});

test('served from the release: the full app runs the sample, the element runs on the example intranet page', async () => {
  const page = await context.newPage();
  const log = [];
  context.on('request', (r) => log.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/`);
  await page.click('#sample');
  await page.waitForSelector('#summary');
  assert.equal(await page.locator('#card-dossiers').innerText(), '25');
  await page.goto(`${origin}/example-intranet.html`);
  await page.click('dung-hen #sample');
  await page.waitForSelector('dung-hen #summary');
  assert.equal(await page.locator('dung-hen #card-violations').innerText(), '4');
  assert.match(await page.locator('#last-check').innerText(), /25 hồ sơ/);
  await shot(page, 'release-01-intranet.png');
  assert.ok(log.some((u) => /\/pkg\/dunghen_bg\.[0-9a-f]{12}\.wasm$/.test(u)), 'the hashed wasm was loaded');
  for (const u of log) assert.ok(u.startsWith(origin) || u.startsWith('blob:'), `request to another origin: ${u}`);
  assert.deepEqual(errors, []);
  await page.close();
});
