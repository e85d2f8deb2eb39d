/**
 * The order of a benchmark run: Node first (no build needed, and a broken engine shows at once), then the
 * browser — ms/step on every backend, each in a fresh worker, then the time-to-accuracy races on the
 * fastest backend of each configuration (racing SwiftShader WebGPU at ~2 s/step for minutes would show
 * only that it is slow, which the ms/step column already shows).
 */
import { cpus } from 'node:os';
import type { BenchJob } from '../../bench/protocol';
import { type BenchConfigName, type BenchRun, emptyRun } from '../../bench/types';
import type { BackendName } from '../../worker/protocol';
import type { BenchOptions } from './args';
import { type BrowserSession, startBrowser } from './browserRunner';
import { currentLoad, describeMachine, type MachineInfo } from './machine';
import { fastestBackends, mergeRaces } from './merge';
import { runNode } from './nodeRunner';

export interface BenchResults {
  machine: MachineInfo;
  date: string;
  plan: BenchOptions['plan'];
  /** Where the races ran, in words (they do not run on every backend by default). */
  racesRanOn: string[];
  runs: BenchRun[];
}

async function runBrowser(options: BenchOptions, browser: BrowserSession, racesRanOn: string[]): Promise<BenchRun[]> {
  const { plan } = options;
  const rows: BenchRun[] = [];
  const racesEverywhere = plan.mode === 'speed' && options.raceBackends === 'all';
  for (const backend of options.backends) {
    const job: BenchJob = { backend, configs: options.configs, plan, parts: { steps: true, races: racesEverywhere } };
    rows.push(...(await browser.runJob(job)));
  }
  if (racesEverywhere) racesRanOn.push(`browser: ${options.backends.join(', ')}`);
  if (plan.mode === 'speed' && options.raceBackends === 'fastest') {
    const byBackend = new Map<BackendName, BenchConfigName[]>();
    for (const [config, backend] of fastestBackends(rows)) {
      byBackend.set(backend, [...(byBackend.get(backend) ?? []), config]);
    }
    for (const [backend, configs] of byBackend) {
      racesRanOn.push(`browser ${backend} (fastest) for ${configs.join(', ')}`);
      const job: BenchJob = { backend, configs, plan, parts: { steps: false, races: true } };
      mergeRaces(rows, await browser.runJob(job));
    }
  }
  return rows;
}

export async function runBenchmark(options: BenchOptions, log: (line: string) => void): Promise<BenchResults> {
  const runs: BenchRun[] = [];
  const racesRanOn: string[] = [];
  const loadAverageStart = currentLoad();
  if (loadAverageStart > cpus().length) {
    log(`warning: load average ${loadAverageStart} on ${cpus().length} cores: other processes compete, times will be inflated`);
  }
  if (options.runNode) {
    runs.push(...(await runNode(options.configs, options.plan, options.nodeRaces, options.dataDir, log)));
    const nodeRaces = options.nodeRaces.filter((config) => options.configs.includes(config));
    if (options.plan.mode === 'speed' && nodeRaces.length > 0) racesRanOn.push(`node wasm for ${nodeRaces.join(', ')}`);
  }
  let browserVersion: string | null = null;
  if (options.runBrowser) {
    let browser: BrowserSession | null = null;
    try {
      browser = await startBrowser({ build: options.build, jsFlags: options.jsFlags, log });
      browserVersion = browser.browserVersion;
      runs.push(...(await runBrowser(options, browser, racesRanOn)));
    } catch (error) {
      // Fail soft: the Node rows already measured are kept; every browser row says why it is missing.
      const reason = `the browser part did not run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      log(reason);
      for (const backend of options.backends) {
        for (const config of options.configs) runs.push({ ...emptyRun(backend, config, 'browser'), error: reason });
      }
    } finally {
      await browser?.close();
    }
  }
  return { machine: describeMachine(browserVersion, loadAverageStart), date: new Date().toISOString(), plan: options.plan, racesRanOn, runs };
}
