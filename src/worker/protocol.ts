/**
 * The only contract both threads import. One interface per message, each with a string-literal
 * `type`, joined into `ToWorker` / `FromWorker`. Only structured-cloneable data crosses: never a tensor.
 *
 * Runs: every `build` starts a new run with a fresh `runId` chosen by the client; events carry it
 * and the client drops events whose `runId` is older than its current one (a stale epoch from a
 * model the user already replaced must never paint the new charts).
 * Requests (trace, predict, export, …) carry a `requestId` so their replies can be matched.
 */
import type { Dataset, InputLevel } from '../data/types';
import type {
  CharLmConfig,
  CharLmTrace,
  EvalMetrics,
  GeneratedText,
  LmMetrics,
  SamplingOptions,
  ScoredText,
  InspectionTrace,
  ModelConfig,
  ModelFile,
  ModelSummary,
  ParameterRow,
  Prediction,
  TrainConfig,
} from '../model/types';

import type { BackendName, BackendReport, DeviceLostInfo } from '../model/backendTypes';
import type { MemoryTrainDefaults } from '../model/taskDefaults';
import type { TbpttSettings, TextActivations, TextContinuation, TextSaliency } from '../model/types';
import type { RaceEvent, RaceMemberSpec, RaceRecord } from './raceRecord';
import type { TaskRaceEvent, TaskRaceMember, TaskRaceRecord } from './taskRaceRecord';

export type { RaceDivergence, RaceEvent, RaceGateSaturation, RaceInsight, RaceMemberRecord, RaceMemberSpec, RacePoint, RaceRecord } from './raceRecord';
export type { TaskRaceEvent, TaskRaceMember, TaskRaceMemberResult, TaskRaceRecord } from './taskRaceRecord';
export { BATCH_ORDER_KEYS, MAX_TASK_RACE_MEMBERS } from './taskRaceRecord';

/** The backend types live beside the code that starts backends (TF-free); both threads read them from here. */
export type { BackendChoice, BackendName, BackendReport, DeviceLostInfo } from '../model/backendTypes';

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type RunStatus = 'empty' | 'ready' | 'training' | 'paused' | 'done' | 'diverged';

// ---------------------------------------------------------------- to the worker

/**
 * Start the engine on `backend`. The worker never measures: `auto` is resolved on the main thread (a
 * remembered choice, or wasm while a probe worker measures), so the app never waits for a measurement.
 */
export interface InitMessage {
  type: 'init';
  backend: BackendName;
  /** Base URL for the wasm binaries and data assets (import.meta.env.BASE_URL on the main thread). */
  baseUrl: string;
}
export interface SetDataMessage {
  type: 'setData';
  requestId: number;
  dataset: Dataset;
}
export interface BuildMessage {
  type: 'build';
  runId: number;
  model: ModelConfig;
  train: TrainConfig;
}
export interface StartMessage {
  type: 'start';
  runId: number;
}
export interface PauseMessage {
  type: 'pause';
  runId: number;
}
export interface StepMessage {
  type: 'step';
  runId: number;
  /** Number of batches to run, then pause (default 1). */
  steps: number;
}
export interface ResetMessage {
  type: 'reset';
  runId: number;
}
/**
 * Make the worker throw an uncaught error, as a bug or an out-of-memory would: the e2e tests exercise the
 * client's real crash detection (the Worker's `error` event) and the recovery behind it with it.
 */
export interface CrashForTestMessage {
  type: 'crashForTest';
}
/**
 * Lose the GPU as a driver reset would: the WebGL context (WEBGL_lose_context) and the WebGPU device (destroy())
 * of the backends the worker started, so the e2e tests exercise the real loss events and the move to another
 * backend with them. Also those kept after a switch away (the browser reclaiming them); refused where neither
 * webgl nor webgpu ever started.
 */
