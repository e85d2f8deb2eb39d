/**
 * The high-rate streams of the current run (progress, validation metrics) and the checkpoints taken, handed
 * to plain listeners (the D3 chart classes subscribe directly, without React state), with the run's history
 * so a chart built after the run started can replay it.
 */
import type { LmMetricsMessage, MetricsMessage, ProgressMessage, SerializedModelFile } from './protocol';

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

/** A set of listeners with add-returns-remove, as the chart classes use it. */
class Listeners<T> {
  private readonly listeners = new Set<Listener<T>>();
  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
}

export class RunStreams {
  private history: RunHistory = { trainLoss: [], gradNorm: [], metrics: [] };
  readonly progress = new Listeners<ProgressMessage>();
  readonly metrics = new Listeners<MetricsMessage>();
  /** A names generator's evaluations (validation after each epoch, test at the end). */
  readonly lmMetrics = new Listeners<LmMetricsMessage>();
  private lmHistory: LmMetricsMessage[] = [];
  /** Each checkpoint with the training step its weights are from. */
  readonly checkpoints = new Listeners<{ file: SerializedModelFile; step: number }>();
  /** Each names-generator checkpoint (its `char-lm` file text) with its step. */
  readonly charLmCheckpoints = new Listeners<{ text: string; step: number }>();
  /**
   * The current run took its last step and was tested (the worker's end-of-run test evaluation): a run restored
   * with its old test result (reload, task switch) never sends one.
   */
  readonly finished = new Listeners<MetricsMessage>();
  /** The history was replaced (cleared, or a kept one put back): charts start again from `getHistory()`. */
  readonly resets = new Listeners<void>();
  /** Count of progress events accepted (the e2e hook reads it). */
  progressEventCount = 0;

  getHistory(): Readonly<RunHistory> {
    return this.history;
  }

  addProgress(message: ProgressMessage): void {
    this.progressEventCount++;
    for (let index = 0; index < message.trainLoss.length; index++) this.history.trainLoss.push(message.trainLoss[index]);
    for (let index = 0; index < message.gradNorm.length; index++) this.history.gradNorm.push(message.gradNorm[index]);
    this.progress.emit(message);
  }

  addValidationMetrics(message: MetricsMessage): void {
    this.history.metrics.push(message);
    this.metrics.emit(message);
  }

  /** Put back a kept run's history (reload, task switch): the charts clear and redraw it from `getHistory`. */
  replace(history: RunHistory): void {
    this.history = { trainLoss: [...history.trainLoss], gradNorm: [...history.gradNorm], metrics: [...history.metrics] };
    this.resets.emit();
  }

  /** The names generator's evaluations of this run so far. */
  getLmHistory(): readonly LmMetricsMessage[] {
    return this.lmHistory;
  }

  addLmMetrics(message: LmMetricsMessage): void {
    this.lmHistory.push(message);
    this.lmMetrics.emit(message);
  }

  /** Put back a names generator's kept run (reload): its training curve and its evaluations. */
  replaceWithLm(history: RunHistory, lmHistory: readonly LmMetricsMessage[]): void {
    this.lmHistory = [...lmHistory];
    this.replace(history);
  }

  /** Put back a history cleared earlier (an undone reset): the charts clear and replay it from `getHistory`. */
  restore(history: RunHistory, lmHistory: readonly LmMetricsMessage[] = []): void {
    this.history = history;
    this.lmHistory = [...lmHistory];
    this.resets.emit();
  }

  /** A new run (or a reset): the curves start again, and the charts clear too (they redraw what `getHistory` holds). */
  clear(): void {
    this.history = { trainLoss: [], gradNorm: [], metrics: [] };
    this.lmHistory = [];
    this.resets.emit();
  }
}
