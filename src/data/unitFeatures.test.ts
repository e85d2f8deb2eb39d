import { describe, expect, it } from 'vitest';
import { FeatureError, featureValues, patternValues, rankUnits } from './unitFeatures';

const characters = [...'say "hi (there)" now\nok'];

describe('text features', () => {
  it('marks quotes, brackets, words and lines', () => {
    expect(Array.from(featureValues(characters, 'inside-quotes')).join('')).toBe('00000111111111100000000');
    expect(Array.from(featureValues(characters, 'inside-brackets')).join('')).toBe('00000000011111000000000');
    expect(Array.from(featureValues(characters, 'position-in-word')).slice(0, 4)).toEqual([1, 2, 3, 0]);
    const line = featureValues(characters, 'position-in-line');
    expect(line[20]).toBe(20);
    expect(Array.from(line.slice(21))).toEqual([0, 1]);
  });

  it('counts vowels in Cyrillic and accented Latin', () => {
    expect(Array.from(featureValues([...'мама é'], 'vowel'))).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('marks the characters of every regex match, by code point', () => {
    expect(Array.from(patternValues([...'a😀b😀c'], '😀.'))).toEqual([0, 1, 1, 1, 1]);
    expect(Array.from(patternValues(characters, '\\d'))).toEqual(new Array(characters.length).fill(0));
  });

  it('refuses an invalid or catastrophic pattern with a reason', () => {
    expect(() => patternValues(characters, '(a')).toThrow(FeatureError);
    expect(() => patternValues(characters, '(a+)+b')).toThrow(/minutes/);
    expect(() => patternValues(characters, ' ')).toThrow(/Write a pattern/);
  });
});

describe('ranking units by a feature', () => {
  it('puts the unit built to follow the feature first, and an anti-correlated one next', () => {
    const feature = featureValues(characters, 'inside-quotes');
    const T = characters.length;
    const H = 4;
    const activations = new Float32Array(T * H);
    for (let t = 0; t < T; t++) {
      activations[t * H + 0] = Math.sin(t); // noise-like
      activations[t * H + 1] = 0.3; // constant
      activations[t * H + 2] = 0.8 * feature[t] - 0.2 + 0.05 * Math.cos(3 * t); // the quote unit
      activations[t * H + 3] = -0.5 * feature[t] + 0.3 * Math.sin(5 * t); // anti, noisier
    }
    const ranked = rankUnits(activations, H, feature);
    expect(ranked.map((entry) => entry.unit)).toEqual([2, 3, 0, 1]);
    expect(ranked[0].correlation).toBeGreaterThan(0.95);
    expect(ranked[1].correlation).toBeLessThan(-0.5);
    expect(ranked[3].correlation).toBe(0);
  });

  it('refuses a feature that never changes', () => {
    expect(() => rankUnits(new Float32Array(6), 2, [1, 1, 1])).toThrow(/same value at every character/);
  });
});
