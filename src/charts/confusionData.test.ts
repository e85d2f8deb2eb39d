import { describe, expect, it } from 'vitest';
import { ConfusionShapeError, cellExamples, exampleList, cellFontSize, cellText, cellTextFontSize, confusionCells, confusionSummary, confusionText, rowNormalise } from './confusionData';

// 3 classes; row 2 has no examples.
const counts = [8, 2, 0, 1, 3, 0, 0, 0, 0];

describe('rowNormalise', () => {
  it('divides each row by its total and leaves empty rows at zero', () => {
    const shares = Array.from(rowNormalise(counts, 3));
    expect(shares.slice(0, 3)).toEqual([0.8, 0.2, 0]);
    expect(shares.slice(3, 6)).toEqual([0.25, 0.75, 0]);
    expect(shares.slice(6, 9)).toEqual([0, 0, 0]);
  });

  it('makes every non-empty row sum to one', () => {
    const random = Array.from({ length: 18 * 18 }, (_, index) => (index * 7919) % 13);
    const shares = rowNormalise(random, 18);
    for (let row = 0; row < 18; row += 1) {
      const sum = shares.slice(row * 18, row * 18 + 18).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 10);
    }
  });

  it('rejects counts that do not match C × C', () => {
    expect(() => rowNormalise([1, 2, 3], 2)).toThrow(ConfusionShapeError);
    expect(() => rowNormalise([1, 2, 3], 2)).toThrow(/needs 4 counts, but 3/);
    expect(() => rowNormalise([], 0)).toThrow(/at least one class/);
  });
});

describe('confusionCells and summary', () => {
  it('keys cells true:predicted with counts, shares and row totals', () => {
    const cells = confusionCells(counts, 3);
    expect(cells).toHaveLength(9);
    expect(cells[1]).toEqual({ key: '0:1', trueClass: 0, predictedClass: 1, count: 2, share: 0.2, rowTotal: 10 });
    expect(cells[3]).toMatchObject({ key: '1:0', trueClass: 1, predictedClass: 0, rowTotal: 4 });
  });

  it('computes plain and macro accuracy over classes that have examples', () => {
    const summary = confusionSummary(counts, 3);
    expect(summary.total).toBe(14);
    expect(summary.correct).toBe(11);
    expect(summary.accuracy).toBeCloseTo(11 / 14);
    expect(summary.macroAccuracy).toBeCloseTo((0.8 + 0.75) / 2);
    expect(summary.rowTotals).toEqual([10, 4, 0]);
  });

  it('prints whole percents, "<1" for tiny shares and nothing for empty cells', () => {
    const [first, second, third] = confusionCells([996, 4, 0, 0], 2);
    expect(cellText(first)).toBe('100');
    expect(cellText(second)).toBe('<1');
    expect(cellText(third)).toBe('');
  });

  it('looks up misclassified examples by cell key', () => {
    const cell = confusionCells(counts, 3)[1];
    expect(cellExamples({ '0:1': ['a', 'b', 'c'] }, cell, 2)).toEqual(['a', 'b']);
    expect(cellExamples(undefined, cell)).toEqual([]);
  });
});

describe('confusionText', () => {
  it('states accuracy and the largest mistakes, largest first', () => {
    // Rows true a, b, c: a→b 2, b→a 1, c→a 4.
    expect(confusionText([8, 2, 0, 1, 3, 0, 4, 0, 5], ['a', 'b', 'c'], 2)).toBe(
      '16 of 23 right (69.6%). Most often confused (true → predicted): c → a (4), a → b (2).',
    );
  });

  it('says so when there is nothing to report', () => {
    expect(confusionText([0, 0, 0, 0], ['a', 'b'])).toBe('No evaluation yet.');
    expect(confusionText([3, 0, 0, 2], ['a', 'b'])).toBe('5 of 5 right (100%). No mistakes.');
  });
});

describe('cellFontSize', () => {
  const digitWidth = 0.62;

  it('follows presenter mode\'s label size (19 px) in a 25 px cell instead of staying near 10 px', () => {
    const size = cellFontSize(25, 19);
    expect(size).not.toBeNull();
    expect(size!).toBeGreaterThanOrEqual(15);
    expect(2 * digitWidth * size!, 'a two-digit share fits the cell').toBeLessThanOrEqual(25 - 4);
  });

  it('is the label size in a roomy cell and never larger', () => {
    expect(cellFontSize(44, 12)).toBe(12);
    expect(cellFontSize(80, 19)).toBe(19);
  });

  it('leaves numbers out of cells too small for a readable size', () => {
    expect(cellFontSize(14, 19)).toBeNull();
    expect(cellFontSize(10, 12)).toBeNull();
  });

  it('shrinks a three-character share ("100") to fit the cell', () => {
    const size = cellFontSize(25, 19)!;
    expect(cellTextFontSize('74', 25, size)).toBe(size);
    expect(3 * digitWidth * cellTextFontSize('100', 25, size)).toBeLessThanOrEqual(25 - 4);
  });
});

describe('exampleList', () => {
  it('lists names as they are and quotes each text with a space or a comma, so sentences stay apart', () => {
    expect(exampleList(['Rossi', 'Bianchi'])).toBe('Rossi, Bianchi');
    expect(exampleList(['deepen them .', '` de niro , as always'])).toBe('“deepen them .”, “` de niro , as always”');
  });
});
