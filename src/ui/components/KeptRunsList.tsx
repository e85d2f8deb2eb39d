/**
 * A list of kept runs (the Train step's and the memory lab's): editable names (Escape puts the kept name back), pin,
 * delete (undoable: the notice takes the deleted row's place, and the focus), a per-run action (Replay where it
 * applies), tick boxes that choose 2–4 runs for Compare, and export/import as one JSON file.
 * The caller owns the ticked runs (the Train step races them too) and draws Compare for them.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { errorText, formatInteger, formatPercent } from '../lib/format';
import { highLossRunText } from '../lib/highLossWarning';
import { deletionText, focusAfterKeep, noticeIndex, noticePlaceAfterDelete, type FocusAfterDelete } from '../state/runDeletion';
import type { KeptRun } from '../state/runRecord';
import type { RunList } from '../state/useRunList';
import { BlockedReason } from './BlockedReason';
import { RunNameField } from './RunNameField';
import { UndoNotice } from './UndoNotice';
import { compareLimitText, toggledSelection } from '../lib/compareSelection';
import { sameNameNumbers } from '../lib/sameNameNumbers';

/** A run's result in the list: a classifier's test accuracy (plain and macro), a memory run's held-out accuracy. */
function resultText(run: KeptRun): string {
  if (!run.test) return ' · unfinished';
  if (run.test.macroAccuracy === null) return ` · held-out ${formatPercent(run.test.accuracy)}`;
  return ` · test ${formatPercent(run.test.accuracy)} (macro ${formatPercent(run.test.macroAccuracy)})`;
}

interface KeptRunsListProps {
  list: RunList;
  selected: readonly string[];
  onSelectedChange(selected: string[]): void;
  /** The export file's name without extension. */
  fileName: string;
  /** Buttons before Export and Import (the Train step's "Keep this run"). */
  actions?: ReactNode;
  /** A line above the list (what Replay did or why it refused). */
  note?: ReactNode;
  /** Each run's own action (Replay), after its name. */
  runAction?: (run: KeptRun) => ReactNode;
  /** What is under the list when 2–4 runs are ticked. */
  children?: ReactNode;
  emptyText: string;
}

