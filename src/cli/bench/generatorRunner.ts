/**
 * `npm run bench -- --generator`: the names generator trained to the end in headless Chromium (a bench
 * worker, the app's engine and backend), so the browser's test NLL per character is measured rather than
 * assumed from the Node run. Prints each epoch as it ends and a closing JSON line; writes it to --out.
 */
import { writeFileSync } from 'node:fs';
import type { GeneratorJob, GeneratorResult } from '../../bench/protocol';
import { describeLmMetrics } from '../../model/charLmTrainToEnd';
import { taskDefaults } from '../../model/taskDefaults';
import type { BenchOptions, GeneratorOptions } from './args';
import { startBrowser } from './browserRunner';
import { currentLoad, describeMachine, type MachineInfo } from './machine';

export interface GeneratorBenchOutput {
  machine: MachineInfo;
  date: string;
  job: GeneratorJob;
  result: GeneratorResult;
}

/** The job the options stand for: the names-gen task's settings with the given size, cell and epochs. */
export function generatorJobOf(options: Pick<BenchOptions, 'backends'>, generator: GeneratorOptions): GeneratorJob {
  const defaults = taskDefaults('names-gen');
  return {
    backend: options.backends[0] ?? 'wasm',
    cell: generator.cell,
    hiddenSize: generator.hiddenSize,
    train: { ...defaults.train, epochs: generator.epochs },
  };
}

export async function runGeneratorBench(options: BenchOptions, generator: GeneratorOptions, log: (line: string) => void): Promise<GeneratorBenchOutput> {
  const job = generatorJobOf(options, generator);
  const loadAverageStart = currentLoad();
  log(`names generator in Chromium on ${job.backend}: ${job.cell} ${job.hiddenSize}, ${job.train.optimizer} ${job.train.learningRate}, batch ${job.train.batchSize}, ${job.train.epochs} epochs`);
  const browser = await startBrowser({ build: options.build, jsFlags: options.jsFlags, log });
  try {
    const outcome = await browser.runGenerator(job);
    if ('error' in outcome) throw new Error(`the generator run failed: ${outcome.error}`);
    const { result } = outcome;
    log(`test ${describeLmMetrics(result.test)} (best epoch ${result.bestEpoch}, ${result.seconds.toFixed(0)} s, ${result.msPerStep.toFixed(1)} ms/step)`);
    for (const line of result.samples) log(`  ${line}`);
    return { machine: describeMachine(browser.browserVersion, loadAverageStart), date: new Date().toISOString(), job, result };
  } finally {
    await browser.close();
  }
}

/** The closing line: the figures the README quotes. */
export function summaryLine(output: GeneratorBenchOutput): string {
  const { result, machine } = output;
  return JSON.stringify({
    backend: result.backend,
    testNllPerChar: Number(result.test.nllPerChar.toFixed(4)),
    testPerplexity: Number(result.test.perplexity.toFixed(3)),
    testBitsPerChar: Number(result.test.bitsPerChar.toFixed(4)),
    valNllPerChar: result.bestEpoch === null ? null : Number(result.epochs[result.bestEpoch - 1].val.nllPerChar.toFixed(4)),
    bestEpoch: result.bestEpoch,
    epochs: result.epochs.length,
    seconds: Number(result.seconds.toFixed(1)),
    msPerStep: Number(result.msPerStep.toFixed(1)),
    loadAverage: [machine.loadAverageStart, machine.loadAverageEnd],
  });
}

export function writeGeneratorOutput(path: string, output: GeneratorBenchOutput): void {
  writeFileSync(path, `${JSON.stringify(output, null, 2)}\n`);
}
