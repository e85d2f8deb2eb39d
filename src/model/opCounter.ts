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
 *   `dispatchWorkgroups` (buffer copies and uploads are not dispatches and are not counted).
 * Both are private tfjs members, so a tfjs upgrade that renames them makes `dispatches` null (unknown) and
 * the kernel count zero, which the unit test catches.
 */
import * as tf from '@tensorflow/tfjs';

/** Counts since `startOpCounting`. `dispatches` is null when the active backend is not WebGPU. */
export interface OpCounts {
  kernels: number;
  dispatches: number | null;
}

/** A running count; `stop()` restores the wrapped methods (call it exactly once). */
export interface OpCounter {
  read(): OpCounts;
  stop(): void;
}

type AnyMethod = (...args: unknown[]) => unknown;

/** Replace `owner[name]` by a counting wrapper; returns the undo, or null when there is no such method. */
function wrapMethod(owner: object, name: string, onCall: () => void): (() => void) | null {
  const record = owner as Record<string, unknown>;
  const original = record[name];
  if (typeof original !== 'function') return null;
  const hadOwn = Object.prototype.hasOwnProperty.call(owner, name);
  record[name] = function (this: unknown, ...args: unknown[]) {
    onCall();
    return (original as AnyMethod).apply(this, args);
  };
  return () => {
    if (hadOwn) record[name] = original;
    else delete record[name];
  };
}

/** Start counting kernel calls (any backend) and GPU dispatches (WebGPU) on the active backend. */
export function startOpCounting(): OpCounter {
  const counts: OpCounts = { kernels: 0, dispatches: null };
  const undo: (() => void)[] = [];
  const engineUndo = wrapMethod(tf.engine(), 'runKernelFunc', () => {
    counts.kernels += 1;
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
  }
  let stopped = false;
  return {
    read: () => ({ ...counts }),
    stop: () => {
      if (stopped) return;
      stopped = true;
      for (const restore of undo.reverse()) restore();
    },
  };
}
