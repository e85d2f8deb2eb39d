/**
 * The model's architecture as plain facts, with no TensorFlow.js: every parameter's PyTorch name, shape
 * and initialisation, the widths between layers, what a valid configuration is, and what a model file
 * records about it. The engine (params.ts) builds its variables from `paramSpecs`, the Model step's
 * preview shows `parameterRows`, the diagram reads `inputSize` / `headInputSize`, and the model-file
 * checks compare against the same specs — so the preview cannot drift from what is built.
 */
import type { CellType, ModelConfig, ModelFile, ParameterRow } from './types';

/** How a parameter is initialised, as PyTorch does by default. */
export type ParamInit =
  | { kind: 'uniform'; bound: number } // nn.RNN/LSTM/GRU: U(-1/√H, 1/√H); nn.Linear: U(-1/√fan_in, 1/√fan_in)
  | { kind: 'normal' }; // nn.Embedding: N(0, 1)

/** One parameter: its PyTorch name and shape, how it is stored, initialised and trained. */
export interface ParamSpec {
  /** PyTorch state_dict name, e.g. `rnn.weight_hh_l1_reverse`. */
  name: string;
  /** Shape in PyTorch's layout (`[out, in]` for weights). */
  torchShape: number[];
  /**
   * Stored as the transpose of `torchShape` (only 2-D weights that are right operands of a matmul):
   * on the WASM backend a matMul with transposeA/transposeB is 5-13x slower than a plain one, so the
   * engine keeps Keras's `[in, out]` "kernel" layout and only names and files use PyTorch's.
   */
  transposed: boolean;
  init: ParamInit;
  trainable: boolean;
}

/** Rows per gate block: G in `[G·H, in]` (LSTM i,f,g,o; GRU r,z,n). The tutorial cell has one block (its i2h layer). */
export function gateCount(cell: CellType): number {
  switch (cell) {
    case 'lstm':
      return 4;
    case 'gru':
      return 3;
    case 'rnn':
    case 'tutorial':
      return 1;
  }
}

/** The part of an `InputSpec` that decides layer 0's width (the diagram knows no vocabulary). */
export type InputWidth = { type: 'chars'; alphabet: string } | { type: 'words'; embeddingDim: number };

/**
 * Width of the symbols entering layer 0: one-hot over the alphabet (counted in symbols, as the
 * character encoder splits it), or the embedding dimension.
 */
export function inputSize(config: { input: InputWidth }): number {
  return config.input.type === 'chars' ? [...config.input.alphabet].length : config.input.embeddingDim;
}

/** 1 or 2. */
export function directionCount(config: Pick<ModelConfig, 'bidirectional'>): number {
  return config.bidirectional ? 2 : 1;
}

/** PyTorch's suffix for a layer and direction: `_l0`, `_l1_reverse`. */
export function layerSuffix(layer: number, direction: number): string {
  return `_l${layer}${direction === 1 ? '_reverse' : ''}`;
}

/** Width of what the head reads: D·H, or for the tutorial cell in + H (it reads [x_T, h_{T-1}]). */
export function headInputSize(config: Pick<ModelConfig, 'cell' | 'hiddenSize' | 'bidirectional'> & { input: InputWidth }): number {
  if (config.cell === 'tutorial') return inputSize(config) + config.hiddenSize;
  return directionCount(config) * config.hiddenSize;
}

/** Thrown for architectures the engine cannot build, with the reason in plain words. */
export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
}

/**
 * The largest architecture the engine agrees to build or open. Far above what the Model step offers
 * (hidden 512, 4 layers, embeddings 300) so any reasonable PyTorch export opens, but low enough that a
 * typo or a hostile file is refused with a message instead of exhausting the tab's memory: 50 million
 * float32 parameters are 200 MB, about four times that while Adam trains.
 */
export const MODEL_LIMITS = {
  hiddenSize: 4096,
  numLayers: 16,
  embeddingDim: 4096,
  classes: 10_000,
  parameters: 50_000_000,
} as const;

/** Refuse impossible or absurdly large architectures early, with a message a student understands. */
export function validateModelConfig(config: ModelConfig): void {
  const wholeNumber = (value: number, what: string, max: number) => {
    if (!Number.isInteger(value) || value < 1) throw new ModelConfigError(`${what} must be a whole number ≥ 1, got ${value}.`);
    if (value > max) throw new ModelConfigError(`${what} must be at most ${max}, got ${value}.`);
  };
  wholeNumber(config.hiddenSize, 'hiddenSize', MODEL_LIMITS.hiddenSize);
  wholeNumber(config.numLayers, 'numLayers', MODEL_LIMITS.numLayers);
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new ModelConfigError(`dropout must be in [0, 1), got ${config.dropout}.`);
  if (config.classes.length < 2) throw new ModelConfigError(`A classifier needs at least 2 classes, got ${config.classes.length}.`);
  if (config.classes.length > MODEL_LIMITS.classes) throw new ModelConfigError(`A classifier may have at most ${MODEL_LIMITS.classes} classes, got ${config.classes.length}.`);
  if (config.cell === 'tutorial' && (config.numLayers !== 1 || config.bidirectional)) {
    throw new ModelConfigError('The tutorial RNN has exactly one forward layer: set numLayers to 1 and bidirectional off.');
  }
  if (config.input.type === 'chars' && config.input.alphabet.length === 0) throw new ModelConfigError('The alphabet is empty.');
  if (config.input.type === 'words') {
    wholeNumber(config.input.embeddingDim, 'embeddingDim', MODEL_LIMITS.embeddingDim);
    if (config.input.vocab.length === 0) throw new ModelConfigError('The vocabulary is empty.');
  }
  const total = paramSpecs(config).reduce((sum, spec) => sum + sizeOf(spec.torchShape), 0);
  if (total > MODEL_LIMITS.parameters) {
    throw new ModelConfigError(`This model would have ${total} parameters; the playground builds at most ${MODEL_LIMITS.parameters}.`);
  }
}

