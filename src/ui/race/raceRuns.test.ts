/**
 * Raced runs through the run store's checks and the runs file, and back into a replay: the replay's model and
 * training settings are exactly those the member raced with (the worker's own test shows that equal settings
 * give an identical curve), and runs that cannot be replayed say why.
 */
import { describe, expect, it } from 'vitest';
import type { EvalMetrics } from '../../model/types';
import type { TaskRaceRecord } from '../../worker/protocol';
import { REPLAY_BLOCKERS, type RunOrigin } from '../../worker/client';
import { defaultsFor, type InputSource } from '../state/appConfig';
import { exportRuns, parseRunArchive } from '../state/runArchive';
import { checkRunRecord, replayFacts, replayRefusalText, type KeptRun, type RunRecord } from '../state/runRecord';
import { sampleRun } from '../state/runRecordSample';
import { defaultRaceEntries, entriesForCells, entriesForRuns, memberSummary, raceProblem, toRaceMembers } from './raceMembers';
import { pendingKeepMarks, replayConfig, runsFromRace } from './raceRuns';

const classes = ['Czech', 'English', 'Russian'];
const input: InputSource = { type: 'chars', alphabet: 'abc' };
const config = { ...defaultsFor('names'), hiddenSize: 8, batchSize: 512, epochs: 1, learningRate: 0.01, seed: 7 };
const test: EvalMetrics = { split: 'test', loss: 1, accuracy: 0.5, macroAccuracy: 0.4, confusion: [2, 0, 0, 1, 1, 0, 0, 1, 3], count: 8 };

/** The model file's text the worker kept for the first member (the others' not kept). */
const keptText = '{"format":"rnn-playground/torch-v1"}';

function raceOf(entries: ReturnType<typeof defaultRaceEntries>, stoppedBecause: string | null = null): TaskRaceRecord {
  // The first member was given its kept run's id (the worker wrote its weights there), the others not.
  const members = toRaceMembers(entries, input, classes).map((member, index) => (index === 0 ? { ...member, keepWeightsAs: 'kept-0' } : member));
  return {
    kind: 'task-race',
    dataId: 'names',
    shared: 'Same batches.',
    completedSteps: 2,
    totalSteps: 2,
    validationSampleSize: 512,
    stoppedBecause,
    members: members.map((member, index) => ({
      ...member,
      curves: { trainLoss: [1, 2.9 - index, 2, Number.NaN], gradNorm: [1, 3, 2, 4], valLoss: [2, 1.1], valAccuracy: [2, 0.4 + index / 10] },
      step: 2,
      epoch: 0,
      test: stoppedBecause ? null : test,
      keptWeightsLength: index === 0 && !stoppedBecause ? keptText.length : null,
      keptWeightsMark: index === 0 && !stoppedBecause ? 1_000_000.25 : null,
    })),
  };
}

/** A kept run whole, as Export reads it (the worker's text for the first member). */
function withText(run: KeptRun): RunRecord {
  const { weightsLength, ...rest } = run;
  return { ...rest, weights: weightsLength === null ? null : keptText };
}

