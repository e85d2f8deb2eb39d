/**
 * The Dawn suite every fused sequence kernel (webgpu/lstmSequence.ts, rnnSequence.ts, gruSequence.ts) runs:
 * its states for every step and every input's gradient against the unfused engine (cells.ts's step, tf ops,
 * tfjs autodiff) on the cpu backend, within 1e-4, W_hh read from storage and from a texture; and one dispatch of the
 * recurrence per layer forward, whatever T.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellStep, type RecurrentWeights } from '../cells';
import { startOpCounting } from '../opCounter';
import { WEIGHT_TEXTURE_MIN_STEPS } from '../webgpu/sequenceKernel';
import { useDawnWebGpu } from './dawn';
import { closeness } from './fixtures';

/** The states a kernel produces for every step, `[T, B, H]` each (LSTM: h and c; RNN, GRU: h). */
export type SequenceStates = Record<string, tf.Tensor3D>;

/** The inputs of one direction: `projected [T, B, G·H]`, `kernelHh [H, G·H]`, and b_hh `[G·H]` for GRU. */
export interface SequenceInputs {
  projected: tf.Tensor3D;
  kernelHh: tf.Tensor2D;
  biasHh?: tf.Tensor1D;
}

/** One fused kernel under test. */
export interface SequenceKernelUnderTest {
  title: string;
  cell: 'lstm' | 'rnn' | 'gru';
  gates: number;
  /** Scale of W_hhᵀ's entries for hidden size H: small enough that the state stays off tanh's flat ends. */
  kernelScale: (hidden: number) => number;
  /** The forward kernel's name in tfjs's registry. */
  kernelName: string;
  /** The fused kernel: the packed result of one direction. */
  run: (inputs: SequenceInputs) => tf.Tensor3D;
  /** The states checked, in this order (each gets its own loss weights), and how to read them from `packed`. */
  stateNames: string[];
  states: (packed: tf.Tensor3D) => SequenceStates;
  /** The per-op step's weights for these inputs (GRU: b_hn, with b_hr and b_hz folded into `projected` by `foldBias`). */
  foldBias?: (inputs: SequenceInputs, hidden: number) => { projected: tf.Tensor3D; weights: Partial<RecurrentWeights> };
}

interface Case {
  seqLength: number;
  batchSize: number;
  hidden: number;
}

const CASES: Case[] = [
  { seqLength: 7, batchSize: 5, hidden: 16 },
  { seqLength: 2, batchSize: 3, hidden: 8 },
  // 200 is not a multiple of the 64 threads, so invocations own different numbers of units and the backward
  // pass's pairs of units run past H; 9 rows do not divide into the workgroups' five (LSTM) or eight.
  { seqLength: 4, batchSize: 9, hidden: 200 },
  // 37 is not a multiple of four: the kernels read h and ∂recurrent as vec4s, so the padding of each row (and,
  // for GRU and RNN, of G·H) must add nothing; 11 rows do not divide into the workgroups' eight.
  { seqLength: 3, batchSize: 11, hidden: 37 },
  // From WEIGHT_TEXTURE_MIN_STEPS (12) steps on, the kernels read W_hhᵀ from a texture (webgpu/weightTexture.ts):
  // 37 leaves both layouts ragged (H rows of four, G columns of four), 128 is the names models' size.
  { seqLength: 13, batchSize: 6, hidden: 37 },
  { seqLength: 12, batchSize: 10, hidden: 128 },
];

/** Deterministic pseudo-random values in [−scale, scale]. */
export function deterministicValues(count: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state / 2147483648 - 0.5) * 2 * scale;
  }
  return out;
}

