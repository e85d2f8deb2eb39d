/**
 * Pure preparation for OneHotGrid: which cell of each row is lit, read by the engine's own character encoder
 * (data/encoding.ts), so the picture is exactly what the network is fed: with the tutorial's alphabet its
 * `unicodeToAscii` + `lineToTensor` (NFD, combining marks and characters outside the alphabet dropped); with a
 * data set's own alphabet every NFC code point, unseen ones lit in the "�" column.
 */
import { createCharEncoder } from '../data/encoding';

export class AlphabetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlphabetError';
  }
}

export interface OneHotRow {
  /** 0-based timestep. */
  position: number;
  /** The character read at this step (after normalisation, e.g. 'u' for 'ü'; as typed when unknown). */
  symbol: string;
  /** Index of the lit cell in the alphabet (the one 1 in the row). */
  index: number;
  /** Set when the character is not in the alphabet and is fed as the unknown symbol "�" (own alphabets). */
  isUnknown?: true;
}

export interface OneHotRows {
  rows: OneHotRow[];
  /** Characters removed because they are not in the alphabet (e.g. 'ß', digits), in order of appearance. */
  dropped: string[];
  alphabetSize: number;
}

/**
 * One row per kept character of `text`, each with the index of its lit cell in `alphabet` (the lecture's
 * `lineToTensor('Mar')` is 3 rows: M, a, r). With the tutorial's alphabet accents are folded first: 'Müller' keeps 6
 * letters with 'u' in place of 'ü'; characters with no ASCII base are dropped and listed. With an own alphabet
 * 'Йорк' is 4 rows, й its own column.
 */
export function oneHotRows(text: string, alphabet: string): OneHotRows {
  const symbols = Array.from(alphabet);
  if (symbols.length === 0) throw new AlphabetError('The alphabet is empty, so no character can be encoded.');
  const indexOf = new Map<string, number>();
  symbols.forEach((symbol, index) => {
    if (indexOf.has(symbol)) throw new AlphabetError(`The alphabet lists "${symbol}" twice; each symbol needs one column.`);
    indexOf.set(symbol, index);
  });
  const encoded = createCharEncoder(alphabet).encode(text);
  const unknown = new Set(encoded.unknownPositions);
  const rows: OneHotRow[] = encoded.ids.map((index, position) => ({ position, symbol: encoded.tokens[position], index, ...(unknown.has(position) ? { isUnknown: true } : {}) }));
  const dropped = encoded.dropped;
  return { rows, dropped, alphabetSize: symbols.length };
}

/** The tensor shape `lineToTensor` returns: `[T, 1, alphabetSize]` (time, batch of one, symbols). */
export function oneHotShape(encoded: OneHotRows): [number, number, number] {
  return [encoded.rows.length, 1, encoded.alphabetSize];
}
