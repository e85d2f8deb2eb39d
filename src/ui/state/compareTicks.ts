/**
 * Compare's ticks, kept across reloads in localStorage: per list of kept runs (a task's, the memory lab's), the ids
 * of the ticked runs, newest last. What is read back is untrusted: a list that is not one of texts is dropped, and
 * at most MAX_COMPARED ids are kept. Whether those runs still exist is the list's to say (keptSelection).
 */
import { MAX_COMPARED } from '../lib/compareSelection';
import { browserSettingsStorage, readSetting, writeSetting, type SettingsStorage } from './settingsStorage';

const COMPARE_TICKS_KEY = 'rnn-playground/compare-ticks';

/** The stored record made safe: data id → ticked run ids (each once, the newest MAX_COMPARED). */
export function parseCompareTicks(value: unknown): Map<string, string[]> {
  const ticks = new Map<string, string[]>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ticks;
  for (const [dataId, ids] of Object.entries(value)) {
    if (Array.isArray(ids) && ids.every((id) => typeof id === 'string')) ticks.set(dataId, [...new Set(ids as string[])].slice(-MAX_COMPARED));
  }
  return ticks;
}

/** The runs of `dataId` ticked on the last visit (none for no data id). */
export function loadCompareTicks(dataId: string | null, storage: SettingsStorage | null = browserSettingsStorage()): string[] {
  if (dataId === null) return [];
  return readSetting(COMPARE_TICKS_KEY, parseCompareTicks, storage).get(dataId) ?? [];
}

/** Keep the ticks of `dataId` (the other lists' ticks as they were). */
export function saveCompareTicks(dataId: string, ids: readonly string[], storage: SettingsStorage | null = browserSettingsStorage()): void {
  const ticks = readSetting(COMPARE_TICKS_KEY, parseCompareTicks, storage);
  if (ids.length > 0) ticks.set(dataId, [...ids]);
  else ticks.delete(dataId);
  writeSetting(COMPARE_TICKS_KEY, Object.fromEntries(ticks), storage);
}
