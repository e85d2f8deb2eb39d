/**
 * The fused RNN (tanh) sequence kernels against the unfused engine (cells.ts's RNN step, tf ops, tfjs
 * autodiff) on the cpu backend: h for every step and both gradients, within 1e-4.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellStep } from '../cells';
import { startOpCounting } from '../opCounter';
import { useDawnWebGpu } from '../testing/dawn';
import { closeness } from '../testing/fixtures';
import { RNN_PACKED_HIDDEN, rnnSequence } from './rnnSequence';

beforeAll(async () => {
  await useDawnWebGpu();
});

interface Case {
  seqLength: number;
  batchSize: number;
  hidden: number;
}

/** Deterministic pseudo-random values in [−scale, scale]. */
function values(count: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state / 2147483648 - 0.5) * 2 * scale;
  }
  return out;
}

type Run = { h: Float32Array; dProjected: Float32Array; dKernel: Float32Array };

/** h of every step, and the gradients of Σ h ⊙ weights (every step's h gets a gradient). */
async function evaluate({ seqLength, batchSize, hidden }: Case, forward: (projected: tf.Tensor3D, kernelHh: tf.Tensor2D) => tf.Tensor3D): Promise<Run> {
  const projected = tf.tensor3d(values(seqLength * batchSize * hidden, 1, 2), [seqLength, batchSize, hidden]);
  // Scaled by 1/√H so the state stays away from tanh's flat ends and the gradients carry over many steps.
  const kernelHh = tf.tensor2d(values(hidden * hidden, 2, 1.5 / Math.sqrt(hidden)), [hidden, hidden]);
  const weightH = tf.tensor3d(values(seqLength * batchSize * hidden, 3, 1), [seqLength, batchSize, hidden]);
  const h = forward(projected, kernelHh);
  const [dProjected, dKernel] = tf.grads((p: tf.Tensor, k: tf.Tensor) => tf.sum(tf.mul(forward(p as tf.Tensor3D, k as tf.Tensor2D), weightH)) as tf.Scalar)([projected, kernelHh]);
  const run = { h: (await h.data()) as Float32Array, dProjected: (await dProjected.data()) as Float32Array, dKernel: (await dKernel.data()) as Float32Array };
  tf.dispose([projected, kernelHh, weightH, h, dProjected, dKernel]);
  return run;
}

function fused(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  const [seqLength, batchSize, hidden] = projected.shape;
  return tf.slice(rnnSequence(projected, kernelHh), [0, 0, RNN_PACKED_HIDDEN * hidden], [seqLength, batchSize, hidden]);
}

function unfused(projected: tf.Tensor3D, kernelHh: tf.Tensor2D): tf.Tensor3D {
  const [seqLength, , hidden] = projected.shape;
  const weights = { cell: 'rnn' as const, hiddenSize: hidden, kernelHh };
  // A reshape for one step: tfjs's unstack gradient cannot take a single step (see recurrentLayer.ts).
  const steps = seqLength === 1 ? [tf.reshape(projected, projected.shape.slice(1) as [number, number]) as tf.Tensor2D] : (tf.unstack(projected) as tf.Tensor2D[]);
  const hs: tf.Tensor2D[] = [];
  let state: { h: tf.Tensor2D | null; c: tf.Tensor2D | null } = { h: null, c: null };
  for (let t = 0; t < seqLength; t++) {
    const result = cellStep(weights, steps[t], state, false);
    hs.push(result.h);
    state = { h: result.h, c: null };
  }
  return tf.stack(hs) as tf.Tensor3D;
}

function expectClose(label: string, actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const result = closeness(actual, expected);
  expect(result.failures, `${label}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
}

const CASES: Case[] = [
  { seqLength: 7, batchSize: 5, hidden: 16 },
  { seqLength: 2, batchSize: 3, hidden: 8 },
  // 200 is not a multiple of the 128 threads, so an invocation owns units in two different rows; 9 rows do
  // not divide into the workgroups' four.
  { seqLength: 4, batchSize: 9, hidden: 200 },
];

describe('fused RNN sequence kernels on webgpu', () => {
  for (const testCase of CASES) {
    it(`T ${testCase.seqLength}, B ${testCase.batchSize}, H ${testCase.hidden}: h and both gradients equal the unfused cpu path`, async () => {
      const got = await evaluate(testCase, fused);
      await tf.setBackend('cpu');
      let want: Run;
      try {
        want = await evaluate(testCase, unfused);
      } finally {
        await tf.setBackend('webgpu');
      }
      expectClose('h', got.h, want.h);
      expectClose('∂projected', got.dProjected, want.dProjected);
      expectClose('∂W_hhᵀ', got.dKernel, want.dKernel);
      // Not a degenerate case: the recurrence carried gradient into W_hh.
      expect(Math.max(...want.dKernel.map(Math.abs))).toBeGreaterThan(1e-3);
    });
  }

  it('runs a layer forward in one dispatch, whatever T', async () => {
    const hidden = 8;
    for (const seqLength of [3, 11]) {
      const projected = tf.randomNormal([seqLength, 4, hidden]) as tf.Tensor3D;
      const kernelHh = tf.randomNormal([hidden, hidden]) as tf.Tensor2D;
      await projected.data();
      await kernelHh.data();
      const counter = startOpCounting();
      const packed = rnnSequence(projected, kernelHh);
      const counts = counter.read();
      counter.stop();
      expect(counts).toEqual({ kernels: 1, dispatches: 1 });
      tf.dispose([projected, kernelHh, packed]);
    }
  });
});
