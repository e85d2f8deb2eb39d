/**
 * A finished (or stopped) race becomes kept runs, one per member, and a kept run becomes a replay: the pure
 * conversions between the worker's race record, the run store's records and the configuration. A raced run
 * keeps the member's whole configuration as its settings and `init: 'seed'`: its initial weights and batch
 * order are the engine's draw from that seed, so Replay rebuilds them exactly.
 */
import type { TaskRaceRecord } from '../../worker/protocol';
import { sanitizeConfig, type AppConfig } from '../state/appConfig';
import { defaultRunName, downsampleSeries, highLossFacts, replayRefusalText, testResultOf, UNKNOWN_INIT_TEXT, type KeptRun, type RunRecord } from '../state/runRecord';
import type { RaceEntry } from './raceMembers';

/**
 * One kept run per member (`entries` in the race's member order), named after its settings, under the id the race
 * was given for it (`keepWeightsAs`: the worker wrote its weights there, `keptWeightsLength`), else a new one.
 */
export function runsFromRace(record: TaskRaceRecord, entries: readonly RaceEntry[], classes: readonly string[], createdAt: number, newId: () => string): KeptRun[] {
  return record.members.map((member, index) => {
    const settings = { ...entries[index].settings };
    const name = `Race: ${defaultRunName(settings)}${record.stoppedBecause ? ' (stopped)' : ''}`;
    return {
      id: member.keepWeightsAs ?? newId(),
      name,
      pinned: false,
      dataId: record.dataId,
      classes: [...classes],
      settings,
      seed: settings.seed,
      // Listed in the race's order: the first member newest.
      createdAt: createdAt - index,
      step: member.step,
      epoch: member.epoch,
      curves: {
        trainLoss: downsampleSeries(member.curves.trainLoss),
        gradNorm: downsampleSeries(member.curves.gradNorm),
        valLoss: downsampleSeries(member.curves.valLoss),
        valAccuracy: downsampleSeries(member.curves.valAccuracy),
      },
      test: member.test ? testResultOf(member.test, classes.length) : null,
      weightsLength: member.keptWeightsLength,
      init: 'seed',
      // The member's note in the race (RaceHighLossNotes), kept with it.
      ...highLossFacts(member.curves.trainLoss, classes.length),
    };
  });
}

/**
 * The pending keeps' marks the worker set with the members' weights (kept run id → the mark's value), for the run store
 * to clear once the records are written, each only while it is still that value (saveRunsWithStoredWeights).
 */
export function pendingKeepMarks(record: TaskRaceRecord): Map<string, number> {
  return new Map(record.members.flatMap((member) => (member.keepWeightsAs !== undefined && member.keptWeightsMark !== null ? [[member.keepWeightsAs, member.keptWeightsMark] as const] : [])));
}

/** The configuration that replays `run` on this task, or the reason it cannot be replayed. */
export function replayConfig(run: Omit<RunRecord, 'weights'>, current: AppConfig, dataId: string | null): { config: AppConfig } | { problem: string } {
  if (run.init !== 'seed') {
    return { problem: `"${run.name}" cannot be replayed: ${run.notReplayable ? replayRefusalText(run.notReplayable) : UNKNOWN_INIT_TEXT}.` };
  }
  if (run.dataId !== dataId) return { problem: `"${run.name}" was trained on other data (${run.dataId}); open that task to replay it.` };
  // The run's own settings, seed included; only where it runs (the backend) stays the user's choice.
  return { config: { ...sanitizeConfig(run.settings), backend: current.backend } };
}
