/**
 * Plain-data shapes of the benchmark (`npm run bench`), shared by the browser bench worker and the Node CLI.
 * No TensorFlow.js here: rows cross the worker boundary and end up in bench-results.json.
 */
import { BACKEND_NAMES } from '../model/backendTypes';
import type { BackendName, BackendReport } from '../model/backendTypes';
import type { TrainConfig } from '../model/types';

/** The five configurations the benchmark measures (bench/configs.ts describes each). */
export const BENCH_CONFIG_NAMES = ['names-lstm', 'names-gru', 'names-rnn', 'sst2-lstm', 'names-lstm-b256'] as const;
export type BenchConfigName = (typeof BENCH_CONFIG_NAMES)[number];

/** Every backend the browser can run; Node runs wasm only (the CLI's backend). */
export const BENCH_BACKENDS = BACKEND_NAMES;

export type BenchWhere = 'browser' | 'node';

/** What a run measures. `speed` is the default benchmark; `soak` and `rebuilds` are the endurance modes. */
export type BenchMode = 'speed' | 'soak' | 'rebuilds';

/** Knobs of one benchmark run, identical for every backend so rows compare. */
export interface BenchPlan {
  mode: BenchMode;
  /** Steps measured for ms/step after warm-up (at least 20 unless the time cap cuts it short). */
  steps: number;
  /** Steps timed even when the time cap has passed, so a very slow backend still gets a median. */
  minSteps: number;
  warmupSteps: number;
  /** Wall-clock cap of the ms/step phase per configuration, so a 2 s/step backend still finishes. */
  stepPhaseCapSeconds: number;
  /** Run the time-to-accuracy races (off with --quick). */
  races: boolean;
  /** Training-time cap of the 0.78-plain (names) and 0.70-dev (SST-2) races. */
  raceCapSeconds: number;
  /** Training-time cap of the 0.45-macro race (its target is 30 s). */
  macroRaceCapSeconds: number;
  /**
   * Evaluate whenever another cap / evaluationsPerCap seconds of training have passed: the time
   * resolution is the same fraction of every cap on every backend, and evaluation (which takes wall
   * time, not race time) happens at most this many times per race.
   */
  evaluationsPerCap: number;
  soakMinutes: number;
  rebuilds: number;
}

/** One time-to-accuracy race: train a fresh model until `metric` on `split` first reaches `target`. */
export interface AccuracyRace {
  name: 'secondsTo078' | 'secondsToMacro045' | 'secondsTo070';
  metric: 'accuracy' | 'macroAccuracy';
  split: 'test' | 'val';
  sampling: TrainConfig['sampling'];
  target: number;
  capSeconds: number;
  /** Training seconds (evaluation excluded) until the target was first seen; null = not within the cap. */
  seconds: number | null;
  /** Steps taken until the target was seen (or until the cap). */
  steps: number;
  /** Best value of the metric seen, and at which training second. */
  best: number;
  bestAtSeconds: number;
  evaluations: number;
  /** Training seconds between evaluations: the resolution of `seconds`. */
  evalEverySeconds: number;
  /** Wall time including evaluations. */
  wallSeconds: number;
  /** Steps whose loss was not finite (the engine rolled back). */
  divergedSteps: number;
}

/** One minute of a soak. */
export interface SoakSample {
  minute: number;
  steps: number;
  msPerStepMedian: number;
  tensors: number;
  heapMB: number | null;
}

export interface SoakReport {
  minutes: number;
  totalSteps: number;
  samples: SoakSample[];
  /** Last sample minus first sample (the first minute includes warm-up, so it is the baseline after it). */
  tensorGrowth: number;
  heapGrowthMB: number | null;
  /**
   * Median ms/step of the last third of the minutes divided by that of the first third (one minute
   * each for short soaks): thirds rather than single minutes, so one busy minute on a shared machine
   * does not read as a slowdown. 1 = no slowdown.
   */
  slowdown: number;
}

export interface RebuildReport {
  count: number;
  tensorsBefore: number;
  tensorsAfter: number;
  heapBeforeMB: number | null;
  /**
   * Heap after half the rebuilds. Caches and compiled code make the first rebuilds grow the heap a
   * little; a leak keeps growing, so the second half (after − mid) is what tells them apart.
   */
  heapMidMB: number | null;
  heapAfterMB: number | null;
  msPerRebuild: number;
}

/** One row of bench-results.json: a backend × configuration, in the browser or in Node. */
export interface BenchRun {
  backend: BackendName;
  config: BenchConfigName;
  where: BenchWhere;
  /** Set when the backend or the configuration failed; the measurement fields are then null. */
  error?: string;
  msPerStepMedian: number | null;
  msPerStepP10: number | null;
  msPerStepP90: number | null;
  stepsMeasured: number;
  warmupSteps: number;
  /** 1000 / median. */
  stepsPerSecond: number | null;
  /**
   * tfjs kernel calls per timed step (median over the timed steps; forward, backward and optimiser): what
   * the engine asks of the backend. Independent of the machine's load.
   */
  kernelsPerStep: number | null;
  /** WebGPU only: GPU compute dispatches per timed step (median); null on other backends. */
  dispatchesPerStep: number | null;
  /** WebGPU only: tensors uploaded from JavaScript (each a new GPU buffer) per timed step (median); null elsewhere. */
  uploadsPerStep: number | null;
  /**
   * Inspect's trace (gates, states, ‖∂L/∂h_t‖, the guess after each prefix) of one text from the trained
   * session, ms (median of a few after one warm-up). Inspect asks for it once a second while training, between steps.
   */
  msPerTrace: number | null;
  /** Names, natural sampling: training seconds until 0.78 plain test accuracy. */
  secondsTo078: number | null;
  /** Names, class-balanced sampling: training seconds until 0.45 macro test accuracy. */
  secondsToMacro045: number | null;
  /** SST-2: training seconds until 0.70 dev accuracy. */
  secondsTo070: number | null;
  races: AccuracyRace[];
  /** Before the session was built and after it was disposed: equal when nothing leaks. */
  tensorsStart: number | null;
  tensorsEnd: number | null;
  /** After warm-up and after the last measured step: equal when a step leaks nothing. */
  tensorsAfterWarmup: number | null;
  tensorsAfterSteps: number | null;
  heapStartMB: number | null;
  heapEndMB: number | null;
  /** BackendReport.adapter: the device as the backend describes it. */
  adapter: string;
  backendReport: BackendReport | null;
  /** The exact training setup, so a row can be reproduced. */
  train: TrainConfig | null;
  hiddenSize: number | null;
  /** Why a row measured less than asked (time caps, skipped races). */
  notes: string[];
  soak?: SoakReport;
  rebuilds?: RebuildReport;
}

/** An empty row to fill in; also the shape of a failed row. */
export function emptyRun(backend: BackendName, config: BenchConfigName, where: BenchWhere): BenchRun {
  return {
    backend,
    config,
    where,
    msPerStepMedian: null,
    msPerStepP10: null,
    msPerStepP90: null,
    stepsMeasured: 0,
    warmupSteps: 0,
    stepsPerSecond: null,
    kernelsPerStep: null,
    dispatchesPerStep: null,
    uploadsPerStep: null,
    msPerTrace: null,
    secondsTo078: null,
    secondsToMacro045: null,
    secondsTo070: null,
    races: [],
    tensorsStart: null,
    tensorsEnd: null,
    tensorsAfterWarmup: null,
    tensorsAfterSteps: null,
    heapStartMB: null,
    heapEndMB: null,
    adapter: '',
    backendReport: null,
    train: null,
    hiddenSize: null,
    notes: [],
  };
}
