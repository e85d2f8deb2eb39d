/**
 * The worker's training loop, free of `self` and of TensorFlow.js so Node tests can drive it with a fake
 * session, a fake clock and a fake scheduler.
 *
 * One loop owns one TrainingSession at a time, tagged with the run's `runId`. While the status is
 * 'training' it runs `trainStep()`, yields to the event loop between steps (so pause/step/reset
 * messages get through), batches (step, loss, gradNorm) into throttled `progress` messages, evaluates
 * `val` at each epoch end and `test` at the end of the run. A non-finite loss pauses with the lecture's
 * explanation; any exception pauses and is reported. Everything that touches the session — steps,
 * traces, evaluations, exports, replacing it — runs one at a time through `exclusive`, so a trace never
 * reads weights half-way through an update and a session is never disposed under a running step.
 */
import type { CharLmSession, EvaluationResult, StepOutcome, TrainingSession } from '../model/session';
import type { TextLmSession } from '../model/textLmSession';
import type { TrainConfig } from '../model/types';
import { epochSamples } from './epochSamples';
import { PROGRESS_INTERVAL_MS, ProgressThrottle } from './progressThrottle';
import type { FromWorker, MetricsScope, RunStatus, StatusReason } from './protocol';
import { serializeError } from './protocol';
import { stoppedRunStatus } from './runStatus';
import type { YieldToEventLoop } from './yieldToEventLoop';

/** The sessions one loop can drive: a classifier, or a character LM (names generation); both step the same way. */
export type LoopSession = TrainingSession | CharLmSession;

/** Is this the character LM? (Only it samples.) */
export function isCharLmSession(session: LoopSession): session is CharLmSession {
  return 'sample' in session;
}

/** Is this the own-text model (it has the readings: activations, saliency, continuations)? */
export function isTextLm(session: LoopSession): session is TextLmSession {
  return isCharLmSession(session) && 'saliency' in session;
}

/** Thrown when a request is for the other kind of model than the one loaded. */
export class WrongModelKindError extends Error {
  override name = 'WrongModelKindError';
}

export type PostMessage = (message: FromWorker, transfer?: Transferable[]) => void;

export interface TrainingLoopOptions {
  post: PostMessage;
  /** Resolves on a later macrotask; see yieldToEventLoop.ts. */
  yieldToEventLoop: YieldToEventLoop;
  /** Milliseconds, monotonic (performance.now in the worker). */
  now: () => number;
  /** Least time between two `progress` messages while training. */
  progressIntervalMs?: number;
  /** The validation sample evaluated between epochs; null turns it off. Default LIVE_EVALUATION. */
  liveEvaluation?: LiveEvaluationOptions | null;
}

/** How often, and on how many validation examples, accuracy and the confusion matrix are refreshed mid-epoch. */
export interface LiveEvaluationOptions {
  /** Least training time (ms) between two sample evaluations. */
  intervalMs: number;
  /** Examples in the fixed stratified validation sample. */
  subsetSize: number;
  /**
   * The gap is also at least this many times the last sample evaluation's own duration, so evaluating takes no
   * more than 1 / (1 + ratio) of the time however slow the backend (10% at 9), after the first sample.
   */
  minTrainToEvalRatio: number;
}

/**
 * Every 2.5 s on 512 examples: a two-epoch demo of the names model (about 450 steps an epoch) draws a dozen points
 * or more instead of two, and 512 of the 1,799 validation names still give every language a row.
 */
export const LIVE_EVALUATION: LiveEvaluationOptions = { intervalMs: 2500, subsetSize: 512, minTrainToEvalRatio: 9 };

/** Thrown by `exclusive` when there is no model to work on. */
export class NoModelError extends Error {
  override name = 'NoModelError';
  constructor() {
    super('There is no model yet: build one (Model step) or open a model file first.');
  }
}

/** The words the Train screen shows when the loss stops being a number. */
export function divergedMessage(loss: number, restoredStep: number, train: TrainConfig): string {
  const became = Number.isNaN(loss) ? 'became NaN' : 'became infinite';
  const advice =
    train.clipNorm === null
      ? 'Try gradient clipping (e.g. 1.0) or a lower learning rate.'
      : `Try a lower learning rate (now ${train.learningRate}) or a smaller clipping threshold (now ${train.clipNorm}).`;
  return `The loss ${became}: the gradients exploded. Training is paused and the weights are back at step ${restoredStep}. ${advice}`;
}

interface InstallOptions {
  /**
   * Steps already taken by this run in an earlier session (a backend switch re-opens the weights in a
   * fresh session that counts from 0); added to every step reported, so the curves carry on.
   */
  stepOffset?: number;
  status?: RunStatus;
}

