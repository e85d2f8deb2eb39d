/**
 * `npm run train -- --task memory --memory-task first-symbol --distance 30 --cell rnn|lstm|gru …`: one
 * memory-lab run on tfjs's WASM backend, with the same task generators and model code as the browser.
 * Each step trains on a fresh batch; every --eval-every steps (and at the end) the run is scored on the
 * fixed held-out set of its task and distance, one line per evaluation on stdout. The LAST stdout line is
 * one JSON object {heldOutAccuracy, stepsTo095, seconds, chance, …}.
 */
import { parseArgs } from 'node:util';
import { MEMORY_DISTANCE_LIMITS, MEMORY_TASKS } from '../data/memoryTasks';
import { MODEL_LIMITS } from '../model/architecture';
import { MemorySession } from '../model/memorySession';
import { useNodeBackend } from '../model/nodeBackend';
import { MEMORY_DEFAULTS, type MemoryTrainDefaults } from '../model/taskDefaults';
import { GATE_BIAS_INITS, MEMORY_CELL_TYPES, OPTIMIZER_NAMES, RECURRENT_INITS, type MemoryModelConfig } from '../model/types';
import { progressBar } from './progress';
import type { TrainSummary } from './train';

/** Held-out accuracy that counts as "remembered". */
export const REMEMBERED_ACCURACY = 0.95;

export interface MemoryTrainOptions {
  model: MemoryModelConfig;
  train: MemoryTrainDefaults;
  jsonOnly: boolean;
}

/** A command-line mistake; printed without a stack. */
export class MemoryUsageError extends Error {
  override name = 'UsageError';
}

export const MEMORY_USAGE = `Usage: npm run train -- --task memory [--memory-task ${MEMORY_TASKS.join('|')}] [--distance N]
  [--cell ${MEMORY_CELL_TYPES.join('|')}] [--hidden N] [--forget-bias ${GATE_BIAS_INITS.join('|')}] [--recurrent-init ${RECURRENT_INITS.join('|')}]
  [--optimizer ${OPTIMIZER_NAMES.join('|')}] [--lr X] [--batch N] [--steps N] [--clip X] [--eval-every N] [--held-out N]
  [--tbptt K] [--seed N] [--json-only]
Unset flags take the memory lab's defaults (MEMORY_DEFAULTS in src/model/taskDefaults.ts): first-symbol
recall at distance ${MEMORY_DEFAULTS.model.distance}, hidden ${MEMORY_DEFAULTS.model.hiddenSize}, Adam ${MEMORY_DEFAULTS.train.learningRate}, batch ${MEMORY_DEFAULTS.train.batchSize}, clip ${MEMORY_DEFAULTS.train.clipNorm}, ${MEMORY_DEFAULTS.train.steps} steps.
--forget-bias sets the LSTM's forget-gate or the GRU's update-gate bias at initialisation (--clip 0: no clipping).
--tbptt K: truncated backpropagation through time, gradients flow back through only the last K steps of each
sequence (default: all of them).`;

function choice<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new MemoryUsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}".`);
  return value as T;
}

function number(value: string | undefined, flag: string, fallback: number, integer: boolean, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) throw new MemoryUsageError(`--${flag} needs ${integer ? 'a whole number' : 'a number'}, got "${value}".`);
  if (parsed < min || parsed > max) throw new MemoryUsageError(`--${flag} must be between ${min} and ${max}, got ${value}.`);
  return parsed;
}

/** Parse argv (without node and script; `--task memory` included) into a run. */
export function parseMemoryArgs(argv: string[]): MemoryTrainOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      task: { type: 'string' },
      'memory-task': { type: 'string' },
      distance: { type: 'string' },
      cell: { type: 'string' },
      hidden: { type: 'string' },
      'forget-bias': { type: 'string' },
      'recurrent-init': { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      batch: { type: 'string' },
      steps: { type: 'string' },
      clip: { type: 'string' },
      'eval-every': { type: 'string' },
      'held-out': { type: 'string' },
      seed: { type: 'string' },
      tbptt: { type: 'string' },
      'json-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) throw new MemoryUsageError(MEMORY_USAGE);
  const { model: defaultModel, train: defaultTrain } = MEMORY_DEFAULTS;
  const clip = number(values.clip, 'clip', defaultTrain.clipNorm ?? 0, false, 0, 1e6);
  return {
    model: {
      task: choice(values['memory-task'], MEMORY_TASKS, 'memory-task', defaultModel.task),
      distance: number(values.distance, 'distance', defaultModel.distance, true, MEMORY_DISTANCE_LIMITS.min, MEMORY_DISTANCE_LIMITS.max),
      cell: choice(values.cell, MEMORY_CELL_TYPES, 'cell', defaultModel.cell),
      hiddenSize: number(values.hidden, 'hidden', defaultModel.hiddenSize, true, 1, MODEL_LIMITS.hiddenSize),
      gateBias: choice(values['forget-bias'], GATE_BIAS_INITS, 'forget-bias', defaultModel.gateBias),
      recurrentInit: choice(values['recurrent-init'], RECURRENT_INITS, 'recurrent-init', defaultModel.recurrentInit),
    },
    train: {
      optimizer: choice(values.optimizer, OPTIMIZER_NAMES, 'optimizer', defaultTrain.optimizer),
      learningRate: number(values.lr, 'lr', defaultTrain.learningRate, false, Number.MIN_VALUE, 10),
      batchSize: number(values.batch, 'batch', defaultTrain.batchSize, true, 1, 4096),
      steps: number(values.steps, 'steps', defaultTrain.steps, true, 1, 1_000_000),
      clipNorm: clip > 0 ? clip : null,
      evaluateEvery: number(values['eval-every'], 'eval-every', defaultTrain.evaluateEvery, true, 1, 1_000_000),
      heldOutSize: number(values['held-out'], 'held-out', defaultTrain.heldOutSize, true, 1, 100_000),
      seed: number(values.seed, 'seed', defaultTrain.seed, true, 0, 2 ** 31 - 1),
      truncateAfter: values.tbptt === undefined ? defaultTrain.truncateAfter : number(values.tbptt, 'tbptt', 1, true, 1, MEMORY_DISTANCE_LIMITS.max + 10),
    },
    jsonOnly: values['json-only'],
  };
}

