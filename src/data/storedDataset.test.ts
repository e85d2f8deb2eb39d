import { describe, expect, it } from 'vitest';
import { MAX_CLASSES } from './limits';
import { checkStoredDataset, StoredDataError } from './storedDataset';
import type { Dataset } from './types';

const good: Dataset = {
  id: 'upload:pets.csv',
  source: 'upload',
  title: 'pets.csv (2 classes, words)',
  level: 'words',
  classes: ['cat', 'dog'],
  notes: ['4 examples'],
  train: [
    { text: 'meow', label: 0 },
    { text: 'woof', label: 1 },
  ],
  val: [{ text: 'purr', label: 0 }],
  test: [{ text: 'bark', label: 1 }],
};

function reason(value: unknown): string {
  try {
    checkStoredDataset(value);
  } catch (error) {
    expect(error).toBeInstanceOf(StoredDataError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('checkStoredDataset', () => {
  it('accepts what parseUpload makes, as an equal copy', () => {
    expect(checkStoredDataset(structuredClone(good))).toEqual(good);
  });

  it('refuses garbage with the field at fault (these crashed rendering: classes.join, train.map)', () => {
    expect(reason(null)).toMatch(/not an object/);
    expect(reason('garbage')).toMatch(/not an object/);
    expect(reason({ ...good, classes: 'cat,dog' })).toMatch(/class names are not a list/);
    expect(reason({ ...good, classes: { 0: 'cat' } })).toMatch(/class names/);
    expect(reason({ ...good, train: 7 })).toMatch(/train is not a list/);
    expect(reason({ ...good, val: [{ text: 'x', label: 2 }] })).toMatch(/val\[0\] is not a text with one of the 2 class labels/);
    expect(reason({ ...good, test: [{ text: 3, label: 0 }] })).toMatch(/test\[0\]/);
    expect(reason({ ...good, level: 'bytes' })).toMatch(/neither characters nor words/);
    expect(reason({ ...good, source: 'names' })).toMatch(/not an uploaded data set/);
    expect(reason({ ...good, classes: ['cat', 'cat'] })).toMatch(/appears twice/);
    expect(reason({ ...good, classes: Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `c${i}`) })).toMatch(/201 classes/);
    expect(reason({ ...good, train: [] })).toMatch(/no training examples/);
    expect(reason({ ...good, notes: undefined })).toMatch(/notes/);
  });

  it('keeps a character-level data set\'s own alphabet, reads one without it as the 57, and names a malformed one', () => {
    const chars: Dataset = { ...good, level: 'chars', alphabet: 'веоу\uFFFD' };
    expect(checkStoredDataset(structuredClone(chars)).alphabet).toBe('веоу\uFFFD');
    expect(checkStoredDataset({ ...chars, alphabet: undefined }).alphabet).toBeUndefined();
    expect(reason({ ...chars, alphabet: 'ab\uFFFDb' })).toMatch(/its alphabet is malformed: "b" appears more than once/);
    expect(reason({ ...chars, alphabet: 'abc' })).toMatch(/does not end with the unknown symbol/);
    expect(reason({ ...chars, alphabet: 42 })).toMatch(/its alphabet is not a text/);
    expect(reason({ ...good, alphabet: 'ab\uFFFD' })).toMatch(/word-level but carries a character alphabet/);
  });
});
