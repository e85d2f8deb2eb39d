/**
 * Node-only access to the data directory (default `../shared/data` beside the repository root). The
 * files are turned into Datasets by the same pure functions the browser uses (src/data), so the CLI
 * and the browser train and test on identical splits.
 */
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuiltinTaskId, Dataset } from '../data/types';
import type { NamesFile } from '../data/names';
import { prepareNamesDataset } from '../data/names';
import type { Sst2Texts } from '../data/sst2';
import { prepareSst2Dataset } from '../data/sst2';
import { GloveReader } from '../data/glove';
import type { GloveResult } from '../data/glove';
import type { Vocabulary } from '../data/vocabulary';

/** The repository root, from this file's location (src/cli/ → ../..), never from the working directory. */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DEFAULT_DATA_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data');
export const DATA_DIR_ENV = 'RNN_DATA_DIR';

const HOW_TO_SET = `Set it with --data-dir <path> or the ${DATA_DIR_ENV} environment variable (default ${DEFAULT_DATA_DIR}).`;

export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/** `--data-dir <path>` or `--data-dir=<path>` first, then $RNN_DATA_DIR, then the default. Relative paths are from the cwd. */
export function resolveDataDir(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): string {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data-dir') {
      const value = argv[i + 1];
      if (!value || value.startsWith('--')) throw new DataDirError(`--data-dir needs a path. ${HOW_TO_SET}`);
      return path.resolve(value);
    }
    if (argv[i].startsWith('--data-dir=')) return path.resolve(argv[i].slice('--data-dir='.length));
  }
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  return DEFAULT_DATA_DIR;
}

function requireDirectory(directory: string, what: string): void {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new DataDirError(`The ${what} directory ${directory} does not exist. ${HOW_TO_SET}`);
  }
}

/** names/<Language>.txt, sorted by language. */
export function readNamesFiles(dataDir: string): NamesFile[] {
  const directory = path.join(dataDir, 'names');
  requireDirectory(directory, 'names data');
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.txt'))
    .sort();
  if (files.length === 0) throw new DataDirError(`${directory} holds no <Language>.txt files. ${HOW_TO_SET}`);
  return files.map((name) => ({ language: name.slice(0, -'.txt'.length), text: readFileSync(path.join(directory, name), 'utf8') }));
}

/** sst2/stsa.binary.{train,dev,test}. */
export function readSst2Files(dataDir: string): Sst2Texts {
  const directory = path.join(dataDir, 'sst2');
  requireDirectory(directory, 'SST-2 data');
  const read = (split: 'train' | 'dev' | 'test') => {
    const file = path.join(directory, `stsa.binary.${split}`);
    if (!existsSync(file)) throw new DataDirError(`${file} is missing. ${HOW_TO_SET}`);
    return readFileSync(file, 'utf8');
  };
  return { train: read('train'), dev: read('dev'), test: read('test') };
}

/** A built-in task from the data directory, through the same prepare functions as the browser. */
export function loadDatasetFromDir(id: BuiltinTaskId, dataDir: string = resolveDataDir(), seed = 1): Dataset {
  requireDirectory(dataDir, 'data');
  return id === 'names' ? prepareNamesDataset(readNamesFiles(dataDir), seed) : prepareSst2Dataset(readSst2Files(dataDir));
}

/** Stream a GloVe text file from disk (hundreds of MB) keeping only the vocabulary's vectors. */
export async function loadGloveFile(
  file: string,
  vocabulary: readonly string[] | Pick<Vocabulary, 'words' | 'pad' | 'unk'>,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): Promise<GloveResult> {
  if (!existsSync(file)) throw new DataDirError(`The GloVe file ${file} does not exist.`);
  const totalBytes = statSync(file).size;
  const reader = new GloveReader(vocabulary, path.basename(file));
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    reader.push(chunk as Buffer);
    onProgress?.(reader.bytesRead, totalBytes);
  }
  return reader.finish();
}
