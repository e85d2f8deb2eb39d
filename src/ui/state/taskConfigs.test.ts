import { describe, expect, it } from 'vitest';
import type { TaskId } from '../../data/types';
import { defaultsFor, type AppConfig } from './appConfig';
import type { SettingsStorage } from './settingsStorage';
import { loadTaskConfigs, saveTaskConfigs } from './taskConfigs';
import { memoryStorage } from './testing/memoryStorage';


describe('task configurations', () => {
  it('come back per task after a save (a reload)', () => {
    const storage = memoryStorage();
    const names = { ...defaultsFor('names'), cell: 'lstm' as const, hiddenSize: 64 };
    const sst2 = { ...defaultsFor('sst2'), cell: 'gru' as const, optimizer: 'rmsprop' as const };
    saveTaskConfigs(new Map<TaskId, AppConfig>([['names', names], ['sst2', sst2]]), storage);
    const loaded = loadTaskConfigs(storage);
    expect(loaded.get('names')).toEqual(names);
    expect(loaded.get('sst2')).toEqual(sst2);
    expect(loaded.has('upload')).toBe(false);
  });

  it('read back untrusted: garbage gives nothing, bad fields fall back, an entry naming another task is dropped', () => {
    expect(loadTaskConfigs(memoryStorage({ 'rnn-playground/task-configs': '{not json' })).size).toBe(0);
    expect(loadTaskConfigs(memoryStorage({ 'rnn-playground/task-configs': '[1,2]' })).size).toBe(0);
    const loaded = loadTaskConfigs(
      memoryStorage({
        'rnn-playground/task-configs': JSON.stringify({
          names: { task: 'names', cell: 'transformer', hiddenSize: 'lots', optimizer: 'sgd' },
          sst2: { task: 'names', cell: 'gru' },
          pixels: { task: 'pixels' },
        }),
      }),
    );
    expect([...loaded.keys()]).toEqual(['names']);
    expect(loaded.get('names')).toEqual({ ...defaultsFor('names'), optimizer: 'sgd' });
  });

  it('work without storage (refused or missing)', () => {
    const throwing: SettingsStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(loadTaskConfigs(throwing).size).toBe(0);
    expect(() => saveTaskConfigs(new Map([['names', defaultsFor('names')]]), throwing)).not.toThrow();
    expect(loadTaskConfigs(null).size).toBe(0);
  });
});
