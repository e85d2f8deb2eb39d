/**
 * Test helper (Node): the SparseAdam fixture on the active backend with Vitest's expect, every value within
 * `tolerance` absolutely (sparseAdamFixture.ts runs it).
 */
import { expect } from 'vitest';
import { readOwnFixture } from './fixtures';
import { checkSparseAdamFixture, SPARSE_ADAM_FIXTURE, type SparseAdamFixture } from './sparseAdamFixture';

export async function expectSparseAdamFixture(tolerance: number): Promise<void> {
  let checked = 0;
  await checkSparseAdamFixture(readOwnFixture<SparseAdamFixture>(SPARSE_ADAM_FIXTURE), (label, actual, expected) => {
    expect(actual.length, label).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    expect(worst, label).toBeLessThan(tolerance);
    checked += 1;
  });
  // 4 steps × (loss, norm, 3 weights, m, v).
  expect(checked).toBe(28);
}
