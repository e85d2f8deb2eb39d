/**
 * The bench worker's generator job: train the names LM to the end on one backend with the shared loop of
 * `npm run train -- --task names-gen` (model/charLmTrainToEnd.ts), logging each epoch, and report the test
 * figures of the best validation epoch. Runs in the bench worker; the page and the CLI only carry it.
 */
import { loadBuiltinDataset } from '../data/assets';
import { NAME_ALPHABET } from '../data/names';
import { GENERATION_TASK_DATA } from '../data/types';
import { initBackend } from '../model/backendStart';
import { charLmSessionFromFile, createCharLmSession } from '../model/charLmSession';
import { describeLmMetrics, trainCharLmToEnd } from '../model/charLmTrainToEnd';
import { wasmBinaryUrls } from '../model/wasmBinaries';
import type { GeneratorJob, GeneratorResult } from './protocol';

/** The languages and settings of the closing samples, as the CLI's per-epoch samples. */
const SAMPLE_LANGUAGES = ['Russian', 'German', 'Chinese'] as const;
const SAMPLE_OPTIONS = { temperature: 0.8, topK: null, maxLength: 20 } as const;

export async function runGeneratorJob(job: GeneratorJob, baseUrl: string, log: (line: string) => void): Promise<GeneratorResult> {
  const report = await initBackend(job.backend, { wasmPaths: wasmBinaryUrls });
  if (report.active !== job.backend) throw new Error(`backend ${job.backend} did not start: ${report.reason}`);
  const dataset = await loadBuiltinDataset(GENERATION_TASK_DATA['names-gen'], baseUrl);
  const session = createCharLmSession(
    dataset,
    { cell: job.cell, hiddenSize: job.hiddenSize, numLayers: 1, dropout: 0, alphabet: NAME_ALPHABET, conditions: [...dataset.classes] },
    job.train,
  );
  const parameters = session.parameters().reduce((sum, row) => sum + row.count, 0);
  const totalSteps = session.totalSteps;
  log(`generator on ${report.active} (${report.adapter}): ${job.cell} ${job.hiddenSize}, ${parameters} parameters, ${dataset.train.length} train names, ${totalSteps} steps`);
  let lastProgress = performance.now();
  const result = await trainCharLmToEnd(session, dataset, {
    onStep(outcome, seconds) {
      // A line a minute, so a long run shows it is alive.
      if (performance.now() - lastProgress < 60_000) return;
      lastProgress = performance.now();
      log(`  step ${outcome.step}/${totalSteps} (epoch ${outcome.epoch + 1}) nll/char ${outcome.loss.toFixed(3)}, ${seconds.toFixed(0)} s`);
    },
    onEpoch(epoch) {
      log(`epoch ${epoch.epoch}: train nll/char ${epoch.trainNllPerChar.toFixed(4)} | val ${describeLmMetrics(epoch.val)} (${epoch.seconds.toFixed(1)} s)`);
    },
    onKeepBest(epoch, valNll) {
      log(`keeping the weights of epoch ${epoch} (best validation nll/char ${valNll.toFixed(4)})`);
    },
  });
  log(`test ${describeLmMetrics(result.test)} (${result.test.characters} characters in ${result.test.count} names)`);
  const tested = charLmSessionFromFile(result.file, null, job.train);
  const samples: string[] = [];
  try {
    for (const language of SAMPLE_LANGUAGES.filter((name) => dataset.classes.includes(name))) {
      const texts = await tested.sample(language, 3, { ...SAMPLE_OPTIONS, seed: job.train.seed });
      samples.push(`${language}: ${texts.map((text) => text.text).join(', ')}`);
    }
  } finally {
    tested.dispose();
  }
  return {
    backend: report.active,
    adapter: report.adapter,
    parameters,
    epochs: result.epochs,
    bestEpoch: result.best?.epoch ?? null,
    test: result.test,
    seconds: result.seconds,
    msPerStep: result.trainingMs / totalSteps,
    divergedSteps: result.divergedSteps,
    samples,
  };
}
