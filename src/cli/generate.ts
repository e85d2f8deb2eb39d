/**
 * `npm run generate -- --model m.json --condition Russian --temperature 0.5 --count 10`
 *   prints invented names, one per line (with --json, one GeneratedText object per line: the text, and per
 *   step the symbol drawn, its log-probability and the 5 most likely candidates).
 * `npm run generate -- --model m.json --score Russian:Ivanov German:Weber --json`
 *   prints, per input, one JSON object {"input", "condition", "logProbs"}: logProbs holds, for each step
 *   (letters + 1: the first letter is predicted from BOS, the last step predicts EOS), the log-probabilities
 *   of all output symbols (the letters in the model's alphabet order, then EOS). Without --json, a summary line.
 * `npm run generate -- --model text.json --prime "Once upon" --length 200 --count 3`
 *   continues the prime with a model of your own text (`npm run train -- --task text`; a char-lm file with no
 *   conditions), one continuation per line, the prime included (--json: {"prime", "text"} per line).
 * The model file may come from `npm run train -- --task names-gen --out` or from tools/torch_export.py --task char-lm.
 */
import { runAsScript } from './cliMain';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { charLmSessionFromFile } from '../model/charLmSession';
import { useNodeBackend } from '../model/nodeBackend';
import { parseCharLmFile } from '../model/charLmFile';
import { taskDefaults, textLmDefaults } from '../model/taskDefaults';
import { textLmSessionFromFile } from '../model/textLmSession';
import type { GeneratedText, SamplingOptions, ScoredText, TrainConfig } from '../model/types';

export class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE = `Usage: npm run generate -- --model m.json [--condition LANGUAGE] [--count 10] [--temperature 0.8] [--top-k K]
       [--max-length 20] [--seed 1] [--json]
       npm run generate -- --model m.json --score LANGUAGE:NAME [LANGUAGE:NAME ...] [--json]
       npm run generate -- --model text.json [--prime "TEXT"] [--length 200] [--count 1] [--temperature 0.8] [--top-k K] [--seed 1] [--json]`;

/** A session needs training settings even to sample: the generation task's. */
const INFERENCE_ONLY: TrainConfig = taskDefaults('names-gen').train;

/** What to do: sample texts, or score given ones. */
export type GenerateOptions =
  | { mode: 'sample'; model: string; json: boolean; condition: string | null; count: number; sampling: SamplingOptions; prime: string | null; length: number }
  | { mode: 'score'; model: string; json: boolean; items: { text: string; condition: string | null }[] };

function wholeNumber(value: string, flag: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new UsageError(`--${flag} needs a whole number ≥ ${min}, got "${value}".`);
  return parsed;
}

/** `Russian:Ivanov` → condition Russian, text Ivanov; a text without a colon has no condition. */
export function parseScoreItem(item: string): { text: string; condition: string | null } {
  const colon = item.indexOf(':');
  if (colon < 0) return { text: item, condition: null };
  return { condition: item.slice(0, colon), text: item.slice(colon + 1) };
}

export function parseGenerateArgs(argv: string[]): GenerateOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      condition: { type: 'string' },
      count: { type: 'string', default: '10' },
      temperature: { type: 'string', default: '0.8' },
      'top-k': { type: 'string' },
      'max-length': { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      prime: { type: 'string' },
      length: { type: 'string', default: '200' },
      score: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) throw new UsageError(USAGE);
  if (!values.model) throw new UsageError(`--model is required.\n${USAGE}`);
  if (values.score) {
    if (positionals.length === 0) throw new UsageError(`--score needs at least one LANGUAGE:NAME.\n${USAGE}`);
    return { mode: 'score', model: values.model, json: values.json, items: positionals.map(parseScoreItem) };
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected "${positionals[0]}": to score names, put --score before them.\n${USAGE}`);
  const temperature = Number(values.temperature);
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new UsageError(`--temperature needs a number ≥ 0, got "${values.temperature}".`);
  return {
    mode: 'sample',
    model: values.model,
    json: values.json,
    condition: values.condition ?? null,
    count: wholeNumber(values.count, 'count', 1),
    prime: values.prime ?? null,
    length: wholeNumber(values.length, 'length', 1),
    sampling: {
      temperature,
      topK: values['top-k'] === undefined ? null : wholeNumber(values['top-k'], 'top-k', 1),
      maxLength: wholeNumber(values['max-length'], 'max-length', 1),
      seed: wholeNumber(values.seed, 'seed', 0),
    },
  };
}

/** A scored text's line without --json: its total log-probability and NLL per character. */
export function formatScore(scored: ScoredText): string {
  const steps = scored.logProbs.length;
  return `> ${scored.input}${scored.condition ? ` (${scored.condition})` : ''}: log-prob ${scored.totalLogProb.toFixed(3)} over ${steps} steps, ${(-scored.totalLogProb / steps).toFixed(3)} nats/char`;
}

/** A sampled text's line without --json (names that hit the length limit are marked). */
export function formatSample(sample: GeneratedText): string {
  return sample.ended ? sample.text : `${sample.text}… (length limit)`;
}

export async function runGenerate(options: GenerateOptions): Promise<string[]> {
  await useNodeBackend('wasm');
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(options.model, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the model file ${options.model}: ${(error as Error).message}`);
  }
  if (parseCharLmFile(file).config.conditions.length === 0) return continueTexts(file, options);
  if (options.mode === 'sample' && options.prime !== null) throw new UsageError('--prime continues a text with a model of your own text (npm run train -- --task text); this model generates names for languages: use --condition.');
  const session = charLmSessionFromFile(file, null, INFERENCE_ONLY);
  try {
    if (options.mode === 'score') {
      const scored = await session.score(options.items);
      return scored.map((entry) => (options.json ? JSON.stringify({ input: entry.input, condition: entry.condition, logProbs: entry.logProbs }) : formatScore(entry)));
    }
    const condition = options.condition;
    if (condition === null && session.model.conditions.length > 0) {
      throw new UsageError(`--condition is required: one of ${session.model.conditions.join(', ')}.`);
    }
    const samples = await session.sample(condition, options.count, options.sampling);
    return samples.map((sample) => (options.json ? JSON.stringify(sample) : formatSample(sample)));
  } finally {
    session.dispose();
  }
}

/** A model of the student's own text: `count` continuations of the prime (seeds seed, seed + 1, …). */
async function continueTexts(file: unknown, options: GenerateOptions): Promise<string[]> {
  if (options.mode !== 'sample') throw new UsageError('--score reads names with their language; for a model of your own text, use --prime.');
  if (options.condition !== null) throw new UsageError(`A model of your own text has no conditions, so --condition ${options.condition} cannot be used.`);
  const defaults = textLmDefaults();
  const session = textLmSessionFromFile(file, null, defaults.train, { windowLength: defaults.windowLength });
  try {
    const lines: string[] = [];
    for (let row = 0; row < options.count; row++) {
      const continuation = await session.continueText(options.prime ?? '', options.length, options.sampling.temperature, options.sampling.topK, options.sampling.seed + row);
      lines.push(options.json ? JSON.stringify(continuation) : continuation.prime + continuation.text);
    }
    return lines;
  } finally {
    session.dispose();
  }
}

runAsScript(import.meta.url, (argv) => runGenerate(parseGenerateArgs(argv)));
