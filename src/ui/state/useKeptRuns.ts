/**
 * The kept runs of the current task: every run that finishes is kept on its own (settings, seed, curves,
 * test result); "Keep this run" keeps the current one now, with its weights. Rename, pin, delete, and
 * runs to and from one JSON file. Storage failures are said next to the list, never thrown.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dataset } from '../../data/types';
import type { TrainerClient } from '../../worker/client';
import { errorText } from '../lib/format';
import type { AppConfig } from './appConfig';
import { exportRuns, parseRunArchive } from './runArchive';
import { curvesFromHistory, defaultRunName, replayFacts, testResultOf, type RunRecord } from './runRecord';
import { deleteRun, listRuns, newRunId, saveRun, saveRuns, updateRun } from './runStore';

export interface KeptRuns {
  runs: RunRecord[];
  /** What went wrong last (a refused import file, storage that failed), in words; null when all is well. */
  problem: string | null;
  /** Keep the current run as it is now, with its weights (a second call updates the same record). */
  keepCurrent(): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  setPinned(id: string, pinned: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  /** The JSON file's text for these runs (all kept runs of the task when `ids` is empty). */
  exportText(ids: readonly string[]): string;
  /** Keep every run of a runs file, or none, with a message saying why. */
  importText(text: string): Promise<void>;
  /** Read the list again (runs kept elsewhere: a race). */
  refresh(): Promise<void>;
}

export function useKeptRuns(client: TrainerClient, dataset: Dataset | null, config: AppConfig): KeptRuns {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const dataId = dataset?.id ?? null;
  const configRef = useRef(config);
  configRef.current = config;
  const datasetRef = useRef(dataset);
  datasetRef.current = dataset;
  /** The record each client run was kept as, so keeping again (or the run finishing) updates it. */
  const recordOfRun = useRef(new Map<number, string>());

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

  /** The current run as a record (weights only when asked: a word model's file is tens of MB). */
  const recordNow = useCallback(
    async (withWeights: boolean): Promise<RunRecord | null> => {
      const snapshot = client.getSnapshot();
      const data = datasetRef.current;
      if (!snapshot.model || !data) return null;
      const settings = { ...configRef.current };
      const id = recordOfRun.current.get(snapshot.runId) ?? newRunId();
      recordOfRun.current.set(snapshot.runId, id);
      const previous = runs.find((run) => run.id === id);
      const weights = withWeights ? await (await client.exportModel()).blob.text() : (previous?.weights ?? null);
      return {
        id,
        name: previous?.name ?? defaultRunName(settings),
        pinned: previous?.pinned ?? false,
        dataId: data.id,
        classes: [...data.classes],
        settings,
        seed: settings.seed,
        createdAt: previous?.createdAt ?? Date.now(),
        step: snapshot.step,
        epoch: snapshot.epoch,
        curves: curvesFromHistory(client.getHistory()),
        test: snapshot.testMetrics ? testResultOf(snapshot.testMetrics, data.classes.length) : null,
        weights,
        ...replayFacts(snapshot.origin),
      };
    },
    [client, runs],
  );

  const keep = useCallback(
    async (withWeights: boolean) => {
      try {
        const record = await recordNow(withWeights);
        if (!record) return;
        await saveRun(record);
        await refresh();
      } catch (error) {
        setProblem(`The run could not be kept: ${errorText(error)}`);
      }
    },
    [recordNow, refresh],
  );

  // Every run that finishes is kept: the test result arriving at the end of training marks it.
  const keepRef = useRef(keep);
  keepRef.current = keep;
  useEffect(() => {
    let previous = client.getSnapshot();
    return client.subscribe(() => {
      const snapshot = client.getSnapshot();
      const finished = snapshot.testMetrics !== null && previous.testMetrics === null && snapshot.runId === previous.runId;
      // A restored run (reload, task switch) gets its old test result back while paused: not a new run.
      const wasTraining = previous.status === 'training' || snapshot.status === 'training' || snapshot.status === 'done';
      previous = snapshot;
      if (finished && wasTraining) void keepRef.current(false);
    });
  }, [client]);

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

  return { runs, problem, keepCurrent: () => keep(true), rename, setPinned, remove, exportText, importText, refresh };
}
