import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The GitHub Pages sub-path is set here, once: `PAGES_BASE=/rnn-playground/ npm run build`.
 * Every runtime URL is built from `import.meta.env.BASE_URL`, so nothing else needs to know it.
 */
const base = process.env.PAGES_BASE ?? '/';

/**
 * Offline after the first visit (a lecture hall without network): a Workbox service worker precaches the
 * whole build, the tfjs WebAssembly binaries and the data sets included, and answers every navigation
 * with index.html. The manifest and icons are static files in public/. The bench page is not cached.
 */
const offline = VitePWA({
  injectRegister: false,
  registerType: 'autoUpdate',
  manifest: false,
  workbox: {
    globPatterns: ['**/*.{html,js,css,wasm,json,svg,webmanifest}'],
    globIgnores: ['bench.html', '**/bench-*.js', '**/bench.worker-*.js', 'parity.html', '**/parity-*.js'],
    // tfjs with its backends is one large chunk; the wasm binaries are a few MB each.
    maximumFileSizeToCacheInBytes: 30 * 1024 * 1024,
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/bench\.html/, /parity\.html/],
    cleanupOutdatedCaches: true,
    // The first visit's page is controlled at once, so going offline right after it still works.
    clientsClaim: true,
    skipWaiting: true,
  },
});

export default defineConfig({
  base,
  plugins: [react(), offline],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // Three pages: the app; bench.html, which `npm run bench` drives in headless Chromium; parity.html, where
    // the e2e suite checks the GPU backends against PyTorch (e2e/gpu-parity.spec.ts).
    // (Vite 8 renamed rollupOptions to rolldownOptions; the old name is a deprecated alias.)
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html', parity: 'parity.html' } },
  },
  server: { strictPort: false },
  preview: { strictPort: false },
});
