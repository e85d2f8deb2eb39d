import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../state/testing/memoryStorage';
import { DEFAULT_FORCING_NAME, FORCING_NAME_MAX_LENGTH, loadForcingName, parseForcingName, saveForcingName } from './forcingName';

describe('the teacher-forcing name', () => {
  it('comes back as typed, in any script, blank too', () => {
    const storage = memoryStorage();
    for (const name of ['Иванов', 'Smith', '']) {
      saveForcingName(name, storage);
      expect(loadForcingName(storage)).toBe(name);
    }
  });

  it('is the default when nothing was kept, the record is unreadable or storage is refused', () => {
    expect(loadForcingName(memoryStorage())).toBe(DEFAULT_FORCING_NAME);
    expect(loadForcingName(memoryStorage({ 'rnn-playground/forcing-name': '{not json' }))).toBe(DEFAULT_FORCING_NAME);
    expect(loadForcingName(null)).toBe(DEFAULT_FORCING_NAME);
    for (const garbage of [7, null, ['Ivanov'], { name: 'Ivanov' }]) expect(parseForcingName(garbage)).toBe(DEFAULT_FORCING_NAME);
  });

  it('is cut to the field length when a longer one was stored', () => {
    expect(parseForcingName('x'.repeat(500))).toBe('x'.repeat(FORCING_NAME_MAX_LENGTH));
  });
});
