import { describe, expect, it } from 'vitest';
import { loadDatasetFromDir, readNamesFiles, readSst2Files, resolveDataDir } from '../cli/dataDir';
import { datasetFromAsset, loadBuiltinDataset, makeNamesAsset, makeSst2Asset } from './assets';
import type { FetchLike } from './assets';

const dataDir = resolveDataDir([], process.env);

/** A fetch that serves JSON the way the built site would, through a JSON round-trip. */
function servingFetch(files: Record<string, unknown>, requested: string[] = []): FetchLike {
  return async (url) => {
    requested.push(url);
    const body = files[url];
    if (body === undefined) return { ok: false, status: 404, json: async () => ({}) };
    const text = JSON.stringify(body);
    return { ok: true, status: 200, json: async () => JSON.parse(text) as unknown };
  };
}

describe('built-in assets', () => {
  it('give the browser exactly the CLI split (names and SST-2)', async () => {
    const requested: string[] = [];
    const fetchFn = servingFetch(
      {
        '/rnn/data/names.json': makeNamesAsset(readNamesFiles(dataDir)),
        '/rnn/data/sst2.json': makeSst2Asset(readSst2Files(dataDir)),
      },
      requested,
    );
    const names = await loadBuiltinDataset('names', '/rnn/', fetchFn);
    expect(names).toEqual(loadDatasetFromDir('names', dataDir));
    const sst2 = await loadBuiltinDataset('sst2', '/rnn', fetchFn);
    expect(sst2).toEqual(loadDatasetFromDir('sst2', dataDir));
    expect(requested).toEqual(['/rnn/data/names.json', '/rnn/data/sst2.json']);
  });

  it('say how to make the files when they are missing', async () => {
    await expect(loadBuiltinDataset('names', '/', servingFetch({}))).rejects.toThrow(/HTTP 404.*npm run data/);
    const failing: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(loadBuiltinDataset('sst2', '/', failing)).rejects.toThrow(/Could not load \/data\/sst2.json \(Failed to fetch\)/);
  });

  it('refuse a file of the wrong shape', () => {
    expect(() => datasetFromAsset('names', { version: 1, languages: [{ language: 'X' }] })).toThrow(/"language" and "text"/);
    expect(() => datasetFromAsset('sst2', { version: 1, train: '', dev: '' })).toThrow(/"test" is missing/);
    expect(() => datasetFromAsset('sst2', { version: 2 })).toThrow(/version 2/);
    expect(() => datasetFromAsset('names', [])).toThrow(/not a JSON object/);
  });
});
