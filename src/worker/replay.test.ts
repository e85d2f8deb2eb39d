/**
 * Replay of an ordinary Train-step run, through the real client and worker controller on the real engine
 * (cpu and wasm in Node): a run built from its seed and trained the normal way (steps, pauses, Play to the
 * end) is replayed from its recorded settings and repeats its loss at every step exactly; the client records
 * what makes a run unreplayable (an opened model file, a restored checkpoint, settings or backend changed
 * mid-run), and a reset makes a run replayable again only where the model itself came from the seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, Example } from '../data/types';
import type { ModelConfig, TrainConfig } from '../model/types';
import { TrainerClient } from './client';
import type { ClientSnapshot } from './clientStore';
import { InProcessWorker, lossPerStep, until } from './testing/inProcessWorker';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const CLASSES = ['short', 'vowelly', 'other'];

function makeDataset(): Dataset {
  const examples: Example[] = [];
  for (let index = 0; index < 120; index++) {
    const length = 2 + (index % 7);
    const text = Array.from({ length }, (_, position) => ALPHABET[(index * 7 + position * 3) % 26]).join('');
    const vowels = [...text].filter((letter) => 'aeiou'.includes(letter)).length;
    examples.push({ text, label: length <= 3 ? 0 : vowels >= 2 ? 1 : 2 });
  }
  return { id: 'synthetic', source: 'upload', title: 'Synthetic', level: 'chars', classes: CLASSES, notes: [], train: examples.slice(0, 90), val: examples.slice(90, 105), test: examples.slice(105) };
}

// Dropout on: its masks are drawn per step, so the replay must repeat them too.
const MODEL: ModelConfig = { cell: 'lstm', hiddenSize: 10, numLayers: 2, bidirectional: false, dropout: 0.2, input: { type: 'chars', alphabet: ALPHABET }, classes: CLASSES };
const TRAIN: TrainConfig = { optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs: 3, clipNorm: 1, sampling: 'natural', bucketByLength: true, seed: 5 };

async function finish(client: TrainerClient): Promise<void> {
  client.start();
  await until(() => client.getSnapshot().status === 'done' && lossPerStep(client).length === client.getSnapshot().totalSteps, 'the run to finish');
}

describe.each(['cpu', 'wasm'] as const)('Replay of an ordinary run on %s', (backend) => {
  // Made when this backend's tests start: TensorFlow.js's backend is global, and a client starts its worker at once.
  let client: TrainerClient;
  beforeAll(() => {
    client = new TrainerClient({ backend, baseUrl: '/', createWorker: () => new InProcessWorker() as unknown as Worker });
  });
  afterAll(() => client.dispose());
  const origin = (): ClientSnapshot['origin'] => client.getSnapshot().origin;

  it('repeats the curve of a run trained with steps, pauses and Play, loss for loss', async () => {
    await client.setData(makeDataset());
    await client.build(MODEL, TRAIN);
    expect(origin()).toEqual({ isReplayable: true, train: TRAIN });
    // Set before the first step, the settings are those of the run (no change mid-run): still replayable.
    const train = { ...TRAIN, learningRate: 0.03, batchSize: 12 };
    client.updateTrainConfig(train);
    expect(origin()).toEqual({ isReplayable: true, train });
    client.step(3);
    await until(() => client.getSnapshot().status === 'paused' && client.getSnapshot().step === 3, 'three steps');
    client.step(4);
    await until(() => client.getSnapshot().status === 'paused' && client.getSnapshot().step === 7, 'four more');
    await finish(client);
    const original = lossPerStep(client);
    expect(original).toHaveLength(24); // 90 examples in batches of 12: 8 per epoch, 3 epochs
    expect(origin()).toEqual({ isReplayable: true, train });

    // The replay: built afresh from what the run recorded, trained without a pause.
    await client.build(MODEL, train);
    await finish(client);
    const replayed = lossPerStep(client);
    expect(replayed[0]).toBe(original[0]);
    expect(replayed).toEqual(original);

    // The same model from another seed gives another curve: the equality above is not one of any two runs.
    await client.build(MODEL, { ...train, seed: 6 });
    await finish(client);
    expect(lossPerStep(client)).not.toEqual(original);
  });

  it('records a settings change mid-run, and a new seed after the weights were drawn, as the cause', async () => {
    await client.build(MODEL, TRAIN);
    client.step(2);
    await until(() => client.getSnapshot().status === 'paused' && client.getSnapshot().step === 2, 'two steps');
    client.updateTrainConfig({ ...TRAIN, learningRate: 0.05 });
    expect(origin()).toEqual({ isReplayable: false, cause: 'settings-changed', step: 2, detail: 'learningRate 0.02 → 0.05' });
    // A reset draws the weights from the seed again and starts over: replayable with the current settings.
    client.reset();
    expect(origin()).toEqual({ isReplayable: true, train: { ...TRAIN, learningRate: 0.05 } });
    client.updateTrainConfig({ ...TRAIN, learningRate: 0.05, seed: 9 });
    expect(origin()).toEqual({ isReplayable: false, cause: 'settings-changed', step: 0, detail: 'seed 5 → 9' });
  });

  it('records a backend switch mid-run, but not one before the first step', async () => {
    await client.build(MODEL, TRAIN);
    client.setBackend(backend);
    expect(origin()).toEqual({ isReplayable: true, train: TRAIN });
    client.step(1);
    await until(() => client.getSnapshot().status === 'paused' && client.getSnapshot().step === 1, 'one step');
    client.setBackend(backend === 'cpu' ? 'wasm' : 'cpu');
    expect(origin()).toMatchObject({ isReplayable: false, cause: 'backend-switched', step: 1 });
    await until(() => client.getSnapshot().backend !== null, 'the backend to start');
    client.setBackend(backend);
    await until(() => client.getSnapshot().backend?.active === backend, 'the backend to come back');
  });

  it('refuses a run started from an opened model file or a restored checkpoint, and a reset does not change that', async () => {
    await client.build(MODEL, TRAIN);
    client.step(2);
    await until(() => client.getSnapshot().status === 'paused' && client.getSnapshot().step === 2, 'two steps');
    const file = await client.exportModel();
    await client.importModel(file.blob, TRAIN);
    expect(origin()).toEqual({ isReplayable: false, cause: 'opened-file', step: 0, detail: null });
    client.reset();
    expect(origin()).toMatchObject({ isReplayable: false, cause: 'opened-file' });
    await client.importModel(file.blob, TRAIN, 2, 'restored');
    expect(origin()).toEqual({ isReplayable: false, cause: 'restored', step: 2, detail: null });
    // Undoing a reset brings back the origin the run had before it.
    await client.build(MODEL, TRAIN);
    client.step(1);
    await until(() => client.getSnapshot().status === 'paused' && client.getSnapshot().step === 1, 'one step');
    client.updateTrainConfig({ ...TRAIN, clipNorm: null });
    const blocked = origin();
    client.reset();
    expect(origin()).toMatchObject({ isReplayable: true });
    client.undoReset();
    expect(origin()).toEqual(blocked);
  });
});