export interface LoseGpuForTestMessage {
  type: 'loseGpuForTest';
}
/** Make the worker's browser offer no WebGPU adapter from now on (as after repeated GPU crashes), or again, for the e2e tests. */
export interface RefuseGpuAdaptersForTestMessage {
  type: 'refuseGpuAdaptersForTest';
  isRefused: boolean;
}
/** Put back what the last reset of this run replaced (weights, optimiser state, step); ignored once a step was trained since. */
export interface UndoResetMessage {
  type: 'undoReset';
  runId: number;
}
export interface EvaluateMessage {
  type: 'evaluate';
  requestId: number;
  split: 'train' | 'val' | 'test';
}
export interface TraceMessage {
  type: 'trace';
  requestId: number;
  text: string;
  /** Class whose loss the gradient norms are taken for; null → the predicted class. */
  targetClass: number | null;
}
export interface PredictMessage {
  type: 'predict';
  requestId: number;
  texts: string[];
  k: number;
}
export interface ImportMessage {
  type: 'import';
  requestId: number;
  runId: number;
  /**
   * The model file as the user picked it (a File) or as it was kept (a checkpoint's Blob): the worker reads
   * and parses it, so a file of tens of MB never becomes a string on the main thread.
   */
  file: Blob;
  /**
   * The training step the file was saved at, when it is a recovery checkpoint: the step count (and so the
   * curves) carries on from there instead of starting again at 0. Absent for a file the user opens.
   */
  step?: number;
  /** The checkpoint's optimiser state (`SerializedModelFile.optimizerState`), taken up when it fits the run. */
  optimizerState?: Blob;
  /**
   * The settings the run trains with from now on (a kept run's are those it was trained with): its length, and
   * so whether a kept run had finished, is known as it is installed. Absent: the worker's last ones.
   */
  train?: TrainConfig;
}
export interface ExportMessage {
  type: 'export';
  requestId: number;
  /**
   * "Keep this run (with its weights)": the kept run's id in the run store. The worker writes the file's text to
   * the weights store (KEPT_RUNS_STORAGE) under it before it replies, and the page writes the run's record only:
   * read as text, cloned into IndexedDB on the page's thread, an SST-2 model's 31 MB stalled the page.
   */
  keepWeightsAs?: string;
}
export interface SetBackendMessage {
  type: 'setBackend';
  backend: BackendName;
}
export interface LoadGloveMessage {
  type: 'loadGlove';
  requestId: number;
  file: File;
}
export interface ParseUploadMessage {
  type: 'parseUpload';
  requestId: number;
  files: File[];
  level: InputLevel;
}
export interface UpdateTrainConfigMessage {
  type: 'updateTrainConfig';
  runId: number;
  train: TrainConfig;
}

/**
 * Train 1–4 memory-lab models side by side, interleaved step by step, from one seed on the same batches
 * (worker/memoryRace.ts). Runs beside the message queue; a new race or `stopMemoryRace` ends the old one.
 */
export interface StartMemoryRaceMessage {
  type: 'startMemoryRace';
  runId: number;
  members: RaceMemberSpec[];
  train: MemoryTrainDefaults;
  /** Held-out sequences for each evaluation's ‖∂L/∂h_t‖ and gate saturation (`insight` events); 0 = none. */
  insightSize: number;
}

export interface StopMemoryRaceMessage {
  type: 'stopMemoryRace';
  runId: number;
}

// ------------------------------------------------ races of classifiers and kept runs' gradient profiles

/**
 * Train 2–4 classifiers on the data set held (`dataId` must still be it), interleaved step by step, from one
 * seed on the same batches (worker/taskRace.ts). Runs beside the message queue and beside the Train step's
 * own run; a new race or `stopTaskRace` ends the old one. `runId` comes from the client's run ids but does not
 * replace the current run. A race that runs to its end writes each member's weights under its `keepWeightsAs` (the
 * id of the run the page will keep) before `taskRaceFinished`, which carries their lengths, not the texts.
 */
