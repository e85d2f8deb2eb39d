import { describe, expect, it } from 'vitest';
import type { CharLmConfig, LmMetrics, TrainConfig } from '../model/types';
import { TrainerClient } from './client';
import type { FromWorker, ToWorker } from './protocol';

/** A Worker stand-in: records what the client posts and lets the test answer. */
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
const generator: CharLmConfig = { cell: 'gru', hiddenSize: 4, numLayers: 1, dropout: 0, alphabet: 'ab', conditions: ['x', 'y'] };
const metrics = (split: 'val' | 'test'): LmMetrics => ({ split, nllPerChar: 1, perplexity: Math.E, bitsPerChar: 1 / Math.LN2, characters: 4, count: 2 });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  let worker: FakeWorker | null = null;
  const client = new TrainerClient({
    backend: 'cpu',
    baseUrl: '/',
    createWorker: () => {
      worker = new FakeWorker();
      return worker as unknown as Worker;
    },
  });
  return { client, worker: () => worker! };
}

describe('TrainerClient with a names generator', () => {
  it('builds it as a new run: the snapshot holds the generator, not a classifier', async () => {
    const { client, worker } = setup();
    await tick();
    const built = client.buildCharLm(generator, train);
    const message = worker().last('buildCharLm');
    expect(message).toMatchObject({ model: generator, train });
    worker().reply({ type: 'charLmBuilt', runId: message.runId, model: generator, parameters: [], stepsPerEpoch: 3 });
    await built;
    expect(client.getSnapshot()).toMatchObject({ charLmModel: generator, model: null, status: 'ready', stepsPerEpoch: 3, runId: message.runId });
  });

  it('keeps the current run’s evaluations, drops older runs’, clears them on reset and puts them back on undo', async () => {
    const { client, worker } = setup();
    await tick();
    const replaced = client.buildCharLm(generator, train);
    const first = worker().last('buildCharLm').runId;
    void client.buildCharLm(generator, train);
    const second = worker().last('buildCharLm').runId;
    await expect(replaced).rejects.toThrow('Replaced by a newer build.');
    const seen: number[] = [];
    client.onLmMetrics((message) => seen.push(message.runId));
    worker().reply({ type: 'lmMetrics', runId: first, step: 3, epoch: 0, metrics: metrics('val'), samples: [] });
    worker().reply({ type: 'lmMetrics', runId: second, step: 3, epoch: 0, metrics: metrics('val'), samples: [] });
    expect(seen).toEqual([second]);
    expect(client.getLmHistory()).toHaveLength(1);
    client.reset();
    expect(client.getLmHistory()).toEqual([]);
    // Undoing the reset brings the evaluations back with the weights.
    client.undoReset();
    expect(client.getLmHistory().map((message) => message.runId)).toEqual([second]);
  });

  it("leaves a failed score, sample or trace to its caller: no shared error place repeats it (the teacher-forcing name's problem)", async () => {
    const { client, worker } = setup();
    await tick();
    const scoring = client.score([{ text: 'Иванов', condition: 'x' }]);
    const sampling = client.sample('x', 1, { temperature: 0, topK: null, maxLength: 5, seed: 1 });
    const tracing = client.traceCharLm('Иванов', 'x');
    worker().reply({ type: 'error', requestId: worker().last('score').requestId, where: 'predict', error: { name: 'Error', message: '"Иванов" has no letter' } });
    worker().reply({ type: 'error', requestId: worker().last('sample').requestId, where: 'predict', error: { name: 'Error', message: 'no generator' } });
    worker().reply({ type: 'error', requestId: worker().last('traceCharLm').requestId, where: 'trace', error: { name: 'Error', message: 'no generator' } });
    await expect(scoring).rejects.toThrow('"Иванов" has no letter');
    await expect(sampling).rejects.toThrow('no generator');
    await expect(tracing).rejects.toThrow('no generator');
    expect(client.getSnapshot().errors).toEqual({});
  });

  it('pairs sample and export requests with their replies', async () => {
    const { client, worker } = setup();
    await tick();
    const sampled = client.sample('x', 1, { temperature: 0, topK: null, maxLength: 5, seed: 1 });
    const request = worker().last('sample');
    expect(request).toMatchObject({ condition: 'x', count: 1, options: { temperature: 0 } });
    const texts = [{ condition: 'x', text: 'ab', steps: [], ended: true }];
    worker().reply({ type: 'sampleResult', requestId: request.requestId, texts });
    await expect(sampled).resolves.toEqual(texts);
    const exported = client.exportCharLm();
    worker().reply({ type: 'charLmExportResult', requestId: worker().last('exportCharLm').requestId, text: '{"task":{"kind":"char-lm"}}', step: 0 });
    await expect(exported).resolves.toBe('{"task":{"kind":"char-lm"}}');
  });

  it('keeps the epoch-end checkpoint and gives it to a restarted worker at its step, curves kept', async () => {
    const { client, worker } = setup();
    await tick();
    const built = client.buildCharLm(generator, train);
    const runId = worker().last('buildCharLm').runId;
    worker().reply({ type: 'charLmBuilt', runId, model: generator, parameters: [], stepsPerEpoch: 3 });
    await built;
    expect(client.getSnapshot().totalSteps, 'the length before the first Play (it read "Step 0 of 0")').toBe(3 * train.epochs);
    worker().reply({ type: 'progress', runId, status: 'training', step: 3, epoch: 0, totalSteps: 3, stepsPerEpoch: 3, stepsPerSecond: 1, etaSeconds: 0, trainLoss: new Float32Array([3, 1.5]), gradNorm: new Float32Array([3, 1]) });
    worker().reply({ type: 'lmMetrics', runId, step: 3, epoch: 0, metrics: metrics('val'), samples: [] });
    // The validation pass asks for a checkpoint, as a classifier's does.
    const exportRequest = worker().last('exportCharLm');
    worker().reply({ type: 'charLmExportResult', requestId: exportRequest.requestId, text: 'weights at 3', step: 3 });
    await tick();
    expect(client.getSnapshot().hasCheckpoint).toBe(true);

    const old = worker();
    const restarted = client.restartWorker('a test');
    expect(worker()).not.toBe(old);
    await tick();
    const reopen = worker().last('importCharLm');
    expect(reopen).toMatchObject({ text: 'weights at 3', step: 3, train });
    worker().reply({ type: 'charLmImportResult', requestId: reopen.requestId, runId: reopen.runId, model: generator, parameters: [], status: 'paused' });
    await restarted;
    expect(client.getSnapshot()).toMatchObject({ charLmModel: generator, model: null, step: 3, status: 'paused', runId: reopen.runId });
    expect(client.getSnapshot().notice).toContain('the last checkpoint was restored');
    expect(client.getLmHistory()).toHaveLength(1);
    expect(client.getHistory().trainLoss).toEqual([3, 1.5]);
  });

  it('rebuilds the generator on a restarted worker when no checkpoint was taken yet', async () => {
    const { client, worker } = setup();
    await tick();
    const built = client.buildCharLm(generator, train);
    worker().reply({ type: 'charLmBuilt', runId: worker().last('buildCharLm').runId, model: generator, parameters: [], stepsPerEpoch: 3 });
    await built;
    const restarted = client.restartWorker('a test');
    await tick();
    const rebuild = worker().last('buildCharLm');
    expect(rebuild).toMatchObject({ model: generator, train });
    worker().reply({ type: 'charLmBuilt', runId: rebuild.runId, model: generator, parameters: [], stepsPerEpoch: 3 });
    await restarted;
    expect(client.getSnapshot()).toMatchObject({ charLmModel: generator, model: null });
    expect(client.getSnapshot().notice).toContain('no checkpoint yet');
  });

  it('opens a kept generator at its step (reload) and makes it the recovery checkpoint', async () => {
    const { client, worker } = setup();
    await tick();
    const kept: string[] = [];
    client.onCharLmCheckpoint((text, step) => kept.push(`${text}@${step} with ${client.getHistory().trainLoss.length} losses`));
    const opened = client.importCharLm('kept weights', train, { step: 40, epoch: 0, totalSteps: 90, stepsPerEpoch: 45, history: { trainLoss: [3, 2.5], gradNorm: [1, 1], metrics: [] }, lmHistory: [] });
    const request = worker().last('importCharLm');
    // The settings it trained with go with the file, so the worker knows whether the kept run had finished.
    expect(request).toMatchObject({ text: 'kept weights', step: 40, train });
    worker().reply({ type: 'charLmImportResult', requestId: request.requestId, runId: request.runId, model: generator, parameters: [], status: 'paused' });
    await opened;
    expect(worker().sent.some((message) => message.type === 'updateTrainConfig'), 'no settings sent after the import').toBe(false);
    expect(client.getSnapshot()).toMatchObject({ step: 40, status: 'paused', isUntrained: false, hasCheckpoint: true });
    // The curve is back before the checkpoint is announced, so whoever keeps it keeps the curve too.
    expect(kept).toEqual(['kept weights@40 with 2 losses']);
    expect(client.getHistory().trainLoss).toEqual([3, 2.5]);
  });
});

