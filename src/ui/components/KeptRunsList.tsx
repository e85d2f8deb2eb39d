/**
 * A list of kept runs (the Train step's and the memory lab's): editable names, pin, delete, a per-run action
 * (Replay where it applies), tick boxes that choose 2–4 runs for Compare, and export/import as one JSON file.
 * The caller owns the ticked runs (the Train step races them too) and draws Compare for them.
 */
import { useId, type ReactNode } from 'react';
import { formatInteger, formatPercent } from '../lib/format';
import type { RunRecord } from '../state/runRecord';
import type { RunList } from '../state/useRunList';

/** Compare overlays at most this many runs: more curves than that cannot be told apart. */
export const MAX_COMPARED = 4;

/** The ticked ids after (un)ticking `id`: the newest MAX_COMPARED stay. */
export function toggledSelection(selected: readonly string[], id: string, on: boolean): string[] {
  return on ? [...selected.filter((item) => item !== id), id].slice(-MAX_COMPARED) : selected.filter((item) => item !== id);
}

/** A run's result in the list: a classifier's test accuracy (plain and macro), a memory run's held-out accuracy. */
function resultText(run: RunRecord): string {
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
  runAction?: (run: RunRecord) => ReactNode;
  /** What is under the list when 2–4 runs are ticked. */
  children?: ReactNode;
  emptyText: string;
}

export function KeptRunsList({ list, selected, onSelectedChange, fileName, actions, note, runAction, children, emptyText }: KeptRunsListProps) {
  const importId = useId();
  const chosen = list.runs.filter((run) => selected.includes(run.id));

  function download() {
    const blob = new Blob([list.exportText(chosen.map((run) => run.id))], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${fileName}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <>
      <div className="button-row">
        {actions}
        <button type="button" onClick={download} disabled={list.runs.length === 0} data-testid="export-runs">
          {chosen.length > 0 ? `Export ${chosen.length} ticked` : 'Export all'}
        </button>
        {/* The input comes first: the label (styled as a button) shows the focus ring through `input:focus + label`. */}
        <input
          id={importId}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          data-testid="import-runs"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void file.text().then(list.importText);
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
      {list.runs.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <ul className="runs-list" data-testid="runs-list">
          {list.runs.map((run) => (
            <li key={run.id} data-testid="run-item" data-cell={String(run.settings.cell ?? '')} data-accuracy={run.test?.accuracy ?? ''}>
              <input
                type="checkbox"
                aria-label={`Compare ${run.name}`}
                checked={selected.includes(run.id)}
                onChange={(event) => onSelectedChange(toggledSelection(selected, run.id, event.target.checked))}
              />
              <input
                type="text"
                className="run-name"
                aria-label="Run name"
                defaultValue={run.name}
                maxLength={80}
                onBlur={(event) => {
                  if (event.target.value !== run.name) void list.rename(run.id, event.target.value);
                }}
                data-testid="run-name"
              />
              <span className="muted">
                {formatInteger(run.step)} steps
                {resultText(run)}
                {run.weights ? ' · weights kept' : ''}
              </span>
              {runAction?.(run)}
              <button type="button" aria-pressed={run.pinned} onClick={() => void list.setPinned(run.id, !run.pinned)}>
                {run.pinned ? 'Unpin' : 'Pin'}
              </button>
              <button type="button" onClick={() => void list.remove(run.id)} aria-label={`Delete ${run.name}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen.length >= 2 && children}
    </>
  );
}
