/** Summary numbers the Data step draws, computed once per data set (pure; tested). */
import { tokenize } from '../../data/vocabulary';
import type { Dataset, Example } from '../../data/types';

export interface DatasetStats {
  total: number;
  splitSizes: { train: number; val: number; test: number };
  /** Examples per class over all splits, in class order. */
  classCounts: number[];
  /** Sequence length (letters or tokens) of every example, all splits. */
  lengths: number[];
  majorityClass: number;
  majorityShare: number;
  /**
   * The majority class's share of the validation split: what always answering it scores on the Train step's
   * accuracy curves, which are measured there (SST-2: 51%, against 52% over all splits). The share over all
   * splits when there is no validation split.
   */
  valMajorityShare: number;
  meanLength: number;
  maxLength: number;
}

export function sequenceLength(text: string, level: Dataset['level']): number {
  return level === 'chars' ? [...text].length : tokenize(text).length;
}

export function datasetStats(dataset: Dataset): DatasetStats {
  const all: Example[] = [...dataset.train, ...dataset.val, ...dataset.test];
  const classCounts = dataset.classes.map(() => 0);
  const lengths: number[] = new Array(all.length);
  let sum = 0;
  let maxLength = 0;
  all.forEach((example, index) => {
    classCounts[example.label] = (classCounts[example.label] ?? 0) + 1;
    const length = sequenceLength(example.text, dataset.level);
    lengths[index] = length;
    sum += length;
    if (length > maxLength) maxLength = length;
  });
  let majorityClass = 0;
  classCounts.forEach((count, index) => {
    if (count > classCounts[majorityClass]) majorityClass = index;
  });
  const valMajority = dataset.val.filter((example) => example.label === majorityClass).length;
  return {
    total: all.length,
    splitSizes: { train: dataset.train.length, val: dataset.val.length, test: dataset.test.length },
    classCounts,
    lengths,
    majorityClass,
    majorityShare: all.length === 0 ? 0 : classCounts[majorityClass] / all.length,
    valMajorityShare: dataset.val.length > 0 ? valMajority / dataset.val.length : all.length === 0 ? 0 : classCounts[majorityClass] / all.length,
    meanLength: all.length === 0 ? 0 : sum / all.length,
    maxLength,
  };
}

/** `count` examples drawn evenly through the training split, deterministic for a given offset (the "Shuffle" button moves it). */
export function sampleRows(examples: readonly Example[], count: number, offset: number): Example[] {
  if (examples.length === 0) return [];
  const stride = Math.max(1, Math.floor(examples.length / count));
  const rows: Example[] = [];
  for (let index = 0; index < Math.min(count, examples.length); index++) {
    rows.push(examples[(offset * 7919 + index * stride) % examples.length]);
  }
  return rows;
}
