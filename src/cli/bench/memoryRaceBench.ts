/**
 * `npm run bench -- --memory-race`: the memory lab's default race (RNN · LSTM · GRU, first-symbol recall at
 * distance 30, 300 steps, evaluations every 25 steps with ‖∂L/∂h_t‖ and gates) timed as a student runs it:
 * the built app in headless Chromium on WASM, started with the lab's own button, until its result table
 * shows. Prints each cell's held-out accuracy, steps to 0.95 and seconds, the wall-clock total and the
 * machine's load average (the 2-core machine is often shared, which the figure must say).
 */
import { chromium } from 'playwright';
import { preview } from 'vite';
import { MEMORY_CELL_TYPES } from '../../model/types';
import { chromiumArgs } from '../chromiumArgs';
import { buildSite, freePort } from './browserRunner';
import { currentLoad } from './machine';

/** The longest the race may take before the bench gives up (a hung worker must not hang the command). */
const RACE_LIMIT_MS = 30 * 60_000;

/** Same key as src/ui/state/persistence.ts: set, the first-visit walk-through stays closed. */
const WALKTHROUGH_KEY = 'rnn-playground/walkthrough-seen';

export interface MemoryRaceBenchRow {
  cell: string;
  heldOutAccuracy: number;
  stepsTo095: number | null;
  /** The cell's own training and evaluation seconds, as the race measured them in the worker. */
  seconds: number;
}

export interface MemoryRaceBenchResult {
  rows: MemoryRaceBenchRow[];
  /** From the click to the result table. */
  wallSeconds: number;
  loadAverageStart: number;
  loadAverageEnd: number;
  chromium: string;
}

/**
 * `screenshot`: also save the finished lab as a PNG there (README and e2e-artifacts/memory-race.png: the
 * full race, where the RNN stays at chance, is too long for an e2e test on a loaded 2-core machine).
 */
export async function runMemoryRaceBench(options: { build: boolean; screenshot: string | null }, log: (line: string) => void): Promise<MemoryRaceBenchResult> {
  if (options.build) {
    log('building the site (npm run build; pass --no-build to reuse dist/)');
    await buildSite();
  }
  const port = await freePort();
  const server = await preview({ logLevel: 'warn', preview: { host: 'localhost', port, strictPort: true, open: false } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => log(`browser page error: ${error.message}`));
    await page.addInitScript((key) => localStorage.setItem(key, '1'), WALKTHROUGH_KEY);
    await page.goto(`http://localhost:${port}${server.config.base}?backend=wasm`);
    await page.getByTestId('memory-lab-toggle').click();
    await page.getByTestId('memory-race').click();
    const loadAverageStart = currentLoad();
    const started = Date.now();
    log(`racing at the lab's defaults in Chromium ${browser.version()} on WASM (load average ${loadAverageStart})`);
    const timer = setInterval(() => log(`… ${Math.round((Date.now() - started) / 1000)} s, load average ${currentLoad()}`), 30_000);
    try {
      await page.getByTestId('memory-race-result').waitFor({ timeout: RACE_LIMIT_MS });
    } finally {
      clearInterval(timer);
    }
    const wallSeconds = (Date.now() - started) / 1000;
    if (options.screenshot) {
      await page.getByTestId('memory-lab').screenshot({ path: options.screenshot });
      log(`saved ${options.screenshot}`);
    }
    const rows: MemoryRaceBenchRow[] = [];
    for (const cell of MEMORY_CELL_TYPES) {
      const row = page.getByTestId(`memory-result-${cell}`);
      const stepsTo095 = await row.getAttribute('data-steps-to095');
      rows.push({
        cell,
        heldOutAccuracy: Number(await row.getAttribute('data-accuracy')),
        stepsTo095: stepsTo095 ? Number(stepsTo095) : null,
        seconds: Number(await row.getAttribute('data-seconds')),
      });
    }
    return { rows, wallSeconds, loadAverageStart, loadAverageEnd: currentLoad(), chromium: browser.version() };
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
}

/** The result as the lines the command prints (a table, then the machine). */
export function formatMemoryRaceBench(result: MemoryRaceBenchResult): string[] {
  return [
    'cell  held-out accuracy  steps to 0.95  seconds',
    ...result.rows.map((row) => `${row.cell.padEnd(5)} ${row.heldOutAccuracy.toFixed(3).padStart(17)}  ${String(row.stepsTo095 ?? '—').padStart(13)}  ${row.seconds.toFixed(1).padStart(7)}`),
    `whole race: ${result.wallSeconds.toFixed(1)} s wall clock in Chromium ${result.chromium} on WASM; load average ${result.loadAverageStart} at the start, ${result.loadAverageEnd} at the end`,
  ];
}
