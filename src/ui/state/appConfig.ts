/**
 * The user's choices, as one flat object: what the URL carries, what IndexedDB keeps, and what the
 * Model and Train steps edit. Pure functions only (tested in appConfig.test.ts).
 */
import { GENERATION_TASK_DATA, GENERATION_TASK_IDS, SAMPLING_MODES, TASK_IDS } from '../../data/types';
import type { GenerationTaskId, InputLevel, TaskId } from '../../data/types';
import { MODEL_LIMITS } from '../../model/architecture';
import { taskDefaults } from '../../model/taskDefaults';
import type { ModelDefaults } from '../../model/taskDefaults';
import { CELL_TYPES, OPTIMIZER_NAMES } from '../../model/types';
import type { CellType, ModelConfig, ModelSummary, TrainConfig } from '../../model/types';
import { BACKEND_CHOICES } from '../../model/backendTypes';
import type { BackendChoice } from '../../model/backendTypes';
import { keptExampleText } from '../lib/exampleText';
import { labFromQuery } from './labLink';

export type StepId = 'data' | 'encode' | 'model' | 'train' | 'inspect';

/** A step of the tab bar; `wordsBlurb` replaces `blurb` where a word model reads word by word, not letter by letter. */
export interface StepInfo {
  id: StepId;
  title: string;
  blurb: string;
  wordsBlurb?: string;
  /** The Generate names task's line, where its screen differs from the classifier's. */
  generatorBlurb?: string;
}

export const STEPS: readonly StepInfo[] = [
  { id: 'data', title: 'Data', blurb: 'What the examples look like, how many of each class, how they are split.' },
  {
    id: 'encode',
    title: 'Encode',
    blurb: 'How text becomes numbers the network can read: one-hot letters or word ids.',
    generatorBlurb: "How a name and its language become the generator's inputs and targets, one step per letter.",
  },
  {
    id: 'model',
    title: 'Model',
    blurb: 'The recurrent cell, its size, layers and directions, and its equations.',
    generatorBlurb: 'The recurrent cell and its size, the network unrolled over a name with an output at every step, and its equations.',
  },
  {
    id: 'train',
    title: 'Train',
    blurb: 'Run the optimizer and watch the loss fall and the confusion matrix fill.',
    generatorBlurb: 'Run the optimizer and watch the loss per letter fall, and the names the model writes after each epoch.',
  },
  {
    id: 'inspect',
    title: 'Inspect',
    blurb: 'Type anything and see the hidden states, gates and the guess letter by letter.',
    wordsBlurb: 'Type anything and see the hidden states, gates and the guess word by word.',
    generatorBlurb: 'Let the model write names, letter by letter, and see what else it considered at each step.',
  },
];

/** The line under a step's tabs for data read at `level`, or on the Generate names task. */
export function stepBlurb(step: StepInfo, level: InputLevel, isGenerator = false): string {
  if (isGenerator && step.generatorBlurb) return step.generatorBlurb;
  return level === 'words' ? (step.wordsBlurb ?? step.blurb) : step.blurb;
}

/** The task, its model choices (the fields of model/taskDefaults.ts's ModelDefaults), its training settings and the backend. */
export interface AppConfig extends ModelDefaults, TrainConfig {
  task: TaskId;
  backend: BackendChoice;
}

/** A task's settings as it starts (model/taskDefaults.ts), on the automatic backend. */
export function defaultsFor(task: TaskId): AppConfig {
  const { model, train } = taskDefaults(task);
  return { task, ...model, ...train, backend: 'auto' };
}

export const NAMES_DEFAULTS: AppConfig = defaultsFor('names');
export const SST2_DEFAULTS: AppConfig = defaultsFor('sst2');

/**
 * A Model-step preset. A model preset changes the model only; the tutorial's also sets its training recipe (SGD
 * 0.005, one name at a time, classes drawn evenly), which is part of what it shows.
 */