/** Train one memory-lab run; returns the summary the caller prints as the last line. */
export async function runMemoryTraining(options: MemoryTrainOptions): Promise<TrainSummary> {
  const log = (line: string) => {
    if (!options.jsonOnly) console.log(line);
  };
  const backend = await useNodeBackend('wasm');
  const { model, train } = options;
  const session = new MemorySession(model, train);
  log(`memory ${model.task} distance ${model.distance}: ${model.cell} hidden ${model.hiddenSize}, gate bias ${model.gateBias}, W_hh ${model.recurrentInit}; ${train.optimizer} lr ${train.learningRate} batch ${train.batchSize} clip ${train.clipNorm ?? 'off'}${train.truncateAfter === null ? '' : `; BPTT truncated to the last ${train.truncateAfter} steps`}; seed ${train.seed}; backend ${backend}; chance ${session.chance.toFixed(3)}`);
  const bar = progressBar();
  const started = performance.now();
  let evaluationMs = 0;
  let stepsTo095: number | null = null;
  let skipped = 0;
  let last = { accuracy: Number.NaN, loss: Number.NaN };
  let maxGradNorm = 0;
  let firstGradNorm = Number.NaN;
  // The largest finite batch loss: an exploding run's jumps (its held-out loss at the end may have settled again).
  let maxBatchLoss = Number.NaN;
  for (let step = 1; step <= train.steps; step++) {
    const outcome = await session.trainStep();
    if (!outcome.applied) skipped++;
    if (step === 1) firstGradNorm = outcome.gradNorm;
    maxGradNorm = Math.max(maxGradNorm, outcome.gradNorm);
    if (Number.isFinite(outcome.loss) && !(outcome.loss <= maxBatchLoss)) maxBatchLoss = outcome.loss;
    bar(step, train.steps, `loss ${outcome.loss.toFixed(3)}`, (performance.now() - started) / 1000);
    if (step % train.evaluateEvery === 0 || step === train.steps) {
      const evaluationStart = performance.now();
      last = await session.evaluate();
      evaluationMs += performance.now() - evaluationStart;
      if (stepsTo095 === null && last.accuracy >= REMEMBERED_ACCURACY) stepsTo095 = step;
      if (process.stderr.isTTY) process.stderr.write('\n');
      log(`step ${step}: held-out accuracy ${last.accuracy.toFixed(3)} loss ${last.loss.toFixed(4)} | batch loss ${outcome.loss.toFixed(4)} grad norm ${outcome.gradNorm.toFixed(2)}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  session.dispose();
  return {
    task: 'memory',
    memoryTask: model.task,
    distance: model.distance,
    cell: model.cell,
    gateBias: model.gateBias,
    recurrentInit: model.recurrentInit,
    truncateAfter: train.truncateAfter,
    seed: train.seed,
    steps: train.steps,
    heldOutAccuracy: Number(last.accuracy.toFixed(4)),
    heldOutLoss: Number(last.loss.toFixed(4)),
    stepsTo095,
    chance: Number(session.chance.toFixed(4)),
    seconds: Number(seconds.toFixed(1)),
    trainingSeconds: Number(((performance.now() - started - evaluationMs) / 1000).toFixed(1)),
    firstGradNorm: Number(firstGradNorm.toFixed(3)),
    maxGradNorm: Number(maxGradNorm.toFixed(2)),
    maxBatchLoss: Number(maxBatchLoss.toFixed(3)),
    skippedSteps: skipped,
    backend,
  };
}
