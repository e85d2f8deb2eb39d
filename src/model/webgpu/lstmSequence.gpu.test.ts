/**
 * The fused LSTM kernels against the unfused engine (cells.ts's LSTM step, tf ops, tfjs autodiff) on the
 * cpu backend: forward h and c for every step and both gradients, within 1e-4.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellStep } from '../cells';
import { startOpCounting } from '../opCounter';
import { useDawnWebGpu } from '../testing/dawn';
import { closeness } from '../testing/fixtures';
import { PACKED_CELL, PACKED_HIDDEN, lstmSequence, packedPart } from './lstmSequence';

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

/** Loss weights on h and c of every step, so both gradient paths (through h and through c) are exercised. */
function inputsOf({ seqLength, batchSize, hidden }: Case) {
  return {
    projected: values(seqLength * batchSize * 4 * hidden, 1, 2),
    kernelHh: values(hidden * 4 * hidden, 2, 0.4),
    weightH: values(seqLength * batchSize * hidden, 3, 1),
    weightC: values(seqLength * batchSize * hidden, 4, 1),
  };
}

type Run = { h: Float32Array; c: Float32Array; dProjected: Float32Array; dKernel: Float32Array };

async function evaluate(testCase: Case, forward: (projected: tf.Tensor3D, kernelHh: tf.Tensor2D) => { h: tf.Tensor3D; c: tf.Tensor3D }): Promise<Run> {
  const { seqLength, batchSize, hidden } = testCase;
  const data = inputsOf(testCase);
  const projected = tf.tensor3d(data.projected, [seqLength, batchSize, 4 * hidden]);
  const kernelHh = tf.tensor2d(data.kernelHh, [hidden, 4 * hidden]);
  const weightH = tf.tensor3d(data.weightH, [seqLength, batchSize, hidden]);
  const weightC = tf.tensor3d(data.weightC, [seqLength, batchSize, hidden]);
  const { h, c } = forward(projected, kernelHh);
  const loss = (p: tf.Tensor, k: tf.Tensor) => {
    const out = forward(p as tf.Tensor3D, k as tf.Tensor2D);
    return tf.add(tf.sum(tf.mul(out.h, weightH)), tf.sum(tf.mul(out.c, weightC))) as tf.Scalar;
  };
  const [dProjected, dKernel] = tf.grads(loss)([projected, kernelHh]);
  const run = {
    h: (await h.data()) as Float32Array,
    c: (await c.data()) as Float32Array,
    dProjected: (await dProjected.data()) as Float32Array,
    dKernel: (await dKernel.data()) as Float32Array,
  };
  tf.dispose([projected, kernelHh, weightH, weightC, h, c, dProjected, dKernel]);
  return run;
}

function fused(projected: tf.Tensor3D, kernelHh: tf.Tensor2D) {
  const packed = lstmSequence(projected, kernelHh);
  return { h: packedPart(packed, PACKED_HIDDEN), c: packedPart(packed, PACKED_CELL) };
}

function unfused(projected: tf.Tensor3D, kernelHh: tf.Tensor2D) {
  const [seqLength, , width] = projected.shape;
  const weights = { cell: 'lstm' as const, hiddenSize: width / 4, kernelHh };
  // A reshape for one step: tfjs's unstack gradient cannot take a single step (see recurrentLayer.ts).
  const steps = seqLength === 1 ? [tf.reshape(projected, projected.shape.slice(1) as [number, number]) as tf.Tensor2D] : (tf.unstack(projected) as tf.Tensor2D[]);
  const hs: tf.Tensor2D[] = [];
  const cs: tf.Tensor2D[] = [];
  let state: { h: tf.Tensor2D | null; c: tf.Tensor2D | null } = { h: null, c: null };
  for (let t = 0; t < seqLength; t++) {
    const result = cellStep(weights, steps[t], state, false);
    hs.push(result.h);
    cs.push(result.c!);
    state = { h: result.h, c: result.c };
  }
  return { h: tf.stack(hs) as tf.Tensor3D, c: tf.stack(cs) as tf.Tensor3D };
}

function expectClose(label: string, actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const result = closeness(actual, expected);
  expect(result.failures, `${label}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
}

const CASES: Case[] = [
  { seqLength: 7, batchSize: 5, hidden: 16 },
  { seqLength: 2, batchSize: 3, hidden: 8 },
  // Hidden 128 with a batch that does not divide into the workgroups' rows; 200 is not a multiple of the
  // 128 threads, so an invocation owns units in two different rows.
  { seqLength: 4, batchSize: 9, hidden: 200 },
];

describe('fused LSTM sequence kernels on webgpu', () => {
  for (const testCase of CASES) {
    it(`T ${testCase.seqLength}, B ${testCase.batchSize}, H ${testCase.hidden}: h, c and both gradients equal the unfused cpu path`, async () => {
      const got = await evaluate(testCase, fused);
      await tf.setBackend('cpu');
      let want: Run;
      try {
        want = await evaluate(testCase, unfused);
      } finally {
        await tf.setBackend('webgpu');
      }
      expectClose('h', got.h, want.h);
      expectClose('c', got.c, want.c);
      expectClose('∂projected', got.dProjected, want.dProjected);
      expectClose('∂W_hhᵀ', got.dKernel, want.dKernel);
    });
  }

  it('runs a layer forward in one dispatch of the recurrence, whatever T', async () => {
    const hidden = 8;
    for (const seqLength of [3, 11]) {
      const projected = tf.randomNormal([seqLength, 4, 4 * hidden]) as tf.Tensor3D;
      const kernelHh = tf.randomNormal([hidden, 4 * hidden]) as tf.Tensor2D;
      await projected.data();
      await kernelHh.data();
      const counter = startOpCounting();
      const packed = lstmSequence(projected, kernelHh);
      const counts = counter.read();
      counter.stop();
      expect(counts).toEqual({ kernels: 1, dispatches: 1 });
      tf.dispose([projected, kernelHh, packed]);
    }
  });
});