export interface Preset {
  id: string;
  title: string;
  /** Which input level the preset is meant for. */
  level: InputLevel | 'any';
  description: string;
  patch: Partial<AppConfig>;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'tutorial',
    title: 'Tutorial RNN',
    level: 'chars',
    description:
      "The PyTorch tutorial's own RNN: hidden = Linear([x, h]), no non-linearity, SGD 0.005, one name at a time, classes drawn evenly.",
    patch: {
      cell: 'tutorial',
      hiddenSize: 128,
      numLayers: 1,
      bidirectional: false,
      dropout: 0,
      optimizer: 'sgd',
      learningRate: 0.005,
      batchSize: 1,
      sampling: 'balanced',
      clipNorm: null,
    },
  },
  {
    id: 'lstm128',
    title: 'LSTM 128',
    level: 'any',
    description: 'One LSTM layer, 128 hidden units. The training settings stay as the Train step has them.',
    // The names task's own model (model/taskDefaults.ts). A model preset leaves the optimiser alone: on SST-2 the
    // names task's dense Adam would replace the task's sparse Adam, unseen from the Model step.
    patch: {
      cell: NAMES_DEFAULTS.cell,
      hiddenSize: NAMES_DEFAULTS.hiddenSize,
      numLayers: NAMES_DEFAULTS.numLayers,
      bidirectional: NAMES_DEFAULTS.bidirectional,
      dropout: NAMES_DEFAULTS.dropout,
    },
  },
  {
    id: 'bilstm2',
    title: '2-layer BiLSTM dropout 0.1',
    level: 'words',
    description:
      "The lecture's sentiment model: two stacked bidirectional LSTM layers with dropout 0.1 between them. The training settings stay as the Train step has them.",
    patch: { cell: 'lstm', hiddenSize: 100, numLayers: 2, bidirectional: true, dropout: 0.1 },
  },
];

export const CELL_TITLES: Record<CellType, string> = {
  tutorial: 'Tutorial RNN (i2h/i2o)',
  rnn: 'RNN (tanh)',
  lstm: 'LSTM',
  gru: 'GRU',
};

// ------------------------------------------------------------------ URL

/** Short query keys so a shared link stays readable. */
const KEYS: Record<Exclude<keyof AppConfig, never>, string> = {
  task: 'task',
  cell: 'cell',
  hiddenSize: 'hidden',
  numLayers: 'layers',
  bidirectional: 'bi',
  dropout: 'dropout',
  embeddingDim: 'emb',
  trainableEmbedding: 'embTrain',
  optimizer: 'opt',
  learningRate: 'lr',
  batchSize: 'batch',
  epochs: 'epochs',
  clipNorm: 'clip',
  sampling: 'sampling',
  bucketByLength: 'bucket',
  seed: 'seed',
  backend: 'backend',
};

export const STEP_IDS: readonly StepId[] = STEPS.map((step) => step.id);

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((item) => item === value);
}

function integerIn(value: string | null, min: number, max: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isInteger(number) && number >= min && number <= max ? number : undefined;
}

function numberIn(value: string | null, min: number, max: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= min && number <= max ? number : undefined;
}

function flag(value: string | null): boolean | undefined {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return undefined;
}

/**
 * Bounds every numeric field must respect (also used by the form inputs). The architecture's bounds are the
 * engine's own (MODEL_LIMITS), so a model opened from a file round-trips through the URL without being clamped.
 */
export const LIMITS = {
  hiddenSize: [1, MODEL_LIMITS.hiddenSize],
  numLayers: [1, MODEL_LIMITS.numLayers],
  dropout: [0, 0.9],
  embeddingDim: [1, MODEL_LIMITS.embeddingDim],
  learningRate: [1e-6, 10],
  batchSize: [1, 1024],
  epochs: [1, 100],
  clipNorm: [0.001, 1000],
  seed: [0, 2 ** 31 - 1],
} as const;

/** The fields of a query string that describe a configuration; unknown or invalid values are ignored. */
export function configFromQuery(search: string): Partial<AppConfig> {
  const params = new URLSearchParams(search);
  const get = (key: keyof AppConfig) => params.get(KEYS[key]);
  const generationTask = generationTaskFromQuery(search);
  const patch: Partial<AppConfig> = {
    // A generation task learns from a built-in data set: that data set is the configuration's task.
    task: generationTask ? GENERATION_TASK_DATA[generationTask] : pick(get('task'), TASK_IDS),
    cell: pick(get('cell'), CELL_TYPES),
    hiddenSize: integerIn(get('hiddenSize'), ...LIMITS.hiddenSize),
    numLayers: integerIn(get('numLayers'), ...LIMITS.numLayers),
    bidirectional: flag(get('bidirectional')),
    dropout: numberIn(get('dropout'), ...LIMITS.dropout),
    embeddingDim: integerIn(get('embeddingDim'), ...LIMITS.embeddingDim),
    trainableEmbedding: flag(get('trainableEmbedding')),
    optimizer: pick(get('optimizer'), OPTIMIZER_NAMES),
    learningRate: numberIn(get('learningRate'), ...LIMITS.learningRate),
    batchSize: integerIn(get('batchSize'), ...LIMITS.batchSize),
    epochs: integerIn(get('epochs'), ...LIMITS.epochs),
    sampling: pick(get('sampling'), SAMPLING_MODES),
    bucketByLength: flag(get('bucketByLength')),
    seed: integerIn(get('seed'), ...LIMITS.seed),
    backend: pick(get('backend'), BACKEND_CHOICES),
  };
  const clip = get('clipNorm');
  if (clip === 'off') patch.clipNorm = null;
  else {
    const clipNorm = numberIn(clip, ...LIMITS.clipNorm);
    if (clipNorm !== undefined) patch.clipNorm = clipNorm;
  }
  for (const key of Object.keys(patch) as (keyof AppConfig)[]) if (patch[key] === undefined) delete patch[key];
  return patch;
}

