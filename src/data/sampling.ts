/**
 * Drawing the next symbol from a language model's log-probabilities, in plain JS so the same draw is
 * reproducible from a seed everywhere. Temperature τ rescales log-probabilities before the softmax
 * (p_i ∝ exp(log p_i / τ): τ < 1 sharpens, τ > 1 flattens, τ = 0 is the most likely symbol); top-k keeps
 * only the k most likely symbols and renormalises over them.
 */
import { topK } from './metrics';
import type { SeededRandom } from './random';

/** Refuse settings that have no meaning, with the reason. */
export function validateSamplingSettings(temperature: number, k: number | null): void {
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new RangeError(`The temperature must be a number ≥ 0, got ${temperature}.`);
  if (k !== null && (!Number.isInteger(k) || k < 1)) throw new RangeError(`top-k must be a whole number ≥ 1 (or off), got ${k}.`);
}

/**
 * An index drawn from `logProbs` at `temperature`, among the `k` most likely (null = all). Temperature 0
 * returns the most likely index (the first on ties) and draws nothing from `random`.
 */
export function drawIndex(logProbs: ArrayLike<number>, temperature: number, k: number | null, random: SeededRandom): number {
  validateSamplingSettings(temperature, k);
  const candidates = topK(logProbs, k ?? logProbs.length);
  if (temperature === 0 || candidates.length === 1) return candidates[0].index;
  // Subtract the best score before exp so a low temperature cannot overflow.
  const best = candidates[0].logProb / temperature;
  const weights = candidates.map((candidate) => Math.exp(candidate.logProb / temperature - best));
  let remaining = random.nextFloat() * weights.reduce((sum, weight) => sum + weight, 0);
  for (let i = 0; i < candidates.length; i++) {
    remaining -= weights[i];
    if (remaining < 0) return candidates[i].index;
  }
  return candidates[candidates.length - 1].index;
}