/** What `detach` hands out: the session, and where the run stood so it can carry on after a backend switch. */
export interface DetachedSession {
  session: LoopSession | null;
  wasTraining: boolean;
  /** The status to restore ('training' reads as 'paused'; `wasTraining` says to play on). */
  status: RunStatus;
  step: number;
}

export class TrainingLoop {
  private session: LoopSession | null = null;
  private currentRunId = 0;
  private currentStatus: RunStatus = 'empty';
  /** Steps still to run for a `step` request; null while playing until the end. */
  private stepBudget: number | null = null;
  private stepOffset = 0;
  /** The step offset the last reset replaced, for `undoReset`. */
  private stepOffsetBeforeReset = 0;
  private lastEpoch = 0;
  /** Bumped by reset/install: results of a step that started before are dropped, never posted. */
  private generation = 0;
  private driver: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when the backend died: nothing may wait for it any more. */
  private isAbandoned = false;
  private readonly progress: ProgressThrottle;
  private readonly liveEvaluation: LiveEvaluationOptions | null;
  /** When the last evaluation (sample or full) finished, and how long the last sample evaluation took. */
  private lastEvaluationAt = 0;
  private lastSampleCostMs = 0;
  private hasSampled = false;
  private readonly post: PostMessage;
  private readonly yieldToEventLoop: YieldToEventLoop;
  private readonly now: () => number;

  constructor(options: TrainingLoopOptions) {
    this.post = options.post;
    this.yieldToEventLoop = options.yieldToEventLoop;
    this.now = options.now;
    this.progress = new ProgressThrottle(options.now, options.progressIntervalMs ?? PROGRESS_INTERVAL_MS);
    this.liveEvaluation = options.liveEvaluation === undefined ? LIVE_EVALUATION : options.liveEvaluation;
  }

  get runId(): number {
    return this.currentRunId;
  }

  get status(): RunStatus {
    return this.currentStatus;
  }

  get hasSession(): boolean {
    return this.session !== null;
  }

  /** Steps taken by this run, as reported to the client. */
  get currentStep(): number {
    return this.stepOffset + (this.session?.step ?? 0);
  }

  /** Resolves when no training driver is running (its last progress is posted). */
  async whenIdle(): Promise<void> {
    while (this.driver !== null) await this.driver;
  }

  /** Is `runId` the run this loop is on? Messages for older runs are ignored. */
  isCurrent(runId: number): boolean {
    return runId === this.currentRunId;
  }

  /** Run `task` on the classifier with no training step in flight. Rejects with NoModelError without a session. */
  exclusive<T>(task: (session: TrainingSession) => Promise<T> | T): Promise<T> {
    return this.exclusiveAny((session) => {
      if (isCharLmSession(session)) throw new WrongModelKindError('The loaded model generates names; this needs a classifier (build one or open a classifier file).');
      return task(session);
    });
  }

  /** Run `task` on the character LM with no training step in flight. */
  exclusiveCharLm<T>(task: (session: CharLmSession) => Promise<T> | T): Promise<T> {
    return this.exclusiveAny((session) => {
      if (!isCharLmSession(session)) throw new WrongModelKindError('The loaded model is a classifier; this needs a names generator (build one on the Generate names task or open a char-lm file).');
      return task(session);
    });
  }

  /** Run `task` on the own-text model with no training step in flight. */
  exclusiveTextLm<T>(task: (session: TextLmSession) => Promise<T> | T): Promise<T> {
    return this.exclusiveAny((session) => {
      if (!isTextLm(session)) throw new WrongModelKindError('The loaded model is not a model of your own text: build one on "Your text" or open its file there.');
      return task(session);
    });
  }

  /** Run `task` on whichever session is loaded, with no training step in flight. */
  exclusiveAny<T>(task: (session: LoopSession) => Promise<T> | T): Promise<T> {
    return this.serialize(() => {
      if (this.session === null) throw new NoModelError();
      return task(this.session);
    });
  }

  /**
   * Make `session` the loop's session for run `runId`: stops training, waits for the step in flight,
   * disposes the previous session. Posts nothing: the caller announces the new run (built/importResult).
   */
  async install(session: LoopSession | null, runId: number, options: InstallOptions = {}): Promise<void> {
    this.interrupt();
    await this.serialize(() => {
      const previous = this.session;
      this.session = session;
      if (previous !== null && previous !== session) previous.dispose();
    });
    this.currentRunId = runId;
    this.hasSampled = false;
    this.lastSampleCostMs = 0;
    this.stepOffset = options.stepOffset ?? 0;
    this.lastEpoch = session === null ? 0 : this.epochOf(this.currentStep);
    this.currentStatus = options.status ?? (session === null ? 'empty' : 'ready');
    this.isAbandoned = false;
  }

