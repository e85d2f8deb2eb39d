/**
 * tfjs's real webgpu backend (Dawn on SwiftShader) whose device is gone while another backend runs: the switch back
 * must start it on a new device, with the app's own webgpu kernels still registered (the split AddN of
 * webgpu/addN.ts, 9 inputs). tfjs kept the old instance and handed it back, dead device and all. A device cannot be
 * lost on request here; a destroyed one is as dead, and backendStart.ts treats both alike.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backendStart';
import { useDawnWebGpu } from './testing/dawn';

beforeAll(async () => {
  await useDawnWebGpu();
});

function deviceOf(backend: tf.KernelBackend): GPUDevice {
  return (backend as unknown as { device: GPUDevice }).device;
}

describe('initBackend: webgpu after its device was lost under another backend', () => {
  it('starts on a new device, and the app kernels run on it', async () => {
    await initBackend('webgpu', { canFallBack: false });
    const first = tf.backend();
    const firstDevice = deviceOf(first);
    await initBackend('wasm', { canFallBack: false });
    firstDevice.destroy();
    await firstDevice.lost;

    const report = await initBackend('webgpu', { canFallBack: false });
    expect(report.active).toBe('webgpu');
    expect(tf.backend(), 'the backend after the switch back: a new instance').not.toBe(first);
    expect(deviceOf(tf.backend()), 'and a new device').not.toBe(firstDevice);
    const sum = tf.tidy(() => tf.addN(Array.from({ length: 9 }, (_, index) => tf.fill([2, 3], index + 1))));
    expect(Array.from(await sum.data())).toEqual(new Array(6).fill(45));
    sum.dispose();
  });
});
