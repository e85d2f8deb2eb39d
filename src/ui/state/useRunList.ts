/**
 * The kept runs of one data id (a task, or the memory lab's races): the list as stored, rename, pin, delete (with
 * an undo: the deleted records are held here until put back or let go), and runs to and from one JSON file.
 * Storage failures and refused files are said next to the list, never thrown.
 */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../lib/format';
import { readRunsFile, type RunsFile } from './runArchive';
import { withDeleted } from './runDeletion';
import { cleanRunName, type KeptRun } from './runRecord';
import { runsFileBlob } from './runsFile';
import { deleteRun, forgetWeights, listRuns, restoreRuns, saveRuns, updateRun } from './runStore';

export interface RunList {
  /** The runs without their weights' text (a run's `weightsLength` says whether they are kept): read by id when needed. */
  runs: KeptRun[];
  /** The data id whose runs `runs` are (null before the first read): until it is this list's, `runs` is not. */
  listedFor: string | null;
  /** What went wrong last (a refused import file, storage that failed), in words; null when all is well. */
  problem: string | null;
  /** Say what went wrong (keeping a run failed) next to the list. */
  reportProblem(problem: string): void;
  rename(id: string, name: string): Promise<void>;
  setPinned(id: string, pinned: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  /** The runs deleted since the undo was last taken or let go (oldest first); empty when there is nothing to undo. */
  deleted: readonly KeptRun[];
  /** Put every run in `deleted` back as it was (name, pin, place in the list, weights). */
  undoRemove(): Promise<void>;
  /** Let the deleted runs go (hides the undo; their weights are deleted). */
  forgetRemoved(): void;
  /** The JSON file for these runs (all listed runs when `ids` is empty), weights inline as ever, written in a worker. */
  exportFile(ids: readonly string[]): Promise<Blob>;
  /** Keep every run of a runs file, or none, with a message saying why (a file over the limit is never read). */
  importFile(file: RunsFile): Promise<void>;
  /** Read the list again (runs kept elsewhere: a race, the end of a run). */
  refresh(): Promise<void>;
}

export function useRunList(dataId: string | null): RunList {
  const [runs, setRuns] = useState<KeptRun[]>([]);
  const [listedFor, setListedFor] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Held with the data id they belong to: another task's list never offers to undo this one's deletions.
  const [deletion, setDeletion] = useState<{ dataId: string | null; runs: KeptRun[] }>({ dataId, runs: [] });
  const deleted = deletion.dataId === dataId ? deletion.runs : [];

  const refresh = useCallback(async () => {
    if (!dataId) return;
    try {
      const listed = await listRuns(dataId);
      setRuns(listed.runs);
      setListedFor(dataId);
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
      await updateRun(id, { name: cleanRunName(name) }).catch((error: unknown) => setProblem(errorText(error)));
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
      const run = runs.find((item) => item.id === id);
      try {
        await deleteRun(id);
        // The record as listed, written back unchanged by the undo; its weights stay stored until the undo is let go.
        if (run) setDeletion((current) => ({ dataId, runs: withDeleted(current.dataId === dataId ? current.runs : [], run) }));
      } catch (error) {
        setProblem(errorText(error));
      }
      await refresh();
    },
    [dataId, runs, refresh],
  );
  const undoRemove = useCallback(async () => {
    try {
      await restoreRuns(deleted);
      setDeletion({ dataId, runs: [] });
    } catch (error) {
      setProblem(`The deleted runs could not be put back: ${errorText(error)}`);
    }
    await refresh();
  }, [dataId, deleted, refresh]);
  const forgetRemoved = useCallback(() => {
    void forgetWeights(deleted.map((run) => run.id)).catch((error: unknown) => setProblem(errorText(error)));
    setDeletion({ dataId, runs: [] });
  }, [dataId, deleted]);
  // Written in a worker, which reads the weights itself: the page never holds the file's text.
  const exportFile = useCallback((ids: readonly string[]) => runsFileBlob(ids.length === 0 ? runs : runs.filter((run) => ids.includes(run.id))), [runs]);
  const importFile = useCallback(
    async (file: RunsFile) => {
      const parsed = await readRunsFile(file);
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

  return { runs, listedFor, problem, reportProblem: setProblem, rename, setPinned, remove, deleted, undoRemove, forgetRemoved, exportFile, importFile, refresh };
}
