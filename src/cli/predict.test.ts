import { describe, expect, it } from 'vitest';
import { formatPrediction, parsePredictArgs, UsageError } from './predict';

describe('predict CLI', () => {
  it("prints the tutorial's lines: '> input' then '(logp) class' with two decimals", () => {
    const lines = formatPrediction({
      input: 'Pelaez',
      logProbs: [],
      top: [
        { class: 'Spanish', logProb: -0.5912 },
        { class: 'French', logProb: -2.3861 },
        { class: 'Dutch', logProb: -2.5449 },
      ],
    });
    expect(lines).toEqual(['> Pelaez', '(-0.59) Spanish', '(-2.39) French', '(-2.54) Dutch']);
  });

  it('names what the model could not read, and what it read it as', () => {
    const top = [{ class: 'positive', logProb: -0.54 }];
    expect(formatPrediction({ input: 'a zebra', logProbs: [], top, unknown: ['zebra'], unknownAs: '<unk>' })).toEqual(['> a zebra', '(never seen in training, read as "<unk>": "zebra")', '(-0.54) positive']);
    expect(formatPrediction({ input: 'Жуков', logProbs: [], top, unknown: ['Ж'], unknownAs: '\ufffd' })[1]).toBe('(never seen in training, read as "\ufffd": "Ж")');
  });

  it('needs a model and at least one text', () => {
    expect(parsePredictArgs(['--model', 'm.json', 'Pelaez', 'Nienhuis'])).toEqual({ model: 'm.json', top: 3, json: false, texts: ['Pelaez', 'Nienhuis'] });
    expect(() => parsePredictArgs(['Pelaez'])).toThrow(UsageError);
    expect(() => parsePredictArgs(['--model', 'm.json'])).toThrow(/at least one text/);
  });
});
