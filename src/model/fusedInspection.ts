/**
 * What Inspect reads from a direction that ran on the fused sequence kernels (webgpu/*Sequence.ts,
 * webgl/*Sequence.ts): every step's gates and states, sliced from the kernel's packed result, and ∂L/∂h_t
 * probes, which the per-step path adds to h_t inside its loop but a fused kernel has no place for.
 *
 * Probes. The per-step path computes h_t' = h_t + p_t and feeds h_t' to step t+1. With p = 0 (all Inspect
 * uses), ∂L/∂p_t is ∂L/∂h_t, counting every later step's dependence on h_t. A fused kernel feeds its own
 * h_t to step t+1, so a probe enters from outside, at the two places h_t goes:
 *  - downstream reads (the next layer, the final state): `hiddenAddition`, added to h_t in the packed result;
 *  - the next step's recurrent product h_t·W_hhᵀ: `projectedAddition`, added to step t+1's input projection.
 * LSTM and RNN: h_t enters step t+1 only through h_t·W_hhᵀ, so adding p_t·W_hhᵀ to projected_{t+1} is the
 * per-step path exactly, for any p. GRU: h_{t+1} = (1 − z)⊙n + z⊙h_t also reads h_t directly, and n reads
 * r⊙(h_t·W_hnᵀ + b_hn); with r and z taken from a first run of the kernel (constants), the perturbation
 * carried to h_t is e_t = p_t + z_t⊙e_{t−1}, and projected_{t+1} gains e_t·W_hrᵀ, e_t·W_hzᵀ, r_{t+1}⊙(e_t·W_hnᵀ).
 * That matches the per-step path to first order in p, so its gradient at p = 0 is the same ∂L/∂h_t.
 */
import * as tf from '@tensorflow/tfjs';
import type { RecordedSequence } from './cells';
import { stopGradient } from './stopGradient';

/** Where a cell's packed result keeps what Inspect shows, in units of H. */
export interface PackedLayout {
  /** Activated gates by name (PyTorch's order): block offsets. */
  gates: Record<string, number>;
  hidden: number;
  cell: number | null;
  /** GRU: h W_hnᵀ + b_hn. */
  recurrentNew: number | null;
  width: number;
  /** h_t reads h_{t−1} other than through h_{t−1}·W_hhᵀ (GRU: z ⊙ h_{t−1} and r ⊙ (h_{t−1}·W_hnᵀ)). */
  readsPreviousDirectly: boolean;
}

/**
 * The recording of a direction, sliced from its `packed [T, B, width·H]`: one slice per quantity over all steps
 * (not one per step), put back in original time order when the direction ran `reversed`.
 */
export function sequenceFromPacked(packed: tf.Tensor3D, layout: PackedLayout, hiddenSize: number, reversed: boolean): RecordedSequence {
  const [seqLength, batch] = packed.shape;
  const block = (offset: number) => {
    const sliced = tf.slice(packed, [0, 0, offset * hiddenSize], [seqLength, batch, hiddenSize]);
    return reversed ? tf.reverse(sliced, 0) : sliced;
  };
  return {
    h: block(layout.hidden),
    c: layout.cell === null ? null : block(layout.cell),
    gates: Object.fromEntries(Object.entries(layout.gates).map(([name, offset]) => [name, block(offset)])),
    recurrentNew: layout.recurrentNew === null ? null : block(layout.recurrentNew),
  };
}

/** What probes add to a fused direction's input and result (see the module comment). */
export interface ProbeAdditions {
  /** Added to the kernel's input projection `[T·B, G·H]`. */
  projectedAddition: tf.Tensor2D;
  /** Added to h_t in the packed result, `[T, B, width·H]` (zero outside the h block). */
  packedAddition: tf.Tensor3D;
}

/**
 * The additions for `probes` (one `[B, H]` per processing step) to a direction with recurrent kernel
 * `kernelHh [H, G·H]` (W_hhᵀ). `firstRun` runs the kernel on the unprobed input; it is called only for a layout
 * that `readsPreviousDirectly` (the GRU), for r and z.
 */
export function probeAdditions(probes: tf.Tensor2D[], kernelHh: tf.Tensor2D, layout: PackedLayout, firstRun: () => tf.Tensor3D): ProbeAdditions {
  const seqLength = probes.length;
  const [batch, hiddenSize] = probes[0].shape;
  const width = kernelHh.shape[1];
  // e_t: the perturbation of h_t that downstream reads and step t+1 see.
  let carried: tf.Tensor2D[] = probes;
  let reset: tf.Tensor3D | null = null;
  if (layout.readsPreviousDirectly) {
    const constant = stopGradient(firstRun());
    const gate = (name: string) => tf.slice(constant, [0, 0, layout.gates[name] * hiddenSize], [seqLength, batch, hiddenSize]);
    const update = tf.unstack(gate('z')) as tf.Tensor2D[];
    reset = gate('r');
    carried = [];
    for (let step = 0; step < seqLength; step++) carried.push(step === 0 ? probes[0] : tf.add(probes[step], tf.mul(update[step], carried[step - 1])));
  }
  const zeroStep = tf.zeros([1, batch, hiddenSize]);
  const previous = seqLength === 1 ? zeroStep : tf.concat([zeroStep, tf.stack(carried.slice(0, seqLength - 1))], 0);
  let projectedAddition = tf.reshape(tf.matMul(tf.reshape(previous, [seqLength * batch, hiddenSize]), kernelHh), [seqLength, batch, width]) as tf.Tensor3D;
  if (reset) {
    // n's recurrent part is scaled by r of the step it enters.
    const [resetUpdate, fresh] = tf.split(projectedAddition, [2 * hiddenSize, hiddenSize], 2);
    projectedAddition = tf.concat([resetUpdate, tf.mul(reset, fresh)], 2) as tf.Tensor3D;
  }
  const hidden = seqLength === 1 ? tf.reshape(carried[0], [1, batch, hiddenSize]) : tf.stack(carried);
  const before = layout.hidden * hiddenSize;
  const after = (layout.width - layout.hidden - 1) * hiddenSize;
  return {
    projectedAddition: tf.reshape(projectedAddition, [seqLength * batch, width]) as tf.Tensor2D,
    packedAddition: tf.pad(hidden, [[0, 0], [0, 0], [before, after]]) as tf.Tensor3D,
  };
}
