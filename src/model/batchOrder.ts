/**
 * The order a session trains its batches in, and the step and epoch counters that come with it: one seeded
 * sampler (src/data/batching.ts) at a time. The classifier's and the character LM's sessions share it, so the
 * rule below holds the same for both, and for a reset that is undone.
 *
 * The rule: a change of sampling mode, bucketing or seed means a new order, so the current epoch is cut short
 * and the next batch starts a new epoch from the new sampler. A new batch size keeps the order; the rest of the
 * epoch is cut at the new size. The sampler is made at the first batch, so settings changed before any training
 * never cost an epoch.
 */
import { createTrainSampler, type SampledBatch, type TrainSampler } from '../data/batching';
import type { TrainConfig } from './types';

/** The settings the order depends on. */
export type OrderSettings = Pick<TrainConfig, 'batchSize' | 'sampling' | 'bucketByLength' | 'seed'>;

/** The split the batches index into: each training example's class (or condition) and length. */
export interface OrderedSplit {
  labels: ArrayLike<number>;
  lengths: ArrayLike<number>;
  numClasses: number;
}

/** Everything `BatchOrder` holds, kept whole for an undo (`save` / `restore`). */
export interface BatchOrderState {
  sampler: TrainSampler | null;
  epochOffset: number;
  step: number;
  epoch: number;
  settings: OrderSettings;
}

function newOrder(before: OrderSettings, after: OrderSettings): boolean {
  return before.sampling !== after.sampling || before.bucketByLength !== after.bucketByLength || before.seed !== after.seed;
}

function settingsOf(train: OrderSettings): OrderSettings {
  return { batchSize: train.batchSize, sampling: train.sampling, bucketByLength: train.bucketByLength, seed: train.seed };
}

export class BatchOrder {
  /** Steps trained (the counter the curves use; it keeps going through order changes). */
  step = 0;
  /** 0-based epoch of the last batch. */
  epoch = 0;
  private sampler: TrainSampler | null = null;
  /** Epochs completed by earlier samplers (a new sampler starts again at its epoch 0). */
  private epochOffset = 0;
  private settings: OrderSettings;

  constructor(train: OrderSettings) {
    this.settings = settingsOf(train);
  }

  /** The next batch of `split` (its sampler made on first use), counted as a step. */
  next(split: OrderedSplit): SampledBatch {
    if (!this.sampler) {
      this.sampler = createTrainSampler({
        labels: split.labels,
        lengths: split.lengths,
        numClasses: split.numClasses,
        batchSize: this.settings.batchSize,
        mode: this.settings.sampling,
        bucketByLength: this.settings.bucketByLength,
        // A new sampler after an order change gets a seed of its own, so its order differs from the last one's.
        seed: this.settings.seed + this.epochOffset,
      });
    }
    const sampled = this.sampler.next();
    this.step++;
    this.epoch = this.epochOffset + sampled.epoch;
    return sampled;
  }

  /** Apply changed settings by the rule above. */
  update(train: OrderSettings): void {
    const previous = this.settings;
    this.settings = settingsOf(train);
    if (newOrder(previous, this.settings)) {
      if (this.sampler) this.epochOffset = this.epoch + 1;
      this.sampler = null;
    } else if (train.batchSize !== previous.batchSize) {
      this.sampler?.setBatchSize(train.batchSize);
    }
  }

  /** Back to step 0 and epoch 0 with a fresh order. */
  reset(): void {
    this.sampler = null;
    this.epochOffset = 0;
    this.step = 0;
    this.epoch = 0;
  }

  /** Its whole state; `restore` puts it back. */
  save(): BatchOrderState {
    return { sampler: this.sampler, epochOffset: this.epochOffset, step: this.step, epoch: this.epoch, settings: this.settings };
  }

  /** Put back a saved state, then apply `train` (settings changed since the save) as `update` would have. */
  restore(state: BatchOrderState, train: OrderSettings): void {
    this.sampler = state.sampler;
    this.epochOffset = state.epochOffset;
    this.step = state.step;
    this.epoch = state.epoch;
    this.settings = state.settings;
    this.update(train);
  }
}
