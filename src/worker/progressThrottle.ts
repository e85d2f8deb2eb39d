/**
 * Collects per-step (step, loss, gradient norm) while training and hands them out in batches at most
 * every `intervalMs`: the charts need every point, but one message per step would flood the main
 * thread (hundreds of steps per second on small models). Also keeps the recent step durations for
 * steps/s and the ETA.
 */
export interface ProgressBatch {
  /** Flattened [step0, loss0, step1, loss1, …]. */
  trainLoss: Float32Array;
  /** Flattened [step0, gradNorm0, …], the same steps. */
  gradNorm: Float32Array;
}

/** Step durations kept for the rate: enough to smooth noise, few enough to follow a change of batch size. */
const RATE_WINDOW = 32;

/**
 * Least time between two progress messages while training: 60 ms keeps the charts above 10 updates a second
 * whatever the step time, while a fast backend still sends one message for several steps.
 */
export const PROGRESS_INTERVAL_MS = 60;

export class ProgressThrottle {
  private losses: number[] = [];
  private gradNorms: number[] = [];
  private durations: number[] = [];
  private lastTakenAt = -Infinity;

  constructor(
    private readonly now: () => number,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  /** Steps waiting to be sent. */
  get pendingSteps(): number {
    return this.losses.length / 2;
  }

  record(step: number, loss: number, gradNorm: number, durationMs: number): void {
    this.losses.push(step, loss);
    this.gradNorms.push(step, gradNorm);
    this.durations.push(durationMs);
    if (this.durations.length > RATE_WINDOW) this.durations.shift();
  }

  /** True when steps are waiting and the last batch went out at least `intervalMs` ago (the first one at once). */
  isDue(): boolean {
    return this.losses.length > 0 && this.now() - this.lastTakenAt >= this.intervalMs;
  }

  /** The waiting steps as transferable arrays; starts a new interval. */
  take(): ProgressBatch {
    const batch = { trainLoss: Float32Array.from(this.losses), gradNorm: Float32Array.from(this.gradNorms) };
    this.losses = [];
    this.gradNorms = [];
    this.lastTakenAt = this.now();
    return batch;
  }

  /** Training steps per second over the recent steps (0 before the first). */
  stepsPerSecond(): number {
    if (this.durations.length === 0) return 0;
    const totalMs = this.durations.reduce((sum, ms) => sum + ms, 0);
    return totalMs > 0 ? (1000 * this.durations.length) / totalMs : 0;
  }

  /** Forget everything (reset, new run): the next step is sent at once. */
  clear(): void {
    this.losses = [];
    this.gradNorms = [];
    this.durations = [];
    this.lastTakenAt = -Infinity;
  }
}
