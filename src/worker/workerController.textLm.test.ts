/**
 * The worker hosting a model of the student's own text, with the real engine on tfjs's cpu backend: built as
 * a run from the raw text, trained by the same loop, read (activations, saliency, continuations) through
 * typed requests, kept with its text across a backend switch; a wrong request gets the reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareCorpus } from '../data/textCorpus';
import { useNodeBackend } from '../model/nodeBackend';
import { createTextLmSession, textLmSessionFromFile } from '../model/textLmSession';
import { charLmSessionFromFile, createCharLmSession } from '../model/charLmSession';
import type { CharLmConfig } from '../model/types';
import type { FromWorker, ToWorker } from './protocol';
import { ManualClock, TEST_TRAIN, messagesOf, waitUntil, yieldImmediately } from './testing/fakeSession';
import { WorkerController } from './workerController';

const TEXT = 'Roses are red, violets are blue; "sugar is sweet" (and so are you).\n'.repeat(8);
const corpus = prepareCorpus(TEXT);
const MODEL: CharLmConfig = { cell: 'gru', hiddenSize: 6, numLayers: 1, dropout: 0, alphabet: corpus.alphabet, conditions: [] };
const TBPTT = { windowLength: 8 };

function setUp() {
  const clock = new ManualClock();
  const messages: FromWorker[] = [];
  const controller = new WorkerController({
    post: (message) => messages.push(message),
    yieldToEventLoop: yieldImmediately,
    now: clock.now,
    initBackend: async (choice) => {
      await useNodeBackend('cpu');
      return { requested: choice, active: choice, reason: 'test', adapter: 'test adapter', absent: [] };
    },
    createSession: () => {
      throw new Error('no classifiers here');
    },
    sessionFromFile: () => {
      throw new Error('no classifier files here');
    },
    createCharLmSession,
    charLmSessionFromFile,
    textLm: { create: createTextLmSession, fromFile: textLmSessionFromFile, prepare: prepareCorpus },
    parseUpload: async () => {
      throw new Error('unused');
    },
    readGlove: async () => {
      throw new Error('unused');
    },
  });
  const send = (message: ToWorker) => controller.receive(message);
  return { messages, send };
}

beforeAll(async () => {
  await useNodeBackend('cpu');
});

describe('WorkerController hosting a model of your own text', () => {
  it('builds, trains, reads and keeps it across a backend switch', async () => {
    const { messages, send } = setUp();
    await send({ type: 'init', backend: 'cpu', baseUrl: '/' });
    await send({ type: 'buildTextLm', runId: 1, text: TEXT, model: MODEL, train: { ...TEST_TRAIN, batchSize: 4, epochs: 1 }, tbptt: TBPTT });
    const built = messagesOf(messages, 'charLmBuilt');
    expect(built).toHaveLength(1);
    // 90% of the text trains: 4 streams, windows of 8.
    const trainLength = Math.floor(corpus.ids.length * 0.9);
    expect(built[0].stepsPerEpoch).toBe(Math.ceil(Math.floor(trainLength / 4) / 8));

    await send({ type: 'step', runId: 1, steps: 2 });
    await waitUntil(() => messagesOf(messages, 'progress').some((message) => message.step === 2), 'two steps');

    await send({ type: 'textActivations', requestId: 5, text: 'are red' });
    const [activations] = messagesOf(messages, 'textActivationsResult');
    expect(activations.requestId).toBe(5);
    expect(activations.activations.characters.join('')).toBe('are red');
    expect(activations.activations.layers[0]).toHaveLength(7 * 6);

    await send({ type: 'textSaliency', requestId: 6, text: 'are red', position: 4 });
    const [saliency] = messagesOf(messages, 'textSaliencyResult');
    expect(saliency.saliency.target).toBe('r');
    expect(saliency.saliency.norms).toHaveLength(4);

    await send({ type: 'continueText', requestId: 7, prime: 'Roses', length: 12, temperature: 0.8, topK: null, seed: 3 });
    const [continuation] = messagesOf(messages, 'continueTextResult');
    expect([...continuation.continuation.text]).toHaveLength(12);

    await send({ type: 'setBackend', backend: 'cpu' });
    expect(messagesOf(messages, 'status').at(-1)?.message).toMatch(/weights are kept/);
    // Still the text model, still with its text: it trains on.
    await send({ type: 'step', runId: 1, steps: 1 });
    await waitUntil(() => messagesOf(messages, 'progress').some((message) => message.step === 3), 'a step after the switch');
    await send({ type: 'textActivations', requestId: 8, text: 'are red' });
    const after = messagesOf(messages, 'textActivationsResult').find((message) => message.requestId === 8);
    expect(Array.from(after?.activations.layers[0] ?? [])).not.toEqual([]);
    expect(messagesOf(messages, 'error')).toEqual([]);
  });

  it('reopens a kept checkpoint on its text at its step with the same weights, and trains on from there', async () => {
    const first = setUp();
    await first.send({ type: 'init', backend: 'cpu', baseUrl: '/' });
    const train = { ...TEST_TRAIN, batchSize: 4, epochs: 2 };
    await first.send({ type: 'buildTextLm', runId: 1, text: TEXT, model: MODEL, train, tbptt: TBPTT });
    await first.send({ type: 'step', runId: 1, steps: 3 });
    await waitUntil(() => messagesOf(first.messages, 'progress').some((message) => message.step === 3), 'three steps');
    await first.send({ type: 'exportCharLm', requestId: 2 });
    const [exported] = messagesOf(first.messages, 'charLmExportResult');
    expect(exported.step).toBe(3);
    await first.send({ type: 'textActivations', requestId: 3, text: 'are red' });
    const [before] = messagesOf(first.messages, 'textActivationsResult');

    // A fresh worker (a restart, a reload) given the checkpoint, the text and K.
    const second = setUp();
    await second.send({ type: 'init', backend: 'cpu', baseUrl: '/' });
    await second.send({ type: 'importTextLm', requestId: 4, runId: 7, text: exported.text, corpus: TEXT, train, tbptt: TBPTT, step: exported.step });
    expect(messagesOf(second.messages, 'charLmImportResult')).toHaveLength(1);
    await second.send({ type: 'textActivations', requestId: 5, text: 'are red' });
    const [after] = messagesOf(second.messages, 'textActivationsResult');
    expect(Array.from(after.activations.logProbs)).toEqual(Array.from(before.activations.logProbs));
    await second.send({ type: 'step', runId: 7, steps: 1 });
    await waitUntil(() => messagesOf(second.messages, 'progress').some((message) => message.step === 4), 'the step after the kept one');
    expect(messagesOf(second.messages, 'error')).toEqual([]);
  });

  it('a finished run of your text trains on when Epochs are raised, as a classifier run does', async () => {
    const { messages, send } = setUp();
    await send({ type: 'init', backend: 'cpu', baseUrl: '/' });
    const train = { ...TEST_TRAIN, batchSize: 4, epochs: 1 };
    await send({ type: 'buildTextLm', runId: 1, text: TEXT, model: MODEL, train, tbptt: TBPTT });
    const [{ stepsPerEpoch }] = messagesOf(messages, 'charLmBuilt');
    await send({ type: 'start', runId: 1 });
    await waitUntil(() => messagesOf(messages, 'status').some((message) => message.message === 'Training finished.'), 'the first epoch to finish');

    await send({ type: 'updateTrainConfig', runId: 1, train: { ...train, epochs: 2 } });
    expect(messagesOf(messages, 'error'), 'errors after raising Epochs').toEqual([]);
    expect(messagesOf(messages, 'status').at(-1), 'the status after raising Epochs').toMatchObject({ status: 'paused', message: 'The run now has 2 epochs; press Play to go on.' });
    // The new length is shown before Play, not after the next step.
    expect(messagesOf(messages, 'progress').at(-1)).toMatchObject({ step: stepsPerEpoch, totalSteps: 2 * stepsPerEpoch });

    await send({ type: 'start', runId: 1 });
    await waitUntil(() => messagesOf(messages, 'status').filter((message) => message.message === 'Training finished.').length === 2, 'the second epoch to finish');
    expect(messagesOf(messages, 'progress').at(-1)).toMatchObject({ step: 2 * stepsPerEpoch, status: 'done' });
    expect(messagesOf(messages, 'error')).toEqual([]);
  });

  it('a finished run of your text reopens done after a reload, and paused once Epochs are raised', async () => {
    const first = setUp();
    await first.send({ type: 'init', backend: 'cpu', baseUrl: '/' });
    const train = { ...TEST_TRAIN, batchSize: 4, epochs: 1 };
    await first.send({ type: 'buildTextLm', runId: 1, text: TEXT, model: MODEL, train, tbptt: TBPTT });
    const [{ stepsPerEpoch }] = messagesOf(first.messages, 'charLmBuilt');
    await first.send({ type: 'start', runId: 1 });
    await waitUntil(() => messagesOf(first.messages, 'status').some((message) => message.message === 'Training finished.'), 'the run to finish');
    await first.send({ type: 'exportCharLm', requestId: 2 });
    const [exported] = messagesOf(first.messages, 'charLmExportResult');
    expect(exported.step).toBe(stepsPerEpoch);

    const second = setUp();
    await second.send({ type: 'init', backend: 'cpu', baseUrl: '/' });
    await second.send({ type: 'importTextLm', requestId: 3, runId: 5, text: exported.text, corpus: TEXT, train, tbptt: TBPTT, step: exported.step });
    expect(messagesOf(second.messages, 'charLmImportResult')[0].status, 'a finished run after a reload').toBe('done');
    // Play says why it does not train, as at the end of the run.
    await second.send({ type: 'start', runId: 5 });
    expect(messagesOf(second.messages, 'status').at(-1)).toMatchObject({ status: 'done', reason: 'run-finished' });

    // The same checkpoint kept under more epochs (raised before the reload) goes on from there.
    await second.send({ type: 'importTextLm', requestId: 4, runId: 6, text: exported.text, corpus: TEXT, train: { ...train, epochs: 2 }, tbptt: TBPTT, step: exported.step });
    expect(messagesOf(second.messages, 'charLmImportResult')[1].status).toBe('paused');
    expect(messagesOf(second.messages, 'error')).toEqual([]);
  });

  it('refuses a text it cannot learn from, and a reading without a text model, saying why', async () => {
    const { messages, send } = setUp();
    await send({ type: 'init', backend: 'cpu', baseUrl: '/' });
    await send({ type: 'buildTextLm', runId: 1, text: 'ab'.repeat(300), model: MODEL, train: TEST_TRAIN, tbptt: TBPTT });
    await send({ type: 'textActivations', requestId: 2, text: 'abc' });
    const errors = messagesOf(messages, 'error');
    expect(errors[0].where).toBe('build');
    expect(errors[0].error.message).toMatch(/only 2 distinct characters/);
    expect(errors[1].requestId).toBe(2);
    expect(errors[1].error.name).toBe('NoModelError');
  });
});
