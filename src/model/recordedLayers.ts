/**
 * A recording forward pass at batch 1 (runNetwork's `record`), turned into what Inspect and the Generate view
 * show of each layer: its input, h_t, c_t, gates and (GRU) h W_hnᵀ + b_hn as `[T, ·]` matrices, read back from
 * the backend in ONE read with anything else the caller needs (`readLayers`). The classifier's trace
 * (trace.ts) and the character LM's (charLmTrace.ts) share it.
 */
import * as tf from '@tensorflow/tfjs';
import type { RecordedSequence } from './cells';
import type { Matrix } from './types';

/** One layer·direction's recorded tensors, `[T, ·]` rows in processing order. */
export interface RecordedLayer {
  inputs: tf.Tensor2D;
  hidden: tf.Tensor2D;
  cell: tf.Tensor2D | null;
  gates: Record<string, tf.Tensor2D>;
  recurrentNew: tf.Tensor2D | null;
}

/** The same, read back. */
export interface LayerMatrices {
  inputs: Matrix;
  hidden: Matrix;
  cell?: Matrix;
  gates: Record<string, Matrix>;
  recurrentNew?: Matrix;
}

/** A layer·direction's recording at batch 1 (`[T, 1, ·]` each) as `[T, ·]` matrices, with its input. */
export function recordedLayer(recorded: RecordedSequence, input: tf.Tensor3D): RecordedLayer {
  const rows = (sequence: tf.Tensor3D) => tf.reshape(sequence, [sequence.shape[0], sequence.shape[2]]) as tf.Tensor2D;
  return {
    inputs: rows(input),
    hidden: rows(recorded.h),
    cell: recorded.c && rows(recorded.c),
    gates: Object.fromEntries(Object.entries(recorded.gates).map(([name, gate]) => [name, rows(gate)])),
    recurrentNew: recorded.recurrentNew && rows(recorded.recurrentNew),
  };
}

/** Every tensor a RecordedLayer holds. */
export function recordedTensors(layer: RecordedLayer): tf.Tensor[] {
  return [layer.inputs, layer.hidden, ...(layer.cell ? [layer.cell] : []), ...Object.values(layer.gates), ...(layer.recurrentNew ? [layer.recurrentNew] : [])];
}

/**
 * Each tensor of `tensors` read back as a Matrix (a 1-D one as one row), all in one read: on the GPU backends
 * each read is a round trip to the GPU (on WebGPU a buffer mapping), so one read of their concatenation costs a
 * fraction of one read each (Inspect's trace of "Nienhuis" on WebGPU: about 15 ms less).
 */
async function readAll(tensors: tf.Tensor[]): Promise<Map<tf.Tensor, Matrix>> {
  const flat = tf.tidy(() => tf.concat(tensors.map((tensor) => tf.reshape(tensor, [-1]))));
  const values = (await flat.data()) as Float32Array;
  flat.dispose();
  const matrices = new Map<tf.Tensor, Matrix>();
  let offset = 0;
  for (const tensor of tensors) {
    const [rows, cols] = tensor.rank === 2 ? tensor.shape : [1, tensor.size];
    matrices.set(tensor, { rows, cols, data: values.slice(offset, (offset += tensor.size)) });
  }
  return matrices;
}

/** `layers` and `extra` read back together; disposes all of them. */
export async function readLayers(layers: RecordedLayer[], extra: tf.Tensor[] = []): Promise<{ layers: LayerMatrices[]; extra: Matrix[] }> {
  const tensors = [...layers.flatMap(recordedTensors), ...extra];
  try {
    const read = await readAll(tensors);
    const matrix = (tensor: tf.Tensor) => read.get(tensor)!;
    return {
      layers: layers.map((layer) => ({
        inputs: matrix(layer.inputs),
        hidden: matrix(layer.hidden),
        ...(layer.cell ? { cell: matrix(layer.cell) } : {}),
        gates: Object.fromEntries(Object.entries(layer.gates).map(([name, tensor]) => [name, matrix(tensor)])),
        ...(layer.recurrentNew ? { recurrentNew: matrix(layer.recurrentNew) } : {}),
      })),
      extra: extra.map(matrix),
    };
  } finally {
    tf.dispose(tensors);
  }
}
