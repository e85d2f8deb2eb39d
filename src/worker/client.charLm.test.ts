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

  it('keeps the current run’s evaluations, drops older runs’, and clears them on reset', async () => {
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
});
