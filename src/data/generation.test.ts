import { describe, expect, it } from 'vitest';
import { encodeForGeneration, encodeGenerationSplit, languageModelFigures, makeGenerationBatch, PAD_TARGET, symbolLayout, symbolName } from './generation';
import { NAME_ALPHABET } from './names';

const layout = symbolLayout(NAME_ALPHABET);
const id = (letter: string) => NAME_ALPHABET.indexOf(letter);

describe('names generation layout', () => {
  it('puts the 57 letters at 0-56, EOS at 57 and BOS at 58', () => {
    expect(layout).toMatchObject({ eosId: 57, bosId: 58, outputSize: 58, previousSize: 59 });
    expect(layout.letters[0]).toBe('a');
    expect(layout.letters[56]).toBe("'");
    expect(symbolName(layout, 57)).toBe('<EOS>');
    expect(symbolName(layout, 58)).toBe('<BOS>');
    expect(symbolName(layout, id('I'))).toBe('I');
  });

  it('feeds BOS then the letters and predicts the letters then EOS', () => {
    const sequence = encodeForGeneration('Ivanov', layout);
    expect(sequence.previous).toEqual([58, id('I'), id('v'), id('a'), id('n'), id('o'), id('v')]);
    expect(sequence.targets).toEqual([id('I'), id('v'), id('a'), id('n'), id('o'), id('v'), 57]);
  });

  it('normalises as the tutorial does and cuts long names but still predicts the end', () => {
    expect(encodeForGeneration('Ślusàrski', layout).targets.slice(0, 3)).toEqual([id('S'), id('l'), id('u')]);
    const cut = encodeForGeneration('Abcdef', layout, 3);
    expect(cut.previous).toEqual([58, id('A'), id('b'), id('c')]);
    expect(cut.targets).toEqual([id('A'), id('b'), id('c'), 57]);
  });

  it('refuses a name with no letter left', () => {
    expect(() => encodeGenerationSplit([{ text: '中文', label: 0 }], layout, 40)).toThrow(/no letters of the alphabet/);
  });

  it('pads a batch with BOS inputs and PAD targets and counts only real steps', () => {
    const split = encodeGenerationSplit(
      [
        { text: 'Zhu', label: 1 },
        { text: 'Weber', label: 6 },
      ],
      layout,
      40,
    );
    expect(Array.from(split.lengths)).toEqual([4, 6]);
    expect(split.characters).toBe(10);
    const batch = makeGenerationBatch(split, [0, 1], layout);
    expect(batch).toMatchObject({ batchSize: 2, seqLength: 6, characters: 10 });
    expect(Array.from(batch.conditions)).toEqual([1, 6]);
    expect(Array.from(batch.previous.subarray(0, 6))).toEqual([58, id('Z'), id('h'), id('u'), 58, 58]);
    expect(Array.from(batch.targets.subarray(0, 6))).toEqual([id('Z'), id('h'), id('u'), 57, PAD_TARGET, PAD_TARGET]);
    expect(Array.from(batch.targets.subarray(6, 12))).toEqual([id('W'), id('e'), id('b'), id('e'), id('r'), 57]);
  });

  it('turns NLL per character into perplexity and bits per character', () => {
    const figures = languageModelFigures(Math.log(8));
    expect(figures.perplexity).toBeCloseTo(8, 10);
    expect(figures.bitsPerChar).toBeCloseTo(3, 10);
  });
});
