/**
 * Memory-lab races as kept runs: one run per member with its settings, its per-step loss and gradient norm
 * (folded from the step events), its held-out accuracy curve and result; a stopped race's runs say so; they
 * pass the run store's checks and a runs file unchanged, and Compare's table names only the differing settings.
 */
import { describe, expect, it } from 'vitest';
import { MEMORY_DEFAULTS } from '../../model/taskDefaults';
import type { RaceEvent, RaceRecord } from '../../worker/protocol';
import { exportRuns, parseRunArchive } from '../state/runArchive';
import { checkRunRecord, settingsThatDiffer } from '../state/runRecord';
import { sampleRun } from '../state/runRecordSample';
import { addStepEvents, MEMORY_RUNS_DATA_ID, runsFromMemoryRace, type MemberStepCurves } from './memoryRuns';

const train = { ...MEMORY_DEFAULTS.train, learningRate: 0.01, steps: 50, evaluateEvery: 25, heldOutSize: 256, clipNorm: null, truncateAfter: 3, seed: 4 };
const model = (cell: 'rnn' | 'lstm' | 'gru') => ({ ...MEMORY_DEFAULTS.model, task: 'parity' as const, distance: 10, cell, gateBias: '1' as const });

function race(stopped: boolean): RaceRecord {
  const cells = ['rnn', 'lstm'] as const;
  return {
    kind: 'memory-race',
    train,
    chance: 0.5,
    shared: 'Same batches.',
    completedSteps: stopped ? 30 : 50,
    stopped,
    members: cells.map((cell, index) => ({
      label: cell.toUpperCase(),
      model: model(cell),
      curve: stopped ? [{ step: 25, accuracy: 0.5 + index / 4, loss: 0.7 }] : [{ step: 25, accuracy: 0.5, loss: 0.7 }, { step: 50, accuracy: 0.5 + index / 2, loss: 0.6 - index / 2 }],
      finalAccuracy: stopped ? 0.5 + index / 4 : 0.5 + index / 2,
      stepsTo095: index === 1 && !stopped ? 50 : null,
      seconds: 1,
    })),
  };
}

/** Step events as the worker sends them: member 0 and 1 in turn, in batches of any size. */
function stepEvents(steps: number): RaceEvent[] {
  return Array.from({ length: steps }, (_, index) => index + 1).flatMap((step) => [0, 1].map((member): RaceEvent => ({ kind: 'step', member, step, loss: 1 / step + member, gradNorm: 2 * step + member })));
}

describe('memory-lab races as kept runs', () => {
  it('keeps each member with its settings, per-step curves, held-out curve and held-out accuracy', () => {
    const curves: MemberStepCurves = [];
    const events = stepEvents(50);
    addStepEvents(curves, events.slice(0, 7));
    addStepEvents(curves, [{ kind: 'evaluation', member: 0, step: 25, accuracy: 0.5, loss: 0.7 }, ...events.slice(7)]);
    let next = 0;
    const runs = runsFromMemoryRace(race(false), curves, 1_000, () => `id-${next++}`);
    expect(runs.map((run) => [run.id, run.name, run.dataId, run.createdAt])).toEqual([
      ['id-0', 'RNN · parity · distance 10', MEMORY_RUNS_DATA_ID, 1_000],
      ['id-1', 'LSTM · parity · distance 10', MEMORY_RUNS_DATA_ID, 999],
    ]);
    const [rnn, lstm] = runs;
    expect(lstm.settings).toEqual({
      task: 'memory',
      memoryTask: 'parity',
      distance: 10,
      cell: 'lstm',
      hiddenSize: MEMORY_DEFAULTS.model.hiddenSize,
      gateBias: '1',
      recurrentInit: 'uniform',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: MEMORY_DEFAULTS.train.batchSize,
      clipNorm: null,
      truncateAfter: 3,
      steps: 50,
      evaluateEvery: 25,
      heldOutSize: 256,
      seed: 4,
    });
    expect(lstm.classes).toEqual(['even', 'odd']);
    expect([rnn.seed, rnn.step]).toEqual([4, 50]);
    // Every step of its own member, none of the other's.
    expect(rnn.curves.trainLoss).toEqual(Array.from({ length: 50 }, (_, index) => [index + 1, 1 / (index + 1)]).flat());
    expect(lstm.curves.gradNorm.slice(0, 4)).toEqual([1, 3, 2, 5]);
    expect(lstm.curves.valAccuracy).toEqual([25, 0.5, 50, 1]);
    expect(lstm.curves.valLoss).toEqual([25, 0.7, 50, 0.6 - 1 / 2]);
    expect([rnn.test, lstm.test]).toEqual([
      { accuracy: 0.5, macroAccuracy: null, count: 256, classRecall: [] },
      { accuracy: 1, macroAccuracy: null, count: 256, classRecall: [] },
    ]);
    expect(runs.every((run) => run.weights === null && run.init === undefined)).toBe(true);
    // Compare names what differs between the two members: the cell, nothing else.
    expect(settingsThatDiffer(runs.map((run) => run.settings)).map((difference) => difference.key)).toEqual(['cell']);

    // Through the run store's checks and a runs file, unchanged.
    for (const run of runs) expect(checkRunRecord(JSON.parse(JSON.stringify(run)))).toEqual(run);
    const parsed = parseRunArchive(exportRuns(runs));
    expect(parsed).toEqual({ runs });
  });

  it('keeps a stopped race marked as such, with what each member reached', () => {
    const curves = addStepEvents([], stepEvents(30));
    const runs = runsFromMemoryRace(race(true), curves, 1, () => 'x');
    expect(runs.map((run) => [run.name, run.step, run.test?.accuracy, run.curves.trainLoss.length])).toEqual([
      ['RNN · parity · distance 10 (stopped at step 30)', 30, 0.5, 60],
      ['LSTM · parity · distance 10 (stopped at step 30)', 30, 0.75, 60],
    ]);
    // Stopped before the first evaluation: no held-out result at all.
    const early = { ...race(true), completedSteps: 3, members: race(true).members.map((member) => ({ ...member, curve: [], finalAccuracy: Number.NaN })) };
    expect(runsFromMemoryRace(early, addStepEvents([], stepEvents(3)), 1, () => 'y').map((run) => run.test)).toEqual([null, null]);
  });

  it('accepts a held-out accuracy without per-class figures, and refuses per-class figures without a macro accuracy', () => {
    const heldOut = { ...sampleRun(), test: { accuracy: 0.9, macroAccuracy: null, count: 256, classRecall: [] } };
    expect(checkRunRecord(heldOut)).toEqual(heldOut);
    expect(checkRunRecord({ ...heldOut, test: { ...heldOut.test, classRecall: [0.5, 0.5] } })).toBe('its per-class recall is given without a macro accuracy');
    expect(checkRunRecord({ ...sampleRun(), test: { ...sampleRun().test, classRecall: [] } })).toBe('its per-class recall is not 2 shares between 0 and 1');
  });
});
