/**
 * The name typed for teacher forcing (Generate names), kept in localStorage like the app's other small settings, so
 * it survives a switch to another screen (the view is unmounted) and a reload, as the example text of the other
 * screens does. What is read back is untrusted: anything but a text gives the default, a long text is cut.
 */
import { browserSettingsStorage, readSetting, writeSetting, type SettingsStorage } from '../state/settingsStorage';

const FORCING_NAME_KEY = 'rnn-playground/forcing-name';

/** The name shown before the student types one: a Russian surname, the data's largest language. */
export const DEFAULT_FORCING_NAME = 'Ivanov';

/** The Name field's maxLength (in UTF-16 units, as the field counts): as long as a drawn name may be. */
export const FORCING_NAME_MAX_LENGTH = 20;

/** A stored name made safe: a text as typed (blank too: the student cleared it), cut to the field's length. */
export function parseForcingName(stored: unknown): string {
  return typeof stored === 'string' ? stored.slice(0, FORCING_NAME_MAX_LENGTH) : DEFAULT_FORCING_NAME;
}

/** The name typed last (this visit or an earlier one), or the default. */
export function loadForcingName(storage: SettingsStorage | null = browserSettingsStorage()): string {
  return readSetting(FORCING_NAME_KEY, parseForcingName, storage);
}

/** Keep `name` for the next time the view opens. */
export function saveForcingName(name: string, storage: SettingsStorage | null = browserSettingsStorage()): void {
  writeSetting(FORCING_NAME_KEY, name, storage);
}
