/**
 * The Node side of the benchmark: the CLI's backend (wasm) running the same measurements as the browser's
 * bench worker, on the data read straight from the data directory.
 */
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Dataset } from '../../data/types';
import { initBackend } from '../../model/backendStart';
import { liveTensorCount } from '../../model/nodeBackend';
import { startOpCounting } from '../../model/opCounter';
import { createSession } from '../../model/trainingSession';
import { BENCH_CONFIGS } from '../../bench/configs';
import { type BenchEnvironment, benchmarkConfig, rebuildConfig, soakConfig } from '../../bench/measure';
import { type BenchConfigName, type BenchPlan, type BenchRun, emptyRun } from '../../bench/types';
import { loadDatasetFromDir, resolveDataDir } from '../dataDir';

/**
 * A full collection before each heap reading, so start and end compare. `--expose-gc` cannot be given
 * through `npm run bench` (tsx), so the flag is set at run time and `gc` fetched from a fresh context.
 */
function makeGarbageCollector(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // Fall through: heap readings are then noisier, not wrong.
  }
  return () => {};
}

export async function runNode(
  configs: readonly BenchConfigName[],
  plan: BenchPlan,
  raceConfigs: readonly BenchConfigName[],
  dataDirOption: string | null,
  log: (line: string) => void,
): Promise<BenchRun[]> {
  let report;
  try {
    report = await initBackend('wasm');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return configs.map((config) => ({ ...emptyRun('wasm', config, 'node'), error: `wasm did not start in Node: ${message}` }));
  }
  if (report.active !== 'wasm') {
    return configs.map((config) => ({
      ...emptyRun('wasm', config, 'node'),
      backendReport: report,
      error: `wasm did not start in Node: ${report.reason}`,
    }));
  }
  const collectGarbage = makeGarbageCollector();
  const nodeReport = { ...report, adapter: `Node ${process.version}, ${report.adapter}` };
  log(`node wasm: ${nodeReport.adapter}`);
  const dataDir = dataDirOption === null ? resolveDataDir([], process.env) : path.resolve(dataDirOption);
  const datasets = new Map<string, Promise<Dataset>>();
  const env: BenchEnvironment = {
    where: 'node',
    backend: nodeReport,
    createSession,
    loadDataset(source) {
      let dataset = datasets.get(source);
      if (!dataset) {
        // Read lazily: a data directory problem becomes the row's error, not a crash.
        dataset = new Promise<Dataset>((resolve) => resolve(loadDatasetFromDir(source, dataDir)));
        datasets.set(source, dataset);
      }
      return dataset;
    },
    startOpCounting,
    tensorCount: liveTensorCount,
    measureHeap: async () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    },
    log,
  };
  const rows: BenchRun[] = [];
  for (const config of configs) {
    const spec = BENCH_CONFIGS[config];
    if (plan.mode === 'soak') rows.push(await soakConfig(env, spec, plan));
    else if (plan.mode === 'rebuilds') rows.push(await rebuildConfig(env, spec, plan));
    else rows.push(await benchmarkConfig(env, spec, plan, { steps: true, races: plan.races && raceConfigs.includes(config) }));
  }
  return rows;
}