/**
 * Every parameter of `config`, in PyTorch's state_dict order (embedding, rnn by layer/direction, head).
 * Does not validate: call `validateModelConfig` first when the configuration is untrusted.
 */
export function paramSpecs(config: ModelConfig): ParamSpec[] {
  const specs: ParamSpec[] = [];
  const hidden = config.hiddenSize;
  const rnnBound = 1 / Math.sqrt(hidden);
  if (config.input.type === 'words') {
    specs.push({
      name: 'embedding.weight',
      torchShape: [config.input.vocab.length, config.input.embeddingDim],
      transposed: false,
      init: { kind: 'normal' },
      trainable: config.input.trainableEmbedding,
    });
  }
  if (config.cell === 'tutorial') {
    // hidden = i2h(cat(x, h)): one Linear over input + hidden; the head plays the tutorial's i2o.
    const fanIn = inputSize(config) + hidden;
    const bound = 1 / Math.sqrt(fanIn);
    specs.push({ name: 'rnn.i2h.weight', torchShape: [hidden, fanIn], transposed: true, init: { kind: 'uniform', bound }, trainable: true });
    specs.push({ name: 'rnn.i2h.bias', torchShape: [hidden], transposed: false, init: { kind: 'uniform', bound }, trainable: true });
  } else {
    const rows = gateCount(config.cell) * hidden;
    const directions = directionCount(config);
    for (let layer = 0; layer < config.numLayers; layer++) {
      const layerInput = layer === 0 ? inputSize(config) : directions * hidden;
      for (let direction = 0; direction < directions; direction++) {
        const suffix = layerSuffix(layer, direction);
        const uniform: ParamInit = { kind: 'uniform', bound: rnnBound };
        specs.push({ name: `rnn.weight_ih${suffix}`, torchShape: [rows, layerInput], transposed: true, init: uniform, trainable: true });
        specs.push({ name: `rnn.weight_hh${suffix}`, torchShape: [rows, hidden], transposed: true, init: uniform, trainable: true });
        specs.push({ name: `rnn.bias_ih${suffix}`, torchShape: [rows], transposed: false, init: uniform, trainable: true });
        specs.push({ name: `rnn.bias_hh${suffix}`, torchShape: [rows], transposed: false, init: uniform, trainable: true });
      }
    }
  }
  const headIn = headInputSize(config);
  const headBound = 1 / Math.sqrt(headIn);
  const classes = config.classes.length;
  specs.push({ name: 'head.weight', torchShape: [classes, headIn], transposed: true, init: { kind: 'uniform', bound: headBound }, trainable: true });
  specs.push({ name: 'head.bias', torchShape: [classes], transposed: false, init: { kind: 'uniform', bound: headBound }, trainable: true });
  return specs;
}

/** Product of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** A spec as a row of the model summary (PyTorch shapes). */
export function parameterRow(spec: ParamSpec): ParameterRow {
  return { name: spec.name, shape: [...spec.torchShape], count: sizeOf(spec.torchShape), trainable: spec.trainable };
}

/** The model summary of `config` before anything is built: the rows the built model reports, in its order. */
export function parameterRows(config: ModelConfig): ParameterRow[] {
  return paramSpecs(config).map(parameterRow);
}

/** What a model file records about the architecture: its `model` object. */
export type ModelFileHeader = ModelFile['model'];

/** The `model` object of a model file for `config` (`embeddingDim` null for one-hot characters). */
export function modelFileHeader(config: ModelConfig): ModelFileHeader {
  return {
    cell: config.cell,
    hiddenSize: config.hiddenSize,
    numLayers: config.numLayers,
    bidirectional: config.bidirectional,
    embeddingDim: config.input.type === 'words' ? config.input.embeddingDim : null,
    dropout: config.dropout,
  };
}

/**
 * Does a model built as `a` serve a configuration `b` as it is, so its weights can stay? Everything that
 * shapes the weights or the forward pass counts: what a model file records (cell, sizes, layers,
 * directions, dropout, embedding width), the input level and alphabet, the classes in order, and whether
 * the embedding trains. The exact vocabulary does not: an opened model keeps its own word list.
 */
export function sameArchitecture(a: ModelConfig, b: ModelConfig): boolean {
  const key = (config: ModelConfig) =>
    JSON.stringify([
      modelFileHeader(config),
      config.classes,
      config.input.type === 'chars' ? config.input.alphabet : config.input.trainableEmbedding,
    ]);
  return a.input.type === b.input.type && key(a) === key(b);
}

/**
 * The configuration a saved model file stands for, where `like` supplies what the file's header does not
 * record (the alphabet or vocabulary, whether the embedding trains), so that `sameArchitecture(configOfModelFile(file, like), like)`
 * asks whether the file is the model `like` describes. Null when the file's input level is not `like`'s.
 */
export function configOfModelFile(
  file: { model: ModelFileHeader; classes: readonly string[]; inputType: ModelConfig['input']['type'] },
  like: ModelConfig,
): ModelConfig | null {
  const { model } = file;
  if (file.inputType !== like.input.type) return null;
  const input: ModelConfig['input'] =
    like.input.type === 'chars'
      ? like.input
      : { ...like.input, embeddingDim: model.embeddingDim ?? Number.NaN };
  return {
    cell: model.cell,
    hiddenSize: model.hiddenSize,
    numLayers: model.numLayers,
    bidirectional: model.bidirectional,
    dropout: model.dropout,
    input,
    classes: [...file.classes],
  };
}
