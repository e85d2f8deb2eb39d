/** The worker's race host: events are posted in throttled batches (never one message per step), a stop for another race id is ignored, and a backend switch waits for the race to end. */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types';
import type { ModelConfig, TrainConfig } from '../model/types';
import type { FromWorker } from './protocol';
import { TaskRaceHost } from './taskRaceHost';
import type { RaceSession } from './taskRace';

const dataset: Dataset = { id: 'toy', source: 'upload', title: 'toy', level: 'chars', classes: ['x', 'y'], notes: [], train: [], val: [{ text: 'a', label: 0 }], test: [] };
const train: TrainConfig = { optimizer: 'adam', learningRate: 0.01, batchSize: 4, epochs: 1, clipNorm: null, sampling: 'natural', bucketByLength: false, seed: 1 };
const model: ModelConfig = { cell: 'rnn', hiddenSize: 2, numLayers: 1, bidirectional: false, dropout: 0, input: { type: 'chars', alphabet: 'ab' }, classes: ['x', 'y'] };
const members = [
  { label: 'A', model, train },
  { label: 'B', model: { ...model, cell: 'gru' as const }, train },
];

function fakeSession(totalSteps: number, disposed: string[], name: string): RaceSession {
  let step = 0;
  return {
    totalSteps,
    stepsPerEpoch: totalSteps,
    trainStep: async () => ({ step: ++step, epoch: 0, loss: 1, gradNorm: 1, epochEnded: false }),
    evaluate: async () => ({ metrics: { split: 'val', loss: 1, accuracy: 0.5, macroAccuracy: 0.5, confusion: [1, 0, 0, 1], count: 2 }, mistakes: {} }),
    exportFile: async () => ({ format: 'rnn-playground/torch-v1', task: { kind: 'classify', classes: ['x', 'y'], input: { type: 'chars', alphabet: 'ab' } }, model: { cell: 'rnn', hiddenSize: 2, numLayers: 1, bidirectional: false, embeddingDim: null, dropout: 0 }, state_dict: { 'head.bias': [0, 0] } }),
    dispose: () => disposed.push(name),
  };
}

describe('TaskRaceHost', () => {
  it('posts far fewer progress messages than steps, then the record; ignores a stop for another race; a backend switch waits for the stop', async () => {
    const posted: FromWorker[] = [];
    const disposed: string[] = [];
    let sessions = 0;
    let yields = 0;
    let release: () => void = () => undefined;
    const host = new TaskRaceHost({
      post: (message) => posted.push(message),
      now: () => 0,
      intervalMs: 60,
      createSession: () => fakeSession(200, disposed, `session ${++sessions}`),
      // The clock never moves: only the first step and non-step events may go out before the end.
      yieldToEventLoop: () => (++yields === 50 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve()),
    });
    host.start(9, 'toy', members, dataset);
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.stop(8);
    const stopped = host.stopAndWait('the backend changed to cpu');
    release();
    await stopped;
    expect(disposed).toEqual(['session 1', 'session 2']);
    const progress = posted.filter((message) => message.type === 'taskRaceProgress');
    const finished = posted.find((message) => message.type === 'taskRaceFinished');
    expect(finished).toMatchObject({ runId: 9, record: { completedSteps: 25, stoppedBecause: 'the backend changed to cpu' } });
    const steps = progress.flatMap((message) => (message.type === 'taskRaceProgress' ? message.events : [])).filter((event) => event.kind === 'step');
    expect(steps).toHaveLength(50);
    expect(progress.length).toBeLessThan(10);
  });

  it('refuses a race on data it does not hold', () => {
    const host = new TaskRaceHost({ post: () => undefined, now: () => 0, intervalMs: 60, createSession: () => fakeSession(1, [], 'x'), yieldToEventLoop: () => Promise.resolve() });
    expect(() => host.start(1, 'names', members, dataset)).toThrow('The data changed before the race began; start it again.');
    expect(() => host.start(1, 'names', members, null)).toThrow('Choose a data set before starting a race.');
  });
});
