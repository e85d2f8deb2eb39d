import { describe, expect, it } from 'vitest';
import { stratifiedSubsetIndices } from './subset';

/** 1,000 examples: class 0 has 700, class 1 has 290, class 2 has 10, interleaved. */
function skewedLabels(): Int32Array {
  const labels: number[] = [];
  for (let index = 0; index < 700; index++) labels.push(0);
  for (let index = 0; index < 290; index++) labels.push(1);
  for (let index = 0; index < 10; index++) labels.push(2);
  // Interleave deterministically so classes are not in blocks.
  return Int32Array.from(labels.map((label, index) => ({ label, key: (index * 7919) % 1000 })).sort((a, b) => a.key - b.key).map((entry) => entry.label));
}

function countByClass(labels: Int32Array, indices: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const index of indices) counts[labels[index]]++;
  return counts;
}

describe('stratifiedSubsetIndices', () => {
  it('keeps each class share and the requested size', () => {
    const labels = skewedLabels();
    const indices = stratifiedSubsetIndices(labels, 3, 100, 1);
    expect(indices).toHaveLength(100);
    expect(countByClass(labels, indices, 3)).toEqual([70, 29, 1]);
    expect(new Set(indices).size).toBe(100);
    expect([...indices]).toEqual([...indices].sort((a, b) => a - b));
  });

  it('gives a small class at least one example', () => {
    const labels = skewedLabels();
    expect(countByClass(labels, stratifiedSubsetIndices(labels, 3, 20, 1), 3)).toEqual([14, 5, 1]);
  });

  it('is the same for the same seed and differs for another', () => {
    const labels = skewedLabels();
    expect(stratifiedSubsetIndices(labels, 3, 50, 7)).toEqual(stratifiedSubsetIndices(labels, 3, 50, 7));
    expect(stratifiedSubsetIndices(labels, 3, 50, 7)).not.toEqual(stratifiedSubsetIndices(labels, 3, 50, 8));
  });

  it('takes everything when the split is smaller than the size, and refuses a size of 0', () => {
    expect([...stratifiedSubsetIndices(Int32Array.from([0, 1, 1]), 2, 512, 1)]).toEqual([0, 1, 2]);
    expect(() => stratifiedSubsetIndices(Int32Array.from([0, 1]), 2, 0, 1)).toThrow(/whole number/);
  });
});
