import { describe, expect, it } from 'vitest';
import { readSst2Files, resolveDataDir } from '../cli/dataDir';
import { DataFileError } from './errors';
import { parseSst2, prepareSst2Dataset, vocabularyFromDataset } from './sst2';
import { PAD_TOKEN, UNK_TOKEN, buildVocabulary, encodeWords, isSplitOnSpaces, vocabularyFromWords } from './vocabulary';

describe('buildVocabulary', () => {
  const texts = ['the cat sat', 'the dog sat', 'the end', 'a zebra'];

  it('puts <pad> at 0 and <unk> at 1, then words by count, ties alphabetical', () => {
    const vocabulary = buildVocabulary(texts);
    expect(vocabulary.words.slice(0, 4)).toEqual([PAD_TOKEN, UNK_TOKEN, 'the', 'sat']);
    expect(vocabulary.words.slice(4)).toEqual(['a', 'cat', 'dog', 'end', 'zebra']);
    expect(vocabulary.counts.slice(2, 4)).toEqual([3, 2]);
    expect(vocabulary.padId).toBe(0);
    expect(vocabulary.unkId).toBe(1);
    expect(vocabulary.index.get('cat')).toBe(5);
  });

  it('honours minCount and maxSize (maxSize counts pad and unk) and counts what fell out as <unk>', () => {
    const frequent = buildVocabulary(texts, { minCount: 2 });
    expect(frequent.words).toEqual([PAD_TOKEN, UNK_TOKEN, 'the', 'sat']);
    expect(frequent.counts[1]).toBe(5);
    const small = buildVocabulary(texts, { maxSize: 3 });
    expect(small.words).toEqual([PAD_TOKEN, UNK_TOKEN, 'the']);
    expect(() => buildVocabulary(texts, { minCount: 0 })).toThrow(RangeError);
    expect(() => buildVocabulary(texts, { maxSize: 2 })).toThrow(/maxSize/);
  });

  it('encodes unknown words as <unk> and says where they were', () => {
    const vocabulary = buildVocabulary(texts);
    const encoded = encodeWords('The cat ate <pad>', vocabulary);
    expect(encoded.tokens).toEqual(['the', 'cat', 'ate', '<pad>']);
    expect(encoded.ids).toEqual([2, 5, 1, 1]);
    expect(encoded.unknownPositions).toEqual([2, 3]);
  });

  it('rebuilds a vocabulary from a model file word list', () => {
    const vocabulary = vocabularyFromWords(['[PAD]', 'hello', '[UNK]'], { pad: '[PAD]', unk: '[UNK]', lowercase: false });
    expect(vocabulary.padId).toBe(0);
    expect(vocabulary.unkId).toBe(2);
    expect(encodeWords('hello Hello', vocabulary).ids).toEqual([1, 2]);
    expect(() => vocabularyFromWords(['a', '<unk>'])).toThrow(/padding token/);
  });

  it('reads a vocabulary built on whitespace only (an earlier upload\'s model file) the way it was built', () => {
    // Such a file holds `charming,` and `it's`: split PTB style, the typed sentence would be all but unknown.
    const earlier = vocabularyFromWords([PAD_TOKEN, UNK_TOKEN, "it's", 'charming,', 'and', 'moving.']);
    expect(earlier.splitsOnSpaces).toBe(true);
    const encoded = encodeWords("It's charming, and moving.", earlier);
    expect(encoded.tokens).toEqual(["it's", 'charming,', 'and', 'moving.']);
    expect(encoded.unknownPositions).toEqual([]);
    // A vocabulary the PTB tokeniser built splits typed text PTB style.
    const current = vocabularyFromWords(buildVocabulary(["It's charming, and moving."]).words);
    expect(current.splitsOnSpaces).toBe(false);
    expect(encodeWords("It's charming, and moving.", current).unknownPositions).toEqual([]);
  });
});

describe('SST-2', () => {
  it('parses LABEL SENTENCE lines and refuses anything else with the line number', () => {
    expect(parseSst2('1 a fine film\n0 dull .\r\n\n', 'x')).toEqual([
      { text: 'a fine film', label: 1 },
      { text: 'dull .', label: 0 },
    ]);
    expect(() => parseSst2('1 ok\n2 what\n', 'stsa.binary.dev')).toThrow(/stsa.binary.dev, line 2/);
    expect(() => parseSst2('positive great', 'f')).toThrow(expect.objectContaining({ code: 'malformed-line' }));
    expect(() => parseSst2('positive great', 'f')).toThrow(DataFileError);
  });

  const dataset = prepareSst2Dataset(readSst2Files(resolveDataDir([], process.env)));

  it('keeps the published splits, dev as validation', () => {
    expect(dataset.classes).toEqual(['negative', 'positive']);
    expect(dataset.level).toBe('words');
    expect([dataset.train.length, dataset.val.length, dataset.test.length]).toEqual([6920, 872, 1821]);
    expect(dataset.train[0].label).toBe(1);
    expect(dataset.train[0].text.startsWith('a stirring , funny')).toBe(true);
  });

  it('builds a 14,830-word vocabulary from train at minCount 1 (7,142 at minCount 2)', () => {
    const vocabulary = vocabularyFromDataset(dataset, { minCount: 1 });
    expect(vocabulary.words).toHaveLength(14830);
    expect(vocabulary.words.slice(0, 5)).toEqual([PAD_TOKEN, UNK_TOKEN, '.', 'the', ',']);
    expect(vocabulary.counts[1]).toBe(0);
    expect(vocabularyFromDataset(dataset, { minCount: 2 }).words).toHaveLength(7142);
    // No SST-2 word looks like a whitespace-only vocabulary's (`mr.`, `'s`, `n't`, `?!` are PTB's own).
    expect(vocabulary.words.filter((word) => isSplitOnSpaces([word]))).toEqual([]);
    // Dev sentences contain words never seen in train.
    const unknown = dataset.val.reduce((sum, e) => sum + encodeWords(e.text, vocabulary).unknownPositions.length, 0);
    expect(unknown).toBeGreaterThan(0);
  });
});
