/**
 * Deleting kept runs with an undo, in words and focus. Pure: the list (KeptRunsList) and its storage (useRunList)
 * act on these answers.
 */
import { truncateLabel } from '../../charts/format';

/** Where the keyboard focus goes once a run's Delete button (about to vanish) or a button of the undo notice was pressed. */
export type FocusAfterDelete = { kind: 'delete'; runId: string } | { kind: 'notice' } | { kind: 'import' };

/**
 * Where the undo notice goes once `deletedId` was deleted: in the deleted row's place, i.e. before the run listed
 * after it (null: at the list's end). There the eye already is, and the focus goes to the notice's message: a second
 * Enter there does nothing (on the next run's Delete button it deleted a second run), and Tab reaches Undo delete.
 */
export function noticePlaceAfterDelete(listedIds: readonly string[], deletedId: string): string | null {
  const index = listedIds.indexOf(deletedId);
  return index < 0 ? null : (listedIds[index + 1] ?? null);
}

/** The notice's index among the listed runs: before the run it was placed before, at the end when that run is gone. */
export function noticeIndex(listedIds: readonly string[], placeBefore: string | null): number {
  const index = placeBefore === null ? -1 : listedIds.indexOf(placeBefore);
  return index < 0 ? listedIds.length : index;
}

/**
 * Where the focus goes once "Keep deleted" (the notice's button, about to vanish) was pressed: the Delete button of
 * the run that took the deleted row's place (the previous run's at the list's end), or with no run left the import,
 * the list's one control that is still enabled.
 */
export function focusAfterKeep(listedIds: readonly string[], placeBefore: string | null): FocusAfterDelete {
  const index = noticeIndex(listedIds, placeBefore);
  const runId = listedIds[index] ?? listedIds[index - 1];
  return runId === undefined ? { kind: 'import' } : { kind: 'delete', runId };
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
