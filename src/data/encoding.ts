/**
 * Text → symbol ids → padded batches. One `SymbolEncoder` interface for both levels, so the
 * engine, the Encode screen and the CLI never branch on chars vs words:
 *  - chars: the index of each symbol in the alphabet (one-hot column). With the tutorial's kind of alphabet,
 *    its normalisation first and characters outside the alphabet dropped; with a data set's own alphabet
 *    (charAlphabet.ts), NFC code points and characters outside it read as "�" (marked unknown).
 *  - words: tokens (wordTokens.ts, split as SST-2 is) → vocabulary ids, unknown words → `<unk>`.
 */
import type { EncodedBatch, Example, InputLevel } from './types';
import { isOwnAlphabet, ownAlphabetCharacters, UNKNOWN_SYMBOL } from './charAlphabet';
import { DataFileError } from './errors';
import { NAME_ALPHABET, normalizeChars } from './names';
import type { Vocabulary } from './vocabulary';
import { encodeWords, vocabularyFromWords } from './vocabulary';

/** One text as the network sees it. */
export interface EncodedSequence {
  ids: number[];
  /** The symbol fed at each timestep: a letter, or a token (lower-cased if the vocabulary is). */
  tokens: string[];
  /** Chars: characters removed by normalisation. Words: always empty. */
  dropped: string[];
  /** Positions read as the unknown symbol: words mapped to `<unk>`, characters to "�" (own alphabets only). */
  unknownPositions: number[];
}

export interface SymbolEncoder {
  readonly level: InputLevel;
  /** Distinct ids: the one-hot width for chars, the embedding rows for words. */
  readonly vocabSize: number;
  /** Id written into padded positions. The model ignores t ≥ length, so for chars it may alias 'a'. */
  readonly padId: number;
  /** Id → symbol. */
  readonly symbols: readonly string[];
  encode(text: string): EncodedSequence;
}

/** Plain-data description of an encoder; `model/types.ts`'s InputSpec fits it. */
export type EncoderSpec =
  | { type: 'chars'; alphabet: string }
  | { type: 'words'; vocab: readonly string[]; pad: string; unk: string; lowercase: boolean };

export function createCharEncoder(alphabet: string = NAME_ALPHABET): SymbolEncoder {
  const symbols = [...alphabet];
  if (new Set(symbols).size !== symbols.length) throw new RangeError('the alphabet repeats a symbol');
  const index = new Map(symbols.map((symbol, id) => [symbol, id]));
  if (isOwnAlphabet(alphabet)) return createOwnAlphabetEncoder(symbols, index);
  return {
    level: 'chars',
    vocabSize: symbols.length,
    padId: 0,
    symbols,
    encode(text) {
      const normalized = normalizeChars(text, alphabet);
      const tokens = [...normalized.text];
      return { ids: tokens.map((token) => index.get(token) as number), tokens, dropped: normalized.dropped, unknownPositions: [] };
    },
  };
}

/** A data set's own alphabet: every code point after NFC is one step; one never seen is fed as "�" and marked. */
function createOwnAlphabetEncoder(symbols: string[], index: Map<string, number>): SymbolEncoder {
  const unknownId = index.get(UNKNOWN_SYMBOL) as number;
  return {
    level: 'chars',
    vocabSize: symbols.length,
    padId: 0,
    symbols,
    encode(text) {
      const tokens = ownAlphabetCharacters(text);
      const unknownPositions: number[] = [];
      const ids = tokens.map((token, position) => {
        const id = index.get(token);
        if (id !== undefined) return id;
        unknownPositions.push(position);
        return unknownId;
      });
      return { ids, tokens, dropped: [], unknownPositions };
    },
  };
}

/**
 * The distinct symbols at `encoded`'s unknown positions, in order of appearance: characters read as "�", or words
 * read as `<unk>` (for the notices that name what the model could not read).
 */
export function unknownSymbols(encoded: EncodedSequence): string[] {
  return [...new Set(encoded.unknownPositions.map((position) => encoded.tokens[position]))];
}

