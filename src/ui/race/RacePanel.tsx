/**
 * Race, on the Train step: 2–4 models trained at the same time in the worker, from the same seed on the same
 * batches, their loss, accuracy and gradient-norm curves drawn together as they go. Members: the current model
 * as RNN vs LSTM (default), cells picked by hand, or the ticked kept runs' settings. A plain line says what the
 * members share. When the race ends each member is kept as a run (settings, seed, curves, test result).
 */
import { useId, useMemo, useState, useSyncExternalStore } from 'react';
import type { CellType } from '../../model/types';
import { CELL_TYPES } from '../../model/types';
import { useClient } from '../hooks/clientContext';
import { formatInteger } from '../lib/format';
import type { AppController } from '../state/useAppController';
import { CELL_SHORT_NAMES, type KeptRun } from '../state/runRecord';
import { defaultRaceEntries, entriesForCells, entriesForRuns, MAX_TASK_RACE_MEMBERS, memberSummary, raceProblem } from './raceMembers';
import { RaceCharts } from './RaceCharts';
import { RaceHighLossNotes } from './RaceHighLossNotes';
import { raceSessionOf } from './raceSession';

type MemberSource = 'default' | 'cells' | 'runs';

export function RacePanel({ controller, tickedRuns }: { controller: AppController; tickedRuns: readonly KeptRun[] }) {
  const client = useClient();
  const session = raceSessionOf(client);
  const racing = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const [source, setSource] = useState<MemberSource>('default');
  const [cells, setCells] = useState<CellType[]>(['rnn', 'lstm', 'gru']);
  const groupName = useId();
  const { config, dataset, inputSource } = controller;
  // A finished race is shown on the Train step of the data it raced on only: after a switch to another task its
  // curves, its "Shared:" line and "Kept 2 runs below" (kept with the other task's runs) read as this task's. A race
  // under way stays in view everywhere, with its Stop button.
  const isOtherDataRace = racing.status !== 'running' && racing.status !== 'stopping' && racing.dataId !== null && racing.dataId !== (dataset?.id ?? null);
  const race = isOtherDataRace ? { ...racing, status: 'idle' as const, shared: null } : racing;

  const entries = useMemo(() => {
    if (source === 'cells') return entriesForCells(config, cells);
    if (source === 'runs') return entriesForRuns(config, tickedRuns);
    return defaultRaceEntries(config);
  }, [source, config, cells, tickedRuns]);
  const problem = raceProblem(entries);
  const isRunning = race.status === 'running' || race.status === 'stopping';
  // While racing, the members racing; otherwise those the Race button would start.
  const shownEntries = isRunning ? race.entries : entries;

  function toggleCell(cell: CellType, on: boolean) {
    setCells((current) => (on ? CELL_TYPES.filter((item) => item === cell || current.includes(item)) : current.filter((item) => item !== cell)));
  }

  return (
    <section className="card race-card" aria-labelledby="race-heading" data-testid="race-panel">
      <h2 id="race-heading">Race</h2>
      <p className="muted">
        Train 2–{MAX_TASK_RACE_MEMBERS} models at the same time, from the same seed on the same batches, one step each in turn, and
        watch their curves side by side. Each member becomes a kept run when the race ends.
      </p>
      <fieldset className="race-members" disabled={isRunning}>
        <legend>Members</legend>
        <label className="checkbox">
          <input type="radio" name={groupName} checked={source === 'default'} onChange={() => setSource('default')} data-testid="race-source-default" />
          The current model as RNN vs LSTM
        </label>
        <label className="checkbox">
          <input type="radio" name={groupName} checked={source === 'cells'} onChange={() => setSource('cells')} data-testid="race-source-cells" />
          The current model with these cells:
        </label>
        {source === 'cells' && (
          <div className="race-cells" role="group" aria-label="Cells to race">
            {CELL_TYPES.map((cell) => (
              <label key={cell} className="checkbox">
                <input type="checkbox" checked={cells.includes(cell)} onChange={(event) => toggleCell(cell, event.target.checked)} />
                {CELL_SHORT_NAMES[cell]}
              </label>
            ))}
          </div>
        )}
        <label className="checkbox">
          <input type="radio" name={groupName} checked={source === 'runs'} onChange={() => setSource('runs')} data-testid="race-source-runs" />
          The settings of the kept runs ticked below ({tickedRuns.length} ticked), on the current batch settings
        </label>
      </fieldset>
      <ul className="race-member-list" data-testid="race-members">
        {shownEntries.map((entry) => (
          <li key={entry.label}>{memberSummary(entry)}</li>
        ))}
      </ul>
      <div className="button-row">
        {isRunning ? (
          <button type="button" onClick={() => session.stop()} disabled={race.status === 'stopping'} data-testid="race-stop">
            {race.status === 'stopping' ? 'Stopping…' : '■ Stop race'}
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={() => dataset && inputSource && session.start(dataset, inputSource, entries)}
            disabled={problem !== null || !dataset || !inputSource}
            data-testid="race-start"
          >
            ▶ Race {entries.length > 0 ? entries.map((entry) => entry.label).join(' vs ') : ''}
          </button>
        )}
      </div>
      {problem && !isRunning && <p className="muted">{problem}</p>}
      {race.status === 'failed' && (
        <p className="error-note" role="alert" data-testid="race-error">
          {race.message}
        </p>
      )}
      {race.status !== 'idle' && race.status !== 'failed' && (
        <p role="status" data-testid="race-status">
          {isRunning ? `Racing: step ${formatInteger(race.step)} / ${race.totalSteps === null ? '…' : formatInteger(race.totalSteps)}. ` : ''}
          {race.message}
        </p>
      )}
      {race.shared && (
        <p className="race-shared" data-testid="race-shared">
          <strong>Shared:</strong> {race.shared}
        </p>
      )}
      {race.status !== 'idle' && <RaceHighLossNotes session={session} entries={race.entries} classCount={race.classCount} />}
      {race.status !== 'idle' && <RaceCharts session={session} labels={race.entries.map((entry) => entry.label)} sampleSize={race.validationSampleSize} />}
    </section>
  );
}
