import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelFile } from '../model/types';
import { runPredict } from './predict';
import { checkOutputPath, parseTrainArgs, runTraining, UsageError } from './train';

describe('train CLI arguments', () => {
  it('uses the per-task defaults', () => {
    const names = parseTrainArgs([]);
    expect(names.task).toBe('names');
    expect(names.model.cell).toBe('lstm');
    expect(names.model.hiddenSize).toBe(128);
    expect(names.train).toMatchObject({ optimizer: 'adam', batchSize: 32, learningRate: 5e-3, clipNorm: null, epochs: 5, sampling: 'natural', bucketByLength: true });
    const sst2 = parseTrainArgs(['--task', 'sst2']);
    expect(sst2.model.hiddenSize).toBe(100);
    expect(sst2.model.input).toMatchObject({ type: 'words', embeddingDim: 100, trainableEmbedding: true });
    expect(sst2.train).toMatchObject({ optimizer: 'adam-sparse', batchSize: 32, learningRate: 3e-3, clipNorm: null });
  });

  it('reads every flag', () => {
    const options = parseTrainArgs(['--cell', 'gru', '--hidden', '64', '--layers', '2', '--bidirectional', '--dropout', '0.1', '--optimizer', 'rmsprop', '--lr', '0.01', '--batch', '16', '--epochs', '2', '--clip', '0', '--sampling', 'balanced', '--no-bucket', '--seed', '7', '--out', 'm.json', '--json-only']);
    expect(options.model).toMatchObject({ cell: 'gru', hiddenSize: 64, numLayers: 2, bidirectional: true, dropout: 0.1 });
    expect(options.train).toMatchObject({ optimizer: 'rmsprop', learningRate: 0.01, batchSize: 16, epochs: 2, clipNorm: null, sampling: 'balanced', bucketByLength: false, seed: 7 });
    expect(options.out).toBe('m.json');
    expect(options.jsonOnly).toBe(true);
  });

  it('explains a bad value', () => {
    expect(() => parseTrainArgs(['--cell', 'transformer'])).toThrow(UsageError);
    expect(() => parseTrainArgs(['--cell', 'transformer'])).toThrow(/--cell must be one of tutorial, rnn, lstm, gru/);
    expect(() => parseTrainArgs(['--hidden', '1.5'])).toThrow(/--hidden needs a whole number/);
  });

  it('refuses sizes outside the ranges with the range, not a RangeError from deep inside', () => {
    expect(() => parseTrainArgs(['--hidden', '100000'])).toThrow(new UsageError('--hidden must be between 1 and 4096, got 100000.'));
    expect(() => parseTrainArgs(['--layers', '0'])).toThrow(/--layers must be between 1 and 16/);
    expect(() => parseTrainArgs(['--dropout', '1'])).toThrow(/--dropout must be between 0 and 1 \(exclusive\)/);
    expect(() => parseTrainArgs(['--lr', '0'])).toThrow(/--lr must be between 0 \(exclusive\) and 10/);
    expect(parseTrainArgs(['--hidden', '4096']).model.hiddenSize).toBe(4096);
  });
});

describe('train CLI --out', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'rnn-out-'));

  it('accepts a new file in a writable folder and an existing writable file', () => {
    expect(() => checkOutputPath(path.join(folder, 'model.json'))).not.toThrow();
    writeFileSync(path.join(folder, 'old.json'), '{}');
    expect(() => checkOutputPath(path.join(folder, 'old.json'))).not.toThrow();
  });

  it('refuses a missing folder, a folder as the file, and (unless root) a read-only file', () => {
    expect(() => checkOutputPath(path.join(folder, 'missing', 'model.json'))).toThrow(/the folder .*missing does not exist/);
    mkdirSync(path.join(folder, 'sub'));
    expect(() => checkOutputPath(path.join(folder, 'sub'))).toThrow(/is a folder/);
    const locked = path.join(folder, 'locked.json');
    writeFileSync(locked, '{}');
    chmodSync(locked, 0o444);
    if (process.getuid?.() !== 0) expect(() => checkOutputPath(locked)).toThrow(/cannot be written/);
  });

  it('fails before training starts: no data is read for an unwritable --out', async () => {
    const options = { ...parseTrainArgs(['--out', path.join(folder, 'missing', 'm.json')]), dataDir: path.join(folder, 'no-data-here') };
    await expect(runTraining(options)).rejects.toThrow(/does not exist. Create it first/);
  });
});

