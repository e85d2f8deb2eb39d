/**
 * Browser-safe helpers for the parity fixtures (no Node modules): nested number lists to float32 values and
 * shapes, and the elementwise comparison every parity check uses. fixtures.ts re-exports them for Node.
 */
import type { NestedNumbers } from '../types';

/** Flatten nested lists to float32 values in row-major order. */
export function flat(value: NestedNumbers): Float32Array {
  const out: number[] = [];
  const walk = (item: NestedNumbers) => {
    if (Array.isArray(item)) item.forEach(walk);
    else out.push(item);
  };
  walk(value);
  return Float32Array.from(out);
}

/** Shape of nested lists (first element at every depth). */
export function shapeOf(value: NestedNumbers): number[] {
  const shape: number[] = [];
  let item = value;
  while (Array.isArray(item)) {
    shape.push(item.length);
    item = item[0];
  }
  return shape;
}

export interface Closeness {
  maxAbs: number;
  /** Elements that fail both |a−e| ≤ tol and |a−e| ≤ tol·|e|. */
  failures: number;
  worst: string;
}

/** Compare elementwise within `tolerance` absolute OR relative (the 1e-4 rule). */
export function closeness(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-4): Closeness {
  if (actual.length !== expected.length) return { maxAbs: Infinity, failures: 1, worst: `length ${actual.length} vs ${expected.length}` };
  let maxAbs = 0;
  let failures = 0;
  let worst = '';
  for (let i = 0; i < actual.length; i++) {
    const difference = Math.abs(actual[i] - expected[i]);
    if (!(difference <= tolerance || difference <= tolerance * Math.abs(expected[i]))) {
      failures++;
      if (!worst) worst = `index ${i}: ${actual[i]} vs ${expected[i]}`;
    }
    if (!(difference <= maxAbs)) maxAbs = difference;
  }
  return { maxAbs, failures, worst };
}
