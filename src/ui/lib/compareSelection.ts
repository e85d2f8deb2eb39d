/**
 * Which kept runs Compare overlays: the ticks, newest last, at most MAX_COMPARED. Pure (compareSelection.test.ts).
 */
import { runReference } from './sameNameNumbers';

/** Compare overlays at most this many runs: more curves than that cannot be told apart. */
export const MAX_COMPARED = 4;

/**
 * The ticked ids after (un)ticking `id`, counting only the runs still kept (`keptIds`); null when the tick is refused:
 * MAX_COMPARED kept runs are ticked already. Refused rather than pushing the oldest tick out, which made a curve the
 * student chose vanish without a word. A deleted run's tick is left out: it would hold a place nobody can see.
 */
export function toggledSelection(selected: readonly string[], id: string, on: boolean, keptIds: readonly string[]): string[] | null {
  const present = selected.filter((item) => item !== id && keptIds.includes(item));
  if (!on) return present;
  return present.length < MAX_COMPARED ? [...present, id] : null;
}

/**
 * Why a fifth tick did nothing, naming the run it was for and what to do instead; `sameNameNumber` is the run's
 * number among kept runs of the same name (sameNameNumbers.ts), without which the name fits each of them.
 */
export function compareLimitText(runName: string, sameNameNumber?: number): string {
  return `Compare shows at most ${MAX_COMPARED} runs: untick one first to compare ${runReference(runName, sameNameNumber)}.`;
}

/**
 * Ticks read back from an earlier visit, against the runs kept now: those still kept, each once, the newest
 * MAX_COMPARED. A run deleted since would hold a tick nobody can see or untick.
 */
export function keptSelection(selected: readonly string[], keptIds: readonly string[]): string[] {
  return [...new Set(selected)].filter((id) => keptIds.includes(id)).slice(-MAX_COMPARED);
}