export interface StartTaskRaceMessage {
  type: 'startTaskRace';
  runId: number;
  dataId: string;
  members: TaskRaceMember[];
}
export interface StopTaskRaceMessage {
  type: 'stopTaskRace';
  runId: number;
}
/**
 * Where the page's run store (src/ui/state/runStore.ts) keeps the kept runs in IndexedDB: idb-keyval databases and
 * stores, keyed by run id; the records in one, the model file's text of a run kept with its weights in another, and
 * the marks that keep a page's sweep off weights whose record is not there (yet, or for the moment) in a third.
 * The worker reads a kept run's weights there itself (`gradientProfile`, worker/keptWeights.ts), and writes those of
 * the current model when the page keeps it (`export` with `keepWeightsAs`) and those of a finished race's members
 * (`startTaskRace`, each member's `keepWeightsAs`), marked first; the page writes the records and clears the marks.
 */
export const KEPT_RUNS_STORAGE = {
  records: { database: 'rnn-playground-runs', store: 'runs' },
  weights: { database: 'rnn-playground-run-weights', store: 'weights' },
  /**
   * Run id → when, in ms since the epoch, its weights began to be without a record on purpose: the run deleted (its
   * undo may put the record back) or a pending keep (weights written ahead of their record). A page's sweep spares
   * weights marked less than runStore's MARKED_WEIGHTS_GRACE_MS ago. Named when only a delete marked: the names, and
   * the value a number, stay, so marks already stored still count (and a tab of an earlier version spares a pending
   * keep's weights as it spares a deleted run's). Each mark's value is also its setter's own (newMarkTime: a fraction
   * of a ms past the whole ms), so that whoever set it removes it only while it is still that value; earlier versions
   * stored whole ms.
   */
  marks: { database: 'rnn-playground-run-deletions', store: 'deletions' },
  /**
   * The Web Lock (navigator.locks, shared by every tab and worker of the origin) under which weights are written
   * ahead of their records, marks are set and weights whose record is gone are deleted: keptRunsLock.
   */
  lock: 'rnn-playground-kept-runs',
} as const;

/**
 * Runs `section` alone among the kept runs' sections of every tab and worker (KEPT_RUNS_STORAGE.lock). The weights
 * and the marks are two databases, and IndexedDB has no transaction over both: a page deletes weights whose record
 * is gone after reading the records and the marks (its sweep, `forgetWeights`), so a keep of the same id landing
 * between those reads and the delete lost its weights, and a sweep's delete of an old mark took a fresh mark set
 * under the same id meanwhile. Under the lock the keep's mark and weights come wholly before such a section or
 * wholly after it. Where Web Locks are missing (Node's tests, old browsers) the section runs at once, as before.
 */
export type KeptRunsLock = <T>(section: () => Promise<T>) => Promise<T>;

export const keptRunsLock: KeptRunsLock = (section) => {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: LockManager }).locks;
  return locks ? locks.request(KEPT_RUNS_STORAGE.lock, section) : section();
};

/** This thread's (tab's, worker's) first step of a ms for its marks, drawn once: another thread's is another (newMarkTime). */
let nextMarkStep = Math.floor(Math.random() * 2 ** 20);

/**
 * A mark's value (KEPT_RUNS_STORAGE.marks): `now()`'s whole ms, plus a fraction of a ms that tells this mark apart
 * from the others under its id. Who set a mark removes it only while it is still its value (runStore.ts), so a Delete
 * and a keep of one id in the same ms, in two tabs, must not give the same value, as `Date.now()` alone did. Still
 * "ms since the epoch" (a sweep reads its whole ms; an earlier version's sweep, the number), and never a whole number,
 * as the marks of earlier versions are. The fraction is a step of the finest a double holds beside that ms (1/4096 ms
 * for dates before 2039), with steps 1 … n - 1: this thread's marks take one step after another from a start drawn at
 * random per thread, so any n - 1 running marks of one thread differ, and two threads' marks in the same ms are alike
 * once in n - 1 (4095).
 */
