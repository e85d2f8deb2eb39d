/** Default knobs of a benchmark run, shared by the CLI (which overrides them from flags) and bench.html. */
import type { BenchPlan } from './types';

export const DEFAULT_PLAN: BenchPlan = {
  mode: 'speed',
  steps: 30,
  minSteps: 5,
  warmupSteps: 3,
  // SwiftShader WebGPU takes ~2 s a step (SST-2 and batch 256 far more): 30 steps of every
  // configuration would take over 10 minutes.
  stepPhaseCapSeconds: 30,
  races: true,
  // The target is 0.78 test accuracy within 3 minutes: not reached in 180 s = target missed.
  raceCapSeconds: 180,
  // The target is 0.45 macro accuracy within 30 s; twice that shows how far off a miss is.
  macroRaceCapSeconds: 60,
  // 180 s cap → an evaluation every 6 s of training; 60 s cap → every 2 s (the macro target is 30 s).
  evaluationsPerCap: 30,
  soakMinutes: 30,
  rebuilds: 100,
};

/** --quick: ms/step only, fewer and capped steps, so all four backends take a few minutes. */
export const QUICK_PLAN: Pick<BenchPlan, 'steps' | 'minSteps' | 'warmupSteps' | 'stepPhaseCapSeconds' | 'races'> = {
  steps: 20,
  minSteps: 3,
  warmupSteps: 2,
  stepPhaseCapSeconds: 15,
  races: false,
};