  /**
   * Stop training and hand the session out without disposing it (backend switch: export, then re-open).
   * Returns whether it was training, so the caller can carry on afterwards.
   */
  async detach(): Promise<DetachedSession> {
    const wasTraining = this.currentStatus === 'training';
    // Silently: the caller says what happens next (e.g. 'switched to wasm, training continues').
    if (wasTraining) this.currentStatus = 'paused';
    this.stepBudget = null;
    await this.serialize(() => undefined);
    this.flushProgress();
    const step = this.currentStep;
    const session = this.session;
    const status = this.currentStatus;
    this.session = null;
    this.currentStatus = 'empty';
    this.generation++;
    return { session, wasTraining, status, step };
  }

  start(runId: number): void {
    if (!this.acceptsControl(runId)) return;
    this.lastEvaluationAt = this.now();
    this.stepBudget = null;
    this.setStatus('training');
    this.ensureDriving();
  }

  pause(runId: number): void {
    if (!this.isCurrent(runId) || this.currentStatus !== 'training') return;
    this.stepBudget = null;
    this.setStatus('paused');
  }

  /** Run `steps` batches, then pause (from training too: it stops after that many more). */
  step(runId: number, steps: number): void {
    if (!this.acceptsControl(runId)) return;
    if (this.currentStatus !== 'training') this.lastEvaluationAt = this.now();
    this.stepBudget = Math.max(1, Math.floor(Number.isFinite(steps) ? steps : 1));
    this.setStatus('training');
    this.ensureDriving();
  }

  /** Re-initialise the weights from the seed; the run starts again at step 0. */
  async reset(runId: number): Promise<void> {
    if (!this.isCurrent(runId) || this.session === null) return;
    this.interrupt();
    await this.exclusiveAny((session) => session.reset());
    if (!this.isCurrent(runId)) return;
    this.stepOffsetBeforeReset = this.stepOffset;
    this.stepOffset = 0;
    this.lastEpoch = 0;
    this.setStatus('ready');
    this.postProgress(new Float32Array(0), new Float32Array(0));
  }

  /**
   * Put back what the last reset replaced (weights, optimiser, step), unless a step was trained since.
   * The run is paused where it was, so the progress posted carries the restored step.
   */
  async undoReset(runId: number): Promise<void> {
    if (!this.isCurrent(runId) || this.session === null) return;
    this.interrupt();
    const isUndone = await this.exclusiveAny((session) => session.undoReset());
    if (!isUndone || !this.isCurrent(runId)) return;
    this.stepOffset = this.stepOffsetBeforeReset;
    this.lastEpoch = this.epochOf(this.currentStep);
    this.setStatus(stoppedRunStatus(this.currentStep, this.session.totalSteps));
    this.postProgress(new Float32Array(0), new Float32Array(0));
  }

  /** New optimiser figures or epochs for whichever model is loaded (classifier, names generator, own text). */
  async updateTrainConfig(runId: number, train: TrainConfig): Promise<void> {
    if (!this.isCurrent(runId) || this.session === null) return;
    const [totalBefore, totalSteps] = await this.exclusiveAny((session) => {
      const before = session.totalSteps;
      session.updateTrainConfig(train);
      return [before, session.totalSteps] as const;
    });
    const stopped = stoppedRunStatus(this.currentStep, totalSteps);
    // More epochs after the end: the run may go on from where it stopped, and its new length is shown at once.
    if (this.currentStatus === 'done' && stopped === 'paused') {
      this.setStatus('paused', `The run now has ${train.epochs} epochs; press Play to go on.`);
      this.showLength();
    } else if (this.currentStatus === 'paused' && stopped === 'done') {
      // Fewer epochs than a paused run has already taken (raised after the end, then lowered again): the run is
      // over at its new length. Test it now, as its last step would have, so the result and the kept run say so.
      await this.serialize(async () => {
        const session = this.session;
        if (session === null || !this.isCurrent(runId) || this.currentStatus !== 'paused') return;
        this.currentStatus = 'done'; // the progress message says so
        this.showLength();
        await this.finish(session);
      });
    } else if (totalSteps !== totalBefore && (this.currentStatus === 'ready' || this.currentStatus === 'paused')) {
      // Another length before Play or during a pause: shown now, not at the next step (a playing run's next
      // progress message says it anyway).
      this.showLength();
    }
  }

