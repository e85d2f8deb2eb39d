import { describe, expect, it } from 'vitest';
import { generatorStepRows, unrollName } from './unrollName';

describe('unrollName', () => {
  it('reads the begin mark then the letters, and is taught the letters then the end mark', () => {
    expect(unrollName('Rossi')).toEqual({ inputs: ['begin', 'R', 'o', 's', 's', 'i'], targets: ['R', 'o', 's', 's', 'i', 'end'], dropped: [] });
  });

  it('simplifies accents as training does and says which characters it left out', () => {
    const unrolled = unrollName('Peláez☃');
    expect(unrolled.inputs).toEqual(['begin', 'P', 'e', 'l', 'a', 'e', 'z']);
    expect(unrolled.targets.at(-1)).toBe('end');
    expect(unrolled.dropped).toEqual(['☃']);
  });

  it('shows a space inside a name as the visible mark Inspect uses, not as a blank', () => {
    expect(unrollName('De la Cruz').inputs.slice(0, 4)).toEqual(['begin', 'D', 'e', '␣']);
    expect(generatorStepRows('De la', 0, 18)[2].taught).toBe('␣');
  });

  it('leaves one step for a name with no letter of the alphabet: from the begin mark straight to the end', () => {
    expect(unrollName('Иванов')).toEqual({ inputs: ['begin'], targets: ['end'], dropped: ['И', 'в', 'а', 'н', 'о', 'в'] });
  });
});

describe('generatorStepRows', () => {
  it("lights the language's column and the previous symbol's (after the 18 languages), and teaches the next letter's index", () => {
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;'";
    const rows = generatorStepRows('Rossi', 9, 18);
    expect(rows.map((row) => [row.t, row.reads, row.taught])).toEqual([
      [1, 'begin', 'R'],
      [2, 'R', 'o'],
      [3, 'o', 's'],
      [4, 's', 's'],
      [5, 's', 'i'],
      [6, 'i', 'end'],
    ]);
    // begin is the 59th previous symbol (index 58), end the 58th output (index 57).
    expect(rows[0]).toMatchObject({ readsIndex: 58, litColumns: [9, 18 + 58], taughtIndex: alphabet.indexOf('R') });
    expect(rows[1]).toMatchObject({ readsIndex: alphabet.indexOf('R'), litColumns: [9, 18 + alphabet.indexOf('R')] });
    expect(rows[5].taughtIndex).toBe(57);
  });
});
