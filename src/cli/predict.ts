/**
 * `npm run predict -- --model model.json Pelaez Nienhuis`
 *
 * Prints, per input, the top 3 classes as the PyTorch tutorial's `predict()` does:
 *   > Pelaez
 *   (-0.59) Spanish
 *   (-2.39) French
 *   (-2.54) Dutch
 * With --json, one JSON object per input per line:
 *   {"input": "Pelaez", "logProbs": [...model's class order...], "top": [{"class": "Spanish", "logProb": -0.59}, ...]}
 * A model with a data set's own alphabet reads characters it never saw as "�"; they are listed under the input
 * (JSON: "unknown": [...], present only then).
 * The model file may come from `npm run train --out` or from tools/torch_export.py.
 */
import { UNKNOWN_SYMBOL } from '../data/charAlphabet';
import { runAsScript } from './cliMain';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { useNodeBackend } from '../model/nodeBackend';
import { sessionFromFile } from '../model/trainingSession';
import { taskDefaults } from '../model/taskDefaults';
import type { Prediction, TrainConfig } from '../model/types';

export class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE = 'Usage: npm run predict -- --model model.json [--top 3] [--json] TEXT [TEXT ...]';

/** Training settings are irrelevant to prediction but a session needs some: the names task's. */
const INFERENCE_ONLY: TrainConfig = taskDefaults('names').train;

export interface PredictOptions {
  model: string;
  top: number;
  json: boolean;
  texts: string[];
}

export function parsePredictArgs(argv: string[]): PredictOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      top: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) throw new UsageError(USAGE);
  if (!values.model) throw new UsageError(`--model is required. ${USAGE}`);
  if (positionals.length === 0) throw new UsageError(`Give at least one text to classify. ${USAGE}`);
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top needs a whole number ≥ 1, got "${values.top}".`);
  return { model: values.model, top, json: values.json, texts: positionals };
}

/** The tutorial's lines for one prediction: `> input` then `(logp) class`, two decimals. */
export function formatPrediction(prediction: Prediction): string[] {
  const unknown = prediction.unknown ?? [];
  // Characters the model's own alphabet never saw are read as "�", words outside its vocabulary as <unk>: said
  // under the input, as the app's Inspect step says them.
  const notice = unknown.length > 0 ? [`(never seen in training, read as "${prediction.unknownAs ?? UNKNOWN_SYMBOL}": ${unknown.map((symbol) => `"${symbol}"`).join(', ')})`] : [];
  return [`> ${prediction.input}`, ...notice, ...prediction.top.map((entry) => `(${entry.logProb.toFixed(2)}) ${entry.class}`)];
}

export async function runPredict(options: PredictOptions): Promise<string[]> {
  await useNodeBackend('wasm');
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(options.model, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the model file ${options.model}: ${(error as Error).message}`);
  }
  const session = sessionFromFile(file, null, INFERENCE_ONLY);
  try {
    const predictions = await session.predict(options.texts, options.top);
    if (options.json) return predictions.map((prediction) => JSON.stringify(prediction));
    return predictions.flatMap((prediction, index) => (index === 0 ? formatPrediction(prediction) : ['', ...formatPrediction(prediction)]));
  } finally {
    session.dispose();
  }
}

runAsScript(import.meta.url, (argv) => runPredict(parsePredictArgs(argv)));
