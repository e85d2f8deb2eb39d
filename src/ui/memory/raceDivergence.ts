/**
 * The words for a race member whose loss or gradient norm stopped being a number (worker/memoryRace.ts stops
 * it there): the Train screen's wording for the same event, said of one member.
 */
import type { RaceDivergence } from '../../worker/protocol';

/** How a non-finite number reads to a student. */
function became(value: number): string {
  return Number.isNaN(value) ? 'NaN (not a number)' : 'infinite';
}

/**
 * The words for a run whose loss or gradient norm stopped being a number (the Train screen's wording for the
 * same event): what happened, that this run stopped there, and that what it drew stays.
 */
export function divergenceMessage(label: string, divergence: RaceDivergence): string {
  const what = Number.isFinite(divergence.loss) ? `gradient norm became ${became(divergence.gradNorm)}` : `loss became ${became(divergence.loss)}`;
  return `The ${what} at step ${divergence.step} in “${label}”: the gradients exploded. That run stopped there (its update at step ${divergence.step} was skipped, so its weights are those of step ${divergence.step - 1}); its curves up to then stay.`;
}
