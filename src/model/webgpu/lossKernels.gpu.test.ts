/**
 * The fused loss-side kernels on webgpu against tfjs's per-op arithmetic on the cpu backend, in the cases a
 * names-LSTM step does not reach: the loss and norm over more gradient tensors than one dispatch takes
 * (chained dispatches), and log-softmax + NLL over more rows than the kernel's threads, with a label outside
 * the classes (which picks nothing, as tf.oneHot does).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lossAndGlobalNorm } from '../clipping';
import { crossEntropyFromLogits } from '../loss';
import { startOpCounting } from '../opCounter';
import { useDawnWebGpu } from '../testing/dawn';
import { closeness } from '../testing/fixtures';
import { setFusedKernelsEnabled } from './fusion';
import { GRADS_PER_DISPATCH, LOSS_AND_NORM_KERNEL } from './gradNorm';
import { LOG_SOFTMAX_NLL_KERNEL } from './logSoftmaxNll';

beforeAll(async () => {
  await useDawnWebGpu();
});

function values(count: number, seed: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.sin(i * 0.731 + seed * 1.37) * (1 + (seed % 3)));
}

/** Thirteen gradients of assorted shapes (three dispatches of six), 1 to 70,000 elements. */
const GRAD_SHAPES = [[57, 512], [128, 512], [512], [512], [128, 18], [18], [1], [3, 5, 7], [70000], [2, 2], [9], [100, 100], [33]];

async function lossAndNorm(): Promise<Float32Array> {
  const loss = tf.scalar(2.5);
  const grads = GRAD_SHAPES.map((shape, i) => tf.tensor(values(shape.reduce((a, b) => a * b, 1), i), shape));
  const both = lossAndGlobalNorm(loss, grads);
  const out = (await both.data()) as Float32Array;
  tf.dispose([loss, both, ...grads]);
  return out;
}

const LABELS = Int32Array.from({ length: 100 }, (_, b) => (b === 17 ? -1 : (b * 5) % 7));

/** Loss and ∂loss/∂logits for 100 rows × 7 classes. */
async function crossEntropy(): Promise<{ loss: Float32Array; grad: Float32Array }> {
  const logits = tf.tensor2d(values(700, 4).map((v) => 3 * v), [100, 7]);
  const value = crossEntropyFromLogits(logits, LABELS);
  const [grad] = tf.grads((x: tf.Tensor) => crossEntropyFromLogits(x as tf.Tensor2D, LABELS))([logits]);
  const out = { loss: (await value.data()) as Float32Array, grad: (await grad.data()) as Float32Array };
  tf.dispose([logits, value, grad]);
  return out;
}

async function onCpu<T>(run: () => Promise<T>): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return await run();
  } finally {
    await tf.setBackend('webgpu');
  }
}

describe('fused loss kernels on webgpu', () => {
  it(`loss and global norm over ${GRAD_SHAPES.length} gradients: ⌈n/${GRADS_PER_DISPATCH}⌉ chained dispatches, the per-op value`, async () => {
    const counter = startOpCounting();
    const got = await lossAndNorm();
    const calls = counter.byKernel()[LOSS_AND_NORM_KERNEL];
    counter.stop();
    expect(calls).toBe(Math.ceil(GRAD_SHAPES.length / GRADS_PER_DISPATCH));
    const want = await onCpu(lossAndNorm);
    expect(want[1]).toBeGreaterThan(100);
    const result = closeness(got, want, 1e-5);
    expect(result.failures, `${got} vs ${want}`).toBe(0);
  });

  it('log-softmax + NLL over 100 rows with a label outside the classes: the per-op loss and gradient', async () => {
    const counter = startOpCounting();
    const got = await crossEntropy();
    const calls = counter.byKernel()[LOG_SOFTMAX_NLL_KERNEL] ?? 0;
    counter.stop();
    expect(calls).toBeGreaterThan(0);
    setFusedKernelsEnabled(false);
    let perOp: { loss: Float32Array; grad: Float32Array };
    try {
      perOp = await crossEntropy();
    } finally {
      setFusedKernelsEnabled(true);
    }
    for (const [label, a, b] of [['loss', got.loss, perOp.loss], ['∂logits', got.grad, perOp.grad]] as const) {
      const result = closeness(a, b, 1e-5);
      expect(result.failures, `${label}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
    }
    // The out-of-range label's row gets no gradient; the others do.
    expect(Math.max(...perOp.grad.slice(17 * 7, 18 * 7).map(Math.abs))).toBe(0);
    expect(Math.max(...perOp.grad.slice(0, 7).map(Math.abs))).toBeGreaterThan(1e-4);
  });
});