export function newMarkTime(now: () => number): number {
  const ms = Math.floor(now());
  const steps = Math.max(2, Math.min(2 ** 20, 2 ** (52 - Math.floor(Math.log2(Math.max(ms, 1))))));
  const step = 1 + (nextMarkStep++ % (steps - 1));
  return ms + step / steps;
}

/** What writing weights ahead of their records needs of a store: idb-keyval's setMany on one store (a map in tests). */
export interface KeptRunsWrites {
  setMany(entries: [string, unknown][]): Promise<void>;
}

/**
 * Writes kept runs' weights (run id → the model file's text) ahead of their records, as both threads keep a run
 * with its weights (the page's run store, the worker's writeKeptWeights): first a pending keep's mark for each id in
 * `marks` (KEPT_RUNS_STORAGE.marks, newMarkTime over `now`), then the texts in `weights`. A page's sweep spares marked
 * weights whose record is not there yet; the code that writes the records removes the marks after them, each only
 * while it is still the value set here (runStore.ts): resolves with those values, in the order of `texts`. Cut short
 * before the records, the weights go once the marks are old. Under `lock` (keptRunsLock).
 */
export function writeWeightsAheadOfRecords(weights: KeptRunsWrites, marks: KeptRunsWrites, texts: [string, string][], now: () => number, lock: KeptRunsLock = keptRunsLock): Promise<number[]> {
  // Both under the lock: a page's sweep or forgetWeights sees the mark with the weights, or neither.
  return lock(async () => {
    const values = texts.map(() => newMarkTime(now));
    await marks.setMany(texts.map(([id], index) => [id, values[index]]));
    await weights.setMany(texts);
    return values;
  });
}

/**
 * ‖∂L/∂h_t‖ over one text for a kept run's weights (its model file's text), without touching the current model:
 * the file is opened beside it, traced and disposed. `targetClass` null → that model's own top guess. The message
 * names the kept run by id and the worker reads its weights from IndexedDB itself: read on the page and posted, an
 * SST-2 run's 31 MB text made a 0.4–0.5 s task on the page's thread per run (the read's structured clone, the post).
 */
export interface GradientProfileMessage {
  type: 'gradientProfile';
  requestId: number;
  /** The kept run's id in the run store (src/ui/state/runStore.ts). */
  keptRunId: string;
  text: string;
  targetClass: number | null;
}

// ------------------------------------------------ the names generator (a character LM) in the same worker

/** Build a fresh character LM for the data set held (its classes become the conditions): a new run, like `build`. */
export interface BuildCharLmMessage {
  type: 'buildCharLm';
  runId: number;
  model: CharLmConfig;
  train: TrainConfig;
}
/** Sample `count` texts for `condition` from the current character LM (seeded: the same options give the same texts). */
export interface SampleMessage {
  type: 'sample';
  requestId: number;
  condition: string | null;
  count: number;
  options: SamplingOptions;
}
/** Teacher-forced per-step log-probabilities of given texts under the current character LM. */
export interface ScoreMessage {
  type: 'score';
  requestId: number;
  items: { text: string; condition: string | null }[];
}
/** Every layer's states and gates of the current character LM while it reads `text` for `condition` (teacher forced). */
export interface TraceCharLmMessage {
  type: 'traceCharLm';
  requestId: number;
  text: string;
  condition: string | null;
}
/** Open a character-LM model file (kind `char-lm`, its text as read from disk): a new run. */
export interface ImportCharLmMessage {
  type: 'importCharLm';
  requestId: number;
  runId: number;
  text: string;
  /** As ImportMessage's: the step a recovery or reload checkpoint was taken at; absent for a file the user opens. */
  step?: number;
  /** As ImportMessage's: the settings the run trains with from now on, so a finished kept run reopens done. */
  train?: TrainConfig;
}
/** Serialise the current character LM as its model file. */
export interface ExportCharLmMessage {
  type: 'exportCharLm';
  requestId: number;
}

// ------------------------------------------------ a language model of the student's own text (same worker)

