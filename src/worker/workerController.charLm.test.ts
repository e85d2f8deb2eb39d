import { describe, expect, it } from 'vitest';
import { EPOCH_SAMPLING, epochSampleConditions, SAMPLES_PER_CONDITION } from './epochSamples';
import type { FromWorker, ToWorker } from './protocol';
import { FakeCharLmSession, TEST_CHAR_LM, TEST_NAMES_DATASET } from './testing/fakeCharLmSession';
import { FakeSession, ManualClock, TEST_TRAIN, messagesOf, waitUntil, yieldImmediately } from './testing/fakeSession';
import { WorkerController } from './workerController';

function setUp() {
  const clock = new ManualClock();
  const messages: FromWorker[] = [];
  const sessions: FakeCharLmSession[] = [];
  const controller = new WorkerController({
    post: (message) => messages.push(message),
    yieldToEventLoop: yieldImmediately,
    now: clock.now,
    initBackend: async (choice) => ({ requested: choice, active: choice, reason: 'test', adapter: 'test adapter', absent: [] }),
    createSession: (_dataset, model, train) => new FakeSession({ model, train, clock }),
    sessionFromFile: () => {
      throw new Error('no classifier files here');
    },
    createCharLmSession: (_dataset, model, train) => {
      const session = new FakeCharLmSession(model, train);
      sessions.push(session);
      return session;
    },
    charLmSessionFromFile: (file, dataset, train) => {
      const task = (file as { task?: { kind?: string } }).task;
      if (task?.kind !== 'char-lm') throw new Error('task.kind: expected "char-lm"');
      const session = new FakeCharLmSession({ ...TEST_CHAR_LM, hiddenSize: dataset === null ? 5 : 6 }, train);
      sessions.push(session);
      return session;
    },
    parseUpload: async () => {
      throw new Error('unused');
    },
    readGlove: async () => {
      throw new Error('unused');
    },
  });
  const send = (message: ToWorker) => controller.receive(message);
  return { messages, sessions, send, controller };
}

async function builtGenerator(epochs = 2) {
  const context = setUp();
  await context.send({ type: 'init', backend: 'cpu', baseUrl: '/' });
  await context.send({ type: 'setData', requestId: 1, dataset: TEST_NAMES_DATASET });
  await context.send({ type: 'buildCharLm', runId: 1, model: TEST_CHAR_LM, train: { ...TEST_TRAIN, epochs } });
  return context;
}

