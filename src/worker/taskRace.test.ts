/**
 * The classifier race's scheduler: members step in turn (none gets ahead), every member is dealt the same
 * batches, stop ends after the current step, settings that would deal different batches are refused; with the
 * real engine a member trains exactly as it would alone, and a replay from the member's kept settings (same
 * model and train configuration, hence the same seed) repeats its curve exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainSampler } from '../data/batching';
import type { Dataset, Example } from '../data/types';
import { useNodeBackend } from '../model/nodeBackend';
import type { EvaluationResult, StepOutcome } from '../model/session';
import { createSession } from '../model/trainingSession';
import type { CellType, ModelConfig, ModelFile, TrainConfig } from '../model/types';
import { evaluationInterval, TaskRace, type RaceSession, type TaskRaceEnvironment } from './taskRace';
import type { TaskRaceEvent, TaskRaceMember } from './taskRaceRecord';

function examples(count: number, offset: number): Example[] {
  return Array.from({ length: count }, (_, i) => {
    const label = (i + offset) % 2;
    const letters = label === 0 ? 'ab' : 'xyz';
    const length = 2 + ((i * 7 + offset) % 6);
    let text = '';
    for (let t = 0; t < length; t++) text += letters[(i + t * 3) % letters.length];
    return { text, label };
  });
}

const dataset: Dataset = {
  id: 'toy',
  source: 'upload',
  title: 'toy',
  level: 'chars',
  classes: ['ab', 'xyz'],
  notes: [],
  train: examples(96, 0),
  val: examples(24, 1),
  test: examples(24, 2),
};

const model = (cell: CellType): ModelConfig => ({
  cell,
  hiddenSize: 8,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  input: { type: 'chars', alphabet: 'abxyz' },
  classes: ['ab', 'xyz'],
});

const train: TrainConfig = { optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs: 2, clipNorm: null, sampling: 'natural', bucketByLength: true, seed: 3 };
const member = (cell: CellType, extra: Partial<TrainConfig> = {}): TaskRaceMember => ({ label: cell.toUpperCase(), model: model(cell), train: { ...train, ...extra } });

/** A session that deals batches with the real sampler from its own train settings and records them (no tensors). */
class FakeSession implements RaceSession {
  readonly batches: number[][] = [];
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  isDisposed = false;
  private readonly sampler;
  private step = 0;

  constructor(train: TrainConfig) {
    const lengths = dataset.train.map((example) => example.text.length);
    this.sampler = createTrainSampler({ labels: dataset.train.map((example) => example.label), lengths, numClasses: 2, batchSize: train.batchSize, mode: train.sampling, bucketByLength: train.bucketByLength, seed: train.seed });
    this.stepsPerEpoch = Math.ceil(dataset.train.length / train.batchSize);
    this.totalSteps = this.stepsPerEpoch * train.epochs;
  }

  async trainStep(): Promise<StepOutcome> {
    const batch = this.sampler.next();
    this.batches.push([...batch.indices]);
    this.step++;
    return { step: this.step, epoch: batch.epoch, loss: 1 / this.step, gradNorm: 2, epochEnded: batch.epochEnded };
  }

  async evaluate(): Promise<EvaluationResult> {
    return { metrics: { split: 'val', loss: 0.5, accuracy: 0.75, macroAccuracy: 0.7, confusion: [1, 0, 0, 1], count: 2 }, mistakes: {} };
  }

  async exportFile(): Promise<ModelFile> {
    return { format: 'rnn-playground/torch-v1', task: { kind: 'classify', classes: ['a', 'b'], input: { type: 'chars', alphabet: 'ab' } }, model: { cell: 'rnn', hiddenSize: 1, numLayers: 1, bidirectional: false, embeddingDim: null, dropout: 0 }, state_dict: { 'head.bias': [this.step, 0] } };
  }

  dispose(): void {
    this.isDisposed = true;
  }
}

function fakeEnvironment(): TaskRaceEnvironment & { sessions: FakeSession[] } {
  const sessions: FakeSession[] = [];
  return {
    sessions,
    createSession: (_data, _model, trainConfig) => {
      const session = new FakeSession(trainConfig);
      sessions.push(session);
      return session;
    },
    yieldToEventLoop: () => Promise.resolve(),
  };
}

