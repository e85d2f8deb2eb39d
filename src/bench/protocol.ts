/**
 * Messages between the bench page (bench.html) and its dedicated bench worker. One worker per backend,
 * so every backend starts from a fresh tfjs engine and its numbers do not depend on the order of runs.
 * Only plain data crosses (rows, log lines).
 */
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
export type ToBenchWorker = RunJobMessage | HeapReplyMessage;

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
export type FromBenchWorker = LogMessage | RowMessage | DoneMessage | FailedMessage | HeapRequestMessage;

/** What the page's `window.rnnBench.run` resolves to. */
export interface BenchJobResult {
  rows: BenchRun[];
  /** Set when the worker died or could not start: the Node side turns it into error rows. */
  error?: string;
}

/** The page's API, for Playwright and for a person in the devtools console. */
export interface BenchPageApi {
  run(job: BenchJob): Promise<BenchJobResult>;
}

/** Exposed on the page by the bench CLI: the running bench worker's heap after a GC, bytes. */
export type WorkerHeapProbe = () => Promise<number | null>;

