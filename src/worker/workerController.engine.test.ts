/**
 * The worker's message handling on the real engine (wasm in Node, as the CLI): every request path works
 * end to end and leaves no tensor behind across runs, rebuilds, imports and backend switches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, Example } from '../data/types';
import { liveTensorCount } from '../model/nodeBackend';
import type { ModelConfig, ModelFile, TrainConfig } from '../model/types';
import type { FromWorker, ToWorker } from './protocol';
import { messagesOf, waitUntil, yieldImmediately } from './testing/fakeSession';
import { realEngineEnvironment } from './testing/inProcessWorker';
import { WorkerController } from './workerController';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const CLASSES = ['short', 'vowelly', 'other'];

/** A tiny, learnable char task: the class follows from the text, so the loss can fall in a few steps. */
function makeDataset(): Dataset {
  const examples: Example[] = [];
  for (let index = 0; index < 120; index++) {
    const length = 2 + (index % 7);
    const text = Array.from({ length }, (_, position) => ALPHABET[(index * 7 + position * 3) % 26]).join('');
    const vowels = [...text].filter((letter) => 'aeiou'.includes(letter)).length;
    examples.push({ text, label: length <= 3 ? 0 : vowels >= 2 ? 1 : 2 });
  }
  return {
    id: 'synthetic',
    source: 'upload',
    title: 'Synthetic',
    level: 'chars',
    classes: CLASSES,
    notes: [],
    train: examples.slice(0, 90),
    val: examples.slice(90, 105),
    test: examples.slice(105),
  };
}

const MODEL: ModelConfig = {
  cell: 'gru',
  hiddenSize: 12,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  input: { type: 'chars', alphabet: ALPHABET },
  classes: CLASSES,
};
const TRAIN: TrainConfig = {
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 16,
  epochs: 2,
  clipNorm: 1,
  sampling: 'natural',
  bucketByLength: true,
  seed: 3,
};

describe('WorkerController on the real engine (wasm)', () => {
  const messages: FromWorker[] = [];
  const controller = new WorkerController(realEngineEnvironment((message) => messages.push(message), yieldImmediately));
  const send = (message: ToWorker) => controller.receive(message);

  beforeAll(async () => {
    await send({ type: 'init', backend: 'wasm', baseUrl: '/' });
    await send({ type: 'setData', requestId: 1, dataset: makeDataset() });
  });

  it('builds, trains a whole run with val/test metrics, answers requests, and leaks nothing across rebuilds', async () => {
    expect(messagesOf(messages, 'backend')[0].report.active).toBe('wasm');
    let baseline = -1;
    for (let runId = 1; runId <= 3; runId++) {
      await send({ type: 'build', runId, model: MODEL, train: TRAIN });
      const built = messagesOf(messages, 'built').at(-1)!;
      expect(built.runId).toBe(runId);
      await send({ type: 'start', runId });
      await waitUntil(() => messagesOf(messages, 'status').some((message) => message.runId === runId && message.status === 'done'), 'the run to finish');
      await send({ type: 'trace', requestId: 10 * runId, text: 'Nienhuis', targetClass: null });
      await send({ type: 'predict', requestId: 10 * runId + 1, texts: ['abc'], k: 2 });
      await send({ type: 'export', requestId: 10 * runId + 2 });
      await send({ type: 'reset', runId });
      if (runId === 1) baseline = liveTensorCount();
    }
    expect(messagesOf(messages, 'error')).toEqual([]);
    expect(liveTensorCount()).toBe(baseline);

    const runMetrics = messagesOf(messages, 'metrics').filter((message) => message.runId === 3);
    expect(runMetrics.map((message) => message.metrics.split)).toEqual(['val', 'val', 'test']);
    const trace = messagesOf(messages, 'traceResult').at(-1)!.trace;
    expect(trace.tokens.join('')).toBe('ienhuis'); // 'N' is not in the lower-case alphabet
    expect(trace.layers[0].gates).toHaveProperty('z');
    expect(messagesOf(messages, 'predictResult').at(-1)!.predictions[0].top).toHaveLength(2);
  });

  it('switches backend keeping the weights and the step count, and re-imports its own export', async () => {
    await send({ type: 'build', runId: 4, model: MODEL, train: { ...TRAIN, epochs: 50 } });
    await send({ type: 'step', runId: 4, steps: 4 });
    await waitUntil(() => messagesOf(messages, 'progress').some((message) => message.runId === 4 && message.step === 4 && message.status === 'paused'), 'four steps');
    await send({ type: 'predict', requestId: 40, texts: ['hello'], k: 3 });
    const before = messagesOf(messages, 'predictResult').at(-1)!.predictions[0].logProbs;

    await send({ type: 'setBackend', backend: 'cpu' });
    expect(messagesOf(messages, 'backend').at(-1)!.report.active).toBe('cpu');
    await send({ type: 'predict', requestId: 41, texts: ['hello'], k: 3 });
    const after = messagesOf(messages, 'predictResult').at(-1)!.predictions[0].logProbs;
    after.forEach((value, index) => expect(value).toBeCloseTo(before[index], 4));

    await send({ type: 'step', runId: 4, steps: 2 });
    await waitUntil(() => messagesOf(messages, 'progress').some((message) => message.runId === 4 && message.step === 6), 'two more steps');

    await send({ type: 'setBackend', backend: 'wasm' });
    await send({ type: 'export', requestId: 42 });
    const { file, step } = messagesOf(messages, 'exportResult').at(-1)!;
    expect(step).toBe(6);
    // A recovery checkpoint carries its step: the restored run counts on from there.
    await send({ type: 'import', requestId: 43, runId: 5, file: file.blob, step });
    expect(messagesOf(messages, 'importResult').at(-1)).toMatchObject({ requestId: 43, runId: 5, model: { cell: 'gru', hiddenSize: 12 } });
    await send({ type: 'step', runId: 5, steps: 1 });
    await waitUntil(() => messagesOf(messages, 'progress').some((message) => message.runId === 5 && message.status === 'paused' && message.step === 7), 'step 7 after the restore');
    const parsed = JSON.parse(await file.blob.text()) as ModelFile;
    await send({ type: 'import', requestId: 44, runId: 6, file: new Blob([JSON.stringify({ ...parsed, model: { ...parsed.model, cell: 'transformer' } })]) });
    const refused = messagesOf(messages, 'error').at(-1)!;
    expect(refused).toMatchObject({ where: 'import', requestId: 44 });
    expect(refused.error.message).toMatch(/cell/);
  });
});
