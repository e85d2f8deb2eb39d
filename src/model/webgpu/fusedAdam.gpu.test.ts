/**
 * The fused Adam update on webgpu against tfjs's own Adam on the cpu backend: the same weights after
 * several steps with changing gradients, within 1e-4, in one dispatch per weight tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startOpCounting } from '../opCounter';
import { createOptimizer } from '../optimizers';
import { useDawnWebGpu } from '../testing/dawn';
import { closeness } from '../testing/fixtures';
import { ADAM_UPDATE_KERNEL, FusedAdam } from './fusedAdam';

beforeAll(async () => {
  await useDawnWebGpu();
});

const SHAPES: Record<string, number[]> = { fusedAdamWeight: [40, 30], fusedAdamBias: [30] };
const STEPS = 5;

/** Deterministic gradients that change sign and scale from step to step. */
function gradient(name: string, step: number): tf.Tensor {
  const shape = SHAPES[name];
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.37 + step * 1.3 + name.length) * (1 + step)), shape);
}

async function train(optimizer: tf.Optimizer, prefix: string): Promise<Record<string, Float32Array>> {
  const variables = Object.entries(SHAPES).map(([name, shape]) =>
    tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.cos(i * 0.11)), shape), true, `${prefix}${name}`),
  );
  for (let step = 0; step < STEPS; step++) {
    const grads: tf.NamedTensorMap = {};
    for (const [index, name] of Object.keys(SHAPES).entries()) grads[variables[index].name] = gradient(name, step);
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }
  const out: Record<string, Float32Array> = {};
  for (const [index, name] of Object.keys(SHAPES).entries()) out[name] = (await variables[index].data()) as Float32Array;
  tf.dispose(variables);
  optimizer.dispose();
  return out;
}

describe('fused Adam on webgpu', () => {
  it('starts a variable rebuilt under the same name with another size from fresh moments', async () => {
    const optimizer = createOptimizer('adam', 0.1);
    const first = tf.variable(tf.ones([4]), true, 'fusedAdamRebuilt');
    optimizer.applyGradients({ fusedAdamRebuilt: tf.ones([4]) });
    first.dispose();
    const second = tf.variable(tf.zeros([6]), true, 'fusedAdamRebuilt');
    const grad = tf.tensor1d([2, -3, 0.5, -0.5, 4, -1]);
    optimizer.applyGradients({ fusedAdamRebuilt: grad });
    // Zero moments, but the optimiser's step count (2) sets the bias corrections, as in tfjs's Adam:
    // m̂ = 0.1 g / (1 − 0.9²), v̂ = 0.001 g² / (1 − 0.999²), so each weight moves by −0.1 · sign(g) · 0.7441.
    const move = (0.1 / (1 - 0.9 ** 2)) / Math.sqrt(0.001 / (1 - 0.999 ** 2));
    const result = closeness(await second.data(), [-1, 1, -1, 1, -1, 1].map((sign) => 0.1 * sign * move));
    expect(result.failures, result.worst).toBe(0);
    tf.dispose([second, grad]);
    optimizer.dispose();
  });

  it('uploads one tensor per step after the first (the step\'s constants), not a constant or two per weight', async () => {
    const optimizer = createOptimizer('adam', 0.05);
    const variables = Object.entries(SHAPES).map(([name, shape]) => tf.variable(tf.ones(shape), true, `uploads_${name}`));
    const step = () => {
      // Gradients made on the GPU (a scalar operand would be one more upload each).
      const grads: tf.NamedTensorMap = {};
      for (const variable of variables) grads[variable.name] = tf.sin(variable);
      optimizer.applyGradients(grads);
      tf.dispose(Object.values(grads));
    };
    step();
    const counter = startOpCounting();
    for (let index = 0; index < 3; index++) step();
    const uploads = counter.read().uploads;
    counter.stop();
    expect(uploads).toBe(3);
    tf.dispose(variables);
    optimizer.dispose();
  });

  it('goes on from saved moments exactly as without a stop, and differs from a fresh start', async () => {
    const names = Object.keys(SHAPES);
    const variables = names.map((name) => tf.variable(tf.tensor(Float32Array.from({ length: SHAPES[name].reduce((a, b) => a * b, 1) }, (_, i) => Math.cos(i * 0.11)), SHAPES[name]), true, `resume_${name}`));
    const stepWith = (optimizer: tf.Optimizer, step: number) => {
      const grads: tf.NamedTensorMap = {};
      names.forEach((name, index) => (grads[variables[index].name] = gradient(name, step)));
      optimizer.applyGradients(grads);
      tf.dispose(Object.values(grads));
    };
    const read = async () => Promise.all(variables.map(async (variable) => Array.from((await variable.data()) as Float32Array)));
    const setTo = (values: number[][]) => variables.forEach((variable, index) => variable.assign(tf.tensor(values[index], variable.shape)));

    const uninterrupted = createOptimizer('adam', 0.05) as FusedAdam;
    for (let step = 0; step < 3; step++) stepWith(uninterrupted, step);
    const atCheckpoint = await read();
    const saved = await uninterrupted.saveMoments();
    for (let step = 3; step < 5; step++) stepWith(uninterrupted, step);
    const expected = await read();
    uninterrupted.dispose();

    setTo(atCheckpoint);
    const resumed = createOptimizer('adam', 0.05) as FusedAdam;
    resumed.loadMoments(saved);
    for (let step = 3; step < 5; step++) stepWith(resumed, step);
    expect(await read()).toEqual(expected);
    resumed.dispose();

    // Without the moments (and t) the same two steps land elsewhere: the test would see a state ignored.
    setTo(atCheckpoint);
    const fresh = createOptimizer('adam', 0.05);
    for (let step = 3; step < 5; step++) stepWith(fresh, step);
    expect(await read()).not.toEqual(expected);
    fresh.dispose();
    tf.dispose(variables);
  });

  it('createOptimizer picks it on webgpu', () => {
    const optimizer = createOptimizer('adam', 0.01);
    expect(optimizer).toBeInstanceOf(FusedAdam);
    optimizer.dispose();
  });

  it('gives the weights tfjs Adam (PyTorch constants) gives on cpu, in one update dispatch per tensor', async () => {
    const counter = startOpCounting();
    const got = await train(createOptimizer('adam', 0.05), 'gpu_');
    const updates = counter.byKernel()[ADAM_UPDATE_KERNEL];
    counter.stop();
    expect(updates).toBe(STEPS * Object.keys(SHAPES).length);
    await tf.setBackend('cpu');
    let want: Record<string, Float32Array>;
    try {
      want = await train(tf.train.adam(0.05, 0.9, 0.999, 1e-8), 'cpu_');
    } finally {
      await tf.setBackend('webgpu');
    }
    for (const name of Object.keys(SHAPES)) {
      const result = closeness(got[name], want[name]);
      expect(result.failures, `${name}: ${result.worst} (max |Δ| ${result.maxAbs})`).toBe(0);
    }
  });
});
