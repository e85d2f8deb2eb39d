/**
 * The benchmark's measurements, written once against the engine's contract (model/session.ts) and run
 * unchanged in the browser's bench worker and in Node. Everything backend-specific (which backend is
 * active, how to count tensors, how to read the heap) comes in through `BenchEnvironment`.
 *
 * Timing rules: a step is timed around `await session.trainStep()`, which resolves only after the loss
 * has been read back, so the backend has really finished the step. Races count training time only;
 * evaluation runs between timed steps and is reported separately as wall time.
 */
import type { Dataset } from '../data/types';
import type { OpCounter } from '../model/opCounter';
import type { CreateSession, TrainingSession } from '../model/session';
import type { ModelConfig, TrainConfig } from '../model/types';
import type { BackendReport } from '../worker/protocol';
import { type BenchConfigSpec, type RaceSpec, modelConfigFor, trainConfigFor } from './configs';
import { median, quantile, round } from './stats';
import {
  type AccuracyRace,
  type BenchPlan,
  type BenchRun,
  type BenchWhere,
  type RebuildReport,
  type SoakReport,
  type SoakSample,
  emptyRun,
} from './types';

/** What the benchmark needs from the place it runs in. */
export interface BenchEnvironment {
  where: BenchWhere;
  /** The backend already initialised for this run. */
  backend: BackendReport;
  createSession: CreateSession;
  loadDataset(source: BenchConfigSpec['dataset']): Promise<Dataset>;
  /** Start counting kernel calls and GPU dispatches (model/opCounter.ts). */
  startOpCounting(): OpCounter;
  /** tf.memory().numTensors, or null where it cannot be read. */
  tensorCount(): number | null;
  /**
   * JS heap in use after a full garbage collection (so readings compare), in bytes; null where the
   * platform does not say. Asynchronous: in the browser the bench CLI reads the worker's heap over
   * the DevTools protocol.
   */
  measureHeap(): Promise<number | null>;
  log(line: string): void;
}

/** Races and soaks must never stop because the session ran out of epochs. */
const ENDLESS_EPOCHS = 100_000;

