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
  },
  server: { strictPort: false },
  preview: { strictPort: false },
});
