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
import { createCharLmSession } from '../model/charLmSession';
import { describeLmMetrics, trainCharLmToEnd } from '../model/charLmTrainToEnd';
import { useNodeBackend } from '../model/nodeBackend';
import type { CharLmSession } from '../model/session';
import type { CharLmConfig } from '../model/types';
import { loadDatasetFromDir } from './dataDir';
import { progressBar } from './progress';
import type { TrainOptions, TrainSummary } from './train';

/** Languages sampled after every epoch (when the data has them), and how. */
const SAMPLE_LANGUAGES = ['Russian', 'German', 'Chinese', 'Italian'] as const;
const SAMPLES_PER_LANGUAGE = 4;
const SAMPLE_TEMPERATURE = 0.8;
const SAMPLE_MAX_LENGTH = 20;

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
  const session: CharLmSession = createCharLmSession(dataset, model, options.train);
  log(`Names generation (${dataset.classes.length} languages): ${dataset.train.length} train, ${dataset.val.length} val, ${dataset.test.length} test; backend ${backend}`);
  log(`model ${model.cell} hidden ${model.hiddenSize} layers ${model.numLayers} dropout ${model.dropout}, ${session.parameters().reduce((sum, row) => sum + row.count, 0)} parameters`);

  const bar = progressBar();
  const result = await trainCharLmToEnd(session, dataset, {
    onStep(outcome, seconds) {
      if (outcome.diverged) {
        process.stderr.write(`\nstep ${outcome.step}: loss ${outcome.loss} (exploding gradients); weights restored from step ${outcome.diverged.restoredStep}. Try --clip 1 or a lower --lr.\n`);
      }
      bar(outcome.step, session.totalSteps, `epoch ${outcome.epoch + 1}/${options.train.epochs} nll/char ${outcome.loss.toFixed(3)}`, seconds);
      if (outcome.epochEnded && process.stderr.isTTY) process.stderr.write('\n');
    },
    async onEpoch(report, live) {
      log(`epoch ${report.epoch}: train nll/char ${report.trainNllPerChar.toFixed(4)} | val ${describeLmMetrics(report.val)} (${report.seconds.toFixed(1)} s)`);
      for (const line of await sampleLines(live, options.train.seed)) log(line);
    },
    onKeepBest(epoch, valNll) {
      log(`keeping the weights of epoch ${epoch} (best validation nll/char ${valNll.toFixed(4)})`);
    },
  });
  const { test, best, seconds } = result;
  log(`test ${describeLmMetrics(test)} (${test.characters} characters in ${test.count} names)`);
  if (options.out) {
    writeFileSync(options.out, JSON.stringify(result.file));
    log(`model written to ${options.out}`);
  }
  const steps = options.train.epochs * stepsPerEpoch(dataset.train.length, options.train.batchSize);
  return {
    task: options.task,
    cell: model.cell,
    testNllPerChar: Number(test.nllPerChar.toFixed(4)),
    testPerplexity: Number(test.perplexity.toFixed(3)),
    testBitsPerChar: Number(test.bitsPerChar.toFixed(4)),
    valNllPerChar: best ? Number(best.valNllPerChar.toFixed(4)) : null,
    bestEpoch: best?.epoch ?? null,
    epochs: options.train.epochs,
    seconds: Number(seconds.toFixed(1)),
    secondsPerEpoch: Number((seconds / options.train.epochs).toFixed(1)),
    msPerStep: Number((result.trainingMs / steps).toFixed(1)),
    divergedSteps: result.divergedSteps,
    backend,
  };
}
