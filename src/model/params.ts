/**
 * The model's parameters under PyTorch's names and shapes (`rnn.weight_ih_l0` [G·H, in], …; the table
 * is architecture.ts's `paramSpecs`), stored as tfjs variables. 2-D weights that feed a matmul are
 * stored TRANSPOSED (`[in, G·H]`, Keras's "kernel"): on the WASM backend a matMul with transposeA/transposeB is 5-13x slower than a plain one (measured:
 * 64×128·128×512 plain 0.66 ms, transposeB 4.2 ms), so the forward pass must never ask for one. Names,
 * shapes in summaries, import and export all use PyTorch's layout; only storage differs.
 */
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../data/random';
import { charLmParamSpecs, isCharLmConfig, isMemoryConfig, memoryGateRows, memoryParamSpecs, paramSpecs, parameterRow, sizeOf, validateCharLmConfig, validateMemoryConfig, validateModelConfig, type ParamInit, type ParamSpec } from './architecture';
import type { CharLmConfig, MemoryModelConfig, ModelConfig, ParameterRow } from './types';

/** Row-major `[rows, cols]` → `[cols, rows]`, in JS (used only at load/save time). */
export function transposeValues(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

function storedShape(spec: ParamSpec): number[] {
  return spec.transposed ? [spec.torchShape[1], spec.torchShape[0]] : spec.torchShape;
}

function normalValues(count: number, random: SeededRandom): Float32Array {
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

/**
 * Blocks of `blockRows` rows × `cols`, each with orthonormal rows: Gram–Schmidt on Gaussian rows (the Q of
 * a QR decomposition with a positive diagonal, as Keras's Orthogonal initialiser makes; needs blockRows ≤ cols).
 */
export function orthogonalValues(rows: number, cols: number, blockRows: number, random: SeededRandom): Float32Array {
  const values = new Float64Array(normalValues(rows * cols, random));
  for (let block = 0; block < rows; block += blockRows) {
    for (let r = block; r < block + blockRows; r++) {
      const row = values.subarray(r * cols, (r + 1) * cols);
      for (let q = block; q < r; q++) {
        const previous = values.subarray(q * cols, (q + 1) * cols);
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += row[c] * previous[c];
        for (let c = 0; c < cols; c++) row[c] -= dot * previous[c];
      }
      const norm = Math.hypot(...row);
      for (let c = 0; c < cols; c++) row[c] /= norm;
    }
  }
  return new Float32Array(values);
}

/** PyTorch's uniform draw for a recurrent bias, then the memory gate's rows set by the lever. */
function gateBiasValues(init: Extract<ParamInit, { kind: 'gateBias' }>, count: number, random: SeededRandom): Float32Array {
  const values = random.uniformArray(count, init.bound);
  const rows = memoryGateRows(init.cell, init.hiddenSize);
  if (init.side === 'hh') {
    values.fill(0, ...rows.gate);
    if (init.gateBias === 'chrono' && rows.input) values.fill(0, ...rows.input);
    return values;
  }
  for (let unit = 0; unit < init.hiddenSize; unit++) {
    // chrono: log u with u ~ U(1, span) per unit, drawn after the uniform ones so the other rows are PyTorch's.
    const value = init.gateBias === 'chrono' ? Math.log(1 + random.nextFloat() * (init.chronoMaxSpan - 1)) : Number(init.gateBias);
    values[rows.gate[0] + unit] = value;
    if (init.gateBias === 'chrono' && rows.input) values[rows.input[0] + unit] = -value;
  }
  return values;
}

function initialValues(spec: ParamSpec, random: SeededRandom): Float32Array {
  const count = sizeOf(spec.torchShape);
  switch (spec.init.kind) {
    case 'uniform':
      return random.uniformArray(count, spec.init.bound);
    case 'normal':
      return normalValues(count, random);
    case 'orthogonal':
      return orthogonalValues(spec.torchShape[0], spec.torchShape[1], spec.init.blockRows, random);
    case 'gateBias':
      return gateBiasValues(spec.init, count, random);
  }
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

  /** A classifier's, a character LM's or a memory-lab model's parameters (architecture.ts's tables), drawn from `seed`. */
  constructor(config: ModelConfig | CharLmConfig | MemoryModelConfig, seed: number) {
    if (isMemoryConfig(config)) {
      validateMemoryConfig(config);
      this.specs = memoryParamSpecs(config);
    } else if (isCharLmConfig(config)) {
      validateCharLmConfig(config);
      this.specs = charLmParamSpecs(config);
    } else {
      validateModelConfig(config);
      this.specs = paramSpecs(config);
    }
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
    return this.specs.map(parameterRow);
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
