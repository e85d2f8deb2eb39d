/**
 * The starting model and training settings of each task, in one place for the app (its defaults), the CLI
 * (`npm run train` without flags), the benchmark (its "default" configurations) and the worker (an
 * imported model trains with these until the app sends its own settings). TF-free: the ui reads it.
 *
 * Names: LSTM 128 (the lecture's size), Adam 5e-3, batch 32. Measured with `npm run train` on the
 * de-duplicated split, 5 epochs: Adam 1e-3 at batch 64 reached only 0.73 test accuracy (3e-3: 0.77);
 * batch 32 with Adam 5e-3 reached 0.79 (0.80 with --clip 1). Clipping stays off by default, as everywhere
 * in the playground, so students meet exploding gradients before they meet the cure.
 * SST-2: the reference PyTorch setup of a 1-layer LSTM 100 over learned 100-wide embeddings, batch 32, with
 * the embedding table on SparseAdam (`adam-sparse`, PyTorch's nn.Embedding(sparse=True) + SparseAdam): a dense
 * step touched all 1.5M table entries for the few hundred rows a batch reads. Learning rate 3e-3, not the
 * reference 1e-3: SparseAdam moves a row only on the steps its word appears in, and at 1e-3 it ended 1.5 points
 * below dense Adam. Seeds 1-3, 5 epochs, `npm run train -- --task sst2 --optimizer adam|adam-sparse --lr X`,
 * mean best dev accuracy: dense 1e-3 0.743, sparse 1e-3 0.728, sparse 3e-3 0.749, dense 3e-3 0.755
 * (README "Sparse embedding updates").
 * Upload: the names settings; an upload is most often a small character-level task like names.
 * Names generation (character LM): LSTM 128, Adam 3e-3, batch 64, 10 epochs, the PyTorch reference run
 * (test NLL 1.915 nats/char there); the tutorial preset adds its own dropout of 0.1 (TUTORIAL_GENERATION_DROPOUT).
 */
import type { GenerationTaskId, TaskId } from '../data/types';
import type { MemoryModelConfig, ModelConfig, TrainConfig } from './types';

/** The architecture choices a task starts with (classes and vocabulary come from the data). */
export interface ModelDefaults extends Pick<ModelConfig, 'cell' | 'hiddenSize' | 'numLayers' | 'bidirectional' | 'dropout'> {
  /** Word input only: embedding width. */
  embeddingDim: number;
  /** Word input only: false freezes the embedding. */
  trainableEmbedding: boolean;
}

/** What a task starts with. */
export interface TaskDefaults {
  model: ModelDefaults;
  train: TrainConfig;
}

const NAMES: TaskDefaults = {
  model: { cell: 'lstm', hiddenSize: 128, numLayers: 1, bidirectional: false, dropout: 0, embeddingDim: 100, trainableEmbedding: true },
  train: {
    optimizer: 'adam',
    learningRate: 5e-3,
    batchSize: 32,
    epochs: 5,
    clipNorm: null,
    sampling: 'natural',
    bucketByLength: true,
    seed: 1,
  },
};

const SST2: TaskDefaults = {
  model: { ...NAMES.model, hiddenSize: 100, embeddingDim: 100 },
  train: { ...NAMES.train, optimizer: 'adam-sparse', learningRate: 3e-3, batchSize: 32 },
};

const NAMES_GENERATION: TaskDefaults = {
  model: { ...NAMES.model },
  train: { ...NAMES.train, learningRate: 3e-3, batchSize: 64, epochs: 10 },
};

/** The tutorial generation network's dropout (on its o2o output), as "Generating Names with a Character-Level RNN" sets it. */
export const TUTORIAL_GENERATION_DROPOUT = 0.1;

/** Every task's defaults; read them through `taskDefaults` so callers get a copy they may change. */
const TASK_DEFAULTS: Record<TaskId | GenerationTaskId, TaskDefaults> = { names: NAMES, sst2: SST2, upload: NAMES, 'names-gen': NAMES_GENERATION };

/** A fresh copy of `task`'s defaults. */
export function taskDefaults(task: TaskId | GenerationTaskId): TaskDefaults {
  const defaults = TASK_DEFAULTS[task];
  return { model: { ...defaults.model }, train: { ...defaults.train } };
}

