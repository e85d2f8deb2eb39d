/**
 * `npm run train -- --task text --text poem.txt --window 64 --out poem.json`: a character-level language
 * model of one text file (any script), trained with truncated BPTT (--batch parallel streams, windows of
 * --window characters, the hidden state carried across windows), on tfjs's WASM backend with the browser's
 * code. The last 10% of the text is held out (validation, then test). Per epoch: the training NLL per
 * character (mean over the epoch's windows), validation NLL, perplexity and bits per character, and a sample;
 * the best-validation epoch is kept, tested and written to --out. The LAST stdout line is one JSON object.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MODEL_LIMITS } from '../model/architecture';
import { decodeTextFile, prepareCorpus } from '../data/textCorpus';
import { useNodeBackend } from '../model/nodeBackend';
import { textLmDefaults } from '../model/taskDefaults';
import { createTextLmSession, MAX_WINDOW_LENGTH, textLmSessionFromFile, type TextLmSession } from '../model/textLmSession';
import { OPTIMIZER_NAMES, type CharLmConfig, type CharLmModelFile, type TrainConfig } from '../model/types';
import { progressBar } from './progress';
import { checkOutputPath, type TrainSummary } from './train';
import { describeLmMetrics } from '../model/charLmTrainToEnd';

export interface TextTrainOptions {
  textFile: string;
  model: CharLmConfig;
  train: TrainConfig;
  windowLength: number;
  out: string | null;
  jsonOnly: boolean;
  /** Characters sampled after each epoch. */
  sampleLength: number;
}

/** A command-line mistake; printed without a stack. */
export class TextUsageError extends Error {
  override name = 'UsageError';
}

const TEXT_CELLS = ['rnn', 'lstm', 'gru'] as const;
const defaults = textLmDefaults();

export const TEXT_USAGE = `Usage: npm run train -- --task text --text FILE [--window K] [--batch STREAMS] [--cell ${TEXT_CELLS.join('|')}]
  [--hidden N] [--layers N] [--dropout P] [--optimizer ${OPTIMIZER_NAMES.join('|')}] [--lr X] [--epochs N] [--clip X]
  [--seed N] [--sample-length N] [--out model.json] [--json-only]
A character language model of your own text (UTF-8, at most 1 MB, any script): truncated BPTT over --batch
parallel streams (${defaults.train.batchSize}) in windows of --window characters (${defaults.windowLength}), the state carried between windows.
Defaults: ${defaults.model.cell.toUpperCase()} ${defaults.model.hiddenSize}, Adam ${defaults.train.learningRate}, clip ${defaults.train.clipNorm}, ${defaults.train.epochs} epochs (--clip 0: no clipping).`;

function number(value: string | undefined, flag: string, fallback: number, integer: boolean, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) throw new TextUsageError(`--${flag} needs ${integer ? 'a whole number' : 'a number'}, got "${value}".`);
  if (parsed < min || parsed > max) throw new TextUsageError(`--${flag} must be between ${min} and ${max}, got ${value}.`);
  return parsed;
}

function choice<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  const found = allowed.find((entry) => entry === value);
  if (found === undefined) throw new TextUsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}".`);
  return found;
}

/** `--task text` is its own command (its flags differ: a text file, a window). */
export function isTextTask(argv: readonly string[]): boolean {
  return argv.some((arg, i) => arg === '--task=text' || (arg === '--task' && argv[i + 1] === 'text'));
}

/** Parse argv (without node and script; `--task text` included). The model's alphabet is filled in from the text. */
export function parseTextArgs(argv: string[]): TextTrainOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      task: { type: 'string' },
      text: { type: 'string' },
      window: { type: 'string' },
      batch: { type: 'string' },
      cell: { type: 'string' },
      hidden: { type: 'string' },
      layers: { type: 'string' },
      dropout: { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      epochs: { type: 'string' },
      clip: { type: 'string' },
      seed: { type: 'string' },
      'sample-length': { type: 'string' },
      out: { type: 'string' },
      'json-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new TextUsageError(TEXT_USAGE);
  if (!values.text) throw new TextUsageError(`--text FILE is required.\n${TEXT_USAGE}`);
  const clip = number(values.clip, 'clip', defaults.train.clipNorm ?? 0, false, 0, 1000);
  return {
    textFile: values.text,
    model: {
      cell: choice(values.cell, TEXT_CELLS, 'cell', 'lstm'),
      hiddenSize: number(values.hidden, 'hidden', defaults.model.hiddenSize, true, 1, MODEL_LIMITS.hiddenSize),
      numLayers: number(values.layers, 'layers', defaults.model.numLayers, true, 1, MODEL_LIMITS.numLayers),
      dropout: number(values.dropout, 'dropout', defaults.model.dropout, false, 0, 0.99),
      alphabet: '',
      conditions: [],
    },
    train: {
      ...defaults.train,
      optimizer: choice(values.optimizer, OPTIMIZER_NAMES, 'optimizer', defaults.train.optimizer),
      learningRate: number(values.lr, 'lr', defaults.train.learningRate, false, 1e-8, 10),
      batchSize: number(values.batch, 'batch', defaults.train.batchSize, true, 1, 4096),
      epochs: number(values.epochs, 'epochs', defaults.train.epochs, true, 1, 1000),
      clipNorm: clip === 0 ? null : clip,
      seed: number(values.seed, 'seed', defaults.train.seed, true, 0, 2 ** 31 - 1),
    },
    windowLength: number(values.window, 'window', defaults.windowLength, true, 1, MAX_WINDOW_LENGTH),
    out: values.out ?? null,
    jsonOnly: values['json-only'],
    sampleLength: number(values['sample-length'], 'sample-length', 200, true, 1, 2000),
  };
}

