/**
 * `npm run train -- --task names --cell lstm --hidden 128 --epochs 5 --out model.json`
 *
 * Trains with the same data and model code as the browser, on tfjs's WASM backend. Progress (with ETA)
 * goes to stderr, per-epoch metrics to stdout, and the LAST stdout line is one JSON object
 * {testAccuracy, testMacroAccuracy, devAccuracy, epochs, seconds, msPerStep, …} for scripts.
 * Model selection: the weights of the epoch with the best validation (SST-2: dev) accuracy are kept,
 * tested and written to --out, as the SST-2 protocol asks.
 */
import path from 'node:path';
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stepsPerEpoch } from '../data/batching';
import { datasetAlphabet } from '../data/charAlphabet';
import { NAME_ALPHABET } from '../data/names';
import { parseUpload } from '../data/upload';
import { vocabularyFromDataset } from '../data/sst2';
import { BUILTIN_TASK_IDS, GENERATION_TASK_IDS, INPUT_LEVELS, SAMPLING_MODES } from '../data/types';
import type { BuiltinTaskId, Dataset, GenerationTaskId, InputLevel } from '../data/types';
import { MODEL_LIMITS } from '../model/architecture';
import { useNodeBackend } from '../model/nodeBackend';
import type { EvaluationResult, TrainingSession } from '../model/session';
import { createSession, sessionFromFile } from '../model/trainingSession';
import { taskDefaults, TUTORIAL_GENERATION_DROPOUT } from '../model/taskDefaults';
import { CELL_TYPES, OPTIMIZER_NAMES } from '../model/types';
import type { ModelConfig, ModelFile, TrainConfig } from '../model/types';
import { loadDatasetFromDir, loadGloveFile, resolveDataDir } from './dataDir';
import { progressBar } from './progress';
import { runGeneratorTraining } from './trainGenerator';
import { parseMemoryArgs, runMemoryTraining } from './trainMemory';
import { isTextTask, parseTextArgs, runTextTraining } from './trainText';

/** `--task memory` runs the memory lab's own command (its flags differ: steps, distance, no data files). */
function isMemoryTask(argv: string[]): boolean {
  return argv.some((arg, i) => arg === '--task=memory' || (arg === '--task' && argv[i + 1] === 'memory'));
}

export interface TrainOptions {
  task: BuiltinTaskId | GenerationTaskId | 'upload';
  /** `--upload`: the user's own data files (as the app's upload reads them) and the level they are read at. */
  upload: { files: string[]; level: InputLevel } | null;
  model: ModelConfig;
  train: TrainConfig;
  dataDir: string;
  out: string | null;
  jsonOnly: boolean;
  glove: string | null;
}

/** A command-line mistake; printed without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const TASKS = [...BUILTIN_TASK_IDS, ...GENERATION_TASK_IDS, 'upload'] as const;

const USAGE = `Usage: npm run train -- [--task ${TASKS.join('|')}] [--cell ${CELL_TYPES.join('|')}] [--hidden N] [--layers N]
  [--bidirectional] [--dropout P] [--embedding-dim N] [--glove FILE [--freeze-embedding]]
  [--optimizer ${OPTIMIZER_NAMES.join('|')}] [--lr X] [--batch N] [--epochs N] [--clip X] [--sampling ${SAMPLING_MODES.join('|')}]
  [--no-bucket] [--seed N] [--data-dir DIR] [--out model.json] [--json-only]
  [--upload FILE [--upload FILE ...] [--level ${INPUT_LEVELS.join('|')}]]
  (--upload: your own data, as the app's upload reads it: a CSV/TSV of text,label, a zip or <Class>.txt files;
   at character level data outside the tutorial's 57 symbols gets its own alphabet, stored in --out)
  (--task memory: the memory lab's synthetic tasks; see --task memory --help)
  (--task text --text FILE: a language model of your own text; see --task text --help)
Unset flags take the task's defaults (src/model/taskDefaults.ts). names-gen trains a character language
model that invents surnames per language (--cell tutorial: the PyTorch tutorial's generation network,
dropout 0.1); it reports NLL per character, perplexity and bits per character.`;

function choice<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}".`);
  return value as T;
}

/**
 * What each numeric flag accepts. Beyond these the run cannot succeed on a laptop (a 100,000-unit LSTM is
 * 40 billion recurrent weights) and failed deep inside tfjs with a bare RangeError.
 */
