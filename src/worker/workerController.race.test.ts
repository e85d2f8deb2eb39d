import { describe, expect, it } from 'vitest';
import { MEMORY_DEFAULTS } from '../model/taskDefaults';
import type { MemoryModelConfig } from '../model/types';
import type { FromWorker, RaceEvent } from './protocol';
import type { RaceEnvironment } from './memoryRace';
import { ManualClock, TEST_DATASET, messagesOf, waitUntil, yieldImmediately } from './testing/fakeSession';
import { WorkerController } from './workerController';

type RaceSession = ReturnType<RaceEnvironment['createSession']>;

/** A memory session whose numbers say who made them: loss = step, accuracy = step / 100, ‖∂L/∂h_t‖ = t + 1. */
function fakeMemorySession(model: MemoryModelConfig, clock: ManualClock, failAtStep: number | null): RaceSession {
  let step = 0;
  return {
    chance: 0.125,
    async trainStep() {
      step++;
      clock.advance(10);
      if (step === failAtStep) throw new RangeError(`step ${step} broke`);
      return { step, loss: step, gradNorm: 1, applied: true };
    },
    async evaluate() {
      return { accuracy: step / 100, loss: 1, count: 16 };
    },
    async insight() {
      return {
        gradNorms: Float32Array.from({ length: model.distance + 2 }, (_, t) => t + 1),
        gates: model.cell === 'rnn' ? [] : [{ gate: 'f', nearZero: 0.1, nearOne: 0.2, mean: 0.9 }],
        memorySpan: model.cell === 'rnn' ? null : 10,
      };
    },
    dispose() {},
  };
}

function setUp(failAtStep: number | null = null) {
  const clock = new ManualClock();
  const messages: FromWorker[] = [];
  const controller = new WorkerController({
    post: (message) => messages.push(message),
    yieldToEventLoop: yieldImmediately,
    now: clock.now,
    initBackend: async (choice) => ({ requested: choice, active: choice, reason: 'test', adapter: '', absent: [] }),
    createSession: () => {
      throw new Error('not used');
    },
    sessionFromFile: () => {
      throw new Error('not used');
    },
    createMemorySession: (model) => fakeMemorySession(model, clock, failAtStep),
    parseUpload: async () => ({ dataset: TEST_DATASET, warnings: [] }),
    readGlove: async () => ({ dimension: 1, vectors: new Map() }),
    progressIntervalMs: 60,
  });
  return { clock, messages, controller };
}

const model = (cell: MemoryModelConfig['cell']): MemoryModelConfig => ({ ...MEMORY_DEFAULTS.model, distance: 4, cell });
const members = [{ label: 'RNN', model: model('rnn') }, { label: 'LSTM', model: model('lstm') }];
const train = { ...MEMORY_DEFAULTS.train, steps: 20, evaluateEvery: 10, heldOutSize: 16 };

const eventsOf = (messages: FromWorker[], runId: number): RaceEvent[] => messagesOf(messages, 'memoryRaceProgress').filter((message) => message.runId === runId).flatMap((message) => message.events);

