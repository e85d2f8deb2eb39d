/**
 * Whether the current run could be repeated exactly by a Replay, and if not, the first thing that broke it.
 *
 * A run repeats exactly when its initial weights are the engine's draw from its seed (a build, or a reset of
 * a built model) and every step since was taken on the seed's batch order with unchanged settings. The batch
 * order is a function of the seed, the batch settings and the step count alone (data/batching.ts: one seeded
 * sampler per session, advanced once per step; dropout masks are seeded by seed and step), so pausing,
 * stepping and resuming change nothing. What does change it is recorded here, in the client, where every
 * command passes: a model opened from a file, a checkpoint restored (a reload, a task switch, a crash: the
 * session reopens with a fresh sampler and optimiser mid-run), training settings changed after the first step,
 * a backend switch mid-run (the same reopening), pre-trained embedding vectors.
 * Pure and TF-free: the client keeps one `RunOrigin` in its snapshot, kept runs copy it.
 */
import { OPTIMIZER_NAMES, type OptimizerName, type TrainConfig } from '../model/types';

/** What makes a run impossible to replay, as recorded with it (the words are the UI's). */
export const REPLAY_BLOCKERS = [
  /** The weights came from a model file the user opened. */
  'opened-file',
  /** The run went on from a kept checkpoint after a reload or a task switch. */
  'restored',
  /** "Undo: restore previous model" put back a model an open or a rebuild had replaced. */
  'restored-replaced',
  /** The worker crashed and the run went on from its last checkpoint. */
  'worker-restarted',
  /** Training settings changed after the first step (or the seed after the weights were drawn). */
  'settings-changed',
  /** The backend changed after the first step: the model was reopened with a fresh optimiser and batch order. */
  'backend-switched',
  /** Pre-trained embedding vectors (GloVe) replaced drawn weights. */
  'pretrained-embeddings',
] as const;
export type ReplayBlocker = (typeof REPLAY_BLOCKERS)[number];

/** Blockers a reset (fresh weights from the seed, step 0, fresh optimiser and sampler) clears. */
const CLEARED_BY_RESET: ReadonlySet<ReplayBlocker> = new Set(['settings-changed', 'backend-switched', 'worker-restarted']);

export type RunOrigin =
  | {
      isReplayable: true;
      /** The training settings the run's steps were taken with (the seed among them drew the weights). */
      train: TrainConfig;
    }
  | {
      isReplayable: false;
      cause: ReplayBlocker;
      /** The step it happened at (0: before any training). */
      step: number;
      /** What exactly, when there is more to say (the settings that changed, the backend switched to). */
      detail: string | null;
    };

/** A model built from `train.seed`: replayable. */
export function seededOrigin(train: TrainConfig): RunOrigin {
  return { isReplayable: true, train: { ...train } };
}

/** The run can no longer be replayed because of `cause` (the first cause is the one kept). */
export function blockedOrigin(origin: RunOrigin | null, cause: ReplayBlocker, step: number, detail: string | null = null): RunOrigin {
  return origin === null || origin.isReplayable ? { isReplayable: false, cause, step, detail } : origin;
}

/** After a reset: the weights are the seed's draw again, unless the model itself did not come from a seed. */
export function originAfterReset(origin: RunOrigin, train: TrainConfig): RunOrigin {
  return origin.isReplayable || CLEARED_BY_RESET.has(origin.cause) ? seededOrigin(train) : origin;
}

/**
 * New training settings for the run at `step`. Before the first step only a new seed matters (the weights
 * were drawn from the old one; everything else starts exactly as a build with the new settings would);
 * after it, any change means no single configuration describes the whole run.
 */
export function originAfterTrainChange(origin: RunOrigin, train: TrainConfig, step: number): RunOrigin {
  if (!origin.isReplayable) return origin;
  const changed = (Object.keys(train) as (keyof TrainConfig)[]).filter((key) => train[key] !== origin.train[key]);
  if (changed.length === 0) return origin;
  if (step === 0 && !changed.includes('seed')) return seededOrigin(train);
  const detail = changed.map((key) => `${key} ${String(origin.train[key])} → ${String(train[key])}`).join(', ');
  return blockedOrigin(origin, 'settings-changed', step, detail);
}

/**
 * A run origin read back from storage (kept with a checkpoint's story), or null when it is not one: a record
 * that cannot be trusted says nothing about the run, and a run of unknown origin is not replayed.
 */
export function checkRunOrigin(value: unknown): RunOrigin | null {
  if (typeof value !== 'object' || value === null) return null;
  const origin = value as Record<string, unknown>;
  if (origin.isReplayable === true) return isTrainConfig(origin.train) ? seededOrigin(origin.train) : null;
  if (origin.isReplayable !== false || !REPLAY_BLOCKERS.includes(origin.cause as ReplayBlocker)) return null;
  if (!Number.isInteger(origin.step) || (origin.step as number) < 0 || (origin.detail !== null && typeof origin.detail !== 'string')) return null;
  return { isReplayable: false, cause: origin.cause as ReplayBlocker, step: origin.step as number, detail: origin.detail as string | null };
}

function isTrainConfig(value: unknown): value is TrainConfig {
  if (typeof value !== 'object' || value === null) return false;
  const train = value as Record<string, unknown>;
  return (
    OPTIMIZER_NAMES.includes(train.optimizer as OptimizerName) &&
    typeof train.learningRate === 'number' &&
    Number.isInteger(train.batchSize) &&
    Number.isInteger(train.epochs) &&
    (train.clipNorm === null || typeof train.clipNorm === 'number') &&
    typeof train.sampling === 'string' &&
    typeof train.bucketByLength === 'boolean' &&
    typeof train.seed === 'number'
  );
}

/**
 * The origin of a run opened from a file at `step`. A kept checkpoint the worker resumed exactly (its optimiser
 * state taken up on the backend it came from, its batch order moved on to `step`) goes on as the run it was:
 * it keeps the origin it was kept with, checked against the settings it trains with now. Anything else
 * (a file the user opened, a checkpoint without optimiser state, from another backend) is `cause` at `step`,
 * unless the run had an earlier cause already.
 */
export function originOfImport(kept: RunOrigin | null, resumedExactly: boolean, cause: ReplayBlocker, step: number, train: TrainConfig | null): RunOrigin {
  if (resumedExactly && kept !== null) return train ? originAfterTrainChange(kept, train, step) : kept;
  return blockedOrigin(kept, cause, step);
}
