import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, DataDirError, REPO_ROOT, loadDatasetFromDir, loadGloveFile, readNamesFiles, resolveDataDir } from './dataDir';

const scratch = mkdtempSync(path.join(tmpdir(), 'rnn-data-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('resolveDataDir', () => {
  it('defaults to ../shared/data beside the repository root, whatever the cwd', () => {
    expect(DEFAULT_DATA_DIR).toBe(path.resolve(REPO_ROOT, '../shared/data'));
    expect(resolveDataDir([], {})).toBe(DEFAULT_DATA_DIR);
  });

  it('reads the names from the configured directory (RNN_DATA_DIR where ../shared is absent, as on Pages)', () => {
    expect(readNamesFiles(resolveDataDir([], process.env)).length).toBeGreaterThan(0);
  });

  it('takes --data-dir over RNN_DATA_DIR over the default', () => {
    expect(resolveDataDir([], { RNN_DATA_DIR: '/env/data' })).toBe('/env/data');
    expect(resolveDataDir(['--data-dir', '/flag/data'], { RNN_DATA_DIR: '/env/data' })).toBe('/flag/data');
    expect(resolveDataDir(['--task', 'names', '--data-dir=/eq/data'], {})).toBe('/eq/data');
    expect(() => resolveDataDir(['--data-dir'], {})).toThrow(/--data-dir needs a path/);
  });
});

describe('reading the data directory', () => {
  it('names the missing directory and says how to set it', () => {
    const missing = path.join(scratch, 'nowhere');
    expect(() => loadDatasetFromDir('names', missing)).toThrow(DataDirError);
    expect(() => loadDatasetFromDir('names', missing)).toThrow(new RegExp(`${missing}.*--data-dir.*RNN_DATA_DIR`));
  });

  it('names a missing SST-2 file', () => {
    mkdirSync(path.join(scratch, 'partial', 'sst2'), { recursive: true });
    writeFileSync(path.join(scratch, 'partial', 'sst2', 'stsa.binary.train'), '1 good\n');
    expect(() => loadDatasetFromDir('sst2', path.join(scratch, 'partial'))).toThrow(/stsa\.binary\.dev is missing/);
  });

  it('streams a GloVe file from disk', async () => {
    const file = path.join(scratch, 'glove.txt');
    writeFileSync(file, 'good 1 2\nbad 3 4\nother 5 6\n');
    const progress: number[] = [];
    const result = await loadGloveFile(file, ['<pad>', '<unk>', 'good', 'bad', 'meh'], (read) => progress.push(read));
    expect(result.found).toBe(2);
    expect(result.vocabSize).toBe(3);
    expect(progress[progress.length - 1]).toBe(27);
  });
});
