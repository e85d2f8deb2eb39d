import { describe, expect, it } from 'vitest';
import { DataFileError } from './errors';
import { symbolLayout } from './generation';
import { MAX_TEXT_BYTES, UNKNOWN_SYMBOL, buildAlphabet, decodeTextFile, encodeText, prepareCorpus, readTextFile, textSplitBounds } from './textCorpus';
import { streamLayout, textWindow } from './textStreams';

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DataFileError) return error.code;
    throw error;
  }
  return 'no error';
}

const poem = 'The quick brown fox jumps over the lazy dog. '.repeat(6);

describe('the alphabet of a text', () => {
  it('is the distinct code points of any script, in code-point order', () => {
    expect(buildAlphabet('мама мыла раму').alphabet).toBe(' алмруы');
    expect([...buildAlphabet('我爱你，你爱我').alphabet]).toEqual(['你', '我', '爱', '，']);
  });

  it('keeps an emoji outside the BMP as one symbol, and a ZWJ family as its code points', () => {
    expect([...buildAlphabet('a😀a😀').alphabet]).toEqual(['a', '😀']);
    const family = '👨‍👩‍👧';
    expect([...buildAlphabet(family).alphabet].sort()).toEqual(['\u200D', '👧', '👨', '👩'].sort());
  });

  it('composes e + combining acute into é (NFC) but keeps a mark with no precomposed form', () => {
    const corpus = prepareCorpus(`cafe\u0301 `.repeat(50));
    expect([...corpus.alphabet]).toEqual([' ', 'a', 'c', 'f', 'é']);
    const dotted = prepareCorpus('q\u0307 ab '.repeat(50));
    expect([...dotted.alphabet]).toContain('\u0307');
  });

  it('maps the rarest characters beyond the cap to the unknown symbol, with a notice', () => {
    const text = 'aaaa bbb cc d e';
    const { alphabet, unknownCharacters } = buildAlphabet(text, 4);
    expect([...alphabet]).toEqual([' ', 'a', 'b', UNKNOWN_SYMBOL]);
    expect(unknownCharacters.sort()).toEqual(['c', 'd', 'e']);
    const ids = encodeText(text, symbolLayout(alphabet));
    expect(ids[9]).toBe(3);
  });
});

describe('preparing a text', () => {
  it('encodes every character and keeps the text whole', () => {
    const corpus = prepareCorpus(poem);
    expect(corpus.ids.length).toBe([...poem].length);
    const layout = symbolLayout(corpus.alphabet);
    expect(Array.from(corpus.ids, (id) => layout.letters[id]).join('')).toBe(poem);
    expect(corpus.notices).toEqual([]);
  });

  it('refuses empty, short, one-letter and oversized texts with their own reasons', () => {
    expect(errorCode(() => prepareCorpus('   \n '))).toBe('empty');
    expect(errorCode(() => prepareCorpus('short text'))).toBe('empty');
    expect(errorCode(() => prepareCorpus('ab'.repeat(200)))).toBe('no-symbols');
    expect(() => prepareCorpus('ab'.repeat(200))).toThrow(/only 2 distinct characters/);
    expect(errorCode(() => prepareCorpus('abcd'.repeat(MAX_TEXT_BYTES / 4 + 1)))).toBe('too-large');
  });

  it('refuses binary files (NUL bytes) and invalid UTF-8, and drops a BOM', () => {
    expect(errorCode(() => decodeTextFile(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x00, 0x00), 'photo.zip'))).toBe('binary');
    expect(errorCode(() => decodeTextFile(Uint8Array.of(0x61, 0xff, 0xfe, 0x62), 'latin1.txt'))).toBe('not-utf8');
    expect(decodeTextFile(new TextEncoder().encode('\uFEFFпривет'), 'a.txt')).toBe('привет');
  });

  it('refuses a file over the limit from its size, before a byte of it is read (1.5 GB was read whole first)', async () => {
    const reads: string[] = [];
    const picked = (name: string, bytes: Uint8Array, size = bytes.length) => ({
      name,
      size,
      arrayBuffer: async () => {
        reads.push(name);
        return bytes.slice().buffer;
      },
    });
    const refused = await readTextFile(picked('movie.txt', new Uint8Array(1), 1.5 * 1024 * 1024 * 1024)).catch((error: unknown) => error);
    expect((refused as Error).message).toBe('movie.txt is 1.5 GB; a text may be at most 1 MB so that an epoch stays minutes long in the browser. Use an excerpt.');
    expect(reads).toEqual([]);
    // A byte over reads as over, not as the limit itself ("is 1 MB; … at most 1 MB").
    const justOver = await readTextFile(picked('long.txt', new Uint8Array(1), MAX_TEXT_BYTES + 1)).catch((error: unknown) => error);
    expect((justOver as Error).message).toMatch(/^long\.txt is just over 1 MB; a text may be at most 1 MB /);
    expect(reads).toEqual([]);
    expect(await readTextFile(picked('a.txt', new TextEncoder().encode('\uFEFFпривет')))).toBe('привет');
    expect(reads).toEqual(['a.txt']);
  });

  it('reads a character the model never saw as the unknown symbol, or refuses it without one', () => {
    const withUnknown = symbolLayout(`ab${UNKNOWN_SYMBOL}`);
    expect(Array.from(encodeText('abz', withUnknown))).toEqual([0, 1, 2]);
    expect(() => encodeText('abz', symbolLayout('ab'))).toThrow(/never saw "z"/);
  });

  it('holds out the last 10%: validation then test', () => {
    expect(textSplitBounds(1000)).toEqual({ val: 900, test: 950 });
  });
});

describe('streams and windows', () => {
  const ids = Int32Array.from({ length: 23 }, (_, i) => i);
  const segment = { ids, before: 99 };

  it('cuts B contiguous streams and reads them K steps at a time, time-major', () => {
    const cut = streamLayout(23, 3, 3);
    expect(cut).toEqual({ streams: 3, streamLength: 7, windowLength: 3, windows: 3, dropped: 2 });
    const first = textWindow(segment, cut, 0);
    // Row t·B + b: stream b starts at b·7.
    expect(Array.from(first.targets)).toEqual([0, 7, 14, 1, 8, 15, 2, 9, 16]);
    expect(Array.from(first.previous)).toEqual([99, 6, 13, 0, 7, 14, 1, 8, 15]);
    const last = textWindow(segment, cut, 2);
    expect(last.steps).toBe(1);
    expect(Array.from(last.targets)).toEqual([6, 13, 20]);
  });

  it('covers every kept character exactly once per epoch, each window continuing its stream', () => {
    const cut = streamLayout(23, 4, 2);
    const seen: number[] = [];
    let lastOfStream = new Int32Array(cut.streams).fill(-1);
    for (let w = 0; w < cut.windows; w++) {
      const window = textWindow(segment, cut, w);
      for (let b = 0; b < window.batchSize; b++) {
        // The first input of stream b in this window is the target it ended the last window with.
        if (lastOfStream[b] >= 0) expect(window.previous[b]).toBe(lastOfStream[b]);
        for (let t = 0; t < window.steps; t++) seen.push(window.targets[t * window.batchSize + b]);
      }
      lastOfStream = Int32Array.from({ length: window.batchSize }, (_, b) => window.targets[(window.steps - 1) * window.batchSize + b]);
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('uses fewer streams than asked when the text is shorter', () => {
    expect(streamLayout(5, 8, 4).streams).toBe(5);
    expect(() => streamLayout(5, 0, 4)).toThrow(/streams/);
  });
});