function parseRunArchiveOrThrow(text: string): RunRecord[] {
  const parsed = parseRunArchive(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.runs;
}

describe('race members', () => {
  it('races the current model as an RNN and an LSTM by default', () => {
    const entries = defaultRaceEntries(config);
    expect(entries.map((entry) => [entry.label, entry.settings.cell, entry.settings.hiddenSize])).toEqual([
      ['RNN', 'rnn', 8],
      ['LSTM', 'lstm', 8],
    ]);
  });

  it('gives kept runs the current batch settings (same batches), keeping their own model and optimiser', () => {
    const runs = [
      { name: 'Mine', settings: { ...config, cell: 'gru', hiddenSize: 32, batchSize: 16, seed: 99, optimizer: 'sgd' } },
      { name: 'Mine', settings: { ...config, cell: 'rnn' } },
    ];
    const entries = entriesForRuns(config, runs);
    expect(entries.map((entry) => entry.label)).toEqual(['Mine', 'Mine (2)']);
    expect(entries[0].settings).toMatchObject({ cell: 'gru', hiddenSize: 32, optimizer: 'sgd', batchSize: 512, seed: 7, epochs: 1 });
    const members = toRaceMembers(entries, input, classes);
    expect(members[0].train).toEqual({ ...members[1].train, optimizer: 'sgd' });
  });

  it('summarise each member with its directions and dropout, so members that differ only there read differently', () => {
    const [plain, bidirectional, dropout] = entriesForRuns(config, [
      { name: 'A', settings: { ...config, cell: 'lstm' } },
      { name: 'B', settings: { ...config, cell: 'lstm', bidirectional: true } },
      { name: 'C', settings: { ...config, cell: 'lstm', dropout: 0.2 } },
    ]).map(memberSummary);
    // The same run without either: neither word.
    expect(plain).toBe('A: LSTM 8, Adam 0.01');
    expect(bidirectional).toBe('B: LSTM 8, bidirectional, Adam 0.01');
    expect(dropout).toBe('C: LSTM 8, dropout 0.2, Adam 0.01');
    const [stacked] = entriesForRuns(config, [{ name: 'Lecture', settings: { ...config, cell: 'lstm', hiddenSize: 100, numLayers: 2, bidirectional: true, dropout: 0.1, optimizer: 'adam', learningRate: 0.001 } }]);
    expect(memberSummary(stacked)).toBe('Lecture: LSTM 100 × 2 layers, bidirectional, dropout 0.1, Adam 0.001');
    // The tutorial network trains one layer in one direction whatever the settings say (toModelConfig).
    const [tutorial] = entriesForCells({ ...config, numLayers: 2, bidirectional: true, dropout: 0.1 }, ['tutorial']);
    expect(toRaceMembers([tutorial], input, classes)[0].model).toMatchObject({ numLayers: 1, bidirectional: false });
    expect(memberSummary(tutorial)).toBe('Tutorial RNN: Tutorial RNN 8, dropout 0.1, Adam 0.01');
  });

  it('says how many members a race takes', () => {
    expect(raceProblem(entriesForCells(config, ['rnn']))).toBe('Choose at least 2 members (up to 4).');
    expect(raceProblem(entriesForCells(config, ['rnn', 'lstm', 'gru', 'tutorial', 'rnn']))).toBe('A race has at most 4 members: untick 1.');
    expect(raceProblem(entriesForCells(config, ['rnn', 'gru']))).toBeNull();
  });
});

describe('raced runs', () => {
  it('are kept one per member, pass the store check unchanged and survive the runs file', () => {
    const entries = defaultRaceEntries(config);
    let next = 0;
    const kept = runsFromRace(raceOf(entries), entries, classes, 1_700_000_000_000, () => `race-${++next}`);
    expect(kept.map((run) => run.name)).toEqual(['Race: RNN 8 · Adam 0.01 · 1 epoch', 'Race: LSTM 8 · Adam 0.01 · 1 epoch']);
    // The id the worker wrote the weights under, and their length; a member given none gets a new id, no weights.
    expect(kept[0]).toMatchObject({ id: 'kept-0', dataId: 'names', seed: 7, step: 2, init: 'seed', weightsLength: keptText.length });
    expect(kept[1]).toMatchObject({ id: 'race-1', weightsLength: null });
    // The pending keep's mark the worker set with those weights, for the run store to clear after the record.
    expect([...pendingKeepMarks(raceOf(entries))]).toEqual([['kept-0', 1_000_000.25]]);
    expect([...pendingKeepMarks(raceOf(entries, 'stopped'))]).toEqual([]);
    const runs = kept.map(withText);
    expect(runs[0].test).toEqual({ accuracy: 0.5, macroAccuracy: 0.4, count: 8, classRecall: [1, 0.5, 0.75] });
    expect(runs[1].curves.valAccuracy).toEqual([2, 0.5]);
    for (const run of runs) {
      // IndexedDB keeps a structured clone; the runs file keeps JSON (NaN as null, read back as NaN).
      expect(checkRunRecord(structuredClone(run))).toEqual(run);
    }
    const archive = parseRunArchive(exportRuns(runs));
    expect(archive).toEqual({ runs });
  });

  it('record the high-loss note of a member that was off when the race ended (in its entry and its runs file)', () => {
    const entries = defaultRaceEntries(config);
    const record = raceOf(entries, 'stopped');
    // The RNN sat at tens of nats (chance ln 3 = 1.10); the LSTM stayed near chance.
    record.members[0].curves.trainLoss = [1, 1.1, 2, 40, 3, 57, 4, 60, 5, 70];
    record.members[1].curves.trainLoss = [1, 1.1, 2, 1.0, 3, 0.9, 4, 0.9, 5, 0.8, 6, 0.8];
    let next = 0;
    const runs = runsFromRace(record, entries, classes, 1, () => `race-${++next}`).map(withText);
    expect(runs[0].highLoss).toEqual({ recentLoss: 57, chanceLoss: Math.log(3) });
    expect(runs[1]).not.toHaveProperty('highLoss');
    expect(parseRunArchive(exportRuns(runs))).toEqual({ runs });
  });

  it('marks a stopped race as such, without a test result', () => {
    const entries = defaultRaceEntries(config);
    const runs = runsFromRace(raceOf(entries, 'stopped'), entries, classes, 1, () => 'x');
    expect(runs.map((run) => [run.name.endsWith('(stopped)'), run.test])).toEqual([
      [true, null],
      [true, null],
    ]);
  });

  it('replay with exactly the model and training settings the member raced with', () => {
    const entries = entriesForRuns(config, [{ name: 'A', settings: { ...config, cell: 'gru', dropout: 0.2, clipNorm: 1 } }, { name: 'B', settings: config }]);
    const record = raceOf(entries);
    const runs = runsFromRace(record, entries, classes, 1, () => 'x').map(withText);
    for (const [index, run] of runs.entries()) {
      const stored = checkRunRecord(JSON.parse(JSON.stringify(run)));
      if (typeof stored === 'string') throw new Error(stored);
      const replay = replayConfig(stored, { ...defaultsFor('names'), backend: 'wasm' }, 'names');
      if ('problem' in replay) throw new Error(replay.problem);
      expect(replay.config.backend).toBe('wasm');
      const [rebuilt] = toRaceMembers([{ label: run.name, settings: replay.config }], input, classes);
      expect(rebuilt.model).toEqual(record.members[index].model);
      expect(rebuilt.train).toEqual(record.members[index].train);
    }
  });

  it('a Train-step run keeps its origin: one built from its seed replays with its settings, the others are refused with their cause', () => {
    const keep = (origin: RunOrigin, name: string) => {
      const [kept] = parseRunArchiveOrThrow(exportRuns([sampleRun({ name, settings: { ...config }, ...replayFacts(origin) })]));
      return replayConfig(kept, { ...config, backend: 'cpu' }, 'names');
    };
    const train = { optimizer: 'adam' as const, learningRate: 0.01, batchSize: 512, epochs: 1, clipNorm: null, sampling: 'natural' as const, bucketByLength: true, seed: 7 };
    expect(keep({ isReplayable: true, train }, 'Built')).toEqual({ config: { ...config, backend: 'cpu' } });
    expect(keep({ isReplayable: false, cause: 'opened-file', step: 0, detail: null }, 'Opened')).toEqual({
      problem: '"Opened" cannot be replayed: it started from an opened model file, so its initial weights are not drawn from its seed.',
    });
    expect(keep({ isReplayable: false, cause: 'restored', step: 120, detail: null }, 'Reloaded')).toEqual({
      problem: '"Reloaded" cannot be replayed: it went on at step 120 from the checkpoint kept at a reload or a task switch, where its optimiser and batch order started again.',
    });
    expect(keep({ isReplayable: false, cause: 'settings-changed', step: 40, detail: 'learningRate 0.01 → 0.02' }, 'Changed')).toEqual({
      problem: '"Changed" cannot be replayed: its training settings changed mid-run at step 40 (learningRate 0.01 → 0.02), so no one configuration describes it.',
    });
    expect(keep({ isReplayable: false, cause: 'backend-switched', step: 9, detail: 'to cpu' }, 'Moved')).toMatchObject({ problem: expect.stringContaining('the backend changed mid-run at step 9 (to cpu)') });
    // Every cause has its own words.
    const texts = REPLAY_BLOCKERS.map((cause) => replayRefusalText({ cause, step: 3, detail: null }));
    expect(new Set(texts).size).toBe(REPLAY_BLOCKERS.length);
    expect(checkRunRecord({ ...sampleRun(), notReplayable: { cause: 'gremlins', step: 1, detail: null } })).toBe('its reason not to be replayed is not a known cause with a step');
  });

  it('refuses to replay a run whose initial weights are unknown, or that belongs to other data', () => {
    expect(replayConfig(sampleRun({ name: 'Opened' }), config, 'names')).toEqual({
      problem: '"Opened" cannot be replayed: its initial weights are not known (it was not trained from a seed here, or was kept before runs recorded it).',
    });
    expect(replayConfig(sampleRun({ name: 'Elsewhere', init: 'seed', dataId: 'sst2' }), config, 'names')).toEqual({
      problem: '"Elsewhere" was trained on other data (sst2); open that task to replay it.',
    });
    expect(checkRunRecord({ ...sampleRun(), init: 'file' })).toBe('its initial weights are of an unknown kind ("init" must be "seed" or absent)');
  });
});
