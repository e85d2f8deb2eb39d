import { describe, expect, it } from 'vitest';
import { DataFileError } from './errors';
import { createCharEncoder, createEncoder, createWordEncoder, encodeBatch, encodeExamples, isEncodable, makeBatch } from './encoding';
import { buildVocabulary } from './vocabulary';

describe('char encoder', () => {
  const encoder = createCharEncoder();

  it("encodes 'Mar' as the tutorial's lineToTensor: indices 38, 0, 17 of the 57 letters", () => {
    expect(encoder.vocabSize).toBe(57);
    const encoded = encoder.encode('Mar');
    expect(encoded.ids).toEqual([38, 0, 17]);
    expect(encoded.tokens).toEqual(['M', 'a', 'r']);
  });

  it('normalises first and reports dropped characters', () => {
    const encoded = encoder.encode('Ślu-中');
    expect(encoded.tokens).toEqual(['S', 'l', 'u']);
    expect(encoded.dropped).toEqual(['-', '中']);
    expect(isEncodable('中文', encoder)).toBe(false);
  });
});

describe('word encoder', () => {
  const vocabulary = buildVocabulary(['good movie', 'bad movie']);

  it('maps words to vocabulary ids and marks unknown ones', () => {
    const encoder = createWordEncoder(vocabulary);
    expect(encoder.padId).toBe(0);
    const encoded = encoder.encode('not good movie');
    expect(encoded.ids).toEqual([1, vocabulary.index.get('good'), vocabulary.index.get('movie')]);
    expect(encoded.unknownPositions).toEqual([0]);
  });

  it('is built the same from a model-file spec', () => {
    const fromSpec = createEncoder({ type: 'words', vocab: vocabulary.words, pad: '<pad>', unk: '<unk>', lowercase: true });
    expect(fromSpec.encode('Bad movie').ids).toEqual(createWordEncoder(vocabulary).encode('bad movie').ids);
    expect(createEncoder({ type: 'chars', alphabet: 'ab' }).encode('abc').ids).toEqual([0, 1]);
  });
});

describe('encodeExamples and makeBatch', () => {
  const encoder = createCharEncoder();
  const examples = [
    { text: 'Li', label: 2 },
    { text: 'Nienhuis', label: 1 },
    { text: 'Abcdefghij', label: 0 },
  ];

  it('truncates to maxLength and counts the cut examples', () => {
    const split = encodeExamples(examples, encoder, 8);
    expect(Array.from(split.lengths)).toEqual([2, 8, 8]);
    expect(split.truncatedCount).toBe(1);
    expect(Array.from(split.labels)).toEqual([2, 1, 0]);
  });

  it('refuses an example with no symbol, naming it', () => {
    expect(() => encodeExamples([{ text: '中文', label: 0 }], encoder, 10)).toThrow(DataFileError);
    expect(() => encodeExamples([{ text: '中文', label: 0 }], encoder, 10)).toThrow(/中文/);
  });

  it('pads [batchSize, seqLength] with the pad id up to the longest sequence in the batch', () => {
    const split = encodeExamples(examples, encoder, 40);
    const batch = makeBatch(split, [0, 1], 0);
    expect(batch.batchSize).toBe(2);
    expect(batch.seqLength).toBe(8);
    expect(Array.from(batch.lengths)).toEqual([2, 8]);
    expect(Array.from(batch.labels)).toEqual([2, 1]);
    expect(Array.from(batch.ids.slice(0, 8))).toEqual([37, 8, 0, 0, 0, 0, 0, 0]);
    const wide = makeBatch(split, [2], 99, 12);
    expect(wide.seqLength).toBe(12);
    expect(wide.ids[11]).toBe(99);
    expect(() => makeBatch(split, [2], 0, 3)).toThrow(RangeError);
  });

  it('encodes texts straight into a batch for prediction', () => {
    const batch = encodeBatch(['Mar', 'Li'], encoder, 40);
    expect(batch.seqLength).toBe(3);
    expect(Array.from(batch.ids)).toEqual([38, 0, 17, 37, 8, 0]);
  });
});
