/**
 * The student's own text as a language-modelling corpus: checks (size, empty, binary, too few distinct
 * characters), the alphabet (the text's own characters, in any script), the encoding into symbol ids, and
 * the split into a training head and a held-out tail. Pure TypeScript: the worker, the CLI and the UI share it.
 *
 * Symbols are Unicode CODE POINTS after NFC normalisation. NFC first composes what can be composed, so
 * "é" typed as e + U+0301 becomes the single symbol é; combining marks with no precomposed form stay
 * symbols of their own, and an emoji made of several code points (a family, a skin tone, a flag) is written
 * as its parts, one step each. Graphemes were not chosen because every emoji variant would then become a
 * symbol of its own and the alphabet of a chat log would explode. Line ends are normalised to "\n".
 *
 * Beyond MAX_ALPHABET distinct characters the rarest ones map to one unknown symbol, UNKNOWN_SYMBOL (U+FFFD
 * "�", the replacement character), with a notice listing them. The alphabet is stored in the model file.
 */
import { DataFileError, formatCount } from './errors';
import { symbolLayout, type SymbolLayout } from './generation';
import { decodeText, describeCharacters, formatBytes, formatSizeOver, plural } from './validate';

/** Largest text, in bytes: one megabyte trains for minutes per epoch in a browser at the default size. */
export const MAX_TEXT_BYTES = 1024 * 1024;
/** Fewest characters: the held-out tail must have some text to measure. */
export const MIN_TEXT_CHARACTERS = 200;
/** Fewest distinct characters: with fewer there is nothing to predict. */
export const MIN_DISTINCT_CHARACTERS = 4;
/** Most symbols in the alphabet (the unknown symbol included); rarer characters become UNKNOWN_SYMBOL. */
export const MAX_ALPHABET = 160;
/** Stands for every character beyond the alphabet's cap (and, when generating, any character it never saw). */
export const UNKNOWN_SYMBOL = '\uFFFD';
/** The held-out tail: the last 10% of the text, validation then test (5% each). */
export const HELD_OUT_FRACTION = { val: 0.05, test: 0.05 } as const;

/** A text ready to learn from. */
export interface TextCorpus {
  /** The text as learnt (NFC, "\n" line ends). */
  text: string;
  /** The symbols, one per code point, in output order; UNKNOWN_SYMBOL last when used. */
  alphabet: string;
  /** Characters mapped to UNKNOWN_SYMBOL (rarest first), empty when all fit. */
  unknownCharacters: string[];
  /** Symbol ids of the whole text. */
  ids: Int32Array;
  /** Plain-words notices (characters mapped to unknown, line ends normalised). */
  notices: string[];
}

/** NFC and "\n" line ends: the form in which a text is learnt, typed, and fed as a prime. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n');
}

/**
 * A picked file as text, refused from its `size` before any byte is read when it is over the limit: a 1.5 GB file
 * was read whole into the page (17 s, and 1.5 GB of the tab's memory) only to be refused for its size afterwards.
 */
export async function readTextFile(file: { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> }): Promise<string> {
  checkTextSize(file.size, file.name);
  return decodeTextFile(new Uint8Array(await file.arrayBuffer()), file.name);
}

/** Bytes of an uploaded file as text (binary and invalid UTF-8 refused, a BOM dropped). */
export function decodeTextFile(bytes: Uint8Array, fileName: string): string {
  checkTextSize(bytes.length, fileName);
  const text = decodeText(bytes, fileName);
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function checkTextSize(bytes: number, fileName: string): void {
  if (bytes > MAX_TEXT_BYTES) {
    throw new DataFileError('too-large', `${fileName} is ${formatSizeOver(bytes, MAX_TEXT_BYTES)}; a text may be at most ${formatBytes(MAX_TEXT_BYTES)} so that an epoch stays minutes long in the browser. Use an excerpt.`);
  }
}

/** Count of each code point, most frequent first (ties by code point, so the order never depends on the text's order). */
export function characterCounts(text: string): [string, number][] {
  const counts = new Map<string, number>();
  for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0].codePointAt(0) ?? 0) - (b[0].codePointAt(0) ?? 0));
}