describe('WorkerController hosting a names generator', () => {
  it('builds it as a run and reports its parameters and steps per epoch', async () => {
    const { messages } = await builtGenerator();
    expect(messagesOf(messages, 'charLmBuilt')).toEqual([
      { type: 'charLmBuilt', runId: 1, model: TEST_CHAR_LM, parameters: [{ name: 'head.weight', shape: [4, 8], count: 32, trainable: true }], stepsPerEpoch: 3 },
    ]);
  });

  it('trains through the same loop: progress per character, validation NLL and samples each epoch, test at the end', async () => {
    const { messages, send, sessions } = await builtGenerator(2);
    await send({ type: 'start', runId: 1 });
    await waitUntil(() => messagesOf(messages, 'status').some((message) => message.status === 'done'), 'the run to finish');
    const lm = messagesOf(messages, 'lmMetrics');
    expect(lm.map((message) => [message.metrics.split, message.step, message.epoch])).toEqual([
      ['val', 3, 0],
      ['val', 6, 1],
      ['test', 6, 1],
    ]);
    // Validation passes carry the epoch's samples (every condition the model knows, as it knows none of the preferred ones).
    expect(lm[0].samples.map((sample) => sample.condition)).toEqual(Array.from({ length: 2 }, (_, i) => Array(SAMPLES_PER_CONDITION).fill(TEST_CHAR_LM.conditions[i])).flat());
    expect(lm[2].samples).toEqual([]);
    expect(lm[1].metrics.perplexity).toBeCloseTo(Math.exp(lm[1].metrics.nllPerChar), 12);
    // A language model has no accuracy or confusion matrix: no classifier metrics at all.
    expect(messagesOf(messages, 'metrics')).toEqual([]);
    const losses = messagesOf(messages, 'progress').flatMap((message) => Array.from(message.trainLoss));
    expect(losses.filter((_, index) => index % 2 === 0)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sessions[0].calls).toContain('sample:A');
  });

  it('resets the generator to step 0, and an undo before the next step puts the step back (Reset on its Train step)', async () => {
    const { messages, send } = await builtGenerator(2);
    await send({ type: 'step', runId: 1, steps: 2 });
    await waitUntil(() => messagesOf(messages, 'progress').some((message) => message.step === 2), 'step 2 reported');
    await send({ type: 'reset', runId: 1 });
    expect(messagesOf(messages, 'error')).toEqual([]);
    expect(messagesOf(messages, 'progress').at(-1)?.step).toBe(0);
    expect(messagesOf(messages, 'status').at(-1)?.status).toBe('ready');
    await send({ type: 'undoReset', runId: 1 });
    expect(messagesOf(messages, 'progress').at(-1)?.step).toBe(2);
    expect(messagesOf(messages, 'status').at(-1)?.status).toBe('paused');
  });

  it('answers sample, score and export with their replies, and refuses a classifier request naming the kind', async () => {
    const { messages, send } = await builtGenerator();
    await send({ type: 'sample', requestId: 7, condition: 'B', count: 2, options: { ...EPOCH_SAMPLING, seed: 1 } });
    await send({ type: 'score', requestId: 8, items: [{ text: 'ab', condition: 'A' }] });
    await send({ type: 'exportCharLm', requestId: 9 });
    await send({ type: 'trace', requestId: 10, text: 'ab', targetClass: null });
    expect(messagesOf(messages, 'sampleResult')[0]).toMatchObject({ requestId: 7, texts: [{ condition: 'B', text: 'b' }, { condition: 'B', text: 'b' }] });
    expect(messagesOf(messages, 'scoreResult')[0]).toMatchObject({ requestId: 8, scored: [{ input: 'ab', condition: 'A' }] });
    const exported = messagesOf(messages, 'charLmExportResult')[0];
    expect(exported.requestId).toBe(9);
    expect(JSON.parse(exported.text)).toMatchObject({ task: { kind: 'char-lm', conditions: ['A', 'B'] } });
    expect(messagesOf(messages, 'error')[0]).toMatchObject({ requestId: 10, where: 'trace', error: { name: 'WrongModelKindError' } });
  });

  it('opens a char-lm file as a new run with the data when the conditions match, and names bad JSON', async () => {
    const { messages, send, sessions } = await builtGenerator();
    await send({ type: 'importCharLm', requestId: 3, runId: 2, text: '{not json' });
    expect(messagesOf(messages, 'error')[0]).toMatchObject({ requestId: 3, where: 'import', error: { name: 'SyntaxError' } });
    const file = JSON.stringify({ task: { kind: 'char-lm', conditions: ['A', 'B'] } });
    await send({ type: 'importCharLm', requestId: 4, runId: 2, text: file });
    expect(messagesOf(messages, 'charLmImportResult')[0]).toMatchObject({ requestId: 4, runId: 2, model: { hiddenSize: 6 } });
    expect(sessions[0].calls).toContain('dispose');
    // Other conditions than the data's classes: opened without data (sample and score only).
    await send({ type: 'importCharLm', requestId: 5, runId: 3, text: JSON.stringify({ task: { kind: 'char-lm', conditions: ['X'] } }) });
    expect(messagesOf(messages, 'charLmImportResult')[1]).toMatchObject({ requestId: 5, model: { hiddenSize: 5 } });
  });
  it('a kept generator that had finished reopens done under the settings sent with it, and trains on once Epochs are raised', async () => {
    const { messages, send, sessions } = setUp();
    await send({ type: 'init', backend: 'cpu', baseUrl: '/' });
    await send({ type: 'setData', requestId: 1, dataset: TEST_NAMES_DATASET });
    const file = JSON.stringify({ task: { kind: 'char-lm', conditions: ['A', 'B'] } });
    // A reload: a fresh worker with no settings of its own; the run took all 3 steps of its 1 epoch.
    await send({ type: 'importCharLm', requestId: 2, runId: 1, text: file, step: 3, train: { ...TEST_TRAIN, epochs: 1 } });
    expect(messagesOf(messages, 'charLmImportResult')[0].status, 'a finished generator after a reload').toBe('done');
    await send({ type: 'updateTrainConfig', runId: 1, train: { ...TEST_TRAIN, epochs: 2 } });
    expect(messagesOf(messages, 'status').at(-1)?.status).toBe('paused');
    await send({ type: 'step', runId: 1, steps: 1 });
    await waitUntil(() => messagesOf(messages, 'progress').some((message) => message.step === 4), 'step 4, on from the kept step');
    expect(sessions[0].step).toBe(1);
    expect(messagesOf(messages, 'error')).toEqual([]);
  });
});

describe('WorkerController switching backend under a names generator', () => {
  it('re-opens the generator from its own file on the new backend, step count kept', async () => {
    const { messages, send, sessions } = await builtGenerator(5);
    await send({ type: 'step', runId: 1, steps: 2 });
    await waitUntil(() => sessions[0].step === 2, 'two steps');
    await waitUntil(() => messagesOf(messages, 'status').some((message) => message.status === 'paused'), 'the pause after two steps');
    await send({ type: 'setBackend', backend: 'wasm' });
    // The test environment's file opener marks a generator opened with the data by hidden size 6.
    expect(sessions).toHaveLength(2);
    expect(sessions[1].model.hiddenSize).toBe(6);
    expect(messagesOf(messages, 'status').at(-1)?.message).toBe('Switched to wasm; the weights are kept.');
    await send({ type: 'step', runId: 1, steps: 1 });
    await waitUntil(() => sessions[1].step === 1, 'a step on the new backend');
    await waitUntil(() => messagesOf(messages, 'progress').some((message) => message.step === 3), 'step 3 reported');
  });
});

describe('epochSampleConditions', () => {
  it('prefers contrasting languages the model knows, else its first conditions, else the unconditioned model', () => {
    expect(epochSampleConditions(['Arabic', 'Chinese', 'German', 'Russian', 'English'])).toEqual(['Russian', 'German', 'Chinese']);
    expect(epochSampleConditions(['x', 'y', 'z', 'w', 'v'])).toEqual(['x', 'y', 'z', 'w']);
    expect(epochSampleConditions([])).toEqual([null]);
  });
});
