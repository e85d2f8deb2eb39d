/**
 * Stratified train/val/test split with a seeded shuffle. Pure and order-deterministic: the same
 * examples in the same order with the same seed give the same split in the browser and the CLI.
 */
import type { Example, Splits } from './types';
import { createRandom } from './random';

export interface SplitFractions {
  train: number;
  val: number;
  test: number;
}

export const DEFAULT_SPLIT: SplitFractions = { train: 0.8, val: 0.1, test: 0.1 };

/** How many of a class's `count` examples go to val and test. Classes of 3+ get at least one each. */
export function splitCounts(count: number, fractions: SplitFractions = DEFAULT_SPLIT): { train: number; val: number; test: number } {
  if (count < 3) return { train: count, val: 0, test: 0 };
  const total = fractions.train + fractions.val + fractions.test;
  const val = Math.max(1, Math.round((count * fractions.val) / total));
  const test = Math.max(1, Math.round((count * fractions.test) / total));
  return { train: count - val - test, val, test };
}

/**
 * Split every class separately (so each class keeps its share in every split), then shuffle each
 * split so that its rows are not grouped by class. Classes with fewer than 3 examples go entirely
 * to train (they cannot be evaluated); callers warn about them.
 */
export function stratifiedSplit(
  examples: readonly Example[],
  numClasses: number,
  seed: number,
  fractions: SplitFractions = DEFAULT_SPLIT,
): Splits {
  const random = createRandom(seed);
  const byClass: Example[][] = Array.from({ length: numClasses }, () => []);
  for (const example of examples) {
    if (!Number.isInteger(example.label) || example.label < 0 || example.label >= numClasses) {
      throw new RangeError(`label ${example.label} is outside 0..${numClasses - 1}`);
    }
    byClass[example.label].push(example);
  }
  const splits: Splits = { train: [], val: [], test: [] };
  for (const group of byClass) {
    random.shuffle(group);
    const counts = splitCounts(group.length, fractions);
    splits.val.push(...group.slice(0, counts.val));
    splits.test.push(...group.slice(counts.val, counts.val + counts.test));
    splits.train.push(...group.slice(counts.val + counts.test));
  }
  random.shuffle(splits.train);
  random.shuffle(splits.val);
  random.shuffle(splits.test);
  return splits;
}

/** Sorted class names by UTF-16 code units: the same order everywhere (localeCompare is not). */
export function sortClassNames(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Examples per class, `[numClasses]`. */
export function classCounts(examples: readonly Example[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const example of examples) counts[example.label]++;
  return counts;
}
