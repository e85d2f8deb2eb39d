/**
 * The fused WebGL recurrent layers (webgl/lstmSequence.ts, rnnSequence.ts, gruSequence.ts) on a sequence longer than one
 * stacking draw takes (T = 37 > 16 parts: the stacking tree, which PyTorch's fixtures, T ≤ 6, never reach) and
 * on a single step (no stacking; `[1, B, ·]` reshapes to `[B, ·]` without a copy, so the ∂W_hh row products read
 * the kernel's texels as they are), both with an odd batch and H not a multiple of four, against the same
 * recurrence written with tfjs's own ops on the same backend: the packed output and the gradients of a loss on the
 * state columns (LSTM c_t and h_t, RNN and GRU h_t) with respect to every input. Then whether repeated forward+backward
 * passes leave backend data (textures) behind: the kernels allocate and free their per-step textures themselves,
 * outside tfjs's tensor bookkeeping. Run by parity.html on webgl with fused kernels on.
 */
import * as tf from '@tensorflow/tfjs';
import { gruSequenceWebGl } from '../webgl/gruSequence';
import { lstmSequenceWebGl } from '../webgl/lstmSequence';
import { rnnSequenceWebGl } from '../webgl/rnnSequence';
import { GRU_PACKED } from '../webgpu/gruSequence';
import { LSTM_PACKED } from '../webgpu/lstmSequence';
import { RNN_PACKED } from '../webgpu/rnnSequence';

export interface WebGlSequenceCheck {
  /** Max |fused − reference| over both cases of the packed output, ∂loss/∂projected, ∂loss/∂W_hhᵀ and (GRU) ∂loss/∂b_hh. */
  output: number;
  dProjected: number;
  dKernelHh: number;
  /** 0 for a cell without b_hh of its own (the LSTM folds it into the projection). */
  dBiasHh: number;
  /** Backend data ids added by five more forward+backward passes whose results were disposed (0 = no leak). */
  leakedDataIds: number;
}

interface Case {
  steps: number;
  batch: number;
  hidden: number;
  /**
   * Inputs made by a packed op, as in training (webgl's Adam writes packed textures): b_hh then arrives as a
   * packed `[3H]` texture that the kernel must re-lay as its `[1, 3H]` row. Otherwise fresh, unpacked uploads.
   */
  packedInputs: boolean;
}

const CASES: Case[] = [
  { steps: 37, batch: 5, hidden: 6, packedInputs: true },
  { steps: 1, batch: 3, hidden: 4, packedInputs: false },
];

/** A cell as these checks run it: the fused kernel and its tfjs-ops reference take the same inputs. */
interface CheckedCell {
  gates: number;
  width: number;
  /** Packed columns (in units of H) that may carry a gradient: [from, to). */
  stateColumns: [number, number];
  hasBias: boolean;
  fused: (projected: tf.Tensor3D, kernelHh: tf.Tensor2D, biasHh: tf.Tensor1D) => tf.Tensor3D;
  reference: (projected: tf.Tensor3D, kernelHh: tf.Tensor2D, biasHh: tf.Tensor1D) => tf.Tensor3D;
}

/** Step t of `[T, B, W]` as `[B, W]`. */
function stepOf(sequence: tf.Tensor3D, t: number): tf.Tensor2D {
  const [, batch, width] = sequence.shape;
  return tf.reshape(tf.slice(sequence, [t, 0, 0], [1, batch, width]), [batch, width]);
}