/**
 * Build a model of `text` (the raw text: the worker prepares it as data/textCorpus.ts does) trained with truncated
 * BPTT: a new run, answered with `charLmBuilt` like `buildCharLm`. `train.batchSize` is the number of streams.
 */
export interface BuildTextLmMessage {
  type: 'buildTextLm';
  runId: number;
  text: string;
  model: CharLmConfig;
  train: TrainConfig;
  tbptt: TbpttSettings;
}
/** Change the window length K of the current run's own-text model (its streams are cut again). */
export interface UpdateTbpttMessage {
  type: 'updateTbptt';
  runId: number;
  tbptt: TbpttSettings;
}
/** Hidden states after each character of `text` (at most 2,000 characters), per layer. */
export interface TextActivationsMessage {
  type: 'textActivations';
  requestId: number;
  text: string;
}
/** ‖∂ log p(character `position`) / ∂ input‖ for every earlier input character of `text`. */
export interface TextSaliencyMessage {
  type: 'textSaliency';
  requestId: number;
  text: string;
  position: number;
}
/** Sample `length` characters after `prime` (seeded). */
export interface ContinueTextMessage {
  type: 'continueText';
  requestId: number;
  prime: string;
  length: number;
  temperature: number;
  topK: number | null;
  seed: number;
}
/**
 * Open a `char-lm` file with no conditions as an own-text model (`text`: the file's JSON); `corpus`, when given,
 * is its text to train on. `step` > 0 for a kept checkpoint (reload, worker restart): the run counts on from
 * that step, paused.
 */
export interface ImportTextLmMessage {
  type: 'importTextLm';
  requestId: number;
  runId: number;
  text: string;
  corpus: string | null;
  train: TrainConfig;
  tbptt: TbpttSettings;
  step?: number;
}

export type ToWorker =
  | BuildTextLmMessage
  | UpdateTbpttMessage
  | TextActivationsMessage
  | TextSaliencyMessage
  | ContinueTextMessage
  | ImportTextLmMessage
  | StartTaskRaceMessage
  | StopTaskRaceMessage
  | GradientProfileMessage
  | BuildCharLmMessage
  | SampleMessage
  | ScoreMessage
  | TraceCharLmMessage
  | ImportCharLmMessage
  | ExportCharLmMessage
  | StartMemoryRaceMessage
  | StopMemoryRaceMessage
  | InitMessage
  | SetDataMessage
  | BuildMessage
  | StartMessage
  | PauseMessage
  | StepMessage
  | ResetMessage
  | UndoResetMessage
  | CrashForTestMessage
  | LoseGpuForTestMessage
  | RefuseGpuAdaptersForTestMessage
  | EvaluateMessage
  | TraceMessage
  | PredictMessage
  | ImportMessage
  | ExportMessage
  | SetBackendMessage
  | LoadGloveMessage
  | ParseUploadMessage
  | UpdateTrainConfigMessage;

// ---------------------------------------------------------------- from the worker

export interface BackendMessage {
  type: 'backend';
  report: BackendReport;
}
export interface BuiltMessage {
  type: 'built';
  runId: number;
  model: ModelSummary;
  parameters: ParameterRow[];
  /** Steps per epoch with the current batch size. */
  stepsPerEpoch: number;
}
/** Throttled (at most one every 60 ms) while training: everything the Train screen draws. */
export interface ProgressMessage {
  type: 'progress';
  runId: number;
  status: RunStatus;
  epoch: number;
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  stepsPerSecond: number;
  etaSeconds: number | null;
  /** New (step, loss) pairs since the last message, flattened [s0, l0, s1, l1, …]. */
  trainLoss: Float32Array;
  /** Global gradient norm before clipping, same steps, for the exploding-gradient picture. */
  gradNorm: Float32Array;
}
/**
 * What an evaluation covered: the whole split (end of each epoch, end of the run) or the fixed validation sample
 * evaluated every few seconds while training, so accuracy and the confusion matrix move between epochs.
 */
