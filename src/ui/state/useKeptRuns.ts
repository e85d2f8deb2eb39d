/**
 * The kept runs of the current task (useRunList: rename, pin, delete, runs files): every run that finishes is
 * kept on its own (settings, seed, curves, test result, whether Replay can repeat it); "Keep this run" keeps
 * the current one now, with its weights. Storage failures are said next to the list, never thrown.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { Dataset } from '../../data/types';
import type { TrainerClient } from '../../worker/client';
import { errorText } from '../lib/format';
import type { AppConfig } from './appConfig';
import { curvesFromHistory, highLossFacts, replayFacts, runNameOnUpdate, testResultOf, type RunRecord } from './runRecord';
import { newRunId, readRun, saveRunKeepingWeights, saveRunWithStoredWeights } from './runStore';
import { useRunList, type RunList } from './useRunList';

export interface KeptRuns extends RunList {
  /** Keep the current run as it is now, with its weights (a second call, or the run finishing, updates the same record). */
  keepCurrent(): Promise<void>;
}

export function useKeptRuns(client: TrainerClient, dataset: Dataset | null, config: AppConfig): KeptRuns {
  const list = useRunList(dataset?.id ?? null);
  const { refresh, reportProblem } = list;
  const configRef = useRef(config);
  configRef.current = config;
  const datasetRef = useRef(dataset);
  datasetRef.current = dataset;
  /** The keeps in progress, one after another: a second must find the first's record written, not take it for deleted. */
  const keeping = useRef<Promise<void>>(Promise.resolve());

  /**
   * The current run as a record, with new weights only when asked (a word model's file is tens of MB; the worker
   * writes them: `written` says how long, and the value of the pending keep's mark it set); otherwise the weights
   * kept with the record it updates, if any, stay as they are, unread.
   */
  const recordNow = useCallback(
    async (withWeights: boolean): Promise<{ run: Omit<RunRecord, 'weights'>; written: { weightsLength: number; pendingMark: number } | null } | null> => {
      const snapshot = client.getSnapshot();
      const data = datasetRef.current;
      if (!snapshot.model || !data) return null;
      const settings = { ...configRef.current };
      // The record this run was kept as (the run's own fact: it came back with the run after a reload) is updated.
      // When the student deleted it meanwhile, the run is kept as a new record, as any finished run is, rather than
      // brought back under the deleted one's id: the undo of that deletion still holds the old record, and would
      // write it over the new one (same id); deleted stays deleted, the run's latest state is a new entry.
      const previous = snapshot.keptRecordId === null ? null : await readRun(snapshot.keptRecordId);
      if (client.getSnapshot().runId !== snapshot.runId) return null;
      const id = previous?.id ?? newRunId();
      // Noted on the run before its weights are exported below, so the checkpoint saved with them names the record.
      client.noteKept(id);
      // The worker writes the weights to the run store itself (an SST-2 model's 31 MB text never on this thread),
      // before it answers: the record, written next, never names weights not stored.
      const written = withWeights ? await client.keepWeights(id) : null;
      const history = client.getHistory();
      const run: Omit<RunRecord, 'weights'> = {
        id,
        name: runNameOnUpdate(previous, settings),
        pinned: previous?.pinned ?? false,
        dataId: data.id,
        classes: [...data.classes],
        settings,
        seed: settings.seed,
        createdAt: previous?.createdAt ?? Date.now(),
        step: snapshot.step,
        epoch: snapshot.epoch,
        curves: curvesFromHistory(history),
        test: snapshot.testMetrics ? testResultOf(snapshot.testMetrics, data.classes.length) : null,
        ...replayFacts(snapshot.origin),
        // Read from the whole history (the kept curve is averaged down): what the Train screen's note said at keeping.
        ...highLossFacts(history.trainLoss, data.classes.length),
      };
      return { run, written: written && { weightsLength: written.weightsLength, pendingMark: written.pendingMark } };
    },
    [client],
  );

  const keep = useCallback(
    (withWeights: boolean): Promise<void> => {
      const kept = keeping.current.then(async () => {
        try {
          const record = await recordNow(withWeights);
          if (!record) return;
          const { run, written } = record;
          await (written ? saveRunWithStoredWeights(run, written.weightsLength, written.pendingMark) : saveRunKeepingWeights(run));
          await refresh();
        } catch (error) {
          reportProblem(`The run could not be kept: ${errorText(error)}`);
        }
      });
      keeping.current = kept;
      return kept;
    },
    [recordNow, refresh, reportProblem],
  );

  // Every run that finishes is kept, when the worker's end-of-run test arrives: not from the status or the test
  // result on screen, which a run restored after a reload (done, its old result back) shows too.
  const keepRef = useRef(keep);
  keepRef.current = keep;
  useEffect(() => client.onRunFinished(() => void keepRef.current(false)), [client]);

  return { ...list, keepCurrent: () => keep(true) };
}
