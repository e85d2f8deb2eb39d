/**
 * Where a training step's time goes on WebGL: each kernel tfjs runs is timed with the GPU drained before and
 * after it. Why not gl.finish(): in Chromium it returns before the GPU process has run the work (timed that way,
 * an SST-2 step's kernels added up to 13 ms of a 253 ms step); a one-pixel readPixels must wait for every
 * command before it. The drains add a little per kernel (the wall time includes them); the split between
 * kernels is the point. In the browser only (the page of `npm run profile:webgl`).
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingSession } from '../session';

/** Per-step averages over the profiled steps. */
export interface WebGlStepProfile {
  steps: number;
  /** Wall time of a step, drains included. */
  wallMs: number;
  /** Sum of the kernels' drained times in a step. */
  kernelMs: number;
  /** Kernels by time, largest first: calls and ms per step. */
  kernels: { name: string; calls: number; ms: number }[];
}

interface GlBackend {
  gpgpu: { gl: WebGL2RenderingContext };
}

/** Blocks until the GPU has run every command issued so far, leaving tfjs's framebuffer bound. */
function makeDrain(gl: WebGL2RenderingContext): { drain: () => void; dispose: () => void } {
  const texture = gl.createTexture();
  const framebuffer = gl.createFramebuffer();
  const previous = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA32F, 1, 1, 0, gl.RGBA, gl.FLOAT, null);
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
  gl.bindFramebuffer(gl.FRAMEBUFFER, previous);
  const pixel = new Float32Array(4);
  return {
    drain() {
      const bound = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
      gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.FLOAT, pixel);
      gl.bindFramebuffer(gl.FRAMEBUFFER, bound);
    },
    dispose() {
      gl.deleteFramebuffer(framebuffer);
      gl.deleteTexture(texture);
    },
  };
}

/** Train `steps` steps of `session` with every webgl kernel timed, and total them by kernel. */
export async function profileWebGlSteps(session: TrainingSession, steps: number): Promise<WebGlStepProfile> {
  if (tf.getBackend() !== 'webgl') throw new Error(`The WebGL step profile needs the webgl backend; the active backend is ${tf.getBackend()}.`);
  const gl = (tf.backend() as unknown as GlBackend).gpgpu.gl;
  const { drain, dispose } = makeDrain(gl);
  const byName = new Map<string, { calls: number; ms: number }>();
  const configs = tf.getKernelsForBackend('webgl');
  const originals = configs.map((config) => config.kernelFunc);
  // Kernels that run other kernels through the engine are timed once, at the outermost.
  let depth = 0;
  configs.forEach((config, index) => {
    const original = originals[index];
    config.kernelFunc = (args) => {
      if (depth > 0) return original(args);
      depth += 1;
      drain();
      const start = performance.now();
      try {
        return original(args);
      } finally {
        drain();
        const entry = byName.get(config.kernelName) ?? { calls: 0, ms: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - start;
        byName.set(config.kernelName, entry);
        depth -= 1;
      }
    };
  });
  try {
    const start = performance.now();
    for (let step = 0; step < steps; step++) await session.trainStep();
    const wallMs = (performance.now() - start) / steps;
    const kernels = [...byName].map(([name, entry]) => ({ name, calls: entry.calls / steps, ms: entry.ms / steps })).sort((a, b) => b.ms - a.ms);
    return { steps, wallMs, kernelMs: kernels.reduce((sum, kernel) => sum + kernel.ms, 0), kernels };
  } finally {
    configs.forEach((config, index) => {
      config.kernelFunc = originals[index];
    });
    dispose();
  }
}
