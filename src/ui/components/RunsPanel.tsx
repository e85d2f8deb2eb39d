/**
 * The kept runs of this task: a list with editable names, pin, delete, Replay, and tick boxes that choose 2–4
 * runs for Compare (and for a race of their settings); "Keep this run" (with its weights), and export/import as
 * one JSON file. The Race panel sits above the list: its members arrive here as kept runs.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useClient, useClientState } from '../hooks/clientContext';
import { RacePanel } from '../race/RacePanel';
import { replayConfig } from '../race/raceRuns';
import { raceSessionOf } from '../race/raceSession';
import type { AppConfig } from '../state/appConfig';
import { replayRefusalText, UNKNOWN_INIT_TEXT, type KeptRun } from '../state/runRecord';
import type { AppController } from '../state/useAppController';
import { useCompareTicks } from '../state/useCompareTicks';
import { useKeptRuns } from '../state/useKeptRuns';
import { KeptRunsList } from './KeptRunsList';
import { RunCompare } from './RunCompare';

export function RunsPanel({ controller }: { controller: AppController }) {
  const client = useClient();
  const hasModel = useClientState((snapshot) => snapshot.model !== null);
  const kept = useKeptRuns(client, controller.dataset, controller.config);
  const [selected, setSelected] = useCompareTicks(controller.dataset?.id ?? null, kept);
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

  function replay(run: KeptRun) {
    const plan = replayConfig(run, controller.config, controller.dataset?.id ?? null);
    if ('problem' in plan) {
      setReplayNote(plan.problem);
      return;
    }
    pendingReplay.current = { config: plan.config, name: run.name };
    controller.updateConfig(plan.config);
  }

  return (
    <>
      <RacePanel controller={controller} tickedRuns={chosen} />
      <section className="card runs-card" aria-labelledby="runs-heading" data-testid="runs-panel">
        <h2 id="runs-heading">Kept runs</h2>
        <p className="muted">Every finished run is kept here with its settings, curves and test result. Tick 2–4 runs to compare them.</p>
        <KeptRunsList
          list={kept}
          selected={selected}
          onSelectedChange={setSelected}
          fileName={`rnn-playground-runs-${controller.dataset?.id ?? 'task'}`}
          emptyText="No runs kept yet for this task."
          actions={
            <button type="button" onClick={() => void kept.keepCurrent()} disabled={!hasModel} data-testid="keep-run">
              Keep this run (with its weights)
            </button>
          }
          note={
            replayNote && (
              <p role="status" data-testid="replay-note">
                {replayNote}
              </p>
            )
          }
          runAction={(run) => (
            <button
              type="button"
              onClick={() => replay(run)}
              aria-label={`Replay ${run.name}`}
              title={run.init === 'seed' ? 'Train again from the same initial weights on the same batches' : `It cannot be replayed: ${run.notReplayable ? replayRefusalText(run.notReplayable) : UNKNOWN_INIT_TEXT}`}
              data-testid="replay-run"
            >
              Replay
            </button>
          )}
        >
          <RunCompare runs={chosen} profileText={controller.exampleText} dataset={controller.dataset} />
        </KeptRunsList>
      </section>
    </>
  );
}
