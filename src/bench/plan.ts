/** Default knobs of a benchmark run, shared by the CLI (which overrides them from flags) and bench.html. */
import type { BenchPlan } from './types';

export const DEFAULT_PLAN: BenchPlan = {
  mode: 'speed',
  steps: 30,
  warmupSteps: 3,
  // SwiftShader WebGPU takes ~2 s a step: 30 steps of every configuration would take 10 minutes.
  stepPhaseCapSeconds: 40,
  races: true,
  // Issue 5's target is 0.78 within 3 minutes: not reached in 180 s = target missed.
  raceCapSeconds: 180,
  // Issue 5's target is 0.45 macro within 30 s; twice that shows how far off a miss is.
  macroRaceCapSeconds: 60,
  // Names at batch 64: every 20 steps (≈ 1/13 of an epoch), fine enough for a 30 s target.
  evalEveryExamples: 1280,
  soakMinutes: 30,
  rebuilds: 100,
};
