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