export const METRICS_SCOPES = ['full', 'subset'] as const;
export type MetricsScope = (typeof METRICS_SCOPES)[number];

/** After each evaluation (end of epoch, end of run, or the live validation sample while training). */
export interface MetricsMessage {
  type: 'metrics';
  runId: number;
  step: number;
  epoch: number;
  /** 'subset': `metrics.count` examples of a fixed stratified validation sample, not the whole split. */
  scope: MetricsScope;
  metrics: EvalMetrics;
  /** A few misclassified examples per confusion cell, key `${true}:${pred}`. */
  mistakes: Record<string, string[]>;
}
/**
 * Why the status is what it is, where the advice names controls: the worker does not know which screen the run is on
 * (Train and Generate names have Reset, Your text has New weights), so each screen words it (ui/lib/statusText.ts).
 * `run-finished`: Play or Step was refused because the run has taken every step of its epochs.
 */
export type StatusReason = 'run-finished';
export interface StatusMessage {
  type: 'status';
  runId: number;
  status: RunStatus;
  /** Plain words for the user, e.g. why training paused. */
  message?: string;
  reason?: StatusReason;
}
/** NaN / Inf loss: training paused, weights rolled back to `restoredStep`. */
export interface DivergedMessage {
  type: 'diverged';
  runId: number;
  step: number;
  restoredStep: number;
  loss: number;
}
export interface TraceResultMessage {
  type: 'traceResult';
  requestId: number;
  trace: InspectionTrace;
}
export interface PredictResultMessage {
  type: 'predictResult';
  requestId: number;
  predictions: Prediction[];
}
export interface EvaluateResultMessage {
  type: 'evaluateResult';
  requestId: number;
  metrics: EvalMetrics;
}
/**
 * A model file serialised in the worker. The main thread keeps, stores (IndexedDB) and re-sends it as a
 * Blob without ever reading it: deserialising the weights at every checkpoint was a long task while
 * training, and even copying a 45 MB text (postMessage, IndexedDB) blocked the main thread. The small
 * header is what the UI needs to read.
 */
export interface SerializedModelFile {
  /** The whole `rnn-playground/torch-v1` JSON, as a Blob (`application/json`). */
  blob: Blob;
  model: ModelFile['model'];
  classes: string[];
  inputType: 'chars' | 'words';
  /**
   * The optimiser's state with these weights (model/optimizerStateFile.ts: moments, t, the backend), so a run
   * reopened from this checkpoint goes on exactly. Only in checkpoints; never in a saved model file, which is
   * `blob` alone. Absent in checkpoints kept by earlier versions.
   */
  optimizerState?: Blob;
}

export interface ExportResultMessage {
  type: 'exportResult';
  requestId: number;
  file: SerializedModelFile;
  /** The training step these weights are from (the run's step count, backend switches included). */
  step: number;
  /** With `keepWeightsAs`: the length of the text written to the weights store (the record's `weightsLength`). */
  keptWeightsLength?: number;
  /**
   * With `keepWeightsAs`: the value of the pending keep's mark set with the text (KEPT_RUNS_STORAGE.marks), which the
   * page removes once the record is written, and only while the mark is still that value (runStore.ts).
   */
  keptWeightsMark?: number;
}
export interface ImportResultMessage {
  type: 'importResult';
  requestId: number;
  runId: number;
  model: ModelSummary;
  parameters: ParameterRow[];
  /** Whether the model is the loaded task's (same input level and classes): it trains on the data; otherwise it only predicts. */
  fitsData: boolean;
  /**
   * Where the opened run stands: 'ready' at step 0; at a kept step, 'done' when that step ends its epochs
   * (a finished run stays finished after a reload), else 'paused'.
   */
  status: RunStatus;
  /**
   * True when the run goes on from its kept step exactly as it would have without the reload (absent: it does not): the optimiser state
   * sent with the file was taken up on the backend it was computed on, and the batch order moved to that step.
   */
  resumedExactly?: boolean;
}
export interface DataReadyMessage {
  type: 'dataReady';
  requestId: number;
}
export interface GloveProgressMessage {
  type: 'gloveProgress';
  requestId: number;
  bytesRead: number;
  totalBytes: number;
}
export interface GloveResultMessage {
  type: 'gloveResult';
  requestId: number;
  dimension: number;
  /** Vocabulary words found in the file / vocabulary size (excluding pad and unk). */
  found: number;
  vocabSize: number;
}
export interface UploadResultMessage {
  type: 'uploadResult';
  requestId: number;
  dataset: Dataset;
  warnings: string[];
}
/** The control an error from the worker belongs next to (the UI shows it there). */
export type WorkerErrorPlace =
  | 'backend'
  | 'data'
  | 'build'
  | 'train'
  | 'evaluate'
  | 'trace'
  | 'predict'
  | 'import'
  | 'export'
  | 'glove'
  | 'upload'
  | 'worker';

