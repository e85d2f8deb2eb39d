/**
 * Counting what a training step asks of the backend: tfjs kernel calls (every op the engine runs, forward
 * and backward) and, on WebGPU, GPU compute dispatches. Why: on a GPU the cost of a recurrent step is set by
 * how many small dispatches it makes (tens of µs each), not by its arithmetic, and a count does not depend on
 * the machine's load the way ms/step does. The bench reports both per step.
 *
 * How: the counts come from wrapping two methods on live objects and restoring them on `stop()`:
 * - the engine's `runKernelFunc`, through which every `tf.engine().runKernel` (hence every tf op and every
 *   gradient op) passes; kernels that call other kernels' functions directly inside a backend are not seen;
 * - the WebGPU backend's `recordAndSubmit`, the one place tfjs-backend-webgpu 4.x records a
 *   `dispatchWorkgroups` (buffer copies and uploads are not dispatches and are not counted);
 * - the WebGPU backend's `uploadToGPU`, counted when it is about to copy a tensor's JavaScript values to the
 *   GPU: each upload is a CPU-side cost per step (through tfjs's staging buffers Dawn's createBuffer was a
 *   quarter of a names-LSTM step's CPU time on a real GPU; webgpu/writeBufferUploads.ts made them cheaper,
 *   not free).
 * Both are private tfjs members, so a tfjs upgrade that renames them makes `dispatches` null (unknown) and
 * the kernel count zero, which the unit test catches.
 */
import * as tf from '@tensorflow/tfjs';

/** Counts since `startOpCounting`. `dispatches` is null when the active backend is not WebGPU. */
export interface OpCounts {
  kernels: number;
  dispatches: number | null;
  /** Tensors whose JavaScript values went to the GPU (each a new buffer); null when not WebGPU. */
  uploads: number | null;
}

/** Kernel calls by tfjs kernel name (e.g. `MatMul`, `RnnPlaygroundLstmSequence`). */
export type KernelTally = Record<string, number>;

/** A running count; `stop()` restores the wrapped methods (call it exactly once). */
export interface OpCounter {
  read(): OpCounts;
  /** Calls per kernel name so far: which kernels ran, for tests that must know which path was taken. */
  byKernel(): KernelTally;
  stop(): void;
}

type AnyMethod = (...args: unknown[]) => unknown;

/** Replace `owner[name]` by a counting wrapper; returns the undo, or null when there is no such method. */
function wrapMethod(owner: object, name: string, onCall: (args: unknown[]) => void): (() => void) | null {
  const record = owner as Record<string, unknown>;
  const original = record[name];
  if (typeof original !== 'function') return null;
  const hadOwn = Object.prototype.hasOwnProperty.call(owner, name);
  record[name] = function (this: unknown, ...args: unknown[]) {
    onCall(args);
    return (original as AnyMethod).apply(this, args);
  };
  return () => {
    if (hadOwn) record[name] = original;
    else delete record[name];
  };
}

/** Start counting kernel calls (any backend) and GPU dispatches (WebGPU) on the active backend. */
export function startOpCounting(): OpCounter {
  const counts: OpCounts = { kernels: 0, dispatches: null, uploads: null };
  const tally: KernelTally = {};
  const undo: (() => void)[] = [];
  const engineUndo = wrapMethod(tf.engine(), 'runKernelFunc', (args) => {
    counts.kernels += 1;
    // runKernelFunc({ kernelName, inputs, attrs }) for registered kernels; custom ops have no name.
    const name = (args[0] as { kernelName?: string } | undefined)?.kernelName ?? '(custom op)';
    tally[name] = (tally[name] ?? 0) + 1;
  });
  if (engineUndo) undo.push(engineUndo);
  if (tf.getBackend() === 'webgpu') {
    const backendUndo = wrapMethod(tf.backend(), 'recordAndSubmit', () => {
      counts.dispatches = (counts.dispatches ?? 0) + 1;
    });
    if (backendUndo) {
      counts.dispatches = 0;
      undo.push(backendUndo);
    }
    const backend = tf.backend() as unknown as { tensorMap?: { get(dataId: unknown): { resource?: unknown; values?: unknown } | undefined } };
    const uploadUndo = wrapMethod(backend, 'uploadToGPU', (args) => {
      // uploadToGPU returns at once for a tensor already on the GPU; only values still in JavaScript are copied.
      const data = backend.tensorMap?.get(args[0]);
      if (data && data.resource == null && data.values != null) counts.uploads = (counts.uploads ?? 0) + 1;
    });
    if (uploadUndo) {
      counts.uploads = 0;
      undo.push(uploadUndo);
    }
  }
  let stopped = false;
  return {
    read: () => ({ ...counts }),
    byKernel: () => ({ ...tally }),
    stop: () => {
      if (stopped) return;
      stopped = true;
      for (const restore of undo.reverse()) restore();
    },
  };
}
