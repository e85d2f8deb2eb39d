/**
 * A backend whose GPU was lost while another backend ran: tfjs keeps its instance (dead device and all) and hands
 * it back on the next switch, whose probe then read the dead device (a WebGL context's reads never finish). Node
 * has no GPU, so a stand-in 'webgpu' backend is registered: a CPU backend that carries a device whose `lost` the
 * test settles, with the CPU's Add kernel registered for 'webgpu' (the probe's 1 + 1). Its own file: the stand-in
 * must not meet backendStart.test.ts, which needs 'webgpu' missing.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError, initBackend } from './backendStart';
import type { DeviceLostInfo } from './backendTypes';

interface StandInGpu extends tf.KernelBackend {
  device: { lost: Promise<{ reason: string; message: string }> };
  loseDevice(reason?: string): void;
}

const created: StandInGpu[] = [];
let refusesNewDevices = false;

function standInGpu(): StandInGpu {
  if (refusesNewDevices) throw new Error('requestAdapter() gave no adapter');
  const CpuBackend = tf.engine().registry.cpu.constructor as new () => tf.KernelBackend;
  let loseDevice: (info: { reason: string; message: string }) => void = () => undefined;
  const lost = new Promise<{ reason: string; message: string }>((resolve) => (loseDevice = resolve));
  const backend = Object.assign(new CpuBackend(), {
    device: { lost },
    loseDevice: (reason = 'unknown') => loseDevice({ reason, message: 'GPU process crashed' }),
  });
  created.push(backend);
  return backend;
}

/** Let the device's `lost` reach its listeners. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await Promise.resolve();
}

beforeAll(async () => {
  // The start asks the browser for an adapter before tfjs's factory runs (a browser without one is told apart); a
  // GPU here has one, until it refuses new devices: after a loss, no adapter is the loss's doing and said as such.
  const gpu = { requestAdapter: async () => (refusesNewDevices ? null : {}) };
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { gpu } });
  await tf.setBackend('cpu');
  tf.registerKernel({ ...tf.getKernel('Add', 'cpu')!, backendName: 'webgpu' });
  tf.registerBackend('webgpu', standInGpu, 3);
});

afterAll(() => {
  Reflect.deleteProperty(globalThis, 'navigator');
});

describe('initBackend after a GPU was lost under a backend that no longer runs', () => {
  it('switching back creates the backend anew on a new device, its kernels still registered', async () => {
    const losses: DeviceLostInfo[] = [];
    await initBackend('webgpu', { canFallBack: false, onDeviceLost: (info) => losses.push(info) });
    const first = created.at(-1)!;
    await initBackend('cpu');
    // A switch back while the device lives keeps the instance: nothing is created for nothing.
    await initBackend('webgpu', { canFallBack: false });
    expect(tf.backend()).toBe(first);
    await initBackend('cpu');

    first.loseDevice();
    await settle();
    // backendStart reports it; the worker (workerController.ts) ignores a loss under a backend that is not active.
    expect(losses).toEqual([{ backend: 'webgpu', reason: 'unknown', message: 'GPU process crashed' }]);
    const disposeOfFirst = vi.spyOn(first, 'dispose');
    const report = await initBackend('webgpu', { canFallBack: false });

    expect(report).toMatchObject({ requested: 'webgpu', active: 'webgpu', reason: 'webgpu started' });
    expect(tf.backend(), 'the backend after the switch back: a new instance, not the one of the lost device').not.toBe(first);
    expect(tf.backend()).toBe(created.at(-1));
    expect(disposeOfFirst).toHaveBeenCalledOnce();
    expect(tf.getKernel('Add', 'webgpu'), "the kernels registered for 'webgpu' outlive its removal").not.toBeUndefined();
    const sum = tf.add(tf.scalar(2), tf.scalar(3));
    expect(await sum.data()).toEqual(new Float32Array([5]));
    // Renewed once: a second switch back keeps the new instance.
    await initBackend('cpu');
    await initBackend('webgpu', { canFallBack: false });
    expect(tf.backend()).toBe(created.at(-1));
  });

  it('a new device refused: the switch fails at once, naming the backend and the loss', async () => {
    await initBackend('webgpu', { canFallBack: false });
    const kept = created.at(-1)!;
    await initBackend('cpu');
    kept.loseDevice();
    await settle();
    refusesNewDevices = true;
    const attempt = initBackend('webgpu', { canFallBack: false });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow('webgpu: its WebGPU device was lost and no new one could be had (the console has the details)');
    // With fallback, as the worker asks: the next backend, with the reason.
    const report = await initBackend('webgpu');
    expect(report.active).toBe('wasm');
    expect(report.reason).toContain('its WebGPU device was lost and no new one could be had');
    refusesNewDevices = false;
  });

  it("a device destroyed under the backend that runs is lost to it: reported, reason 'destroyed'", async () => {
    const losses: DeviceLostInfo[] = [];
    await initBackend('webgpu', { canFallBack: false, onDeviceLost: (info) => losses.push(info) });
    expect(tf.backend()).toBe(created.at(-1));
    // The app destroys no device it trains on; one destroyed (the e2e hook's loseGpu) fails its next read as a reset's does.
    created.at(-1)!.loseDevice('destroyed');
    await settle();
    expect(losses).toEqual([{ backend: 'webgpu', reason: 'destroyed', message: 'GPU process crashed' }]);
  });
});