export function createWordEncoder(vocabulary: Vocabulary): SymbolEncoder {
  return {
    level: 'words',
    vocabSize: vocabulary.words.length,
    padId: vocabulary.padId,
    symbols: vocabulary.words,
    encode(text) {
      const encoded = encodeWords(text, vocabulary);
      return { ids: encoded.ids, tokens: encoded.tokens, dropped: [], unknownPositions: encoded.unknownPositions };
    },
  };
}

export function createEncoder(spec: EncoderSpec): SymbolEncoder {
  if (spec.type === 'chars') return createCharEncoder(spec.alphabet);
  return createWordEncoder(vocabularyFromWords(spec.vocab, { pad: spec.pad, unk: spec.unk, lowercase: spec.lowercase }));
}

/** A split encoded once up front, so each batch is a cheap gather. */
export interface EncodedSplit {
  /** Per example, its ids (already truncated to `maxLength`). */
  sequences: Int32Array[];
  lengths: Int32Array;
  labels: Int32Array;
  /** Examples longer than `maxLength` that were cut. */
  truncatedCount: number;
  maxLength: number;
}

/**
 * Encode every example; cut those over `maxLength` (keeping the start) and count them. An example
 * with no symbol at all cannot be trained on (there is no final state), so it is an error here:
 * datasets filter such texts out when they are built (see `isEncodable`).
 */
export function encodeExamples(examples: readonly Example[], encoder: SymbolEncoder, maxLength: number): EncodedSplit {
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError(`maxLength must be a whole number ≥ 1, got ${maxLength}`);
  const sequences: Int32Array[] = [];
  const lengths = new Int32Array(examples.length);
  const labels = new Int32Array(examples.length);
  let truncatedCount = 0;
  examples.forEach((example, position) => {
    const { ids } = encoder.encode(example.text);
    if (ids.length === 0) {
      throw new DataFileError(
        'empty-sequence',
        `Example ${position + 1} ("${example.text.slice(0, 40)}") has no ${encoder.level === 'chars' ? 'letters of the alphabet' : 'words'} left to feed the network.`,
      );
    }
    if (ids.length > maxLength) truncatedCount++;
    const kept = Int32Array.from(ids.length > maxLength ? ids.slice(0, maxLength) : ids);
    sequences.push(kept);
    lengths[position] = kept.length;
    labels[position] = example.label;
  });
  return { sequences, lengths, labels, truncatedCount, maxLength };
}

/** Whether a text gives at least one symbol (datasets drop the others and count them). */
export function isEncodable(text: string, encoder: SymbolEncoder): boolean {
  return encoder.encode(text).ids.length > 0;
}

/**
 * Gather examples `indices` of `split` into one padded batch, `[batchSize, seqLength]` row-major.
 * `seqLength` defaults to the longest sequence in the batch: that is why length bucketing pays.
 */
export function makeBatch(split: EncodedSplit, indices: ArrayLike<number>, padId = 0, seqLength?: number): EncodedBatch {
  const batchSize = indices.length;
  let longest = 0;
  for (let b = 0; b < batchSize; b++) longest = Math.max(longest, split.lengths[indices[b]]);
  const width = seqLength ?? longest;
  if (width < longest) throw new RangeError(`seqLength ${width} is shorter than the longest sequence in the batch (${longest})`);
  const ids = new Int32Array(batchSize * width).fill(padId);
  const lengths = new Int32Array(batchSize);
  const labels = new Int32Array(batchSize);
  for (let b = 0; b < batchSize; b++) {
    const example = indices[b];
    ids.set(split.sequences[example], b * width);
    lengths[b] = split.lengths[example];
    labels[b] = split.labels[example];
  }
  return { ids, lengths, labels, batchSize, seqLength: width };
}

/** Encode texts straight into one batch (predictions, traces). Labels default to 0. */
export function encodeBatch(texts: readonly string[], encoder: SymbolEncoder, maxLength: number, labels?: readonly number[]): EncodedBatch {
  const split = encodeExamples(
    texts.map((text, position) => ({ text, label: labels?.[position] ?? 0 })),
    encoder,
    maxLength,
  );
  return makeBatch(split, Array.from(texts, (_, position) => position), encoder.padId);
}
