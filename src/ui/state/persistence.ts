/**
 * What survives a reload: the configuration, the last checkpoint (model file) and an uploaded data
 * set, in IndexedDB via idb-keyval. Failures (private mode, quota) are reported, never thrown at the user.
 */
import { del, get, set } from 'idb-keyval';
import type { Dataset } from '../../data/types';
import type { SerializedModelFile } from '../../worker/protocol';
import type { AppConfig } from './appConfig';

const CONFIG_KEY = 'rnn-playground/config';
const MODEL_KEY = 'rnn-playground/model';
const UPLOAD_KEY = 'rnn-playground/upload';
const WALKTHROUGH_KEY = 'rnn-playground/walkthrough-seen';

/** A checkpoint with the data set it was trained on, so a reload restores it only onto that data. */
export interface SavedModel {
  dataId: string;
  savedAt: number;
  /** The model file as text, with the header needed to decide whether it fits the current data and model. */
  file: SerializedModelFile;
}

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

export async function loadSavedModel(): Promise<SavedModel | undefined> {
  try {
    const saved = (await get(MODEL_KEY)) as SavedModel | undefined;
    return saved && typeof saved.dataId === 'string' && typeof saved.file?.text === 'string' ? saved : undefined;
  } catch {
    return undefined;
  }
}

export async function saveModel(saved: SavedModel): Promise<void> {
  await set(MODEL_KEY, saved);
}

export async function forgetModel(): Promise<void> {
  await del(MODEL_KEY);
}

export async function loadSavedUpload(): Promise<Dataset | undefined> {
  try {
    return (await get(UPLOAD_KEY)) as Dataset | undefined;
  } catch {
    return undefined;
  }
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