/** The LSTM over all steps with tfjs's ops, packed like the fused kernel's result (gates, c_t, h_t, h_{t−1}). */
function lstmReference(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  const [steps, batch] = projected.shape;
  const hidden = kernelHh.shape[0];
  let h: tf.Tensor2D = tf.zeros([batch, hidden]);
  let c: tf.Tensor2D = tf.zeros([batch, hidden]);
  const rows: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const [i, f, g, o] = tf.split(tf.add(stepOf(projected, t), tf.matMul(h, kernelHh)), 4, 1);
    const gates = [tf.sigmoid(i), tf.sigmoid(f), tf.tanh(g), tf.sigmoid(o)];
    const cNext: tf.Tensor2D = tf.add(tf.mul(gates[1], c), tf.mul(gates[0], gates[2]));
    const hNext: tf.Tensor2D = tf.mul(gates[3], tf.tanh(cNext));
    rows.push(tf.concat([...gates, cNext, hNext, h], 1));
    h = hNext;
    c = cNext;
  }
  return tf.stack(rows) as tf.Tensor3D;
}

/** The RNN over all steps with tfjs's ops, packed like the fused kernel's result (h_t, h_{t−1}). */
function rnnReference(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  const [steps, batch] = projected.shape;
  let h: tf.Tensor2D = tf.zeros([batch, kernelHh.shape[0]]);
  const rows: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const hNext: tf.Tensor2D = tf.tanh(tf.add(stepOf(projected, t), tf.matMul(h, kernelHh)));
    rows.push(tf.concat([hNext, h], 1));
    h = hNext;
  }
  return tf.stack(rows) as tf.Tensor3D;
}

/** The GRU over all steps with tfjs's ops, packed like the fused kernel's result (r, z, n, h W_hnᵀ + b_hn, h_t, h_{t−1}). */
function gruReference(projected: tf.Tensor3D, kernelHh: tf.Tensor2D, biasHh: tf.Tensor1D): tf.Tensor3D {
  const [steps, batch] = projected.shape;
  const hidden = kernelHh.shape[0];
  let h: tf.Tensor2D = tf.zeros([batch, hidden]);
  const rows: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const [inputR, inputZ, inputN] = tf.split(stepOf(projected, t), 3, 1);
    const [recurrentR, recurrentZ, recurrentN] = tf.split(tf.add(tf.matMul(h, kernelHh), biasHh), 3, 1);
    const r = tf.sigmoid(tf.add(inputR, recurrentR));
    const z = tf.sigmoid(tf.add(inputZ, recurrentZ));
    const n = tf.tanh(tf.add(inputN, tf.mul(r, recurrentN)));
    const hNext: tf.Tensor2D = tf.add(n, tf.mul(z, tf.sub(h, n)));
    rows.push(tf.concat([r, z, n, recurrentN, hNext, h], 1));
    h = hNext;
  }
  return tf.stack(rows) as tf.Tensor3D;
}

const CELLS: Record<'lstm' | 'rnn' | 'gru', CheckedCell> = {
  lstm: {
    gates: 4,
    width: LSTM_PACKED.width,
    stateColumns: [LSTM_PACKED.cell, LSTM_PACKED.hidden + 1],
    hasBias: false,
    fused: (projected, kernelHh) => lstmSequenceWebGl(projected, kernelHh),
    reference: (projected, kernelHh) => lstmReference(projected, kernelHh),
  },
  rnn: {
    gates: 1,
    width: RNN_PACKED.width,
    stateColumns: [RNN_PACKED.hidden, RNN_PACKED.hidden + 1],
    hasBias: false,
    fused: (projected, kernelHh) => rnnSequenceWebGl(projected, kernelHh),
    reference: (projected, kernelHh) => rnnReference(projected, kernelHh),
  },
  gru: {
    gates: 3,
    width: GRU_PACKED.width,
    stateColumns: [GRU_PACKED.hidden, GRU_PACKED.hidden + 1],
    hasBias: true,
    fused: gruSequenceWebGl,
    reference: gruReference,
  },
};

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
}

function backendDataIds(): number {
  return tf.engine().backend.numDataIds();
}

