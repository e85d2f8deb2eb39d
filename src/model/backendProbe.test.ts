import { describe, expect, it } from 'vitest';
import type { BackendName } from './backendTypes';
import { GIVE_UP_FACTOR, PROBE_STEPS, measureBackends } from './backendProbe';
import type { ProbeResult } from './backendProbe';
import type { TrainingSession } from './session';

/** A session whose steps take the given times on a manual clock, and that records its disposal. */
function timedSession(clock: { now: number }, stepMs: (index: number) => number, log: string[], name: string): TrainingSession {
  let index = 0;
  return {
    trainStep: async () => {
      clock.now += stepMs(index++);
      return { step: index, epoch: 0, loss: 1, gradNorm: 1, epochEnded: false };
    },
    dispose: () => log.push(`disposed ${name} after ${index} steps`),
  } as unknown as TrainingSession;
}

describe('measureBackends (Node: wasm and cpu start, webgl does not)', () => {
  it('reports the median of the timed steps after warm-up, stops a far slower backend after one step, names failures', async () => {
    const clock = { now: 0 };
    const log: string[] = [];
    const results: ProbeResult[] = [];
    // wasm: two slow warm-up steps, then 10, 30, 20, 40, 20 ms → median 20. cpu: a first step far beyond the bar.
    const wasmTimes = [500, 400, 10, 30, 20, 40, 20];
    const times: Record<BackendName, (index: number) => number> = {
      wasm: (index) => wasmTimes[index],
      cpu: () => 20 * GIVE_UP_FACTOR + 1,
      webgl: () => 1,
      webgpu: () => 1,
    };
    let current: BackendName = 'wasm';
    await measureBackends(
      ['wasm', 'webgl', 'cpu'],
      () => timedSession(clock, times[current], log, current),
      (result) => {
        results.push(result);
        current = 'cpu';
      },
      { now: () => clock.now },
    );
    expect(wasmTimes).toHaveLength(PROBE_STEPS.warmUp + PROBE_STEPS.timed);
    expect(results[0]).toMatchObject({ backend: 'wasm', msPerStep: 20, isLowerBound: false });
    expect(results[1]).toMatchObject({ backend: 'webgl' });
    expect('unavailable' in results[1] && results[1].unavailable).toMatch(/WebGL is not available/);
    expect(results[2]).toMatchObject({ backend: 'cpu', msPerStep: 20 * GIVE_UP_FACTOR + 1, isLowerBound: true });
    expect(log).toEqual(['disposed wasm after 7 steps', 'disposed cpu after 1 steps']);
  });
});
