/**
 * Where a training step's GPU time goes on WebGPU: tf.profile around whole steps, with the backend's
 * timestamp queries giving each kernel's GPU time. Why: ms/step says how slow, not which kernel; on a
 * software GPU (SwiftShader) the time is in the shaders' arithmetic, not in dispatches, so only per-kernel
 * GPU time shows what to make faster. The adapter must offer `timestamp-query` (Dawn: the
 * `allow_unsafe_apis` toggle, as `npm run profile:webgpu` sets); without it every kernel reads 0 and the
 * profile says so.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingSession } from '../session';

/** Per-step averages over the profiled steps. */
export interface StepProfile {
  steps: number;
  /** Wall time of a step, profiling included (tf.profile adds a little). */
  wallMs: number;
  /** Sum of every kernel's GPU time in a step. */
  gpuMs: number;
  /** Padded sequence length of each profiled batch (the recurrent kernels' T), in order. */
  lengths: number[];
  /** Kernels by GPU time, largest first: calls and GPU ms per step. */
  kernels: { name: string; calls: number; gpuMs: number }[];
  /** False when no kernel reported a GPU time (no timestamp queries on this adapter). */
  timed: boolean;
}

/** Train `steps` steps of `session` under tf.profile and total each kernel's GPU time. */
export async function profileSteps(session: TrainingSession, steps: number): Promise<StepProfile> {
  if (tf.getBackend() !== 'webgpu') throw new Error(`The step profile reads WebGPU timestamp queries; the active backend is ${tf.getBackend()}.`);
  const byName = new Map<string, { calls: number; gpuMs: number }>();
  const lengths: number[] = [];
  let wallMs = 0;
  let gpuMs = 0;
  for (let step = 0; step < steps; step++) {
    const start = performance.now();
    const info = await tf.profile(async () => {
      await session.trainStep();
    });
    wallMs += performance.now() - start;
    let length = 0;
    for (const kernel of info.kernels) {
      const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
      gpuMs += ms;
      const entry = byName.get(kernel.name) ?? { calls: 0, gpuMs: 0 };
      entry.calls += 1;
      entry.gpuMs += ms;
      byName.set(kernel.name, entry);
      // The recurrent kernels' input is [T, B, G·H]: the batch's padded length.
      if (kernel.name.endsWith('Sequence') && kernel.inputShapes[0]) length = kernel.inputShapes[0][0];
    }
    lengths.push(length);
  }
  const kernels = [...byName].map(([name, entry]) => ({ name, calls: entry.calls / steps, gpuMs: entry.gpuMs / steps })).sort((a, b) => b.gpuMs - a.gpuMs);
  return { steps, wallMs: wallMs / steps, gpuMs: gpuMs / steps, lengths, kernels, timed: gpuMs > 0 };
}
