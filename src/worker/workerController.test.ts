import { describe, expect, it } from 'vitest';
import { taskDefaults } from '../model/taskDefaults';
import type { ModelConfig } from '../model/types';
import type { BackendName, BackendReport, DeviceLostInfo, FromWorker, ToWorker } from './protocol';
import { FakeSession, ManualClock, TEST_DATASET, TEST_MODEL, TEST_TRAIN, messagesOf, progressSteps, waitUntil, yieldImmediately } from './testing/fakeSession';
import { createKeptWeightsWriter } from './keptWeights';
import type { WorkerEnvironment } from './workerController';
import { WorkerController, whereOf } from './workerController';

const WORD_MODEL: ModelConfig = {
  ...TEST_MODEL,
  input: { type: 'words', vocab: ['<pad>', '<unk>', 'good', 'bad', 'film'], pad: '<pad>', unk: '<unk>', lowercase: true, embeddingDim: 3, trainableEmbedding: false },
};

function setUp(overrides: Partial<WorkerEnvironment> = {}) {
  const clock = new ManualClock();
  const messages: FromWorker[] = [];
  const sessions: FakeSession[] = [];
  const backendChoices: BackendName[] = [];
  let onDeviceLost: ((info: DeviceLostInfo) => void) | null = null;
  const environment: WorkerEnvironment = {
    post: (message) => messages.push(message),
    yieldToEventLoop: yieldImmediately,
    now: clock.now,
    initBackend: async (choice, lost) => {
      backendChoices.push(choice);
      onDeviceLost = lost;
      return { requested: choice, active: choice, reason: `${choice} started`, adapter: 'test adapter', absent: [] } satisfies BackendReport;
    },
    createSession: (_dataset, model, train) => {
      const session = new FakeSession({ model, train, clock, stepsPerEpoch: 10 });
      sessions.push(session);
      return session;
    },
    sessionFromFile: (file, _dataset, train) => {
      if (typeof file !== 'object' || file === null || !('format' in file)) throw new TypeError('missing key "format"');
      const session = new FakeSession({ train, clock, stepsPerEpoch: 10 });
      sessions.push(session);
      return session;
    },
    parseUpload: async (files, level) => ({ dataset: { ...TEST_DATASET, id: `upload:${files[0].name}`, level }, warnings: ['1 duplicate removed'] }),
    readGlove: async () => ({ dimension: 3, vectors: new Map([['good', new Float32Array([1, 2, 3])]]) }),
    ...overrides,
  };
  const controller = new WorkerController(environment);
  const send = (message: ToWorker) => controller.receive(message);
  return { clock, messages, sessions, backendChoices, controller, send, deviceLost: (info: DeviceLostInfo) => onDeviceLost?.(info) };
}

async function builtWorker(overrides: Partial<WorkerEnvironment> = {}, model: ModelConfig = TEST_MODEL) {
  const context = setUp(overrides);
  await context.send({ type: 'init', backend: 'wasm', baseUrl: '/' });
  await context.send({ type: 'setData', requestId: 1, dataset: TEST_DATASET });
  await context.send({ type: 'build', runId: 1, model, train: { ...TEST_TRAIN, epochs: 100 } });
  return context;
}

