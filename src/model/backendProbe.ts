/**
 * `auto`'s measurement: time a few real training steps — the same TrainingSession code training uses, on
 * the current task's model and data — on each backend that starts, one backend after the other. Runs in a
 * short-lived probe worker (worker/backendProbe.worker.ts), so neither the app nor a training run waits.
 *
 * Why real steps: a hand-written probe LSTM of one fixed shape flattered the GPU backends, which recompile
 * shaders for every new sequence length that length bucketing produces; the real session meets those shapes.
 */
import { initBackend } from './backendStart';
import type { BackendOptions } from './backendStart';
import type { BackendName } from './backendTypes';
import type { TrainingSession } from './session';

/** Steps per backend: the first ones compile shaders and fill caches, the median of the rest is the figure. */
export const PROBE_STEPS = { warmUp: 2, timed: 5 } as const;
/**
 * A backend whose first step is this many times slower than the best warmed-up figure so far is not timed
 * further (its first step stands as a lower bound): a software WebGPU takes seconds per step where wasm takes
 * tens of milliseconds, and timing it fully would keep the probe busy for minutes.
 */
export const GIVE_UP_FACTOR = 15;

/** One backend's figure (median ms per real training step, or a lower bound after one very slow step) or why it did not start. */
export type ProbeResult =
  | { backend: BackendName; msPerStep: number; adapter: string; isLowerBound: boolean }
  | { backend: BackendName; unavailable: string };

/** Where the wasm binaries are (browser) and the clock (tests pass a manual one). */
export interface ProbeOptions extends Pick<BackendOptions, 'wasmPaths'> {
  /** Wall-clock time source, ms (performance.now in the browser). */
  now?: () => number;
}

/**
 * Measure `backends` in order with a fresh session each (`createSession` runs on the backend just started),
 * reporting each result as it comes. Every session is disposed.
 */
export async function measureBackends(
  backends: readonly BackendName[],
  createSession: () => TrainingSession,
  onResult: (result: ProbeResult) => void,
  options: ProbeOptions = {},
): Promise<void> {
  const now = options.now ?? (() => performance.now());
  let bestMs = Infinity;
  for (const backend of backends) {
    let session: TrainingSession | null = null;
    try {
      const report = await initBackend(backend, { wasmPaths: options.wasmPaths, canFallBack: false });
      session = createSession();
      const result = await timeSteps(session, now, bestMs);
      bestMs = Math.min(bestMs, result.msPerStep);
      onResult({ backend, adapter: report.adapter, ...result });
    } catch (error) {
      onResult({ backend, unavailable: error instanceof Error ? error.message : String(error) });
    } finally {
      session?.dispose();
    }
  }
}

async function timeSteps(
  session: TrainingSession,
  now: () => number,
  bestMs: number,
): Promise<{ msPerStep: number; isLowerBound: boolean }> {
  const times: number[] = [];
  for (let index = 0; index < PROBE_STEPS.warmUp + PROBE_STEPS.timed; index++) {
    const started = now();
    await session.trainStep(); // reads the loss back, so the backend has really finished the step
    const ms = now() - started;
    if (index === 0 && ms > GIVE_UP_FACTOR * bestMs) return { msPerStep: Math.round(ms), isLowerBound: true };
    if (index >= PROBE_STEPS.warmUp) times.push(ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { msPerStep: Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10, isLowerBound: false };
}
