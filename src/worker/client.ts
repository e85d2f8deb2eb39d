/**
 * The main thread's side of the worker boundary. One `TrainerClient` owns the trainer worker and:
 *  - sends typed `ToWorker` messages and matches replies to requests by `requestId` (Promises);
 *  - keeps a small store of low-rate facts (status, backend, step, model, parameters, errors by
 *    place) for React's `useSyncExternalStore` — React never sees the high-rate streams;
 *  - hands high-rate streams (progress, metrics) to plain listeners, which the D3 chart classes
 *    subscribe to directly, and keeps their history so a chart built later can replay it;
 *  - tags every run (`build`/`import`) with a fresh runId and drops events of older runs;
 *  - survives a crashed worker or a lost GPU device: it restarts the worker (on the next backend if
 *    the backend failed), re-sends the data and the last checkpoint, and tells the user.
 * No TensorFlow.js here: this module is in the main bundle.
 */
import type { Dataset, InputLevel } from '../data/types';
import type {
  EvalMetrics,
  InspectionTrace,
  ModelConfig,
  ParameterRow,
  Prediction,
  TrainConfig,
} from '../model/types';
import type {
  BackendChoice,
  BackendName,
  BackendReport,
  DivergedMessage,
  FromWorker,
  GloveResultMessage,
  MetricsMessage,
  ProgressMessage,
  RunStatus,
  SerializedError,
  SerializedModelFile,
  ToWorker,
  UploadResultMessage,
} from './protocol';

/** Order in which a failed backend is replaced: the next one that is still likely to work. */
export const BACKEND_FALLBACK_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** An error that came back from the worker, with the place it happened (`where`). */
export class WorkerError extends Error {
  readonly where: string;
  constructor(where: string, error: SerializedError) {
    super(error.message);
    this.name = error.name || 'WorkerError';
    this.where = where;
  }
}

/** Rejects pending requests when the worker they were sent to is gone. */
export class WorkerRestartedError extends Error {
  constructor(reason: string) {
    super(`The training worker restarted (${reason}); please try again.`);
    this.name = 'WorkerRestartedError';
  }
}

/** The low-rate facts React renders. Replaced (never mutated) on change, as useSyncExternalStore needs. */
export interface ClientSnapshot {
  runId: number;
  status: RunStatus;
  /** Plain words from the worker about the status (e.g. why training paused). */
  statusMessage: string | null;
  backend: BackendReport | null;
  step: number;
  epoch: number;
  totalSteps: number;
  stepsPerEpoch: number;
  stepsPerSecond: number;
  etaSeconds: number | null;
  model: ModelConfig | null;
  parameters: ParameterRow[] | null;
  /** Last evaluation (validation, end of epoch). */
  lastMetrics: EvalMetrics | null;
  /** The test set's evaluation at the end of a run (never mixed into the validation curves). */
  testMetrics: EvalMetrics | null;
  lastDiverged: DivergedMessage | null;
  /** Last error per place (`backend`, `train`, `import`, `upload`, `glove`, `worker`, …); cleared by `clearError`. */
  errors: Record<string, string>;
  /** Something the user should know that is not an error (a restart that recovered, a restored checkpoint). */
  notice: string | null;
  /** Id of the data set the worker holds, or null. */
  dataId: string | null;
  /** True when a checkpoint (exported model file) is kept for recovery. */
  hasCheckpoint: boolean;
  /** Increments whenever the weights may have changed (new progress, build, import, reset): Inspect refreshes on it. */
  weightsVersion: number;
  /** How many times the worker was restarted. */
  restarts: number;
}

/** Everything the Train screen's charts need to redraw a run from its start. */
export interface RunHistory {
  /** Flattened [step, loss, step, loss, …]. */
  trainLoss: number[];
  /** Flattened [step, gradNorm, …]. */
  gradNorm: number[];
  /** Validation evaluations only (full ones and the live sample's, see `scope`): the curves and the confusion matrix are the validation set's. */
  metrics: MetricsMessage[];
}

type Listener<T> = (value: T) => void;

interface Pending {
  resolve: (value: FromWorker) => void;
  reject: (error: Error) => void;
  /** Reply types that settle this request. */
  accepts: ReadonlySet<FromWorker['type']>;
  /** Called for intermediate messages (GloVe progress). */
  onProgress?: (message: FromWorker) => void;
}

