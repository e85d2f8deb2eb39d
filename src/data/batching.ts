/**
 * Which examples go into each batch. Two training samplers, both seeded:
 *  - natural: every example once per epoch, in a fresh random order (PyTorch's DataLoader(shuffle=True)).
 *  - balanced: each example of a batch picks a class uniformly, then an example of that class uniformly
 *    (the tutorial's randomTrainingExample); an "epoch" is as many draws as there are training examples.
 * Optional length bucketing: within chunks of `bucketBatches` batches, examples are sorted by length so a
 * batch holds similar lengths (less padding, shorter unrolls); then the batch order is shuffled so the
 * network does not see lengths in a sweep.
 */
import type { SamplingMode } from './types';
import { createRandom } from './random';
import type { SeededRandom } from './random';

/** Batches per epoch: the last one may be smaller (PyTorch's drop_last=False). */
export function stepsPerEpoch(trainSize: number, batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number ≥ 1, got ${batchSize}`);
  return Math.ceil(trainSize / batchSize);
}

export interface TrainSamplerOptions {
  /** Class of each training example, `[trainSize]`. */
  labels: ArrayLike<number>;
  /** Sequence length of each example, `[trainSize]`; needed for bucketing. */
  lengths?: ArrayLike<number>;
  numClasses: number;
  batchSize: number;
  mode: SamplingMode;
  bucketByLength?: boolean;
  seed: number;
  /** Batches per sorting chunk when bucketing (default 50). */
  bucketBatches?: number;
}

export interface SampledBatch {
  /** Indices into the training split, `[batchSize]` (the last batch of an epoch may be shorter). */
  indices: Int32Array;
  /** 0-based epoch this batch belongs to. */
  epoch: number;
  /** 0-based position of the batch within its epoch. */
  stepInEpoch: number;
  /** True for the last batch of the epoch. */
  epochEnded: boolean;
}

export class TrainSampler {
  private readonly random: SeededRandom;
  private readonly byClass: Int32Array[];
  private readonly presentClasses: number[];
  private order: Int32Array = new Int32Array(0);
  private cursor = 0;
  private currentEpoch = -1;
  private step = 0;
  private batchSize: number;

  constructor(private readonly options: TrainSamplerOptions) {
    const trainSize = options.labels.length;
    if (trainSize === 0) throw new RangeError('there are no training examples to sample from');
    if (options.bucketByLength && (!options.lengths || options.lengths.length !== trainSize)) {
      throw new RangeError('bucketing by length needs one length per training example');
    }
    this.batchSize = options.batchSize;
    stepsPerEpoch(trainSize, this.batchSize);
    this.random = createRandom(options.seed);
    const members: number[][] = Array.from({ length: options.numClasses }, () => []);
    for (let i = 0; i < trainSize; i++) {
      const label = options.labels[i];
      if (!(label >= 0 && label < options.numClasses)) throw new RangeError(`label ${label} of example ${i} is outside 0..${options.numClasses - 1}`);
      members[label].push(i);
    }
    this.byClass = members.map((list) => Int32Array.from(list));
    this.presentClasses = members.flatMap((list, label) => (list.length > 0 ? [label] : []));
  }

  get trainSize(): number {
    return this.options.labels.length;
  }

  get stepsPerEpoch(): number {
    return stepsPerEpoch(this.trainSize, this.batchSize);
  }

  /** The epoch of the batch `next()` returned last (-1 before the first). */
  get epoch(): number {
    return this.currentEpoch;
  }

  /** Takes effect from the next batch; the rest of the current epoch is cut at the new size. */
  setBatchSize(batchSize: number): void {
    stepsPerEpoch(this.trainSize, batchSize);
    this.batchSize = batchSize;
  }

  next(): SampledBatch {
    if (this.cursor >= this.order.length) {
      this.currentEpoch++;
      this.order = this.epochOrder();
      this.cursor = 0;
      this.step = 0;
    }
    const end = Math.min(this.cursor + this.batchSize, this.order.length);
    const indices = this.order.slice(this.cursor, end);
    this.cursor = end;
    const batch = { indices, epoch: this.currentEpoch, stepInEpoch: this.step, epochEnded: end >= this.order.length };
    this.step++;
    return batch;
  }

  private epochOrder(): Int32Array {
    const order = this.options.mode === 'balanced' ? this.balancedDraws() : this.random.shuffleInts(identity(this.trainSize));
    return this.options.bucketByLength ? this.bucket(order) : order;
  }

  private balancedDraws(): Int32Array {
    const draws = new Int32Array(this.trainSize);
    for (let i = 0; i < draws.length; i++) {
      const members = this.byClass[this.presentClasses[this.random.nextInt(this.presentClasses.length)]];
      draws[i] = members[this.random.nextInt(members.length)];
    }
    return draws;
  }

  /** Sort by length within chunks, cut into batches, shuffle the full batches, keep a short one last. */
  private bucket(order: Int32Array): Int32Array {
    const lengths = this.options.lengths as ArrayLike<number>;
    const chunkSize = this.batchSize * (this.options.bucketBatches ?? 50);
    const fullBatches: Int32Array[] = [];
    let partial: Int32Array | null = null;
    for (let start = 0; start < order.length; start += chunkSize) {
      const chunk = Array.from(order.subarray(start, Math.min(start + chunkSize, order.length)));
      chunk.sort((a, b) => lengths[a] - lengths[b]);
      for (let offset = 0; offset < chunk.length; offset += this.batchSize) {
        const batch = Int32Array.from(chunk.slice(offset, offset + this.batchSize));
        if (batch.length === this.batchSize) fullBatches.push(batch);
        else partial = batch;
      }
    }
    this.random.shuffle(fullBatches);
    if (partial) fullBatches.push(partial);
    const result = new Int32Array(order.length);
    let offset = 0;
    for (const batch of fullBatches) {
      result.set(batch, offset);
      offset += batch.length;
    }
    return result;
  }
}

export function createTrainSampler(options: TrainSamplerOptions): TrainSampler {
  return new TrainSampler(options);
}

/**
 * Batches for evaluation: every example once, sorted by length (less padding), each batch listing the
 * original indices so predictions and mistakes map back to the examples.
 */
export function evaluationBatches(lengths: ArrayLike<number>, batchSize: number): Int32Array[] {
  stepsPerEpoch(lengths.length, batchSize);
  const order = Array.from(identity(lengths.length)).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const batches: Int32Array[] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(Int32Array.from(order.slice(start, start + batchSize)));
  return batches;
}

function identity(count: number): Int32Array {
  const values = new Int32Array(count);
  for (let i = 0; i < count; i++) values[i] = i;
  return values;
}
