import { describe, expect, it } from 'vitest';
import { loadCompareTicks, parseCompareTicks, saveCompareTicks } from './compareTicks';
import type { SettingsStorage } from './settingsStorage';
import { memoryStorage } from './testing/memoryStorage';

const KEY = 'rnn-playground/compare-ticks';

describe('compare ticks', () => {
  it('come back as saved, per list of runs (a reload)', () => {
    const storage = memoryStorage();
    saveCompareTicks('names', ['a', 'b'], storage);
    saveCompareTicks('memory', ['m'], storage);
    expect(loadCompareTicks('names', storage)).toEqual(['a', 'b']);
    expect(loadCompareTicks('memory', storage)).toEqual(['m']);
    expect(loadCompareTicks('sst2', storage)).toEqual([]);
    saveCompareTicks('names', [], storage);
    expect(JSON.parse(storage.items.get(KEY) ?? '')).toEqual({ memory: ['m'] });
  });

  it('are none when nothing was kept, the record is not JSON, storage is refused or there is no list', () => {
    expect(loadCompareTicks('names', memoryStorage())).toEqual([]);
    expect(loadCompareTicks('names', memoryStorage({ [KEY]: '{not json' }))).toEqual([]);
    expect(loadCompareTicks('names', null)).toEqual([]);
    expect(loadCompareTicks(null, memoryStorage({ [KEY]: '{"names":["a"]}' }))).toEqual([]);
  });

  it('drop a list that is not one of texts, and keep at most four ticks, the newest, each once', () => {
    for (const garbage of [null, 7, 'a', ['a']]) expect(parseCompareTicks(garbage)).toEqual(new Map());
    const parsed = parseCompareTicks({ names: ['a', 'b', 'a', 'c', 'd', 'e'], sst2: 'a', memory: ['m', 3], upload: [] });
    expect(parsed).toEqual(
      new Map([
        ['names', ['b', 'c', 'd', 'e']],
        ['upload', []],
      ]),
    );
  });

  it('survive a storage that refuses writes', () => {
    const refusing: SettingsStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => saveCompareTicks('names', ['a'], refusing)).not.toThrow();
  });
});
