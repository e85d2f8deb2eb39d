import { describe, expect, it } from 'vitest';
import { formatSample, parseGenerateArgs, parseScoreItem, UsageError } from './generate';

describe('generate CLI arguments', () => {
  it('samples with the given condition, temperature, count and top-k', () => {
    expect(parseGenerateArgs(['--model', 'm.json', '--condition', 'Russian', '--temperature', '0.5', '--count', '10', '--top-k', '3'])).toEqual({
      mode: 'sample',
      model: 'm.json',
      json: false,
      condition: 'Russian',
      count: 10,
      prime: null,
      length: 200,
      sampling: { temperature: 0.5, topK: 3, maxLength: 20, seed: 1 },
    });
  });

  it('scores LANGUAGE:NAME items after --score', () => {
    const options = parseGenerateArgs(['--model', 'm.json', '--score', 'Russian:Ivanov', 'German:Weber', '--json']);
    expect(options).toEqual({
      mode: 'score',
      model: 'm.json',
      json: true,
      items: [
        { condition: 'Russian', text: 'Ivanov' },
        { condition: 'German', text: 'Weber' },
      ],
    });
    expect(parseScoreItem("Irish:O'Neal")).toEqual({ condition: 'Irish', text: "O'Neal" });
    expect(parseScoreItem('plain')).toEqual({ condition: null, text: 'plain' });
  });

  it('explains a bad value', () => {
    expect(() => parseGenerateArgs(['--condition', 'Russian'])).toThrow(UsageError);
    expect(() => parseGenerateArgs(['--model', 'm.json', '--temperature=-1'])).toThrow(/--temperature needs a number ≥ 0/);
    expect(() => parseGenerateArgs(['--model', 'm.json', '--top-k', '0'])).toThrow(/--top-k needs a whole number ≥ 1/);
    expect(() => parseGenerateArgs(['--model', 'm.json', 'Ivanov'])).toThrow(/put --score before them/);
    expect(() => parseGenerateArgs(['--model', 'm.json', '--score'])).toThrow(/at least one LANGUAGE:NAME/);
  });

  it('marks a name cut at the length limit', () => {
    expect(formatSample({ condition: 'Russian', text: 'Ivanov', steps: [], ended: true })).toBe('Ivanov');
    expect(formatSample({ condition: 'Russian', text: 'Abcdefgh', steps: [], ended: false })).toBe('Abcdefgh… (length limit)');
  });
});