export async function runTextTraining(options: TextTrainOptions): Promise<TrainSummary> {
  const log = (line: string) => {
    if (!options.jsonOnly) console.log(line);
  };
  // Before a minute is trained: a run whose model cannot be written is refused at once.
  if (options.out) checkOutputPath(options.out);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(options.textFile);
  } catch (error) {
    throw new TextUsageError(`Cannot read the text file ${options.textFile}: ${(error as Error).message}`);
  }
  const corpus = prepareCorpus(decodeTextFile(bytes, options.textFile), options.textFile);
  for (const notice of corpus.notices) log(`note: ${notice}`);
  const backend = await useNodeBackend('wasm');
  const model: CharLmConfig = { ...options.model, alphabet: corpus.alphabet };
  const settings = { windowLength: options.windowLength };
  let session: TextLmSession = createTextLmSession({ ids: corpus.ids }, model, options.train, settings);
  const streams = session.streams;
  log(`${options.textFile}: ${corpus.ids.length} characters, alphabet of ${[...corpus.alphabet].length} symbols; backend ${backend}`);
  if (streams) log(`truncated BPTT: ${streams.streams} streams of ${streams.streamLength} characters, windows of ${streams.windowLength} (${streams.windows} steps per epoch)`);
  log(`model ${model.cell} hidden ${model.hiddenSize} layers ${model.numLayers}, ${session.parameters().reduce((sum, row) => sum + row.count, 0)} parameters`);
  const bar = progressBar();
  const started = performance.now();
  let best: { nll: number; epoch: number; file: CharLmModelFile } | null = null;
  let lossSum = 0;
  let windows = 0;
  let diverged = 0;
  while (session.step < session.totalSteps) {
    const outcome = await session.trainStep();
    if (outcome.diverged) diverged++;
    else {
      lossSum += outcome.loss;
      windows++;
    }
    bar(outcome.step, session.totalSteps, `epoch ${outcome.epoch + 1}/${options.train.epochs} nll/char ${outcome.loss.toFixed(3)}`, (performance.now() - started) / 1000);
    if (!outcome.epochEnded) continue;
    if (process.stderr.isTTY) process.stderr.write('\n');
    const val = await session.evaluate('val');
    log(`epoch ${outcome.epoch + 1}: train nll/char ${(windows === 0 ? Number.NaN : lossSum / windows).toFixed(4)} | val ${describeLmMetrics(val)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const sample = await session.continueText('', options.sampleLength, 0.8, null, options.train.seed);
    log(`  sample: ${JSON.stringify(sample.text)}`);
    lossSum = 0;
    windows = 0;
    if (!best || val.nllPerChar < best.nll) best = { nll: val.nllPerChar, epoch: outcome.epoch + 1, file: await session.exportFile() };
  }
  const seconds = (performance.now() - started) / 1000;
  if (best && best.epoch !== options.train.epochs) {
    session.dispose();
    session = textLmSessionFromFile(best.file, { ids: corpus.ids }, options.train, settings);
    log(`keeping the weights of epoch ${best.epoch} (best validation nll/char ${best.nll.toFixed(4)})`);
  }
  const test = await session.evaluate('test');
  log(`test ${describeLmMetrics(test)} (${test.characters} characters)`);
  if (options.out) {
    writeFileSync(options.out, JSON.stringify(best?.file ?? (await session.exportFile())));
    log(`model written to ${options.out}`);
  }
  const totalSteps = session.totalSteps;
  session.dispose();
  return {
    task: 'text',
    cell: model.cell,
    testNllPerChar: Number(test.nllPerChar.toFixed(4)),
    perplexity: Number(test.perplexity.toFixed(3)),
    testBitsPerChar: Number(test.bitsPerChar.toFixed(4)),
    valNllPerChar: best ? Number(best.nll.toFixed(4)) : null,
    bestEpoch: best?.epoch ?? null,
    epochs: options.train.epochs,
    windowLength: options.windowLength,
    streams: streams?.streams ?? null,
    alphabetSize: [...corpus.alphabet].length,
    characters: corpus.ids.length,
    steps: totalSteps,
    seconds: Number(seconds.toFixed(1)),
    divergedSteps: diverged,
    backend,
  };
}
