/**
 * BatchOrder's rule, held against samplers built by hand (src/data/batching.ts): a new order cuts the epoch
 * short, a new batch size keeps the order, settings changed before the first batch cost nothing, and a saved
 * state comes back whole after a reset, with settings changed since applied as `update` applies them.
 */
import { describe, expect, it } from 'vitest';
import { createTrainSampler } from '../data/batching';
import { BatchOrder, type OrderSettings } from './batchOrder';

const SIZE = 20;
const split = {
  labels: Array.from({ length: SIZE }, (_, i) => i % 2),
  lengths: Array.from({ length: SIZE }, (_, i) => 1 + ((i * 7) % 9)),
  numClasses: 2,
};
const settings: OrderSettings = { batchSize: 4, sampling: 'natural', bucketByLength: false, seed: 11 };

function sampler(options: OrderSettings) {
  return createTrainSampler({ ...split, batchSize: options.batchSize, mode: options.sampling, bucketByLength: options.bucketByLength, seed: options.seed });
}

function take(order: BatchOrder, count: number): number[][] {
  return Array.from({ length: count }, () => Array.from(order.next(split).indices));
}

describe('BatchOrder', () => {
  it('draws what its sampler draws, counting steps and epochs', () => {
    const order = new BatchOrder(settings);
    const reference = sampler(settings);
    for (let i = 0; i < 7; i++) expect(Array.from(order.next(split).indices)).toEqual(Array.from(reference.next().indices));
    // Five batches of four make an epoch of twenty.
    expect([order.step, order.epoch]).toEqual([7, 1]);
  });

  it('starts a new epoch with a new order when the seed, sampling or bucketing changes mid-epoch', () => {
    for (const change of [{ seed: 12 }, { sampling: 'balanced' as const }, { bucketByLength: true }]) {
      const order = new BatchOrder(settings);
      take(order, 2);
      const changed = { ...settings, ...change };
      order.update(changed);
      const batch = order.next(split);
      expect([order.step, order.epoch, batch.stepInEpoch]).toEqual([3, 1, 0]);
      // The new sampler's seed is offset by the epochs done, so it does not replay an order used before.
      expect(Array.from(batch.indices)).toEqual(Array.from(sampler({ ...changed, seed: changed.seed + 1 }).next().indices));
    }
  });

  it('costs no epoch when settings change before the first batch', () => {
    const order = new BatchOrder(settings);
    const changed = { ...settings, seed: 12 };
    order.update(changed);
    expect(Array.from(order.next(split).indices)).toEqual(Array.from(sampler(changed).next().indices));
    expect(order.epoch).toBe(0);
  });

  it('keeps the order through a new batch size', () => {
    const order = new BatchOrder(settings);
    const seen = take(order, 2);
    order.update({ ...settings, batchSize: 8 });
    seen.push(Array.from(order.next(split).indices));
    const reference = take(new BatchOrder(settings), 4);
    expect(seen.flat()).toEqual(reference.flat());
    expect([order.step, order.epoch]).toEqual([3, 0]);
  });

  it('restores a saved state after a reset, then applies the settings changed since', () => {
    const order = new BatchOrder(settings);
    take(order, 3);
    const saved = order.save();
    const untouched = new BatchOrder(settings);
    take(untouched, 3);

    order.reset();
    expect([order.step, order.epoch]).toEqual([0, 0]);
    take(order, 1);
    order.restore(saved, settings);
    expect([order.step, order.epoch]).toEqual([3, 0]);
    expect(take(order, 4)).toEqual(take(untouched, 4));

    const again = new BatchOrder(settings);
    take(again, 3);
    const before = again.save();
    again.reset();
    const changed = { ...settings, seed: 12 };
    again.update(changed);
    again.restore(before, changed);
    again.next(split);
    expect([again.step, again.epoch]).toEqual([4, 1]);
  });
});
