/**
 * Messages between the bench page (bench.html) and its dedicated bench worker. One worker per backend,
 * so every backend starts from a fresh tfjs engine and its numbers do not depend on the order of runs.
 * Only plain data crosses (rows, log lines).
 */
import type { CharLmEpochReport } from '../model/charLmTrainToEnd';
import type { CellType, LmMetrics, TrainConfig } from '../model/types';
import type { BackendName, SerializedError } from '../worker/protocol';
import type { BenchParts } from './measure';
import type { BenchConfigName, BenchPlan, BenchRun } from './types';

/** One job for one backend: run `configs` in `plan.mode` (for 'speed', `parts` says which phases). */
export interface BenchJob {
  backend: BackendName;
  configs: BenchConfigName[];
  plan: BenchPlan;
  parts: BenchParts;
}

export interface RunJobMessage {
  type: 'run';
  job: BenchJob;
  /** import.meta.env.BASE_URL of the page: where the data assets are served. */
  baseUrl: string;
}
/** The page's answer to a HeapRequestMessage. */
export interface HeapReplyMessage {
  type: 'heapReply';
  requestId: number;
  bytes: number | null;
}
/**
 * The names generator trained to the end on one backend, as `npm run train -- --task names-gen` does in
 * Node: the browser's own figure for the LM's test NLL (README "Generating names").
 */
export interface GeneratorJob {
  backend: BackendName;
  cell: CellType;
  hiddenSize: number;
  train: TrainConfig;
}
export interface RunGeneratorMessage {
  type: 'generator';
  job: GeneratorJob;
  baseUrl: string;
}
export type ToBenchWorker = RunJobMessage | HeapReplyMessage | RunGeneratorMessage;

/** What a generator job measured. Seconds are wall time in the worker; evaluation is included. */
export interface GeneratorResult {
  /** The backend that ran (the job fails rather than fall back to another). */
  backend: BackendName;
  adapter: string;
  parameters: number;
  epochs: CharLmEpochReport[];
  /** The weights tested: the best validation epoch's (1-based). */
  bestEpoch: number | null;
  test: LmMetrics;
  seconds: number;
  msPerStep: number;
  divergedSteps: number;
  /** A few names per language from the tested weights (temperature 0.8, seed of the run). */
  samples: string[];
}

export interface LogMessage {
  type: 'log';
  line: string;
}
export interface RowMessage {
  type: 'row';
  run: BenchRun;
}
export interface DoneMessage {
  type: 'done';
}
/** The worker could not run the job at all (e.g. the module failed to load). Backend failures are rows. */
export interface FailedMessage {
  type: 'failed';
  error: SerializedError;
}
/**
 * A worker cannot read its own heap (Chrome's `performance.memory` is window-only), so it asks the page,
 * which asks the bench CLI (`window.rnnBenchHeap`, exposed by Playwright), which collects garbage in the
 * worker and reads its heap over the DevTools protocol.
 */
export interface HeapRequestMessage {
  type: 'heapRequest';
  requestId: number;
}
export interface GeneratorDoneMessage {
  type: 'generatorDone';
  result: GeneratorResult;
}
export type FromBenchWorker = LogMessage | RowMessage | DoneMessage | FailedMessage | HeapRequestMessage | GeneratorDoneMessage;

/** What the page's `window.rnnBench.run` resolves to. */
export interface BenchJobResult {
  rows: BenchRun[];
  /** Set when the worker died or could not start: the Node side turns it into error rows. */
  error?: string;
}

/** What the page's `window.rnnBench.runGenerator` resolves to: a result, or why there is none. */
export type GeneratorJobResult = { result: GeneratorResult } | { error: string };

/** The page's API, for Playwright and for a person in the devtools console. */
export interface BenchPageApi {
  run(job: BenchJob): Promise<BenchJobResult>;
  runGenerator(job: GeneratorJob): Promise<GeneratorJobResult>;
}

/** Exposed on the page by the bench CLI: the running bench worker's heap after a GC, bytes. */
export type WorkerHeapProbe = () => Promise<number | null>;

