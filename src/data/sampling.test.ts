import { describe, expect, it } from 'vitest';
import { createRandom } from './random';
import { drawIndex } from './sampling';

const logProbs = [Math.log(0.1), Math.log(0.5), Math.log(0.05), Math.log(0.3), Math.log(0.05)];

function counts(temperature: number, k: number | null, draws: number, seed = 3): number[] {
  const random = createRandom(seed);
  const seen = new Array<number>(logProbs.length).fill(0);
  for (let i = 0; i < draws; i++) seen[drawIndex(logProbs, temperature, k, random)]++;
  return seen;
}

describe('drawing the next symbol', () => {
  it('at temperature 0 always takes the most likely symbol', () => {
    expect(counts(0, null, 50)).toEqual([0, 50, 0, 0, 0]);
  });

  it('with top-k draws only among the k most likely, each of them', () => {
    const seen = counts(1, 2, 2000);
    expect(seen[0] + seen[2] + seen[4]).toBe(0);
    expect(seen[1]).toBeGreaterThan(0);
    expect(seen[3]).toBeGreaterThan(0);
  });

  it('at temperature 1 follows the probabilities (0.5 for the best within a few percent over 4000 draws)', () => {
    const seen = counts(1, null, 4000);
    expect(seen[1] / 4000).toBeGreaterThan(0.46);
    expect(seen[1] / 4000).toBeLessThan(0.54);
    expect(seen[2]).toBeGreaterThan(0);
  });

  it('is reproducible from a seed and differs with another', () => {
    const draws = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 30 }, () => drawIndex(logProbs, 1, null, random));
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
  });

  it('refuses a negative temperature and a top-k of 0', () => {
    expect(() => drawIndex(logProbs, -1, null, createRandom(1))).toThrow(/temperature/);
    expect(() => drawIndex(logProbs, 1, 0, createRandom(1))).toThrow(/top-k/);
  });
});
