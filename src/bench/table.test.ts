import { describe, expect, it } from 'vitest';
import { formatTable } from './table';
import { type AccuracyRace, type BenchRun, emptyRun } from './types';

function race(name: AccuracyRace['name'], seconds: number | null, best: number): AccuracyRace {
  return {
    name,
    metric: 'accuracy',
    split: 'test',
    sampling: 'natural',
    target: 0.78,
    capSeconds: 180,
    seconds,
    steps: 100,
    best,
    bestAtSeconds: 10,
    evaluations: 5,
    evalEverySeconds: 6,
    wallSeconds: 12,
    divergedSteps: 0,
  };
}

describe('formatTable', () => {
  it('shows a reached race in seconds and a missed one as over its cap with the best value', () => {
    const row: BenchRun = {
      ...emptyRun('wasm', 'names-lstm', 'browser'),
      msPerStepMedian: 61.2,
      races: [race('secondsTo078', 95.4, 0.79), race('secondsToMacro045', null, 0.412)],
    };
    const table = formatTable([row]);
    expect(table).toContain('61.2');
    expect(table).toContain('95.4');
    expect(table).toContain('>180 (0.412)');
  });

  it('shows kernel calls and GPU dispatches per step, the Inspect trace, and a dash where one is not measured', () => {
    const gpu: BenchRun = { ...emptyRun('webgpu', 'names-lstm', 'browser'), msPerStepMedian: 900, kernelsPerStep: 1234, dispatchesPerStep: 987, msPerTrace: 136.5 };
    const wasm: BenchRun = { ...emptyRun('wasm', 'names-lstm', 'browser'), msPerStepMedian: 30, kernelsPerStep: 1234 };
    const [header, , gpuLine, wasmLine] = formatTable([gpu, wasm]).split('\n');
    expect(header).toMatch(/kernels\s+disp\s+trace/);
    expect(gpuLine).toMatch(/1234\s+987\s+136\.5/);
    expect(wasmLine).toMatch(/1234\s+—\s+—/);
  });

  it('lists a failed row with its error as a numbered footnote', () => {
    const row: BenchRun = { ...emptyRun('webgpu', 'names-gru', 'browser'), error: 'backend webgpu did not start' };
    const table = formatTable([emptyRun('wasm', 'names-gru', 'node'), row]);
    expect(table).toContain('names-gru [2]');
    expect(table).toContain('[2] ERROR backend webgpu did not start');
  });

  it('spells out rebuild growth', () => {
    const row: BenchRun = {
      ...emptyRun('wasm', 'names-lstm', 'node'),
      rebuilds: { count: 100, tensorsBefore: 3, tensorsAfter: 5, heapBeforeMB: 20, heapMidMB: 20.4, heapAfterMB: 20.5, msPerRebuild: 40 },
    };
    expect(formatTable([row])).toContain('tensors 3 → 5 (+2); heap 20.0 → 20.4 → 20.5 MB (+0.5; second half +0.1)');
  });
});
