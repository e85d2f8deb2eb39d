/** A Map-backed SettingsStorage for tests, with its items open to inspection. */
import type { SettingsStorage } from '../settingsStorage';

export function memoryStorage(initial: Record<string, string> = {}): SettingsStorage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}
