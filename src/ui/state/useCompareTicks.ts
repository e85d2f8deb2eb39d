/**
 * Compare's ticks for one list of kept runs, kept across reloads (compareTicks.ts): read back when the list's data id
 * is known, trimmed to the runs still kept once the list was read (a run deleted since holds no tick), saved on
 * every change. A run deleted now keeps its tick until the next visit, so that Undo delete brings it back ticked.
 */
import { useEffect, useState } from 'react';
import { keptSelection } from '../lib/compareSelection';
import { loadCompareTicks, saveCompareTicks } from './compareTicks';
import type { RunList } from './useRunList';

interface Ticks {
  dataId: string | null;
  ids: string[];
  /** Trimmed to the runs the list holds (done once per data id, after its first read). */
  isChecked: boolean;
}

function ticksOf(dataId: string | null): Ticks {
  return { dataId, ids: loadCompareTicks(dataId), isChecked: false };
}

export function useCompareTicks(dataId: string | null, list: Pick<RunList, 'runs' | 'listedFor'>): [string[], (ids: string[]) => void] {
  const [ticks, setTicks] = useState(() => ticksOf(dataId));
  // Another task: its own ticks, read at once (during the render, so the other list's ticks are never shown here).
  const current = ticks.dataId === dataId ? ticks : ticksOf(dataId);
  if (current !== ticks) setTicks(current);

  const { runs, listedFor } = list;
  useEffect(() => {
    if (current.isChecked || listedFor !== current.dataId) return;
    setTicks({
      ...current,
      ids: keptSelection(
        current.ids,
        runs.map((run) => run.id),
      ),
      isChecked: true,
    });
  }, [current, listedFor, runs]);

  useEffect(() => {
    if (ticks.dataId !== null) saveCompareTicks(ticks.dataId, ticks.ids);
  }, [ticks]);

  return [current.ids, (ids) => setTicks((previous) => ({ ...previous, ids }))];
}
