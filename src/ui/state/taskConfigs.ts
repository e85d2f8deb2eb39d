/**
 * Each task's configuration (cell, sizes, optimiser, …), kept across reloads in localStorage, so that after a
 * reload switching task still finds the settings chosen for it (only the current task's configuration was
 * stored before; the others lived in memory and a reload reset them to the defaults). What is read back
 * is untrusted: every entry goes through `sanitizeConfig`, and one that names another task is dropped.
 */
import { TASK_IDS, type TaskId } from '../../data/types';
import { sanitizeConfig, type AppConfig } from './appConfig';
import { browserSettingsStorage, readSetting, writeSetting, type SettingsStorage } from './settingsStorage';

const TASK_CONFIGS_KEY = 'rnn-playground/task-configs';

const isTaskId = (value: string): value is TaskId => TASK_IDS.some((task) => task === value);

/** A stored record made safe: each entry sanitized, one for an unknown task or naming another task dropped. */
function parseTaskConfigs(stored: unknown): Map<TaskId, AppConfig> {
  const configs = new Map<TaskId, AppConfig>();
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return configs;
  for (const [task, value] of Object.entries(stored)) {
    if (!isTaskId(task)) continue;
    const config = sanitizeConfig(value);
    if (config.task === task) configs.set(task, config);
  }
  return configs;
}

/** The configurations kept for each task; an unreadable record gives an empty map (the defaults then apply). */
export function loadTaskConfigs(storage: SettingsStorage | null = browserSettingsStorage()): Map<TaskId, AppConfig> {
  return readSetting(TASK_CONFIGS_KEY, parseTaskConfigs, storage);
}

/** Keep `configs` for the next visit; a refused write (quota, private mode) only loses that convenience. */
export function saveTaskConfigs(configs: ReadonlyMap<TaskId, AppConfig>, storage: SettingsStorage | null = browserSettingsStorage()): void {
  writeSetting(TASK_CONFIGS_KEY, Object.fromEntries(configs), storage);
}
