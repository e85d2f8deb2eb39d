/**
 * Pure preparation for OneHotGrid: which cell of each row is lit, following the PyTorch tutorial's `unicodeToAscii` +
 * `lineToTensor` (NFD-normalise, drop combining marks, drop anything outside the alphabet).
 */

export class AlphabetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlphabetError';
  }
}

export interface OneHotRow {
  /** 0-based timestep. */
  position: number;
  /** The symbol fed at this step (after normalisation, e.g. 'u' for 'ü'). */
  symbol: string;
  /** Index of the lit cell in the alphabet (the one 1 in the row). */
  index: number;
}

export interface OneHotRows {
  rows: OneHotRow[];
  /** Characters removed because they are not in the alphabet (e.g. 'ß', digits), in order of appearance. */
  dropped: string[];
  alphabetSize: number;
}

/**
 * One row per kept character of `text`, each with the index of its lit cell in `alphabet` (the lecture's
 * `lineToTensor('Mar')` is 3 rows: M, a, r). Accents are folded first, as the tutorial does: 'Müller' keeps 6 letters
 * with 'u' in place of 'ü'; characters with no ASCII base are dropped and listed.
 */
export function oneHotRows(text: string, alphabet: string): OneHotRows {
  const symbols = Array.from(alphabet);
  if (symbols.length === 0) throw new AlphabetError('The alphabet is empty, so no character can be encoded.');
  const indexOf = new Map<string, number>();
  symbols.forEach((symbol, index) => {
    if (indexOf.has(symbol)) throw new AlphabetError(`The alphabet lists "${symbol}" twice; each symbol needs one column.`);
    indexOf.set(symbol, index);
  });
  const rows: OneHotRow[] = [];
  const dropped: string[] = [];
  for (const original of Array.from(text)) {
    const folded = original.normalize('NFD').replace(/\p{M}/gu, '');
    // A character that folds to nothing (a lone combining mark) is dropped as itself.
    if (folded === '') {
      dropped.push(original);
      continue;
    }
    for (const symbol of Array.from(folded)) {
      const index = indexOf.get(symbol);
      if (index === undefined) dropped.push(original === folded ? symbol : original);
      else rows.push({ position: rows.length, symbol, index });
    }
  }
  return { rows, dropped, alphabetSize: symbols.length };
}

/** The tensor shape `lineToTensor` returns: `[T, 1, alphabetSize]` (time, batch of one, symbols). */
export function oneHotShape(encoded: OneHotRows): [number, number, number] {
  return [encoded.rows.length, 1, encoded.alphabetSize];
}