describe('WorkerController', () => {
  it('answers every request with its own reply type and requestId', async () => {
    const { send, messages } = await builtWorker();
    expect(messages.map((message) => message.type)).toEqual(['backend', 'dataReady', 'built']);
    expect(messagesOf(messages, 'built')[0]).toMatchObject({ runId: 1, stepsPerEpoch: 10, parameters: [{ name: 'head.weight' }] });

    await send({ type: 'evaluate', requestId: 11, split: 'val' });
    await send({ type: 'trace', requestId: 12, text: 'abc', targetClass: null });
    await send({ type: 'predict', requestId: 13, texts: ['ab'], k: 1 });
    await send({ type: 'export', requestId: 14 });
    await send({ type: 'parseUpload', requestId: 15, files: [new File(['a,A'], 'mine.csv')], level: 'chars' });
    const replies = messages.slice(3).map((message) => [message.type, 'requestId' in message ? message.requestId : null]);
    expect(replies).toEqual([
      ['evaluateResult', 11],
      ['traceResult', 12],
      ['predictResult', 13],
      ['exportResult', 14],
      ['uploadResult', 15],
    ]);
    expect(messagesOf(messages, 'uploadResult')[0]).toMatchObject({ dataset: { id: 'upload:mine.csv' }, warnings: ['1 duplicate removed'] });
  });

  it('handles build then start in order: the new run trains, not the old one', async () => {
    const { send, messages, sessions, controller } = await builtWorker();
    void send({ type: 'build', runId: 2, model: TEST_MODEL, train: TEST_TRAIN });
    void send({ type: 'step', runId: 2, steps: 2 });
    await send({ type: 'pause', runId: 1 }); // stale: ignored
    await waitUntil(() => sessions[1]?.step === 2, 'two steps of the new run');
    await controller.receive({ type: 'pause', runId: 2 });
    expect(sessions[0].isDisposed).toBe(true);
    expect(sessions[0].step).toBe(0);
    const progress = messagesOf(messages, 'progress');
    expect(progress.every((message) => message.runId === 2)).toBe(true);
  });

  it('refuses a build without data, keeping the current model, and names the control', async () => {
    const { send, messages } = setUp();
    await send({ type: 'build', runId: 1, model: TEST_MODEL, train: TEST_TRAIN });
    expect(messagesOf(messages, 'error')[0]).toMatchObject({
      where: 'build',
      runId: 1,
      error: { name: 'WorkerStateError', message: 'Choose a data set before building a model.' },
    });
  });

  it('keeps the current model when a new configuration is refused', async () => {
    const first = new FakeSession();
    const { send, messages } = await builtWorker({
      createSession: (_dataset, model) => {
        if (model.hiddenSize < 1) throw new RangeError('hiddenSize must be at least 1');
        return first;
      },
    });
    await send({ type: 'build', runId: 2, model: { ...TEST_MODEL, hiddenSize: 0 }, train: TEST_TRAIN });
    expect(messagesOf(messages, 'error')[0]).toMatchObject({ where: 'build', runId: 2, error: { message: 'hiddenSize must be at least 1' } });
    expect(first.isDisposed).toBe(false);
    await send({ type: 'predict', requestId: 3, texts: ['ab'], k: 1 });
    expect(messagesOf(messages, 'predictResult')).toHaveLength(1);
  });

  it('imports a model file as a new run and reports a malformed one next to the import control', async () => {
    const { send, messages } = await builtWorker();
    await send({ type: 'import', requestId: 5, runId: 2, file: new Blob(['{ not json']) });
    await send({ type: 'import', requestId: 6, runId: 3, file: new Blob(['{"state_dict": {}}']) });
    await send({ type: 'import', requestId: 7, runId: 4, file: new Blob([JSON.stringify({ format: 'rnn-playground/torch-v1' })]) });
    const errors = messagesOf(messages, 'error');
    expect(errors[0]).toMatchObject({ where: 'import', requestId: 5, runId: 2, error: { name: 'SyntaxError' } });
    expect(errors[0].error.message).toMatch(/^This is not a model file: it is not valid JSON/);
    expect(errors[1]).toMatchObject({ where: 'import', requestId: 6, error: { message: 'missing key "format"' } });
    expect(messagesOf(messages, 'importResult')[0]).toMatchObject({ requestId: 7, runId: 4 });
  });

  it("trains an imported model with the task's default settings until the client sends its own", async () => {
    const { send, sessions } = setUp();
    await send({ type: 'init', backend: 'wasm', baseUrl: '/' });
    await send({ type: 'setData', requestId: 1, dataset: { ...TEST_DATASET, source: 'sst2' } });
    await send({ type: 'import', requestId: 2, runId: 1, file: new Blob([JSON.stringify({ format: 'rnn-playground/torch-v1' })]) });
    expect(sessions[0].train).toEqual(taskDefaults('sst2').train);
    await send({ type: 'updateTrainConfig', runId: 1, train: TEST_TRAIN });
    await send({ type: 'import', requestId: 3, runId: 2, file: new Blob([JSON.stringify({ format: 'rnn-playground/torch-v1' })]) });
    expect(sessions[1].train).toEqual(TEST_TRAIN);
  });

  it('a kept classifier run that had finished reopens done under the settings sent with it, and trains on once Epochs are raised', async () => {
    const { send, messages, sessions } = setUp();
    await send({ type: 'init', backend: 'wasm', baseUrl: '/' });
    await send({ type: 'setData', requestId: 1, dataset: TEST_DATASET });
    const file = new Blob([JSON.stringify({ format: 'rnn-playground/torch-v1' })]);
    // A reload: a fresh worker, which has no settings of its own yet; the run took all 10 steps of its 1 epoch.
    await send({ type: 'import', requestId: 2, runId: 1, file, step: 10, train: { ...TEST_TRAIN, epochs: 1 } });
    expect(messagesOf(messages, 'importResult')[0].status, 'a finished run after a reload').toBe('done');
    await send({ type: 'start', runId: 1 });
    expect(messagesOf(messages, 'status').at(-1)).toMatchObject({ status: 'done', reason: 'run-finished' });
    expect(sessions[0].step).toBe(0);

    await send({ type: 'updateTrainConfig', runId: 1, train: { ...TEST_TRAIN, epochs: 2 } });
    expect(messagesOf(messages, 'status').at(-1)?.status).toBe('paused');
    await send({ type: 'step', runId: 1, steps: 1 });
    await waitUntil(() => progressSteps(messages).some((pair) => pair.step === 11), 'step 11, on from the kept step');

    // The same checkpoint kept under 2 epochs (raised before the reload) reopens paused, and trains on at Play.
    await send({ type: 'import', requestId: 3, runId: 2, file, step: 10, train: { ...TEST_TRAIN, epochs: 2 } });
    expect(messagesOf(messages, 'importResult')[1].status).toBe('paused');
    expect(messagesOf(messages, 'error')).toEqual([]);
  });

  it('switching backend keeps the weights (export → re-open) and the step count, and plays on', async () => {
    const { send, messages, sessions, backendChoices, controller } = await builtWorker();
    await send({ type: 'start', runId: 1 });
    await waitUntil(() => sessions[0].step >= 3, 'three steps');
    await send({ type: 'setBackend', backend: 'cpu' });
    const stepsBefore = sessions[0].step;
    expect(sessions[0].calls).toContain('exportFile');
    expect(sessions[0].isDisposed).toBe(true);
    expect(backendChoices).toEqual(['wasm', 'cpu']);
    expect(messagesOf(messages, 'backend').at(-1)?.report.active).toBe('cpu');
    expect(messagesOf(messages, 'status').some((message) => message.message === 'Switched to cpu; training continues with the same weights.')).toBe(true);
    await waitUntil(() => sessions[1].step >= 2, 'two steps on the new backend');
    await controller.receive({ type: 'pause', runId: 1 });
    const steps = progressSteps(messages).map((pair) => pair.step);
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, index) => index + 1));
    expect(steps.length).toBeGreaterThan(stepsBefore);
  });

  it('a lost WebGPU device stops training and tells the client with a deviceLost message', async () => {
    const { send, messages, sessions, deviceLost } = await builtWorker();
    await send({ type: 'setBackend', backend: 'webgpu' });
    await send({ type: 'start', runId: 1 });
    const session = sessions.at(-1)!;
    await waitUntil(() => session.step >= 2, 'two steps');
    deviceLost({ backend: 'webgpu', reason: 'unknown', message: 'GPU process crashed' });
    const stepAtLoss = session.step;
    for (let turn = 0; turn < 20; turn++) await yieldImmediately();
    expect(session.step).toBeLessThanOrEqual(stepAtLoss + 1);
    expect(messagesOf(messages, 'deviceLost')).toEqual([
      { type: 'deviceLost', runId: 1, info: { backend: 'webgpu', reason: 'unknown', message: 'GPU process crashed' } },
    ]);
    expect(messagesOf(messages, 'error')).toEqual([]);
  });

  it('ignores the loss of a GPU the worker switched away from: training goes on where it runs', async () => {
    const { send, messages, sessions, deviceLost } = await builtWorker();
    await send({ type: 'setBackend', backend: 'webgl' });
    await send({ type: 'setBackend', backend: 'wasm' });
    await send({ type: 'start', runId: 1 });
    const session = sessions.at(-1)!;
    await waitUntil(() => session.step >= 2, 'two steps');
    deviceLost({ backend: 'webgl', reason: 'context lost', message: '' });
    const stepAtLoss = session.step;
    await waitUntil(() => session.step >= stepAtLoss + 3, 'three more steps on wasm');
    expect(messagesOf(messages, 'deviceLost')).toEqual([]);
  });

  it("loses the GPU on a test's request through the environment, and says so where it cannot", async () => {
    let losses = 0;
    const { send, messages } = await builtWorker({ loseGpuForTest: () => (losses += 1) });
    await send({ type: 'loseGpuForTest' });
    expect(losses).toBe(1);
    expect(messagesOf(messages, 'error')).toEqual([]);
    const without = await builtWorker();
    await without.send({ type: 'loseGpuForTest' });
    expect(messagesOf(without.messages, 'error').map((message) => message.error.message)).toEqual(['This worker cannot lose its GPU on request.']);
  });

  it('loads GloVe vectors with throttled progress and reports coverage', async () => {
    const clock = new ManualClock();
    const { send, messages, sessions } = await builtWorker(
      {
        now: clock.now,
        readGlove: async (_file, vocabulary, onProgress) => {
          expect(vocabulary).toContain('film');
          for (let chunk = 1; chunk <= 50; chunk++) {
            clock.advance(20);
            onProgress(chunk * 1000);
          }
          return { dimension: 3, vectors: new Map([['good', new Float32Array(3)], ['film', new Float32Array(3)]]) };
        },
      },
      WORD_MODEL,
    );
    await send({ type: 'loadGlove', requestId: 9, file: new File(['x'.repeat(50_000)], 'glove.test.3d.txt') });
    const progress = messagesOf(messages, 'gloveProgress');
    // 50 chunks × 20 ms at one message per 200 ms, plus the final 100%.
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.length).toBeLessThanOrEqual(7);
    expect(progress.at(-1)).toMatchObject({ requestId: 9, bytesRead: 50_000, totalBytes: 50_000 });
    expect(messagesOf(messages, 'gloveResult')[0]).toEqual({ type: 'gloveResult', requestId: 9, dimension: 3, found: 2, vocabSize: 3 });
    expect(sessions[0].embeddingCalls[0].trainable).toBe(false);
  });

  it('refuses GloVe vectors of the wrong width or for a character model, next to the GloVe control', async () => {
    const words = await builtWorker({ readGlove: async () => ({ dimension: 50, vectors: new Map() }) }, WORD_MODEL);
    await words.send({ type: 'loadGlove', requestId: 9, file: new File(['x'], 'glove.6B.50d.txt') });
    expect(messagesOf(words.messages, 'error')[0]).toMatchObject({ where: 'glove', requestId: 9 });
    expect(messagesOf(words.messages, 'error')[0].error.message).toMatch(/50-dimensional vectors but the model's embedding has 3/);
    expect(words.sessions[0].embeddingCalls).toHaveLength(0);

    const chars = await builtWorker();
    await chars.send({ type: 'loadGlove', requestId: 10, file: new File(['x'], 'glove.txt') });
    expect(messagesOf(chars.messages, 'error')[0].error.message).toMatch(/word-level models/);
  });

  it('reports an upload the parser refuses with where=upload', async () => {
    class DataFileError extends Error {
      override name = 'DataFileError';
    }
    const { send, messages } = setUp({ parseUpload: async () => Promise.reject(new DataFileError('The file is empty.')) });
    await send({ type: 'parseUpload', requestId: 4, files: [new File([], 'empty.csv')], level: 'words' });
    expect(messagesOf(messages, 'error')[0]).toMatchObject({ where: 'upload', requestId: 4, error: { name: 'DataFileError', message: 'The file is empty.' } });
  });

  it('answers requests without a model with a plain-words error', async () => {
    const { send, messages } = setUp();
    await send({ type: 'trace', requestId: 3, text: 'Nienhuis', targetClass: null });
    expect(messagesOf(messages, 'error')[0]).toMatchObject({ where: 'trace', requestId: 3, error: { name: 'NoModelError' } });
  });

  it('pause for the current run acts at once, even behind a long request', async () => {
    let release: () => void = () => undefined;
    const slowGlove = new Promise<void>((resolve) => (release = resolve));
    const { send, sessions, controller, messages } = await builtWorker(
      {
        readGlove: async () => {
          await slowGlove;
          return { dimension: 3, vectors: new Map() };
        },
      },
      WORD_MODEL,
    );
    await send({ type: 'start', runId: 1 });
    await waitUntil(() => sessions[0].step >= 2, 'two steps');
    const glove = send({ type: 'loadGlove', requestId: 9, file: new File(['x'], 'glove.txt') });
    void controller.receive({ type: 'pause', runId: 1 });
    expect(messagesOf(messages, 'status').at(-1)?.status).toBe('paused');
    const stepAtPause = sessions[0].step;
    for (let turn = 0; turn < 20; turn++) await yieldImmediately();
    expect(sessions[0].step).toBeLessThanOrEqual(stepAtPause + 1);
    release();
    await glove;
  });

  it("traces a kept run's gradient profile from weights it reads itself by the run's id: the page sends the id, not the 31 MB text", async () => {
    const kept = new Map([['sst2-run', JSON.stringify({ format: 'rnn-playground/torch-v1', note: 'kept weights' })]]);
    const asked: string[] = [];
    const opened: unknown[] = [];
    const { send, messages, sessions } = await builtWorker({
      readKeptWeights: async (id) => {
        asked.push(id);
        return kept.get(id) ?? null;
      },
      sessionFromFile: (file, _dataset, train) => {
        opened.push(file);
        const session = new FakeSession({ train, stepsPerEpoch: 10 });
        sessions.push(session);
        return session;
      },
    });
    const current = sessions[0];
    await send({ type: 'gradientProfile', requestId: 21, keptRunId: 'sst2-run', text: 'good', targetClass: 1 });
    expect(asked).toEqual(['sst2-run']);
    expect(opened).toEqual([{ format: 'rnn-playground/torch-v1', note: 'kept weights' }]);
    expect(messagesOf(messages, 'gradientProfileResult')[0]).toMatchObject({ requestId: 21, tokens: ['g', 'o', 'o', 'd'], targetClass: 1 });
    // Opened beside the current model and disposed; the current model is untouched.
    expect(sessions.at(-1)?.isDisposed).toBe(true);
    expect(current.isDisposed).toBe(false);

    // Weights gone meanwhile (deleted in another tab): said next to the profiles, as the page said it before.
    await send({ type: 'gradientProfile', requestId: 22, keptRunId: 'deleted-run', text: 'good', targetClass: 1 });
    expect(messagesOf(messages, 'error').at(-1)).toMatchObject({ where: 'trace', requestId: 22, error: { message: 'its weights are no longer stored' } });
    expect(opened).toHaveLength(1);
  });

  it("keeps the current model's weights itself when the page keeps the run: the text written under the run's id before the reply, which carries only its length and its mark", async () => {
    const written: [string, string][] = [];
    const events: string[] = [];
    const messages: FromWorker[] = [];
    const { send } = await builtWorker({
      writeKeptWeights: async (id, text) => {
        written.push([id, text]);
        events.push('written');
        // The pending keep's mark the writer set (worker/keptWeights.ts).
        return 1234.5;
      },
      post: (message) => {
        if (message.type === 'exportResult') events.push('replied');
        messages.push(message);
      },
    });
    await send({ type: 'export', requestId: 31 });
    expect(written, 'a plain export (Save model, a checkpoint) keeps no run').toEqual([]);
    await send({ type: 'export', requestId: 32, keepWeightsAs: 'run-7' });
    expect(events).toEqual(['replied', 'written', 'replied']);
    const [plain, keeping] = messagesOf(messages, 'exportResult');
    expect([plain.keptWeightsLength, plain.keptWeightsMark]).toEqual([undefined, undefined]);
    // The text kept is the model file the reply's Blob holds (what Save model downloads), and its length is reported.
    expect(written).toHaveLength(1);
    expect(written[0][0]).toBe('run-7');
    expect(written[0][1]).toBe(await keeping.file.blob.text());
    expect(JSON.parse(written[0][1])).toMatchObject({ format: 'rnn-playground/torch-v1' });
    expect(keeping).toMatchObject({ requestId: 32, keptWeightsLength: written[0][1].length, keptWeightsMark: 1234.5 });

    // Storage full: the keep fails with the reason, where the export's errors go; no reply claims the weights kept.
    const full = await builtWorker({ writeKeptWeights: async () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); } });
    await full.send({ type: 'export', requestId: 33, keepWeightsAs: 'run-8' });
    expect(messagesOf(full.messages, 'exportResult')).toEqual([]);
    expect(messagesOf(full.messages, 'error').at(-1)).toMatchObject({ where: 'export', requestId: 33, error: { message: 'The quota has been exceeded.' } });
  });

  it("writes a finished race's members' weights itself, marked, under their kept runs' ids before the record, which carries only their lengths", async () => {
    const stores = { weights: new Map<string, unknown>(), marks: new Map<string, unknown>() };
    const over = (map: Map<string, unknown>) => ({ setMany: async (entries: [string, unknown][]) => void entries.forEach(([key, value]) => map.set(key, value)) });
    // The worker's own writer (a pending keep's mark, then the text) over memory stores.
    const write = createKeptWeightsWriter(over(stores.weights), over(stores.marks), () => 1234);
    const atReply: { weights: [string, unknown][]; marks: [string, unknown][] }[] = [];
    const messages: FromWorker[] = [];
    const { send } = await builtWorker({
      writeKeptWeights: write,
      post: (message) => {
        if (message.type === 'taskRaceFinished') atReply.push({ weights: [...stores.weights], marks: [...stores.marks] });
        messages.push(message);
      },
    });
    const train = { ...TEST_TRAIN, epochs: 1 };
    const members = [
      { label: 'RNN', model: { ...TEST_MODEL, cell: 'rnn' as const }, train, keepWeightsAs: 'race-run-1' },
      { label: 'LSTM', model: TEST_MODEL, train, keepWeightsAs: 'race-run-2' },
    ];
    await send({ type: 'startTaskRace', runId: 9, dataId: 'test', members });
    await waitUntil(() => messagesOf(messages, 'taskRaceFinished').length === 1, 'the race to finish');
    const [{ record }] = messagesOf(messages, 'taskRaceFinished');
    const text = JSON.stringify(await new FakeSession().exportFile());
    // In the store when the page hears of the race: each member's model file under its id, marked as a pending keep.
    expect(atReply).toHaveLength(1);
    const [{ weights, marks }] = atReply;
    expect(weights).toEqual([['race-run-1', text], ['race-run-2', text]]);
    expect(marks.map(([id]) => id)).toEqual(['race-run-1', 'race-run-2']);
    // Each mark in the ms of its time (1234), its fraction its own (newMarkTime).
    for (const [, mark] of marks) expect(Math.floor(mark as number)).toBe(1234);
    expect(new Set(marks.map(([, mark]) => mark)).size, 'two marks told apart').toBe(2);
    // The record carries the ids, the texts' lengths and the marks' values, never the texts.
    expect(record.members.map((member) => [member.keepWeightsAs, member.keptWeightsLength, member.keptWeightsMark])).toEqual(marks.map(([id, mark]) => [id, text.length, mark]));
    expect(JSON.stringify(record)).not.toContain('rnn-playground/torch-v1');
  });

  it('names the control of every message type for errors', () => {
    const where = whereOf;
    expect(where({ type: 'loadGlove', requestId: 1, file: new File([], 'g') })).toBe('glove');
    expect(where({ type: 'parseUpload', requestId: 1, files: [], level: 'chars' })).toBe('upload');
    expect(where({ type: 'setBackend', backend: 'wasm' })).toBe('backend');
    expect(where({ type: 'import', requestId: 1, runId: 1, file: new Blob([]) })).toBe('import');
    expect(where({ type: 'trace', requestId: 1, text: '', targetClass: null })).toBe('trace');
    expect(where({ type: 'start', runId: 1 })).toBe('train');
    expect(() => whereOf({ type: 'bogus' } as unknown as ToWorker)).toThrow(/Unknown message/);
  });
});
