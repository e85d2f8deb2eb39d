/**
 * The typed end-to-end hook (like tldraw's EndToEndApi): read-only facts the e2e tests check,
 * installed on `window.__rnnPlayground`. The e2e fixtures import `RnnPlaygroundTestApi` as a type,
 * so app and tests cannot drift apart silently.
 */
import type { EvalMetrics, ModelSummary } from '../model/types';
import type { AutoBackendState, ClientSnapshot, TrainerClient } from '../worker/client';
import type { BackendReport, RunStatus } from '../worker/protocol';
import type { StepId } from './state/appConfig';

export interface RnnPlaygroundTestApi {
  /** The run's status as the worker last reported it. */
  readonly status: RunStatus;
  /** The screen on show. */
  readonly screen: StepId;
  /** Training steps (batches) taken in the current run. */
  readonly trainingStep: number;
  readonly epoch: number;
  readonly runId: number;
  /** Last validation metrics (end of epoch), or null. */
  readonly lastMetrics: EvalMetrics | null;
  readonly backend: BackendReport | null;
  /** What `auto` knows (measured ms/step, remembered or measured, measuring now); null when a backend was chosen by hand. */
  readonly auto: AutoBackendState | null;
  /** The classifier held, as the main thread knows it (word models: `vocabSize`, no vocabulary). */
  readonly model: ModelSummary | null;
  /** Errors shown next to controls, by place. */
  readonly errors: Readonly<Record<string, string>>;
  readonly hasCheckpoint: boolean;
  readonly restarts: number;
  /** Longest main-thread long task (PerformanceObserver 'longtask') since load or the last `resetLongTasks`, ms. */
  readonly longestLongTaskMs: number;
  readonly longTaskCount: number;
  /** Progress events the client accepted (charts got this many updates). */
  readonly progressEvents: number;
  /** Whether presenter mode is on. */
  readonly isPresenter: boolean;
  /** Start counting long tasks afresh (e.g. just before pressing Play). */
  resetLongTasks(): void;
  /** Force the crash-recovery path: a fresh worker, data and checkpoint restored. */
  restartWorker(reason?: string, failedBackend?: boolean): Promise<void>;
  /** The current model's log-probabilities for one text (every class, in class order): restored weights are compared exactly. */
  logProbsOf(text: string): Promise<number[]>;
  /** Make the worker throw an uncaught error: the client must notice (its `error` event) and recover by itself. */
  crashWorker(): void;
  /**
   * Lose the worker's GPU as a driver reset would, its WebGL context and its WebGPU device alike: on webgl or webgpu
   * the app must notice and move to another backend; after a switch away (the context or device tfjs keeps) training
   * goes on, and a switch back gets a new one.
   */
  loseGpu(): void;
  /** The browser offers no WebGPU adapter from now on in the current worker (as Chromium after repeated GPU crashes), or again. */
  refuseGpuAdapters(isRefused: boolean): void;
  /** The current model's log-probabilities for each text, in class order (exact, for comparing weights). */
  logProbs(texts: string[]): Promise<number[][]>;
  /** The names generator's teacher-forced log-probabilities of `text` for `condition`, per step × symbol (exact, for comparing weights). */
  generatorLogProbs(text: string, condition: string): Promise<number[][]>;
  /** The own-text model's log p(character t | the characters before it) over `text`, from BOS (exact, for comparing weights). */
  textLogProbs(text: string): Promise<number[]>;
}

declare global {
  interface Window {
    __rnnPlayground?: RnnPlaygroundTestApi;
  }
}

interface LongTaskStats {
  longest: number;
  count: number;
}

function observeLongTasks(stats: LongTaskStats): () => void {
  if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
    return () => undefined;
  }
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      stats.count++;
      stats.longest = Math.max(stats.longest, entry.duration);
    }
  });
  observer.observe({ type: 'longtask', buffered: true });
  return () => observer.disconnect();
}

/** Install the hook; returns the uninstall function. `getScreen` reads the UI state the client doesn't hold. */
export function installTestHook(
  client: TrainerClient,
  getScreen: () => StepId,
  getIsPresenter: () => boolean,
): () => void {
  const stats: LongTaskStats = { longest: 0, count: 0 };
  const stopObserving = observeLongTasks(stats);
  const snapshot = (): ClientSnapshot => client.getSnapshot();
  const api: RnnPlaygroundTestApi = {
    get status() {
      return snapshot().status;
    },
    get screen() {
      return getScreen();
    },
    get trainingStep() {
      return snapshot().step;
    },
    get epoch() {
      return snapshot().epoch;
    },
    get runId() {
      return snapshot().runId;
    },
    get lastMetrics() {
      return snapshot().lastMetrics;
    },
    get backend() {
      return snapshot().backend;
    },
    get auto() {
      return snapshot().auto;
    },
    get model() {
      return snapshot().model;
    },
    get errors() {
      return snapshot().errors;
    },
    get hasCheckpoint() {
      return snapshot().hasCheckpoint;
    },
    get restarts() {
      return snapshot().restarts;
    },
    get longestLongTaskMs() {
      return stats.longest;
    },
    get longTaskCount() {
      return stats.count;
    },
    get progressEvents() {
      return client.progressEventCount;
    },
    get isPresenter() {
      return getIsPresenter();
    },
    resetLongTasks() {
      stats.longest = 0;
      stats.count = 0;
    },
    restartWorker(reason = 'forced by a test', failedBackend = false) {
      return client.restartWorker(reason, failedBackend);
    },
    async generatorLogProbs(text: string, condition: string) {
      const [scored] = await client.score([{ text, condition }]);
      return scored.logProbs;
    },
    async textLogProbs(text: string) {
      return Array.from((await client.textActivations(text)).logProbs);
    },
    async logProbsOf(text: string) {
      const [prediction] = await client.predict([text], 1);
      return prediction.logProbs;
    },
    crashWorker() {
      client.crashWorkerForTest();
    },
    loseGpu() {
      client.loseGpuForTest();
    },
    refuseGpuAdapters(isRefused: boolean) {
      client.refuseGpuAdaptersForTest(isRefused);
    },
    async logProbs(texts: string[]) {
      return (await client.predict(texts, 1)).map((prediction) => prediction.logProbs);
    },
  };
  window.__rnnPlayground = api;
  return () => {
    stopObserving();
    if (window.__rnnPlayground === api) delete window.__rnnPlayground;
  };
}
