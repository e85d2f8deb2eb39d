import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types';
import type { ModelConfig, ModelFile, TrainConfig } from '../model/types';
import { TrainerClient, WorkerRestartedError } from './client';
import type { FromWorker, ToWorker } from './protocol';

/** A Worker stand-in: records what the client posts and lets the test answer. */
class FakeWorker extends EventTarget {
  readonly sent: ToWorker[] = [];
  isTerminated = false;
  postMessage(message: ToWorker): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.isTerminated = true;
  }
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
const model = { cell: 'lstm', hiddenSize: 4, numLayers: 1, bidirectional: false, dropout: 0, input: { type: 'chars', alphabet: 'ab' }, classes: ['x', 'y'] } satisfies ModelConfig;
const dataset: Dataset = { id: 'toy', source: 'upload', title: 'toy', level: 'chars', classes: ['x', 'y'], notes: [], train: [{ text: 'a', label: 0 }], val: [], test: [] };
const file: ModelFile = {
  format: 'rnn-playground/torch-v1',
  task: { kind: 'classify', classes: ['x', 'y'], input: { type: 'chars', alphabet: 'ab' } },
  model: { cell: 'lstm', hiddenSize: 4, numLayers: 1, bidirectional: false, embeddingDim: null, dropout: 0 },
  state_dict: { 'head.bias': [0, 0] },
};