/**
 * The memory lab's starting run: first-symbol recall at distance 30, hidden 32, Adam 3e-3, batch 32, clip 5,
 * 300 steps with a fresh batch each, chrono gate-bias initialisation and PyTorch's small recurrent init.
 * Measured in PyTorch (3 seeds) and with this engine (README "Memory lab"): LSTM and GRU reach 1.00
 * held-out accuracy by step 200 at distance 30 (325 at 40), the tanh RNN stays at chance (0.125); 30 and
 * 300 steps keep the whole race within 3 minutes in a browser on a 2-core laptop (README). The contrast needs both levers as
 * set: with gate bias 0 or 1 the LSTM and GRU also stay at chance, and with an orthogonal W_hh the RNN
 * learns distance 40 on some seeds.
 */
export const MEMORY_DEFAULTS: { model: MemoryModelConfig; train: MemoryTrainDefaults } = {
  model: { task: 'first-symbol', distance: 30, cell: 'lstm', hiddenSize: 32, gateBias: 'chrono', recurrentInit: 'uniform' },
  train: { optimizer: 'adam', learningRate: 3e-3, batchSize: 32, clipNorm: 5, seed: 0, heldOutSize: 1000, steps: 300, evaluateEvery: 25, truncateAfter: null },
};

/**
 * The memory lab's exploding-gradient demo: the same plain tanh RNN trained twice from the same seed on the same
 * batches, once without clipping and once with the global gradient norm clipped at `clipNorm`. Plain SGD at
 * learning rate 1 (Adam divides each step by the gradient's running size, so a spike moves it little: the lectures
 * show clipping with SGD) and an orthogonal W_hh (spectral radius 1, so the gradient through time neither dies nor
 * is damped at the start) on first-symbol recall at distance 10. Measured over 150 steps, seeds 0–2 (README
 * "Memory lab"; PyTorch 1.13 with the same settings in brackets, tools/clipping_reference.py): without clipping
 * the gradient norm climbs from 0.4–1.1 at step 1 to 14–73 (16–83), the batch loss jumps from ln 8 ≈ 2.08 to
 * 17.7–18.8 (17.0–18.4) and held-out accuracy ends at chance; clipped at 0.5, every seed reaches 1.00 held-out
 * accuracy, by step 25–50 (25–75). Distance 15 explodes harder (norms up to 10³) but the clipped run then ends
 * at 0.75–1.00 after 300 steps depending on the seed; distance 10 shows the full rescue every time.
 */
export const CLIPPING_DEMO: { model: MemoryModelConfig; train: MemoryTrainDefaults; clipNorm: number } = {
  model: { task: 'first-symbol', distance: 10, cell: 'rnn', hiddenSize: 32, gateBias: 'chrono', recurrentInit: 'orthogonal' },
  train: { optimizer: 'sgd', learningRate: 1, batchSize: 32, clipNorm: null, seed: 0, heldOutSize: 256, steps: 150, evaluateEvery: 25, truncateAfter: null },
  clipNorm: 0.5,
};

/** A memory-lab run's training settings plus how long it runs and how often it is scored. */
export interface MemoryTrainDefaults {
  optimizer: TrainConfig['optimizer'];
  learningRate: number;
  batchSize: number;
  clipNorm: number | null;
  seed: number;
  heldOutSize: number;
  steps: number;
  evaluateEvery: number;
  /** Truncated BPTT: backpropagate through at most this many steps from the end; null = the whole sequence. */
  truncateAfter: number | null;
}

/**
 * A model of the student's own text: LSTM 128 over the text's own characters, truncated BPTT in windows of
 * K = 64 characters over 32 parallel streams, Adam 3e-3, clipping at 5 (long unrolls over a text explode more
 * easily than 20-letter names; char-rnn clips at 5 too), 10 epochs. Measured in README "Your own text".
 */
export const TEXT_LM_DEFAULTS: { model: Pick<ModelDefaults, 'cell' | 'hiddenSize' | 'numLayers' | 'dropout'>; train: TrainConfig; windowLength: number } = {
  model: { cell: 'lstm', hiddenSize: 128, numLayers: 1, dropout: 0 },
  train: { ...NAMES.train, learningRate: 3e-3, batchSize: 32, epochs: 10, clipNorm: 5, bucketByLength: false },
  windowLength: 64,
};

/** A fresh copy of the own-text model's defaults. */
export function textLmDefaults(): typeof TEXT_LM_DEFAULTS {
  return { model: { ...TEXT_LM_DEFAULTS.model }, train: { ...TEXT_LM_DEFAULTS.train }, windowLength: TEXT_LM_DEFAULTS.windowLength };
}