export interface TrainerClientOptions {
  backend: BackendChoice;
  baseUrl: string;
  /** Make the worker; tests pass a fake. */
  createWorker?: () => Worker;
}

const initialSnapshot: ClientSnapshot = {
  runId: 0,
  status: 'empty',
  statusMessage: null,
  backend: null,
  step: 0,
  epoch: 0,
  totalSteps: 0,
  stepsPerEpoch: 0,
  stepsPerSecond: 0,
  etaSeconds: null,
  model: null,
  parameters: null,
  lastMetrics: null,
  testMetrics: null,
  lastDiverged: null,
  errors: {},
  notice: null,
  dataId: null,
  hasCheckpoint: false,
  weightsVersion: 0,
  restarts: 0,
};

/** Crashes this close together count as "the backend is failing", so the restart moves on to the next one. */
const REPEATED_CRASH_MS = 30_000;

export class TrainerClient {
  private worker: Worker;
  private readonly createWorker: () => Worker;
  private readonly baseUrl: string;
  private backendChoice: BackendChoice;
  private snapshot: ClientSnapshot = initialSnapshot;
  private readonly storeListeners = new Set<() => void>();
  private readonly progressListeners = new Set<Listener<ProgressMessage>>();
  private readonly metricsListeners = new Set<Listener<MetricsMessage>>();
  private readonly checkpointListeners = new Set<Listener<SerializedModelFile>>();
  private readonly resetListeners = new Set<() => void>();
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private nextRunId = 1;
  private history: RunHistory = { trainLoss: [], gradNorm: [], metrics: [] };
  private dataset: Dataset | null = null;
  private lastBuild: { model: ModelConfig; train: TrainConfig } | null = null;
  private lastTrain: TrainConfig | null = null;
  private checkpoint: SerializedModelFile | null = null;
  /** The step `checkpoint` was taken at: a restored run counts on from there. */
  private checkpointStep = 0;
  private pendingBuild: { runId: number; resolve: () => void; reject: (error: Error) => void } | null = null;
  private lastCrashAt = 0;
  private isDisposed = false;
  private isCheckpointInFlight = false;
  /** Count of progress events accepted (the e2e hook reads it). */
  progressEventCount = 0;

  constructor(options: TrainerClientOptions) {
    this.backendChoice = options.backend;
    this.baseUrl = options.baseUrl;
    this.createWorker =
      options.createWorker ??
      (() => new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' }));
    this.worker = this.startWorker();
  }

  // ------------------------------------------------------------ store (React)

  /** For useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.storeListeners.add(listener);
    return () => this.storeListeners.delete(listener);
  };

  /** For useSyncExternalStore: the same object until something changes. */
  readonly getSnapshot = (): ClientSnapshot => this.snapshot;

  private setSnapshot(patch: Partial<ClientSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.storeListeners) listener();
  }

  // ------------------------------------------------------------ streams (charts)

  /** Progress of the current run (throttled by the worker, ~5/s). Returns an unsubscribe function. */
  onProgress(listener: Listener<ProgressMessage>): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Validation evaluations of the current run (end of each epoch); the final test evaluation is `testMetrics`. */
  onMetrics(listener: Listener<MetricsMessage>): () => void {
    this.metricsListeners.add(listener);
    return () => this.metricsListeners.delete(listener);
  }

  /** A new checkpoint was exported (epoch end, pause): the UI persists it. */
  onCheckpoint(listener: Listener<SerializedModelFile>): () => void {
    this.checkpointListeners.add(listener);
    return () => this.checkpointListeners.delete(listener);
  }

  /** The run's history was cleared (new build, import, reset): charts clear too. */
  onHistoryReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** The current run's curves so far, for a chart built after the run started. */
  getHistory(): Readonly<RunHistory> {
    return this.history;
  }

  /** The last model file kept for recovery, or null. */
  getCheckpoint(): SerializedModelFile | null {
    return this.checkpoint;
  }

  /** The backend the worker was last asked for (may differ from the one active after a fallback). */
  getBackendChoice(): BackendChoice {
    return this.backendChoice;
  }

  getDataset(): Dataset | null {
    return this.dataset;
  }

  // ------------------------------------------------------------ commands

