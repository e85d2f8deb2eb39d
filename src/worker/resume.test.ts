/**
 * A run that goes on from its checkpoint after a reload (or a task switch, or a worker restart) goes on exactly:
 * through the real client and worker controller on the real engine (cpu and wasm in Node), a run trained N
 * steps, checkpointed and reopened in a fresh client and worker, then trained M more steps, has the losses of
 * the same run trained N + M steps without a stop, loss for loss, and stays replayable. The checkpoint carries
 * the optimiser's state (Adam's, RMSprop's, SparseAdam's for a word table); one without it (kept by an earlier
 * version) still reopens, with a fresh optimiser, and is recorded as not replayable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset, Example } from '../data/types';
import type { ModelConfig, TrainConfig } from '../model/types';
import { TrainerClient, type KeptRunHistory } from './client';
import type { SerializedModelFile } from './protocol';
import { InProcessWorker, lossPerStep, until } from './testing/inProcessWorker';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const CLASSES = ['short', 'vowelly', 'other'];
const WORDS = ['<pad>', '<unk>', ...Array.from({ length: 30 }, (_, index) => `w${index}`)];

/** 90 training examples: at batch 16, 6 steps an epoch. */
function makeDataset(level: 'chars' | 'words'): Dataset {
  const examples: Example[] = [];
  for (let index = 0; index < 120; index++) {
    const length = 2 + (index % 7);
    const letters = Array.from({ length }, (_, position) => ALPHABET[(index * 7 + position * 3) % 26]);
    const vowels = letters.filter((letter) => 'aeiou'.includes(letter)).length;
    const text = level === 'chars' ? letters.join('') : letters.map((letter) => `w${letter.charCodeAt(0) % 30}`).join(' ');
    examples.push({ text, label: length <= 3 ? 0 : vowels >= 2 ? 1 : 2 });
  }
  return { id: `synthetic-${level}`, source: 'upload', title: 'Synthetic', level, classes: CLASSES, notes: [], train: examples.slice(0, 90), val: examples.slice(90, 105), test: examples.slice(105) };
}

// Dropout on: its masks are drawn per step, so the run reopened must draw those of its own steps.
const CHAR_MODEL: ModelConfig = { cell: 'lstm', hiddenSize: 10, numLayers: 2, bidirectional: false, dropout: 0.2, input: { type: 'chars', alphabet: ALPHABET }, classes: CLASSES };
const WORD_MODEL: ModelConfig = {
  cell: 'gru',
  hiddenSize: 8,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  input: { type: 'words', vocab: WORDS, pad: '<pad>', unk: '<unk>', lowercase: true, embeddingDim: 6, trainableEmbedding: true },
  classes: CLASSES,
};
const TRAIN: TrainConfig = { optimizer: 'adam', learningRate: 0.02, batchSize: 16, epochs: 3, clipNorm: 1, sampling: 'natural', bucketByLength: true, seed: 5 };

async function stepTo(client: TrainerClient, steps: number, target: number): Promise<void> {
  client.step(steps);
  await until(() => client.getSnapshot().status === 'paused' && client.getSnapshot().step === target, `step ${target}`);
}

/** The model file's text (every weight as written for export): two runs with the same text have the same weights. */
async function weightsOf(client: TrainerClient): Promise<string> {
  return (await client.exportModel()).blob.text();
}

/** What the app keeps at a checkpoint (useAppController's `keptRunOf`): the file with its optimiser state, and the story. */
async function checkpoint(client: TrainerClient): Promise<{ file: SerializedModelFile; story: KeptRunHistory }> {
  const file = await client.exportModel();
  const snapshot = client.getSnapshot();
  const { trainLoss, gradNorm, metrics } = client.getHistory();
  const history = { trainLoss: [...trainLoss], gradNorm: [...gradNorm], metrics: [...metrics] };
  const { step, epoch, totalSteps, stepsPerEpoch, lastMetrics, testMetrics, keptRecordId, origin } = snapshot;
  return { file, story: { step, epoch, totalSteps, stepsPerEpoch, history, lastMetrics, testMetrics, keptRecordId, origin } };
}

const N = 5; // from step 5 on, β2ᵗ as a product and as a power differ in float32 (see optimizerState.ts)
const M = 7; // past the end of the first epoch (6 steps), so the reopened order must also start the next epoch right

describe.each(['cpu', 'wasm'] as const)('A run reopened from its checkpoint on %s', (backend) => {
  const clients: TrainerClient[] = [];
  const newClient = (): TrainerClient => {
    const client = new TrainerClient({ backend, baseUrl: '/', createWorker: () => new InProcessWorker() as unknown as Worker });
    clients.push(client);
    return client;
  };
  afterEach(() => {
    for (const client of clients.splice(0)) client.dispose();
  });

  /** The uninterrupted run's losses, and the checkpoint it took at step N. */
  async function uninterrupted(model: ModelConfig, train: TrainConfig): Promise<{ losses: number[]; kept: Awaited<ReturnType<typeof checkpoint>>; weights: string }> {
    const client = newClient();
    await client.setData(makeDataset(model.input.type));
    await client.build(model, train);
    await stepTo(client, N, N);
    const kept = await checkpoint(client);
    await stepTo(client, M, N + M);
    return { losses: lossPerStep(client), kept, weights: await weightsOf(client) };
  }

  /** A fresh client and worker (a reload) reopens the checkpoint and trains M more steps. */
  async function reopened(model: ModelConfig, train: TrainConfig, file: SerializedModelFile | Blob, story: KeptRunHistory): Promise<TrainerClient> {
    const client = newClient();
    await client.setData(makeDataset(model.input.type));
    await client.importModel(file, train, story, 'restored');
    expect(client.getSnapshot().step).toBe(N);
    await stepTo(client, M, N + M);
    return client;
  }

  it.each([
    ['Adam', CHAR_MODEL, TRAIN],
    ['RMSprop', CHAR_MODEL, { ...TRAIN, optimizer: 'rmsprop', learningRate: 0.01 }],
    ['SGD', CHAR_MODEL, { ...TRAIN, optimizer: 'sgd', learningRate: 0.5 }],
    ['Adam with SparseAdam for the word table', WORD_MODEL, { ...TRAIN, optimizer: 'adam-sparse' }],
  ] as const)('%s: N steps, a checkpoint, a reload, M more steps have the losses of N + M steps without a stop, and stay replayable', async (_, model, train) => {
    const { losses, kept, weights } = await uninterrupted(model, train);
    expect(kept.file.optimizerState).toBeInstanceOf(Blob);
    const client = await reopened(model, train, kept.file, kept.story);
    expect(lossPerStep(client)).toEqual(losses);
    // Exactly, not within a tolerance: same backend, same kernels, same order of float operations.
    expect(await weightsOf(client)).toBe(weights);
    expect(client.getSnapshot().origin).toEqual({ isReplayable: true, train });
  });

  it('goes on with a fresh optimiser from a checkpoint without optimiser state (an earlier version), recorded as restored', async () => {
    const { losses, kept, weights } = await uninterrupted(CHAR_MODEL, TRAIN);
    const client = await reopened(CHAR_MODEL, TRAIN, kept.file.blob, kept.story);
    const after = lossPerStep(client);
    expect(after.slice(0, N)).toEqual(losses.slice(0, N));
    // The control: without the state the run is not the uninterrupted one (so the cases above need the state).
    expect(after[N]).not.toBe(losses[N]);
    expect(await weightsOf(client)).not.toBe(weights);
    expect(client.getSnapshot().origin).toEqual({ isReplayable: false, cause: 'restored', step: N, detail: null });
  });
});