describe('TrainerClient with a model of your own text', () => {
  const own: CharLmConfig = { cell: 'lstm', hiddenSize: 4, numLayers: 1, dropout: 0, alphabet: 'ab ', conditions: [] };
  const corpus = 'ab ba '.repeat(50);

  it('a restarted worker reopens its checkpoint as an own-text model, on its text with the K set since, at its step', async () => {
    const { client, worker } = setup();
    await tick();
    const built = client.buildTextLm(corpus, own, train, { windowLength: 8 });
    const runId = worker().last('buildTextLm').runId;
    worker().reply({ type: 'charLmBuilt', runId, model: own, parameters: [], stepsPerEpoch: 5 });
    await built;
    client.updateTbptt({ windowLength: 16 });
    worker().reply({ type: 'progress', runId, status: 'training', step: 5, epoch: 0, totalSteps: 5, stepsPerEpoch: 5, stepsPerSecond: 1, etaSeconds: 0, trainLoss: new Float32Array([5, 0.75]), gradNorm: new Float32Array([5, 1]) });
    worker().reply({ type: 'lmMetrics', runId, step: 5, epoch: 0, metrics: metrics('val'), samples: [] });
    worker().reply({ type: 'charLmExportResult', requestId: worker().last('exportCharLm').requestId, text: 'own weights at 5', step: 5 });
    await tick();

    const restarted = client.restartWorker('a test');
    await tick();
    // A names generator's import would lose the text and the truncated BPTT: the own-text one is asked for.
    expect(worker().sent.some((message) => message.type === 'importCharLm')).toBe(false);
    const reopen = worker().last('importTextLm');
    expect(reopen).toMatchObject({ text: 'own weights at 5', corpus, train, tbptt: { windowLength: 16 }, step: 5 });
    worker().reply({ type: 'charLmImportResult', requestId: reopen.requestId, runId: reopen.runId, model: own, parameters: [], status: 'paused' });
    await restarted;
    expect(client.getSnapshot()).toMatchObject({ charLmModel: own, step: 5, status: 'paused' });
    expect(client.getHistory().trainLoss).toEqual([5, 0.75]);
  });

  it('rebuilds it on its text when no checkpoint was taken yet, and forgets it once the lab is left', async () => {
    const { client, worker } = setup();
    await tick();
    const built = client.buildTextLm(corpus, own, train, { windowLength: 8 });
    worker().reply({ type: 'charLmBuilt', runId: worker().last('buildTextLm').runId, model: own, parameters: [], stepsPerEpoch: 5 });
    await built;
    const restarted = client.restartWorker('a test');
    await tick();
    const rebuild = worker().last('buildTextLm');
    expect(rebuild).toMatchObject({ text: corpus, model: own, train, tbptt: { windowLength: 8 } });
    worker().reply({ type: 'charLmBuilt', runId: rebuild.runId, model: own, parameters: [], stepsPerEpoch: 5 });
    await restarted;
    expect(client.getSnapshot().notice).toContain('no checkpoint yet');

    client.leaveTextLm();
    expect(client.lastTextLm).toBeNull();
    const sentBefore = worker().sent.length;
    void client.restartWorker('after the lab');
    await tick();
    expect(worker().sent.slice(sentBefore).some((message) => message.type === 'buildTextLm' || message.type === 'importTextLm')).toBe(false);
  });

  it('opens a kept model at its step with its curves, and announces it as a checkpoint', async () => {
    const { client, worker } = setup();
    await tick();
    const kept: string[] = [];
    client.onCharLmCheckpoint((text, step) => kept.push(`${text}@${step} with ${client.getHistory().trainLoss.length} losses`));
    const opened = client.importTextLm('kept own weights', corpus, train, { windowLength: 8 }, { step: 7, epoch: 1, totalSteps: 10, stepsPerEpoch: 5, history: { trainLoss: [6, 1.5, 7, 1.25], gradNorm: [6, 1, 7, 1], metrics: [] }, lmHistory: [] });
    const request = worker().last('importTextLm');
    expect(request).toMatchObject({ corpus, step: 7 });
    worker().reply({ type: 'charLmImportResult', requestId: request.requestId, runId: request.runId, model: own, parameters: [], status: 'paused' });
    await opened;
    expect(client.getSnapshot()).toMatchObject({ step: 7, epoch: 1, status: 'paused', hasCheckpoint: true });
    expect(kept).toEqual(['kept own weights@7 with 4 losses']);
  });

  it('reopens a kept run that had finished as done, as the worker says', async () => {
    const { client, worker } = setup();
    await tick();
    const opened = client.importTextLm('kept own weights', corpus, train, { windowLength: 8 }, { step: 10, epoch: 1, totalSteps: 10, stepsPerEpoch: 5, history: { trainLoss: [10, 1.5], gradNorm: [10, 1], metrics: [] }, lmHistory: [] });
    const request = worker().last('importTextLm');
    worker().reply({ type: 'charLmImportResult', requestId: request.requestId, runId: request.runId, model: own, parameters: [], status: 'done' });
    await opened;
    expect(client.getSnapshot()).toMatchObject({ step: 10, status: 'done' });
  });
});
