/**
 * The samples the Train screen shows after each epoch of a names generator: a few languages, a few names
 * each, drawn with a fixed seed so that from one epoch to the next only the weights change what is written.
 */
import type { CharLmSession } from '../model/session';
import type { GeneratedText, SamplingOptions } from '../model/types';

/** Languages shown when the model knows them (contrasting spellings: Slavic, Germanic, Chinese romanisation, Italian). */
export const PREFERRED_SAMPLE_CONDITIONS = ['Russian', 'German', 'Chinese', 'Italian'] as const;

/** Names drawn per language after each epoch. */
export const SAMPLES_PER_CONDITION = 3;

/** The tutorial's readable setting: a little below 1, so names are plausible yet varied. */
export const EPOCH_SAMPLING: SamplingOptions = { temperature: 0.8, topK: null, maxLength: 20, seed: 7 };

/**
 * The conditions to sample after an epoch: the preferred languages the model knows, else its first few
 * (an upload's own classes); `[null]` for an unconditioned model.
 */
export function epochSampleConditions(conditions: readonly string[]): (string | null)[] {
  if (conditions.length === 0) return [null];
  const preferred = PREFERRED_SAMPLE_CONDITIONS.filter((name) => conditions.includes(name));
  return preferred.length > 0 ? preferred : conditions.slice(0, PREFERRED_SAMPLE_CONDITIONS.length);
}

/** Draw the epoch's samples from `session`, language after language. */
export async function epochSamples(session: CharLmSession): Promise<GeneratedText[]> {
  const texts: GeneratedText[] = [];
  for (const condition of epochSampleConditions(session.model.conditions)) {
    texts.push(...(await session.sample(condition, SAMPLES_PER_CONDITION, EPOCH_SAMPLING)));
  }
  return texts;
}