/** Assert two arrays equal within 1e-4 (absolute or relative), naming the first failure. */
export function expectClose(label: string, actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const result = closeness(actual, expected);
  expect(result.failures, `${label}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
}

/** The unfused path: cells.ts's step over every timestep, states stacked `[T, B, H]`. */
function unfused(under: SequenceKernelUnderTest, inputs: SequenceInputs): SequenceStates {
  const hidden = inputs.kernelHh.shape[0];
  const folded = under.foldBias ? under.foldBias(inputs, hidden) : { projected: inputs.projected, weights: {} };
  const weights: RecurrentWeights = { cell: under.cell, hiddenSize: hidden, kernelHh: inputs.kernelHh, ...folded.weights };
  const { projected } = folded;
  const seqLength = projected.shape[0];
  // A reshape for one step: tfjs's unstack gradient cannot take a single step (see recurrentLayer.ts).
  const steps = seqLength === 1 ? [tf.reshape(projected, projected.shape.slice(1) as [number, number]) as tf.Tensor2D] : (tf.unstack(projected) as tf.Tensor2D[]);
  const hs: tf.Tensor2D[] = [];
  const cs: tf.Tensor2D[] = [];
  let state: { h: tf.Tensor2D | null; c: tf.Tensor2D | null } = { h: null, c: null };
  for (let t = 0; t < seqLength; t++) {
    const result = cellStep(weights, steps[t], state, false);
    hs.push(result.h);
    if (result.c) cs.push(result.c);
    state = { h: result.h, c: result.c };
  }
  return cs.length === 0 ? { h: tf.stack(hs) as tf.Tensor3D } : { h: tf.stack(hs) as tf.Tensor3D, c: tf.stack(cs) as tf.Tensor3D };
}

type Run = Record<string, Float32Array>;

/** Every state, and the gradients of Σ state ⊙ weights (each state of each step gets its own weights). */
async function evaluate(under: SequenceKernelUnderTest, { seqLength, batchSize, hidden }: Case, forward: (inputs: SequenceInputs) => SequenceStates): Promise<Run> {
  const gateWidth = under.gates * hidden;
  const projected = tf.tensor3d(deterministicValues(seqLength * batchSize * gateWidth, 1, 2), [seqLength, batchSize, gateWidth]);
  const kernelHh = tf.tensor2d(deterministicValues(hidden * gateWidth, 2, under.kernelScale(hidden)), [hidden, gateWidth]);
  const biasHh = under.cell === 'gru' ? tf.tensor1d(deterministicValues(gateWidth, 5, 0.5)) : undefined;
  const { stateNames } = under;
  const lossWeights = stateNames.map((_, index) => tf.tensor3d(deterministicValues(seqLength * batchSize * hidden, 3 + index, 1), [seqLength, batchSize, hidden]));
  const states = forward({ projected, kernelHh, biasHh });
  const loss = (...args: tf.Tensor[]): tf.Scalar => {
    const [p, k, bias] = args;
    const out = forward({ projected: p as tf.Tensor3D, kernelHh: k as tf.Tensor2D, biasHh: bias as tf.Tensor1D | undefined });
    return tf.addN(stateNames.map((name, index) => tf.sum(tf.mul(out[name], lossWeights[index])))) as tf.Scalar;
  };
  const variables = biasHh ? [projected, kernelHh, biasHh] : [projected, kernelHh];
  const gradients = tf.grads(loss)(variables);
  const run: Run = {};
  for (const name of stateNames) run[name] = (await states[name].data()) as Float32Array;
  const gradientNames = ['∂projected', '∂W_hhᵀ', '∂b_hh'];
  for (const [index, gradient] of gradients.entries()) run[gradientNames[index]] = (await gradient.data()) as Float32Array;
  tf.dispose([...variables, ...lossWeights, ...Object.values(states), ...gradients]);
  return run;
}

/** The suite: each case against the cpu per-op path, then the dispatch count. */
export function describeSequenceKernel(under: SequenceKernelUnderTest): void {
  beforeAll(async () => {
    await useDawnWebGpu();
  });

  describe(under.title, () => {
    for (const testCase of CASES) {
      it(`T ${testCase.seqLength}, B ${testCase.batchSize}, H ${testCase.hidden}: every state and every gradient equal the unfused cpu path`, async () => {
        const got = await evaluate(under, testCase, (inputs) => under.states(under.run(inputs)));
        await tf.setBackend('cpu');
        let want: Run;
        try {
          want = await evaluate(under, testCase, (inputs) => unfused(under, inputs));
        } finally {
          await tf.setBackend('webgpu');
        }
        expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
        for (const name of Object.keys(want)) expectClose(name, got[name], want[name]);
        // Not a degenerate case: the recurrence carried gradient into W_hh.
        expect(want['∂W_hhᵀ'].reduce((largest, value) => Math.max(largest, Math.abs(value)), 0)).toBeGreaterThan(1e-3);
      });
    }

    it('runs a layer forward in one dispatch of the recurrence, whatever T, after one copying W_hh into a texture from 12 steps on', async () => {
      const hidden = 8;
      for (const seqLength of [3, WEIGHT_TEXTURE_MIN_STEPS - 1, WEIGHT_TEXTURE_MIN_STEPS, 30]) {
        const projected = tf.randomNormal([seqLength, 4, under.gates * hidden]) as tf.Tensor3D;
        const kernelHh = tf.randomNormal([hidden, under.gates * hidden]) as tf.Tensor2D;
        const biasHh = under.cell === 'gru' ? (tf.randomNormal([under.gates * hidden]) as tf.Tensor1D) : undefined;
        const inputs = [projected, kernelHh, ...(biasHh ? [biasHh] : [])];
        for (const input of inputs) await input.data();
        const counter = startOpCounting();
        const packed = under.run({ projected, kernelHh, biasHh });
        const counts = counter.read();
        const tally = counter.byKernel();
        counter.stop();
        // Uploads are left out: the random inputs still live in JavaScript and go to the GPU during the call.
        expect({ kernels: counts.kernels, dispatches: counts.dispatches }).toEqual({ kernels: 1, dispatches: seqLength >= WEIGHT_TEXTURE_MIN_STEPS ? 2 : 1 });
        expect(tally[under.kernelName]).toBe(1);
        tf.dispose([...inputs, packed]);
      }
    });
  });
}
