/**
 * The model's architecture as plain facts, with no TensorFlow.js: every parameter's PyTorch name, shape
 * and initialisation, the widths between layers, what a valid configuration is, and what a model file
 * records about it. The engine (params.ts) builds its variables from `paramSpecs`, the Model step's
 * preview shows `parameterRows`, the diagram reads `inputSize` / `headInputSize`, and the model-file
 * checks compare against the same specs — so the preview cannot drift from what is built.
 */
import { memoryTaskSpec, validateDistance } from '../data/memoryTasks';
import { GATE_BIAS_INITS, MEMORY_CELL_TYPES, RECURRENT_INITS } from './types';
import type { CellType, CharLmConfig, InitLevers, MemoryModelConfig, ModelConfig, ModelFile, ModelSummary, ParameterRow } from './types';

/** How a parameter is initialised: PyTorch's defaults, and the memory lab's levers (types.ts's `InitLevers`). */
export type ParamInit =
  | { kind: 'uniform'; bound: number } // nn.RNN/LSTM/GRU: U(-1/√H, 1/√H); nn.Linear: U(-1/√fan_in, 1/√fan_in)
  | { kind: 'normal' } // nn.Embedding: N(0, 1)
  /** W_hh with each gate's `[blockRows, H]` block orthogonal (Keras's recurrent default). */
  | { kind: 'orthogonal'; blockRows: number }
  /**
   * A recurrent bias drawn U(±bound) like PyTorch's, then the rows of the memory gate set by the lever
   * (`side` ih takes the value, hh is zeroed there); see `GATE_BIAS_INITS`.
   */
  | { kind: 'gateBias'; bound: number; cell: 'lstm' | 'gru'; hiddenSize: number; side: 'ih' | 'hh'; gateBias: Exclude<InitLevers['gateBias'], 'pytorch'>; chronoMaxSpan: number };

/** The levers' default: PyTorch's own draws everywhere. */
export const PYTORCH_INIT: InitLevers = { gateBias: 'pytorch', recurrentInit: 'uniform', chronoMaxSpan: 2 };

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
  validateRecurrentPart(config);
  if (config.classes.length < 2) throw new ModelConfigError(`A classifier needs at least 2 classes, got ${config.classes.length}.`);
  if (config.classes.length > MODEL_LIMITS.classes) throw new ModelConfigError(`A classifier may have at most ${MODEL_LIMITS.classes} classes, got ${config.classes.length}.`);
  if (config.input.type === 'chars' && config.input.alphabet.length === 0) throw new ModelConfigError('The alphabet is empty.');
  if (config.input.type === 'words') {
    wholeNumber(config.input.embeddingDim, 'embeddingDim', MODEL_LIMITS.embeddingDim);
    if (config.input.vocab.length === 0) throw new ModelConfigError('The vocabulary is empty.');
  }
  checkParameterCount(paramSpecs(config));
}

function wholeNumber(value: number, what: string, max: number): void {
  if (!Number.isInteger(value) || value < 1) throw new ModelConfigError(`${what} must be a whole number ≥ 1, got ${value}.`);
  if (value > max) throw new ModelConfigError(`${what} must be at most ${max}, got ${value}.`);
}

/** Checks shared by every task: sizes, dropout, the tutorial cell's single forward layer. */
function validateRecurrentPart(config: Pick<ModelConfig, 'cell' | 'hiddenSize' | 'numLayers' | 'dropout' | 'bidirectional'>): void {
  wholeNumber(config.hiddenSize, 'hiddenSize', MODEL_LIMITS.hiddenSize);
  wholeNumber(config.numLayers, 'numLayers', MODEL_LIMITS.numLayers);
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new ModelConfigError(`dropout must be in [0, 1), got ${config.dropout}.`);
  if (config.cell === 'tutorial' && (config.numLayers !== 1 || config.bidirectional)) {
    throw new ModelConfigError('The tutorial RNN has exactly one forward layer: set numLayers to 1 and bidirectional off.');
  }
}

function checkParameterCount(specs: readonly ParamSpec[]): void {
  const total = specs.reduce((sum, spec) => sum + sizeOf(spec.torchShape), 0);
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
  if (config.input.type === 'words') {
    specs.push({
      name: 'embedding.weight',
      torchShape: [config.input.vocab.length, config.input.embeddingDim],
      transposed: false,
      init: { kind: 'normal' },
      trainable: config.input.trainableEmbedding,
    });
  }
  specs.push(...recurrentParamSpecs(config.cell, inputSize(config), hidden, config.numLayers, directionCount(config)));
  specs.push(...linearParamSpecs('head', config.classes.length, headInputSize(config)));
  return specs;
}

/**
 * The recurrent part, `rnn.*`: nn.RNN/LSTM/GRU's `weight_ih_l{k}[_reverse]`, … by layer and direction,
 * or the tutorial cell's one `rnn.i2h` Linear over [x, h] (no non-linearity).
 */