describe('WorkerController memory races', () => {
  it('batches step events by time, sends evaluations and insights at once, then the record', async () => {
    const { messages, controller } = setUp();
    await controller.receive({ type: 'startMemoryRace', runId: 7, members, train, insightSize: 8 });
    await waitUntil(() => messagesOf(messages, 'memoryRaceFinished').length === 1, 'the race to finish');
    const progress = messagesOf(messages, 'memoryRaceProgress');
    const events = eventsOf(messages, 7);
    // Every step of both members arrives, in order, in far fewer messages than steps (10 ms a step, 60 ms a batch).
    expect(events.filter((event) => event.kind === 'step')).toHaveLength(2 * 20);
    expect(progress.length).toBeLessThan(20);
    expect(progress.length).toBeGreaterThan(1);
    // No evaluation or insight waits in a batch: each ends the message it is in.
    for (const message of progress) {
      const rare = message.events.findIndex((event) => event.kind !== 'step');
      if (rare >= 0) expect(message.events.slice(rare + 1).every((event) => event.kind !== 'step')).toBe(true);
    }
    const insights = events.filter((event) => event.kind === 'insight');
    // Step 0 (untrained) and each evaluation (10, 20), per member, as plain numbers.
    expect(insights.map((event) => `${event.member}@${event.step}`)).toEqual(['0@0', '1@0', '0@10', '1@10', '0@20', '1@20']);
    expect(insights[0]).toMatchObject({ gradNorms: [1, 2, 3, 4, 5, 6], memorySpan: null, gates: [] });
    expect(Array.isArray(insights[1].kind === 'insight' && insights[1].gradNorms)).toBe(true);
    const [finished] = messagesOf(messages, 'memoryRaceFinished');
    expect(messages.indexOf(finished)).toBe(messages.length - 1);
    expect(finished.record.members.map((member) => member.curve.map((point) => point.accuracy))).toEqual([[0.1, 0.2], [0.1, 0.2]]);
    expect(finished.record.members[1].insights?.map((insight) => insight.memorySpan)).toEqual([10, 10, 10]);
    expect(structuredClone(finished.record)).toEqual(finished.record);
  });

  it('a race without insights sends none', async () => {
    const { messages, controller } = setUp();
    await controller.receive({ type: 'startMemoryRace', runId: 3, members, train, insightSize: 0 });
    await waitUntil(() => messagesOf(messages, 'memoryRaceFinished').length === 1, 'the race to finish');
    expect(eventsOf(messages, 3).filter((event) => event.kind === 'insight')).toEqual([]);
    expect(messagesOf(messages, 'memoryRaceFinished')[0].record.members[0].insights).toBeUndefined();
  });

  it('stops on its own runId only, and reports what was done', async () => {
    const { messages, controller } = setUp();
    await controller.receive({ type: 'startMemoryRace', runId: 5, members, train: { ...train, steps: 1000 }, insightSize: 0 });
    await waitUntil(() => eventsOf(messages, 5).length >= 4, 'a few steps');
    await controller.receive({ type: 'stopMemoryRace', runId: 4 });
    const stepsBefore = eventsOf(messages, 5).length;
    await waitUntil(() => eventsOf(messages, 5).length > stepsBefore + 4, 'more steps after the stale stop');
    expect(messagesOf(messages, 'memoryRaceFinished')).toEqual([]);
    await controller.receive({ type: 'stopMemoryRace', runId: 5 });
    await waitUntil(() => messagesOf(messages, 'memoryRaceFinished').length === 1, 'the stopped race to finish');
    const { record } = messagesOf(messages, 'memoryRaceFinished')[0];
    expect(record.stopped).toBe(true);
    expect(record.completedSteps).toBeGreaterThan(2);
    expect(record.completedSteps).toBeLessThan(1000);
  });

  it('a new race stops the old one, whose record still comes under its own runId', async () => {
    const { messages, controller } = setUp();
    await controller.receive({ type: 'startMemoryRace', runId: 1, members, train: { ...train, steps: 1000 }, insightSize: 0 });
    await waitUntil(() => eventsOf(messages, 1).length >= 2, 'the first race to step');
    await controller.receive({ type: 'startMemoryRace', runId: 2, members, train, insightSize: 0 });
    await waitUntil(() => messagesOf(messages, 'memoryRaceFinished').length === 2, 'both races to end');
    const finished = messagesOf(messages, 'memoryRaceFinished');
    expect(finished.find((message) => message.runId === 1)?.record.stopped).toBe(true);
    expect(finished.find((message) => message.runId === 2)?.record).toMatchObject({ stopped: false, completedSteps: 20 });
  });

  it('a failing step ends the race with an error under its runId', async () => {
    const { messages, controller } = setUp(3);
    await controller.receive({ type: 'startMemoryRace', runId: 9, members, train, insightSize: 0 });
    await waitUntil(() => messagesOf(messages, 'error').length === 1, 'the error');
    expect(messagesOf(messages, 'error')[0]).toMatchObject({ runId: 9, where: 'train', error: { name: 'RangeError', message: 'step 3 broke' } });
    expect(messagesOf(messages, 'memoryRaceFinished')).toEqual([]);
  });

  it('refuses members that cannot share batches, under the race runId', async () => {
    const { messages, controller } = setUp();
    await controller.receive({ type: 'startMemoryRace', runId: 11, members: [members[0], { label: 'far', model: { ...model('gru'), distance: 9 } }], train, insightSize: 0 });
    expect(messagesOf(messages, 'error')[0]).toMatchObject({ runId: 11, error: { message: expect.stringMatching(/same task at the same distance/) } });
  });
});
