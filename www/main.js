// Loads the app: compiles the wasm once (the worker gets the same compiled module, so nothing is fetched twice)
// and starts the Yew page. Everything comes from this origin; the CSP in index.html forbids any other.
import init, { start_app } from './pkg/dunghen.js';

try {
  const url = new URL('pkg/dunghen_bg.wasm', import.meta.url);
  const module = await WebAssembly.compileStreaming(fetch(url));
  globalThis.dunghenWasmModule = module;
  await init({ module_or_path: module });
  document.getElementById('loading')?.remove();
  start_app();
} catch (err) {
  const p = document.getElementById('loading');
  if (p) {
    p.textContent = 'Không tải được ứng dụng (trình duyệt cần hỗ trợ WebAssembly và module worker). / ' +
      'The app could not load (the browser needs WebAssembly and module workers): ' + err;
    p.className = 'loading error';
  }
  throw err;
}
