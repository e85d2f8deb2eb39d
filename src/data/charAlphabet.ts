/**
 * The one-hot alphabet of a character-level classifier, and how text is read with it. Two kinds:
 *
 *  - The tutorial's 57 symbols (NAME_ALPHABET), or any alphabet WITHOUT the unknown symbol "�": text is read
 *    as the PyTorch tutorial reads names (NFD, accents dropped, characters outside the alphabet dropped).
 *    Kept exactly for data whose every character fits it, so PyTorch interop and earlier results do not move.
 *  - A data set's OWN alphabet (Cyrillic, Chinese, Arabic…): recognised by the unknown symbol UNKNOWN_SYMBOL,
 *    always its last symbol. Text is read as Unicode code points after NFC, the own-text lab's rule
 *    (textCorpus.ts, whose `buildAlphabet` derives it here too): case is kept (Иванов and иванов are different
 *    texts, as Smith and smith are for the tutorial); NFC composes what can be composed, so й stays one
 *    letter and is never cut to и; a combining mark with no precomposed form (Devanagari vowel signs, Arabic
 *    harakat) stays a symbol of its own. Every character of the training texts is a symbol, up to
 *    MAX_CHAR_ALPHABET; beyond it the rarest ones, and at predict time anything never seen in training, are
 *    read as "�", and the reader is told which characters those were.
 *
 * The alphabet is stored in the model file (`task.input.alphabet`); a file without it reads as the 57.
 */
import { MAX_CHAR_ALPHABET } from './limits';
import { NAME_ALPHABET, charactersOutsideAlphabet } from './names';
import { buildAlphabet, normalizeText, UNKNOWN_SYMBOL } from './textCorpus';
import type { Dataset } from './types';

export { MAX_CHAR_ALPHABET } from './limits';
export { UNKNOWN_SYMBOL } from './textCorpus';

/** Whether `alphabet` is a data set's own (read as NFC code points, unseen characters as "�"), not the tutorial's kind. */
export function isOwnAlphabet(alphabet: string): boolean {
  return alphabet.includes(UNKNOWN_SYMBOL);
}

/** Whether the tutorial's 57 symbols read every one of `texts` without dropping a character (accents may fold: é → e). */
export function fitsTutorialAlphabet(texts: Iterable<string>): boolean {
  return charactersOutsideAlphabet(texts, NAME_ALPHABET).length === 0;
}

/** A data set's own alphabet and what its cap left out. */
export interface DerivedAlphabet {
  /** Symbols in code-point order, UNKNOWN_SYMBOL last. */
  alphabet: string;
  /** Characters of the texts beyond the cap, read as UNKNOWN_SYMBOL (rarest first). */
  unknownCharacters: string[];
}

/**
 * The alphabet of `texts` (already NFC): every distinct code point, plus UNKNOWN_SYMBOL last so that a character
 * never seen still has a column. At most `cap` symbols with "�": the rarest beyond it become "�" (textCorpus's
 * `buildAlphabet`, given "�" as one more character so that it always takes a place within the cap).
 */
export function deriveCharAlphabet(texts: Iterable<string>, cap = MAX_CHAR_ALPHABET): DerivedAlphabet {
  let joined = '';
  for (const text of texts) joined += text.replaceAll(UNKNOWN_SYMBOL, '');
  const { alphabet, unknownCharacters } = buildAlphabet(joined + UNKNOWN_SYMBOL, cap);
  return { alphabet: [...alphabet].filter((symbol) => symbol !== UNKNOWN_SYMBOL).join('') + UNKNOWN_SYMBOL, unknownCharacters };
}

/** The one-hot alphabet a character-level data set is read with (its own, or the tutorial's 57). */
export function datasetAlphabet(dataset: Pick<Dataset, 'alphabet'>): string {
  return dataset.alphabet ?? NAME_ALPHABET;
}

/**
 * Whether a character model with `alphabet` can train on `dataset`. Data with its own alphabet needs exactly that
 * alphabet (a 57-symbol model would drop every Cyrillic letter). Data read the tutorial's way takes any alphabet
 * of the tutorial's kind, as it always has (a lower-case-only model drops the capitals), but not an own alphabet.
 */
export function alphabetFitsDataset(alphabet: string, dataset: Pick<Dataset, 'alphabet'>): boolean {
  return dataset.alphabet !== undefined ? alphabet === dataset.alphabet : !isOwnAlphabet(alphabet);
}

/** A text as an own alphabet reads it: its code points after NFC, "\n" line ends. */
export function ownAlphabetCharacters(text: string): string[] {
  return [...normalizeText(text)];
}

function codePointName(symbol: string): string {
  return `U+${(symbol.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * What is wrong with `alphabet` as a one-hot alphabet, or null. One symbol per code point. The tutorial kind
 * cannot hold a combining mark (accents are stripped before lookup, so it could never be fed); an own alphabet
 * may, but not a symbol that NFC turns into another (it could never be fed either), and it must end with "�".
 */
export function charAlphabetProblem(alphabet: string): string | null {
  const symbols = [...alphabet];
  if (symbols.length === 0) return 'the alphabet is empty.';
  if (symbols.length > MAX_CHAR_ALPHABET) return `${symbols.length} symbols; at most ${MAX_CHAR_ALPHABET} are allowed (each is a one-hot column).`;
  const repeated = [...new Set(symbols.filter((symbol, index) => symbols.indexOf(symbol) !== index))];
  if (repeated.length > 0) return `${repeated.map((symbol) => `"${symbol}"`).join(', ')} ${repeated.length === 1 ? 'appears' : 'appear'} more than once; each symbol is one one-hot column.`;
  const lone = symbols.filter((symbol) => /^[\uD800-\uDFFF]$/.test(symbol));
  if (lone.length > 0) return `${lone.map(codePointName).join(', ')} ${lone.length === 1 ? 'is half' : 'are halves'} of a surrogate pair, not a character.`;
  if (isOwnAlphabet(alphabet)) {
    if (symbols[symbols.length - 1] !== UNKNOWN_SYMBOL) return `the unknown symbol "${UNKNOWN_SYMBOL}" (U+FFFD) must be the last symbol of a data set's own alphabet.`;
    const unstable = symbols.filter((symbol) => symbol.normalize('NFC') !== symbol);
    if (unstable.length > 0) {
      return `${unstable.map((symbol) => `${codePointName(symbol)} "${symbol}"`).join(', ')} ${unstable.length === 1 ? 'becomes' : 'become'} ${unstable.map((symbol) => `"${symbol.normalize('NFC')}"`).join(', ')} when text is normalised (NFC), so ${unstable.length === 1 ? 'it' : 'they'} could never be fed: write the normalised form.`;
    }
    return null;
  }
  const marks = symbols.filter((symbol) => /^\p{M}$/u.test(symbol));
  if (marks.length > 0) {
    return `${marks.map(codePointName).join(', ')} ${marks.length === 1 ? 'is a combining mark' : 'are combining marks'} (an accent written after its letter). Text is stripped of accents before its letters are looked up (é → e), so ${marks.length === 1 ? 'it' : 'they'} could never be fed: remove ${marks.length === 1 ? 'it' : 'them'} from the alphabet, or end it with "${UNKNOWN_SYMBOL}" (U+FFFD) to read text as NFC code points instead.`;
  }
  return null;
}
