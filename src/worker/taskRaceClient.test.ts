/** The client's side of a race: events of other race ids are dropped, and the promise always settles (record, worker error, restart). */
import { describe, expect, it } from 'vitest';
import type { TaskRaceRecord } from './taskRaceRecord';
import { RaceInterruptedError, TaskRaceChannel } from './taskRaceClient';
import { WorkerError } from './requests';

const record = (dataId: string): TaskRaceRecord => ({ kind: 'task-race', dataId, members: [], shared: '', completedSteps: 0, totalSteps: 0, validationSampleSize: 0, stoppedBecause: null });

describe('TaskRaceChannel', () => {
  it('hands its own race events to the listener and drops those of a stale race id', async () => {
    const channel = new TaskRaceChannel();
    const seen: number[] = [];
    const done = channel.begin(7, (events) => seen.push(...events.flatMap((event) => (event.kind === 'step' ? [event.step] : []))));
    channel.receive({ type: 'taskRaceProgress', runId: 6, events: [{ kind: 'step', member: 0, step: 99, loss: 1, gradNorm: 1 }] });
    channel.receive({ type: 'taskRaceProgress', runId: 7, events: [{ kind: 'step', member: 0, step: 1, loss: 1, gradNorm: 1 }] });
    channel.receive({ type: 'taskRaceFinished', runId: 6, record: record('old') });
    channel.receive({ type: 'taskRaceFinished', runId: 7, record: record('names') });
    await expect(done).resolves.toMatchObject({ dataId: 'names' });
    expect(seen).toEqual([1]);
    expect(channel.runId).toBeNull();
  });

  it('rejects with a clear message when the worker restarts during the race', async () => {
    const channel = new TaskRaceChannel();
    const done = channel.begin(3, () => undefined);
    channel.rejectAll(new RaceInterruptedError('it crashed: out of memory'));
    await expect(done).rejects.toThrow('The race was interrupted: the training worker restarted (it crashed: out of memory). Its progress is lost; start the race again.');
  });

  it("rejects with the worker's reason on an error of its race, and ignores errors of other runs", async () => {
    const channel = new TaskRaceChannel();
    const done = channel.begin(4, () => undefined);
    expect(channel.receiveError({ type: 'error', where: 'train', runId: 2, error: { name: 'Error', message: 'other run' } })).toBe(false);
    expect(channel.receiveError({ type: 'error', where: 'train', runId: 4, error: { name: 'TaskRaceError', message: 'must share seed' } })).toBe(true);
    await expect(done).rejects.toBeInstanceOf(WorkerError);
    await expect(done).rejects.toThrow('must share seed');
  });

  it('rejects the race it replaces', async () => {
    const channel = new TaskRaceChannel();
    const first = channel.begin(1, () => undefined);
    const second = channel.begin(2, () => undefined);
    await expect(first).rejects.toThrow('Replaced by a newer race.');
    channel.receive({ type: 'taskRaceFinished', runId: 2, record: record('names') });
    await expect(second).resolves.toMatchObject({ dataId: 'names' });
  });
});
