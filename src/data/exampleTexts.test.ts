import { describe, expect, it } from 'vitest';
import { loadDatasetFromDir } from '../cli/dataDir';
import { exampleTextFrom } from './exampleTexts';
import { MAX_TEXT_BYTES, prepareCorpus, textSplitBounds } from './textCorpus';

// The real data, wherever the environment points (default ../shared/data).
const names = loadDatasetFromDir('names');
const sst2 = loadDatasetFromDir('sst2');

describe('exampleTextFrom', () => {
  it('writes every cleaned surname once, one per line, in an order that mixes the languages into the held-out tail', () => {
    const text = exampleTextFrom(names);
    const lines = text.trimEnd().split('\n');
    const all = [...names.train, ...names.val, ...names.test];
    expect(lines).toHaveLength(all.length);
    expect([...lines].sort()).toEqual(all.map((example) => example.text).sort());
    expect(exampleTextFrom(names), 'the same text every time').toBe(text);
    // The corpus holds out its last 10%: in file order that is the last languages only; shuffled, most languages.
    const corpus = prepareCorpus(text);
    const tail = corpus.text.slice(textSplitBounds([...corpus.text].length).val).split('\n');
    const languageOf = new Map(all.map((example) => [example.text, names.classes[example.label]]));
    const tailLanguages = new Set(tail.map((line) => languageOf.get(line)).filter((language) => language !== undefined));
    expect(tailLanguages.size).toBeGreaterThanOrEqual(15);
  });

  it("writes SST-2's training sentences one per line, cut at a whole line under the lab's 1 MB", () => {
    const text = exampleTextFrom(sst2);
    const lines = text.trimEnd().split('\n');
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(MAX_TEXT_BYTES);
    expect(lines[0]).toBe(sst2.train[0].text);
    expect(lines.every((line, index) => line === sst2.train[index].text)).toBe(true);
    expect(() => prepareCorpus(text)).not.toThrow();
    // A limit cuts at a line end, never inside a sentence.
    const small = exampleTextFrom(sst2, 1000);
    expect(new TextEncoder().encode(small).length).toBeLessThanOrEqual(1000);
    expect(small.trimEnd().split('\n').every((line, index) => line === sst2.train[index].text)).toBe(true);
  });
});
