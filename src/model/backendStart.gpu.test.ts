/**
 * tfjs's real webgpu backend (Dawn on SwiftShader) on a dead device. Gone while another backend runs: the switch back
 * must start it on a new device, with the app's own webgpu kernels still registered (the split AddN of
 * webgpu/addN.ts, 9 inputs); tfjs kept the old instance and handed it back, dead device and all. Dead before the
 * start: the start's probe must find out, which it can only on the device (tfjs's webgpu adds small CPU-held inputs on
 * the CPU). A device cannot be lost on request here; a destroyed one is as dead, and backendStart.ts treats both alike.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, initBackend } from './backendStart';
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

describe('initBackend: webgpu on a device already dead when it starts', () => {
  it('is refused by the start probe, and the next start gets a new device', async () => {
    await initBackend('wasm', { canFallBack: false });
    // A device lost between tfjs's requestDevice and the probe, before backendStart watches its `lost`: tfjs's own
    // factory, its device destroyed before the instance is handed over.
    const { factory, priority } = tf.engine().registryFactory.webgpu;
    tf.removeBackend('webgpu');
    let deadDevice: GPUDevice | null = null;
    tf.registerBackend(
      'webgpu',
      async () => {
        const backend = await factory();
        deadDevice = deviceOf(backend);
        deadDevice.destroy();
        return backend;
      },
      priority,
    );
    try {
      const start = initBackend('webgpu', { canFallBack: false });
      await expect(start, 'a start on a destroyed device').rejects.toThrow(BackendUnavailableError);
      await expect(start).rejects.toThrow(/^webgpu: its first computation failed \(AbortError\)$/);
      expect(deadDevice, 'the factory ran').not.toBeNull();
    } finally {
      // tfjs's factory back, the refused instance left registered: the next start must not hand it back.
      tf.engine().registryFactory.webgpu = { factory, priority };
    }

    const report = await initBackend('webgpu', { canFallBack: false });
    expect(report.active).toBe('webgpu');
    expect(deviceOf(tf.backend()), 'a new device: the refused one is renewed as a lost one').not.toBe(deadDevice);
    const sum = tf.tidy(() => tf.add(tf.fill([4], 2), tf.fill([4], 3)));
    expect(Array.from(await sum.data())).toEqual([5, 5, 5, 5]);
    sum.dispose();
  });

  it('with fallback, a start on a dead device moves on to the next backend and says why', async () => {
    await initBackend('wasm', { canFallBack: false });
    const { factory, priority } = tf.engine().registryFactory.webgpu;
    tf.removeBackend('webgpu');
    tf.registerBackend(
      'webgpu',
      async () => {
        const backend = await factory();
        deviceOf(backend).destroy();
        return backend;
      },
      priority,
    );
    try {
      const report = await initBackend('webgpu');
      expect(report.active, 'the next backend: webgl is missing in Node, so wasm').toBe('wasm');
      expect(report.reason).toMatch(/^webgpu could not start \(webgpu: its first computation failed \(AbortError\); webgl: .+\); fell back to wasm$/);
    } finally {
      tf.removeBackend('webgpu');
      tf.registerBackend('webgpu', factory, priority);
    }
  });
});
