import { defineConfig } from '@playwright/test';
import { chromiumArgs } from './src/cli/chromiumArgs';

const base = process.env.PAGES_BASE ?? '/';
// Picked once, in the runner: Playwright loads this file again in each worker process, which inherits
// the environment, so every process agrees on the port (a fresh random number per process did not).
process.env.E2E_PORT ??= String(4173 + Math.floor(Math.random() * 1000));
const port = Number(process.env.E2E_PORT);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 300_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  // Two retries in CI: the main-thread check measures wall time, which a busy two-core machine can stretch.
  retries: process.env.CI ? 2 : 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://localhost:${port}${base}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      // CHROMIUM_PATH=playwright uses Playwright's own browser (GitHub's runners); here, Debian's Chromium.
      executablePath: process.env.CHROMIUM_PATH === 'playwright' ? undefined : (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
      args: chromiumArgs,
    },
  },
  webServer: {
    command: `npx vite preview --host localhost --port ${port} --strictPort`,
    url: `http://localhost:${port}${base}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
