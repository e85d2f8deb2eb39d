import { describe, expect, it } from 'vitest';
import { makeBatch, createEncoder, encodeExamples } from '../../data/encoding';
import type { EncoderSpec } from '../../data/encoding';
import { NAME_ALPHABET } from '../../data/names';
import { chooseExamples, paddedBatchView } from './paddedBatch';

const LETTERS: EncoderSpec = { type: 'chars', alphabet: NAME_ALPHABET };
const WORDS: EncoderSpec = { type: 'words', vocab: ['<pad>', '<unk>', 'the', 'plot', 'is', 'a', 'mess', 'great'], pad: '<pad>', unk: '<unk>', lowercase: true };

describe('paddedBatchView', () => {
  it("pads each row to the longest with the engine's padding id, and masks exactly the real steps", () => {
    const view = paddedBatchView(LETTERS, 'Nienhuis', ['Abe', 'Nakamura'])!;
    expect(view.seqLength).toBe(8);
    expect(view.rows.map((row) => [row.text, row.length, row.isTyped])).toEqual([
      ['Nienhuis', 8, true],
      ['Abe', 3, false],
      ['Nakamura', 8, false],
    ]);
    const abe = view.rows[1].cells;
    expect(abe.map((cell) => cell.symbol)).toEqual(['A', 'b', 'e', 'pad', 'pad', 'pad', 'pad', 'pad']);
    expect(abe.map((cell) => cell.mask)).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
    expect(view.paddedSteps).toBe(5);
    expect(view.totalSteps).toBe(24);
    // The ids are the training step's own batch (makeBatch) of the same texts.
    const encoder = createEncoder(LETTERS);
    const split = encodeExamples(['Nienhuis', 'Abe', 'Nakamura'].map((text) => ({ text, label: 0 })), encoder, 100);
    const batch = makeBatch(split, [0, 1, 2], encoder.padId);
    expect(view.rows.flatMap((row) => row.cells.map((cell) => cell.id))).toEqual(Array.from(batch.ids));
    expect(view.padSymbol).toBe(encoder.symbols[encoder.padId]);
  });

  it('writes word padding as <pad> and unknown words as <unk>', () => {
    const view = paddedBatchView(WORDS, 'The plot is a total mess', ['great'])!;
    expect(view.rows[0].cells.map((cell) => cell.symbol)).toEqual(['the', 'plot', 'is', 'a', '<unk>', 'mess']);
    expect(view.rows[1].cells.map((cell) => [cell.symbol, cell.id, cell.mask])).toEqual([
      ['great', 7, 1],
      ...Array.from({ length: 5 }, () => ['<pad>', 0, 0]),
    ]);
  });

  it('leaves out a typed text with nothing to feed, and shows the examples alone', () => {
    const view = paddedBatchView(LETTERS, '123', ['Abe', 'Li'])!;
    expect(view.rows.map((row) => [row.text, row.isTyped])).toEqual([
      ['Abe', false],
      ['Li', false],
    ]);
    expect(paddedBatchView(LETTERS, '', [])).toBeNull();
  });
});

describe('chooseExamples', () => {
  it('picks three short training examples of different lengths, the same every time', () => {
    const train = ['Li', 'Abe', 'Kowalski', 'Nakamura', 'Ng', 'Smith', 'Johnson', 'Schwarzenegger-Longname'].map((text) => ({ text, label: 0 }));
    const chosen = chooseExamples(train, LETTERS);
    expect(chosen).toHaveLength(3);
    const lengths = chosen.map((text) => createEncoder(LETTERS).encode(text).ids.length);
    expect(new Set(lengths).size).toBe(3);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(12);
    expect(chooseExamples(train, LETTERS)).toEqual(chosen);
  });
});
