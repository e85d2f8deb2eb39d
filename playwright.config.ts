import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { chromiumArgs } from './src/cli/chromiumArgs';

const base = process.env.PAGES_BASE ?? '/';

/**
 * A port the OS says is free right now: a child process listens on port 0 and prints what it got (the
 * config is loaded synchronously, so the asynchronous `listen` runs in a child). A random number from a
 * range failed the run whenever it hit a busy port.
 */
function freePort(): string {
  const script = "const s=require('node:net').createServer();s.listen(0,'localhost',()=>{process.stdout.write(String(s.address().port));s.close();})";
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (result.status !== 0 || !/^\d+$/.test(result.stdout)) throw new Error(`No free port for the e2e server: ${result.stderr}`);
  return result.stdout;
}
// Picked once, in the runner: Playwright loads this file again in each worker process, which inherits
// the environment, so every process agrees on the port.
process.env.E2E_PORT ??= freePort();
const port = Number(process.env.E2E_PORT);

/**
 * The GPU parity spec needs PyTorch's fixtures (kept on the team's machines, not in the repository). Only the
 * GitHub Pages job (RNN_PAGES_JOB=1) may leave it out, and only when they are absent, as the unit suites do.
 */
const fixturesDir = process.env.RNN_FIXTURES_DIR ?? new URL('../shared/fixtures/torch-parity', import.meta.url).pathname;
const skipsGpuParity = process.env.RNN_PAGES_JOB === '1' && !existsSync(`${fixturesDir}/manifest.json`);
if (skipsGpuParity) console.warn(`Pages job without ${fixturesDir}: leaving out e2e/gpu-parity.spec.ts.`);

export default defineConfig({
  testDir: 'e2e',
  testIgnore: skipsGpuParity ? ['gpu-parity.spec.ts'] : [],
  outputDir: 'test-results',
  timeout: 300_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  // Two workers (one spec file each at a time): on the 2-core machine the whole run took 7.5 minutes against 11.7
  // with one, since a page waits on its worker, the preview server and storage as much as on the CPU. The one
  // timing-sensitive check (the main-thread stall test) reads CPU time, not wall time (e2e/mainThreadTasks.ts).
  workers: 2,
  // No retries: a failure that shows up one run in three is a failure, not "flaky".
  retries: 0,
  failOnFlakyTests: true,
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
