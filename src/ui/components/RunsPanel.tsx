/**
 * The kept runs of this task: a list with editable names, pin, delete, Replay, and tick boxes that choose 2–4
 * runs for Compare (and for a race of their settings); "Keep this run" (with its weights), and export/import as
 * one JSON file. The Race panel sits above the list: its members arrive here as kept runs.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useClient, useClientState } from '../hooks/clientContext';
import { formatInteger, formatPercent } from '../lib/format';
import { RacePanel } from '../race/RacePanel';
import { replayConfig } from '../race/raceRuns';
import { raceSessionOf } from '../race/raceSession';
import type { AppConfig } from '../state/appConfig';
import { replayRefusalText, UNKNOWN_INIT_TEXT, type RunRecord } from '../state/runRecord';
import type { AppController } from '../state/useAppController';
import { useKeptRuns } from '../state/useKeptRuns';
import { RunCompare } from './RunCompare';

/** Compare overlays at most this many runs: more curves than that cannot be told apart. */
const MAX_COMPARED = 4;

export function RunsPanel({ controller }: { controller: AppController }) {
  const client = useClient();
  const hasModel = useClientState((snapshot) => snapshot.model !== null);
  const kept = useKeptRuns(client, controller.dataset, controller.config);
  const [selected, setSelected] = useState<string[]>([]);
  const importId = useId();
  const chosen = kept.runs.filter((run) => selected.includes(run.id));
  const raceSession = raceSessionOf(client);
  const keptVersion = useSyncExternalStore(raceSession.subscribe, () => raceSession.getSnapshot().keptVersion);
  const { refresh } = kept;
  useEffect(() => {
    if (keptVersion > 0) void refresh();
  }, [keptVersion, refresh]);

  // Replay: the run's settings become the configuration; once they are applied, build afresh from the seed and train.
  const [replayNote, setReplayNote] = useState<string | null>(null);
  const pendingReplay = useRef<{ config: AppConfig; name: string } | null>(null);
  const { config, rebuildModel } = controller;
  useEffect(() => {
    const wanted = pendingReplay.current;
    if (!wanted) return;
    const isApplied = (Object.keys(wanted.config) as (keyof AppConfig)[]).every((key) => config[key] === wanted.config[key]);
    if (!isApplied) return;
    pendingReplay.current = null;
    void rebuildModel().then((isBuilt) => {
      if (!isBuilt) return;
      client.start();
      setReplayNote(`Replaying "${wanted.name}": the same initial weights and the same batches, from step 0.`);
    });
  }, [client, config, rebuildModel]);

  function replay(run: RunRecord) {
    const plan = replayConfig(run, controller.config, controller.dataset?.id ?? null);
    if ('problem' in plan) {
      setReplayNote(plan.problem);
      return;
    }
    pendingReplay.current = { config: plan.config, name: run.name };
    controller.updateConfig(plan.config);
  }

  function toggle(id: string, on: boolean) {
    setSelected((current) => (on ? [...current, id].slice(-MAX_COMPARED) : current.filter((item) => item !== id)));
  }

  function download() {
    const blob = new Blob([kept.exportText(chosen.map((run) => run.id))], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `rnn-playground-runs-${controller.dataset?.id ?? 'task'}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <>
      <RacePanel controller={controller} tickedRuns={chosen} />
      <section className="card runs-card" aria-labelledby="runs-heading" data-testid="runs-panel">
        <h2 id="runs-heading">Kept runs</h2>
        <p className="muted">Every finished run is kept here with its settings, curves and test result. Tick 2–4 runs to compare them.</p>
        <div className="button-row">
          <button type="button" onClick={() => void kept.keepCurrent()} disabled={!hasModel} data-testid="keep-run">
            Keep this run (with its weights)
          </button>
          <button type="button" onClick={download} disabled={kept.runs.length === 0} data-testid="export-runs">
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
              if (file) void file.text().then(kept.importText);
            }}
          />
          <label htmlFor={importId} className="button-like" data-testid="import-runs-label">
            Import runs…
          </label>
        </div>
        {replayNote && (
          <p role="status" data-testid="replay-note">
            {replayNote}
          </p>
        )}
        {kept.problem && (
          <p className="error-note" role="alert" data-testid="runs-problem">
            {kept.problem}
          </p>
        )}
        {kept.runs.length === 0 ? (
          <p className="muted">No runs kept yet for this task.</p>
        ) : (
          <ul className="runs-list" data-testid="runs-list">
            {kept.runs.map((run) => (
              <li key={run.id} data-testid="run-item">
                <input
                  type="checkbox"
                  aria-label={`Compare ${run.name}`}
                  checked={selected.includes(run.id)}
                  onChange={(event) => toggle(run.id, event.target.checked)}
                />
                <input
                  type="text"
                  className="run-name"
                  aria-label="Run name"
                  defaultValue={run.name}
                  maxLength={80}
                  onBlur={(event) => {
                    if (event.target.value !== run.name) void kept.rename(run.id, event.target.value);
                  }}
                  data-testid="run-name"
                />
                <span className="muted">
                  {formatInteger(run.step)} steps
                  {run.test ? ` · test ${formatPercent(run.test.accuracy)} (macro ${formatPercent(run.test.macroAccuracy)})` : ' · unfinished'}
                  {run.weights ? ' · weights kept' : ''}
                </span>
                <button
                  type="button"
                  onClick={() => replay(run)}
                  aria-label={`Replay ${run.name}`}
                  title={run.init === 'seed' ? 'Train again from the same initial weights on the same batches' : `It cannot be replayed: ${run.notReplayable ? replayRefusalText(run.notReplayable) : UNKNOWN_INIT_TEXT}`}
                  data-testid="replay-run"
                >
                  Replay
                </button>
                <button type="button" aria-pressed={run.pinned} onClick={() => void kept.setPinned(run.id, !run.pinned)}>
                  {run.pinned ? 'Unpin' : 'Pin'}
                </button>
                <button type="button" onClick={() => void kept.remove(run.id)} aria-label={`Delete ${run.name}`}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
        {chosen.length >= 2 && <RunCompare runs={chosen} profileText={controller.exampleText} dataset={controller.dataset} />}
      </section>
    </>
  );
}