async function heapMB(env: BenchEnvironment): Promise<number | null> {
  const bytes = await env.measureHeap();
  return bytes === null ? null : round(bytes / 2 ** 20, 1);
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function withSession<T>(
  env: BenchEnvironment,
  dataset: Dataset,
  model: ModelConfig,
  train: TrainConfig,
  use: (session: TrainingSession) => Promise<T>,
): Promise<T> {
  const session = env.createSession(dataset, model, train);
  try {
    return await use(session);
  } finally {
    session.dispose();
  }
}

/** ms/step of one configuration: warm-up, then `plan.steps` timed steps or until the phase's time cap. */
async function measureSteps(
  env: BenchEnvironment,
  dataset: Dataset,
  spec: BenchConfigSpec,
  plan: BenchPlan,
  row: BenchRun,
): Promise<void> {
  const model = modelConfigFor(spec, dataset);
  const train = trainConfigFor(spec, 'natural', ENDLESS_EPOCHS);
  row.train = train;
  row.hiddenSize = model.hiddenSize;
  row.heapStartMB = await heapMB(env);
  row.tensorsStart = env.tensorCount();
  const times: number[] = [];
  const kernels: number[] = [];
  const dispatches: number[] = [];
  const uploads: number[] = [];
  await withSession(env, dataset, model, train, async (session) => {
    for (let i = 0; i < plan.warmupSteps; i++) await session.trainStep();
    row.warmupSteps = plan.warmupSteps;
    row.tensorsAfterWarmup = env.tensorCount();
    const phaseStart = performance.now();
    const capMs = plan.stepPhaseCapSeconds * 1000;
    // Counting costs one increment per kernel: cheap enough to run inside the timed steps.
    const counter = env.startOpCounting();
    try {
      while (times.length < plan.steps) {
        if (times.length >= plan.minSteps && performance.now() - phaseStart > capMs) break;
        const before = counter.read();
        const start = performance.now();
        await session.trainStep();
        times.push(performance.now() - start);
        const after = counter.read();
        kernels.push(after.kernels - before.kernels);
        if (after.dispatches !== null && before.dispatches !== null) dispatches.push(after.dispatches - before.dispatches);
        if (after.uploads !== null && before.uploads !== null) uploads.push(after.uploads - before.uploads);
      }
    } finally {
      counter.stop();
    }
    row.tensorsAfterSteps = env.tensorCount();
    row.msPerTrace = await measureTrace(session, traceTextFor(dataset));
  });
  row.kernelsPerStep = kernels.length > 0 ? median(kernels) : null;
  row.dispatchesPerStep = dispatches.length > 0 ? median(dispatches) : null;
  row.uploadsPerStep = uploads.length > 0 ? median(uploads) : null;
  row.tensorsEnd = env.tensorCount();
  row.heapEndMB = await heapMB(env);
  row.stepsMeasured = times.length;
  if (times.length < plan.steps) {
    row.notes.push(
      `time cap ${plan.stepPhaseCapSeconds} s on the ms/step phase: ${times.length} of ${plan.steps} steps timed`,
    );
  }
  const middle = median(times);
  row.msPerStepMedian = round(middle, 1);
  row.msPerStepP10 = round(quantile(times, 0.1), 1);
  row.msPerStepP90 = round(quantile(times, 0.9), 1);
  row.stepsPerSecond = round(1000 / middle, 2);
  env.log(
    `${env.where} ${row.backend} ${spec.name}: ${row.msPerStepMedian} ms/step ` +
      `(p10 ${row.msPerStepP10}, p90 ${row.msPerStepP90}, ${times.length} steps; ` +
      `${row.kernelsPerStep ?? '?'} kernels, ${row.dispatchesPerStep ?? '—'} GPU dispatches` +
      `${row.uploadsPerStep !== null ? `, ${row.uploadsPerStep} uploads` : ''} per step)`,
  );
}

/** Traces timed after one untimed (which compiles whatever the trace's shapes need). */
const TIMED_TRACES = 3;

/** The text Inspect traces: the tutorial's example for names, else the first validation text. */
function traceTextFor(dataset: Dataset): string {
  if (dataset.id === 'names') return 'Nienhuis';
  return (dataset.val[0] ?? dataset.train[0]).text;
}

async function measureTrace(session: TrainingSession, text: string): Promise<number> {
  await session.trace(text, null);
  const times: number[] = [];
  for (let i = 0; i < TIMED_TRACES; i++) {
    const start = performance.now();
    await session.trace(text, null);
    times.push(performance.now() - start);
  }
  return round(median(times), 1);
}

/** Train a fresh model until the race's metric first reaches its target, or the training-time cap. */
export async function runRace(
  env: BenchEnvironment,
  dataset: Dataset,
  spec: BenchConfigSpec,
  raceSpec: RaceSpec,
  plan: BenchPlan,
): Promise<AccuracyRace> {
  const capSeconds = raceSpec.name === 'secondsToMacro045' ? plan.macroRaceCapSeconds : plan.raceCapSeconds;
  const model = modelConfigFor(spec, dataset);
  const train = trainConfigFor(spec, raceSpec.sampling, ENDLESS_EPOCHS);
  const evalEverySeconds = capSeconds / plan.evaluationsPerCap;
  const race: AccuracyRace = {
    ...raceSpec,
    capSeconds,
    seconds: null,
    steps: 0,
    best: 0,
    bestAtSeconds: 0,
    evaluations: 0,
    evalEverySeconds: round(evalEverySeconds, 2),
    wallSeconds: 0,
    divergedSteps: 0,
  };
  const wallStart = performance.now();
  let trainingMs = 0;
  let nextEvaluationMs = evalEverySeconds * 1000;
  await withSession(env, dataset, model, train, async (session) => {
    while (trainingMs < capSeconds * 1000) {
      const start = performance.now();
      const outcome = await session.trainStep();
      trainingMs += performance.now() - start;
      race.steps += 1;
      if (outcome.diverged) race.divergedSteps += 1;
      // Also evaluate at the cap, so the last stretch of training is not left unjudged.
      if (trainingMs < nextEvaluationMs && trainingMs < capSeconds * 1000) continue;
      nextEvaluationMs = trainingMs + evalEverySeconds * 1000;
      const { metrics } = await session.evaluate(raceSpec.split);
      race.evaluations += 1;
      const value = metrics[raceSpec.metric];
      if (value > race.best) {
        race.best = round(value, 4);
        race.bestAtSeconds = round(trainingMs / 1000, 1);
      }
      if (value >= raceSpec.target) {
        race.seconds = round(trainingMs / 1000, 1);
        break;
      }
    }
  });
  race.wallSeconds = round((performance.now() - wallStart) / 1000, 1);
  env.log(
    `${env.where} ${env.backend.active} ${spec.name} ${raceSpec.name}: ` +
      (race.seconds === null
        ? `not reached in ${capSeconds} s (best ${raceSpec.metric} ${race.best} at ${race.bestAtSeconds} s)`
        : `${race.seconds} s (${race.steps} steps)`),
  );
  return race;
}

/** What `benchmarkConfig` does: the ms/step phase, the time-to-accuracy races, or both. */
export interface BenchParts {
  steps: boolean;
  races: boolean;
}

/**
 * The default benchmark for one configuration: ms/step, then (unless quick) the time-to-accuracy races.
 * The browser runs the two parts separately: ms/step on every backend, races only on the fastest.
 */
export async function benchmarkConfig(
  env: BenchEnvironment,
  spec: BenchConfigSpec,
  plan: BenchPlan,
  parts: BenchParts,
): Promise<BenchRun> {
  const row = emptyRun(env.backend.active, spec.name, env.where);
  row.adapter = env.backend.adapter;
  row.backendReport = env.backend;
  try {
    const dataset = await env.loadDataset(spec.dataset);
    if (parts.steps) await measureSteps(env, dataset, spec, plan, row);
    if (parts.races) {
      for (const raceSpec of spec.races) {
        const race = await runRace(env, dataset, spec, raceSpec, plan);
        row.races.push(race);
        row[raceSpec.name] = race.seconds;
      }
    }
  } catch (error) {
    row.error = errorText(error);
    env.log(`${env.where} ${row.backend} ${spec.name}: FAILED ${row.error}`);
  }
  return row;
}

/**
 * Soak: train without stopping for `plan.soakMinutes`, evaluating on val at every epoch end as the app
 * does, and sample ms/step, tensors and heap once a minute. Growth is measured from the first sample
 * (after a minute of warm-up) to the last.
 */
export async function soakConfig(env: BenchEnvironment, spec: BenchConfigSpec, plan: BenchPlan): Promise<BenchRun> {
  const row = emptyRun(env.backend.active, spec.name, env.where);
  row.adapter = env.backend.adapter;
  row.backendReport = env.backend;
  try {
    const dataset = await env.loadDataset(spec.dataset);
    const model = modelConfigFor(spec, dataset);
    const train = trainConfigFor(spec, 'natural', ENDLESS_EPOCHS);
    row.train = train;
    row.hiddenSize = model.hiddenSize;
    row.heapStartMB = await heapMB(env);
    row.tensorsStart = env.tensorCount();
    const samples: SoakSample[] = [];
    const allTimes: number[] = [];
    await withSession(env, dataset, model, train, async (session) => {
      const soakStart = performance.now();
      for (let minute = 1; minute <= plan.soakMinutes; minute++) {
        const times: number[] = [];
        while (performance.now() - soakStart < minute * 60_000) {
          const start = performance.now();
          const outcome = await session.trainStep();
          times.push(performance.now() - start);
          if (outcome.epochEnded) await session.evaluate('val');
        }
        allTimes.push(...times);
        const sample: SoakSample = {
          minute,
          steps: times.length,
          msPerStepMedian: round(median(times), 1),
          tensors: env.tensorCount() ?? -1,
          heapMB: await heapMB(env),
        };
        samples.push(sample);
        env.log(
          `${env.where} ${row.backend} ${spec.name} soak minute ${minute}: ${sample.msPerStepMedian} ms/step, ` +
            `${sample.tensors} tensors, heap ${sample.heapMB ?? '?'} MB`,
        );
      }
    });
    row.tensorsEnd = env.tensorCount();
    row.heapEndMB = await heapMB(env);
    row.stepsMeasured = allTimes.length;
    row.msPerStepMedian = round(median(allTimes), 1);
    row.msPerStepP10 = round(quantile(allTimes, 0.1), 1);
    row.msPerStepP90 = round(quantile(allTimes, 0.9), 1);
    row.stepsPerSecond = round(1000 / median(allTimes), 2);
    row.soak = summariseSoak(plan.soakMinutes, samples);
  } catch (error) {
    row.error = errorText(error);
  }
  return row;
}

function thirdMedian(samples: readonly SoakSample[], which: 'first' | 'last'): number {
  const size = Math.max(1, Math.floor(samples.length / 3));
  const third = which === 'first' ? samples.slice(0, size) : samples.slice(-size);
  return median(third.map((sample) => sample.msPerStepMedian));
}

export function summariseSoak(minutes: number, samples: SoakSample[]): SoakReport {
  const first = samples[0];
  const last = samples[samples.length - 1];
  const hasHeap = first?.heapMB != null && last?.heapMB != null;
  return {
    minutes,
    totalSteps: samples.reduce((sum, sample) => sum + sample.steps, 0),
    samples,
    tensorGrowth: first && last ? last.tensors - first.tensors : 0,
    heapGrowthMB: hasHeap ? round(last.heapMB! - first.heapMB!, 1) : null,
    slowdown: samples.length > 0 ? round(thirdMedian(samples, 'last') / thirdMedian(samples, 'first'), 3) : 1,
  };
}

/** Build, train one step and dispose a session `plan.rebuilds` times; tensors and heap must not grow. */
export async function rebuildConfig(env: BenchEnvironment, spec: BenchConfigSpec, plan: BenchPlan): Promise<BenchRun> {
  const row = emptyRun(env.backend.active, spec.name, env.where);
  row.adapter = env.backend.adapter;
  row.backendReport = env.backend;
  try {
    const dataset = await env.loadDataset(spec.dataset);
    const model = modelConfigFor(spec, dataset);
    const train = trainConfigFor(spec, 'natural', 1);
    row.train = train;
    row.hiddenSize = model.hiddenSize;
    // One build outside the count, so lazily created backend state (kernels, programs) is not counted as growth.
    await withSession(env, dataset, model, train, (session) => session.trainStep());
    const heapBeforeMB = await heapMB(env);
    const tensorsBefore = env.tensorCount() ?? -1;
    const start = performance.now();
    let heapMidMB: number | null = null;
    let pausedMs = 0;
    for (let i = 0; i < plan.rebuilds; i++) {
      await withSession(env, dataset, model, train, (session) => session.trainStep());
      if (i + 1 === Math.ceil(plan.rebuilds / 2)) {
        const pauseStart = performance.now();
        heapMidMB = await heapMB(env);
        pausedMs += performance.now() - pauseStart;
      }
    }
    const elapsedMs = performance.now() - start - pausedMs;
    const report: RebuildReport = {
      count: plan.rebuilds,
      tensorsBefore,
      tensorsAfter: env.tensorCount() ?? -1,
      heapBeforeMB,
      heapMidMB,
      heapAfterMB: await heapMB(env),
      msPerRebuild: round(elapsedMs / Math.max(1, plan.rebuilds), 1),
    };
    row.rebuilds = report;
    row.tensorsStart = report.tensorsBefore;
    row.tensorsEnd = report.tensorsAfter;
    row.heapStartMB = report.heapBeforeMB;
    row.heapEndMB = report.heapAfterMB;
    env.log(
      `${env.where} ${row.backend} ${spec.name} ${plan.rebuilds} rebuilds: tensors ${report.tensorsBefore} → ` +
        `${report.tensorsAfter}, heap ${report.heapBeforeMB ?? '?'} → ${report.heapAfterMB ?? '?'} MB`,
    );
  } catch (error) {
    row.error = errorText(error);
  }
  return row;
}
