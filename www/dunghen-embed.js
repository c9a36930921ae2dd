// Đúng Hẹn for other pages (issue 6): the <dung-hen> element and the JS API `DungHen`, from this one script.
//
//   <script src="/dunghen/dunghen-embed.js" defer></script>
//   <dung-hen lang="vi" profile="binh-dinh-2023" as-of="2023-12-31" compact></dung-hen>
//
//   const report = await DungHen.check([file], { asOf: '2023-12-31', reminded, ratings, renames });  // dunghen.report/1
//
// Everything else (pkg/dunghen.js, pkg/dunghen_bg.wasm, worker.js, dunghen-embed.css) is loaded from the
// directory this script was loaded from, once, when the first element appears or the API is first called.
// The app renders inside the element's shadow root: the page's CSS does not reach it (nothing is inherited
// either: the element resets itself with `all: initial`), and it adds no style, no global other than `DungHen`
// and does not touch the page's own elements (not even <html lang>). The check runs in a Web Worker; files
// never leave the computer. A classic script (works with or without `defer`, or as type="module").
(() => {
  'use strict';
  if (globalThis.DungHen) return;

  const VERSION = '__DUNGHEN_VERSION__'; // filled in by scripts/build-web
  const script = document.currentScript ||
    Array.from(document.querySelectorAll('script[src]')).find((s) => /dunghen-embed[^/]*\.js(\?|#|$)/.test(s.src));
  const base = new URL('.', script ? script.src : location.href);
  const url = (p) => new URL(p, base).href;

  // --- the wasm module: compiled once, shared by every element, the API's worker and the elements' workers ---
  let compiled = null;
  function compile() {
    if (!compiled) {
      compiled = (async () => {
        const res = await fetch(url('pkg/dunghen_bg.wasm'));
        if (!res.ok) throw new Error(`pkg/dunghen_bg.wasm: HTTP ${res.status} (see docs/deploy.md)`);
        try {
          return await WebAssembly.compileStreaming(res.clone());
        } catch (e) {
          // A server that sends .wasm without "application/wasm" (see docs/deploy.md): slower, but it works.
          console.warn('Đúng Hẹn: .wasm is not served as application/wasm; compiling from bytes.', e);
          return WebAssembly.compile(await res.arrayBuffer());
        }
      })();
      compiled.catch(() => { compiled = null; });
    }
    return compiled;
  }

  // The wasm-bindgen glue on this page (the elements render with it; the API needs only the worker).
  let glueReady = null;
  function glue() {
    if (!glueReady) {
      glueReady = (async () => {
        const [module, g] = await Promise.all([compile(), import(url('pkg/dunghen.js'))]);
        await g.default({ module_or_path: module });
        return { g, module };
      })();
      glueReady.catch(() => { glueReady = null; });
    }
    return glueReady;
  }

  const msgOf = (e) => {
    try {
      const m = JSON.parse(e);
      if (m && m.vi && m.en) return m;
    } catch (_) { /* not a Msg */ }
    const s = String(e && e.message || e);
    return { vi: s, en: s };
  };

  // --- the element ---
  const ATTRS = ['lang', 'profile', 'as-of', 'agency', 'place'];

  class DungHenElement extends HTMLElement {
    static get observedAttributes() { return ATTRS; }

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = url('dunghen-embed.css');
      this._css = new Promise((resolve) => { css.onload = resolve; css.onerror = resolve; });
      this._box = document.createElement('div');
      this._box.className = 'dh-root';
      this._box.setAttribute('part', 'app');
      root.append(css, this._box);
      this._mounted = null;
      this._pending = null;
    }

    connectedCallback() { this._schedule(); }

    disconnectedCallback() {
      // Moving the element (remove + insert in one task) keeps the app; leaving the page ends it.
      queueMicrotask(() => { if (!this.isConnected) this._unmount(); });
    }

    attributeChangedCallback(name, old, value) {
      if (old !== value && this.isConnected) this._schedule();
    }

    _options() {
      const o = {};
      for (const a of ATTRS) if (this.hasAttribute(a)) o[a.replace('-', '_')] = this.getAttribute(a);
      return o;
    }

    _schedule() {
      if (this._pending) return;
      this._pending = Promise.resolve().then(() => this._mount()).finally(() => { this._pending = null; });
    }

    // The app's root says whether its worker has loaded (`data-worker="loading"` / `"ready"`, set by the app on
    // the worker's "ready" message); the element carries the same attribute, for the host page and the tests.
    _mirrorWorker() {
      const copy = () => {
        const v = this._box.querySelector('.app')?.getAttribute('data-worker');
        if (v && this.getAttribute('data-worker') !== v) this.setAttribute('data-worker', v);
      };
      this._watch = new MutationObserver(copy);
      this._watch.observe(this._box, { subtree: true, childList: true, attributeFilter: ['data-worker'] });
      copy();
    }

    _unmount() {
      this._watch?.disconnect();
      this._watch = null;
      this.removeAttribute('data-worker');
      if (this._mounted) {
        this._mounted.destroy();
        this._mounted = null;
      }
    }

    _say(text, cls) {
      const p = document.createElement('p');
      p.className = cls;
      p.textContent = text;
      this._box.replaceChildren(p);
    }

    async _mount() {
      if (!this.isConnected) return;
      const en = (this.getAttribute('lang') || '').toLowerCase().startsWith('en');
      this._unmount();
      if (!this._box.firstChild) this._say(en ? 'Loading Đúng Hẹn…' : 'Đang tải Đúng Hẹn…', 'loading');
      try {
        const [{ g, module }] = await Promise.all([glue(), this._css]);
        if (!this.isConnected) return;
        this._box.replaceChildren();
        const onChecked = (json) => {
          this.dispatchEvent(new CustomEvent('dunghen-checked', { detail: JSON.parse(json), bubbles: true, composed: true }));
        };
        this._mounted = g.mount_into(this._box, JSON.stringify(this._options()), url('worker.js'), module, onChecked);
        this._mirrorWorker();
        this.dispatchEvent(new CustomEvent('dunghen-ready', { detail: { version: VERSION }, bubbles: true, composed: true }));
      } catch (e) {
        const m = msgOf(e);
        this._say(en ? `Đúng Hẹn could not start: ${m.en}` : `Không mở được Đúng Hẹn: ${m.vi}`, 'loading error');
        this.dispatchEvent(new CustomEvent('dunghen-error', { detail: m, bubbles: true, composed: true }));
      }
    }
  }

  // --- the JS API: DungHen.check(files, options) → the dunghen.report/1 contract, computed in a worker ---
  let worker = null;
  let nextId = 1;
  const waiting = new Map();

  function failAll(err) {
    for (const { reject } of waiting.values()) reject(err);
    waiting.clear();
  }

  async function apiWorker() {
    if (worker) return worker;
    const module = await compile();
    if (worker) return worker;
    const w = new Worker(url('worker.js'), { type: 'module' });
    // Settled when the worker (and its spare second worker) has loaded its scripts and the wasm: `DungHen.ready()`.
    let loaded;
    w.loaded = new Promise((resolve, reject) => { loaded = { resolve, reject }; });
    w.loaded.catch(() => {});
    w.onmessage = (e) => {
      const m = e.data;
      if (m.type === 'ready') return loaded.resolve();
      const job = waiting.get(m.id);
      if (m.type === 'crashed') {
        loaded.reject(new Error(`Đúng Hẹn: the worker could not start: ${m.details}`));
        // A wasm trap leaves the worker unusable: drop it; the next call starts a new one.
        w.terminate();
        if (worker === w) worker = null;
        const err = Object.assign(new Error(`Đúng Hẹn: the check crashed: ${m.details}`), { details: m.details });
        if (job) { waiting.delete(m.id); job.reject(err); } else failAll(err);
        return;
      }
      if (!job) return;
      // The worker's replies (src/web/protocol.rs `Reply`): the contract as JSON text, or a sentence.
      if (m.type === 'report') {
        waiting.delete(m.id);
        try { job.resolve(JSON.parse(m.json)); } catch (err) { job.reject(err); }
      } else if (m.type === 'failed') {
        waiting.delete(m.id);
        const { vi, en } = m.error;
        job.reject(Object.assign(new Error(en), { vi, en }));
      }
    };
    w.onerror = (e) => {
      e.preventDefault();
      w.terminate();
      if (worker === w) worker = null;
      loaded.reject(new Error(`Đúng Hẹn: the worker failed: ${e.message}`));
      failAll(new Error(`Đúng Hẹn: the worker failed: ${e.message}`));
    };
    w.postMessage({ cmd: 'init', module });
    worker = w;
    return w;
  }

  let unnamed = 0;
  function input(x, role) {
    if (x == null) return null;
    if (typeof Blob !== 'undefined' && x instanceof Blob) {
      return { name: x.name || `tep-${++unnamed}.xlsx`, role, file: x };
    }
    if (x instanceof ArrayBuffer || ArrayBuffer.isView(x)) x = { bytes: x };
    if (typeof x === 'object' && (x.bytes || x.file)) {
      if (x.file) return { name: x.name || x.file.name || `tep-${++unnamed}`, role, file: x.file };
      const b = x.bytes;
      const bytes = b instanceof Uint8Array ? b : ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
      return { name: x.name || `tep-${++unnamed}`, role, bytes };
    }
    throw new TypeError('DungHen.check: a file is a File or Blob, an ArrayBuffer or Uint8Array, or {name, bytes}');
  }

  const iso = (d) => d instanceof Date
    ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    : d == null ? null : String(d);

  async function check(files, options = {}) {
    const list = (Array.isArray(files) || (typeof FileList !== 'undefined' && files instanceof FileList))
      ? Array.from(files) : [files];
    const inputs = list.map((f) => input(f, 'dossiers'));
    // The side lists; `renames`: the renamed or merged units (old name, new name, effective date).
    for (const role of ['reminded', 'ratings', 'renames']) {
      const x = input(options[role], role);
      if (x) inputs.push(x);
    }
    const opts = {
      profile: options.profile ?? null,
      // The library never reads a clock: the as-of date defaults to today on this computer, here.
      asOf: iso(options.asOf) || iso(new Date()),
      year: options.year ?? null,
      sheet: options.sheet ?? null,
      remindedSheet: options.remindedSheet ?? null,
      ratingsSheet: options.ratingsSheet ?? null,
      renamesSheet: options.renamesSheet ?? null,
      monthFirst: !!options.monthFirst,
      explain: !!options.explain,
      // The document the agency relies on to apply a rule set to a year it does not cover (--carry-forward).
      carryForward: options.carryForward ?? null,
      // Who the report is from: it travels in the report's provenance (a roll-up sums by it).
      agency: options.agency ?? null,
      place: options.place ?? null,
    };
    const w = await apiWorker();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      // A request `report` (src/web/protocol.rs): the files as they are (worker.js reads them), the options.
      w.postMessage({ cmd: 'report', id, files: inputs, options: opts });
    });
  }

  globalThis.DungHen = Object.freeze({
    version: VERSION,
    /** The directory the app's files are loaded from. */
    base: base.href,
    check,
    /** Compiles the wasm and starts the API's worker ahead of the first `check` (optional: it waits by itself);
     * resolves once the worker and its spare second worker have loaded their scripts and the wasm. */
    ready: () => apiWorker().then((w) => w.loaded),
    Element: DungHenElement,
  });
  if (!customElements.get('dung-hen')) customElements.define('dung-hen', DungHenElement);
})();
