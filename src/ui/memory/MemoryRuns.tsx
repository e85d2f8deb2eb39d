/**
 * The memory lab's kept runs: every member of every race (finished, or stopped and so marked) with its
 * settings, curves and held-out accuracy; renamed, pinned, deleted, exported and imported like the Train
 * step's runs, and 2–4 ticked runs compared (training loss, held-out accuracy, gradient norm, the settings
 * that differ). No Replay here: a race is started again from the lab's levers.
 */
import { useEffect } from 'react';
import { KeptRunsList } from '../components/KeptRunsList';
import { RunCompare } from '../components/RunCompare';
import { useCompareTicks } from '../state/useCompareTicks';
import { useRunList } from '../state/useRunList';
import { MEMORY_RUNS_DATA_ID } from './memoryRuns';

/** `keptVersion` grows each time the lab kept a race's runs: the list is read again. */
export function MemoryRuns({ keptVersion }: { keptVersion: number }) {
  const list = useRunList(MEMORY_RUNS_DATA_ID);
  const [selected, setSelected] = useCompareTicks(MEMORY_RUNS_DATA_ID, list);
  const { refresh } = list;
  useEffect(() => {
    if (keptVersion > 0) void refresh();
  }, [keptVersion, refresh]);
  const chosen = list.runs.filter((run) => selected.includes(run.id));
  return (
    <section className="card runs-card" aria-labelledby="memory-runs-heading" data-testid="memory-runs">
      <h2 id="memory-runs-heading">Kept races</h2>
      <p className="muted">Each cell of each race is kept here with its settings, curves and held-out accuracy. Tick 2–4 to compare them.</p>
      <KeptRunsList list={list} selected={selected} onSelectedChange={setSelected} fileName="rnn-playground-runs-memory" emptyText="No races kept yet.">
        <RunCompare runs={chosen} profileText={null} dataset={null} accuracyTitle="Held-out accuracy of each run" />
      </KeptRunsList>
    </section>
  );
}
