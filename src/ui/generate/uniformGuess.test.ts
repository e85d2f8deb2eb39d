import { describe, expect, it } from 'vitest';
import { uniformGuessNote } from './uniformGuess';

describe('uniformGuessNote', () => {
  it('names the alphabet and the end mark that make up the outputs, so the counts agree with the alphabet shown', () => {
    const note = uniformGuessNote(24, 'text');
    expect(note).toContain('25 outputs (the 24 symbols of your text and the end-of-text mark');
    expect(note).toContain('ln 25 = 3.22 nats per character');
  });

  it('says the end-of-name mark for names', () => {
    expect(uniformGuessNote(57, 'names')).toBe('Guessing uniformly among 58 outputs (the 57 letters and the end-of-name mark): ln 58 = 4.06 nats per character.');
  });
});
