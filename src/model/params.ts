/**
 * The model's parameters under PyTorch's names and shapes (`rnn.weight_ih_l0` [G·H, in], …), stored as
 * tfjs variables. 2-D weights that feed a matmul are stored TRANSPOSED (`[in, G·H]`, Keras's "kernel"):
 * on the WASM backend a matMul with transposeA/transposeB is 5-13x slower than a plain one (measured:
 * 64×128·128×512 plain 0.66 ms, transposeB 4.2 ms), so the forward pass must never ask for one. Names,
 * shapes in summaries, import and export all use PyTorch's layout; only storage differs.
 */
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../data/random';
import type { CellType, ModelConfig, ParameterRow } from './types';

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
  /** Stored as the transpose of `torchShape` (only 2-D weights that are right operands of a matmul). */
  transposed: boolean;
  init: ParamInit;
  trainable: boolean;
}

/** Rows per gate block: G in `[G·H, in]`. The tutorial cell has one block (its i2h layer). */
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

/**
 * Width of the symbols entering layer 0: one-hot over the alphabet, or the embedding dimension. The
 * alphabet counts code points, as the encoder reads it (an emoji is one column, not two UTF-16 units).
 */
export function inputSize(config: ModelConfig): number {
  return config.input.type === 'chars' ? [...config.input.alphabet].length : config.input.embeddingDim;
}

/** 1 or 2. */
export function directionCount(config: ModelConfig): number {
  return config.bidirectional ? 2 : 1;
}

/** PyTorch's suffix for a layer and direction: `_l0`, `_l1_reverse`. */
export function layerSuffix(layer: number, direction: number): string {
  return `_l${layer}${direction === 1 ? '_reverse' : ''}`;
}

/** Width of what the head reads: D·H, or for the tutorial cell in + H (it reads [x_T, h_{T-1}]). */
export function headInputSize(config: ModelConfig): number {
  if (config.cell === 'tutorial') return inputSize(config) + config.hiddenSize;
  return directionCount(config) * config.hiddenSize;
}

/** Thrown for architectures the engine cannot build, with the reason in plain words. */
export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
}

/** Refuse impossible architectures early, with a message a student understands. */
export function validateModelConfig(config: ModelConfig): void {
  const positiveInt = (value: number, what: string) => {
    if (!Number.isInteger(value) || value < 1) throw new ModelConfigError(`${what} must be a whole number ≥ 1, got ${value}.`);
  };
  positiveInt(config.hiddenSize, 'hiddenSize');
  positiveInt(config.numLayers, 'numLayers');
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new ModelConfigError(`dropout must be in [0, 1), got ${config.dropout}.`);
  if (config.classes.length < 2) throw new ModelConfigError(`A classifier needs at least 2 classes, got ${config.classes.length}.`);
  if (config.cell === 'tutorial' && (config.numLayers !== 1 || config.bidirectional)) {
    throw new ModelConfigError("The tutorial RNN has exactly one forward layer: set numLayers to 1 and bidirectional off.");
  }
  if (config.input.type === 'chars' && config.input.alphabet.length === 0) throw new ModelConfigError('The alphabet is empty.');
  if (config.input.type === 'words') {
    positiveInt(config.input.embeddingDim, 'embeddingDim');
    if (config.input.vocab.length === 0) throw new ModelConfigError('The vocabulary is empty.');
  }
}

/** Every parameter of `config`, in PyTorch's state_dict order (embedding, rnn by layer/direction, head). */
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

/** Row-major `[rows, cols]` → `[cols, rows]`, in JS (used only at load/save time). */
export function transposeValues(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

function storedShape(spec: ParamSpec): number[] {
  return spec.transposed ? [spec.torchShape[1], spec.torchShape[0]] : spec.torchShape;
}

function initialValues(spec: ParamSpec, random: SeededRandom): Float32Array {
  const count = sizeOf(spec.torchShape);
  if (spec.init.kind === 'uniform') return random.uniformArray(count, spec.init.bound);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    // Box-Muller: two normals from two uniforms; 1 - u keeps log away from 0.
    const radius = Math.sqrt(-2 * Math.log(1 - random.nextFloat()));
    const angle = 2 * Math.PI * random.nextFloat();
    values[i] = radius * Math.cos(angle);
    if (i + 1 < count) values[i + 1] = radius * Math.sin(angle);
  }
  return values;
}

