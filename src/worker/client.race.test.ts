import { describe, expect, it } from 'vitest';
import { MEMORY_DEFAULTS } from '../model/taskDefaults';
import { TrainerClient, WorkerRestartedError } from './client';
import type { FromWorker, RaceEvent, RaceRecord, ToWorker } from './protocol';

/** A Worker stand-in: records what the client posts and lets the test answer or crash it. */
class FakeWorker extends EventTarget {
  readonly sent: ToWorker[] = [];
  postMessage(message: ToWorker): void {
    this.sent.push(message);
  }
  terminate(): void {}
  reply(message: FromWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  /** What a worker's uncaught error looks like to its owner (Node has no ErrorEvent: an Event with its message). */
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error'), { message }));
  }
  lastRace(): Extract<ToWorker, { type: 'startMemoryRace' }> {
    const found = [...this.sent].reverse().find((message) => message.type === 'startMemoryRace');
    if (!found || found.type !== 'startMemoryRace') throw new Error('no race was started');
    return found;
  }
}

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
  return { client, workers, worker: () => workers[workers.length - 1] };
}

const members = [{ label: 'RNN', model: { ...MEMORY_DEFAULTS.model, cell: 'rnn' as const } }];
const record: RaceRecord = { kind: 'memory-race', train: MEMORY_DEFAULTS.train, chance: 0.125, shared: 'One run: nothing to share.', members: [], completedSteps: 400, stopped: false };
const step = (member: number, at: number): RaceEvent => ({ kind: 'step', member, step: at, loss: 2, gradNorm: 1 });

describe('TrainerClient memory races', () => {
  it('sends the race with its insight size, hands over its events, and resolves with the record', async () => {
    const { client, worker } = setup();
    const received: RaceEvent[][] = [];
    const result = client.startMemoryRace(members, MEMORY_DEFAULTS.train, (events) => received.push(events), { insightSize: 64 });
    const sent = worker().lastRace();
    expect(sent).toMatchObject({ members, train: MEMORY_DEFAULTS.train, insightSize: 64 });
    worker().reply({ type: 'memoryRaceProgress', runId: sent.runId, events: [step(0, 1), step(0, 2)] });
    worker().reply({ type: 'memoryRaceFinished', runId: sent.runId, record });
    await expect(result).resolves.toEqual(record);
    expect(received).toEqual([[step(0, 1), step(0, 2)]]);
    // Stopping after the end sends nothing: there is no race to stop.
    const before = worker().sent.length;
    client.stopMemoryRace();
    expect(worker().sent.length).toBe(before);
  });

  it('drops events of an older race, which is rejected as replaced', async () => {
    const { client, worker } = setup();
    const first: RaceEvent[][] = [];
    const second: RaceEvent[][] = [];
    const older = client.startMemoryRace(members, MEMORY_DEFAULTS.train, (events) => first.push(events));
    const olderRunId = worker().lastRace().runId;
    const newer = client.startMemoryRace(members, MEMORY_DEFAULTS.train, (events) => second.push(events));
    const newerRunId = worker().lastRace().runId;
    expect(newerRunId).toBeGreaterThan(olderRunId);
    await expect(older).rejects.toThrow(/newer race replaced this one/);
    worker().reply({ type: 'memoryRaceProgress', runId: olderRunId, events: [step(0, 9)] });
    worker().reply({ type: 'memoryRaceFinished', runId: olderRunId, record: { ...record, stopped: true } });
    worker().reply({ type: 'memoryRaceProgress', runId: newerRunId, events: [step(0, 1)] });
    client.stopMemoryRace();
    expect(worker().sent.at(-1)).toEqual({ type: 'stopMemoryRace', runId: newerRunId });
    worker().reply({ type: 'memoryRaceFinished', runId: newerRunId, record });
    await expect(newer).resolves.toEqual(record);
    expect(first).toEqual([]);
    expect(second).toEqual([[step(0, 1)]]);
  });

  it('rejects the race when the worker crashes under it, with the reason', async () => {
    const { client, workers, worker } = setup();
    const race = client.startMemoryRace(members, MEMORY_DEFAULTS.train, () => undefined);
    const runId = worker().lastRace().runId;
    worker().crash('out of memory');
    await expect(race).rejects.toBeInstanceOf(WorkerRestartedError);
    await expect(race).rejects.toThrow(/restarted \(it crashed: out of memory\)/);
    expect(workers).toHaveLength(2);
    // The new worker knows nothing of it, and late words from the old one change nothing.
    expect(workers[1].sent.some((message) => message.type === 'startMemoryRace')).toBe(false);
    workers[0].reply({ type: 'memoryRaceFinished', runId, record });
  });

  it('rejects the race on an explicit restart and when the app closes the worker', async () => {
    const { client } = setup();
    const restarted = client.startMemoryRace(members, MEMORY_DEFAULTS.train, () => undefined);
    void client.restartWorker('the backend changed');
    await expect(restarted).rejects.toThrow(/restarted \(the backend changed\)/);
    const closed = client.startMemoryRace(members, MEMORY_DEFAULTS.train, () => undefined);
    client.dispose();
    await expect(closed).rejects.toThrow(/closed the worker/);
  });

  it("rejects the race with the worker's error, leaving the training panel's errors alone", async () => {
    const { client, worker } = setup();
    const race = client.startMemoryRace(members, MEMORY_DEFAULTS.train, () => undefined);
    const runId = worker().lastRace().runId;
    worker().reply({ type: 'error', where: 'train', runId, error: { name: 'RangeError', message: 'Every member of a race must learn the same task' } });
    await expect(race).rejects.toThrow('Every member of a race must learn the same task');
    expect(client.getSnapshot().errors.train).toBeUndefined();
  });
});
