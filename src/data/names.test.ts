import { describe, expect, it } from 'vitest';
import { readNamesFiles, resolveDataDir } from '../cli/dataDir';
import { NAME_ALPHABET, charactersOutsideAlphabet, cleanNames, normalizeChars, normalizeName, prepareNamesDataset } from './names';
import { classCounts } from './split';

// The real data, wherever the environment points (default ../shared/data).
const dataDir = resolveDataDir([], process.env);
const files = readNamesFiles(dataDir);

describe('normalisation (the tutorial unicodeToAscii)', () => {
  it("has the 57 letters of Python's ascii_letters + \" .,;'\" in that order", () => {
    expect(NAME_ALPHABET).toBe("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;'");
    expect(NAME_ALPHABET.length).toBe(57);
    expect(new Set(NAME_ALPHABET).size).toBe(57);
  });

  it('removes accents, drops characters outside the alphabet, leaves ASCII names alone', () => {
    expect(normalizeName('Ślusàrski')).toBe('Slusarski');
    expect(normalizeName('Nienhuis')).toBe('Nienhuis');
    expect(normalizeName('Müller')).toBe('Muller');
    expect(normalizeName('Groß')).toBe('Gro');
    expect(normalizeName('Li 中')).toBe('Li ');
    expect(normalizeName('中')).toBe('');
    expect(normalizeName("O'Neal-Smith")).toBe("O'NealSmith");
    // Already decomposed input (S + combining acute) gives the same result.
    expect(normalizeName('S\u0301lusarski')).toBe('Slusarski');
  });

  it('reports what it dropped and what it simplified, per character the user typed', () => {
    const result = normalizeChars('Ślusàrski-中');
    expect(result.text).toBe('Slusarski');
    expect(result.dropped).toEqual(['-', '中']);
    expect(result.simplified).toEqual([
      { from: 'Ś', to: 'S' },
      { from: 'à', to: 'a' },
    ]);
    expect(normalizeChars('S\u0301').simplified).toEqual([{ from: 'Ś', to: 'S' }]);
    expect(charactersOutsideAlphabet(['Groß', 'Abe-Lin', 'Groß'])).toEqual(['ß', '-']);
  });
});

describe('names dataset on the real files', () => {
  it('reads the 18 language files', () => {
    expect(files.map((f) => f.language)).toHaveLength(18);
  });

  it('keeps 17,994 names: 2,080 within-language duplicates removed, none empty', () => {
    const cleaned = cleanNames(files);
    expect(cleaned.rawCount).toBe(20074);
    expect(cleaned.emptyDropped).toBe(0);
    expect(cleaned.duplicatesRemoved).toBe(2080);
    expect(cleaned.examples).toHaveLength(17994);
    // Counts per language as Python computes them with the tutorial's normalisation.
    const counts = classCounts(cleaned.examples, cleaned.classes.length);
    const byName = Object.fromEntries(cleaned.classes.map((name, i) => [name, counts[i]]));
    expect(byName).toMatchObject({ Arabic: 108, English: 3668, Russian: 9341, Vietnamese: 71, Portuguese: 74, Czech: 502 });
    // Cross-language duplicates are kept as published.
    expect(cleaned.crossLanguageNames).toBeGreaterThan(0);
  });

  const dataset = prepareNamesDataset(files);

  it('sorts classes alphabetically and splits 80/10/10 without losing a name', () => {
    expect(dataset.classes[0]).toBe('Arabic');
    expect(dataset.classes).toEqual([...dataset.classes].sort());
    expect(dataset.train.length + dataset.val.length + dataset.test.length).toBe(17994);
    expect(dataset.train.length).toBe(14396);
    expect(dataset.val.length).toBe(1799);
    expect(dataset.test.length).toBe(1799);
    expect(dataset.level).toBe('chars');
    expect(dataset.notes.join(' ')).toContain('2,080 duplicate');
  });

  it('stratifies: every class in every split, in about its overall proportion', () => {
    const total = classCounts([...dataset.train, ...dataset.val, ...dataset.test], 18);
    for (const [split, share] of [
      [dataset.train, 0.8],
      [dataset.val, 0.1],
      [dataset.test, 0.1],
    ] as const) {
      const counts = classCounts(split, 18);
      counts.forEach((count, label) => {
        expect(count).toBeGreaterThan(0);
        expect(Math.abs(count - total[label] * share)).toBeLessThanOrEqual(1);
      });
    }
  });

  it('never puts the same (name, language) in two splits', () => {
    const key = (e: { text: string; label: number }) => `${e.label}:${e.text}`;
    const train = new Set(dataset.train.map(key));
    for (const example of [...dataset.val, ...dataset.test]) expect(train.has(key(example))).toBe(false);
  });

  it('is deterministic: same seed same split, another seed another split', () => {
    const again = prepareNamesDataset(files, 1);
    expect(again.train).toEqual(dataset.train);
    expect(again.test).toEqual(dataset.test);
    const other = prepareNamesDataset(files, 2);
    expect(other.test).not.toEqual(dataset.test);
    expect(other.test).toHaveLength(dataset.test.length);
  });

  it('counts names that end up empty and dedupes after normalisation', () => {
    const cleaned = cleanNames([
      { language: 'Polish', text: 'Ślusàrski\nSlusarski\n中\nNowak\n' },
      { language: 'Czech', text: 'Novak\r\nNowak\r\n' },
    ]);
    expect(cleaned.classes).toEqual(['Czech', 'Polish']);
    expect(cleaned.emptyDropped).toBe(1);
    expect(cleaned.duplicatesRemoved).toBe(1);
    expect(cleaned.crossLanguageNames).toBe(1);
    expect(cleaned.examples.map((e) => e.text)).toEqual(['Novak', 'Nowak', 'Slusarski', 'Nowak']);
  });
});