const FLAG_RANGES: Record<string, { min: number; max: number; minIsOpen?: boolean; maxIsOpen?: boolean }> = {
  hidden: { min: 1, max: MODEL_LIMITS.hiddenSize },
  layers: { min: 1, max: MODEL_LIMITS.numLayers },
  dropout: { min: 0, max: 1, maxIsOpen: true },
  'embedding-dim': { min: 1, max: MODEL_LIMITS.embeddingDim },
  lr: { min: 0, max: 10, minIsOpen: true },
  batch: { min: 1, max: 4096 },
  epochs: { min: 1, max: 1000 },
  seed: { min: 0, max: 2 ** 31 - 1 },
};

function number(value: string | undefined, flag: string, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) throw new UsageError(`--${flag} needs ${integer ? 'a whole number' : 'a number'}, got "${value}".`);
  const range = FLAG_RANGES[flag];
  if (range) {
    const tooSmall = range.minIsOpen ? parsed <= range.min : parsed < range.min;
    const tooLarge = range.maxIsOpen ? parsed >= range.max : parsed > range.max;
    if (tooSmall || tooLarge) {
      const lower = `${range.min}${range.minIsOpen ? ' (exclusive)' : ''}`;
      const upper = `${range.max}${range.maxIsOpen ? ' (exclusive)' : ''}`;
      throw new UsageError(`--${flag} must be between ${lower} and ${upper}, got ${value}.`);
    }
  }
  return parsed;
}

/**
 * Refuse an --out the run could not write, before training rather than after minutes of it: its folder
 * must exist and be writable, and the path must not be a folder or a read-only file.
 */
