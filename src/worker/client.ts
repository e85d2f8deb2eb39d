/**
 * The main thread's side of the worker boundary: one `TrainerClient` owns the trainer worker and offers the
 * commands the UI calls. The jobs around it live beside it:
 *  - workerConnection.ts owns one worker's lifetime (init first, crash events);
 *  - requests.ts pairs requests with their typed replies;
 *  - clientStore.ts keeps the low-rate facts React renders (useSyncExternalStore);
 *  - runStreams.ts hands the high-rate streams to the charts and keeps the run's history;
 *  - recovery.ts keeps the checkpoint and restores a restarted worker;
 *  - autoBackend.ts decides what `auto` runs on, measuring in a probe worker beside the app.
 * Every run (`build`/`import`) gets a fresh runId and events of older runs are dropped.
 * No TensorFlow.js here: this module is in the main bundle.
 */
import type { Dataset, InputLevel } from '../data/types';
import { configOfSummary, modelFileHeader } from '../model/architecture';
import { inspectWebGpuAdapter } from '../model/backendAdapter';
import { nextFallbackBackend } from '../model/backendTypes';
import type { CharLmConfig, CharLmTrace, EvalMetrics, GeneratedText, InspectionTrace, ModelConfig, ModelSummary, ParameterRow, Prediction, SamplingOptions, ScoredText, TbpttSettings, TextActivations, TextContinuation, TextSaliency, TrainConfig } from '../model/types';
import { AutoBackend, browserAutoEnvironment, canSwitchNow } from './autoBackend';
import type { AutoEnvironment } from './autoBackend';
import { ClientStore } from './clientStore';
import type { ClientSnapshot, ErrorPlace } from './clientStore';
import type {
  BackendChoice,
  BackendName,
  FromWorker,
  GloveResultMessage,
  LmMetricsMessage,
  MetricsMessage,
  ProgressMessage,
  SerializedModelFile,
  ToWorker,
  UploadResultMessage,
} from './protocol';
import { CrashRecovery } from './recovery';
import type { RecoveryHost } from './recovery';
import { RequestChannel, WorkerError, WorkerRestartedError } from './requests';
import { RunStreams } from './runStreams';
import { WorkerConnection } from './workerConnection';
import type { RunHistory } from './runStreams';
import type { RaceRecord } from './raceRecord';
import type { MemoryRaceFinishedMessage, MemoryRaceProgressMessage, StartMemoryRaceMessage } from './protocol';
import type { GradientProfileResultMessage, TaskRaceEvent, TaskRaceMember, TaskRaceRecord } from './protocol';
import { RaceInterruptedError, TaskRaceChannel } from './taskRaceClient';
import { blockedOrigin, originAfterReset, originAfterTrainChange, originOfImport, seededOrigin, type ReplayBlocker, type RunOrigin } from './runOrigin';

export type { AutoBackendState } from './autoBackend';
export type { BackendMove, ClientSnapshot, ErrorPlace } from './clientStore';
export type { RunHistory } from './runStreams';
export { WorkerError, WorkerRestartedError } from './requests';
export { RaceInterruptedError } from './taskRaceClient';
export { REPLAY_BLOCKERS, checkRunOrigin } from './runOrigin';
export type { ReplayBlocker, RunOrigin } from './runOrigin';

/** What a kept run shows besides its weights (see `importModel`). */
export interface KeptRunHistory {
  step: number;
  epoch: number;
  totalSteps: number;
  stepsPerEpoch: number;
  history: RunHistory;
  lastMetrics: EvalMetrics | null;
  testMetrics: EvalMetrics | null;
  /** The kept-runs record the run was kept as (`ClientSnapshot.keptRecordId`), so the run put back still updates it. */
  keptRecordId: string | null;
  /**
   * Whether the run could be replayed when it was kept (`ClientSnapshot.origin`): a run that goes on exactly from
   * its checkpoint (its optimiser state kept with it) stays as replayable as it was. Absent in earlier stories.
   */
  origin?: RunOrigin | null;
}

/** A run taken out of the worker to be put back later (`exportRun`): its weights and its story with them. */
export interface ExportedRun {
  file: SerializedModelFile;
  story: KeptRunHistory;
}

/** What a kept language model's run shows besides its weights (see `importCharLm`, `importTextLm`). */
export interface KeptLmRun {
  step: number;
  epoch: number;
  totalSteps: number;
  stepsPerEpoch: number;
  history: RunHistory;
  lmHistory: readonly LmMetricsMessage[];
}

export interface TrainerClientOptions {
  backend: BackendChoice;
  baseUrl: string;
  /** Make the worker; tests pass a fake. */
  createWorker?: () => Worker;
  /** Where `auto` remembers and measures; tests pass a fake. */
  autoEnvironment?: AutoEnvironment;
}

export class TrainerClient implements RecoveryHost {
  private connection: WorkerConnection;
  private readonly createWorker: () => Worker;
  private readonly baseUrl: string;
  readonly store: ClientStore;
  readonly requests = new RequestChannel((message, transfer) => this.send(message, transfer));
  private readonly streams = new RunStreams();
  private readonly recovery = new CrashRecovery();
  private readonly auto: AutoBackend;
  /** The backend the current worker was asked to start (concrete: `auto` is resolved here). */
  private startedBackend: BackendName | null = null;
  private nextRunId = 1;
  /** The backend `retryBackend` asked for, until the worker reports what it started. */
  private retriedBackend: BackendName | null = null;
  /** The memory-lab race this client started last (its events go to its listener; older races' are dropped). */
  private race: { runId: number; receive(message: MemoryRaceProgressMessage | MemoryRaceFinishedMessage): void; fail(error: Error): void } | null = null;
  /** The classifier race awaited (taskRaceClient.ts). */
  private readonly taskRaces = new TaskRaceChannel();
  dataset: Dataset | null = null;
  lastBuild: { model: ModelConfig; train: TrainConfig } | null = null;
  lastCharLmBuild: { model: CharLmConfig; train: TrainConfig } | null = null;
  /** The own-text model held: the text it trains on (null: opened without one), its architecture and K. */
  lastTextLm: { corpus: string | null; model: CharLmConfig; tbptt: TbpttSettings } | null = null;
  lastTrain: TrainConfig | null = null;
  /** Under `auto` before any build: the model the UI would build, so the probe can time it before the first Play. */
  private plannedModel: { model: ModelConfig; train: TrainConfig } | null = null;
  private pendingBuild: { runId: number; resolve: () => void; reject: (error: Error) => void } | null = null;
  private isDisposed = false;
  private isCheckpointInFlight = false;
  /** What the last reset cleared on this side (curves, counters, results, checkpoint), for `undoReset`. */
  private beforeReset: {
    history: RunHistory;
    /** A names generator's evaluations (validation curve, epoch samples, test result). */
    lmHistory: readonly LmMetricsMessage[];
    facts: Pick<ClientSnapshot, 'step' | 'epoch' | 'lastMetrics' | 'testMetrics' | 'lastDiverged' | 'keptRecordId'>;
    checkpoint: { file: SerializedModelFile; step: number } | null;
    origin: RunOrigin | null;
  } | null = null;