function setup() {
  const workers: FakeWorker[] = [];
  const client = new TrainerClient({
    backend: 'webgpu',
    baseUrl: '/',
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
  return { client, workers, worker: () => workers[workers.length - 1] };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function progress(runId: number, step: number): FromWorker {
  return {
    type: 'progress',
    runId,
    status: 'training',
    epoch: 0,
    step,
    totalSteps: 10,
    stepsPerEpoch: 10,
    stepsPerSecond: 1,
    etaSeconds: 1,
    trainLoss: new Float32Array([step, 1 / step]),
    gradNorm: new Float32Array([step, 2]),
  };
}

describe('TrainerClient', () => {
  it('starts the worker with init, and matches replies to requests by id', async () => {
    const { client, worker } = setup();
    expect(worker().sent[0]).toEqual({ type: 'init', backend: 'webgpu', baseUrl: '/' });
    const first = client.evaluate('val');
    const second = client.evaluate('test');
    const [a, b] = [worker().sent[1], worker().sent[2]] as Extract<ToWorker, { type: 'evaluate' }>[];
    expect(a.requestId).not.toBe(b.requestId);
    const metrics = (split: 'val' | 'test') => ({ split, loss: 1, accuracy: 0.5, macroAccuracy: 0.5, confusion: [1, 0, 0, 1], count: 2 });
    worker().reply({ type: 'evaluateResult', requestId: b.requestId, metrics: metrics('test') });
    worker().reply({ type: 'evaluateResult', requestId: a.requestId, metrics: metrics('val') });
    expect((await first).split).toBe('val');
    expect((await second).split).toBe('test');
  });

  it("clears a failed trace's error once a trace is answered (no stale error under a valid text)", async () => {
    const { client, worker } = setup();
    const failed = client.trace('', null);
    const first = worker().last('trace');
    worker().reply({ type: 'error', requestId: first.requestId, where: 'trace', error: { name: 'DataFileError', message: '"" has no words left' } });
    await expect(failed).rejects.toThrow('has no words left');
    expect(client.getSnapshot().errors.trace).toContain('has no words left');
    const traced = client.trace('good', null);
    const trace = { text: 'good' } as unknown as Extract<FromWorker, { type: 'traceResult' }>['trace'];
    worker().reply({ type: 'traceResult', requestId: worker().last('trace').requestId, trace });
    await traced;
    expect(client.getSnapshot().errors.trace).toBeUndefined();
  });

  it('keeps the end-of-run test evaluation out of the validation curves and confusion matrix', () => {
    const { client, worker } = setup();
    void client.build(model, train);
    const runId = worker().last('build').runId;
    worker().reply({ type: 'built', runId, model, parameters: [], stepsPerEpoch: 10 });
    // Its length under the settings it was built with, before any progress message ("0 of 0" before the first Play).
    expect(client.getSnapshot()).toMatchObject({ step: 0, totalSteps: 10 * train.epochs });
    const drawn: string[] = [];
    client.onMetrics((message) => drawn.push(message.metrics.split));
    const metrics = (split: 'val' | 'test', accuracy: number, scope: 'full' | 'subset' = 'full') => ({
      type: 'metrics' as const, runId, step: 10, epoch: 0, mistakes: {}, scope,
      metrics: { split, loss: 1, accuracy, macroAccuracy: accuracy, confusion: [1, 0, 0, 1], count: 2 },
    });
    worker().reply(metrics('val', 0.6));
    // The live validation sample is drawn but never replaces the last full validation.
    worker().reply(metrics('val', 0.65, 'subset'));
    worker().reply(metrics('test', 0.7));
    expect(drawn).toEqual(['val', 'val']);
    expect(client.getHistory().metrics.map((message) => message.scope)).toEqual(['full', 'subset']);
    expect(client.getSnapshot().lastMetrics?.accuracy).toBe(0.6);
    expect(client.getSnapshot().testMetrics?.accuracy).toBe(0.7);
  });

  it("rejects a refused model file with the worker's message and leaves the current run untouched", async () => {
    const { client, worker } = setup();
    void client.build(model, train);
    const runId = worker().last('build').runId;
    worker().reply({ type: 'built', runId, model, parameters: [], stepsPerEpoch: 10 });
    worker().reply(progress(runId, 1));
    const opening = client.importModel(new Blob(['{}']));
    const sent = worker().last('import');
    worker().reply({ type: 'error', requestId: sent.requestId, runId: sent.runId, where: 'import', error: { name: 'ModelFileError', message: 'missing key head.weight' } });
    await expect(opening).rejects.toThrow('missing key head.weight');
    expect(client.getSnapshot().errors.import).toBe('missing key head.weight');
    expect(client.getSnapshot().runId).toBe(runId);
    expect(client.getSnapshot().model).toBe(model);
    worker().reply(progress(runId, 2)); // the old run goes on
    expect(client.getHistory().trainLoss).toEqual([1, 1, 2, 0.5]);
    expect(client.getSnapshot().step).toBe(2);
  });

  it("restores a kept run's story before it announces the checkpoint, so what the UI keeps of it is the whole story", async () => {
    const { client, worker } = setup();
    const kept: { step: number; history: number[]; epoch: number }[] = [];
    client.onCheckpoint((_, step) => kept.push({ step, history: [...client.getHistory().trainLoss], epoch: client.getSnapshot().epoch }));
    const story = {
      step: 6,
      epoch: 1,
      totalSteps: 10,
      stepsPerEpoch: 5,
      history: { trainLoss: [5, 0.7, 6, 0.6], gradNorm: [5, 1, 6, 1], metrics: [] },
      lastMetrics: null,
      testMetrics: null,
      keptRecordId: null,
    };
    const opening = client.importModel(new Blob(['{}']), train, story, 'restored');
    const sent = worker().last('import');
    expect(sent.step).toBe(6);
    worker().reply({ type: 'importResult', requestId: sent.requestId, runId: sent.runId, model, parameters: [], fitsData: true, status: 'paused' });
    await opening;
    expect(kept).toEqual([{ step: 6, history: [5, 0.7, 6, 0.6], epoch: 1 }]);
    expect(client.getSnapshot()).toMatchObject({ step: 6, epoch: 1, totalSteps: 10, status: 'paused' });
  });

  it('a kept run that had finished reopens done, with the settings it trained with, and is not announced as finished again', async () => {
    const { client, worker } = setup();
    const finished: number[] = [];
    client.onRunFinished((message) => finished.push(message.runId));
    const testMetrics = { split: 'test' as const, loss: 1, accuracy: 0.5, macroAccuracy: 0.5, confusion: [1, 0, 0, 1], count: 2 };
    const story = { step: 10, epoch: 1, totalSteps: 10, stepsPerEpoch: 10, history: { trainLoss: [], gradNorm: [], metrics: [] }, lastMetrics: null, testMetrics, keptRecordId: null };
    const opening = client.importModel(new Blob(['{}']), train, story, 'restored');
    const sent = worker().last('import');
    // The worker reads the run's length from these settings as it installs the run: no later updateTrainConfig.
    expect(sent.train).toEqual(train);
    worker().reply({ type: 'importResult', requestId: sent.requestId, runId: sent.runId, model, parameters: [], fitsData: true, status: 'done' });
    await opening;
    expect(worker().sent.some((message) => message.type === 'updateTrainConfig')).toBe(false);
    expect(client.getSnapshot()).toMatchObject({ step: 10, status: 'done', testMetrics });
    expect(finished, 'a restored result is not a finished run').toEqual([]);
    // Epochs raised, Play, the last step: the worker's end-of-run test announces the run once.
    worker().reply({ type: 'metrics', runId: sent.runId, step: 20, epoch: 2, scope: 'full', metrics: testMetrics, mistakes: {} });
    expect(finished).toEqual([sent.runId]);
  });

  it('a run put back from its story is still the kept record it was kept as (already when its checkpoint is announced); a new build is not', async () => {
    const { client, worker } = setup();
    const announced: (string | null)[] = [];
    client.onCheckpoint(() => announced.push(client.getSnapshot().keptRecordId));
    const story = { step: 10, epoch: 1, totalSteps: 10, stepsPerEpoch: 10, history: { trainLoss: [], gradNorm: [], metrics: [] }, lastMetrics: null, testMetrics: null, keptRecordId: 'run-7' };
    const opening = client.importModel(new Blob(['{}']), train, story, 'restored');
    const sent = worker().last('import');
    worker().reply({ type: 'importResult', requestId: sent.requestId, runId: sent.runId, model, parameters: [], fitsData: true, status: 'done' });
    await opening;
    expect(announced, 'the story saved with the checkpoint names the record').toEqual(['run-7']);
    expect(client.getSnapshot().keptRecordId).toBe('run-7');
    void client.build(model, train);
    expect(client.getSnapshot().keptRecordId, 'a new run is a new record').toBeNull();
    client.noteKept('run-8');
    expect(client.getSnapshot().keptRecordId).toBe('run-8');
  });

  it("keepWeights asks the worker to write the model's weights under the kept run's id, resolves with their length and mark and keeps the checkpoint, as an export does", async () => {
    const { client, worker } = await checkpointedOn('webgl', 3);
    const checkpoints: number[] = [];
    client.onCheckpoint((_, step) => checkpoints.push(step));
    const keeping = client.keepWeights('run-9');
    const sent = worker().last('export');
    expect(sent.keepWeightsAs).toBe('run-9');
    const text = JSON.stringify(file);
    worker().reply({ type: 'exportResult', requestId: sent.requestId, file: { blob: new Blob([text]), model: file.model, classes: file.task.classes, inputType: 'chars' }, step: 4, keptWeightsLength: text.length, keptWeightsMark: 1234.5 });
    expect(await keeping).toMatchObject({ weightsLength: text.length, pendingMark: 1234.5 });
    expect(checkpoints).toEqual([4]);
    // A plain export (Save model) asks for no keeping.
    void client.exportModel();
    expect(worker().last('export').keepWeightsAs).toBeUndefined();
  });

  it('a reset run trains from fresh weights as another record (kept beside the first, not over it); undoing the reset puts the record back', async () => {
    const { client, worker } = setup();
    const building = client.build(model, train);
    worker().reply({ type: 'built', runId: worker().last('build').runId, model, parameters: [], stepsPerEpoch: 10 });
    await building;
    client.noteKept('run-8');
    client.reset();
    expect(client.getSnapshot().keptRecordId, 'the reset run is not the kept one').toBeNull();
    client.undoReset();
    expect(client.getSnapshot().keptRecordId).toBe('run-8');
  });

  it('a run exported before another model replaces it comes back as it was: curves, step, epoch and kept record, still not replayable', async () => {
    const { client, worker } = setup();
    const building = client.build(model, train);
    const runId = worker().last('build').runId;
    worker().reply({ type: 'built', runId, model, parameters: [], stepsPerEpoch: 10 });
    await building;
    worker().reply(progress(runId, 1));
    worker().reply(progress(runId, 2));
    client.noteKept('run-4');
    const exporting = client.exportRun();
    worker().reply({ type: 'exportResult', requestId: worker().last('export').requestId, file: { blob: new Blob(['{}']), model: file.model, classes: ['x', 'y'], inputType: 'chars' }, step: 2 });
    const run = await exporting;
    worker().reply(progress(runId, 3)); // the run goes on until it is replaced: the story holds the exported weights' step

    const opening = client.importModel(new Blob(['{}']), train);
    const opened = worker().last('import');
    worker().reply({ type: 'importResult', requestId: opened.requestId, runId: opened.runId, model, parameters: [], fitsData: true, status: 'ready' });
    await opening;
    expect(client.getSnapshot()).toMatchObject({ step: 0, keptRecordId: null });
    expect(client.getHistory().trainLoss).toEqual([]);

    const restoring = client.importModel(run.file.blob, train, run.story, 'restored-replaced');
    const restored = worker().last('import');
    expect(restored.step, 'the worker counts on from the exported step').toBe(2);
    worker().reply({ type: 'importResult', requestId: restored.requestId, runId: restored.runId, model, parameters: [], fitsData: true, status: 'paused' });
    await restoring;
    expect(client.getHistory().trainLoss).toEqual([1, 1, 2, 0.5]);
    expect(client.getHistory().gradNorm).toEqual([1, 2, 2, 2]);
    expect(client.getSnapshot()).toMatchObject({ step: 2, epoch: 0, totalSteps: 10, stepsPerEpoch: 10, keptRecordId: 'run-4', status: 'paused' });
    expect(client.getSnapshot().origin).toMatchObject({ isReplayable: false, cause: 'restored-replaced' });
  });

  it('drops progress of an older run once a new model is built', async () => {
    const { client, worker } = setup();
    const seen: number[] = [];
    client.onProgress((message) => seen.push(message.step));
    void client.build(model, train);
    const firstRun = worker().last('build').runId;
    worker().reply({ type: 'built', runId: firstRun, model, parameters: [], stepsPerEpoch: 10 });
    worker().reply(progress(firstRun, 1));
    void client.build(model, train);
    const secondRun = worker().last('build').runId;
    expect(secondRun).toBeGreaterThan(firstRun);
    worker().reply(progress(firstRun, 2)); // stale: must not paint the new run's charts
    worker().reply(progress(secondRun, 1));
    expect(seen).toEqual([1, 1]);
    expect(client.getHistory().trainLoss).toEqual([1, 1]);
    expect(client.progressEventCount).toBe(2);
  });

  it('keeps the same snapshot object until something changes (useSyncExternalStore needs it)', () => {
    const { client, worker } = setup();
    const before = client.getSnapshot();
    expect(client.getSnapshot()).toBe(before);
    worker().reply({ type: 'backend', report: { requested: 'webgpu', active: 'webgpu', reason: 'forced', adapter: 'x', absent: [] } });
    expect(client.getSnapshot()).not.toBe(before);
    expect(client.getSnapshot().backend?.active).toBe('webgpu');
  });

  /** A client with data and a model built on `backend`, and a checkpoint of step `step` taken. */
  async function checkpointedOn(backend: 'webgpu' | 'webgl', step: number) {
    const context = setup();
    const { client, worker } = context;
    const dataReady = client.setData(dataset);
    worker().reply({ type: 'dataReady', requestId: worker().last('setData').requestId });
    await dataReady;
    void client.build(model, train);
    worker().reply({ type: 'built', runId: worker().last('build').runId, model, parameters: [], stepsPerEpoch: 10 });
    worker().reply({ type: 'backend', report: { requested: backend, active: backend, reason: 'forced', adapter: '', absent: [] } });
    const exported = client.exportModel();
    worker().reply({ type: 'exportResult', requestId: worker().last('export').requestId, file: { blob: new Blob([JSON.stringify(file)]), model: file.model, classes: file.task.classes, inputType: 'chars' }, step });
    await exported;
    return context;
  }

  it('after a lost GPU device restarts on the next backend and restores the data and the last checkpoint', async () => {
    const { client, workers, worker } = await checkpointedOn('webgpu', 25);
    const pendingTrace = client.trace('ab', null);

    worker().reply({ type: 'deviceLost', runId: 1, info: { backend: 'webgpu', reason: 'unknown', message: 'GPU process crashed' } });
    await expect(pendingTrace).rejects.toBeInstanceOf(WorkerRestartedError);
    expect(workers).toHaveLength(2);
    expect(workers[0].isTerminated).toBe(true);
    expect(worker().sent[0]).toEqual({ type: 'init', backend: 'webgl', baseUrl: '/' });
    const resent = worker().last('setData');
    expect(resent.dataset).toBe(dataset);
    worker().reply({ type: 'dataReady', requestId: resent.requestId });
    await tick();
    const restored = worker().last('import');
    expect(JSON.parse(await restored.file.text())).toEqual(file);
    // The restored run counts on from the checkpoint's step, so the curves and the counter continue.
    expect(restored.step).toBe(25);
    expect(restored.train).toEqual(train);
    worker().reply({ type: 'importResult', requestId: restored.requestId, runId: restored.runId, model, parameters: [], fitsData: true, status: 'paused' });
    await tick();
    expect(client.getSnapshot().restarts).toBe(1);
    expect(client.getSnapshot().notice).toBe('The training worker stopped (the GPU device was lost) and was restarted on webgl; the last checkpoint was restored.');
    expect(client.getSnapshot().errors.backend).toMatch(/GPU device was lost \(unknown: GPU process crashed\)/);
  });

  it('after a lost WebGL context moves on to wasm, says so, and restores the checkpoint', async () => {
    const { client, workers, worker } = await checkpointedOn('webgl', 7);

    worker().reply({ type: 'deviceLost', runId: 1, info: { backend: 'webgl', reason: 'context lost', message: '' } });
    expect(workers).toHaveLength(2);
    expect(worker().sent[0]).toEqual({ type: 'init', backend: 'wasm', baseUrl: '/' });
    expect(client.getSnapshot().errors.backend).toBe(
      'The WebGL context was lost (the GPU was reset or taken back by the browser); training moves to another backend from the last checkpoint.',
    );
    worker().reply({ type: 'dataReady', requestId: worker().last('setData').requestId });
    await tick();
    const restored = worker().last('import');
    expect(restored.step).toBe(7);
    worker().reply({ type: 'importResult', requestId: restored.requestId, runId: restored.runId, model, parameters: [], fitsData: true, status: 'paused' });
    await tick();
    expect(client.getSnapshot().notice).toBe('The training worker stopped (the WebGL context was lost) and was restarted on wasm; the last checkpoint was restored.');
  });

  it('after a lost GPU device keeps why training moved, and "try again" goes back to the backend chosen, once', async () => {
    const { client, worker } = await checkpointedOn('webgpu', 25);
    worker().reply({ type: 'deviceLost', runId: 1, info: { backend: 'webgpu', reason: 'destroyed', message: '' } });
    expect(client.getSnapshot().backendMove).toEqual({ from: 'webgpu', to: 'webgl', why: 'the GPU device was lost (destroyed)' });
    worker().reply({ type: 'dataReady', requestId: worker().last('setData').requestId });
    await tick();
    const restored = worker().last('import');
    worker().reply({ type: 'importResult', requestId: restored.requestId, runId: restored.runId, model, parameters: [], fitsData: true, status: 'paused' });
    worker().reply({ type: 'backend', report: { requested: 'webgl', active: 'webgl', reason: 'webgl started', adapter: '', absent: [] } });
    await tick();
    // The choice is still webgpu (the picker shows it); another backend runs, and the move says why.
    expect(client.getBackendChoice()).toBe('webgpu');
    expect(client.getSnapshot().backendMove?.to).toBe('webgl');

    client.retryBackend('webgpu');
    expect(worker().last('setBackend').backend).toBe('webgpu');
    expect(client.getSnapshot()).toMatchObject({ backend: null, startingBackend: 'webgpu', backendMove: null, backendChoice: 'webgpu' });
    expect(client.getSnapshot().errors.backend, "the loss's note goes with the move").toBeUndefined();
    // Still no device: the worker fell back to where training ran. The note says so; nothing restarts.
    const reason = 'webgpu could not start (webgpu: its first computation failed (AbortError)); fell back to webgl';
    worker().reply({ type: 'backend', report: { requested: 'webgpu', active: 'webgl', reason, adapter: '', absent: [] } });
    expect(client.getSnapshot().errors.backend).toBe(`Trying webgpu again failed: ${reason}. Training goes on there, from the step it had reached.`);
    expect(client.getSnapshot().restarts).toBe(1);

    // A second try that works: no error; a later report (another switch) is no retry's.
    client.retryBackend('webgpu');
    expect(client.getSnapshot().errors.backend).toBeUndefined();
    worker().reply({ type: 'backend', report: { requested: 'webgpu', active: 'webgpu', reason: 'webgpu started', adapter: '', absent: [] } });
    expect(client.getSnapshot().errors).toEqual({});
    client.setBackend('wasm');
    worker().reply({ type: 'backend', report: { requested: 'wasm', active: 'webgl', reason: 'wasm could not start (x); fell back to webgl', adapter: '', absent: [] } });
    expect(client.getSnapshot().errors.backend).toBeUndefined();
  });

  it('a user switch after the move forgets it', async () => {
    const { client, worker } = await checkpointedOn('webgl', 7);
    worker().reply({ type: 'deviceLost', runId: 1, info: { backend: 'webgl', reason: 'context lost', message: '' } });
    expect(client.getSnapshot().backendMove).toEqual({ from: 'webgl', to: 'wasm', why: 'the WebGL context was lost (the GPU was reset or taken back by the browser)' });
    client.setBackend('cpu');
    expect(client.getSnapshot().backendMove).toBeNull();
  });

  it('shows an error that only mentions a lost device next to its control, without restarting', () => {
    const { client, workers, worker } = setup();
    worker().reply({ type: 'error', where: 'train', error: { name: 'Error', message: 'GPU device lost' } });
    expect(workers).toHaveLength(1);
    expect(client.getSnapshot().errors.train).toBe('GPU device lost');
  });
});
