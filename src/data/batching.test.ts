import { describe, expect, it } from 'vitest';
import { createTrainSampler, evaluationBatches, stepsPerEpoch } from './batching';
import { createRandom } from './random';

function skewedLabels(): Int32Array {
  // 900 of class 0, 90 of class 1, 10 of class 2: the names' imbalance in miniature.
  return Int32Array.from([...new Array(900).fill(0), ...new Array(90).fill(1), ...new Array(10).fill(2)]);
}

function randomLengths(count: number, seed: number): Int32Array {
  const random = createRandom(seed);
  return Int32Array.from({ length: count }, () => 1 + random.nextInt(20));
}

describe('stepsPerEpoch', () => {
  it('rounds up (the last batch may be short)', () => {
    expect(stepsPerEpoch(14396, 64)).toBe(225);
    expect(stepsPerEpoch(128, 64)).toBe(2);
    expect(() => stepsPerEpoch(10, 0)).toThrow(RangeError);
  });
});

describe('natural sampler', () => {
  it('visits every example exactly once per epoch, in a new order each epoch', () => {
    const labels = skewedLabels();
    const sampler = createTrainSampler({ labels, numClasses: 3, batchSize: 64, mode: 'natural', seed: 1 });
    expect(sampler.stepsPerEpoch).toBe(16);
    const epochs: number[][] = [[], []];
    for (let step = 0; step < 32; step++) {
      const batch = sampler.next();
      expect(batch.epoch).toBe(step < 16 ? 0 : 1);
      expect(batch.stepInEpoch).toBe(step % 16);
      expect(batch.epochEnded).toBe(step % 16 === 15);
      expect(batch.indices.length).toBe(step % 16 === 15 ? 1000 - 15 * 64 : 64);
      epochs[batch.epoch].push(...batch.indices);
    }
    for (const order of epochs) expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(epochs[0]).not.toEqual(epochs[1]);
  });

  it('is deterministic for a seed', () => {
    const options = { labels: skewedLabels(), numClasses: 3, batchSize: 32, mode: 'natural' as const, seed: 4 };
    const a = createTrainSampler(options);
    const b = createTrainSampler(options);
    for (let i = 0; i < 5; i++) expect(Array.from(a.next().indices)).toEqual(Array.from(b.next().indices));
  });

  it('switches batch size mid-run', () => {
    const sampler = createTrainSampler({ labels: skewedLabels(), numClasses: 3, batchSize: 100, mode: 'natural', seed: 1 });
    sampler.next();
    sampler.setBatchSize(300);
    expect(sampler.next().indices.length).toBe(300);
    expect(sampler.stepsPerEpoch).toBe(4);
  });
});

describe('balanced sampler', () => {
  it('draws each class about equally often, however skewed the data', () => {
    const labels = skewedLabels();
    const sampler = createTrainSampler({ labels, numClasses: 3, batchSize: 100, mode: 'balanced', seed: 2 });
    const counts = [0, 0, 0];
    let drawn = 0;
    for (let epoch = 0; epoch < 6; epoch++) {
      for (let step = 0; step < sampler.stepsPerEpoch; step++) {
        const batch = sampler.next();
        for (const index of batch.indices) counts[labels[index]]++;
        drawn += batch.indices.length;
      }
    }
    expect(drawn).toBe(6000);
    for (const count of counts) expect(Math.abs(count / drawn - 1 / 3)).toBeLessThan(0.03);
  });

  it('skips classes with no training example', () => {
    const labels = Int32Array.from([0, 0, 2, 2]);
    const sampler = createTrainSampler({ labels, numClasses: 3, batchSize: 4, mode: 'balanced', seed: 1 });
    for (let i = 0; i < 10; i++) for (const index of sampler.next().indices) expect(labels[index]).not.toBe(1);
  });
});

describe('length bucketing', () => {
  const labels = skewedLabels();
  const lengths = randomLengths(1000, 3);

  function meanPadding(bucketByLength: boolean): number {
    const sampler = createTrainSampler({ labels, lengths, numClasses: 3, batchSize: 32, mode: 'natural', bucketByLength, seed: 1 });
    let padded = 0;
    let real = 0;
    const seen: number[] = [];
    for (let step = 0; step < sampler.stepsPerEpoch; step++) {
      const { indices } = sampler.next();
      const longest = Math.max(...Array.from(indices, (i) => lengths[i]));
      for (const index of indices) {
        real += lengths[index];
        padded += longest - lengths[index];
        seen.push(index);
      }
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    return padded / (padded + real);
  }

  it('cuts padding sharply while still visiting every example once', () => {
    const plain = meanPadding(false);
    const bucketed = meanPadding(true);
    expect(plain).toBeGreaterThan(0.4);
    expect(bucketed).toBeLessThan(plain / 4);
  });

  it('shuffles the batch order, so lengths do not come in a sweep', () => {
    const sampler = createTrainSampler({ labels, lengths, numClasses: 3, batchSize: 32, mode: 'balanced', bucketByLength: true, seed: 1, bucketBatches: 100 });
    const firstLengths = Array.from({ length: 10 }, () => lengths[sampler.next().indices[0]]);
    expect(firstLengths).not.toEqual([...firstLengths].sort((a, b) => a - b));
  });

  it('needs lengths', () => {
    expect(() => createTrainSampler({ labels, numClasses: 3, batchSize: 32, mode: 'natural', bucketByLength: true, seed: 1 })).toThrow(/length/);
  });
});

describe('evaluationBatches', () => {
  it('covers every example once, sorted by length, keeping original indices', () => {
    const lengths = Int32Array.from([5, 1, 3, 3, 9, 2, 1]);
    const batches = evaluationBatches(lengths, 3);
    expect(batches.map((b) => Array.from(b))).toEqual([
      [1, 6, 5],
      [2, 3, 0],
      [4],
    ]);
  });
});