  constructor(options: TrainerClientOptions) {
    this.baseUrl = options.baseUrl;
    this.store = new ClientStore(options.backend);
    this.auto = new AutoBackend(
      options.autoEnvironment ?? browserAutoEnvironment(async () => (await inspectWebGpuAdapter()).description),
      (auto) => {
        if (this.store.getSnapshot().backendChoice === 'auto') this.store.set({ auto });
      },
    );
    this.createWorker =
      options.createWorker ??
      (() => new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' }));
    this.connection = this.connect(options.backend === 'auto' ? null : options.backend);
  }

  // ------------------------------------------------------------ store and streams

  /** For useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  /** For useSyncExternalStore: the same object until something changes. */
  readonly getSnapshot = (): ClientSnapshot => this.store.getSnapshot();

  /** Progress of the current run (throttled by the worker to one message per 60 ms at most). Returns an unsubscribe function. */
  onProgress(listener: (message: ProgressMessage) => void): () => void {
    return this.streams.progress.add(listener);
  }

  /** Validation evaluations of the current run (end of each epoch); the final test evaluation is `testMetrics`. */
  onMetrics(listener: (message: MetricsMessage) => void): () => void {
    return this.streams.metrics.add(listener);
  }

  /**
   * The current classifier run finished: its end-of-run test evaluation arrived (already `testMetrics`). Only a
   * run that trains to its end says so, never one reopened already finished, so a listener keeps each run once.
   */
  onRunFinished(listener: (message: MetricsMessage) => void): () => void {
    return this.streams.finished.add(listener);
  }

  /** A names generator's evaluations (per-character NLL, perplexity, bits, and the epoch's samples). */
  onLmMetrics(listener: (message: LmMetricsMessage) => void): () => void {
    return this.streams.lmMetrics.add(listener);
  }

  /** The names generator's evaluations of the current run so far. */
  getLmHistory(): readonly LmMetricsMessage[] {
    return this.streams.getLmHistory();
  }

  /** A names generator's checkpoint (its `char-lm` file text) with its step: the UI persists it as `onCheckpoint`'s. */
  onCharLmCheckpoint(listener: (text: string, step: number) => void): () => void {
    return this.streams.charLmCheckpoints.add(({ text, step }) => listener(text, step));
  }

  /** A new checkpoint was exported (epoch end, pause), with the step its weights are from: the UI persists it. */
  onCheckpoint(listener: (file: SerializedModelFile, step: number) => void): () => void {
    return this.streams.checkpoints.add(({ file, step }) => listener(file, step));
  }

  /** The run's history was cleared (new build, import, reset) or a kept one put back: charts redraw from `getHistory()`. */
  onHistoryReset(listener: () => void): () => void {
    return this.streams.resets.add(listener);
  }

  /** The current run's curves so far, for a chart built after the run started. */
  getHistory(): Readonly<RunHistory> {
    return this.streams.getHistory();
  }

  /** Count of progress events accepted (the e2e hook reads it). */
  get progressEventCount(): number {
    return this.streams.progressEventCount;
  }

  /** The last model file kept for recovery, or null. */
  getCheckpoint(): SerializedModelFile | null {
    return this.recovery.checkpoint;
  }

  /** What the user chose (may differ from the backend active after a fallback, or from what `auto` runs). */
  getBackendChoice(): BackendChoice {
    return this.store.getSnapshot().backendChoice;
  }

  getDataset(): Dataset | null {
    return this.dataset;
  }

  // ------------------------------------------------------------ commands

  /** Give the worker a data set; resolves when it has it. Replaces the data only when the worker accepted it. */
  async setData(dataset: Dataset): Promise<void> {
    await this.requests.request({ type: 'setData', dataset });
    this.dataset = dataset;
    this.store.set({ dataId: dataset.id });
    this.measureIfNeeded();
  }

  /**
   * Under `auto`, the model the UI is about to build: the probe can time it while the student is still
   * reading, so the fastest backend is in place before the first Play. Ignored when nothing needs measuring.
   */
  planModel(model: ModelConfig, train: TrainConfig): void {
    this.plannedModel = { model, train };
    this.measureIfNeeded();
  }

  /** Build a fresh model: a new run. Resolves when the worker reports `built`. */
  build(model: ModelConfig, train: TrainConfig): Promise<void> {
    const runId = this.newRun();
    this.lastBuild = { model, train };
    this.lastCharLmBuild = null;
    this.lastTextLm = null;
    this.lastTrain = train;
    this.recovery.forget();
    this.store.set({ hasCheckpoint: false, status: 'empty', model: null, charLmModel: null, parameters: null, isUntrained: true, origin: seededOrigin(train) });
    this.clearError('train');
    this.pendingBuild?.reject(new Error('Replaced by a newer build.'));
    return new Promise<void>((resolve, reject) => {
      this.pendingBuild = { runId, resolve, reject };
      this.send({ type: 'build', runId, model, train });
    });
  }

  /**
   * Build a fresh names generator (character LM) on the data held: a new run, driven by start/pause/step/reset
   * like a classifier, and kept for crash recovery as a classifier is (its checkpoints, else this build).
   */
  buildCharLm(model: CharLmConfig, train: TrainConfig): Promise<void> {
    const runId = this.newRun();
    this.lastBuild = null;
    this.lastCharLmBuild = { model, train };
    this.lastTextLm = null;
    this.lastTrain = train;
    this.recovery.forget();
    this.store.set({ hasCheckpoint: false, status: 'empty', model: null, charLmModel: null, parameters: null });
    this.clearError('train');
    this.pendingBuild?.reject(new Error('Replaced by a newer build.'));
    return new Promise<void>((resolve, reject) => {
      this.pendingBuild = { runId, resolve, reject };
      this.send({ type: 'buildCharLm', runId, model, train });
    });
  }

  /**
   * `count` names for `condition` from the current generator; the same options (seed included) give the same names.
   * Like `score` and `traceCharLm`, a failure is only the caller's to show (Generate shows each beside its control).
   */
  async sample(condition: string | null, count: number, options: SamplingOptions): Promise<GeneratedText[]> {
    return (await this.requests.request({ type: 'sample', condition, count, options }, { showsOwnError: true })).texts;
  }

  /** Teacher-forced per-step log-probabilities of texts under the current generator. */
  async score(items: { text: string; condition: string | null }[]): Promise<ScoredText[]> {
    return (await this.requests.request({ type: 'score', items }, { showsOwnError: true })).scored;
  }

  /** Every layer's states and gates of the current generator while it reads `text` for `condition` (teacher forced). */
  async traceCharLm(text: string, condition: string | null): Promise<CharLmTrace> {
    return (await this.requests.request({ type: 'traceCharLm', text, condition }, { showsOwnError: true })).trace;
  }

  /**
   * Open a `char-lm` model file (its text): a new run, made current only once the worker accepted it.
   * `kept` for a kept checkpoint (reload): the run counts on from its step, paused (done when that step ends its
   * epochs under `train`, the settings it was trained with), with its curves and
   * evaluations back before the checkpoint is announced (so a listener keeping it keeps them too). The file is
   * also the recovery checkpoint until training takes a newer one.
   */
  async importCharLm(text: string, train?: TrainConfig, kept?: KeptLmRun): Promise<{ model: CharLmConfig; parameters: ParameterRow[] }> {
    const step = kept?.step ?? 0;
    const runId = this.allocateRunId();
    this.clearError('import');
    // The settings go with the file, so the worker knows the run's length: whether a kept run had finished.
    const settings = train ?? this.lastTrain;
    const result = await this.requests.request({ type: 'importCharLm', runId, text, ...(step > 0 ? { step } : {}), ...(settings ? { train: settings } : {}) });
    if (result.runId < this.runId) throw new Error('Replaced by a newer model.');
    if (train) this.lastTrain = train;
    this.activateRun(runId);
    this.lastBuild = null;
    this.lastTextLm = null;
    // Without a checkpoint (after a reset), a restart can at least rebuild this architecture, as for a classifier.
    this.lastCharLmBuild = this.lastTrain ? { model: result.model, train: this.lastTrain } : null;
    this.applyImportedCharLm(result.model, result.parameters);
    this.store.set(step > 0 ? { step, status: result.status, isUntrained: false } : { isUntrained: false });
    if (kept) this.restoreCharLmHistory(kept);
    this.keepCharLmCheckpoint(text, step);
    return { model: result.model, parameters: result.parameters };
  }

  /**
   * A fresh model's length under the settings it was built with, so the progress reads "Step 0 of 290" before the
   * first Play (it read "0 of 0" until the first progress message); the worker's progress messages say it from then on.
   */
  private plannedSteps(stepsPerEpoch: number): number {
    return this.lastTrain ? stepsPerEpoch * this.lastTrain.epochs : 0;
  }

  /** The current generator's model file text (kind `char-lm`); also kept as the recovery checkpoint. */
  async exportCharLm(): Promise<string> {
    const runId = this.runId;
    const { text, step } = await this.requests.request({ type: 'exportCharLm' });
    if (runId === this.runId) this.keepCharLmCheckpoint(text, step);
    return text;
  }

  /**
   * Put back a language model's run kept before a reload (its checkpoint was just imported at `step`): the
   * training curve, the evaluations (validation curve, epoch samples, test result) and the counters.
   */
  private restoreCharLmHistory(story: KeptLmRun): void {
    this.streams.replaceWithLm(story.history, story.lmHistory);
    const { step, epoch, totalSteps, stepsPerEpoch } = story;
    this.store.set({ step, epoch, totalSteps, stepsPerEpoch });
  }

  /**
   * Build a model of the student's own text (truncated BPTT; `train.batchSize` streams, windows of
   * `tbptt.windowLength`): a new run, driven by start/pause/step/reset like the names generator, and kept for
   * crash recovery as it is (its checkpoints with this text, else this build).
   */
  buildTextLm(text: string, model: CharLmConfig, train: TrainConfig, tbptt: TbpttSettings): Promise<void> {
    const runId = this.newRun();
    this.lastBuild = null;
    this.lastCharLmBuild = null;
    this.lastTextLm = { corpus: text, model, tbptt };
    this.lastTrain = train;
    this.recovery.forget();
    this.store.set({ hasCheckpoint: false, status: 'empty', model: null, charLmModel: null, parameters: null });
    this.clearError('train');
    this.pendingBuild?.reject(new Error('Replaced by a newer build.'));
    return new Promise<void>((resolve, reject) => {
      this.pendingBuild = { runId, resolve, reject };
      this.send({ type: 'buildTextLm', runId, text, model, train, tbptt });
    });
  }

  /** A new window length K for the current own-text model (its streams are cut again). */
  updateTbptt(tbptt: TbpttSettings): void {
    if (this.lastTextLm) this.lastTextLm = { ...this.lastTextLm, tbptt };
    this.send({ type: 'updateTbptt', runId: this.runId, tbptt });
  }

  /**
   * Open a `char-lm` file with no conditions as a model of the student's own text; `corpus` trains it when its
   * alphabet fits. `kept` for a kept checkpoint (reload, back in the lab), as for `importCharLm`. The file is
   * also the recovery checkpoint until training takes a newer one.
   */
  async importTextLm(text: string, corpus: string | null, train: TrainConfig, tbptt: TbpttSettings, kept?: KeptLmRun): Promise<{ model: CharLmConfig; parameters: ParameterRow[] }> {
    const step = kept?.step ?? 0;
    const runId = this.allocateRunId();
    this.clearError('import');
    const result = await this.requests.request({ type: 'importTextLm', runId, text, corpus, train, tbptt, ...(step > 0 ? { step } : {}) });
    if (result.runId < this.runId) throw new Error('Replaced by a newer model.');
    this.activateRun(runId);
    this.lastBuild = null;
    this.lastCharLmBuild = null;
    this.lastTextLm = { corpus, model: result.model, tbptt };
    this.lastTrain = train;
    this.applyImportedCharLm(result.model, result.parameters);
    // The worker says whether the kept run had finished: it knows the run's length under the settings sent.
    this.store.set(step > 0 ? { step, status: result.status, isUntrained: false } : { isUntrained: false });
    if (kept) this.restoreCharLmHistory(kept);
    this.keepCharLmCheckpoint(text, step);
    return { model: result.model, parameters: result.parameters };
  }

  /** Hidden states of the own-text model after each character of `text`. */
  async textActivations(text: string): Promise<TextActivations> {
    return (await this.requests.request({ type: 'textActivations', text })).activations;
  }

  /** Which earlier characters the prediction of character `position` of `text` leaned on. */
  async textSaliency(text: string, position: number): Promise<TextSaliency> {
    return (await this.requests.request({ type: 'textSaliency', text, position })).saliency;
  }

  /** `length` characters sampled after `prime` by the own-text model. */
  async continueText(prime: string, length: number, temperature: number, topK: number | null, seed: number): Promise<TextContinuation> {
    return (await this.requests.request({ type: 'continueText', prime, length, temperature, topK, seed })).continuation;
  }

  /**
   * Leave the own-text model: the screens that build their own models find none and build theirs (the worker
   * keeps it until then; events of its run are dropped from now on).
   */
  leaveTextLm(): void {
    if (this.store.getSnapshot().charLmModel?.conditions.length !== 0) return;
    this.newRun();
    this.lastTextLm = null;
    this.recovery.forget();
    this.store.set({ hasCheckpoint: false, status: 'empty', model: null, charLmModel: null, parameters: null });
  }

  start(): void {
    this.forgetReset();
    this.clearError('train');
    this.auto.suggest(null);
    this.send({ type: 'start', runId: this.runId });
  }

  pause(): void {
    this.send({ type: 'pause', runId: this.runId });
  }

  /** Run `steps` batches, then pause. */
  step(steps = 1): void {
    this.forgetReset();
    this.clearError('train');
    this.send({ type: 'step', runId: this.runId, steps });
  }

  /**
   * Re-initialise the weights from the seed; the curves start again. Undoable (`undoReset`) until training
   * goes on: the worker keeps the replaced weights and optimiser, this side the curves and results.
   */
  reset(): void {
    const snapshot = this.store.getSnapshot();
    const checkpoint = this.recovery.checkpoint;
    this.beforeReset = {
      history: this.streams.getHistory(),
      lmHistory: this.streams.getLmHistory(),
      facts: { step: snapshot.step, epoch: snapshot.epoch, lastMetrics: snapshot.lastMetrics, testMetrics: snapshot.testMetrics, lastDiverged: snapshot.lastDiverged, keptRecordId: snapshot.keptRecordId },
      checkpoint: checkpoint ? { file: checkpoint, step: this.recovery.checkpointStep } : null,
      origin: snapshot.origin,
    };
    this.streams.clear();
    // A crash after the reset rebuilds the fresh weights from the last build. An opened word model has no
    // build on this side (its vocabulary stays in the worker), so its checkpoint is kept to restore instead.
    if (this.lastBuild) this.recovery.forget();
    this.isCheckpointInFlight = false;
    this.store.setWithNewWeights({
      step: 0,
      epoch: 0,
      lastMetrics: null,
      testMetrics: null,
      lastDiverged: null,
      // Trained again from fresh weights, it is another run: kept beside the one it replaced, not over it.
      keptRecordId: null,
      hasCheckpoint: false,
      undoableResetFrom: snapshot.step,
      isUntrained: true,
      origin: snapshot.origin && this.lastTrain ? originAfterReset(snapshot.origin, this.lastTrain) : snapshot.origin,
    });
    this.send({ type: 'reset', runId: this.runId });
    // No checkpoint of the fresh weights: the saved model stays the trained one until training goes on, so a
    // reload right after a reset still brings the trained weights back. A crash now rebuilds from the seed,
    // which gives the same fresh weights.
  }

  /** Put back what the last reset replaced: weights and optimiser (in the worker), curves, step and results. */
  undoReset(): void {
    const before = this.beforeReset;
    if (!before || this.store.getSnapshot().undoableResetFrom === null) return;
    this.forgetReset();
    this.send({ type: 'undoReset', runId: this.runId });
    this.streams.restore(before.history, before.lmHistory);
    this.store.setWithNewWeights({ ...before.facts, status: 'paused', origin: before.origin });
    if (before.checkpoint) this.keepCheckpoint(before.checkpoint.file, before.checkpoint.step);
    // After the undo the worker holds the old weights again; a fresh export makes that the saved model.
    this.requestCheckpoint();
  }

  /** Keep the reset (hides the undo and frees what it held). */
  forgetReset(): void {
    this.beforeReset = null;
    if (this.store.getSnapshot().undoableResetFrom !== null) this.store.set({ undoableResetFrom: null });
  }

  /** Change optimiser settings of the current run without losing weights. */
  updateTrainConfig(train: TrainConfig): void {
    const { origin, step, status } = this.store.getSnapshot();
    // While training the step shown may lag the worker's by a progress message: any step counts as mid-run.
    if (origin) this.store.set({ origin: originAfterTrainChange(origin, train, status === 'training' ? Math.max(1, step) : step) });
    this.lastTrain = train;
    if (this.lastBuild) this.lastBuild = { ...this.lastBuild, train };
    this.send({ type: 'updateTrainConfig', runId: this.runId, train });
  }

  /**
   * Switch backend; the worker answers with a `backend` report (and an error with where='backend' if it
   * failed). `auto` goes back to the remembered or measured choice, measuring again if none is known.
   */
  setBackend(choice: BackendChoice): void {
    this.clearError('backend');
    if (choice !== 'auto') this.auto.cancel();
    this.store.set({ backendChoice: choice, auto: choice === 'auto' ? this.auto.current : null, backendMove: null });
    if (choice !== 'auto') {
      this.switchTo(choice);
      return;
    }
    void this.auto.startingBackend().then((name) => {
      if (this.getBackendChoice() !== 'auto') return;
      if (name !== this.startedBackend) this.switchTo(name);
      this.measureIfNeeded();
    });
  }

  /** Take the backend `auto` measured fastest and offered (it was not switched to mid-run). */
  acceptSuggestedBackend(): void {
    const suggestion = this.store.getSnapshot().auto?.suggestion;
    if (!suggestion) return;
    this.auto.suggest(null);
    this.store.set({ backendMove: null });
    this.switchTo(suggestion);
  }

  /**
   * Start `name` again where another backend runs in its place (the one chosen, after its GPU was lost and training
   * moved on): one action back, the choice unchanged. The worker reopens the model there at the step it reached, as
   * for any switch. Where `name` still cannot start, the worker falls back along the usual order, training goes on
   * there at the same step, and the backend's error note says why.
   */
  retryBackend(name: BackendName): void {
    this.clearError('backend');
    this.store.set({ backendMove: null });
    this.switchTo(name, true);
  }

  /** A failure also lands in the 'trace' error place (as every request's does); a trace answered clears it. */
  async trace(text: string, targetClass: number | null): Promise<InspectionTrace> {
    const { trace } = await this.requests.request({ type: 'trace', text, targetClass });
    this.clearError('trace');
    return trace;
  }

  async predict(texts: string[], k: number): Promise<Prediction[]> {
    return (await this.requests.request({ type: 'predict', texts, k })).predictions;
  }

  async evaluate(split: 'train' | 'val' | 'test'): Promise<EvalMetrics> {
    return (await this.requests.request({ type: 'evaluate', split })).metrics;
  }

  /** The current model as a portable file (serialised in the worker); also kept as the recovery checkpoint. */
  async exportModel(): Promise<SerializedModelFile> {
    const runId = this.runId;
    const { file, step } = await this.requests.request({ type: 'export' });
    if (runId === this.runId) this.keepCheckpoint(file, step);
    return file;
  }

  /**
   * "Keep this run (with its weights)": the current model exported as `exportModel` does (its checkpoint kept), its
   * text written by the worker to the run store's weights store under `keptRunId` before this resolves, with the
   * text's length (the record's `weightsLength`) and the value of the pending keep's mark the worker set with it (for
   * runStore's saveRunWithStoredWeights to clear). The page never holds the text (an SST-2 model's is 31 MB).
   */
  async keepWeights(keptRunId: string): Promise<{ file: SerializedModelFile; weightsLength: number; pendingMark: number }> {
    const runId = this.runId;
    const { file, step, keptWeightsLength, keptWeightsMark } = await this.requests.request({ type: 'export', keepWeightsAs: keptRunId });
    if (runId === this.runId) this.keepCheckpoint(file, step);
    if (keptWeightsLength === undefined || keptWeightsMark === undefined) throw new Error('The worker did not keep the weights.');
    return { file, weightsLength: keptWeightsLength, pendingMark: keptWeightsMark };
  }

  /**
   * The current run, to put back later as it was (`importModel(run.file.blob, train, run.story, …)`): its weights
   * as a model file, and its story as it stands with them (curves, step, epoch, results, the kept record). What an
   * opened model or a rebuild keeps of the run it replaces, for "Undo: restore previous model". The curves are a
   * copy: the live ones go on growing until the run is replaced.
   */
  async exportRun(): Promise<ExportedRun> {
    const runId = this.runId;
    const { file, step } = await this.requests.request({ type: 'export' });
    if (runId !== this.runId) throw new Error('Replaced by a newer model.');
    this.keepCheckpoint(file, step);
    const { epoch, totalSteps, stepsPerEpoch, lastMetrics, testMetrics, keptRecordId } = this.store.getSnapshot();
    const { trainLoss, gradNorm, metrics } = this.streams.getHistory();
    const history = { trainLoss: [...trainLoss], gradNorm: [...gradNorm], metrics: [...metrics] };
    return { file, story: { step, epoch, totalSteps, stepsPerEpoch, history, lastMetrics, testMetrics, keptRecordId } };
  }

  /**
   * Open a model file (a File picked, or a kept checkpoint's Blob): a new run. The worker reads, parses and
   * checks it; this thread never holds its text. Rejects with the worker's message when the file is refused.
   * `kept` for a kept checkpoint (reload, task switch): its story (curves, epoch, evaluations), or only the step
   * its weights are from; the run counts on from that step, paused (done when that step ends its epochs under
   * `train`, the settings it was trained with). The story is back before the checkpoint is
   * announced, so a listener keeping it (the UI's IndexedDB copy) keeps the story too, not an empty one.
   * `fitsData` says whether the model is the loaded task's (it trains) or only predicts. `cause` says where the
   * file comes from, which is why the run cannot be replayed (a file the user opened, a kept checkpoint, …).
   */
  async importModel(file: Blob | SerializedModelFile, train?: TrainConfig, kept: KeptRunHistory | number = 0, cause: ReplayBlocker = 'opened-file'): Promise<{ model: ModelSummary; parameters: ParameterRow[]; fitsData: boolean }> {
    const step = typeof kept === 'number' ? kept : kept.step;
    // A kept checkpoint comes whole, with its optimiser state when it has one; a file the user opened is a Blob.
    const { blob, optimizerState } = file instanceof Blob ? { blob: file, optimizerState: undefined } : file;
    // The run becomes current only once the worker accepted the file: a refused file leaves the
    // current model, its run and its curves exactly as they were.
    const runId = this.allocateRunId();
    this.clearError('import');
    // The settings go with the file: the worker then knows the run's length, so whether a kept run had finished.
    const settings = train ?? this.lastTrain;
    const result = await this.requests.request({ type: 'import', runId, file: blob, ...(step > 0 ? { step, ...(optimizerState ? { optimizerState } : {}) } : {}), ...(settings ? { train: settings } : {}) });
    if (result.runId < this.runId) throw new Error('Replaced by a newer model.');
    if (train) this.lastTrain = train;
    this.activateRun(runId);
    this.lastCharLmBuild = null;
    this.lastTextLm = null;
    this.applyImported(result.model, result.parameters);
    // Without a checkpoint, a restart can at least rebuild this architecture (where this side knows all of it).
    const config = configOfSummary(result.model);
    this.lastBuild = config && this.lastTrain ? { model: config, train: this.lastTrain } : null;
    const { model } = result;
    const resumedExactly = result.resumedExactly === true;
    const origin = originOfImport(typeof kept === 'number' ? null : (kept.origin ?? null), resumedExactly, cause, step, settings ?? null);
    this.store.set(step > 0 ? { step, status: result.status, isUntrained: false, origin } : { isUntrained: false, origin });
    if (typeof kept !== 'number') this.restoreHistory(kept);
    // The optimiser state goes on being kept only where the worker took it up (it is the optimiser's now).
    this.keepCheckpoint({ blob, model: modelFileHeader(model), classes: model.classes, inputType: model.input.type, ...(resumedExactly ? { optimizerState } : {}) }, step);
    return { model: result.model, parameters: result.parameters, fitsData: result.fitsData };
  }

  /**
   * Put back what the current run showed before a reload or a task switch (its checkpoint was just
   * imported at `step`): the curves (the charts redraw them), the epoch and the evaluations.
   */
  private restoreHistory(story: KeptRunHistory): void {
    this.streams.replace(story.history);
    const { step, epoch, totalSteps, stepsPerEpoch, lastMetrics, testMetrics, keptRecordId } = story;
    this.store.set({ step, epoch, totalSteps, stepsPerEpoch, lastMetrics, testMetrics, keptRecordId });
  }

  /** The current run was kept as the kept-runs record `recordId` (see `ClientSnapshot.keptRecordId`). */
  noteKept(recordId: string): void {
    if (this.store.getSnapshot().keptRecordId !== recordId) this.store.set({ keptRecordId: recordId });
  }

  /** Parse an upload in the worker; resolves with the data set and warnings, or rejects with the reason. */
  parseUpload(files: File[], level: InputLevel): Promise<UploadResultMessage> {
    return this.requests.request({ type: 'parseUpload', files, level });
  }

  /** Stream a GloVe file into the current model's embedding (in the worker). */
  async loadGlove(file: File, onProgress: (bytesRead: number, totalBytes: number) => void): Promise<GloveResultMessage> {
    const reply = await this.requests.request({ type: 'loadGlove', file }, { onProgress: (message) => onProgress(message.bytesRead, message.totalBytes) });
    this.store.setWithNewWeights({ origin: blockedOrigin(this.store.getSnapshot().origin, 'pretrained-embeddings', this.store.getSnapshot().step) });
    return reply;
  }

  clearError(where: ErrorPlace): void {
    this.store.clearError(where);
  }

  /** Record an error that happened on the main thread next to a control (e.g. a file that cannot be read). */
  reportError(where: ErrorPlace, message: string): void {
    this.store.setError(where, message);
  }

  dismissNotice(): void {
    this.store.set({ notice: null });
  }

  /**
   * Replace the worker with a fresh one and restore what it held: the data, then the last checkpoint
   * (or the last build when no checkpoint exists yet). `failedBackend` moves on to the next backend, and
   * `whyMoved` (lower-case words) is kept as the move's reason for Why? (default: `reason`).
   */
  async restartWorker(reason: string, failedBackend = false, whyMoved = reason): Promise<void> {
    if (this.isDisposed) return;
    const failed = this.store.getSnapshot().backend?.active ?? this.startedBackend;
    this.retriedBackend = null;
    this.connection.close();
    this.requests.rejectAll(new WorkerRestartedError(reason));
    // The race lived in the old worker: nothing of it survives, so its caller hears it now, not never.
    this.race?.fail(new WorkerRestartedError(reason));
    this.taskRaces.rejectAll(new RaceInterruptedError(reason));
    const backend = failedBackend ? this.fallbackBackend() : this.startedBackend;
    this.connection = this.connect(backend);
    const wasTraining = this.store.getSnapshot().status === 'training';
    this.store.set({
      restarts: this.store.getSnapshot().restarts + 1,
      status: 'empty',
      backend: null,
      ...(failedBackend && backend !== null && failed !== null ? { backendMove: { from: failed, to: backend, why: whyMoved } } : {}),
      notice: `The training worker stopped (${reason}). It was restarted${failedBackend ? ` on ${backend}` : ''}; restoring your data and model…`,
    });
    try {
      await this.recovery.restore(this, reason, wasTraining, failedBackend ? backend : null);
    } catch (error) {
      this.reportError('worker', `Restarting the worker failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Make the worker throw an uncaught error (the e2e hook): the crash is then detected and recovered as a real one. */
  crashWorkerForTest(): void {
    this.send({ type: 'crashForTest' });
  }

  /** Lose the worker's WebGL context and WebGPU device (the e2e hook): the loss is then noticed and recovered from as a real one. */
  loseGpuForTest(): void {
    this.send({ type: 'loseGpuForTest' });
  }

  /** Make the worker's browser offer no WebGPU adapter from now on (the e2e hook), as after repeated GPU crashes, or again. */
  refuseGpuAdaptersForTest(isRefused: boolean): void {
    this.send({ type: 'refuseGpuAdaptersForTest', isRefused });
  }

  dispose(): void {
    this.isDisposed = true;
    this.auto.cancel();
    this.connection.close();
    this.requests.rejectAll(new Error('The app closed the worker.'));
    this.race?.fail(new Error('The app closed the worker.'));
    this.taskRaces.rejectAll(new Error('The app closed the worker.'));
  }

  // ------------------------------------------------------------ races of classifiers (taskRace.ts)

  /**
   * Race 2–4 classifiers on the data set held (`dataId`), beside the current run; `onEvents` gets each batch
   * of step and evaluation events. Resolves with the record when the race finishes or is stopped; rejects
   * when the worker refuses it, fails, or restarts under it (RaceInterruptedError).
   */
  startTaskRace(dataId: string, members: TaskRaceMember[], onEvents: (events: TaskRaceEvent[]) => void): Promise<TaskRaceRecord> {
    const runId = this.allocateRunId();
    const done = this.taskRaces.begin(runId, onEvents);
    this.send({ type: 'startTaskRace', runId, dataId, members });
    return done;
  }

  /** Stop the race after its current step (its promise resolves with what was done). */
  stopTaskRace(): void {
    const runId = this.taskRaces.runId;
    if (runId !== null) this.send({ type: 'stopTaskRace', runId });
  }

  /** ‖∂L/∂h_t‖ over `text` for a kept run's weights (its model file's text), beside the current model. */
  gradientProfile(keptRunId: string, text: string, targetClass: number | null): Promise<GradientProfileResultMessage> {
    return this.requests.request({ type: 'gradientProfile', keptRunId, text, targetClass });
  }

  // ------------------------------------------------------------ the recovery's view (RecoveryHost)

  /** Typed raw send to the current worker (held until its `init` went out). */
  /**
   * Race 1–4 memory-lab models side by side in the worker; `onEvents` gets each batch of step, evaluation
   * and insight events (tagged by member index). Resolves with the race's record when it finishes or is
   * stopped. Rejects when the race fails in the worker, when the worker restarts or crashes under it
   * (WorkerRestartedError), when the app closes the worker, or when a newer race replaces it.
   */
  startMemoryRace(
    members: StartMemoryRaceMessage['members'],
    train: StartMemoryRaceMessage['train'],
    onEvents: (events: MemoryRaceProgressMessage['events']) => void,
    options: { insightSize: number } = { insightSize: 0 },
  ): Promise<RaceRecord> {
    const runId = this.allocateRunId();
    this.race?.fail(new Error('A newer race replaced this one.'));
    return new Promise((resolve, reject) => {
      const race = {
        runId,
        receive: (message: MemoryRaceProgressMessage | MemoryRaceFinishedMessage) => {
          if (message.type === 'memoryRaceProgress') {
            onEvents(message.events);
            return;
          }
          this.race = null;
          resolve(message.record);
        },
        fail: (error: Error) => {
          if (this.race === race) this.race = null;
          reject(error);
        },
      };
      this.race = race;
      this.send({ type: 'startMemoryRace', runId, members, train, insightSize: options.insightSize });
    });
  }

  /** Stop the current race after its current step (its promise resolves with what was done). */
  stopMemoryRace(): void {
    if (this.race) this.send({ type: 'stopMemoryRace', runId: this.race.runId });
  }

  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.connection.send(message, transfer);
  }

  /** A fresh run id, larger than every one used so far (also those of refused imports). */
  allocateRunId(): number {
    return this.nextRunId++;
  }

  /** Make `runId` current. `clear` false keeps the curves (recovery after a crash). */
  activateRun(runId: number, clear = true): void {
    this.forgetReset();
    if (clear) this.streams.clear();
    const snapshot = this.store.getSnapshot();
    this.store.set({
      runId,
      step: clear ? 0 : snapshot.step,
      epoch: clear ? 0 : snapshot.epoch,
      lastMetrics: clear ? null : snapshot.lastMetrics,
      testMetrics: clear ? null : snapshot.testMetrics,
      lastDiverged: null,
      origin: clear ? null : snapshot.origin,
      // A new run is kept as a new record; a run carried on after a crash (clear false) is the same run.
      keptRecordId: clear ? null : snapshot.keptRecordId,
    });
  }

  applyImported(model: ModelSummary, parameters: ParameterRow[]): void {
    this.store.setWithNewWeights({ model, charLmModel: null, parameters, status: 'ready' });
  }

  applyImportedCharLm(model: CharLmConfig, parameters: ParameterRow[]): void {
    this.store.setWithNewWeights({ model: null, charLmModel: model, parameters, status: 'ready' });
  }

  // ------------------------------------------------------------ internals

  private get runId(): number {
    return this.store.getSnapshot().runId;
  }

  /** A fresh worker started on `backend`; null (auto) looks up the remembered choice first. */
  private connect(backend: BackendName | null): WorkerConnection {
    const events = { onMessage: (message: FromWorker) => this.handle(message), onCrash: (reason: string) => this.onCrash(reason) };
    if (backend !== null) {
      this.noteStarting(backend);
      return new WorkerConnection(this.createWorker, backend, this.baseUrl, events);
    }
    const resolved = this.auto.startingBackend().then((name) => {
      if (this.connection === connection) this.noteStarting(name);
      return name;
    });
    const connection = new WorkerConnection(this.createWorker, resolved, this.baseUrl, events);
    return connection;
  }

  private noteStarting(name: BackendName): void {
    this.startedBackend = name;
    this.store.set({ startingBackend: name });
  }

  /** Ask the worker for `name`; `isRetry`: a retry's failure to start it is an error (`retryBackend`). */
  private switchTo(name: BackendName, isRetry = false): void {
    this.retriedBackend = isRetry ? name : null;
    this.noteStarting(name);
    // The worker reopens the model from a file with a fresh optimiser and sampler: harmless before the first step only.
    const { origin, step, status } = this.store.getSnapshot();
    const isMidRun = step > 0 || status === 'training';
    this.store.set({ backend: null, ...(origin && isMidRun ? { origin: blockedOrigin(origin, 'backend-switched', step, `to ${name}`) } : {}) });
    this.send({ type: 'setBackend', backend: name });
  }

  private onCrash(reason: string): void {
    const isRepeated = this.recovery.isRepeatedCrash();
    void this.restartWorker(`it crashed: ${reason}`, isRepeated, `the training worker crashed on it twice in a row (${reason})`);
  }

  private fallbackBackend(): BackendName {
    const from = this.store.getSnapshot().backend?.active ?? this.startedBackend ?? 'wasm';
    return nextFallbackBackend(from) ?? 'cpu';
  }

  /**
   * Under `auto`, with nothing valid known: measure the current task in the probe, then switch or offer.
   * Not while training: the probe would slow the run and the run would skew the figures; the next pause does it.
   */
  private measureIfNeeded(): void {
    const target = this.lastBuild ?? this.plannedModel;
    if (this.getBackendChoice() !== 'auto' || !this.auto.needsMeasurement || !this.dataset || !target) return;
    if (this.store.getSnapshot().status === 'training') return;
    const input = { dataset: this.dataset, model: target.model, train: target.train };
    void this.auto.measure(input).then((fastest) => {
      if (this.isDisposed || fastest === null || this.getBackendChoice() !== 'auto') return;
      const { status, step, backend } = this.store.getSnapshot();
      if (fastest === (backend?.active ?? this.startedBackend)) return;
      if (canSwitchNow(status, step)) this.switchTo(fastest);
      else this.auto.suggest(fastest);
    });
  }

  /** A new run, at once: older events are dropped from now on. */
  private newRun(): number {
    const runId = this.allocateRunId();
    this.activateRun(runId);
    return runId;
  }

  private keepCheckpoint(file: SerializedModelFile, step: number): void {
    this.recovery.keep(file, step);
    if (!this.store.getSnapshot().hasCheckpoint) this.store.set({ hasCheckpoint: true });
    this.streams.checkpoints.emit({ file, step });
  }

  private keepCharLmCheckpoint(text: string, step: number): void {
    this.recovery.keepCharLm(text, step);
    if (!this.store.getSnapshot().hasCheckpoint) this.store.set({ hasCheckpoint: true });
    this.streams.charLmCheckpoints.emit({ text, step });
  }

  /** Ask for a checkpoint in the background; a failure is not the user's concern unless it repeats. */
  private requestCheckpoint(): void {
    const { model, charLmModel } = this.store.getSnapshot();
    if (this.isCheckpointInFlight || (!model && !charLmModel)) return;
    this.isCheckpointInFlight = true;
    (model ? this.exportModel() : this.exportCharLm())
      .catch(() => undefined)
      .finally(() => {
        this.isCheckpointInFlight = false;
      });
  }

  /** Events of runs older than the current one are dropped (a newer one may be an import not yet confirmed). */
  private isStale(runId: number): boolean {
    return runId < this.runId;
  }

  private handle(message: FromWorker): void {
    switch (message.type) {
      case 'backend': {
        const retried = this.retriedBackend;
        this.retriedBackend = null;
        const { active, reason } = message.report;
        // A backend running again has a GPU again: a later start that finds none is no longer the loss's doing.
        const { lostGpus } = this.store.getSnapshot();
        this.store.set({ backend: message.report, ...(lostGpus.includes(active) ? { lostGpus: lostGpus.filter((name) => name !== active) } : {}) });
        if (retried !== null && active !== retried) {
          this.reportError('backend', `Trying ${retried} again failed: ${reason}. Training goes on there, from the step it had reached.`);
        }
        if (this.getBackendChoice() === 'auto') {
          this.auto.onStarted(message.report);
          this.measureIfNeeded();
        }
        return;
      }
      case 'built': {
        if (this.isStale(message.runId)) return;
        this.store.setWithNewWeights({
          model: message.model,
          charLmModel: null,
          parameters: message.parameters,
          stepsPerEpoch: message.stepsPerEpoch,
          totalSteps: this.plannedSteps(message.stepsPerEpoch),
          status: 'ready',
          statusMessage: null,
          statusReason: null,
        });
        if (this.pendingBuild?.runId === message.runId) {
          this.pendingBuild.resolve();
          this.pendingBuild = null;
        }
        this.measureIfNeeded();
        return;
      }
      case 'charLmBuilt': {
        if (this.isStale(message.runId)) return;
        this.store.setWithNewWeights({
          model: null,
          charLmModel: message.model,
          parameters: message.parameters,
          stepsPerEpoch: message.stepsPerEpoch,
          totalSteps: this.plannedSteps(message.stepsPerEpoch),
          status: 'ready',
          statusMessage: null,
          statusReason: null,
        });
        if (this.pendingBuild?.runId === message.runId) {
          this.pendingBuild.resolve();
          this.pendingBuild = null;
        }
        return;
      }
      case 'lmMetrics': {
        if (this.isStale(message.runId)) return;
        this.streams.addLmMetrics(message);
        // An epoch's validation is a good moment for a recovery checkpoint, as for a classifier.
        if (message.metrics.split === 'val') this.requestCheckpoint();
        return;
      }
      case 'progress': {
        if (this.isStale(message.runId)) return;
        const wasTraining = this.store.getSnapshot().status === 'training';
        this.store.setWithNewWeights({
          status: message.status,
          step: message.step,
          epoch: message.epoch,
          totalSteps: message.totalSteps,
          stepsPerEpoch: message.stepsPerEpoch,
          stepsPerSecond: message.stepsPerSecond,
          etaSeconds: message.etaSeconds,
          ...(message.step > 0 ? { isUntrained: false } : {}),
        });
        this.streams.addProgress(message);
        if (wasTraining && message.status !== 'training') {
          this.requestCheckpoint();
          this.measureIfNeeded();
        }
        return;
      }
      case 'metrics': {
        if (this.isStale(message.runId)) return;
        if (message.metrics.split !== 'val') {
          // The end-of-run test evaluation (or another split) is reported, not drawn as a validation point.
          if (message.metrics.split === 'test') {
            this.store.set({ testMetrics: message.metrics });
            this.streams.finished.emit(message);
          }
          return;
        }
        this.streams.addValidationMetrics(message);
        // The live sample is drawn, but lastMetrics stays the last full validation, and a sample every few
        // seconds is no reason to checkpoint.
        if (message.scope === 'subset') return;
        this.store.set({ lastMetrics: message.metrics });
        // Every full evaluation is an epoch end or a pause: a good moment for a recovery checkpoint.
        this.requestCheckpoint();
        return;
      }
      case 'status': {
        if (this.isStale(message.runId)) return;
        const wasTraining = this.store.getSnapshot().status === 'training';
        this.store.set({ status: message.status, statusMessage: message.message ?? null, statusReason: message.reason ?? null });
        if (wasTraining && (message.status === 'paused' || message.status === 'done')) this.requestCheckpoint();
        this.measureIfNeeded();
        return;
      }
      case 'diverged': {
        if (this.isStale(message.runId)) return;
        this.store.setWithNewWeights({ lastDiverged: message, status: 'diverged' });
        return;
      }
      case 'deviceLost': {
        // A lost device concerns the worker, whatever run it was on.
        const { backend, reason, message: detail } = message.info;
        const { lostGpus } = this.store.getSnapshot();
        if (!lostGpus.includes(backend)) this.store.set({ lostGpus: [...lostGpus, backend] });
        const what = backend === 'webgl' ? 'the WebGL context was lost (the GPU was reset or taken back by the browser)' : `the GPU device was lost (${reason}${detail ? `: ${detail}` : ''})`;
        this.reportError('backend', `${what[0].toUpperCase()}${what.slice(1)}; training moves to another backend from the last checkpoint.`);
        void this.restartWorker(backend === 'webgl' ? 'the WebGL context was lost' : 'the GPU device was lost', true, what);
        return;
      }
      case 'error': {
        // A failure its caller shows beside the control that asked stays out of the shared places (they would repeat it elsewhere).
        const isShownByCaller = this.requests.isShownByCaller(message);
        this.requests.receive(message);
        if (isShownByCaller) return;
        // A race's failure belongs to the lab that started it (its promise), not to the training panel.
        if (message.runId !== undefined && message.runId === this.race?.runId) {
          this.race.fail(new WorkerError(message.where, message.error));
          return;
        }
        if (this.taskRaces.receiveError(message)) return;
        if (message.runId !== undefined && this.isStale(message.runId)) return;
        const error = new WorkerError(message.where, message.error);
        if (message.runId !== undefined && this.pendingBuild?.runId === message.runId) {
          this.pendingBuild.reject(error);
          this.pendingBuild = null;
        }
        this.reportError(message.where, error.message);
        return;
      }
      case 'taskRaceProgress':
      case 'taskRaceFinished':
        this.taskRaces.receive(message);
        return;
      case 'memoryRaceProgress':
      case 'memoryRaceFinished':
        if (message.runId === this.race?.runId) this.race.receive(message);
        return;
      case 'gloveProgress':
      case 'traceResult':
      case 'predictResult':
      case 'evaluateResult':
      case 'exportResult':
      case 'importResult':
      case 'dataReady':
      case 'gloveResult':
      case 'uploadResult':
      case 'sampleResult':
      case 'scoreResult':
      case 'charLmTraceResult':
      case 'charLmImportResult':
      case 'charLmExportResult':
      case 'textActivationsResult':
      case 'textSaliencyResult':
      case 'continueTextResult':
      case 'gradientProfileResult':
        this.requests.receive(message);
        return;
      default: {
        const unexpected: never = message;
        throw new Error(`Unknown message from the worker: ${JSON.stringify(unexpected)}`);
      }
    }
  }
}