export function checkOutputPath(out: string): void {
  const target = path.resolve(out);
  const folder = path.dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--out ${out}: the folder ${folder} does not exist. Create it first.`);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new UsageError(`--out ${out} is a folder; give a file name such as ${path.join(out, 'model.json')}.`);
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw new UsageError(`--out ${out} exists and cannot be written (read-only?).`);
    }
    return;
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(`--out ${out}: the folder ${folder} is not writable.`);
  }
}

/** Parse argv (without node and script) into options (`--clip 0` turns clipping off). */
export function parseTrainArgs(argv: string[]): TrainOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      task: { type: 'string', default: 'names' },
      cell: { type: 'string' },
      hidden: { type: 'string' },
      layers: { type: 'string' },
      bidirectional: { type: 'boolean', default: false },
      dropout: { type: 'string' },
      'embedding-dim': { type: 'string' },
      glove: { type: 'string' },
      'freeze-embedding': { type: 'boolean', default: false },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      batch: { type: 'string' },
      epochs: { type: 'string' },
      clip: { type: 'string' },
      sampling: { type: 'string' },
      'no-bucket': { type: 'boolean', default: false },
      seed: { type: 'string' },
      'data-dir': { type: 'string' },
      out: { type: 'string' },
      'json-only': { type: 'boolean', default: false },
      upload: { type: 'string', multiple: true },
      level: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) throw new UsageError(USAGE);
  const uploadFiles = values.upload ?? [];
  const task = uploadFiles.length > 0 && values.task === 'names' ? 'upload' : choice(values.task, TASKS, 'task');
  if (task === 'upload' && uploadFiles.length === 0) throw new UsageError('--task upload needs --upload FILE (a CSV/TSV of text,label, a zip or <Class>.txt files).');
  if (task !== 'upload' && uploadFiles.length > 0) throw new UsageError(`--upload trains on your own data; it cannot be combined with --task ${task}.`);
  if (task !== 'upload' && values.level !== undefined) throw new UsageError('--level applies to --upload only.');
  const level = choice(values.level ?? 'chars', INPUT_LEVELS, 'level');
  const isWords = task === 'sst2' || (task === 'upload' && level === 'words');
  const defaults = taskDefaults(task);
  if (task === 'names-gen') {
    const unused = (['bidirectional', 'embedding-dim', 'glove', 'freeze-embedding'] as const).filter((flag) => values[flag] !== undefined && values[flag] !== false);
    if (unused.length > 0) throw new UsageError(`--${unused[0]} has no meaning for names-gen: a language model reads one-hot letters left to right.`);
  }
  const cell = choice(values.cell ?? defaults.model.cell, CELL_TYPES, 'cell');
  const defaultDropout = task === 'names-gen' && cell === 'tutorial' ? TUTORIAL_GENERATION_DROPOUT : defaults.model.dropout;
  const clipValue = values.clip === undefined ? defaults.train.clipNorm : number(values.clip, 'clip', 0, false);
  const clip = clipValue === null || clipValue <= 0 ? null : clipValue;
  const model: ModelConfig = {
    cell,
    hiddenSize: number(values.hidden, 'hidden', defaults.model.hiddenSize, true),
    numLayers: number(values.layers, 'layers', defaults.model.numLayers, true),
    bidirectional: values.bidirectional || defaults.model.bidirectional,
    dropout: number(values.dropout, 'dropout', defaultDropout, false),
    // Filled in from the data once it is loaded (vocabulary, classes).
    input: isWords
      ? {
          type: 'words',
          vocab: [],
          pad: '',
          unk: '',
          lowercase: true,
          embeddingDim: number(values['embedding-dim'], 'embedding-dim', defaults.model.embeddingDim, true),
          trainableEmbedding: !values['freeze-embedding'] && defaults.model.trainableEmbedding,
        }
      : { type: 'chars', alphabet: NAME_ALPHABET },
    classes: [],
  };
  const train: TrainConfig = {
    optimizer: choice(values.optimizer ?? defaults.train.optimizer, OPTIMIZER_NAMES, 'optimizer'),
    learningRate: number(values.lr, 'lr', defaults.train.learningRate, false),
    batchSize: number(values.batch, 'batch', defaults.train.batchSize, true),
    epochs: number(values.epochs, 'epochs', defaults.train.epochs, true),
    clipNorm: clip,
    sampling: choice(values.sampling ?? defaults.train.sampling, SAMPLING_MODES, 'sampling'),
    bucketByLength: !values['no-bucket'] && defaults.train.bucketByLength,
    seed: number(values.seed, 'seed', defaults.train.seed, true),
  };
  const dataDir = values['data-dir'] !== undefined ? path.resolve(values['data-dir']) : resolveDataDir([]);
  const upload = task === 'upload' ? { files: uploadFiles, level } : null;
  return { task, upload, model, train, dataDir, out: values.out ?? null, jsonOnly: values['json-only'], glove: values.glove ?? null };
}

function describeMetrics(result: EvaluationResult): string {
  const { metrics } = result;
  return `${metrics.split} loss ${metrics.loss.toFixed(4)} accuracy ${metrics.accuracy.toFixed(4)} macro ${metrics.macroAccuracy.toFixed(4)} (n=${metrics.count})`;
}

function completeModel(options: TrainOptions, dataset: Dataset): ModelConfig {
  const model = { ...options.model, classes: [...dataset.classes] };
  if (model.input.type === 'chars') model.input = { type: 'chars', alphabet: datasetAlphabet(dataset) };
  if (model.input.type === 'words') {
    const vocabulary = vocabularyFromDataset(dataset);
    model.input = { ...model.input, vocab: vocabulary.words, pad: vocabulary.pad, unk: vocabulary.unk, lowercase: vocabulary.lowercase };
  }
  return model;
}

/** The user's files read as the app reads an upload (same checks, notices, split and alphabet). */
function readUpload(files: readonly string[], level: InputLevel, log: (line: string) => void): Dataset {
  const read = files.map((file) => {
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`--upload ${file}: no such file.`);
    return { name: path.basename(file), bytes: new Uint8Array(readFileSync(file)) };
  });
  const { dataset, warnings } = parseUpload(read, level);
  for (const warning of warnings) log(`note: ${warning}`);
  return dataset;
}

/** The summary JSON's values. */
export type TrainSummary = Record<string, number | string | null>;

export async function runTraining(options: TrainOptions): Promise<TrainSummary> {
  // Before any data is read or a minute is trained: a run whose model cannot be written is refused at once.
  if (options.out) checkOutputPath(options.out);
  if (options.task === 'names-gen') return runGeneratorTraining(options);
  const task = options.task;
  const log = (line: string) => {
    if (!options.jsonOnly) console.log(line);
  };
  const backend = await useNodeBackend('wasm');
  const dataset = options.upload ? readUpload(options.upload.files, options.upload.level, log) : loadDatasetFromDir(task === 'upload' ? 'names' : task, options.dataDir);
  const model = completeModel(options, dataset);
  let session: TrainingSession = createSession(dataset, model, options.train);
  log(`${dataset.title}: ${dataset.train.length} train, ${dataset.val.length} val, ${dataset.test.length} test; backend ${backend}`);
  log(`model ${model.cell} hidden ${model.hiddenSize} layers ${model.numLayers}${model.bidirectional ? ' bidirectional' : ''}, ${session.parameters().reduce((sum, row) => sum + row.count, 0)} parameters`);
  if (options.glove) {
    const glove = await loadGloveFile(options.glove, model.input.type === 'words' ? model.input.vocab : []);
    const found = session.setPretrainedEmbeddings(glove.vectors, model.input.type === 'words' && model.input.trainableEmbedding);
    log(`GloVe ${path.basename(options.glove)}: ${found} of ${glove.vocabSize} vocabulary words found`);
  }

  const bar = progressBar();
  const started = performance.now();
  let trainingMs = 0;
  let best: { accuracy: number; epoch: number; file: ModelFile } | null = null;
  let lastVal: EvaluationResult | null = null;
  let diverged = 0;
  while (session.step < session.totalSteps) {
    const stepStart = performance.now();
    const outcome = await session.trainStep();
    trainingMs += performance.now() - stepStart;
    if (outcome.diverged) {
      diverged++;
      process.stderr.write(`\nstep ${outcome.step}: loss ${outcome.loss} (exploding gradients); weights restored from step ${outcome.diverged.restoredStep}. Try --clip 1 or a lower --lr.\n`);
    }
    bar(outcome.step, session.totalSteps, `epoch ${outcome.epoch + 1}/${options.train.epochs} loss ${outcome.loss.toFixed(3)}`, (performance.now() - started) / 1000);
    if (outcome.epochEnded) {
      if (process.stderr.isTTY) process.stderr.write('\n');
      lastVal = await session.evaluate('val');
      log(`epoch ${outcome.epoch + 1}: ${describeMetrics(lastVal)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      if (!best || lastVal.metrics.accuracy > best.accuracy) best = { accuracy: lastVal.metrics.accuracy, epoch: outcome.epoch + 1, file: await session.exportFile() };
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (best && best.epoch !== options.train.epochs) {
    // Test the best-validation epoch's weights (SST-2 protocol), not the last epoch's.
    session.dispose();
    session = sessionFromFile(best.file, dataset, options.train);
    log(`keeping the weights of epoch ${best.epoch} (best validation accuracy ${best.accuracy.toFixed(4)})`);
  }
  const test = await session.evaluate('test');
  log(describeMetrics(test));
  if (options.out) {
    writeFileSync(options.out, JSON.stringify(best?.file ?? (await session.exportFile())));
    log(`model written to ${options.out}`);
  }
  session.dispose();
  const steps = options.train.epochs * stepsPerEpoch(dataset.train.length, options.train.batchSize);
  return {
    task,
    cell: model.cell,
    testAccuracy: test.metrics.accuracy,
    testMacroAccuracy: test.metrics.macroAccuracy,
    devAccuracy: best?.accuracy ?? lastVal?.metrics.accuracy ?? null,
    bestEpoch: best?.epoch ?? null,
    epochs: options.train.epochs,
    seconds: Number(seconds.toFixed(1)),
    secondsPerEpoch: Number((seconds / options.train.epochs).toFixed(1)),
    msPerStep: Number((trainingMs / steps).toFixed(1)),
    divergedSteps: diverged,
    backend,
  };
}

async function main(): Promise<void> {
  try {
    const argv = process.argv.slice(2);
    const summary = isMemoryTask(argv) ? await runMemoryTraining(parseMemoryArgs(argv)) : isTextTask(argv) ? await runTextTraining(parseTextArgs(argv)) : await runTraining(parseTrainArgs(argv));
    console.log(JSON.stringify(summary));
  } catch (error) {
    const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) void main();
