import { describe, expect, it } from 'vitest';
import { createRandom } from './random';

describe('SeededRandom', () => {
  it('gives a fixed sequence for a seed (the same in every JS engine: integer arithmetic only)', () => {
    const random = createRandom(1);
    // Golden values: if these change, every saved split and initialisation changes with them.
    expect([random.nextFloat(), random.nextFloat(), random.nextFloat()]).toEqual([0.2860478847287595, 0.24245584453456104, 0.5236019375734031]);
    expect(createRandom(42).nextInt(1000)).toBe(486);
  });

  it('repeats with the same seed and differs with another', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const seqA = Array.from({ length: 20 }, () => a.nextFloat());
    expect(Array.from({ length: 20 }, () => b.nextFloat())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextFloat())).not.toEqual(seqA);
  });

  it('accepts awkward seeds (0, negative, fractional, large) and still varies', () => {
    for (const seed of [0, -1, 2.5, 2 ** 40]) {
      const random = createRandom(seed);
      const values = new Set(Array.from({ length: 50 }, () => random.nextFloat()));
      expect(values.size).toBe(50);
    }
    expect(() => createRandom(Number.NaN)).toThrow(RangeError);
  });

  it('nextInt stays in range and is roughly uniform', () => {
    const random = createRandom(3);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) counts[random.nextInt(10)]++;
    for (const count of counts) expect(count).toBeGreaterThan(1800);
    for (const count of counts) expect(count).toBeLessThan(2200);
    expect(() => random.nextInt(0)).toThrow(RangeError);
  });

  it('uniform(a) stays within [-a, a) and averages near 0', () => {
    const random = createRandom(5);
    const limit = 1 / Math.sqrt(128);
    const values = random.uniformArray(10000, limit);
    let sum = 0;
    for (const value of values) {
      expect(Math.abs(value)).toBeLessThanOrEqual(limit);
      sum += value;
    }
    expect(Math.abs(sum / values.length)).toBeLessThan(limit / 20);
    expect(Math.min(...values)).toBeLessThan(-limit * 0.99);
    expect(Math.max(...values)).toBeGreaterThan(limit * 0.99);
  });

  it('shuffle is a permutation and depends on the seed', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = createRandom(1).shuffle([...items]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(createRandom(1).shuffle([...items])).toEqual(shuffled);
    expect(Array.from(createRandom(1).shuffleInts(Int32Array.from(items)))).toEqual(shuffled);
  });

  it('resumes exactly from a saved state', () => {
    const random = createRandom(9);
    random.nextFloat();
    const state = random.getState();
    const next = [random.nextFloat(), random.nextFloat()];
    random.setState(state);
    expect([random.nextFloat(), random.nextFloat()]).toEqual(next);
  });
});