/**
 * The generation task a link names (`task=names-gen`), if any. The task parameter names what the student is
 * on, so a reload or a copied link opens the generator, not the classifier of the data it learns from.
 */
export function generationTaskFromQuery(search: string): GenerationTaskId | undefined {
  return pick(new URLSearchParams(search).get(KEYS.task), GENERATION_TASK_IDS);
}

/**
 * Query string for a configuration, keeping other parameters (step, present) of `base`. With `generationTask`
 * the task parameter names it instead of the data set it learns from (`config.task`).
 */
export function configToQuery(config: AppConfig, base = '', generationTask?: GenerationTaskId): string {
  const params = new URLSearchParams(base);
  for (const key of Object.keys(KEYS) as (keyof AppConfig)[]) {
    const value = config[key];
    const text =
      value === null ? 'off' : typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    params.set(KEYS[key], text);
  }
  if (generationTask && GENERATION_TASK_DATA[generationTask] === config.task) params.set(KEYS.task, generationTask);
  return params.toString();
}

/**
 * A shared link's example text (`text=`, what Encode, Model and Inspect show), kept as a typed one is (the screens
 * cut it to its level's limit and say so); undefined without one.
 */
export function exampleTextFromQuery(search: string): string | undefined {
  const text = new URLSearchParams(search).get('text');
  return text ? keptExampleText(text) : undefined;
}

/** A link to a step, a lab or presenter mode is a lesson in progress: it opens there, without the first-visit tour. */
export function isDeepLink(search: string): boolean {
  const params = new URLSearchParams(search);
  return params.has('step') || params.has('present') || labFromQuery(search) !== null;
}

export function stepFromQuery(search: string): StepId | undefined {
  return pick(new URLSearchParams(search).get('step'), STEP_IDS);
}

/** A saved or shared configuration, made safe: every field present and in range. */
export function sanitizeConfig(value: unknown): AppConfig {
  if (typeof value !== 'object' || value === null) return NAMES_DEFAULTS;
  const record = value as Record<string, unknown>;
  const asQuery = new URLSearchParams();
  for (const key of Object.keys(KEYS) as (keyof AppConfig)[]) {
    const field = record[key];
    if (field === null && key === 'clipNorm') asQuery.set(KEYS[key], 'off');
    else if (typeof field === 'boolean') asQuery.set(KEYS[key], field ? '1' : '0');
    else if (typeof field === 'string' || typeof field === 'number') asQuery.set(KEYS[key], String(field));
  }
  const patch = configFromQuery(asQuery.toString());
  return { ...defaultsFor(patch.task ?? 'names'), ...patch };
}

// ------------------------------------------------------------------ to the engine's shapes

export function toTrainConfig(config: AppConfig): TrainConfig {
  return {
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    batchSize: config.batchSize,
    epochs: config.epochs,
    clipNorm: config.clipNorm,
    sampling: config.sampling,
    bucketByLength: config.bucketByLength,
    seed: config.seed,
  };
}

/** What the input layer looks like for this data: the characters' alphabet or the word vocabulary. */
export type InputSource =
  | { type: 'chars'; alphabet: string }
  | { type: 'words'; vocab: string[]; pad: string; unk: string; lowercase: boolean };

export function toModelConfig(config: AppConfig, input: InputSource, classes: string[]): ModelConfig {
  const isTutorial = config.cell === 'tutorial';
  return {
    cell: config.cell,
    hiddenSize: config.hiddenSize,
    // The tutorial's RNN is one layer, one direction, no dropout by construction.
    numLayers: isTutorial ? 1 : config.numLayers,
    bidirectional: isTutorial ? false : config.bidirectional,
    dropout: config.dropout,
    input:
      input.type === 'chars'
        ? { type: 'chars', alphabet: input.alphabet }
        : { ...input, embeddingDim: config.embeddingDim, trainableEmbedding: config.trainableEmbedding },
    classes,
  };
}

/** The part of the configuration shown by an imported model. */
export function configFromModel(config: AppConfig, model: ModelConfig | ModelSummary): AppConfig {
  return {
    ...config,
    cell: model.cell,
    hiddenSize: model.hiddenSize,
    numLayers: model.numLayers,
    bidirectional: model.bidirectional,
    dropout: model.dropout,
    embeddingDim: model.input.type === 'words' ? model.input.embeddingDim : config.embeddingDim,
    trainableEmbedding: model.input.type === 'words' ? model.input.trainableEmbedding : config.trainableEmbedding,
  };
}