export function KeptRunsList({ list, selected, onSelectedChange, fileName, actions, note, runAction, children, emptyText }: KeptRunsListProps) {
  const importId = useId();
  const limitId = useId();
  const chosen = list.runs.filter((run) => selected.includes(run.id));
  // Runs of the same name (Reset and train again) are told apart by a number, in the list and where they are named.
  const namesakeNumbers = sameNameNumbers(list.runs);
  const labelOf = (run: KeptRun) => {
    const number = namesakeNumbers.get(run.id);
    return number === undefined ? run.name : `${run.name} #${number}`;
  };
  // A tick past the limit is refused, and this says why (a polite live region, heard after Space on the box too).
  const [limitNote, setLimitNote] = useState<{ runId: string; text: string } | null>(null);

  function toggleCompare(run: KeptRun, on: boolean) {
    const next = toggledSelection(
      selected,
      run.id,
      on,
      list.runs.map((kept) => kept.id),
    );
    setLimitNote(next === null ? { runId: run.id, text: compareLimitText(run.name, namesakeNumbers.get(run.id)) } : null);
    if (next !== null) onSelectedChange(next);
  }

  // Focus that must wait for a render: the notice appears, or a run comes back, only once storage answered.
  const deleteButtons = useRef(new Map<string, HTMLButtonElement>());
  const noticeMessage = useRef<HTMLSpanElement>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const pendingFocus = useRef<FocusAfterDelete | null>(null);
  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    const element = target.kind === 'notice' ? noticeMessage.current : target.kind === 'import' ? importInput.current : deleteButtons.current.get(target.runId);
    if (!element) return;
    pendingFocus.current = null;
    element.focus();
  });

  // The undo notice sits in the place of the run deleted last: before the run that followed it (null: at the end).
  const [noticeBefore, setNoticeBefore] = useState<string | null>(null);

  function remove(run: KeptRun) {
    setNoticeBefore(
      noticePlaceAfterDelete(
        list.runs.map((item) => item.id),
        run.id,
      ),
    );
    pendingFocus.current = { kind: 'notice' };
    void list.remove(run.id);
  }

  function undoRemove() {
    // The run put back last (the one deleted last) gets the focus its Delete button had.
    const last = list.deleted.at(-1);
    if (last) pendingFocus.current = { kind: 'delete', runId: last.id };
    void list.undoRemove();
  }

  function keepRemoved() {
    pendingFocus.current = focusAfterKeep(
      list.runs.map((run) => run.id),
      noticeBefore,
    );
    list.forgetRemoved();
  }

  async function download() {
    let blob: Blob;
    try {
      // Written in a worker that reads the weights from their store (the list holds none): the page gets the file.
      blob = await list.exportFile(chosen.map((run) => run.id));
    } catch (error) {
      list.reportProblem(`The runs could not be exported: ${errorText(error)}`);
      return;
    }
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${fileName}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // The notice is an item of the list, so it stays where it is (and keeps the focus) when the last run goes.
  const notice = list.deleted.length > 0 && (
    <li key="undo-notice" className="runs-list-notice">
      <UndoNotice
        message={deletionText(list.deleted.map((run) => run.name))}
        undoLabel="Undo delete"
        onUndo={undoRemove}
        keepLabel="Keep deleted"
        onKeep={keepRemoved}
        testId="undo-delete"
        messageRef={noticeMessage}
      />
    </li>
  );
  /** The runs' items with the notice in its place. */
  function withNotice(items: ReactNode[]): ReactNode[] {
    if (!notice) return items;
    const index = noticeIndex(
      list.runs.map((run) => run.id),
      noticeBefore,
    );
    return [...items.slice(0, index), notice, ...items.slice(index)];
  }

  return (
    <>
      <div className="button-row">
        {actions}
        <button type="button" onClick={() => void download()} disabled={list.runs.length === 0} data-testid="export-runs">
          {chosen.length > 0 ? `Export ${chosen.length} ticked` : 'Export all'}
        </button>
        {/* The input comes first: the label (styled as a button) shows the focus ring through `input:focus + label`. */}
        <input
          id={importId}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          ref={importInput}
          data-testid="import-runs"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void list.importFile(file);
          }}
        />
        <label htmlFor={importId} className="button-like" data-testid="import-runs-label">
          Import runs…
        </label>
      </div>
      {note}
      {list.problem && (
        <p className="error-note" role="alert" data-testid="runs-problem">
          {list.problem}
        </p>
      )}
      {(list.runs.length > 0 || notice) && (
        <ul className="runs-list" data-testid="runs-list">
          {withNotice(list.runs.map((run) => (
            <li key={run.id} data-testid="run-item" data-cell={String(run.settings.cell ?? '')} data-accuracy={run.test?.accuracy ?? ''}>
              <input
                type="checkbox"
                aria-label={`Compare ${labelOf(run)}`}
                checked={selected.includes(run.id)}
                onChange={(event) => toggleCompare(run, event.target.checked)}
                aria-describedby={limitNote?.runId === run.id ? limitId : undefined}
              />
              <RunNameField name={run.name} onRename={(name) => void list.rename(run.id, name)} />
              {namesakeNumbers.has(run.id) && (
                <span className="muted" data-testid="run-namesake-number" title="Another kept run has this name: numbered in the order kept">
                  #{namesakeNumbers.get(run.id)}
                </span>
              )}
              <span className="muted">
                {formatInteger(run.step)} steps
                {resultText(run)}
                {run.highLoss ? ` · ${highLossRunText(run.highLoss)}` : ''}
                {run.weightsLength !== null ? ' · weights kept' : ''}
              </span>
              {runAction?.(run)}
              <button type="button" aria-pressed={run.pinned} onClick={() => void list.setPinned(run.id, !run.pinned)}>
                {run.pinned ? 'Unpin' : 'Pin'}
              </button>
              <button
                type="button"
                onClick={() => remove(run)}
                aria-label={`Delete ${labelOf(run)}`}
                ref={(button) => {
                  if (button) deleteButtons.current.set(run.id, button);
                  else deleteButtons.current.delete(run.id);
                }}
              >
                Delete
              </button>
            </li>
          )))}
        </ul>
      )}
      <BlockedReason id={limitId} reason={limitNote?.text ?? null} testId="compare-limit" />
      {list.runs.length === 0 && <p className="muted">{emptyText}</p>}
      {chosen.length >= 2 && children}
    </>
  );
}