function recurrentParamSpecs(cell: CellType, inputWidth: number, hidden: number, numLayers: number, directions: number, levers: InitLevers = PYTORCH_INIT): ParamSpec[] {
  if (cell === 'tutorial') return linearParamSpecs('rnn.i2h', hidden, inputWidth + hidden);
  const specs: ParamSpec[] = [];
  const rows = gateCount(cell) * hidden;
  const uniform: ParamInit = { kind: 'uniform', bound: 1 / Math.sqrt(hidden) };
  const recurrentInit: ParamInit = levers.recurrentInit === 'orthogonal' ? { kind: 'orthogonal', blockRows: hidden } : uniform;
  const biasInit = (side: 'ih' | 'hh'): ParamInit => {
    const { gateBias, chronoMaxSpan } = levers;
    if (gateBias === 'pytorch' || (cell !== 'lstm' && cell !== 'gru')) return uniform;
    return { kind: 'gateBias', bound: uniform.bound, cell, hiddenSize: hidden, side, gateBias, chronoMaxSpan };
  };
  for (let layer = 0; layer < numLayers; layer++) {
    const layerInput = layer === 0 ? inputWidth : directions * hidden;
    for (let direction = 0; direction < directions; direction++) {
      const suffix = layerSuffix(layer, direction);
      specs.push({ name: `rnn.weight_ih${suffix}`, torchShape: [rows, layerInput], transposed: true, init: uniform, trainable: true });
      specs.push({ name: `rnn.weight_hh${suffix}`, torchShape: [rows, hidden], transposed: true, init: recurrentInit, trainable: true });
      specs.push({ name: `rnn.bias_ih${suffix}`, torchShape: [rows], transposed: false, init: biasInit('ih'), trainable: true });
      specs.push({ name: `rnn.bias_hh${suffix}`, torchShape: [rows], transposed: false, init: biasInit('hh'), trainable: true });
    }
  }
  return specs;
}

/**
 * The gate rows a gate-bias lever writes, as [start, end) row ranges of a `[G·H]` bias: the LSTM's forget
 * rows f (and, for chrono on the ih side, the input rows i), the GRU's update rows z.
 */
export function memoryGateRows(cell: 'lstm' | 'gru', hiddenSize: number): { gate: [number, number]; input: [number, number] | null } {
  // LSTM rows i,f,g,o; GRU rows r,z,n: the memory gate is the second block in both.
  return { gate: [hiddenSize, 2 * hiddenSize], input: cell === 'lstm' ? [0, hiddenSize] : null };
}

/** The levers a memory-lab model asks for (chrono's span: T − 1 for the task's sequence length, at least 2). */
export function memoryInitLevers(config: MemoryModelConfig): InitLevers {
  const steps = memoryTaskSpec(config.task).seqLength(config.distance);
  return { gateBias: config.gateBias, recurrentInit: config.recurrentInit, chronoMaxSpan: Math.max(steps - 1, 2) };
}

/**
 * Every parameter of a memory-lab model, in PyTorch's order: `rnn.*` as nn.RNN/LSTM/GRU(V, H) with the
 * levers' initialisation, then `head.*` as nn.Linear(H, classes).
 */
export function memoryParamSpecs(config: MemoryModelConfig): ParamSpec[] {
  const spec = memoryTaskSpec(config.task);
  return [
    ...recurrentParamSpecs(config.cell, spec.symbols.length, config.hiddenSize, 1, 1, memoryInitLevers(config)),
    ...linearParamSpecs('head', spec.classes.length, config.hiddenSize),
  ];
}

/** Refuse a memory-lab model the engine cannot build, with a message a student understands. */
export function validateMemoryConfig(config: MemoryModelConfig): void {
  if (!MEMORY_CELL_TYPES.includes(config.cell)) throw new ModelConfigError(`The memory lab trains ${MEMORY_CELL_TYPES.join(', ')} cells, got '${config.cell}'.`);
  if (!GATE_BIAS_INITS.includes(config.gateBias)) throw new ModelConfigError(`The gate bias must be one of ${GATE_BIAS_INITS.join(', ')}, got '${config.gateBias}'.`);
  if (!RECURRENT_INITS.includes(config.recurrentInit)) throw new ModelConfigError(`The recurrent init must be one of ${RECURRENT_INITS.join(', ')}, got '${config.recurrentInit}'.`);
  try {
    validateDistance(config.distance);
  } catch (error) {
    throw new ModelConfigError((error as Error).message);
  }
  validateRecurrentPart({ ...config, numLayers: 1, dropout: 0, bidirectional: false });
  checkParameterCount(memoryParamSpecs(config));
}

/** Tells a memory-lab configuration from a classifier's or a character LM's (only it has `distance`). */
export function isMemoryConfig(config: ModelConfig | CharLmConfig | MemoryModelConfig): config is MemoryModelConfig {
  return 'distance' in config;
}

