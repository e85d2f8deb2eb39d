/**
 * Data for character-level language models (names generation): the fixed symbol layout PyTorch models
 * share with the playground, examples turned into teacher-forced (previous symbol → next symbol) pairs,
 * and padded batches. Pure TypeScript, shared by the engine, the CLI and (later) the UI.
 *
 * The layout, for an alphabet of A symbols (the names task: the tutorial's 57, A = 57):
 *  - output symbols: the alphabet's letters at 0..A−1, then EOS = A (A + 1 outputs, log-softmax over them);
 *  - previous-symbol input: the same, plus BOS = A + 1 fed before the first letter (A + 2 one-hot columns);
 *  - the input at each step is concat(one-hot condition [C], one-hot previous symbol [A + 2]).
 * So "Ivanov" in Russian is read as BOS I v a n o v and must predict I v a n o v EOS: 7 steps, every letter
 * and the end counted, the first letter predicted from BOS alone.
 */
import { DataFileError } from './errors';
import { normalizeName } from './names';
import type { Example } from './types';

/** The symbol layout of a character LM with alphabet `alphabet`. */
export interface SymbolLayout {
  /** The letters the model writes, in output order. */
  alphabet: string;
  /** The letters as an array (one entry per symbol, also for characters outside the BMP). */
  letters: readonly string[];
  /** Output index of "end of name": right after the letters. */
  eosId: number;
  /** Previous-symbol index of "beginning of name": right after EOS. */
  bosId: number;
  /** Width of the output (letters + EOS). */
  outputSize: number;
  /** Width of the previous-symbol one-hot (letters + EOS + BOS). */
  previousSize: number;
}

/** The layout for `alphabet` (EOS = its length, BOS = its length + 1). */
export function symbolLayout(alphabet: string): SymbolLayout {
  const letters = [...alphabet];
  if (letters.length === 0) throw new RangeError('A character language model needs at least one letter.');
  if (new Set(letters).size !== letters.length) throw new RangeError('The alphabet repeats a symbol.');
  return { alphabet, letters, eosId: letters.length, bosId: letters.length + 1, outputSize: letters.length + 1, previousSize: letters.length + 2 };
}

/** How a symbol id is shown: its letter, or `<EOS>` / `<BOS>`. */
export function symbolName(layout: SymbolLayout, id: number): string {
  if (id === layout.eosId) return '<EOS>';
  if (id === layout.bosId) return '<BOS>';
  return layout.letters[id] ?? '?';
}

/** One text as teacher-forced steps. */
export interface GenerationSequence {
  /** Previous symbol at each step: BOS, then the letters. */
  previous: number[];
  /** Symbol to predict at each step: the letters, then EOS. */
  targets: number[];
}

/**
 * `text` (already normalised, or normalised here with the tutorial's rules) as steps: letters + 1 of them.
 * Letters beyond `maxLetters` are cut (the end is still predicted after the last kept one).
 */
export function encodeForGeneration(text: string, layout: SymbolLayout, maxLetters = Infinity): GenerationSequence {
  const index = letterIndex(layout);
  const ids = [...normalizeName(text, layout.alphabet)].map((letter) => index.get(letter) as number).slice(0, maxLetters);
  return { previous: [layout.bosId, ...ids], targets: [...ids, layout.eosId] };
}

const letterIndexes = new WeakMap<SymbolLayout, Map<string, number>>();
function letterIndex(layout: SymbolLayout): Map<string, number> {
  let index = letterIndexes.get(layout);
  if (!index) {
    index = new Map(layout.letters.map((letter, id) => [letter, id]));
    letterIndexes.set(layout, index);
  }
  return index;
}

