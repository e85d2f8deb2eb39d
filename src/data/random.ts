/**
 * A small seeded PRNG (mulberry32) for everything that must be reproducible: weight
 * initialisation, splits, shuffles and sampling. It uses only 32-bit integer arithmetic
 * (`Math.imul`, `>>>`), so a seed gives the same sequence in every browser and in Node,
 * which `Math.random` cannot promise.
 */

export class SeededRandom {
  private state: number;

  /** Any finite number works as a seed; it is folded to 32 bits. */
  constructor(seed: number) {
    this.state = foldSeed(seed);
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  nextFloat(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). n must be a positive integer. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`nextInt needs a positive integer, got ${n}`);
    return Math.floor(this.nextFloat() * n);
  }

  /** Uniform in [-limit, limit): PyTorch's RNN/Linear initialisation uses limit = 1/√hiddenSize. */
  uniform(limit: number): number {
    return (this.nextFloat() * 2 - 1) * limit;
  }

  /** `count` draws of `uniform(limit)`, e.g. the values of one weight matrix in row-major order. */
  uniformArray(count: number, limit: number): Float32Array {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = this.uniform(limit);
    return values;
  }

  /** Fisher–Yates shuffle in place; returns the same array for chaining. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    return items;
  }

  /** Same as `shuffle`, for typed index arrays. */
  shuffleInts(items: Int32Array): Int32Array {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    return items;
  }

  /** The internal state, so a run can be checkpointed and resumed exactly. */
  getState(): number {
    return this.state;
  }

  setState(state: number): void {
    this.state = state | 0;
  }
}

export function createRandom(seed: number): SeededRandom {
  return new SeededRandom(seed);
}

/** Fold any number (negative, fractional, > 2^32) into a well-mixed 32-bit state. */
function foldSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const low = Math.trunc(seed) | 0;
  const high = Math.trunc(seed / 4294967296) | 0;
  // One round of a murmur3-style finaliser so seeds 1, 2, 3 start far apart.
  let h = low ^ Math.imul(high, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
