import { describe, expect, it } from 'vitest';
import { loadDatasetFromDir } from '../../cli/dataDir';
import { cutTextEnding, EXAMPLE_TEXT_LIMITS, keptExampleText, LONGEST_EXAMPLE_TEXT, readExampleText } from './exampleText';

describe('readExampleText', () => {
  it('reads every example of the built-in data sets whole (SST-2 has sentences of up to 283 characters)', () => {
    for (const id of ['names', 'sst2'] as const) {
      const dataset = loadDatasetFromDir(id);
      for (const { text } of [...dataset.train, ...dataset.val, ...dataset.test]) expect(readExampleText(text, dataset.level)).toEqual({ text, cutAt: null });
    }
  });

  it('cuts a longer text at its level\'s limit and says where', () => {
    const sentence = 'word '.repeat(100);
    // The 400th character starts a word: the cut falls before it, after the word ending at 399.
    expect(readExampleText(sentence, 'words')).toEqual({ text: sentence.slice(0, EXAMPLE_TEXT_LIMITS.words - 1), cutAt: EXAMPLE_TEXT_LIMITS.words });
    expect(readExampleText('x'.repeat(201), 'chars')).toEqual({ text: 'x'.repeat(200), cutAt: 200 });
    expect(readExampleText('x'.repeat(200), 'chars').cutAt).toBeNull();
  });

  it("cuts a word model's text after its last whole word, never inside a word", () => {
    const sentence = `${'word '.repeat(79)}bubbly exchange`; // 'bubbly' ends at character 401, past the limit
    const read = readExampleText(sentence, 'words');
    expect(read.cutAt).toBe(EXAMPLE_TEXT_LIMITS.words);
    expect(read.text).toBe('word '.repeat(79).trimEnd());
    // A character model reads characters: its cut stays at the limit.
    expect(readExampleText('ab '.repeat(100), 'chars').text).toHaveLength(EXAMPLE_TEXT_LIMITS.chars);
  });

  it('never splits an emoji in half', () => {
    const read = readExampleText('\u{1F600}'.repeat(250), 'chars');
    expect(Array.from(read.text)).toHaveLength(200);
    expect(read.text).toBe('\u{1F600}'.repeat(200));
  });
});

describe('keptExampleText', () => {
  it('keeps a pasted megabyte only past every limit, so it still reads as cut', () => {
    const kept = keptExampleText('\u{1F600}'.repeat(1_000_000));
    expect(Array.from(kept).length).toBeGreaterThan(LONGEST_EXAMPLE_TEXT);
    expect(readExampleText(kept, 'words').cutAt).toBe(EXAMPLE_TEXT_LIMITS.words);
  });
});

describe('cutTextEnding', () => {
  it('shows the last characters of a cut text', () => {
    expect(cutTextEnding('in favor of bright flashes', 10)).toBe('…ht flashes');
    expect(cutTextEnding('short', 10)).toBe('short');
  });
});