export interface ErrorMessage {
  type: 'error';
  /** The request or run it belongs to, when there is one. */
  requestId?: number;
  runId?: number;
  where: WorkerErrorPlace;
  error: SerializedError;
}
/**
 * The WebGPU device is gone (`device.lost`): training stopped and the worker cannot go on on this backend.
 * The client restarts the worker on the next backend and restores the last checkpoint.
 */
export interface DeviceLostMessage {
  type: 'deviceLost';
  runId: number;
  info: DeviceLostInfo;
}

/** A race's step and evaluation events since the last message (throttled like `progress`), each tagged by member index. */
export interface MemoryRaceProgressMessage {
  type: 'memoryRaceProgress';
  runId: number;
  events: RaceEvent[];
}

/** The race's record when it finished or was stopped (plain data a run store can keep). */
export interface MemoryRaceFinishedMessage {
  type: 'memoryRaceFinished';
  runId: number;
  record: RaceRecord;
}

/** A classifier race's step and evaluation events since the last message (throttled like `progress`), each tagged by member index. */
export interface TaskRaceProgressMessage {
  type: 'taskRaceProgress';
  runId: number;
  events: TaskRaceEvent[];
}
/** The race's record when it finished or was stopped: the client keeps each member as a run. */
export interface TaskRaceFinishedMessage {
  type: 'taskRaceFinished';
  runId: number;
  record: TaskRaceRecord;
}
/** The reply to `gradientProfile`: the symbols fed and ‖∂L/∂h_t‖ `[T]` per layer and direction. */
export interface GradientProfileResultMessage {
  type: 'gradientProfileResult';
  requestId: number;
  tokens: string[];
  targetClass: number;
  layers: { layer: number; direction: 'forward' | 'reverse'; gradNorms: Float32Array }[];
}

/** A character LM was built (the reply to `buildCharLm`, as `built` is to `build`). */
export interface CharLmBuiltMessage {
  type: 'charLmBuilt';
  runId: number;
  model: CharLmConfig;
  parameters: ParameterRow[];
  stepsPerEpoch: number;
}
/**
 * A character LM's evaluation (end of each epoch on `val`, end of the run on `test`): NLL per character,
 * perplexity and bits per character; after a validation pass also a few seeded samples per condition.
 */
