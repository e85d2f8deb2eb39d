import { describe, expect, it } from 'vitest';
import { AlphabetError, oneHotRows, oneHotShape } from './oneHotData';

// The tutorial's alphabet: string.ascii_letters + " .,;'" (57 symbols).
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;'";

describe('oneHotRows', () => {
  it("lights the lecture's cells for 'Mar' (3 × 57)", () => {
    const encoded = oneHotRows('Mar', ALPHABET);
    expect(encoded.rows).toEqual([
      { position: 0, symbol: 'M', index: 38 },
      { position: 1, symbol: 'a', index: 0 },
      { position: 2, symbol: 'r', index: 17 },
    ]);
    expect(oneHotShape(encoded)).toEqual([3, 1, 57]);
    expect(encoded.dropped).toEqual([]);
  });

  it('folds accents like the tutorial and keeps the letter', () => {
    const encoded = oneHotRows('Müller', ALPHABET);
    expect(encoded.rows.map((row) => row.symbol).join('')).toBe('Muller');
    expect(encoded.dropped).toEqual([]);
  });

  it('drops and lists characters outside the alphabet', () => {
    const encoded = oneHotRows('Straße 9', ALPHABET);
    expect(encoded.rows.map((row) => row.symbol).join('')).toBe('Strae ');
    expect(encoded.dropped).toEqual(['ß', '9']);
    expect(encoded.rows.map((row) => row.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps apostrophes and spaces, which are in the alphabet', () => {
    expect(oneHotRows("O'Neal", ALPHABET).rows[1]).toEqual({ position: 1, symbol: "'", index: 56 });
  });

  it('rejects an empty or repeating alphabet with a clear message', () => {
    expect(() => oneHotRows('a', '')).toThrow(AlphabetError);
    expect(() => oneHotRows('a', 'aba')).toThrow(/"a" twice/);
  });

  it('with a data set\'s own alphabet: one column per letter (й whole), an unseen letter lit in the "�" column', () => {
    const own = 'Йкор\uFFFD';
    const encoded = oneHotRows('Йорк Q', own);
    expect(encoded.rows.map((row) => [row.symbol, row.index])).toEqual([['Й', 0], ['о', 2], ['р', 3], ['к', 1], [' ', 4], ['Q', 4]]);
    expect(encoded.rows.filter((row) => row.isUnknown).map((row) => row.symbol)).toEqual([' ', 'Q']);
    expect(oneHotShape(encoded)).toEqual([6, 1, 5]);
    expect(encoded.dropped).toEqual([]);
  });
});
