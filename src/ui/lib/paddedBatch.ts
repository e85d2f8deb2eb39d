/**
 * The Encode step's "a batch: padding and masking" table: the typed text and three training examples made into
 * one batch by the engine's own batching (data/encoding.ts `encodeBatch`, the same `makeBatch` a training step
 * uses), so the ids, the padding and the batch's length T shown are what the network is fed.
 */
import { createEncoder, encodeBatch, type EncoderSpec } from '../../data/encoding';
import type { Example } from '../../data/types';

/** How many training examples join the typed text. */
const EXAMPLES_SHOWN = 3;
/** Examples longer than this are passed over, so the table stays readable (the typed text may be longer). */
const LONGEST_EXAMPLE = 12;
/** Training examples looked at when choosing (the first ones: the choice is the same on every visit). */
const EXAMPLES_LOOKED_AT = 400;

export interface PaddedCell {
  /** The symbol (a letter or a word), or the padding's name past the row's length. */
  symbol: string;
  id: number;
  /** 1 for a real step, 0 for padding: the mask. */
  mask: 0 | 1;
}

export interface PaddedRow {
  text: string;
  isTyped: boolean;
  length: number;
  cells: PaddedCell[];
}

export interface PaddedBatchView {
  rows: PaddedRow[];
  /** T: the longest row's length, the steps every row runs. */
  seqLength: number;
  padId: number;
  /** How the padding is written in the table: `<pad>` for words; for letters the id's own symbol is a real letter. */
  padLabel: string;
  /** The symbol whose id the padding uses (`<pad>` for words; for letters, the alphabet's first letter). */
  padSymbol: string;
  /** Steps that fall on padding, of rows × T. */
  paddedSteps: number;
  totalSteps: number;
}

/** Three training examples of different lengths (short, middle, long among the short ones), the same every time. */
export function chooseExamples(train: readonly Example[], spec: EncoderSpec): string[] {
  const encoder = createEncoder(spec);
  const candidates = train
    .slice(0, EXAMPLES_LOOKED_AT)
    .map((example) => ({ text: example.text, length: encoder.encode(example.text).ids.length }))
    .filter((candidate) => candidate.length >= 2 && candidate.length <= LONGEST_EXAMPLE)
    .sort((a, b) => a.length - b.length || a.text.localeCompare(b.text));
  if (candidates.length === 0) return [];
  const chosen: string[] = [];
  const usedLengths = new Set<number>();
  for (const quantile of [0.1, 0.5, 0.95]) {
    const start = Math.min(candidates.length - 1, Math.floor(quantile * candidates.length));
    // Prefer a length not shown yet, so the rows show different amounts of padding.
    const pick = candidates.slice(start).find((candidate) => !usedLengths.has(candidate.length)) ?? candidates[start];
    if (chosen.includes(pick.text)) continue;
    chosen.push(pick.text);
    usedLengths.add(pick.length);
  }
  return chosen.slice(0, EXAMPLES_SHOWN);
}

/** The batch of `typed` (left out when it has no symbol to feed) and `examples`, as the network receives it. */
export function paddedBatchView(spec: EncoderSpec, typed: string, examples: readonly string[]): PaddedBatchView | null {
  const encoder = createEncoder(spec);
  const typedFeeds = encoder.encode(typed).ids.length > 0;
  const texts = [...(typedFeeds ? [typed] : []), ...examples.filter((text) => text !== typed)];
  if (texts.length === 0) return null;
  // No cut: the box already limits the typed text, and the examples were chosen short.
  const batch = encodeBatch(texts, encoder, Number.MAX_SAFE_INTEGER);
  const padLabel = encoder.level === 'words' ? encoder.symbols[encoder.padId] : 'pad';
  const rows = texts.map((text, b): PaddedRow => {
    const length = batch.lengths[b];
    const cells = Array.from({ length: batch.seqLength }, (_, t): PaddedCell => {
      const id = batch.ids[b * batch.seqLength + t];
      return t < length ? { symbol: encoder.symbols[id], id, mask: 1 } : { symbol: padLabel, id, mask: 0 };
    });
    return { text, isTyped: typedFeeds && b === 0, length, cells };
  });
  const totalSteps = rows.length * batch.seqLength;
  const paddedSteps = totalSteps - rows.reduce((sum, row) => sum + row.length, 0);
  return { rows, seqLength: batch.seqLength, padId: encoder.padId, padLabel, padSymbol: encoder.symbols[encoder.padId], paddedSteps, totalSteps };
}
