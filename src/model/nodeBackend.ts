/**
 * Backend set-up for Node (CLI and tests). The CLI may not import `@tensorflow/*` itself (lint rule:
 * only model/ does), so it asks model/ for a backend by name. In Node, WASM (SIMD) is 4-8x faster
 * than 'cpu' on this machine; 'cpu' stays available for checks that compare kernels.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmSliceKernels } from './wasmSliceKernels';

/** Backends that run in plain Node (webgl/webgpu need a browser). */
export type NodeBackendName = 'wasm' | 'cpu';

/** Activate `name` and wait until it is ready; returns the name tfjs reports as active. */
export async function useNodeBackend(name: NodeBackendName = 'wasm'): Promise<string> {
  // PROD silences tfjs's "install tfjs-node" banner, which would otherwise land in CLI output.
  tf.env().set('PROD', true);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`The TensorFlow.js '${name}' backend could not be started in Node.`);
  await tf.ready();
  // The same kernels the app's wasm backend runs (backendStart.ts), so tests hold what students use.
  if (name === 'wasm') registerWasmSliceKernels();
  return tf.getBackend();
}

/** Live tensor count: what the CLI and leak checks print. */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}