/** nn.Linear(inputs, outputs) named `${prefix}.weight` `[out, in]` and `${prefix}.bias`, U(±1/√in). */
function linearParamSpecs(prefix: string, outputs: number, inputs: number): ParamSpec[] {
  const init: ParamInit = { kind: 'uniform', bound: 1 / Math.sqrt(inputs) };
  return [
    { name: `${prefix}.weight`, torchShape: [outputs, inputs], transposed: true, init, trainable: true },
    { name: `${prefix}.bias`, torchShape: [outputs], transposed: false, init, trainable: true },
  ];
}

/**
 * The widths of a character LM (src/data/generation.ts's layout): C conditions, A letters, outputs A + 1
 * (EOS last), previous-symbol one-hot A + 2 (BOS last); the input is concat(condition, previous).
 */
export function charLmWidths(config: Pick<CharLmConfig, 'alphabet' | 'conditions'>): { conditions: number; previous: number; input: number; output: number } {
  const letters = [...config.alphabet].length;
  const conditions = config.conditions.length;
  return { conditions, previous: letters + 2, input: conditions + letters + 2, output: letters + 1 };
}

/**
 * Every parameter of a character LM, in PyTorch's order: `rnn.*` as nn.RNN/LSTM/GRU(C + A + 2, H), then
 * `head.*` as nn.Linear(H, A + 1). The tutorial's generation network instead has `rnn.i2h` (Linear over
 * cat(condition, previous, hidden) → H, the recurrence), `head.i2o` (the same input → A + 1) and `head.o2o`
 * (cat(hidden, i2o output) → A + 1), as PyTorch's "Generating Names with a Character-Level RNN" defines them.
 */
export function charLmParamSpecs(config: CharLmConfig): ParamSpec[] {
  const widths = charLmWidths(config);
  const hidden = config.hiddenSize;
  const specs = recurrentParamSpecs(config.cell, widths.input, hidden, config.numLayers, 1);
  if (config.cell === 'tutorial') {
    specs.push(...linearParamSpecs('head.i2o', widths.output, widths.input + hidden));
    specs.push(...linearParamSpecs('head.o2o', widths.output, hidden + widths.output));
  } else {
    specs.push(...linearParamSpecs('head', widths.output, hidden));
  }
  return specs;
}

/** Refuse a character LM the engine cannot build, with a message a student understands. */
export function validateCharLmConfig(config: CharLmConfig): void {
  validateRecurrentPart({ ...config, bidirectional: false });
  const letters = [...config.alphabet];
  if (letters.length === 0) throw new ModelConfigError('The alphabet is empty.');
  if (new Set(letters).size !== letters.length) throw new ModelConfigError('The alphabet repeats a symbol.');
  if (config.conditions.length > MODEL_LIMITS.classes) throw new ModelConfigError(`A model may have at most ${MODEL_LIMITS.classes} conditions, got ${config.conditions.length}.`);
  if (new Set(config.conditions).size !== config.conditions.length) throw new ModelConfigError('A condition appears twice.');
  checkParameterCount(charLmParamSpecs(config));
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
export function modelFileHeader(config: ModelConfig | ModelSummary): ModelFileHeader {
  return {
    cell: config.cell,
    hiddenSize: config.hiddenSize,
    numLayers: config.numLayers,
    bidirectional: config.bidirectional,
    embeddingDim: config.input.type === 'words' ? config.input.embeddingDim : null,
    dropout: config.dropout,
  };
}

/** `config` as the main thread is told of it: the vocabulary replaced by its size. */
export function summarizeModel(config: ModelConfig): ModelSummary {
  if (config.input.type === 'chars') return { ...config, input: config.input };
  const { vocab, ...input } = config.input;
  return { ...config, input: { ...input, vocabSize: vocab.length } };
}

/**
 * The full configuration behind a summary, where the summary holds all of it (character input: the
 * alphabet is there); null for word input, whose vocabulary only the worker holds.
 */
export function configOfSummary(summary: ModelSummary): ModelConfig | null {
  return summary.input.type === 'chars' ? { ...summary, input: summary.input } : null;
}

/**
 * Does a model built as `a` serve a configuration `b` as it is, so its weights can stay? Everything that
 * shapes the weights or the forward pass counts: what a model file records (cell, sizes, layers,
 * directions, dropout, embedding width), the input level and alphabet, the classes in order, and whether
 * the embedding trains. The exact vocabulary does not: an opened model keeps its own word list.
 */
export function sameArchitecture(a: ModelConfig | ModelSummary, b: ModelConfig | ModelSummary): boolean {
  const key = (config: ModelConfig | ModelSummary) =>
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

/** The `model` object of a character LM's file (one direction, one-hot input: no embedding). */
export function charLmFileHeader(config: CharLmConfig): ModelFileHeader {
  return { cell: config.cell, hiddenSize: config.hiddenSize, numLayers: config.numLayers, bidirectional: false, embeddingDim: null, dropout: config.dropout };
}

/** Tells a character LM's configuration from a classifier's (only the LM has `conditions`). */
export function isCharLmConfig(config: ModelConfig | CharLmConfig | MemoryModelConfig): config is CharLmConfig {
  return 'conditions' in config;
}