  /** Typed raw send; prefer the helpers below. */
  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** Give the worker a data set; resolves when it has it. Replaces the data only when the worker accepted it. */
  async setData(dataset: Dataset): Promise<void> {
    await this.request({ type: 'setData', requestId: 0, dataset }, ['dataReady']);
    this.dataset = dataset;
    this.setSnapshot({ dataId: dataset.id });
  }

  /** Build a fresh model: a new run. Resolves when the worker reports `built`. */
  build(model: ModelConfig, train: TrainConfig): Promise<void> {
    const runId = this.newRun();
    this.lastBuild = { model, train };
    this.lastTrain = train;
    this.checkpoint = null;
    this.setSnapshot({ hasCheckpoint: false, status: 'empty', model: null, parameters: null });
    this.clearError('train');
    this.pendingBuild?.reject(new Error('Replaced by a newer build.'));
    return new Promise<void>((resolve, reject) => {
      this.pendingBuild = { runId, resolve, reject };
      this.send({ type: 'build', runId, model, train });
    });
  }

  start(): void {
    this.clearError('train');
    this.send({ type: 'start', runId: this.snapshot.runId });
  }

  pause(): void {
    this.send({ type: 'pause', runId: this.snapshot.runId });
  }

  /** Run `steps` batches, then pause. */
  step(steps = 1): void {
    this.clearError('train');
    this.send({ type: 'step', runId: this.snapshot.runId, steps });
  }

  /** Re-initialise the weights from the seed; the curves start again. */
  reset(): void {
    this.clearHistory();
    this.checkpoint = null;
    this.isCheckpointInFlight = false;
    this.setSnapshot({
      step: 0,
      epoch: 0,
      lastMetrics: null,
      testMetrics: null,
      lastDiverged: null,
      hasCheckpoint: false,
      weightsVersion: this.snapshot.weightsVersion + 1,
    });
    this.send({ type: 'reset', runId: this.snapshot.runId });
    // The worker answers in order, so this export holds the fresh weights: a crash now restores those.
    this.requestCheckpoint();
  }

  /** Change optimiser settings of the current run without losing weights. */
  updateTrainConfig(train: TrainConfig): void {
    this.lastTrain = train;
    if (this.lastBuild) this.lastBuild = { ...this.lastBuild, train };
    this.send({ type: 'updateTrainConfig', runId: this.snapshot.runId, train });
  }

  /** Switch backend; the worker answers with a `backend` report (and an error with where='backend' if it failed). */
  setBackend(backend: BackendChoice): void {
    this.backendChoice = backend;
    this.clearError('backend');
    this.send({ type: 'setBackend', backend });
  }

  async trace(text: string, targetClass: number | null): Promise<InspectionTrace> {
    const reply = await this.request({ type: 'trace', requestId: 0, text, targetClass }, ['traceResult']);
    return (reply as Extract<FromWorker, { type: 'traceResult' }>).trace;
  }

  async predict(texts: string[], k: number): Promise<Prediction[]> {
    const reply = await this.request({ type: 'predict', requestId: 0, texts, k }, ['predictResult']);
    return (reply as Extract<FromWorker, { type: 'predictResult' }>).predictions;
  }

  async evaluate(split: 'train' | 'val' | 'test'): Promise<EvalMetrics> {
    const reply = await this.request({ type: 'evaluate', requestId: 0, split }, ['evaluateResult']);
    return (reply as Extract<FromWorker, { type: 'evaluateResult' }>).metrics;
  }

  /** The current model as a portable file (serialised in the worker); also kept as the recovery checkpoint. */
  async exportModel(): Promise<SerializedModelFile> {
    const runId = this.snapshot.runId;
    const reply = await this.request({ type: 'export', requestId: 0 }, ['exportResult']);
    const { file, step } = reply as Extract<FromWorker, { type: 'exportResult' }>;
    if (runId === this.snapshot.runId) this.keepCheckpoint(file, step);
    return file;
  }

