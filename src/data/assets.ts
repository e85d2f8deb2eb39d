/**
 * The compact files `npm run data` writes into `public/data/` and the browser fetches. They hold the raw
 * texts, not splits: the browser runs the same prepare functions as the CLI, so both get identical splits
 * from the same seed (and there is one place where cleaning happens).
 */
import type { BuiltinTaskId, Dataset } from './types';
import { DataFileError } from './errors';
import type { NamesFile } from './names';
import { prepareNamesDataset } from './names';
import type { Sst2Texts } from './sst2';
import { prepareSst2Dataset } from './sst2';

export const ASSET_VERSION = 1;

/** `public/data/names.json`: one entry per language file, its text as published. */
export interface NamesAsset {
  version: typeof ASSET_VERSION;
  languages: NamesFile[];
}

/** `public/data/sst2.json`: the three `stsa.binary.*` files as published. */
export interface Sst2Asset extends Sst2Texts {
  version: typeof ASSET_VERSION;
}

/** Path of a built-in asset relative to the site's base URL. */
export function assetPath(id: BuiltinTaskId): string {
  return `data/${id}.json`;
}

export function makeNamesAsset(languages: readonly NamesFile[]): NamesAsset {
  return { version: ASSET_VERSION, languages: languages.map(({ language, text }) => ({ language, text })) };
}

export function makeSst2Asset(texts: Sst2Texts): Sst2Asset {
  return { version: ASSET_VERSION, train: texts.train, dev: texts.dev, test: texts.test };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badAsset(id: BuiltinTaskId, detail: string): DataFileError {
  return new DataFileError('bad-asset', `${assetPath(id)} is not a valid ${id} data file (${detail}). Rebuild it with \`npm run data\`.`);
}

/** Check the shape of parsed JSON and build the Dataset, exactly as the CLI does from the files. */
export function datasetFromAsset(id: BuiltinTaskId, json: unknown, seed = 1): Dataset {
  if (!isRecord(json)) throw badAsset(id, 'not a JSON object');
  if (json.version !== ASSET_VERSION) throw badAsset(id, `version ${String(json.version)}, expected ${ASSET_VERSION}`);
  if (id === 'names') {
    const languages = json.languages;
    if (!Array.isArray(languages) || languages.length === 0) throw badAsset(id, '"languages" is missing or empty');
    for (const entry of languages) {
      if (!isRecord(entry) || typeof entry.language !== 'string' || typeof entry.text !== 'string') {
        throw badAsset(id, 'every entry of "languages" needs "language" and "text" strings');
      }
    }
    return prepareNamesDataset(languages as NamesFile[], seed);
  }
  for (const key of ['train', 'dev', 'test'] as const) {
    if (typeof json[key] !== 'string') throw badAsset(id, `"${key}" is missing`);
  }
  return prepareSst2Dataset(json as unknown as Sst2Texts);
}

export type FetchLike = (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'json'>>;

/**
 * Fetch `${baseUrl}data/<id>.json` (baseUrl = import.meta.env.BASE_URL, ending in '/') and prepare it.
 * Seed 1 is the split every screen, the CLI and the tests agree on.
 */
export async function loadBuiltinDataset(
  id: BuiltinTaskId,
  baseUrl: string,
  fetchFn: FetchLike = (url) => fetch(url),
  seed = 1,
): Promise<Dataset> {
  const url = `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${assetPath(id)}`;
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchFn(url);
  } catch (error) {
    throw new DataFileError('missing-asset', `Could not load ${url} (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!response.ok) {
    throw new DataFileError(
      'missing-asset',
      `Could not load ${url} (HTTP ${response.status}). The data files are made by \`npm run data\` (run by \`npm start\` and \`npm run build\`).`,
    );
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw badAsset(id, 'not valid JSON');
  }
  return datasetFromAsset(id, json, seed);
}
