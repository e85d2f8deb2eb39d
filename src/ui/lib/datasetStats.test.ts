import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import { datasetStats, sampleRows } from './datasetStats';

const dataset: Dataset = {
  id: 'toy',
  source: 'upload',
  title: 'toy',
  level: 'words',
  classes: ['a', 'b'],
  notes: [],
  train: [
    { text: 'one two three', label: 0 },
    { text: 'four', label: 0 },
  ],
  val: [{ text: 'five six', label: 1 }],
  test: [{ text: '  seven   eight ', label: 0 }],
};

describe('Data step summary', () => {
  it('counts classes over all splits and finds the majority share (the "always answer X" baseline)', () => {
    const stats = datasetStats(dataset);
    expect(stats.classCounts).toEqual([3, 1]);
    expect(stats.majorityClass).toBe(0);
    expect(stats.majorityShare).toBe(0.75);
    expect(stats.splitSizes).toEqual({ train: 2, val: 1, test: 1 });
  });

  it('measures the majority baseline on the validation split, where the Train step measures accuracy', () => {
    // Class a is 3 of 4 examples but none of the validation split: always answering a scores 0 there.
    expect(datasetStats(dataset).valMajorityShare).toBe(0);
    const val = [
      { text: 'five', label: 0 },
      { text: 'six', label: 1 },
    ];
    expect(datasetStats({ ...dataset, val }).valMajorityShare).toBe(0.5);
    expect(datasetStats({ ...dataset, val: [] }).valMajorityShare).toBe(datasetStats({ ...dataset, val: [] }).majorityShare);
  });

  it('measures words as tokens and letters as characters', () => {
    expect(datasetStats(dataset).lengths).toEqual([3, 1, 2, 2]);
    expect(datasetStats({ ...dataset, level: 'chars' }).lengths).toEqual([13, 4, 8, 16]);
  });

  it('samples rows deterministically and moves on with the offset', () => {
    const examples = Array.from({ length: 100 }, (_, index) => ({ text: `n${index}`, label: 0 }));
    expect(sampleRows(examples, 5, 0)).toEqual(sampleRows(examples, 5, 0));
    expect(sampleRows(examples, 5, 1)).not.toEqual(sampleRows(examples, 5, 0));
    expect(sampleRows([], 5, 0)).toEqual([]);
  });
});