export interface LmMetricsMessage {
  type: 'lmMetrics';
  runId: number;
  step: number;
  epoch: number;
  metrics: LmMetrics;
  /** Samples drawn with the weights just evaluated (empty after the test pass). */
  samples: GeneratedText[];
}
export interface SampleResultMessage {
  type: 'sampleResult';
  requestId: number;
  texts: GeneratedText[];
}
export interface ScoreResultMessage {
  type: 'scoreResult';
  requestId: number;
  scored: ScoredText[];
}
/** The reply to `traceCharLm`; its matrices' buffers are transferred. */
export interface CharLmTraceResultMessage {
  type: 'charLmTraceResult';
  requestId: number;
  trace: CharLmTrace;
}
export interface CharLmImportResultMessage {
  type: 'charLmImportResult';
  requestId: number;
  runId: number;
  model: CharLmConfig;
  parameters: ParameterRow[];
  /**
   * Where the reopened run stands: 'ready' at step 0; at a kept step, 'done' when that step ends its epochs
   * (a finished run stays finished after a reload), else 'paused'.
   */
  status: RunStatus;
  /**
   * True when the run goes on from its kept step exactly as it would have without the reload (absent: it does not): the optimiser state
   * sent with the file was taken up on the backend it was computed on, and the batch order moved to that step.
   */
  resumedExactly?: boolean;
}
export interface CharLmExportResultMessage {
  type: 'charLmExportResult';
  requestId: number;
  /** The whole `char-lm` model file's JSON text. */
  text: string;
  step: number;
}

export interface TextActivationsResultMessage {
  type: 'textActivationsResult';
  requestId: number;
  activations: TextActivations;
}
export interface TextSaliencyResultMessage {
  type: 'textSaliencyResult';
  requestId: number;
  saliency: TextSaliency;
}
export interface ContinueTextResultMessage {
  type: 'continueTextResult';
  requestId: number;
  continuation: TextContinuation;
}

export type FromWorker =
  | TextActivationsResultMessage
  | TextSaliencyResultMessage
  | ContinueTextResultMessage
  | TaskRaceProgressMessage
  | TaskRaceFinishedMessage
  | GradientProfileResultMessage
  | CharLmBuiltMessage
  | LmMetricsMessage
  | SampleResultMessage
  | ScoreResultMessage
  | CharLmTraceResultMessage
  | CharLmImportResultMessage
  | CharLmExportResultMessage
  | MemoryRaceProgressMessage
  | MemoryRaceFinishedMessage
  | BackendMessage
  | BuiltMessage
  | ProgressMessage
  | MetricsMessage
  | StatusMessage
  | DivergedMessage
  | TraceResultMessage
  | PredictResultMessage
  | EvaluateResultMessage
  | ExportResultMessage
  | ImportResultMessage
  | DataReadyMessage
  | GloveProgressMessage
  | GloveResultMessage
  | UploadResultMessage
  | ErrorMessage
  | DeviceLostMessage;

/**
 * Which reply settles which request: the one map the client's request layer reads, so a request's promise
 * resolves with its own reply type and a reply of another kind is refused.
 */
export const REPLY_TYPE_OF = {
  setData: 'dataReady',
  evaluate: 'evaluateResult',
  trace: 'traceResult',
  predict: 'predictResult',
  export: 'exportResult',
  import: 'importResult',
  loadGlove: 'gloveResult',
  parseUpload: 'uploadResult',
  sample: 'sampleResult',
  score: 'scoreResult',
  traceCharLm: 'charLmTraceResult',
  importCharLm: 'charLmImportResult',
  exportCharLm: 'charLmExportResult',
  textActivations: 'textActivationsResult',
  textSaliency: 'textSaliencyResult',
  continueText: 'continueTextResult',
  importTextLm: 'charLmImportResult',
  gradientProfile: 'gradientProfileResult',
} as const satisfies { [K in Extract<ToWorker, { requestId: number }>['type']]: FromWorker['type'] };

/** The request messages (those with a `requestId`), by kind. */
export type RequestKind = keyof typeof REPLY_TYPE_OF;
/** The request message of kind K, id included (the client's request layer adds it). */
export type RequestMessage<K extends RequestKind> = Extract<ToWorker, { type: K }>;
/** The reply that settles a request of kind K. */
export type ReplyOf<K extends RequestKind> = Extract<FromWorker, { type: (typeof REPLY_TYPE_OF)[K] }>;
/** Messages a request may receive before its reply (GloVe's bytes read); never for the other kinds. */
export type ProgressOf<K extends RequestKind> = K extends 'loadGlove' ? GloveProgressMessage : never;

/** Turn any thrown value into something that survives postMessage. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
