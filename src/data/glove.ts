/**
 * Pre-trained word vectors in GloVe's text format (`word v1 v2 … vD` per line, e.g. glove.6B.100d.txt,
 * hundreds of MB). The reader is fed chunks as they arrive (a File stream in the worker, a file stream
 * in Node), so memory holds only the vocabulary's vectors, never the whole file, and progress can be shown.
 */
import { DataFileError } from './errors';
import { PAD_TOKEN, UNK_TOKEN } from './vocabulary';
import type { Vocabulary } from './vocabulary';

export interface GloveResult {
  /** Numbers per vector (50, 100, …). */
  dimension: number;
  /** Vectors of the vocabulary words found in the file. */
  vectors: Map<string, Float32Array>;
  /** Vocabulary words found. */
  found: number;
  /** Vocabulary words looked for (the vocabulary without `<pad>` and `<unk>`). */
  vocabSize: number;
  /** Lines read, including ones skipped. */
  linesRead: number;
}

const SPACE = 32;

/**
 * Feed with `push(chunk)`, end with `finish()`. Every line must have the same number of values as the
 * first; a line that does not (or a vocabulary word whose values are not numbers) stops the read with
 * its line number. Values of words outside the vocabulary are counted but not parsed, for speed.
 */
export class GloveReader {
  private readonly wanted: Set<string>;
  private readonly vectors = new Map<string, Float32Array>();
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  private dimension = 0;
  private lineNumber = 0;
  private finished = false;
  /** Bytes (or characters, for string chunks) received so far. */
  bytesRead = 0;

  constructor(
    vocabulary: readonly string[] | Pick<Vocabulary, 'words' | 'pad' | 'unk'>,
    private readonly fileName = 'the GloVe file',
  ) {
    const words = Array.isArray(vocabulary) ? (vocabulary as readonly string[]) : (vocabulary as Vocabulary).words;
    const pad = Array.isArray(vocabulary) ? PAD_TOKEN : (vocabulary as Vocabulary).pad;
    const unk = Array.isArray(vocabulary) ? UNK_TOKEN : (vocabulary as Vocabulary).unk;
    this.wanted = new Set(words.filter((word) => word !== pad && word !== unk));
  }

  get linesRead(): number {
    return this.lineNumber;
  }

  push(chunk: Uint8Array | string): void {
    if (this.finished) throw new Error('GloveReader.push after finish');
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    this.bytesRead += chunk.length;
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.readLine(line);
  }

  finish(): GloveResult {
    if (!this.finished) {
      const tail = this.pending + this.decoder.decode();
      this.pending = '';
      if (tail !== '') this.readLine(tail);
      this.finished = true;
    }
    if (this.dimension === 0) {
      throw new DataFileError('empty', `${this.fileName} has no vectors: expected lines like "the 0.418 0.24968 -0.41242 …".`);
    }
    return { dimension: this.dimension, vectors: this.vectors, found: this.vectors.size, vocabSize: this.wanted.size, linesRead: this.lineNumber };
  }

  private readLine(rawLine: string): void {
    this.lineNumber++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1).trimEnd() : rawLine.trimEnd();
    if (line === '') return;
    const firstSpace = line.indexOf(' ');
    if (firstSpace <= 0) {
      throw new DataFileError(
        'malformed-line',
        `${this.fileName}, line ${this.lineNumber}: expected a word followed by numbers separated by spaces, got "${line.slice(0, 60)}".`,
      );
    }
    let values = 1;
    for (let i = firstSpace + 1; i < line.length; i++) if (line.charCodeAt(i) === SPACE) values++;
    if (this.dimension === 0) {
      // word2vec-style files start with "<count> <dimension>"; GloVe files do not. Skip such a header.
      if (this.lineNumber === 1 && values === 1 && /^\d+ \d+$/.test(line)) return;
      this.dimension = values;
    } else if (values !== this.dimension) {
      throw new DataFileError(
        'dimension-mismatch',
        `${this.fileName}, line ${this.lineNumber}: ${values} numbers, but the first vector has ${this.dimension}. The file is damaged or cut off.`,
      );
    }
    const word = line.slice(0, firstSpace);
    if (!this.wanted.has(word) || this.vectors.has(word)) return;
    const parts = line.slice(firstSpace + 1).split(' ');
    const vector = new Float32Array(this.dimension);
    for (let i = 0; i < this.dimension; i++) {
      const value = Number(parts[i]);
      if (parts[i] === '' || !Number.isFinite(value)) {
        throw new DataFileError(
          'malformed-line',
          `${this.fileName}, line ${this.lineNumber}: value ${i + 1} of "${word}" is "${parts[i]}", not a number.`,
        );
      }
      vector[i] = value;
    }
    this.vectors.set(word, vector);
  }
}

/**
 * Read a whole stream (e.g. `file.stream()` in the worker). `onProgress` gets the bytes read so far,
 * at most once per chunk.
 */
export async function readGloveStream(
  stream: ReadableStream<Uint8Array>,
  vocabulary: readonly string[] | Pick<Vocabulary, 'words' | 'pad' | 'unk'>,
  options: { fileName?: string; onProgress?: (bytesRead: number) => void } = {},
): Promise<GloveResult> {
  const reader = new GloveReader(vocabulary, options.fileName);
  const source = stream.getReader();
  for (;;) {
    const { done, value } = await source.read();
    if (done) break;
    reader.push(value);
    options.onProgress?.(reader.bytesRead);
  }
  return reader.finish();
}

/** Share of the vocabulary (without pad and unk) that has a pre-trained vector. */
export function gloveCoverage(result: Pick<GloveResult, 'found' | 'vocabSize'>): number {
  return result.vocabSize === 0 ? 0 : result.found / result.vocabSize;
}

/** A dense row-major matrix; model/types.ts's `Matrix` fits it. */
export interface EmbeddingMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface NearestWord {
  word: string;
  id: number;
  similarity: number;
}

/**
 * The k words whose embedding rows have the largest cosine similarity to `word`'s row (itself,
 * `<pad>`, `<unk>` and all-zero rows left out). Returns null when the word is not in the vocabulary
 * (tried as typed, then lower-cased).
 */
export function cosineNearest(word: string, vocab: readonly string[], embedding: EmbeddingMatrix, k: number): NearestWord[] | null {
  if (embedding.rows !== vocab.length) throw new RangeError(`the embedding has ${embedding.rows} rows but the vocabulary ${vocab.length} words`);
  if (embedding.data.length !== embedding.rows * embedding.cols) throw new RangeError('embedding.data does not hold rows × cols values');
  let query = vocab.indexOf(word);
  if (query === -1) query = vocab.indexOf(word.toLowerCase());
  if (query === -1) return null;
  const { data, cols } = embedding;
  const norm = (row: number) => {
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += data[row * cols + c] ** 2;
    return Math.sqrt(sum);
  };
  const queryNorm = norm(query);
  if (queryNorm === 0) return [];
  const results: NearestWord[] = [];
  for (let row = 0; row < embedding.rows; row++) {
    if (row === query || vocab[row] === PAD_TOKEN || vocab[row] === UNK_TOKEN) continue;
    const rowNorm = norm(row);
    if (rowNorm === 0) continue;
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += data[query * cols + c] * data[row * cols + c];
    results.push({ word: vocab[row], id: row, similarity: dot / (queryNorm * rowNorm) });
  }
  results.sort((a, b) => b.similarity - a.similarity || a.id - b.id);
  return results.slice(0, Math.max(0, k));
}