  /** A progress message with no new steps: the run's length (steps, epochs) as it is now. */
  private showLength(): void {
    this.postProgress(new Float32Array(0), new Float32Array(0));
  }

  /**
   * The backend is gone (WebGPU device lost): stop at once without waiting for the step in flight,
   * which may never finish. The client restarts the worker and restores its checkpoint.
   */
  abandon(): void {
    this.isAbandoned = true;
    this.interrupt();
  }

  /** Stop playing and make sure no step result from before is posted later. */
  private interrupt(): void {
    this.generation++;
    this.stepBudget = null;
    this.progress.clear();
    if (this.currentStatus === 'training') this.currentStatus = 'paused';
  }

  private acceptsControl(runId: number): boolean {
    if (!this.isCurrent(runId) || this.isAbandoned) return false;
    if (this.session === null) {
      this.setStatus('empty', 'There is no model yet: build one (Model step) or open a model file first.');
      return false;
    }
    if (this.currentStatus === 'done') {
      this.setStatus('done', undefined, 'run-finished');
      return false;
    }
    return true;
  }

  /** `reason` instead of a message where the advice names the screen's own controls (StatusReason). */
  private setStatus(status: RunStatus, message?: string, reason?: StatusReason): void {
    if (status === this.currentStatus && message === undefined && reason === undefined) return;
    this.currentStatus = status;
    this.post({ type: 'status', runId: this.currentRunId, status, ...(message === undefined ? {} : { message }), ...(reason === undefined ? {} : { reason }) });
  }

  /** Chain `task` after every earlier one; a failure does not stop the chain. */
  private serialize<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private ensureDriving(): void {
    this.driver ??= this.drive();
  }

  /** One driver at a time: it keeps stepping whatever session is current while the status is 'training'. */
  private async drive(): Promise<void> {
    try {
      while (this.currentStatus === 'training' && !this.isAbandoned) {
        const generation = this.generation;
        await this.serialize(() => this.trainOneStep(generation));
        await this.yieldToEventLoop();
      }
      if (!this.isAbandoned) this.flushProgress();
    } finally {
      this.driver = null;
    }
  }

  private async trainOneStep(generation: number): Promise<void> {
    const session = this.session;
    if (session === null || generation !== this.generation || this.currentStatus !== 'training') return;
    try {
      if (this.currentStep >= session.totalSteps) {
        // Its epochs were lowered below the steps taken while it played: the progress still shows the old length.
        this.currentStatus = 'done';
        this.showLength();
        await this.finish(session);
        return;
      }
      const startedAt = this.now();
      const outcome = await session.trainStep();
      if (generation !== this.generation) return;
      const step = this.stepOffset + outcome.step;
      if (outcome.diverged) {
        this.onDiverged(session, outcome, step, outcome.diverged.restoredStep + this.stepOffset);
        return;
      }
      this.progress.record(step, outcome.loss, outcome.gradNorm, this.now() - startedAt);
      const epochEnded = this.stepOffset === 0 ? outcome.epochEnded : step % session.stepsPerEpoch === 0;
      this.lastEpoch = this.stepOffset === 0 ? outcome.epoch : this.epochOf(step);
      if (this.stepBudget !== null) this.stepBudget--;
      const isLastStep = step >= session.totalSteps;
      if (isLastStep) this.currentStatus = 'done'; // the last progress message already says so
      if (epochEnded || isLastStep) {
        this.flushProgress();
        await this.evaluateAndPost(session, 'val', generation);
      }
      if (isLastStep) {
        await this.finish(session, generation);
        return;
      }
      if (!epochEnded && this.isSampleDue()) await this.evaluateSample(session, generation);
      if (generation !== this.generation) return;
      if (this.stepBudget === 0) {
        this.stepBudget = null;
        this.setStatus('paused');
      } else if (this.progress.isDue()) {
        this.flushProgress();
      }
    } catch (error) {
      if (generation === this.generation) this.failTraining(error);
    }
  }

  /** The run has taken all its steps: test once, say so. */
  private async finish(session: LoopSession, generation = this.generation): Promise<void> {
    this.stepBudget = null;
    this.currentStatus = 'done';
    this.flushProgress();
    await this.evaluateAndPost(session, 'test', generation);
    if (generation !== this.generation) return;
    // The numbers travel in the test metrics message; the Train screen turns them into its one result sentence.
    this.setStatus('done', 'Training finished.');
  }

  private async evaluateAndPost(session: LoopSession, split: 'val' | 'test', generation: number): Promise<void> {
    if (isCharLmSession(session)) return this.evaluateLanguageModel(session, split, generation);
    const result = await session.evaluate(split);
    this.lastEvaluationAt = this.now();
    if (generation !== this.generation) return;
    this.postMetrics(result, 'full');
  }