describe('TaskRace scheduling', () => {
  it('interleaves members step by step and evaluates them all at the same steps', async () => {
    const environment = fakeEnvironment();
    const events: TaskRaceEvent[] = [];
    const record = await new TaskRace(dataset, [member('rnn'), member('lstm'), member('gru')], environment).run((event) => events.push(event));
    const order = events.filter((event) => event.kind === 'step').map((event) => `${event.step}:${event.member}`);
    // Each step t is taken by members 0, 1, 2 before any member takes step t + 1.
    const expected = Array.from({ length: 12 }, (_, index) => [0, 1, 2].map((who) => `${index + 1}:${who}`)).flat();
    expect(order).toEqual(expected);
    // The start comes first and says what is shared, before any step.
    expect(events[0]).toMatchObject({ kind: 'started', totalSteps: 12, validationSampleSize: 24 });
    const every = evaluationInterval(12);
    const evaluatedAt = (who: number) => events.flatMap((event) => (event.kind === 'evaluation' && event.member === who ? [event.step] : []));
    const steps = Array.from({ length: 12 }, (_, index) => index + 1).filter((step) => step % every === 0 || step === 12);
    expect([evaluatedAt(0), evaluatedAt(1), evaluatedAt(2)]).toEqual([steps, steps, steps]);
    expect(record).toMatchObject({ kind: 'task-race', dataId: 'toy', completedSteps: 12, totalSteps: 12, stoppedBecause: null });
    expect(record.members.map((result) => result.test?.accuracy)).toEqual([0.75, 0.75, 0.75]);
    expect(environment.sessions.every((session) => session.isDisposed)).toBe(true);
    // Plain data: a run store can keep it as it is.
    expect(structuredClone(record)).toEqual(record);
  });

  it('deals every member the same batches in the same order, the optimiser settings differing', async () => {
    const environment = fakeEnvironment();
    await new TaskRace(dataset, [member('rnn'), member('lstm', { optimizer: 'sgd', learningRate: 0.1, clipNorm: 1 })], environment).run(() => undefined);
    const [first, second] = environment.sessions;
    expect(first.batches).toHaveLength(12);
    expect(second.batches).toEqual(first.batches);
    // The order is a shuffle, not the data's own order: a sampler ignoring its seed would not pass the next check either.
    expect(first.batches[0]).not.toEqual([...Array(16).keys()]);
  });

  it('stops after the current step of every member, and says why', async () => {
    const environment = fakeEnvironment();
    const race = new TaskRace(dataset, [member('rnn'), member('gru')], environment);
    const events: TaskRaceEvent[] = [];
    const record = await race.run((event) => {
      events.push(event);
      if (event.kind === 'step' && event.step === 3 && event.member === 0) race.stop('stopped by the user');
    });
    expect(record.completedSteps).toBe(3);
    expect(record.stoppedBecause).toBe('stopped by the user');
    expect(record.members.map((result) => result.step)).toEqual([3, 3]);
    expect(record.members.map((result) => result.test)).toEqual([null, null]);
    expect(events.filter((event) => event.kind === 'step').at(-1)).toMatchObject({ step: 3, member: 1 });
    expect(environment.sessions.every((session) => session.isDisposed)).toBe(true);
  });

  it("writes each finished member's weights under its kept run's id before it resolves, and carries only their lengths and marks", async () => {
    const written = new Map<string, string>();
    // The writer answers with the pending keep's mark it set (worker/keptWeights.ts): here the count of texts written.
    const environment = { ...fakeEnvironment(), writeKeptWeights: async (id: string, text: string) => written.set(id, text).size + 0.5 };
    const members = [{ ...member('rnn'), keepWeightsAs: 'run-a' }, member('lstm'), { ...member('gru'), keepWeightsAs: 'run-c' }];
    const record = await new TaskRace(dataset, members, environment).run(() => undefined);
    // The text is the member's model file after its last step, as Save model would write it; a member given no id keeps none.
    expect([...written.keys()]).toEqual(['run-a', 'run-c']);
    expect(JSON.parse(written.get('run-a') ?? '')).toEqual(await environment.sessions[0].exportFile());
    expect(record.members.map((result) => [result.keepWeightsAs, result.keptWeightsLength, result.keptWeightsMark])).toEqual([
      ['run-a', written.get('run-a')?.length, 1.5],
      [undefined, null, null],
      ['run-c', written.get('run-c')?.length, 2.5],
    ]);
    expect(JSON.stringify(record)).not.toContain('rnn-playground/torch-v1');

    // Stopped: nothing written (a stopped race keeps its runs without weights), so nothing is left without a record.
    written.clear();
    const stopped = new TaskRace(dataset, members, { ...fakeEnvironment(), writeKeptWeights: environment.writeKeptWeights });
    const partial = await stopped.run((event) => {
      if (event.kind === 'step' && event.step === 2) stopped.stop('stopped by the user');
    });
    expect(written.size).toBe(0);
    expect(partial.members.map((result) => [result.keptWeightsLength, result.keptWeightsMark])).toEqual([[null, null], [null, null], [null, null]]);

    // Storage full: the race fails as the page's keep did, and no record claims weights kept.
    const full = { ...fakeEnvironment(), writeKeptWeights: async () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) };
    await expect(new TaskRace(dataset, members, full).run(() => undefined)).rejects.toThrow('Finished. The runs could not be kept: The quota has been exceeded.');
    expect(full.sessions.every((session) => session.isDisposed)).toBe(true);
    // A worker that cannot write refuses ids rather than claim weights kept.
    expect(() => new TaskRace(dataset, members, fakeEnvironment())).toThrow('This worker cannot keep runs.');
  });

  it('refuses one member, five members, and members whose batch settings differ', () => {
    const environment = fakeEnvironment();
    expect(() => new TaskRace(dataset, [member('rnn')], environment)).toThrow(/2 to 4 members/);
    expect(() => new TaskRace(dataset, Array.from({ length: 5 }, () => member('rnn')), environment)).toThrow(/2 to 4 members/);
    expect(() => new TaskRace(dataset, [member('rnn'), member('lstm', { batchSize: 8 })], environment)).toThrow(/must share batchSize.*"RNN" has 16, "LSTM" has 8/);
    expect(() => new TaskRace(dataset, [member('rnn'), member('lstm', { seed: 4 })], environment)).toThrow(/must share seed/);
  });
});