  /** Open a model file (its text): a new run. Rejects with the worker's message when the file is refused. */
  async importModel(text: string, train?: TrainConfig): Promise<{ model: ModelConfig; parameters: ParameterRow[] }> {
    // The run becomes current only once the worker accepted the file: a refused file leaves the
    // current model, its run and its curves exactly as they were.
    const runId = this.allocateRunId();
    this.clearError('import');
    const reply = await this.request({ type: 'import', requestId: 0, runId, text }, ['importResult']);
    const result = reply as Extract<FromWorker, { type: 'importResult' }>;
    if (result.runId < this.snapshot.runId) throw new Error('Replaced by a newer model.');
    if (train) this.lastTrain = train;
    this.activateRun(runId);
    this.applyImported(result.model, result.parameters);
    // Without a checkpoint, a restart can at least rebuild this architecture.
    if (this.lastTrain) this.lastBuild = { model: result.model, train: this.lastTrain };
    const { model } = result;
    const header = { cell: model.cell, hiddenSize: model.hiddenSize, numLayers: model.numLayers, bidirectional: model.bidirectional,
      embeddingDim: model.input.type === 'words' ? model.input.embeddingDim : null, dropout: model.dropout };
    this.keepCheckpoint({ text, model: header, classes: model.classes, inputType: model.input.type }, 0);
    if (this.lastTrain) this.send({ type: 'updateTrainConfig', runId, train: this.lastTrain });
    return { model: result.model, parameters: result.parameters };
  }

  /** Parse an upload in the worker; resolves with the data set and warnings, or rejects with the reason. */
  async parseUpload(files: File[], level: InputLevel): Promise<UploadResultMessage> {
    const reply = await this.request({ type: 'parseUpload', requestId: 0, files, level }, ['uploadResult']);
    return reply as UploadResultMessage;
  }

  /** Stream a GloVe file into the current model's embedding (in the worker). */
  async loadGlove(
    file: File,
    onProgress: (bytesRead: number, totalBytes: number) => void,
  ): Promise<GloveResultMessage> {
    const reply = await this.request({ type: 'loadGlove', requestId: 0, file }, ['gloveResult'], (message) => {
      if (message.type === 'gloveProgress') onProgress(message.bytesRead, message.totalBytes);
    });
    this.setSnapshot({ weightsVersion: this.snapshot.weightsVersion + 1 });
    return reply as GloveResultMessage;
  }

  clearError(where: string): void {
    if (!(where in this.snapshot.errors)) return;
    const errors = { ...this.snapshot.errors };
    delete errors[where];
    this.setSnapshot({ errors });
  }

  /** Record an error that happened on the main thread next to a control (e.g. a file that cannot be read). */
  reportError(where: string, message: string): void {
    this.setSnapshot({ errors: { ...this.snapshot.errors, [where]: message } });
  }

  dismissNotice(): void {
    this.setSnapshot({ notice: null });
  }

