/**
 * The low-rate facts React renders (status, backend, step, model, errors by place), as one immutable
 * snapshot for `useSyncExternalStore`: replaced on change, never mutated, the same object until then.
 * High-rate streams (progress, metrics) do not pass through here; see runStreams.ts.
 */
import type { CharLmConfig, EvalMetrics, ModelSummary, ParameterRow } from '../model/types';
import type { AutoBackendState } from './autoBackend';
import type { RunOrigin } from './runOrigin';
import type { BackendChoice, BackendName, BackendReport, DivergedMessage, RunStatus, StatusReason, WorkerErrorPlace } from './protocol';

/** Where an error is shown: the worker's places, and those of controls that fail on the main thread. */
export type ErrorPlace = WorkerErrorPlace | 'model' | 'embedding' | 'neighbours' | 'storage';

export interface ClientSnapshot {
  runId: number;
  status: RunStatus;
  /** Plain words from the worker about the status (e.g. why training paused). */
  statusMessage: string | null;
  /** Why, where each screen words it with its own controls (ui/lib/statusText.ts). */
  statusReason: StatusReason | null;
  /** What the user chose (a backend or `auto`). */
  backendChoice: BackendChoice;
  /** The backend the worker was last asked to start (`auto` resolved); null until that is decided. */
  startingBackend: BackendName | null;
  /** The backend the worker runs on, once it started; null while it starts. */
  backend: BackendReport | null;
  /** What `auto` knows and decided (null when a backend was chosen by hand). */
  auto: AutoBackendState | null;
  /**
   * Why the worker left the backend it ran on (its GPU was lost, or it crashed there twice running): the worker
   * restarted elsewhere, whose report only says that one started. Null again once the user switches backend.
   */
  backendMove: BackendMove | null;
  /**
   * The GPU backends whose GPU this page saw lost (a WebGPU device, a WebGL context), kept until that backend runs
   * again: a browser can stop offering the GPU after it failed, and a start that then finds none is the loss's
   * doing, not a browser without it, so "Try … again" stays offered.
   */
  lostGpus: BackendName[];
  step: number;
  epoch: number;
  totalSteps: number;
  stepsPerEpoch: number;
  stepsPerSecond: number;
  etaSeconds: number | null;
  /** The classifier the worker holds, as a summary (no vocabulary: it stays in the worker). */
  model: ModelSummary | null;
  parameters: ParameterRow[] | null;
  /** The names generator the worker holds (then `model` is null, and `parameters` are its rows). */
  charLmModel: CharLmConfig | null;
  /** Last evaluation (validation, end of epoch). */
  lastMetrics: EvalMetrics | null;
  /** The test set's evaluation at the end of a run (never mixed into the validation curves). */
  testMetrics: EvalMetrics | null;
  lastDiverged: DivergedMessage | null;
  /** Last error per place; cleared by `clearError`. */
  errors: Partial<Record<ErrorPlace, string>>;
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
  /**
   * The weights are as initialised (built or reset, not a training step since): Inspect and Encode say so.
   * False for an opened model file or a restored checkpoint, whose step count may be 0 though it was trained.
   */
  isUntrained: boolean;
  /** While a reset can be undone: the step the reset came from (null once training went on, or another run began). */
  undoableResetFrom: number | null;
  /** Whether the current run could be replayed exactly, or what prevents it (runOrigin.ts); null without a model. */
  origin: RunOrigin | null;
  /**
   * The kept-runs record (its id in the UI's run store) this run was kept as, so keeping it again, or the run
   * finishing again after more epochs, updates that record; null until the run is kept. A fact of the run, not
   * of this visit: it travels with the run's story (`KeptRunHistory`) through a reload or a task switch.
   */
  keptRecordId: string | null;
}

/** Training left `from` for `to`, from the last checkpoint, because of `why`. */
export interface BackendMove {
  from: BackendName;
  to: BackendName;
  /** Plain words, lower case, e.g. 'the GPU device was lost (destroyed)'. */
  why: string;
}

export function initialSnapshot(backendChoice: BackendChoice): ClientSnapshot {
  return {
    runId: 0,
    status: 'empty',
    statusMessage: null,
    statusReason: null,
    backendChoice,
    startingBackend: null,
    backend: null,
    auto: null,
    backendMove: null,
    lostGpus: [],
    step: 0,
    epoch: 0,
    totalSteps: 0,
    stepsPerEpoch: 0,
    stepsPerSecond: 0,
    etaSeconds: null,
    model: null,
    parameters: null,
    charLmModel: null,
    lastMetrics: null,
    testMetrics: null,
    lastDiverged: null,
    errors: {},
    notice: null,
    dataId: null,
    hasCheckpoint: false,
    weightsVersion: 0,
    restarts: 0,
    isUntrained: false,
    undoableResetFrom: null,
    origin: null,
    keptRecordId: null,
  };
}

export class ClientStore {
  private snapshot: ClientSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(backendChoice: BackendChoice) {
    this.snapshot = initialSnapshot(backendChoice);
  }

  /** For useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For useSyncExternalStore: the same object until something changes. */
  readonly getSnapshot = (): ClientSnapshot => this.snapshot;

  set(patch: Partial<ClientSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  setError(where: ErrorPlace, message: string): void {
    this.set({ errors: { ...this.snapshot.errors, [where]: message } });
  }

  clearError(where: ErrorPlace): void {
    if (!(where in this.snapshot.errors)) return;
    const errors = { ...this.snapshot.errors };
    delete errors[where];
    this.set({ errors });
  }

  /** Apply `patch` and say the weights may have changed (Inspect reads them again), in one notification. */
  setWithNewWeights(patch: Partial<ClientSnapshot> = {}): void {
    this.set({ ...patch, weightsVersion: this.snapshot.weightsVersion + 1 });
  }
}