describe.each(['cpu', 'wasm'] as const)('TaskRace with the engine on %s', (backend) => {
  beforeAll(async () => {
    await useNodeBackend(backend);
  });
  const written = new Map<string, string>();
  const engine: TaskRaceEnvironment = { createSession, yieldToEventLoop: () => Promise.resolve(), writeKeptWeights: async (id, text) => written.set(id, text).size };

  it('trains each member as it would alone, and a replay from its kept settings repeats its curve exactly', async () => {
    const members = [{ ...member('rnn'), keepWeightsAs: 'rnn-run' }, { ...member('lstm'), keepWeightsAs: 'lstm-run' }];
    const record = await new TaskRace(dataset, members, engine).run(() => undefined);
    expect(record.shared).toContain('Same batches in the same order for every member: seed 3, 6 batches of 16 per epoch');
    // Same seed and width: the RNN's W_ih is the LSTM's input gate (its first 8 of 32 rows); the rest has other shapes.
    expect(record.shared).toContain('Identical initial weights: rnn.weight_ih_l0 (first 8 rows).');
    for (const [index, result] of record.members.entries()) {
      // The replay builds from what the run keeps (model and train settings, the seed among them).
      const replay = createSession(dataset, result.model, result.train);
      const losses: number[] = [];
      for (let step = 0; step < record.totalSteps; step++) losses.push((await replay.trainStep()).loss);
      replay.dispose();
      const kept = result.curves.trainLoss.filter((_, position) => position % 2 === 1);
      expect(losses[0], `first-step loss of ${members[index].label}`).toBe(kept[0]);
      expect(losses).toEqual(kept);
    }
    // The two cells learn differently from their shared start: their curves are not one curve twice.
    expect(record.members[0].curves.trainLoss).not.toEqual(record.members[1].curves.trainLoss);
    expect(record.members.every((result) => result.test !== null && result.test.count === dataset.test.length)).toBe(true);
    // Each member's weights written under its id: its model file, of the length the record says.
    for (const result of record.members) {
      const text = written.get(result.keepWeightsAs ?? '');
      expect(JSON.parse(text ?? '')).toMatchObject({ format: 'rnn-playground/torch-v1', model: { cell: result.model.cell } });
      expect(result.keptWeightsLength).toBe(text?.length);
    }
  });

  it('gives two identical members identical curves (nothing leaks between interleaved sessions)', async () => {
    const record = await new TaskRace(dataset, [member('gru'), member('gru')], engine).run(() => undefined);
    expect(record.shared).toContain('Identical initial weights: all of them');
    expect(record.members[1].curves).toEqual(record.members[0].curves);
  });
});