function inputsFor(cell: CheckedCell, { steps, batch, hidden, packedInputs }: Case): [tf.Tensor3D, tf.Tensor2D, tf.Tensor1D] {
  const inputs: [tf.Tensor3D, tf.Tensor2D, tf.Tensor1D] = [
    tf.randomNormal([steps, batch, cell.gates * hidden], 0, 1, 'float32', 1) as tf.Tensor3D,
    tf.randomNormal([hidden, cell.gates * hidden], 0, 0.5, 'float32', 2) as tf.Tensor2D,
    tf.randomNormal([cell.gates * hidden], 0, 0.5, 'float32', 4) as tf.Tensor1D,
  ];
  if (!packedInputs) return inputs;
  // tfjs's WebGL adds run packed (WEBGL_PACK_BINARY_OPERATIONS), so each sum is a packed texture.
  return tf.tidy(() => inputs.map((input) => tf.add(input, tf.zerosLike(input))) as [tf.Tensor3D, tf.Tensor2D, tf.Tensor1D]);
}

function compare(cell: CheckedCell, shape: Case): Omit<WebGlSequenceCheck, 'leakedDataIds'> {
  return tf.tidy(() => {
    const { steps, batch, hidden } = shape;
    const inputs = inputsFor(cell, shape);
    // Only the state columns may carry a gradient (the kernels' contract): a random weighting of them.
    const [from, to] = cell.stateColumns;
    const stateColumns = tf.concat([tf.zeros([steps, batch, from * hidden]), tf.ones([steps, batch, (to - from) * hidden]), tf.zeros([steps, batch, (cell.width - to) * hidden])], 2);
    const weights = tf.mul(tf.randomNormal([steps, batch, cell.width * hidden], 0, 1, 'float32', 3), stateColumns);
    const lossOf = (run: CheckedCell['fused']) => (p: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(run(p as tf.Tensor3D, k as tf.Tensor2D, b as tf.Tensor1D), weights));
    // The LSTM's b_hh is folded into its projection: its kernels take no bias, so nothing leads from one to the loss.
    const differentiated = cell.hasBias ? inputs : inputs.slice(0, 2);
    const fusedGrads = tf.grads(lossOf(cell.fused))(differentiated);
    const referenceGrads = tf.grads(lossOf(cell.reference))(differentiated);
    return {
      output: maxAbsDifference(cell.fused(...inputs), cell.reference(...inputs)),
      dProjected: maxAbsDifference(fusedGrads[0], referenceGrads[0]),
      dKernelHh: maxAbsDifference(fusedGrads[1], referenceGrads[1]),
      dBiasHh: cell.hasBias ? maxAbsDifference(fusedGrads[2], referenceGrads[2]) : 0,
    };
  });
}

function checkCell(cell: CheckedCell): WebGlSequenceCheck {
  const results = CASES.map((shape) => compare(cell, shape));
  const worst = (key: keyof Omit<WebGlSequenceCheck, 'leakedDataIds'>) => Math.max(...results.map((one) => one[key]));
  const inputs = inputsFor(cell, CASES[0]);
  const biasHh = inputs[2];
  const loss = (...xs: tf.Tensor[]) => tf.sum(cell.fused(xs[0] as tf.Tensor3D, xs[1] as tf.Tensor2D, (xs[2] as tf.Tensor1D | undefined) ?? biasHh));
  const pass = () => tf.grads(loss)(cell.hasBias ? inputs : inputs.slice(0, 2)).forEach((grad) => grad.dispose());
  pass();
  const before = backendDataIds();
  for (let repeat = 0; repeat < 5; repeat++) pass();
  const leakedDataIds = backendDataIds() - before;
  tf.dispose(inputs);
  return { output: worst('output'), dProjected: worst('dProjected'), dKernelHh: worst('dKernelHh'), dBiasHh: worst('dBiasHh'), leakedDataIds };
}

/** Each fused WebGL cell against its tfjs-ops reference (see above). */
export function checkWebGlSequences(): Record<'lstm' | 'rnn' | 'gru', WebGlSequenceCheck> {
  return { lstm: checkCell(CELLS.lstm), rnn: checkCell(CELLS.rnn), gru: checkCell(CELLS.gru) };
}
