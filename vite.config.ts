import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The GitHub Pages sub-path is set here, once: `PAGES_BASE=/rnn-playground/ npm run build`.
 * Every runtime URL is built from `import.meta.env.BASE_URL`, so nothing else needs to know it.
 */
const base = process.env.PAGES_BASE ?? '/';

export default defineConfig({
  base,
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // Two pages: the app, and bench.html, which `npm run bench` drives in headless Chromium.
    // (Vite 8 renamed rollupOptions to rolldownOptions; the old name is a deprecated alias.)
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  server: { strictPort: false },
  preview: { strictPort: false },
});
