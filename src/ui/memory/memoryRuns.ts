/**
 * A memory-lab race becomes kept runs, one per member, listed under the memory lab (data id `memory`): the
 * member's settings (task, distance, cell, levers, optimiser, clipping, truncated BPTT, seed), its training
 * loss and gradient norm at every step (folded from the race's step events, which the record does not keep),
 * its held-out accuracy curve and final held-out accuracy. A stopped race's members are kept too, marked as
 * stopped, with what they reached. Pure: no React, no storage.
 */
import { memoryTaskSpec } from '../../data/memoryTasks';
import type { RaceEvent, RaceRecord } from '../../worker/protocol';
import { CELL_SHORT_NAMES, downsampleSeries, type RunRecord, type RunSettings } from '../state/runRecord';

/** The data id memory-lab runs are kept under (no data set has it: uploads are `upload:…`). */
export const MEMORY_RUNS_DATA_ID = 'memory';

/** Each member's training loss and gradient norm, flattened [step, value, …] like a kept run's curves. */
export type MemberStepCurves = { trainLoss: number[]; gradNorm: number[] }[];

/** `curves` with the steps among `events` appended (in place: the lab keeps them in a ref, nothing renders them). */
export function addStepEvents(curves: MemberStepCurves, events: readonly RaceEvent[]): MemberStepCurves {
  for (const event of events) {
    if (event.kind !== 'step') continue;
    while (curves.length <= event.member) curves.push({ trainLoss: [], gradNorm: [] });
    curves[event.member].trainLoss.push(event.step, event.loss);
    curves[event.member].gradNorm.push(event.step, event.gradNorm);
  }
  return curves;
}

/** A member's settings as a kept run shows and compares them (PyTorch-style names, as the lab's levers). */
function settingsOf(record: RaceRecord, member: RaceRecord['members'][number]): RunSettings {
  const { model } = member;
  const { train } = record;
  return {
    task: 'memory',
    memoryTask: model.task,
    distance: model.distance,
    cell: model.cell,
    hiddenSize: model.hiddenSize,
    gateBias: model.gateBias,
    recurrentInit: model.recurrentInit,
    optimizer: train.optimizer,
    learningRate: train.learningRate,
    batchSize: train.batchSize,
    clipNorm: train.clipNorm,
    truncateAfter: train.truncateAfter,
    steps: train.steps,
    evaluateEvery: train.evaluateEvery,
    heldOutSize: train.heldOutSize,
    seed: train.seed,
  };
}

/** 'LSTM · first-symbol · distance 30': what a member's run is called until the user renames it. */
export function memoryRunName(record: RaceRecord, member: RaceRecord['members'][number]): string {
  const stopped = record.stopped ? ` (stopped at step ${record.completedSteps})` : '';
  return `${CELL_SHORT_NAMES[member.model.cell]} · ${member.model.task} · distance ${member.model.distance}${stopped}`;
}

/** One kept run per member of `record` (in the race's order, the first listed first). */
export function runsFromMemoryRace(record: RaceRecord, steps: MemberStepCurves, createdAt: number, newId: () => string): RunRecord[] {
  return record.members.map((member, index) => {
    const spec = memoryTaskSpec(member.model.task);
    const last = member.curve.at(-1);
    return {
      id: newId(),
      name: memoryRunName(record, member),
      pinned: false,
      dataId: MEMORY_RUNS_DATA_ID,
      classes: [...spec.classes],
      settings: settingsOf(record, member),
      seed: record.train.seed,
      createdAt: createdAt - index,
      step: record.completedSteps,
      epoch: 0,
      curves: {
        trainLoss: downsampleSeries(steps[index]?.trainLoss ?? []),
        gradNorm: downsampleSeries(steps[index]?.gradNorm ?? []),
        valLoss: downsampleSeries(member.curve.flatMap((point) => [point.step, point.loss])),
        valAccuracy: downsampleSeries(member.curve.flatMap((point) => [point.step, point.accuracy])),
      },
      // The held-out accuracy is plain accuracy only (not measured per class); a race stopped before its first
      // evaluation has none.
      test: last ? { accuracy: last.accuracy, macroAccuracy: null, count: record.train.heldOutSize, classRecall: [] } : null,
      weights: null,
    };
  });
}
