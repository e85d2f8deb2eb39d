/**
 * What Inspect and predict say of a text the model cannot read at all: a name in another script on a model of the
 * names' 57 symbols names its characters and what to do, not only "no letters of the alphabet left".
 */
import { describe, expect, it } from 'vitest';
import { createCharEncoder, createWordEncoder } from '../data/encoding';
import { buildVocabulary } from '../data/vocabulary';
import { unreadableInputMessage } from './predict';

describe('unreadableInputMessage', () => {
  const names = createCharEncoder();

  it('a name in another script names its characters, the 57 symbols and what to do', () => {
    expect(unreadableInputMessage('Иванов', names, 'there is nothing to trace')).toBe(
      '"Иванов" has no character this model reads, so there is nothing to trace: its alphabet is 57 symbols (a–z, A–Z, space and . , ; \'), and "И", "в", "а", "н", "о" are not among them. Type it in Latin letters; names in another script train a model of their own alphabet when uploaded (Data → Upload your own).',
    );
    expect(unreadableInputMessage('王 伟', names, 'the network has nothing to read')).toMatch(/^"王 伟" has no character this model reads, so the network has nothing to read: .* and "王", "伟" are not among them\./);
  });

  it('another alphabet is listed as it is', () => {
    expect(unreadableInputMessage('xyz', createCharEncoder('abc'), 'x')).toMatch(/its alphabet is 3 symbols \("a", "b", "c"\), and "x", "y", "z" are not among them/);
  });

  it('a text with nothing to drop, or a word model, keeps the short reason', () => {
    expect(unreadableInputMessage('   ', names, 'there is nothing to trace')).toBe('"   " has no letters of the alphabet left after normalisation, so there is nothing to trace.');
    const words = createWordEncoder(buildVocabulary(['a fine film'], { lowercase: true }));
    expect(unreadableInputMessage('', words, 'there is nothing to trace')).toBe('"" has no words left after normalisation, so there is nothing to trace.');
  });
});
