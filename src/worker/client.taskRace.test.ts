/** The client's race commands over a fake worker: a restart mid-race rejects the race (never hangs); the race leaves the current run current. */
import { describe, expect, it } from 'vitest';
import type { ModelConfig, TrainConfig } from '../model/types';
import { RaceInterruptedError, TrainerClient } from './client';
import type { FromWorker, ToWorker } from './protocol';

class FakeWorker extends EventTarget {
  readonly sent: ToWorker[] = [];
  postMessage(message: ToWorker): void {
    this.sent.push(message);
  }
  terminate(): void {}
  reply(message: FromWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  last<T extends ToWorker['type']>(type: T): Extract<ToWorker, { type: T }> {
    const found = [...this.sent].reverse().find((message) => message.type === type);
    if (!found) throw new Error(`nothing of type ${type} was sent`);
    return found as Extract<ToWorker, { type: T }>;
  }
}

const train: TrainConfig = { optimizer: 'adam', learningRate: 0.01, batchSize: 4, epochs: 1, clipNorm: null, sampling: 'natural', bucketByLength: false, seed: 1 };
const model = (cell: ModelConfig['cell']): ModelConfig => ({ cell, hiddenSize: 4, numLayers: 1, bidirectional: false, dropout: 0, input: { type: 'chars', alphabet: 'ab' }, classes: ['x', 'y'] });
const members = [
  { label: 'RNN', model: model('rnn'), train },
  { label: 'LSTM', model: model('lstm'), train },
];

function setup() {
  const workers: FakeWorker[] = [];
  const client = new TrainerClient({
    backend: 'wasm',
    baseUrl: '/',
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
  return { client, worker: () => workers[workers.length - 1] };
}

describe('TrainerClient races', () => {
  it('rejects the race with a clear message when the worker restarts under it', async () => {
    const { client, worker } = setup();
    const race = client.startTaskRace('names', members, () => undefined);
    expect(worker().last('startTaskRace')).toMatchObject({ dataId: 'names', members });
    await client.restartWorker('it crashed: test');
    await expect(race).rejects.toBeInstanceOf(RaceInterruptedError);
    await expect(race).rejects.toThrow('The race was interrupted: the training worker restarted (it crashed: test).');
  });

  it("sends each member's kept run id and resolves with the worker's record: the weights' lengths, not their texts", async () => {
    const { client, worker } = setup();
    const keeping = members.map((member, index) => ({ ...member, keepWeightsAs: `run-${index}` }));
    const race = client.startTaskRace('names', keeping, () => undefined);
    const { runId, members: sent } = worker().last('startTaskRace');
    expect(sent.map((member) => member.keepWeightsAs)).toEqual(['run-0', 'run-1']);
    const results = keeping.map((member, index) => ({ ...member, curves: { trainLoss: [], gradNorm: [], valLoss: [], valAccuracy: [] }, step: 4, epoch: 0, test: null, keptWeightsLength: 1000 + index, keptWeightsMark: 5000.5 + index }));
    worker().reply({ type: 'taskRaceFinished', runId, record: { kind: 'task-race', dataId: 'names', members: results, shared: '', completedSteps: 4, totalSteps: 4, validationSampleSize: 1, stoppedBecause: null } });
    const record = await race;
    expect(record.members.map((member) => [member.keepWeightsAs, member.keptWeightsLength, member.keptWeightsMark])).toEqual([['run-0', 1000, 5000.5], ['run-1', 1001, 5001.5]]);
    expect(record.members.every((member) => !('weights' in member))).toBe(true);
  });

  it("keeps the current run current (its progress still counts) and stops only its own race", () => {
    const { client, worker } = setup();
    const runBefore = client.getSnapshot().runId;
    const steps: number[] = [];
    void client.startTaskRace('names', members, (events) => steps.push(...events.flatMap((event) => (event.kind === 'step' ? [event.step] : []))));
    const { runId } = worker().last('startTaskRace');
    expect(client.getSnapshot().runId).toBe(runBefore);
    worker().reply({ type: 'taskRaceProgress', runId, events: [{ kind: 'step', member: 1, step: 1, loss: 0.7, gradNorm: 1 }] });
    worker().reply({ type: 'taskRaceProgress', runId: runId - 1, events: [{ kind: 'step', member: 1, step: 50, loss: 0.7, gradNorm: 1 }] });
    expect(steps).toEqual([1]);
    client.stopTaskRace();
    expect(worker().last('stopTaskRace')).toEqual({ type: 'stopTaskRace', runId });
  });
});
