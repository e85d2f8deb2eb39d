/**
 * The browser side of the benchmark, driven from Node: build the site (unless --no-build), serve dist/
 * with Vite's preview server on a free localhost port, open bench.html in headless Chromium with the
 * tests' flags (WebGPU and WebGL over SwiftShader) and run one job per backend in its own worker.
 * A backend that crashes or hangs its worker gives error rows; the run goes on with a fresh page.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright';
import { preview, type PreviewServer } from 'vite';
import { chromiumArgs } from '../chromiumArgs';
import type { BenchJob, BenchJobResult, BenchPageApi, GeneratorJob, GeneratorJobResult } from '../../bench/protocol';
import { type BenchRun, emptyRun } from '../../bench/types';

/** A DevTools reply that does not come within this time means the worker is gone or stuck: no reading. */
const DEVTOOLS_REPLY_MS = 30_000;

export interface BrowserSession {
  browserVersion: string;
  runJob(job: BenchJob): Promise<BenchRun[]>;
  /** No time limit: the run is as long as its epochs (tens of minutes on a loaded machine). */
  runGenerator(job: GeneratorJob): Promise<GeneratorJobResult>;
  close(): Promise<void>;
}

/** `npm run build` (data assets, type check, vite build), streamed to the terminal. */
export function buildSite(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run build failed (exit ${code}); fix it or pass --no-build`)),
    );
  });
}

/** A localhost port nobody listens on now (the preview server takes it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, 'localhost', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Wall-clock limit of one job, generous enough for SwiftShader WebGPU (~2 s/step, slow first steps
 * while shaders compile) yet finite, so one hung backend cannot stall the whole benchmark.
 */
export function jobTimeoutMs(job: BenchJob): number {
  const plan = job.plan;
  let perConfigSeconds = 120;
  if (plan.mode === 'soak') perConfigSeconds += plan.soakMinutes * 60 * 1.2;
  else if (plan.mode === 'rebuilds') perConfigSeconds += plan.rebuilds * 30;
  else {
    if (job.parts.steps) perConfigSeconds += plan.stepPhaseCapSeconds + plan.warmupSteps * 30 + 60;
    // Evaluation is not counted in race time but takes wall time: allow as much again.
    if (job.parts.races) perConfigSeconds += 2 * (plan.raceCapSeconds + plan.macroRaceCapSeconds);
  }
  return perConfigSeconds * job.configs.length * 1000;
}

function errorRows(job: BenchJob, error: string, done: readonly BenchRun[]): BenchRun[] {
  const missing = job.configs.filter((config) => !done.some((row) => row.config === config));
  return missing.map((config) => ({ ...emptyRun(job.backend, config, 'browser'), error }));
}

/**
 * Reads the bench worker's JS heap after a full GC over the DevTools protocol (a worker has no
 * `performance.memory`). Playwright's CDP sessions speak to pages and the browser only, so the browser
 * session attaches to the worker target and talks to it through Target.sendMessageToTarget.
 */
async function createWorkerHeapProbe(browser: Browser): Promise<() => Promise<number | null>> {
  const cdp = await browser.newBrowserCDPSession();
  const pending = new Map<number, (reply: { result?: unknown; error?: { message: string } }) => void>();
  const sessionsByTarget = new Map<string, string>();
  let nextId = 1;
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (reply.id === undefined) return;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const call = (sessionId: string, method: string): Promise<unknown> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method}: no reply from the worker`));
      }, DEVTOOLS_REPLY_MS);
      pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result);
      });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(reject);
    });
  };
  return async () => {
    try {
      const { targetInfos } = await cdp.send('Target.getTargets');
      // One bench worker runs at a time (each job terminates its worker before the next starts).
      const target = targetInfos.find((info) => info.type === 'worker' && info.url.includes('bench.worker'));
      if (!target) return null;
      let sessionId = sessionsByTarget.get(target.targetId);
      if (!sessionId) {
        ({ sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false }));
        sessionsByTarget.set(target.targetId, sessionId);
      }
      await call(sessionId, 'HeapProfiler.collectGarbage');
      const usage = (await call(sessionId, 'Runtime.getHeapUsage')) as { usedSize: number };
      return usage.usedSize;
    } catch {
      return null;
    }
  };
}

export async function startBrowser(options: { build: boolean; jsFlags: string | null; log: (line: string) => void }): Promise<BrowserSession> {
  const { log } = options;
  if (options.build) {
    log('building the site (npm run build; pass --no-build to reuse dist/)');
    await buildSite();
  }
  const port = await freePort();
  const server: PreviewServer = await preview({
    logLevel: 'warn',
    preview: { host: 'localhost', port, strictPort: true, open: false },
  });
  const base = server.config.base;
  const url = `http://localhost:${port}${base}bench.html`;
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: options.jsFlags === null ? chromiumArgs : [...chromiumArgs, `--js-flags=${options.jsFlags}`],
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  log(`serving dist/ at ${url}; Chromium ${browser.version()}${options.jsFlags === null ? '' : ` with --js-flags=${options.jsFlags}`}`);
  const workerHeap = await createWorkerHeapProbe(browser);

  const openPage = async (): Promise<Page> => {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('[bench] ')) log(text.slice('[bench] '.length));
      else if (message.type() === 'error') log(`browser console error: ${text}`);
    });
    page.on('pageerror', (error) => log(`browser page error: ${error.message}`));
    await page.exposeFunction('rnnBenchHeap', workerHeap);
    await page.goto(url);
    await page.waitForFunction(() => 'rnnBench' in window, undefined, { timeout: 30_000 });
    return page;
  };

  let page = await openPage();
  return {
    browserVersion: browser.version(),
    async runJob(job) {
      const limitMs = jobTimeoutMs(job);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<BenchJobResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ rows: [], error: `no result within ${Math.round(limitMs / 1000)} s (worker hung?)` }),
          limitMs,
        );
      });
      let result: BenchJobResult;
      try {
        const running = page.evaluate(
          (pageJob) => (window as unknown as { rnnBench: BenchPageApi }).rnnBench.run(pageJob),
          job,
        );
        result = await Promise.race([running, timeout]);
      } catch (error) {
        result = { rows: [], error: `the page failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
      } finally {
        clearTimeout(timer);
      }
      if (result.error) {
        // The worker may still be spinning: start from a fresh page so the next backend is not slowed.
        await page.close().catch(() => {});
        page = await openPage();
      }
      return [...result.rows, ...(result.error ? errorRows(job, result.error, result.rows) : [])];
    },
    async runGenerator(job) {
      try {
        return await page.evaluate((pageJob) => (window as unknown as { rnnBench: BenchPageApi }).rnnBench.runGenerator(pageJob), job);
      } catch (error) {
        return { error: `the page failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
      }
    },
    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}
