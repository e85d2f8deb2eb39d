/**
 * Test helper: tfjs's WebGPU backend in Node, through Dawn (the npm package `webgpu`) on Chromium's
 * SwiftShader (a CPU Vulkan), so WGSL kernels are checked in Vitest without a browser or a GPU.
 *
 * The Vulkan loader and ICD are found through LD_LIBRARY_PATH and VK_ICD_FILENAMES, which the dynamic
 * linker reads at process start: `npm run test:gpu` (vitest.gpu.config.ts) sets them. When they or the files
 * they name are missing this throws with what to do, so a machine without them fails the GPU suites
 * instead of skipping them.
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { registerSplitAddN } from '../webgpu/addN';
import { useWriteBufferUploads } from '../webgpu/writeBufferUploads';

/** Where Debian's Chromium keeps SwiftShader's Vulkan driver and a Vulkan loader. */
export const SWIFTSHADER_DIR = '/usr/lib/chromium';
export const SWIFTSHADER_ICD = `${SWIFTSHADER_DIR}/vk_swiftshader_icd.json`;

function missingSetup(): string | null {
  if (!existsSync(SWIFTSHADER_ICD)) return `${SWIFTSHADER_ICD} is missing: install Debian's chromium (.ci/run does).`;
  if (process.env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD || !(process.env.LD_LIBRARY_PATH ?? '').includes(SWIFTSHADER_DIR)) {
    return `run the WebGPU suites with npm run test:gpu (it sets LD_LIBRARY_PATH=${SWIFTSHADER_DIR} VK_ICD_FILENAMES=${SWIFTSHADER_ICD}).`;
  }
  return null;
}

/**
 * Start tfjs's `webgpu` backend on Dawn and make it active; throws when it cannot. `driver`: 'swiftshader'
 * (the tests; the Vulkan variables must name it) or 'system' (whatever Vulkan driver the loader finds: a GPU
 * machine's own, for cli/deviceBench.ts). `dawnOptions` go to Dawn's `create` (e.g.
 * `enable-dawn-features=allow_unsafe_apis` for timestamp queries).
 */
export async function useDawnWebGpu(dawnOptions: string[] = [], driver: 'swiftshader' | 'system' = 'swiftshader'): Promise<string> {
  const problem = driver === 'swiftshader' ? missingSetup() : null;
  if (problem) throw new Error(`WebGPU tests cannot run: ${problem}`);
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: create(dawnOptions) }, configurable: true, writable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu')) || tf.getBackend() !== 'webgpu') throw new Error('WebGPU tests cannot run: tfjs could not start its webgpu backend on Dawn.');
  await tf.ready();
  registerSplitAddN();
  useWriteBufferUploads(tf.backend());
  const adapter = await navigator.gpu.requestAdapter();
  const info = adapter?.info;
  return info ? `${info.vendor} ${info.architecture} ${info.description}`.trim() : 'unknown adapter';
}
