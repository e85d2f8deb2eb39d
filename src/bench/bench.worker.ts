/// <reference lib="webworker" />
/**
 * The bench worker: one per backend. Starts the backend it is asked for (a backend that cannot start,
 * or that falls back to another, becomes error rows rather than mislabelled numbers), then runs the
 * shared measurements of measure.ts on the real engine, posting each row as it is done.
 */
import { loadBuiltinDataset } from '../data/assets';
import type { Dataset } from '../data/types';
import { initBackend } from '../model/backendStart';
import { startOpCounting } from '../model/opCounter';
import { createSession } from '../model/trainingSession';
import { wasmBinaryUrls } from '../model/wasmBinaries';
import { serializeError } from '../worker/protocol';
import { BENCH_CONFIGS } from './configs';
import { runGeneratorJob } from './generatorJob';
import { type BenchEnvironment, benchmarkConfig, rebuildConfig, soakConfig } from './measure';
import type { BenchJob, FromBenchWorker, ToBenchWorker } from './protocol';
import { emptyRun } from './types';

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromBenchWorker): void {
  self.postMessage(message);
}

function log(line: string): void {
  post({ type: 'log', line });
}

const pendingHeapReadings = new Map<number, (bytes: number | null) => void>();
let nextHeapRequestId = 1;

/** The page (and behind it the bench CLI) measures this worker's heap; see HeapRequestMessage. */
function measureHeap(): Promise<number | null> {
  const requestId = nextHeapRequestId++;
  return new Promise((resolve) => {
    pendingHeapReadings.set(requestId, resolve);
    post({ type: 'heapRequest', requestId });
  });
}

/**
 * Live tfjs tensors. tfjs keeps its engine on the global object (`_tfengine`); reading it here keeps
 * tfjs imports inside model/ (lint rule) without asking model/ for a bench-only export.
 */
function tensorCount(): number | null {
  const engine = (globalThis as { _tfengine?: { state?: { numTensors?: number } } })._tfengine;
  return engine?.state?.numTensors ?? null;
}

async function runJob(job: BenchJob, baseUrl: string): Promise<void> {
  const report = await initBackend(job.backend, { wasmPaths: wasmBinaryUrls });
  if (report.active !== job.backend) {
    for (const config of job.configs) {
      const row = emptyRun(job.backend, config, 'browser');
      row.backendReport = report;
      row.adapter = report.adapter;
      row.error = `backend ${job.backend} did not start: ${report.reason}`;
      post({ type: 'row', run: row });
    }
    return;
  }
  log(`browser ${report.active}: ${report.adapter}`);
  const datasets = new Map<string, Promise<Dataset>>();
  const env: BenchEnvironment = {
    where: 'browser',
    backend: report,
    createSession,
    loadDataset(source) {
      let dataset = datasets.get(source);
      if (!dataset) {
        dataset = loadBuiltinDataset(source, baseUrl);
        datasets.set(source, dataset);
      }
      return dataset;
    },
    startOpCounting,
    tensorCount,
    measureHeap,
    log,
  };
  for (const config of job.configs) {
    const spec = BENCH_CONFIGS[config];
    const plan = job.plan;
    const row =
      plan.mode === 'soak'
        ? await soakConfig(env, spec, plan)
        : plan.mode === 'rebuilds'
          ? await rebuildConfig(env, spec, plan)
          : await benchmarkConfig(env, spec, plan, job.parts);
    post({ type: 'row', run: row });
  }
}

self.onmessage = (event: MessageEvent<ToBenchWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'run':
      runJob(message.job, message.baseUrl).then(
        () => post({ type: 'done' }),
        (error: unknown) => post({ type: 'failed', error: serializeError(error) }),
      );
      break;
    case 'generator':
      runGeneratorJob(message.job, message.baseUrl, log).then(
        (result) => post({ type: 'generatorDone', result }),
        (error: unknown) => post({ type: 'failed', error: serializeError(error) }),
      );
      break;
    case 'heapReply':
      pendingHeapReadings.get(message.requestId)?.(message.bytes);
      pendingHeapReadings.delete(message.requestId);
      break;
    default: {
      const unknownMessage: never = message;
      throw new Error(`bench worker: unknown message ${JSON.stringify(unknownMessage)}`);
    }
  }
};