describe('train CLI tasks', () => {
  it('names-gen: the LM defaults, the tutorial preset\'s dropout 0.1, and no flags that have no meaning for it', () => {
    const lm = parseTrainArgs(['--task', 'names-gen']);
    expect(lm.model).toMatchObject({ cell: 'lstm', hiddenSize: 128, numLayers: 1, dropout: 0 });
    expect(lm.train).toMatchObject({ optimizer: 'adam', learningRate: 3e-3, batchSize: 64, epochs: 10, clipNorm: null });
    expect(parseTrainArgs(['--task', 'names-gen', '--cell', 'tutorial']).model.dropout).toBe(0.1);
    expect(parseTrainArgs(['--task', 'names-gen', '--cell', 'tutorial', '--dropout', '0']).model.dropout).toBe(0);
    expect(() => parseTrainArgs(['--task', 'names-gen', '--bidirectional'])).toThrow(/--bidirectional has no meaning for names-gen/);
  });
});

describe('train CLI --upload', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'rnn-upload-'));
  const csv = path.join(folder, 'surnames.csv');
  const stems = ['Иван', 'Петр', 'Сидор', 'Кузнец', 'Ковал', 'Мельнич', 'Шевч', 'Бондар', 'Ткач', 'Гончар'];
  writeFileSync(csv, ['name,country', ...stems.flatMap((stem) => [`${stem}ов,Russia`, `${stem}енко,Ukraine`])].join('\n'));

  it('reads the flags: --upload implies the upload task, --level picks chars (default) or words', () => {
    const options = parseTrainArgs(['--upload', csv]);
    expect(options.task).toBe('upload');
    expect(options.upload).toEqual({ files: [csv], level: 'chars' });
    expect(options.model.input.type).toBe('chars');
    expect(parseTrainArgs(['--upload', csv, '--level', 'words', '--embedding-dim', '8']).model.input).toMatchObject({ type: 'words', embeddingDim: 8 });
    expect(() => parseTrainArgs(['--task', 'upload'])).toThrow(/--task upload needs --upload FILE/);
    expect(() => parseTrainArgs(['--task', 'sst2', '--upload', csv])).toThrow(/cannot be combined with --task sst2/);
    expect(() => parseTrainArgs(['--level', 'words'])).toThrow(/--level applies to --upload only/);
  });

  it('trains on Cyrillic names with their own alphabet, written to --out, which predict reads with "�" for unseen letters', async () => {
    const out = path.join(folder, 'model.json');
    const options = parseTrainArgs(['--upload', csv, '--hidden', '4', '--epochs', '1', '--batch', '8', '--out', out, '--json-only']);
    const summary = await runTraining(options);
    expect(summary.task).toBe('upload');
    const file = JSON.parse(readFileSync(out, 'utf8')) as ModelFile;
    expect(file.task.input).toMatchObject({ type: 'chars' });
    const alphabet = file.task.input.type === 'chars' ? file.task.input.alphabet : '';
    expect(alphabet.endsWith('\uFFFD')).toBe(true);
    expect([...alphabet]).toEqual(expect.arrayContaining(['И', 'е', 'н', 'к', 'о', 'в']));
    const lines = await runPredict({ model: out, top: 2, json: false, texts: ['Йожков'] });
    expect(lines[0]).toBe('> Йожков');
    expect(lines[1]).toBe('(never seen in training, read as "�": "Й", "ж")');
    expect(lines.slice(2)).toHaveLength(2);
  }, 120_000);
});