/** A split encoded once up front, so each batch is a cheap gather. */
export interface GenerationSplit {
  previous: Int32Array[];
  targets: Int32Array[];
  /** Steps per example: letters + 1. */
  lengths: Int32Array;
  /** Condition (language) of each example: the example's label. */
  conditions: Int32Array;
  /** Predicted symbols in the whole split (Σ lengths): the denominator of NLL per character. */
  characters: number;
  /** Examples cut to the letter limit. */
  truncatedCount: number;
}

/** Encode labelled examples (label = condition index). An example with no letter left is refused. */
export function encodeGenerationSplit(examples: readonly Example[], layout: SymbolLayout, maxLetters: number): GenerationSplit {
  const previous: Int32Array[] = [];
  const targets: Int32Array[] = [];
  const lengths = new Int32Array(examples.length);
  const conditions = new Int32Array(examples.length);
  let characters = 0;
  let truncatedCount = 0;
  examples.forEach((example, position) => {
    const sequence = encodeForGeneration(example.text, layout, maxLetters);
    if (sequence.targets.length === 1) {
      throw new DataFileError('empty-sequence', `Example ${position + 1} ("${example.text.slice(0, 40)}") has no letters of the alphabet left to learn from.`);
    }
    if (normalizeName(example.text, layout.alphabet).length > maxLetters) truncatedCount++;
    previous.push(Int32Array.from(sequence.previous));
    targets.push(Int32Array.from(sequence.targets));
    lengths[position] = sequence.targets.length;
    conditions[position] = example.label;
    characters += sequence.targets.length;
  });
  return { previous, targets, lengths, conditions, characters, truncatedCount };
}

/** Target written into padded positions; the loss weights them 0. */
export const PAD_TARGET = -1;

/**
 * A padded, batch-major batch (`[batchSize, seqLength]` row-major). Positions t ≥ lengths[b] hold BOS as
 * the previous symbol and PAD_TARGET as the target: the model masks them by length, so they never count.
 */
export interface GenerationBatch {
  previous: Int32Array;
  targets: Int32Array;
  conditions: Int32Array;
  lengths: Int32Array;
  batchSize: number;
  seqLength: number;
  /** Σ lengths: the characters this batch's loss averages over. */
  characters: number;
}

/** Gather examples `indices` of `split` into one padded batch as long as its longest example. */
export function makeGenerationBatch(split: GenerationSplit, indices: ArrayLike<number>, layout: SymbolLayout): GenerationBatch {
  const batchSize = indices.length;
  let seqLength = 0;
  for (let b = 0; b < batchSize; b++) seqLength = Math.max(seqLength, split.lengths[indices[b]]);
  const previous = new Int32Array(batchSize * seqLength).fill(layout.bosId);
  const targets = new Int32Array(batchSize * seqLength).fill(PAD_TARGET);
  const conditions = new Int32Array(batchSize);
  const lengths = new Int32Array(batchSize);
  let characters = 0;
  for (let b = 0; b < batchSize; b++) {
    const example = indices[b];
    previous.set(split.previous[example], b * seqLength);
    targets.set(split.targets[example], b * seqLength);
    conditions[b] = split.conditions[example];
    lengths[b] = split.lengths[example];
    characters += lengths[b];
  }
  return { previous, targets, conditions, lengths, batchSize, seqLength, characters };
}

/** Texts with their conditions straight into one batch (scoring). */
export function generationBatchOf(items: readonly { text: string; condition: number }[], layout: SymbolLayout, maxLetters: number): GenerationBatch {
  const split = encodeGenerationSplit(
    items.map((item) => ({ text: item.text, label: item.condition })),
    layout,
    maxLetters,
  );
  return makeGenerationBatch(split, Array.from(items, (_, position) => position), layout);
}

/** NLL per character (nats) → perplexity and bits per character, the three numbers an LM is judged by. */
export function languageModelFigures(nllPerChar: number): { nllPerChar: number; perplexity: number; bitsPerChar: number } {
  return { nllPerChar, perplexity: Math.exp(nllPerChar), bitsPerChar: nllPerChar / Math.LN2 };
}