/**
 * The alphabet of `text`: its distinct code points in code-point order; beyond `cap` the rarest map to
 * UNKNOWN_SYMBOL, which then closes the alphabet (cap − 1 kept characters + the unknown symbol).
 */
export function buildAlphabet(text: string, cap = MAX_ALPHABET): { alphabet: string; unknownCharacters: string[] } {
  const counts = characterCounts(text);
  const byCodePoint = (a: string, b: string) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0);
  if (counts.length <= cap) return { alphabet: counts.map(([character]) => character).sort(byCodePoint).join(''), unknownCharacters: [] };
  const kept = counts
    .slice(0, cap - 1)
    .map(([character]) => character)
    .filter((character) => character !== UNKNOWN_SYMBOL);
  const unknownCharacters = counts.slice(kept.length).map(([character]) => character).filter((character) => character !== UNKNOWN_SYMBOL);
  return { alphabet: kept.sort(byCodePoint).join('') + UNKNOWN_SYMBOL, unknownCharacters };
}

/** How a character outside a model's alphabet is read: as the unknown symbol when the alphabet has it. */
export function encodeText(text: string, layout: SymbolLayout): Int32Array {
  const index = new Map(layout.letters.map((letter, id) => [letter, id]));
  const unknown = index.get(UNKNOWN_SYMBOL);
  const characters = [...normalizeText(text)];
  const ids = new Int32Array(characters.length);
  const missing = new Set<string>();
  characters.forEach((character, position) => {
    const id = index.get(character) ?? unknown;
    if (id === undefined) missing.add(character);
    else ids[position] = id;
  });
  if (missing.size > 0) {
    throw new DataFileError('no-symbols', `The model never saw ${describeCharacters([...missing])}; its alphabet has no unknown symbol to stand for ${missing.size === 1 ? 'it' : 'them'}.`);
  }
  return ids;
}

/** Check and encode a text (pasted or decoded from a file) as a corpus; DataFileError with the reason otherwise. */
export function prepareCorpus(raw: string, sourceName = 'The text'): TextCorpus {
  const text = normalizeText(raw);
  const bytes = new TextEncoder().encode(text).length;
  checkTextSize(bytes, sourceName);
  if (text.includes('\u0000')) throw new DataFileError('binary', `${sourceName} contains NUL characters: it looks like a binary file, not text. Paste or upload plain text saved as UTF-8.`);
  if (text.trim() === '') throw new DataFileError('empty', `${sourceName} is empty: paste or upload some text to learn from.`);
  const length = [...text].length;
  if (length < MIN_TEXT_CHARACTERS) {
    throw new DataFileError('empty', `${sourceName} has ${formatCount(length)} characters; at least ${formatCount(MIN_TEXT_CHARACTERS)} are needed so the held-out tail has something to measure.`);
  }
  const distinct = characterCounts(text);
  if (distinct.length < MIN_DISTINCT_CHARACTERS) {
    throw new DataFileError('no-symbols', `${sourceName} uses only ${plural(distinct.length, 'distinct character', 'distinct characters')} (${describeCharacters(distinct.map(([character]) => character))}); at least ${MIN_DISTINCT_CHARACTERS} are needed for something to learn.`);
  }
  const { alphabet, unknownCharacters } = buildAlphabet(text);
  const notices: string[] = [];
  if (raw.includes('\r')) notices.push('Line ends were normalised to "\\n".');
  if (unknownCharacters.length > 0) {
    notices.push(
      `The text has ${formatCount(distinct.length)} distinct characters; the ${formatCount(MAX_ALPHABET - 1)} most frequent are kept and the ${formatCount(unknownCharacters.length)} rarest are read as "${UNKNOWN_SYMBOL}": ${describeCharacters(unknownCharacters)}.`,
    );
  }
  return { text, alphabet, unknownCharacters, ids: encodeText(text, symbolLayout(alphabet)), notices };
}

/** Where the held-out tail starts: [0, val) trains, [val, test) validates, [test, n) tests. */
export function textSplitBounds(length: number): { val: number; test: number } {
  const test = length - Math.max(1, Math.round(length * HELD_OUT_FRACTION.test));
  const val = test - Math.max(1, Math.round(length * HELD_OUT_FRACTION.val));
  return { val, test };
}
