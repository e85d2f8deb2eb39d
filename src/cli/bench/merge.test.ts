import { describe, expect, it } from 'vitest';
import { type BenchRun, emptyRun } from '../../bench/types';
import { fastestBackends, mergeRaces } from './merge';

function timed(backend: BenchRun['backend'], config: BenchRun['config'], ms: number | null, error?: string): BenchRun {
  return { ...emptyRun(backend, config, 'browser'), msPerStepMedian: ms, ...(error ? { error } : {}) };
}

describe('fastestBackends', () => {
  it('picks the lowest median per configuration and ignores failed rows', () => {
    const rows = [
      timed('webgpu', 'names-lstm', 10, 'device lost'),
      timed('webgl', 'names-lstm', 450),
      timed('wasm', 'names-lstm', 120),
      timed('wasm', 'sst2-lstm', 300),
      timed('cpu', 'sst2-lstm', 250),
    ];
    const fastest = fastestBackends(rows);
    expect(fastest.get('names-lstm')).toBe('wasm');
    expect(fastest.get('sst2-lstm')).toBe('cpu');
    expect(fastest.has('names-gru')).toBe(false);
  });
});

describe('mergeRaces', () => {
  it('copies race results into the matching ms/step row and notes a failed race', () => {
    const rows = [timed('wasm', 'names-lstm', 120), timed('cpu', 'names-lstm', 700)];
    const raceRow: BenchRun = { ...emptyRun('wasm', 'names-lstm', 'browser'), secondsTo078: 95, secondsToMacro045: null };
    const failed: BenchRun = { ...emptyRun('cpu', 'names-lstm', 'browser'), error: 'out of memory' };
    mergeRaces(rows, [raceRow, failed]);
    expect(rows[0].secondsTo078).toBe(95);
    expect(rows[0].msPerStepMedian).toBe(120);
    expect(rows[1].notes).toEqual(['races failed: out of memory']);
  });
});
