import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types';
import type { ModelConfig, TrainConfig } from '../model/types';
import type { AutoEnvironment } from './autoBackend';
import { canSwitchNow, fastestBackend } from './autoBackend';
import { TrainerClient } from './client';
import type { FromProbe, ToProbe } from './probeProtocol';
import type { FromWorker, ToWorker } from './protocol';

/** A Worker stand-in for both the trainer and the probe: records what is posted and lets the test answer. */
class FakeWorker<In, Out> extends EventTarget {
  readonly sent: In[] = [];
  isTerminated = false;
  postMessage(message: In): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.isTerminated = true;
  }
  reply(message: Out): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
}
type Trainer = FakeWorker<ToWorker, FromWorker>;
type Probe = FakeWorker<ToProbe, FromProbe>;

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const train: TrainConfig = { optimizer: 'adam', learningRate: 0.01, batchSize: 4, epochs: 1, clipNorm: null, sampling: 'natural', bucketByLength: false, seed: 1 };
const model = { cell: 'lstm', hiddenSize: 4, numLayers: 1, bidirectional: false, dropout: 0, input: { type: 'chars', alphabet: 'ab' }, classes: ['x', 'y'] } satisfies ModelConfig;
const dataset: Dataset = { id: 'toy', source: 'upload', title: 'toy', level: 'chars', classes: ['x', 'y'], notes: [], train: [{ text: 'a', label: 0 }], val: [], test: [] };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function remembered(backend: string, adapter = 'Acme / GPU 9'): string {
  return JSON.stringify({ [`TestBrowser/1\n${adapter}`]: { backend, measured: { [backend]: 5 } } });
}

function setup(storage = new MemoryStorage()) {
  const trainers: Trainer[] = [];
  const probes: Probe[] = [];
  const autoEnvironment: AutoEnvironment = {
    userAgent: 'TestBrowser/1',
    describeWebGpuAdapter: async () => 'Acme / GPU 9',
    storage,
    createProbe: () => {
      const probe: Probe = new FakeWorker();
      probes.push(probe);
      return probe as unknown as Worker;
    },
  };
  const client = new TrainerClient({
    backend: 'auto',
    baseUrl: '/',
    autoEnvironment,
    createWorker: () => {
      const trainer: Trainer = new FakeWorker();
      trainers.push(trainer);
      return trainer as unknown as Worker;
    },
  });
  const trainer = () => trainers[trainers.length - 1];
  const last = <T extends ToWorker['type']>(type: T) =>
    [...trainer().sent].reverse().find((message): message is Extract<ToWorker, { type: T }> => message.type === type);

  /** Data, a built model and the backend report, as the app's start does. */
  async function start(active: 'wasm' | 'webgl' | 'webgpu', requested = active) {
    await tick();
    trainer().reply({ type: 'backend', report: { requested, active, reason: `${active} started`, adapter: 'x', absent: [] } });
    const dataReady = client.setData(dataset);
    trainer().reply({ type: 'dataReady', requestId: last('setData')!.requestId });
    await dataReady;
    void client.build(model, train);
    trainer().reply({ type: 'built', runId: last('build')!.runId, model, parameters: [], stepsPerEpoch: 10 });
  }
  return { client, storage, probes, trainer, last, start };
}

describe('fastestBackend and canSwitchNow', () => {
  it('picks the lowest ms per step, whatever order the figures come in', () => {
    expect(fastestBackend({ wasm: 30, webgpu: 4, webgl: 12, cpu: 200 })).toBe('webgpu');
    expect(fastestBackend({ cpu: 200, wasm: 30 })).toBe('wasm');
    expect(fastestBackend({})).toBeNull();
  });

  it('allows a switch only before the first step of a run', () => {
    expect(canSwitchNow('ready', 0)).toBe(true);
    expect(canSwitchNow('training', 0)).toBe(false);
    expect(canSwitchNow('paused', 12)).toBe(false);
  });
});