  /** NLL per character, perplexity and bits per character; after a validation pass, a few samples too. */
  private async evaluateLanguageModel(session: CharLmSession, split: 'val' | 'test', generation: number): Promise<void> {
    const metrics = await session.evaluate(split);
    const samples = split === 'val' ? await epochSamples(session) : [];
    this.lastEvaluationAt = this.now();
    if (generation !== this.generation) return;
    this.post({ type: 'lmMetrics', runId: this.currentRunId, step: this.currentStep, epoch: this.lastEpoch, metrics, samples });
  }

  /** Enough training since the last evaluation, by the clock and relative to what a sample evaluation costs. */
  private isSampleDue(): boolean {
    const live = this.liveEvaluation;
    // The live validation sample feeds the classifier's accuracy and confusion matrix; a language model has neither.
    if (live === null || this.currentStatus !== 'training' || (this.session !== null && isCharLmSession(this.session))) return false;
    const gap = Math.max(live.intervalMs, live.minTrainToEvalRatio * this.lastSampleCostMs);
    return this.now() - this.lastEvaluationAt >= gap;
  }

  /** Evaluate the fixed validation sample and post it as a 'subset' point (the step's progress goes first). */
  private async evaluateSample(session: LoopSession, generation: number): Promise<void> {
    const live = this.liveEvaluation;
    if (live === null || isCharLmSession(session)) return;
    this.flushProgress();
    const startedAt = this.now();
    const result = await session.evaluate('val', { subsetSize: live.subsetSize });
    this.lastEvaluationAt = this.now();
    // The first sample of a session also pays one-time costs (encoding the sample, warming the backend's kernels
    // for a new batch shape); counting them would stretch every later gap, so only later samples set the pace.
    if (this.hasSampled) this.lastSampleCostMs = this.lastEvaluationAt - startedAt;
    this.hasSampled = true;
    if (generation !== this.generation) return;
    this.postMetrics(result, 'subset');
  }

  private postMetrics(result: EvaluationResult, scope: MetricsScope): void {
    this.post({
      type: 'metrics',
      runId: this.currentRunId,
      step: this.currentStep,
      epoch: this.lastEpoch,
      scope,
      metrics: result.metrics,
      mistakes: result.mistakes,
    });
  }

  private onDiverged(session: LoopSession, outcome: StepOutcome, step: number, restoredStep: number): void {
    this.stepBudget = null;
    this.currentStatus = 'diverged';
    this.lastEpoch = this.epochOf(this.currentStep);
    this.flushProgress();
    this.post({ type: 'diverged', runId: this.currentRunId, step, restoredStep, loss: outcome.loss });
    this.setStatus('diverged', divergedMessage(outcome.loss, restoredStep, session.train));
  }

  private failTraining(error: unknown): void {
    this.stepBudget = null;
    this.currentStatus = 'paused';
    this.flushProgress();
    this.post({ type: 'error', runId: this.currentRunId, where: 'train', error: serializeError(error) });
    const reason = error instanceof Error ? error.message : String(error);
    this.setStatus('paused', `Training stopped because of an error: ${reason}`);
  }

  private flushProgress(): void {
    if (this.progress.pendingSteps === 0) return;
    const batch = this.progress.take();
    this.postProgress(batch.trainLoss, batch.gradNorm);
  }

  private postProgress(trainLoss: Float32Array, gradNorm: Float32Array): void {
    const session = this.session;
    if (session === null) return;
    const step = this.currentStep;
    const stepsPerSecond = this.progress.stepsPerSecond();
    const remaining = Math.max(0, session.totalSteps - step);
    const etaSeconds = this.currentStatus === 'training' && stepsPerSecond > 0 ? remaining / stepsPerSecond : null;
    this.post(
      {
        type: 'progress',
        runId: this.currentRunId,
        status: this.currentStatus,
        epoch: this.lastEpoch,
        step,
        totalSteps: session.totalSteps,
        stepsPerEpoch: session.stepsPerEpoch,
        stepsPerSecond,
        etaSeconds,
        trainLoss,
        gradNorm,
      },
      [trainLoss.buffer, gradNorm.buffer],
    );
  }

  /** 0-based epoch of a 1-based step (the session's own count where there is no offset). */
  private epochOf(step: number): number {
    const stepsPerEpoch = this.session?.stepsPerEpoch ?? 0;
    if (step <= 0 || stepsPerEpoch <= 0) return this.session?.epoch ?? 0;
    return Math.floor((step - 1) / stepsPerEpoch);
  }
}
