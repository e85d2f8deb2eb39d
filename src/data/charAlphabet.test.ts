import { describe, expect, it } from 'vitest';
import { alphabetFitsDataset, charAlphabetProblem, datasetAlphabet, deriveCharAlphabet, fitsTutorialAlphabet, isOwnAlphabet, UNKNOWN_SYMBOL } from './charAlphabet';
import { createCharEncoder, unknownSymbols } from './encoding';
import { MAX_CHAR_ALPHABET } from './limits';
import { NAME_ALPHABET } from './names';

describe('a data set\'s own alphabet', () => {
  it('is the training texts\' code points in code-point order, then "�"', () => {
    const { alphabet, unknownCharacters: capped } = deriveCharAlphabet(['Иванов', 'Шевченко']);
    expect([...alphabet]).toEqual(['И', 'Ш', 'а', 'в', 'е', 'к', 'н', 'о', 'ч', UNKNOWN_SYMBOL]);
    expect(capped).toEqual([]);
    expect(isOwnAlphabet(alphabet)).toBe(true);
    expect(isOwnAlphabet(NAME_ALPHABET)).toBe(false);
  });

  it('takes a "�" in the data as the unknown symbol itself, never twice', () => {
    expect([...deriveCharAlphabet(['a\uFFFDb']).alphabet]).toEqual(['a', 'b', UNKNOWN_SYMBOL]);
  });

  it('keeps at most the cap, "�" included: the rarest characters go, named', () => {
    const { alphabet, unknownCharacters: capped } = deriveCharAlphabet(['aaaa', 'bbb', 'cc', 'd', 'e'], 4);
    expect([...alphabet]).toEqual(['a', 'b', 'c', UNKNOWN_SYMBOL]);
    expect(capped.sort()).toEqual(['d', 'e']);
    const wide = deriveCharAlphabet([Array.from({ length: 700 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('')]);
    expect([...wide.alphabet]).toHaveLength(MAX_CHAR_ALPHABET);
    expect(wide.unknownCharacters).toHaveLength(700 - (MAX_CHAR_ALPHABET - 1));
  });

  it('is chosen only when the 57 would drop a character (folding an accent is not dropping)', () => {
    expect(fitsTutorialAlphabet(['Müller', 'Ślusàrski', "O'Neal"])).toBe(true);
    expect(fitsTutorialAlphabet(['Müller', 'Йорк'])).toBe(false);
    expect(fitsTutorialAlphabet(['Jean-Pierre'])).toBe(false);
  });

  it('fits a data set only as its own alphabet; tutorial-kind alphabets fit data read the tutorial way', () => {
    const own = deriveCharAlphabet(['Йорк']).alphabet;
    expect(alphabetFitsDataset(own, { alphabet: own })).toBe(true);
    expect(alphabetFitsDataset(NAME_ALPHABET, { alphabet: own })).toBe(false);
    expect(alphabetFitsDataset(own, {})).toBe(false);
    expect(alphabetFitsDataset('abc', {})).toBe(true);
    expect(datasetAlphabet({})).toBe(NAME_ALPHABET);
    expect(datasetAlphabet({ alphabet: own })).toBe(own);
  });
});

describe('reading text with an own alphabet', () => {
  const alphabet = deriveCharAlphabet(['Йорк', 'Иванов']).alphabet;
  const encoder = createCharEncoder(alphabet);
  const id = (symbol: string) => [...alphabet].indexOf(symbol);

  it('keeps й one letter, typed precomposed or as и + combining breve, where the 57 would cut it to и', () => {
    expect(encoder.encode('Йорк').ids).toEqual([id('Й'), id('о'), id('р'), id('к')]);
    expect(encoder.encode('И\u0306орк').ids).toEqual(encoder.encode('Йорк').ids);
    expect(encoder.encode('Йорк').unknownPositions).toEqual([]);
    // The tutorial's normalisation drops the Cyrillic letters altogether.
    expect(createCharEncoder(NAME_ALPHABET).encode('Йорк').ids).toEqual([]);
  });

  it('reads a character never seen as "�", marks its position and names it; case counts', () => {
    const encoded = encoder.encode('йорк Z');
    expect(encoded.ids).toEqual([id(UNKNOWN_SYMBOL), id('о'), id('р'), id('к'), id(UNKNOWN_SYMBOL), id(UNKNOWN_SYMBOL)]);
    expect(encoded.tokens).toEqual(['й', 'о', 'р', 'к', ' ', 'Z']);
    expect(encoded.unknownPositions).toEqual([0, 4, 5]);
    expect(unknownSymbols(encoded)).toEqual(['й', ' ', 'Z']);
    expect(encoded.dropped).toEqual([]);
    expect(encoder.vocabSize).toBe([...alphabet].length);
  });
});

describe('checking an alphabet (model files, stored data sets)', () => {
  it('accepts the 57 and an own alphabet, combining marks included there', () => {
    expect(charAlphabetProblem(NAME_ALPHABET)).toBeNull();
    expect(charAlphabetProblem(`कमल\u094D\u0947${UNKNOWN_SYMBOL}`)).toBeNull();
  });

  it('names each malformation', () => {
    expect(charAlphabetProblem('')).toMatch(/empty/);
    expect(charAlphabetProblem(`ab${UNKNOWN_SYMBOL}c`)).toMatch(/must be the last symbol/);
    expect(charAlphabetProblem(`a\u212B${UNKNOWN_SYMBOL}`)).toMatch(/U\+212B .*becomes "Å" when text is normalised \(NFC\)/);
    expect(charAlphabetProblem(`ab${UNKNOWN_SYMBOL}b`)).toMatch(/"b" appears more than once/);
    expect(charAlphabetProblem('a\u0301b')).toMatch(/U\+0301 is a combining mark/);
    expect(charAlphabetProblem('a\uD800b')).toMatch(/U\+D800 is half of a surrogate pair/);
    const tooMany = Array.from({ length: MAX_CHAR_ALPHABET + 1 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(charAlphabetProblem(tooMany)).toMatch(/501 symbols; at most 500/);
  });
});
