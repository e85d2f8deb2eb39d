/**
 * What survives a reload: the configuration, the last checkpoint (model file), the names generator, the
 * "Your text" lab's text, settings and model, and an uploaded data set, in IndexedDB via idb-keyval. Everything read back is checked before use (storage is shared with
 * other versions of the app and anything else on this origin); a record that fails comes back as a
 * `problem` the caller shows, never as a crash. Failures to write (private mode, quota) reject, and the
 * caller tells the user.
 */
import { del, get, set } from 'idb-keyval';
import { checkStoredDataset } from '../../data/storedDataset';
import type { Dataset } from '../../data/types';
import { errorText } from '../lib/format';
import type { AppConfig } from './appConfig';
import { ownsSaveSlot, SaveSlotTakenError } from './saveSlot';
import { checkSavedModel, type SavedModel } from './storedModel';
import { checkSavedGenerator, type SavedGenerator } from '../generate/storedGenerator';
import { checkSavedTextModel, checkSavedTextSource, type SavedTextModel, type SavedTextSource } from '../text/storedTextLab';

export type { SavedModel } from './storedModel';

const CONFIG_KEY = 'rnn-playground/config';
/** Earlier versions kept one checkpoint for all tasks here; it is still read for the task it was trained on. */
const LEGACY_MODEL_KEY = 'rnn-playground/model';
/** Each task (data set) keeps its own checkpoint and story, so switching task and back finds its model. */
const modelKey = (dataId: string) => `rnn-playground/model/${dataId}`;
/** The names generator's checkpoint and story, beside the classifier's of the same data (a separate kind of model). */
const generatorKey = (dataId: string) => `rnn-playground/generator/${dataId}`;
/** "Your text": the text in use and the lab's settings, and apart from them the model with its run (written more often). */
const TEXT_SOURCE_KEY = 'rnn-playground/text/source';
const TEXT_MODEL_KEY = 'rnn-playground/text/model';
const UPLOAD_KEY = 'rnn-playground/upload';
const WALKTHROUGH_KEY = 'rnn-playground/walkthrough-seen';

/** A stored record: its checked value, or nothing; `problem` says why a record that exists was not used. */
export interface Loaded<T> {
  value: T | undefined;
  problem: string | null;
}

/** The sentence telling the user that `subject` ("Your trained model") was not kept, why, and what to do instead. */
export function saveFailureMessage(subject: string, error: unknown, remedy = 'Use Save model to download it.'): string {
  const isQuota = error instanceof DOMException && error.name === 'QuotaExceededError';
  const reason = isQuota ? "the browser's storage for this site is full" : errorText(error);
  return `${subject} could not be kept for your next visit: ${reason}. ${remedy}`;
}

/** A checker that throws the reason a value is not a T (readChecked turns it into the record's `problem`). */
const throwing =
  <T>(check: (value: unknown) => T | string) =>
  (value: unknown): T => {
    const checked = check(value);
    if (typeof checked === 'string') throw new Error(checked);
    return checked;
  };

async function readChecked<T>(key: string, check: (value: unknown) => T): Promise<Loaded<T>> {
  let stored: unknown;
  try {
    stored = await get(key);
  } catch (error) {
    return { value: undefined, problem: `the browser's storage could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
  if (stored === undefined) return { value: undefined, problem: null };
  try {
    return { value: check(stored), problem: null };
  } catch (error) {
    return { value: undefined, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** The configuration is sanitised field by field by its caller (sanitizeConfig), so any value is returned. */
export async function loadSavedConfig(): Promise<unknown> {
  try {
    return await get(CONFIG_KEY);
  } catch {
    return undefined;
  }
}

export async function saveConfig(config: AppConfig): Promise<void> {
  await set(CONFIG_KEY, config);
}

const checkModel = throwing(checkSavedModel);

/** The checkpoint (and its story) kept for the data set `dataId`. */
export async function loadSavedModel(dataId: string): Promise<Loaded<SavedModel>> {
  const own = await readChecked(modelKey(dataId), checkModel);
  if (own.value || own.problem) return own;
  const legacy = await readChecked(LEGACY_MODEL_KEY, checkModel);
  return legacy.value && legacy.value.dataId !== dataId ? { value: undefined, problem: null } : legacy;
}

/** Only the tab that owns the save slot writes it (see saveSlot.ts). */
export async function saveModel(saved: SavedModel): Promise<void> {
  if (!ownsSaveSlot()) throw new SaveSlotTakenError('another tab keeps its model in this browser');
  await set(modelKey(saved.dataId), saved);
  await del(LEGACY_MODEL_KEY);
}

/** Drop the task's saved checkpoint (new weights were built); a second tab leaves the first tab's alone. */
export async function forgetModel(dataId: string): Promise<void> {
  if (!ownsSaveSlot()) return;
  await del(modelKey(dataId));
  await del(LEGACY_MODEL_KEY);
}

/** The names generator kept for the data set `dataId`. */
export async function loadSavedGenerator(dataId: string): Promise<Loaded<SavedGenerator>> {
  return readChecked(generatorKey(dataId), throwing(checkSavedGenerator));
}

/** Only the tab that owns the save slot writes it (see saveSlot.ts). */
export async function saveGenerator(saved: SavedGenerator): Promise<void> {
  if (!ownsSaveSlot()) throw new SaveSlotTakenError('another tab keeps its model in this browser');
  await set(generatorKey(saved.dataId), saved);
}

/** Drop the kept generator (new weights were built); a second tab leaves the first tab's alone. */
export async function forgetGenerator(dataId: string): Promise<void> {
  if (!ownsSaveSlot()) return;
  await del(generatorKey(dataId));
}

/** The text the lab used last and its settings. */
export async function loadTextSource(): Promise<Loaded<SavedTextSource>> {
  return readChecked(TEXT_SOURCE_KEY, throwing(checkSavedTextSource));
}

/** Only the tab that owns the save slot writes it (see saveSlot.ts). */
export async function saveTextSource(saved: SavedTextSource): Promise<void> {
  if (!ownsSaveSlot()) throw new SaveSlotTakenError('another tab keeps its text in this browser');
  await set(TEXT_SOURCE_KEY, saved);
}

/** The own-text model kept last, with its run and the text it trains on. */
export async function loadTextModel(): Promise<Loaded<SavedTextModel>> {
  return readChecked(TEXT_MODEL_KEY, throwing(checkSavedTextModel));
}

export async function saveTextModel(saved: SavedTextModel): Promise<void> {
  if (!ownsSaveSlot()) throw new SaveSlotTakenError('another tab keeps its model in this browser');
  await set(TEXT_MODEL_KEY, saved);
}

/** Drop the kept own-text model (new weights were built); a second tab leaves the first tab's alone. */
export async function forgetTextModel(): Promise<void> {
  if (!ownsSaveSlot()) return;
  await del(TEXT_MODEL_KEY);
}

export async function loadSavedUpload(): Promise<Loaded<Dataset>> {
  return readChecked(UPLOAD_KEY, checkStoredDataset);
}

export async function saveUpload(dataset: Dataset): Promise<void> {
  await set(UPLOAD_KEY, dataset);
}

export function hasSeenWalkthrough(): boolean {
  try {
    return localStorage.getItem(WALKTHROUGH_KEY) === '1';
  } catch {
    return true;
  }
}

export function markWalkthroughSeen(): void {
  try {
    localStorage.setItem(WALKTHROUGH_KEY, '1');
  } catch {
    // Storage refused (private mode): the tour will show again next time, which is harmless.
  }
}
