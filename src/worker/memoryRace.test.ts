import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../model/nodeBackend';
import type { MemoryStepOutcome, MemoryTrainConfig } from '../model/memorySession';
import type { MemoryTrainDefaults } from '../model/taskDefaults';
import type { MemoryModelConfig } from '../model/types';
import { defaultRaceEnvironment, MemoryRace, type RaceEnvironment, type RaceEvent } from './memoryRace';

const train: MemoryTrainDefaults = { optimizer: 'adam', learningRate: 3e-3, batchSize: 4, clipNorm: 5, seed: 2, heldOutSize: 16, steps: 6, evaluateEvery: 3, truncateAfter: null };
const model = (cell: MemoryModelConfig['cell']): MemoryModelConfig => ({ task: 'first-symbol', distance: 4, cell, hiddenSize: 4, gateBias: 'chrono', recurrentInit: 'uniform' });
const environment = { ...defaultRaceEnvironment, yieldToEventLoop: () => Promise.resolve() };

describe('MemoryRace', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  it('interleaves members step by step and evaluates them at the same steps', async () => {
    const events: RaceEvent[] = [];
    const race = new MemoryRace([{ label: 'RNN', model: model('rnn') }, { label: 'LSTM', model: model('lstm') }, { label: 'GRU', model: model('gru') }], train, environment);
    const record = await race.run((event) => events.push(event));
    const steps = events.filter((event) => event.kind === 'step').map((event) => `${event.step}:${event.member}`);
    expect(steps).toEqual(['1:0', '1:1', '1:2', '2:0', '2:1', '2:2', '3:0', '3:1', '3:2', '4:0', '4:1', '4:2', '5:0', '5:1', '5:2', '6:0', '6:1', '6:2']);
    expect(record.members.map((member) => member.curve.map((point) => point.step))).toEqual([[3, 6], [3, 6], [3, 6]]);
    expect(record).toMatchObject({ kind: 'memory-race', completedSteps: 6, stopped: false, chance: 1 / 8 });
    expect(record.shared).toMatch(/first H rows of rnn.weight_ih_l0/);
    // Plain data: a run store can keep it as it is.
    expect(structuredClone(record)).toEqual(record);
  });

  it('trains each member exactly as it would alone (same batches, same seed)', async () => {
    const losses: number[] = [];
    await new MemoryRace([{ label: 'A', model: model('gru') }, { label: 'B', model: model('lstm') }], train, environment).run((event) => {
      if (event.kind === 'step' && event.member === 0) losses.push(event.loss);
    });
    const alone = defaultRaceEnvironment.createSession(model('gru'), { ...train });
    const aloneLosses: number[] = [];
    for (let i = 0; i < train.steps; i++) aloneLosses.push((await alone.trainStep()).loss);
    alone.dispose();
    expect(losses).toEqual(aloneLosses);
  });

  it('stops after the current step and says so', async () => {
    const race = new MemoryRace([{ label: 'A', model: model('rnn') }, { label: 'B', model: model('gru') }], train, environment);
    const record = await race.run((event) => {
      if (event.kind === 'step' && event.step === 2 && event.member === 1) race.stop();
    });
    expect(record).toMatchObject({ completedSteps: 2, stopped: true });
  });

  it('measures ‖∂L/∂h_t‖ and the gates untrained and at every evaluation, as the session does alone', async () => {
    const insights: RaceEvent[] = [];
    const record = await new MemoryRace([{ label: 'RNN', model: model('rnn') }, { label: 'GRU', model: model('gru') }], train, environment, { insightSize: 8 }).run((event) => {
      if (event.kind === 'insight') insights.push(event);
    });
    expect(insights.map((event) => `${event.member}@${event.step}`)).toEqual(['0@0', '1@0', '0@3', '1@3', '0@6', '1@6']);
    const alone = defaultRaceEnvironment.createSession(model('gru'), { ...train });
    const untrained = await alone.insight(8);
    alone.dispose();
    const gruRecord = record.members[1].insights!;
    expect(gruRecord[0].gradNorms).toEqual(Array.from(untrained.gradNorms));
    expect(gruRecord[0].gradNorms).toHaveLength(4 + 2);
    expect(gruRecord[0].gates.map((gate) => gate.gate)).toEqual(['r', 'z']);
    expect(gruRecord[0].memorySpan).toBeCloseTo(untrained.memorySpan!, 6);
    expect(record.members[0].insights!.every((insight) => insight.memorySpan === null)).toBe(true);
    // Training changes the network, so the later rows differ from the first.
    expect(gruRecord[2].gradNorms).not.toEqual(gruRecord[0].gradNorms);
  });

  it('runs a single member (a sweep of one cell)', async () => {
    const record = await new MemoryRace([{ label: 'LSTM', model: model('lstm') }], train, environment).run(() => undefined);
    expect(record.members).toHaveLength(1);
    expect(record.members[0].curve).toHaveLength(2);
  });

  it('gives a member its own clipping when it names one, and records it', async () => {
    const seen: (number | null)[] = [];
    const spying: RaceEnvironment = {
      ...environment,
      createSession: (sessionModel, sessionTrain) => {
        seen.push(sessionTrain.clipNorm);
        return defaultRaceEnvironment.createSession(sessionModel, sessionTrain);
      },
    };
    const record = await new MemoryRace(
      [
        { label: 'off', model: model('rnn'), clipNorm: null },
        { label: 'on', model: model('rnn'), clipNorm: 0.5 },
        { label: 'race', model: model('rnn') },
      ],
      { ...train, steps: 1 },
      spying,
    ).run(() => undefined);
    expect(seen).toEqual([null, 0.5, train.clipNorm]);
    expect(record.members.map((member) => member.clipNorm)).toEqual([null, 0.5, undefined]);
  });

  /** Sessions that report scripted steps: member m's step s is not finite when `blowsUp(m, s)`. */
  function scriptedEnvironment(blowsUp: (member: number, step: number) => number | null): RaceEnvironment {
    let created = 0;
    return {
      ...environment,
      createSession: (_model: MemoryModelConfig, _train: MemoryTrainConfig) => {
        const member = created++;
        let step = 0;
        return {
          chance: 1 / 8,
          trainStep: (): Promise<MemoryStepOutcome> => {
            step++;
            const bad = blowsUp(member, step);
            return Promise.resolve(bad === null ? { step, loss: 1, gradNorm: 2, applied: true } : { step, loss: bad, gradNorm: Number.NaN, applied: false });
          },
          evaluate: () => Promise.resolve({ accuracy: 0.5, loss: 1, count: 4 }),
          insight: () => Promise.reject(new Error('no insights here')),
          dispose: () => undefined,
        };
      },
    };
  }

  it('stops a member whose loss stops being a number, says where, and lets the others finish', async () => {
    const events: RaceEvent[] = [];
    const record = await new MemoryRace([{ label: 'off', model: model('rnn') }, { label: 'on', model: model('rnn') }], train, scriptedEnvironment((member, step) => (member === 0 && step === 2 ? Number.NaN : null))).run((event) => events.push(event));
    const stepsOf = (member: number) => events.filter((event) => event.kind === 'step' && event.member === member).map((event) => event.step);
    expect(stepsOf(0)).toEqual([1, 2]);
    expect(stepsOf(1)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.filter((event) => event.kind === 'diverged')).toEqual([{ kind: 'diverged', member: 0, step: 2, loss: Number.NaN, gradNorm: Number.NaN }]);
    expect(record.members[0].diverged).toEqual({ step: 2, loss: Number.NaN, gradNorm: Number.NaN });
    expect(record.members[0].curve).toEqual([]);
    expect(record.members[1].diverged).toBeUndefined();
    expect(record.members[1].curve.map((point) => point.step)).toEqual([3, 6]);
    expect(record).toMatchObject({ completedSteps: 6, stopped: false });
  });

  it('ends when every member has diverged, without calling that a stop', async () => {
    const record = await new MemoryRace([{ label: 'a', model: model('rnn') }, { label: 'b', model: model('rnn') }], train, scriptedEnvironment((member, step) => (step === member + 2 ? Number.POSITIVE_INFINITY : null))).run(() => undefined);
    expect(record.members.map((member) => member.diverged?.step)).toEqual([2, 3]);
    expect(record.members[1].curve.map((point) => point.step)).toEqual([]);
    expect(record).toMatchObject({ completedSteps: 3, stopped: false });
  });

  it('refuses no member, five members, or members on different distances', () => {
    expect(() => new MemoryRace([], train, environment)).toThrow(/1 to 4 members/);
    expect(() => new MemoryRace(Array.from({ length: 5 }, () => ({ label: 'A', model: model('rnn') })), train, environment)).toThrow(/1 to 4/);
    expect(() => new MemoryRace([{ label: 'A', model: model('rnn') }, { label: 'B', model: { ...model('gru'), distance: 5 } }], train, environment)).toThrow(/same task at the same distance/);
  });
});