  /**
   * Replace the worker with a fresh one and restore what it held: the data, then the last checkpoint
   * (or the last build when no checkpoint exists yet). `failedBackend` moves on to the next backend.
   */
  async restartWorker(reason: string, failedBackend = false): Promise<void> {
    if (this.isDisposed) return;
    this.worker.terminate();
    for (const [, pending] of this.pending) pending.reject(new WorkerRestartedError(reason));
    this.pending.clear();
    if (failedBackend) this.backendChoice = this.nextBackend();
    this.worker = this.startWorker();
    const wasTraining = this.snapshot.status === 'training';
    this.setSnapshot({
      restarts: this.snapshot.restarts + 1,
      status: 'empty',
      notice: `The training worker stopped (${reason}). It was restarted${
        failedBackend ? ` on ${this.backendChoice}` : ''
      }; restoring your data and model…`,
    });
    try {
      if (this.dataset) {
        const dataset = this.dataset;
        await this.request({ type: 'setData', requestId: 0, dataset }, ['dataReady']);
      }
      const checkpoint = this.checkpoint;
      if (checkpoint) {
        const runId = this.allocateRunId();
        const reply = await this.request(
          { type: 'import', requestId: 0, runId, text: checkpoint.text, step: this.checkpointStep },
          ['importResult'],
        );
        const result = reply as Extract<FromWorker, { type: 'importResult' }>;
        this.activateRun(runId, false);
        this.applyImported(result.model, result.parameters);
        if (this.lastTrain) this.send({ type: 'updateTrainConfig', runId, train: this.lastTrain });
        this.setSnapshot({
          status: 'paused',
          notice: `The training worker stopped (${reason}) and was restarted; the last checkpoint was restored${
            wasTraining ? ' — press Play to continue' : ''
          }.`,
        });
      } else if (this.lastBuild) {
        const { model, train } = this.lastBuild;
        await this.build(model, train);
        this.setSnapshot({
          notice: `The training worker stopped (${reason}) and was restarted; there was no checkpoint yet, so the model starts again.`,
        });
      } else {
        this.setSnapshot({ model: null, parameters: null, notice: `The training worker stopped (${reason}) and was restarted.` });
      }
    } catch (error) {
      this.reportError('worker', `Restarting the worker failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    this.isDisposed = true;
    this.worker.terminate();
    for (const [, pending] of this.pending) pending.reject(new Error('The app closed the worker.'));
    this.pending.clear();
  }

  // ------------------------------------------------------------ internals

  private startWorker(): Worker {
    const worker = this.createWorker();
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.handle(event.data));
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      this.onCrash(event.message || 'the worker script failed');
    });
    worker.addEventListener('messageerror', () => this.onCrash('a message could not be read'));
    worker.postMessage({ type: 'init', backend: this.backendChoice, baseUrl: this.baseUrl } satisfies ToWorker);
    return worker;
  }

  private onCrash(reason: string): void {
    const now = Date.now();
    const repeated = now - this.lastCrashAt < REPEATED_CRASH_MS;
    this.lastCrashAt = now;
    void this.restartWorker(`it crashed: ${reason}`, repeated);
  }

  private nextBackend(): BackendChoice {
    const active = this.snapshot.backend?.active;
    const from = active ?? (this.backendChoice === 'auto' ? undefined : this.backendChoice);
    if (!from) return 'wasm';
    const index = BACKEND_FALLBACK_ORDER.indexOf(from);
    return BACKEND_FALLBACK_ORDER[Math.min(index + 1, BACKEND_FALLBACK_ORDER.length - 1)];
  }

  /** A fresh run id, larger than every one used so far (also those of refused imports). */
  private allocateRunId(): number {
    return this.nextRunId++;
  }

  /** A new run, at once: older events are dropped from now on. */
  private newRun(): number {
    const runId = this.allocateRunId();
    this.activateRun(runId);
    return runId;
  }

  /** Make `runId` current. `clear` false keeps the curves (recovery after a crash). */
  private activateRun(runId: number, clear = true): void {
    if (clear) this.clearHistory();
    this.setSnapshot({
      runId,
      step: clear ? 0 : this.snapshot.step,
      epoch: clear ? 0 : this.snapshot.epoch,
      lastMetrics: clear ? null : this.snapshot.lastMetrics,
      testMetrics: clear ? null : this.snapshot.testMetrics,
      lastDiverged: null,
    });
  }

  private clearHistory(): void {
    this.history = { trainLoss: [], gradNorm: [], metrics: [] };
    for (const listener of this.resetListeners) listener();
  }

  private applyImported(model: ModelConfig, parameters: ParameterRow[]): void {
    this.setSnapshot({
      model,
      parameters,
      status: 'ready',
      weightsVersion: this.snapshot.weightsVersion + 1,
    });
  }

  private keepCheckpoint(file: SerializedModelFile, step: number): void {
    this.checkpoint = file;
    this.checkpointStep = step;
    if (!this.snapshot.hasCheckpoint) this.setSnapshot({ hasCheckpoint: true });
    for (const listener of this.checkpointListeners) listener(file);
  }

  /** Ask for a checkpoint in the background; a failure is not the user's concern unless it repeats. */
  private requestCheckpoint(): void {
    if (this.isCheckpointInFlight || !this.snapshot.model) return;
    this.isCheckpointInFlight = true;
    this.exportModel()
      .catch(() => undefined)
      .finally(() => {
        this.isCheckpointInFlight = false;
      });
  }

  private request(
    message: Extract<ToWorker, { requestId: number }>,
    accepts: FromWorker['type'][],
    onProgress?: (message: FromWorker) => void,
  ): Promise<FromWorker> {
    const requestId = this.nextRequestId++;
    return new Promise<FromWorker>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject, accepts: new Set(accepts), onProgress });
      // The literal passed in carries a placeholder id; the real one is assigned here.
      this.send({ ...message, requestId } as ToWorker);
    });
  }

  /** Events of runs older than the current one are dropped (a newer one may be an import not yet confirmed). */
  private isStale(runId: number): boolean {
    return runId < this.snapshot.runId;
  }

  private handle(message: FromWorker): void {
    switch (message.type) {
      case 'backend':
        this.setSnapshot({ backend: message.report });
        return;
      case 'built': {
        if (this.isStale(message.runId)) return;
        this.setSnapshot({
          model: message.model,
          parameters: message.parameters,
          stepsPerEpoch: message.stepsPerEpoch,
          status: 'ready',
          statusMessage: null,
          weightsVersion: this.snapshot.weightsVersion + 1,
        });
        if (this.pendingBuild?.runId === message.runId) {
          this.pendingBuild.resolve();
          this.pendingBuild = null;
        }
        return;
      }
      case 'progress': {
        if (this.isStale(message.runId)) return;
        this.progressEventCount++;
        for (let index = 0; index < message.trainLoss.length; index++) this.history.trainLoss.push(message.trainLoss[index]);
        for (let index = 0; index < message.gradNorm.length; index++) this.history.gradNorm.push(message.gradNorm[index]);
        const wasTraining = this.snapshot.status === 'training';
        this.setSnapshot({
          status: message.status,
          step: message.step,
          epoch: message.epoch,
          totalSteps: message.totalSteps,
          stepsPerEpoch: message.stepsPerEpoch,
          stepsPerSecond: message.stepsPerSecond,
          etaSeconds: message.etaSeconds,
          weightsVersion: this.snapshot.weightsVersion + 1,
        });
        for (const listener of this.progressListeners) listener(message);
        if (wasTraining && message.status !== 'training') this.requestCheckpoint();
        return;
      }
      case 'metrics': {
        if (this.isStale(message.runId)) return;
        if (message.metrics.split !== 'val') {
          // The end-of-run test evaluation (or another split) is reported, not drawn as a validation point.
          if (message.metrics.split === 'test') this.setSnapshot({ testMetrics: message.metrics });
          return;
        }
        this.history.metrics.push(message);
        for (const listener of this.metricsListeners) listener(message);
        // The live sample is drawn, but lastMetrics stays the last full validation, and a sample every few
        // seconds is no reason to checkpoint.
        if (message.scope === 'subset') return;
        this.setSnapshot({ lastMetrics: message.metrics });
        // Every full evaluation is an epoch end or a pause: a good moment for a recovery checkpoint.
        this.requestCheckpoint();
        return;
      }
      case 'status': {
        if (this.isStale(message.runId)) return;
        const wasTraining = this.snapshot.status === 'training';
        this.setSnapshot({ status: message.status, statusMessage: message.message ?? null });
        if (wasTraining && (message.status === 'paused' || message.status === 'done')) this.requestCheckpoint();
        return;
      }
      case 'diverged': {
        if (this.isStale(message.runId)) return;
        this.setSnapshot({
          lastDiverged: message,
          status: 'diverged',
          weightsVersion: this.snapshot.weightsVersion + 1,
        });
        return;
      }
      case 'error': {
        this.handleError(message);
        return;
      }
      case 'gloveProgress': {
        this.pending.get(message.requestId)?.onProgress?.(message);
        return;
      }
      case 'traceResult':
      case 'predictResult':
      case 'evaluateResult':
      case 'exportResult':
      case 'importResult':
      case 'dataReady':
      case 'gloveResult':
      case 'uploadResult': {
        const pending = this.pending.get(message.requestId);
        if (!pending || !pending.accepts.has(message.type)) return;
        this.pending.delete(message.requestId);
        pending.resolve(message);
        return;
      }
      default: {
        const unexpected: never = message;
        throw new Error(`Unknown message from the worker: ${JSON.stringify(unexpected)}`);
      }
    }
  }

  private handleError(message: Extract<FromWorker, { type: 'error' }>): void {
    const error = new WorkerError(message.where, message.error);
    if (message.requestId !== undefined) {
      const pending = this.pending.get(message.requestId);
      if (pending) {
        this.pending.delete(message.requestId);
        pending.reject(error);
      }
    }
    // A lost device concerns the worker, whatever run it was on.
    const deviceLost = /device ?lost|GPUDevice.*lost/i.test(`${message.error.name} ${message.error.message}`);
    if (deviceLost) {
      this.setSnapshot({ errors: { ...this.snapshot.errors, [message.where]: error.message } });
      void this.restartWorker('the GPU device was lost', true);
      return;
    }
    if (message.runId !== undefined && this.isStale(message.runId)) return;
    if (message.runId !== undefined && this.pendingBuild?.runId === message.runId) {
      this.pendingBuild.reject(error);
      this.pendingBuild = null;
    }
    this.setSnapshot({ errors: { ...this.snapshot.errors, [message.where]: error.message } });
  }
}
