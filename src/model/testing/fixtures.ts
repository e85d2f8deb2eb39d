/**
 * Test helpers for the PyTorch parity fixtures (../shared/fixtures/torch-parity, or RNN_FIXTURES_DIR).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestedNumbers } from '../types';

/** Where the fixtures live: env RNN_FIXTURES_DIR, else `../shared/fixtures/torch-parity` beside the repo root. */
export function fixturesDir(): string {
  const fromEnv = process.env.RNN_FIXTURES_DIR;
  const dir = fromEnv ?? fileURLToPath(new URL('../../../../shared/fixtures/torch-parity', import.meta.url));
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`PyTorch parity fixtures not found at ${dir} (no manifest.json). Set RNN_FIXTURES_DIR to the torch-parity folder.`);
  }
  return dir;
}

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixturesDir(), name), 'utf8')) as T;
}

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

/** A fixture committed with the code (src/model/testing/fixtures/), made by one of the tools/ scripts. */
export function readOwnFixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8')) as T;
}
