/**
 * Each task's configuration (cell, sizes, optimiser, …), kept across reloads in localStorage, so that after a
 * reload switching task still finds the settings chosen for it (only the current task's configuration was
 * stored before; the others lived in memory and a reload reset them to the defaults). What is read back
 * is untrusted: every entry goes through `sanitizeConfig`, and one that names another task is dropped.
 */
import { TASK_IDS, type TaskId } from '../../data/types';
import { sanitizeConfig, type AppConfig } from './appConfig';
import { browserSettingsStorage, type SettingsStorage } from './settingsStorage';

const TASK_CONFIGS_KEY = 'rnn-playground/task-configs';


const isTaskId = (value: string): value is TaskId => TASK_IDS.some((task) => task === value);

/** The configurations kept for each task; an unreadable record gives an empty map (the defaults then apply). */
export function loadTaskConfigs(storage: SettingsStorage | null = browserSettingsStorage()): Map<TaskId, AppConfig> {
  const configs = new Map<TaskId, AppConfig>();
  let stored: unknown;
  try {
    const text = storage?.getItem(TASK_CONFIGS_KEY);
    if (!text) return configs;
    stored = JSON.parse(text);
  } catch {
    return configs;
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return configs;
  for (const [task, value] of Object.entries(stored)) {
    if (!isTaskId(task)) continue;
    const config = sanitizeConfig(value);
    if (config.task === task) configs.set(task, config);
  }
  return configs;
}

/** Keep `configs` for the next visit; a refused write (quota, private mode) only loses that convenience. */
export function saveTaskConfigs(configs: ReadonlyMap<TaskId, AppConfig>, storage: SettingsStorage | null = browserSettingsStorage()): void {
  try {
    storage?.setItem(TASK_CONFIGS_KEY, JSON.stringify(Object.fromEntries(configs)));
  } catch {
    // Nothing to tell the user: the configuration in use is unaffected.
  }
}
