/**
 * `npm run train -- --task names-gen …`: trains a character-level language model that invents surnames
 * for a language, on the classifier's names split (same examples, same seed). Per epoch it prints the
 * training NLL per character (mean over the epoch's batches), the validation NLL per character,
 * perplexity and bits per character, and a few samples; the weights of the epoch with the best validation
 * NLL are kept, tested and written to --out. The caller prints the returned summary as the last line.
 */
import { writeFileSync } from 'node:fs';
import { stepsPerEpoch } from '../data/batching';
import { NAME_ALPHABET } from '../data/names';
import { GENERATION_TASK_DATA } from '../data/types';
import type { Dataset } from '../data/types';
import { charLmSessionFromFile, createCharLmSession } from '../model/charLmSession';
import { useNodeBackend } from '../model/nodeBackend';
import type { CharLmSession } from '../model/session';
import type { CharLmConfig, CharLmModelFile, LmMetrics } from '../model/types';
import { loadDatasetFromDir } from './dataDir';
import { progressBar } from './progress';
import type { TrainOptions, TrainSummary } from './train';

/** Languages sampled after every epoch (when the data has them), and how. */
const SAMPLE_LANGUAGES = ['Russian', 'German', 'Chinese', 'Italian'] as const;
const SAMPLES_PER_LANGUAGE = 4;
const SAMPLE_TEMPERATURE = 0.8;
const SAMPLE_MAX_LENGTH = 20;

/** `nll 1.9512 ppl 7.04 bpc 2.815` for one split. */
export function describeLmMetrics(metrics: Pick<LmMetrics, 'nllPerChar' | 'perplexity' | 'bitsPerChar'>): string {
  return `nll/char ${metrics.nllPerChar.toFixed(4)} ppl ${metrics.perplexity.toFixed(2)} bits/char ${metrics.bitsPerChar.toFixed(3)}`;
}

/** The LM configuration the command-line options stand for, with the data's classes as conditions. */
export function charLmConfigOf(options: TrainOptions, dataset: Dataset): CharLmConfig {
  const { cell, hiddenSize, numLayers, dropout } = options.model;
  return { cell, hiddenSize, numLayers, dropout, alphabet: NAME_ALPHABET, conditions: [...dataset.classes] };
}

async function sampleLines(session: CharLmSession, seed: number): Promise<string[]> {
  const lines: string[] = [];
  for (const language of SAMPLE_LANGUAGES.filter((name) => session.model.conditions.includes(name))) {
    const texts = await session.sample(language, SAMPLES_PER_LANGUAGE, { temperature: SAMPLE_TEMPERATURE, topK: null, maxLength: SAMPLE_MAX_LENGTH, seed });
    lines.push(`  ${language}: ${texts.map((text) => text.text).join(', ')}`);
  }
  return lines;
}

export async function runGeneratorTraining(options: TrainOptions): Promise<TrainSummary> {
  const log = (line: string) => {
    if (!options.jsonOnly) console.log(line);
  };
  const backend = await useNodeBackend('wasm');
  const dataset = loadDatasetFromDir(GENERATION_TASK_DATA['names-gen'], options.dataDir);
  const model = charLmConfigOf(options, dataset);
  let session: CharLmSession = createCharLmSession(dataset, model, options.train);
  log(`Names generation (${dataset.classes.length} languages): ${dataset.train.length} train, ${dataset.val.length} val, ${dataset.test.length} test; backend ${backend}`);
  log(`model ${model.cell} hidden ${model.hiddenSize} layers ${model.numLayers} dropout ${model.dropout}, ${session.parameters().reduce((sum, row) => sum + row.count, 0)} parameters`);

  const bar = progressBar();
  const started = performance.now();
  let trainingMs = 0;
  let best: { nll: number; epoch: number; file: CharLmModelFile } | null = null;
  let diverged = 0;
  let epochLossSum = 0;
  let epochBatches = 0;
  while (session.step < session.totalSteps) {
    const stepStart = performance.now();
    const outcome = await session.trainStep();
    trainingMs += performance.now() - stepStart;
    if (outcome.diverged) {
      diverged++;
      process.stderr.write(`\nstep ${outcome.step}: loss ${outcome.loss} (exploding gradients); weights restored from step ${outcome.diverged.restoredStep}. Try --clip 1 or a lower --lr.\n`);
    } else {
      epochLossSum += outcome.loss;
      epochBatches++;
    }
    bar(outcome.step, session.totalSteps, `epoch ${outcome.epoch + 1}/${options.train.epochs} nll/char ${outcome.loss.toFixed(3)}`, (performance.now() - started) / 1000);
    if (outcome.epochEnded) {
      if (process.stderr.isTTY) process.stderr.write('\n');
      const val = await session.evaluate('val');
      const trainNll = epochBatches === 0 ? Number.NaN : epochLossSum / epochBatches;
      log(`epoch ${outcome.epoch + 1}: train nll/char ${trainNll.toFixed(4)} | val ${describeLmMetrics(val)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      for (const line of await sampleLines(session, options.train.seed)) log(line);
      epochLossSum = 0;
      epochBatches = 0;
      if (!best || val.nllPerChar < best.nll) best = { nll: val.nllPerChar, epoch: outcome.epoch + 1, file: await session.exportFile() };
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (best && best.epoch !== options.train.epochs) {
    session.dispose();
    session = charLmSessionFromFile(best.file, dataset, options.train);
    log(`keeping the weights of epoch ${best.epoch} (best validation nll/char ${best.nll.toFixed(4)})`);
  }
  const test = await session.evaluate('test');
  log(`test ${describeLmMetrics(test)} (${test.characters} characters in ${test.count} names)`);
  if (options.out) {
    writeFileSync(options.out, JSON.stringify(best?.file ?? (await session.exportFile())));
    log(`model written to ${options.out}`);
  }
  session.dispose();
  const steps = options.train.epochs * stepsPerEpoch(dataset.train.length, options.train.batchSize);
  return {
    task: options.task,
    cell: model.cell,
    testNllPerChar: Number(test.nllPerChar.toFixed(4)),
    testPerplexity: Number(test.perplexity.toFixed(3)),
    testBitsPerChar: Number(test.bitsPerChar.toFixed(4)),
    valNllPerChar: best ? Number(best.nll.toFixed(4)) : null,
    bestEpoch: best?.epoch ?? null,
    epochs: options.train.epochs,
    seconds: Number(seconds.toFixed(1)),
    secondsPerEpoch: Number((seconds / options.train.epochs).toFixed(1)),
    msPerStep: Number((trainingMs / steps).toFixed(1)),
    divergedSteps: diverged,
    backend,
  };
}