describe('auto in the client', () => {
  it('starts at once on wasm on a first visit, measures in a probe, then switches to and remembers the fastest', async () => {
    const { client, storage, probes, trainer, last, start } = setup();
    await start('wasm');
    expect(trainer().sent[0]).toEqual({ type: 'init', backend: 'wasm', baseUrl: '/' });
    expect(probes).toHaveLength(1);
    const [measure] = probes[0].sent;
    expect(measure).toMatchObject({ type: 'measure', model, train, dataset });
    expect(measure.backends).toContain('webgpu');
    expect(client.getSnapshot().auto?.isMeasuring).toBe(true);
    probes[0].reply({ type: 'measured', backend: 'wasm', msPerStep: 30, adapter: 'WebAssembly', isLowerBound: false });
    probes[0].reply({ type: 'measured', backend: 'webgpu', msPerStep: 4, adapter: 'WebGPU: Acme', isLowerBound: false });
    probes[0].reply({ type: 'unavailable', backend: 'webgl', reason: 'no WebGL' });
    probes[0].reply({ type: 'done' });
    await tick();
    expect(probes[0].isTerminated).toBe(true);
    expect(last('setBackend')).toEqual({ type: 'setBackend', backend: 'webgpu' });
    expect(client.getSnapshot().auto).toMatchObject({ basis: 'measured', isMeasuring: false, measured: { wasm: 30, webgpu: 4 }, unavailable: ['webgl: no WebGL'] });
    expect(JSON.parse(storage.getItem('rnn-playground.auto-backend.v1')!)).toEqual({
      'TestBrowser/1\nAcme / GPU 9': { backend: 'webgpu', measured: { wasm: 30, webgpu: 4 } },
    });
  });

  it('starts on the backend remembered for this browser and adapter and does not measure again', async () => {
    const storage = new MemoryStorage();
    storage.setItem('rnn-playground.auto-backend.v1', remembered('webgl'));
    const { client, probes, trainer, start } = setup(storage);
    await start('webgl');
    expect(trainer().sent[0]).toEqual({ type: 'init', backend: 'webgl', baseUrl: '/' });
    expect(probes).toHaveLength(0);
    expect(client.getSnapshot().auto?.basis).toBe('remembered');
  });

  it('ignores a choice remembered for another adapter', async () => {
    const storage = new MemoryStorage();
    storage.setItem('rnn-playground.auto-backend.v1', remembered('webgl', 'Other / GPU 1'));
    const { trainer, probes, start } = setup(storage);
    await start('wasm');
    expect(trainer().sent[0]).toMatchObject({ type: 'init', backend: 'wasm' });
    expect(probes).toHaveLength(1);
  });

  it('forgets a remembered backend that fails at start and measures again', async () => {
    const storage = new MemoryStorage();
    storage.setItem('rnn-playground.auto-backend.v1', remembered('webgpu'));
    const { client, probes, start } = setup(storage);
    await start('wasm', 'webgpu'); // the worker fell back from webgpu to wasm
    expect(JSON.parse(storage.getItem('rnn-playground.auto-backend.v1')!)).toEqual({});
    expect(client.getSnapshot().auto?.basis).toBe('default');
    expect(probes).toHaveLength(1);
  });

  it('never switches mid-run: a faster backend measured after Play is offered, and taken only when accepted', async () => {
    const { client, probes, trainer, last, start } = setup();
    await start('wasm');
    client.start();
    const runId = client.getSnapshot().runId;
    trainer().reply({
      type: 'progress', runId, status: 'training', epoch: 0, step: 3, totalSteps: 10, stepsPerEpoch: 10, stepsPerSecond: 1, etaSeconds: 7,
      trainLoss: new Float32Array([3, 1]), gradNorm: new Float32Array([3, 1]),
    });
    probes[0].reply({ type: 'measured', backend: 'wasm', msPerStep: 30, adapter: 'WebAssembly', isLowerBound: false });
    probes[0].reply({ type: 'measured', backend: 'webgl', msPerStep: 10, adapter: 'WebGL', isLowerBound: false });
    probes[0].reply({ type: 'done' });
    await tick();
    expect(last('setBackend')).toBeUndefined();
    expect(client.getSnapshot().auto?.suggestion).toBe('webgl');
    client.acceptSuggestedBackend();
    expect(last('setBackend')).toEqual({ type: 'setBackend', backend: 'webgl' });
    expect(client.getSnapshot().auto?.suggestion).toBeNull();
  });

  it('measures the model the UI plans to build as soon as the data is in, before any build', async () => {
    const { client, probes, trainer, last } = setup();
    client.planModel(model, train);
    expect(probes).toHaveLength(0); // no data yet
    const dataReady = client.setData(dataset);
    await tick();
    trainer().reply({ type: 'dataReady', requestId: last('setData')!.requestId });
    await dataReady;
    expect(probes).toHaveLength(1);
    expect(probes[0].sent[0]).toMatchObject({ type: 'measure', model, train });
  });

  it('does not start measuring while a run trains, and starts at the next pause', async () => {
    const storage = new MemoryStorage();
    storage.setItem('rnn-playground.auto-backend.v1', remembered('webgpu'));
    const { client, probes, trainer, start } = setup(storage);
    await start('webgpu');
    client.start();
    const runId = client.getSnapshot().runId;
    trainer().reply({ type: 'status', runId, status: 'training' });
    // The remembered backend is lost mid-run (the worker fell back): measuring is due, but not during the run.
    trainer().reply({ type: 'backend', report: { requested: 'webgpu', active: 'wasm', reason: 'fell back', adapter: 'x', absent: [] } });
    expect(probes).toHaveLength(0);
    trainer().reply({ type: 'status', runId, status: 'paused' });
    expect(probes).toHaveLength(1);
  });

  it('holds messages until init went out, so init is always the first thing the worker reads', async () => {
    const { client, trainer } = setup();
    void client.setData(dataset);
    expect(trainer().sent).toEqual([]);
    await tick();
    expect(trainer().sent.map((message) => message.type)).toEqual(['init', 'setData']);
  });
});
