/**
 * Word-level symbols: a vocabulary with `<pad>` (id 0) and `<unk>` (id 1), then words by descending training
 * count (ties alphabetical, so the ids are the same everywhere). Texts are split by wordTokens.ts's PTB-style
 * tokeniser, both when the vocabulary is built and when a text is looked up; a vocabulary built before that
 * tokeniser (on whitespace only) keeps being read its own way (`splitsOnSpaces`).
 */
import { tokenize } from './wordTokens';

export { tokenize };

export const PAD_TOKEN = '<pad>';
export const UNK_TOKEN = '<unk>';

export interface Vocabulary {
  /** Id → word. */
  words: string[];
  /** Id → count in the texts it was built from (pad 0; unk = tokens that fell outside the vocabulary). */
  counts: number[];
  /** Word → id. A Map, so it survives postMessage. */
  index: Map<string, number>;
  pad: string;
  unk: string;
  padId: number;
  unkId: number;
  /** Whether text is lower-cased before lookup. */
  lowercase: boolean;
  /**
   * True for a vocabulary built when words were split on whitespace only (a model file from an earlier upload holds
   * `charming,` and `it's`): its texts are split that way, or every such word would fall to `<unk>`.
   */
  splitsOnSpaces: boolean;
}

export interface VocabularyOptions {
  /** Keep words seen at least this many times (default 1). */
  minCount?: number;
  /** Largest vocabulary, counting `<pad>` and `<unk>` (= embedding rows); null = no limit. */
  maxSize?: number | null;
  /** Lower-case before counting and lookup (default true; SST-2 is already lower case). */
  lowercase?: boolean;
}

function compareByCountThenWord(a: [string, number], b: [string, number]): number {
  if (a[1] !== b[1]) return b[1] - a[1];
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Count tokens of `texts` (normally the training split only, so val/test words stay unknown). */
export function buildVocabulary(texts: Iterable<string>, options: VocabularyOptions = {}): Vocabulary {
  const minCount = options.minCount ?? 1;
  const maxSize = options.maxSize ?? null;
  const lowercase = options.lowercase ?? true;
  if (!Number.isInteger(minCount) || minCount < 1) throw new RangeError(`minCount must be a whole number ≥ 1, got ${minCount}`);
  if (maxSize !== null && (!Number.isInteger(maxSize) || maxSize < 3)) {
    throw new RangeError(`maxSize must be a whole number ≥ 3 (it counts <pad> and <unk>), got ${maxSize}`);
  }
  const tally = new Map<string, number>();
  let totalTokens = 0;
  for (const text of texts) {
    for (const token of tokenize(text, lowercase)) {
      tally.set(token, (tally.get(token) ?? 0) + 1);
      totalTokens++;
    }
  }
  tally.delete(PAD_TOKEN);
  tally.delete(UNK_TOKEN);
  let entries = [...tally].filter(([, count]) => count >= minCount).sort(compareByCountThenWord);
  if (maxSize !== null) entries = entries.slice(0, maxSize - 2);
  const keptTokens = entries.reduce((sum, [, count]) => sum + count, 0);
  const words = [PAD_TOKEN, UNK_TOKEN, ...entries.map(([word]) => word)];
  const counts = [0, totalTokens - keptTokens, ...entries.map(([, count]) => count)];
  return { words, counts, index: new Map(words.map((word, id) => [word, id])), pad: PAD_TOKEN, unk: UNK_TOKEN, padId: 0, unkId: 1, lowercase, splitsOnSpaces: false };
}

/**
 * A word the PTB tokeniser can never give: punctuation still on a word's end (`charming,` `wow!` `(the` `great"`)
 * or a clitic still on its word (`it's` `don't`). Its `.` is left out: PTB keeps it on abbreviations (`mr.`).
 */
const SPACE_SPLIT_WORD = /[\p{L}\p{N}][,;:?!")\]}]$|^["([{][\p{L}\p{N}]|[\p{L}\p{N}](n't|'s|'m|'d|'ll|'re|'ve)$/iu;

/** Whether `words` (a stored vocabulary) was built by splitting on whitespace only: it holds a word PTB never gives. */
export function isSplitOnSpaces(words: readonly string[]): boolean {
  return words.some((word) => SPACE_SPLIT_WORD.test(word));
}

/** The tokens of the earlier rule, whitespace only, for vocabularies built by it. */
function splitOnSpaces(text: string, lowercase: boolean): string[] {
  return (lowercase ? text.toLowerCase() : text).split(/\s+/).filter((token) => token !== '');
}

/** A vocabulary given as a word list (a model file's `vocab`); pad and unk must be in it. */
export function vocabularyFromWords(
  words: readonly string[],
  options: { pad?: string; unk?: string; lowercase?: boolean } = {},
): Vocabulary {
  const pad = options.pad ?? PAD_TOKEN;
  const unk = options.unk ?? UNK_TOKEN;
  const index = new Map<string, number>();
  words.forEach((word, id) => {
    if (!index.has(word)) index.set(word, id);
  });
  const padId = index.get(pad);
  const unkId = index.get(unk);
  if (padId === undefined) throw new RangeError(`the vocabulary has no padding token "${pad}"`);
  if (unkId === undefined) throw new RangeError(`the vocabulary has no unknown-word token "${unk}"`);
  const lowercase = options.lowercase ?? true;
  return { words: [...words], counts: words.map(() => 0), index, pad, unk, padId, unkId, lowercase, splitsOnSpaces: isSplitOnSpaces(words) };
}

export interface EncodedWords {
  ids: number[];
  /** The tokens as looked up (lower-cased if the vocabulary is). */
  tokens: string[];
  /** Positions whose token is not in the vocabulary (their id is `unkId`). */
  unknownPositions: number[];
}

/** Text → ids, unknown words → `<unk>`. */
export function encodeWords(text: string, vocabulary: Vocabulary): EncodedWords {
  const tokens = vocabulary.splitsOnSpaces ? splitOnSpaces(text, vocabulary.lowercase) : tokenize(text, vocabulary.lowercase);
  const ids: number[] = [];
  const unknownPositions: number[] = [];
  tokens.forEach((token, position) => {
    const id = vocabulary.index.get(token);
    if (id === undefined || id === vocabulary.padId) {
      ids.push(vocabulary.unkId);
      unknownPositions.push(position);
    } else {
      ids.push(id);
    }
  });
  return { ids, tokens, unknownPositions };
}
