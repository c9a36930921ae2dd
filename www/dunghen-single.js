// The start of the single-file build (dist/dunghen.html, scripts/build-single), after the wasm-bindgen glue
// (--target no-modules, which defines `wasm_bindgen`). Opened from a USB stick (file://) nothing can be fetched,
// so the wasm comes base64-encoded from a data block of the page and the worker from a Blob URL made of the
// worker's source (the same glue + www/worker.js), also a data block. Then the same app as the served one.
(async () => {
  const loading = document.getElementById('loading');
  try {
    const b64 = document.getElementById('dunghen-wasm').textContent.replace(/\s+/g, '');
    const bytes = typeof Uint8Array.fromBase64 === 'function'
      ? Uint8Array.fromBase64(b64)
      : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const module = await WebAssembly.compile(bytes);
    globalThis.dunghenWasmModule = module;
    const src = document.getElementById('dunghen-worker').textContent;
    // Also for the worker, which starts a second worker from it (www/worker.js, startHelper).
    globalThis.dunghenWorkerSource = src;
    globalThis.dunghenWorkerUrl = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
    await wasm_bindgen({ module_or_path: module });
    loading?.remove();
    wasm_bindgen.start_app();
  } catch (err) {
    if (loading) {
      loading.textContent = 'Không tải được ứng dụng (trình duyệt cần hỗ trợ WebAssembly và Web Worker). / ' +
        'The app could not load (the browser needs WebAssembly and Web Workers): ' + err;
      loading.className = 'loading error';
    }
    throw err;
  }
})();
