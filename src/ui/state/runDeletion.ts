/**
 * Deleting kept runs with an undo, in words and focus. Pure: the list (KeptRunsList) and its storage (useRunList)
 * act on these answers.
 */
import { truncateLabel } from '../../charts/format';

/** Where the keyboard focus goes once a run's Delete button (about to vanish) was pressed. */
export type FocusAfterDelete = { kind: 'delete'; runId: string } | { kind: 'undo' } | { kind: 'import' };

/**
 * The next run's Delete button (the previous one's at the end of the list), so a keyboard user can go on deleting
 * or step back; with no run left, the undo. Focus left on the removed button fell to the page's top.
 */
export function focusAfterDelete(listedIds: readonly string[], deletedId: string): FocusAfterDelete {
  const index = listedIds.indexOf(deletedId);
  const remaining = listedIds.filter((id) => id !== deletedId);
  if (remaining.length === 0) return { kind: 'undo' };
  const next = index < 0 ? remaining[0] : remaining[Math.min(index, remaining.length - 1)];
  return { kind: 'delete', runId: next };
}

/**
 * Where the focus goes once "Keep deleted" (the notice's button, about to vanish) was pressed: the first run's Delete
 * button, or with no run left the import, the list's one control that is still enabled.
 */
export function focusAfterKeep(listedIds: readonly string[]): FocusAfterDelete {
  return listedIds.length > 0 ? { kind: 'delete', runId: listedIds[0] } : { kind: 'import' };
}

/** The runs an undo would put back: every one deleted since the notice appeared, the same run once. */
export function withDeleted<Run extends { id: string }>(deleted: readonly Run[], run: Run): Run[] {
  return [...deleted.filter((item) => item.id !== run.id), run];
}

/** Longest name the notice prints whole: a longer one is cut, so the notice and its buttons stay on one line. */
const NOTICE_NAME_CHARS = 32;

/** What the undo notice says: the run by name, or how many. */
export function deletionText(names: readonly string[]): string {
  return names.length === 1 ? `Deleted “${truncateLabel(names[0], NOTICE_NAME_CHARS)}”.` : `Deleted ${names.length} runs.`;
}