/** A copy of every parameter's value, kept outside any tidy scope until `disposeSnapshot`. */
export type ParamSnapshot = Map<string, tf.Tensor>;

/**
 * Owns the variables of one model. Values go in and out in PyTorch's layout (`setTorchValues`,
 * `torchValues`) so interop and tests never see the transposed storage.
 */
export class ParamStore {
  readonly specs: ParamSpec[];
  private readonly variables = new Map<string, tf.Variable>();

  constructor(config: ModelConfig, seed: number) {
    validateModelConfig(config);
    this.specs = paramSpecs(config);
    const random = new SeededRandom(seed);
    for (const spec of this.specs) {
      const values = this.toStored(spec, initialValues(spec, random));
      const initial = tf.tensor(values, storedShape(spec));
      // The variable shares the tensor's buffer (ref-counted), so the wrapper can go at once.
      this.variables.set(spec.name, tf.variable(initial, spec.trainable));
      initial.dispose();
    }
  }

  /** The variable under `name` in storage layout (transposed for 2-D matmul weights). */
  get(name: string): tf.Variable {
    const variable = this.variables.get(name);
    if (!variable) throw new Error(`No parameter named '${name}'.`);
    return variable;
  }

  has(name: string): boolean {
    return this.variables.has(name);
  }

  spec(name: string): ParamSpec {
    const spec = this.specs.find((candidate) => candidate.name === name);
    if (!spec) throw new Error(`No parameter named '${name}'.`);
    return spec;
  }

  /** Variables the optimiser updates (a frozen embedding is left out). */
  trainableVariables(): tf.Variable[] {
    return this.specs.filter((spec) => spec.trainable).map((spec) => this.get(spec.name));
  }

  /** Freeze or unfreeze one parameter (e.g. GloVe embeddings). */
  setTrainable(name: string, trainable: boolean): void {
    this.spec(name).trainable = trainable;
    this.get(name).trainable = trainable;
  }

  /** Re-draw every value from `seed` (same draws as a fresh store with that seed). */
  reinitialize(seed: number): void {
    const random = new SeededRandom(seed);
    for (const spec of this.specs) this.setTorchValues(spec.name, initialValues(spec, random));
  }

  /** Assign values given in PyTorch's layout (row-major over `torchShape`). */
  setTorchValues(name: string, values: Float32Array): void {
    const spec = this.spec(name);
    if (values.length !== sizeOf(spec.torchShape)) {
      throw new Error(`'${name}' needs ${sizeOf(spec.torchShape)} values, got ${values.length}.`);
    }
    tf.tidy(() => this.get(name).assign(tf.tensor(this.toStored(spec, values), storedShape(spec))));
  }

  /** Values in PyTorch's layout. */
  async torchValues(name: string): Promise<Float32Array> {
    const spec = this.spec(name);
    const stored = (await this.get(name).data()) as Float32Array;
    return spec.transposed ? transposeValues(stored, spec.torchShape[1], spec.torchShape[0]) : new Float32Array(stored);
  }

  /** Copy every value (checkpoint). The caller owns the result: pass it to `restore` / `disposeSnapshot`. */
  snapshot(): ParamSnapshot {
    const snapshot: ParamSnapshot = new Map();
    for (const [name, variable] of this.variables) snapshot.set(name, tf.clone(variable));
    return snapshot;
  }

  restore(snapshot: ParamSnapshot): void {
    for (const [name, value] of snapshot) this.get(name).assign(value);
  }

  /** Model summary rows with PyTorch shapes. */
  summary(): ParameterRow[] {
    return this.specs.map((spec) => ({
      name: spec.name,
      shape: [...spec.torchShape],
      count: sizeOf(spec.torchShape),
      trainable: spec.trainable,
    }));
  }

  dispose(): void {
    for (const variable of this.variables.values()) variable.dispose();
    this.variables.clear();
  }

  private toStored(spec: ParamSpec, values: Float32Array): Float32Array {
    return spec.transposed ? transposeValues(values, spec.torchShape[0], spec.torchShape[1]) : values;
  }
}

/** Free a snapshot's tensors (after restoring, or when a newer one replaces it). */
export function disposeSnapshot(snapshot: ParamSnapshot): void {
  for (const tensor of snapshot.values()) tensor.dispose();
  snapshot.clear();
}
