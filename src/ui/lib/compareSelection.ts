/**
 * Which kept runs Compare overlays: the ticks, newest last, at most MAX_COMPARED. Pure (compareSelection.test.ts).
 */

/** Compare overlays at most this many runs: more curves than that cannot be told apart. */
export const MAX_COMPARED = 4;

/**
 * The ticked ids after (un)ticking `id`: the newest MAX_COMPARED of the runs still kept (`keptIds`). A deleted run's
 * tick is left out: it would hold a place and push out a run on screen.
 */
export function toggledSelection(selected: readonly string[], id: string, on: boolean, keptIds: readonly string[]): string[] {
  const present = selected.filter((item) => item !== id && keptIds.includes(item));
  return on ? [...present, id].slice(-MAX_COMPARED) : present;
}

/**
 * Ticks read back from an earlier visit, against the runs kept now: those still kept, each once, the newest
 * MAX_COMPARED. A run deleted since would hold a tick nobody can see or untick.
 */
export function keptSelection(selected: readonly string[], keptIds: readonly string[]): string[] {
  return [...new Set(selected)].filter((id) => keptIds.includes(id)).slice(-MAX_COMPARED);
}
