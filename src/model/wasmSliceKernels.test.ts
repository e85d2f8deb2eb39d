/**
 * The wasm Slice / Unpack / SplitV replacements against tfjs's cpu backend (its own reference kernels):
 * the same values and shapes for contiguous and strided boxes, every rank the engine uses, int32 and bool,
 * negative sizes, and across a wasm memory growth between allocating the outputs and copying.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from './nodeBackend';
import { wasmSliceKernelsRegistered } from './wasmSliceKernels';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

afterAll(async () => {
  await useNodeBackend('wasm');
});

/** Values and shapes of `make()`'s tensors on cpu (tfjs's reference) and on wasm (ours). */
async function onBothBackends(make: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: { shape: number[]; values: number[] }[]; wasm: { shape: number[]; values: number[] }[] }> {
  const read = async () => {
    const result = make();
    const list = Array.isArray(result) ? result : [result];
    const out = await Promise.all(list.map(async (tensor) => ({ shape: tensor.shape, values: Array.from(await tensor.data()) })));
    tf.dispose(list);
    return out;
  };
  await useNodeBackend('cpu');
  const cpu = await read();
  await useNodeBackend('wasm');
  const wasm = await read();
  return { cpu, wasm };
}

/** A tensor of `shape` whose every element is distinct, so any misplaced copy shows. */
function distinct(shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: size }, (_, i) => i * 1.5 - 7), shape, dtype === 'int32' ? 'int32' : 'float32');
}

describe('wasm slice kernels', () => {
  it('replace tfjs-backend-wasm\'s own once the wasm backend starts', () => {
    expect(wasmSliceKernelsRegistered()).toBe(true);
  });

  const SLICES: [string, number[], number[], number[]][] = [
    ['1-D', [10], [3], [4]],
    ['2-D rows (contiguous)', [6, 5], [2, 0], [3, 5]],
    ['2-D gate block (strided)', [4, 12], [0, 6], [4, 3]],
    ['3-D one timestep (contiguous)', [5, 4, 6], [3, 0, 0], [1, 4, 6]],
    ['3-D inner box', [5, 4, 6], [1, 1, 2], [3, 2, 3]],
    ['3-D size -1 to the end', [5, 4, 6], [2, 1, 0], [-1, -1, 4]],
    ['4-D', [3, 2, 4, 5], [1, 0, 1, 2], [2, 2, 2, 3]],
    ['empty', [4, 5], [1, 2], [0, 3]],
  ];
  for (const [name, shape, begin, size] of SLICES) {
    it(`Slice: ${name}`, async () => {
      const { cpu, wasm } = await onBothBackends(() => tf.slice(distinct(shape), begin, size));
      expect(wasm).toEqual(cpu);
    });
  }

  it('Slice of int32 and bool tensors', async () => {
    const ints = await onBothBackends(() => tf.slice(distinct([4, 6], 'int32'), [1, 2], [2, 3]));
    expect(ints.wasm).toEqual(ints.cpu);
    const bools = await onBothBackends(() => tf.slice(tf.greater(distinct([4, 6]), 0), [0, 1], [4, 4]));
    expect(bools.wasm).toEqual(bools.cpu);
  });

  for (const axis of [0, 1, 2, -1]) {
    it(`Unpack along axis ${axis}`, async () => {
      const { cpu, wasm } = await onBothBackends(() => tf.unstack(distinct([4, 3, 5]), axis));
      expect(wasm).toEqual(cpu);
    });
  }

  it('SplitV into equal parts and given sizes, on every axis', async () => {
    for (const [splits, axis] of [[4, 1], [[1, 3, 2], 0], [[2, -1], -1]] as [number | number[], number][]) {
      const { cpu, wasm } = await onBothBackends(() => tf.split(distinct([6, 8, 5]), splits, axis));
      expect(wasm, `split ${JSON.stringify(splits)} on axis ${axis}`).toEqual(cpu);
    }
  });

  it('copies correctly when allocating the outputs grows the wasm memory', async () => {
    // 40 pieces of 1.2 MB: the heap grows while the outputs are allocated, after the input is placed.
    const { cpu, wasm } = await onBothBackends(() => {
      const x = tf.tile(distinct([40, 1, 3]), [1, 100_000, 1]);
      const pieces = tf.unstack(x);
      const checks = pieces.map((piece) => tf.slice(piece, [99_999, 0], [1, 3]));
      tf.dispose([x, ...pieces]);
      return checks;
    });
    expect(wasm).toEqual(cpu);
  });

  it('keeps gradients through slices equal to the cpu backend\'s', async () => {
    const { cpu, wasm } = await onBothBackends(() => {
      const x = distinct([3, 4, 6]);
      const grad = tf.grad((input: tf.Tensor) => {
        const steps = tf.unstack(input);
        const gates = tf.split(steps[1], [2, 4], 1);
        return tf.sum(tf.mul(tf.slice(input, [0, 1, 1], [2, 2, 3]), 3)).add(tf.sum(tf.square(gates[1])));
      })(x);
      x.dispose();
      return grad;
    });
    expect(wasm).toEqual(cpu);
  });
});
