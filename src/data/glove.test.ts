import { describe, expect, it } from 'vitest';
import { DataFileError } from './errors';
import { GloveReader, cosineNearest, gloveCoverage, readGloveStream } from './glove';
import { buildVocabulary } from './vocabulary';

/** A small GloVe-format file: `word v1 … vD` per line, some vocabulary words missing, some extra words. */
function makeGlove(words: string[], dimension: number): string {
  return words.map((word, row) => `${word} ${Array.from({ length: dimension }, (_, col) => ((row + 1) * 0.1 + col * 0.01).toFixed(5)).join(' ')}`).join('\n') + '\n';
}

const vocabulary = buildVocabulary(['the movie is good', 'the film is bad', 'not good café']);
// Of the 8 vocabulary words (without <pad>, <unk>), 'café' and 'not' are missing from the file.
const gloveText = makeGlove(['the', ',', 'movie', 'film', 'is', 'good', 'bad', 'zebra'], 4);

function errorOf(run: () => unknown): DataFileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return error as DataFileError;
  }
  throw new Error('expected a DataFileError, but nothing was thrown');
}

describe('GloveReader', () => {
  it('keeps only vocabulary words and reports coverage without <pad>/<unk>', () => {
    const reader = new GloveReader(vocabulary);
    reader.push(gloveText);
    const result = reader.finish();
    expect(result.dimension).toBe(4);
    expect(result.vocabSize).toBe(8);
    expect(result.found).toBe(6);
    expect(gloveCoverage(result)).toBeCloseTo(0.75);
    expect(result.vectors.has('zebra')).toBe(false);
    expect(result.vectors.has(',')).toBe(false);
    expect(Array.from(result.vectors.get('the') ?? [])).toEqual([0.1, 0.11, 0.12, 0.13].map(Math.fround));
    expect(result.linesRead).toBe(8);
  });

  it('gives the same result however the bytes are chunked, even inside a multi-byte character', () => {
    const text = `café 1 2 3\n${makeGlove(['good', 'bad'], 3)}`;
    const bytes = new TextEncoder().encode(text);
    for (const chunkSize of [1, 2, 3, 7, 1000]) {
      const reader = new GloveReader(vocabulary.words);
      for (let start = 0; start < bytes.length; start += chunkSize) reader.push(bytes.subarray(start, start + chunkSize));
      const result = reader.finish();
      expect(result.found).toBe(3);
      expect(Array.from(result.vectors.get('café') ?? [])).toEqual([1, 2, 3]);
      expect(reader.bytesRead).toBe(bytes.length);
    }
  });

  it('accepts a last line without newline, Windows line endings and a word2vec header', () => {
    const reader = new GloveReader(['good']);
    reader.push('2 3\r\ngood 1 2 3\r\nbad 4 5 6');
    expect(reader.finish().vectors.get('good')).toEqual(Float32Array.from([1, 2, 3]));
  });

  it('stops at a line with another dimension, naming the line', () => {
    const reader = new GloveReader(vocabulary);
    const error = errorOf(() => reader.push('the 1 2 3\nmovie 1 2 3\nfilm 1 2\n'));
    expect(error.code).toBe('dimension-mismatch');
    expect(error.message).toMatch(/line 3: 2 numbers, but the first vector has 3/);
  });

  it('catches a file cut off in the middle of its last line', () => {
    const reader = new GloveReader(vocabulary);
    reader.push('the 1 2 3\nmovie 1 2');
    expect(errorOf(() => reader.finish()).code).toBe('dimension-mismatch');
  });

  it('stops at a malformed line, naming the line', () => {
    const noNumbers = errorOf(() => new GloveReader(vocabulary).push('the 1 2\nlonelyword\n'));
    expect(noNumbers.code).toBe('malformed-line');
    expect(noNumbers.message).toMatch(/line 2/);
    const notANumber = errorOf(() => new GloveReader(vocabulary).push('the 1 2\ngood 1 x\n'));
    expect(notANumber.code).toBe('malformed-line');
    expect(notANumber.message).toMatch(/line 2: value 2 of "good" is "x"/);
  });

  it('refuses an empty file', () => {
    const reader = new GloveReader(vocabulary);
    reader.push('\n\n');
    expect(errorOf(() => reader.finish()).code).toBe('empty');
  });

  it('reads a ReadableStream with progress', async () => {
    const bytes = new TextEncoder().encode(gloveText);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 50));
        controller.enqueue(bytes.subarray(50));
        controller.close();
      },
    });
    const progress: number[] = [];
    const result = await readGloveStream(stream, vocabulary, { onProgress: (read) => progress.push(read) });
    expect(result.found).toBe(6);
    expect(progress).toEqual([50, bytes.length]);
  });
});

describe('cosineNearest', () => {
  const vocab = ['<pad>', '<unk>', 'good', 'great', 'bad', 'awful', 'zero'];
  const data = Float32Array.from([
    [9, 9],
    [9, 9],
    [1, 0.1],
    [0.9, 0.2],
    [-1, 0],
    [-0.9, -0.1],
    [0, 0],
  ].flat());
  const embedding = { rows: 7, cols: 2, data };

  it('ranks words by cosine similarity, skipping the word itself, <pad>, <unk> and zero rows', () => {
    const nearest = cosineNearest('good', vocab, embedding, 3);
    expect(nearest?.map((n) => n.word)).toEqual(['great', 'bad', 'awful']);
    expect(nearest?.[0].similarity).toBeGreaterThan(0.95);
    expect(nearest?.[2].similarity).toBeCloseTo(-0.91 / Math.sqrt(1.01 * 0.82));
    expect(cosineNearest('Good', vocab, embedding, 1)?.[0].word).toBe('great');
  });

  it('returns null for a word outside the vocabulary and checks shapes', () => {
    expect(cosineNearest('splendid', vocab, embedding, 3)).toBeNull();
    expect(() => cosineNearest('good', vocab.slice(1), embedding, 3)).toThrow(RangeError);
  });
});
