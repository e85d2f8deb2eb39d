/**
 * The kept runs of one data id (a task, or the memory lab's races): the list as stored, rename, pin, delete,
 * and runs to and from one JSON file. Storage failures and refused files are said next to the list, never thrown.
 */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../lib/format';
import { exportRuns, parseRunArchive } from './runArchive';
import type { RunRecord } from './runRecord';
import { deleteRun, listRuns, saveRuns, updateRun } from './runStore';

export interface RunList {
  runs: RunRecord[];
  /** What went wrong last (a refused import file, storage that failed), in words; null when all is well. */
  problem: string | null;
  /** Say what went wrong (keeping a run failed) next to the list. */
  reportProblem(problem: string): void;
  rename(id: string, name: string): Promise<void>;
  setPinned(id: string, pinned: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  /** The JSON file's text for these runs (all listed runs when `ids` is empty). */
  exportText(ids: readonly string[]): string;
  /** Keep every run of a runs file, or none, with a message saying why. */
  importText(text: string): Promise<void>;
  /** Read the list again (runs kept elsewhere: a race, the end of a run). */
  refresh(): Promise<void>;
}

export function useRunList(dataId: string | null): RunList {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!dataId) return;
    try {
      const listed = await listRuns(dataId);
      setRuns(listed.runs);
      setProblem(listed.refused > 0 ? `${listed.refused} stored run(s) could not be read back and are not shown.` : null);
    } catch (error) {
      setProblem(`The kept runs could not be read: ${errorText(error)}`);
    }
  }, [dataId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const rename = useCallback(
    async (id: string, name: string) => {
      await updateRun(id, { name: name.trim() || 'Unnamed run' }).catch((error: unknown) => setProblem(errorText(error)));
      await refresh();
    },
    [refresh],
  );
  const setPinned = useCallback(
    async (id: string, pinned: boolean) => {
      await updateRun(id, { pinned }).catch((error: unknown) => setProblem(errorText(error)));
      await refresh();
    },
    [refresh],
  );
  const remove = useCallback(
    async (id: string) => {
      await deleteRun(id).catch((error: unknown) => setProblem(errorText(error)));
      await refresh();
    },
    [refresh],
  );
  const exportText = useCallback(
    (ids: readonly string[]) => exportRuns(ids.length === 0 ? runs : runs.filter((run) => ids.includes(run.id))),
    [runs],
  );
  const importText = useCallback(
    async (text: string) => {
      const parsed = parseRunArchive(text);
      if ('problem' in parsed) {
        setProblem(parsed.problem);
        return;
      }
      try {
        await saveRuns(parsed.runs);
        await refresh();
        const elsewhere = parsed.runs.filter((run) => run.dataId !== dataId).length;
        if (elsewhere > 0) setProblem(`${elsewhere} imported run(s) belong to another task and are listed there.`);
      } catch (error) {
        setProblem(`The runs could not be kept: ${errorText(error)}`);
      }
    },
    [dataId, refresh],
  );

  return { runs, problem, reportProblem: setProblem, rename, setPinned, remove, exportText, importText, refresh };
}
