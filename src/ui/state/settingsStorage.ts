/**
 * Where small settings are kept between visits (each task's configuration, the memory lab's levers): the page's
 * localStorage, or nothing where the browser refuses it. One place, so every setting kept behaves alike.
 */

/** The part of the Web Storage API used for settings (tests pass a Map-backed fake: testing/memoryStorage.ts). */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The page's localStorage, or null where storage is refused (sandboxed frame, some private modes): settings then last this visit only. */
export function browserSettingsStorage(): SettingsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The setting kept under `key`, made safe by `parse` (what is read back is untrusted: other versions of the app share
 * the origin); `parse(undefined)` when nothing is kept, storage is refused or the text is not JSON.
 */
export function readSetting<T>(key: string, parse: (stored: unknown) => T, storage: SettingsStorage | null = browserSettingsStorage()): T {
  let stored: unknown;
  try {
    const text = storage?.getItem(key);
    stored = text ? JSON.parse(text) : undefined;
  } catch {
    stored = undefined;
  }
  return parse(stored);
}

/** Keep `value` under `key` for the next visit; a refused write (quota, private mode) only loses that convenience. */
export function writeSetting(key: string, value: unknown, storage: SettingsStorage | null = browserSettingsStorage()): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Nothing to tell the user: the settings in use are unaffected.
  }
}
