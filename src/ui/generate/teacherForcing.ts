/**
 * Teacher forcing against free running, step by step, for one name: under teacher forcing the model is fed
 * the true previous letter and predicts the next; free running it is fed its own previous choice. The two
 * agree while the model's own choices spell the name; from the first step where its choice differs, its
 * inputs differ too, and the two runs see different prefixes from then on.
 */
import { symbolLayout, symbolName } from '../../data/generation';
import type { GeneratedText } from '../../model/types';

export interface ForcingStep {
  /** 0-based step; the step predicts symbol `index` of the name (its letters, then `<EOS>`). */
  index: number;
  /** The true symbol at this step. */
  truth: string;
  /** The model's probability of the true symbol given the true prefix (teacher forcing). */
  truthProbability: number;
  /** The most likely symbol given the true prefix, and its probability. */
  forcedBest: string;
  forcedBestProbability: number;
  /** The free-running choice at this step (null when that run already ended). */
  free: string | null;
  /** True from the first step where the free-running choice is not the true symbol. */
  hasDiverged: boolean;
}

/**
 * Lines up a name's teacher-forced log-probabilities (`[letters + 1][A + 1]`, as `score` returns them) with a
 * free-running generation from the same start. `truths` are the symbols scored (`score`'s `symbols`: the letters
 * as the model read them, then `<EOS>`), not the name as typed: a character outside the alphabet is not read.
 * `alphabet` is the model's.
 */
export function compareForcing(truths: readonly string[], logProbs: readonly (readonly number[])[], free: GeneratedText, alphabet: string): ForcingStep[] {
  const layout = symbolLayout(alphabet);
  if (logProbs.length !== truths.length) throw new RangeError(`Expected ${truths.length} scored steps, got ${logProbs.length}.`);
  let hasDiverged = false;
  return truths.map((truth, index) => {
    const row = logProbs[index];
    const truthId = truth === '<EOS>' ? layout.eosId : layout.letters.indexOf(truth);
    let bestId = 0;
    for (let id = 1; id < row.length; id++) if (row[id] > row[bestId]) bestId = id;
    const freeSymbol = index < free.steps.length ? free.steps[index].symbol : null;
    if (freeSymbol !== truth) hasDiverged = true;
    return {
      index,
      truth,
      truthProbability: truthId < 0 ? 0 : Math.exp(row[truthId]),
      forcedBest: symbolName(layout, bestId),
      forcedBestProbability: Math.exp(row[bestId]),
      free: freeSymbol,
      hasDiverged,
    };
  });
}

/** The first step where free running leaves the name, or null when it spells the name exactly. */
export function divergenceStep(steps: readonly ForcingStep[]): number | null {
  return steps.find((step) => step.hasDiverged)?.index ?? null;
}
