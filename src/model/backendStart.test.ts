import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, describeAdapter, initBackend } from './backendStart';

describe('initBackend in Node', () => {
  it('starts the backend asked for and says so', async () => {
    const report = await initBackend('cpu');
    expect(report).toMatchObject({ requested: 'cpu', active: 'cpu', reason: 'cpu started' });
    expect(tf.getBackend()).toBe('cpu');
    expect(report.adapter).toMatch(/JavaScript/);
  });

  it('starts wasm and describes its flavour', async () => {
    const report = await initBackend('wasm');
    expect(report.active).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.adapter).toMatch(/^WebAssembly \((SIMD|no SIMD)/);
    expect(await describeAdapter()).toBe(report.adapter);
  });

  it('falls back from webgpu along webgpu → webgl → wasm and names every failure', async () => {
    const report = await initBackend('webgpu');
    expect(report.requested).toBe('webgpu');
    expect(report.active).toBe('wasm');
    expect(report.reason).toContain('navigator.gpu is missing');
    expect(report.reason).toContain('WebGL is not available');
    expect(report.reason).toContain('fell back to wasm');
    expect(report.absent, 'neither is offered in Node: no later try can work').toEqual(['webgpu', 'webgl']);
  });

  it('passes over WebGPU as absent where the browser has navigator.gpu but gives no adapter, before tfjs asks for one', async () => {
    // tfjs's own factory reads the adapter's features unchecked; a stand-in counts whether it was reached.
    expect(tf.findBackendFactory('webgpu'), 'no webgpu factory in Node before the stand-in').toBeNull();
    let factoryCalls = 0;
    tf.registerBackend('webgpu', async () => {
      factoryCalls += 1;
      throw new Error("Cannot read properties of null (reading 'features')");
    });
    const adapterRequests: unknown[] = [];
    const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: { gpu: { requestAdapter: async (options: unknown) => (adapterRequests.push(options), null) } },
    });
    try {
      const report = await initBackend('webgpu');
      expect(report.active).toBe('wasm');
      expect(report.absent, 'WebGPU passed over as not offered here').toEqual(['webgpu', 'webgl']);
      expect(report.reason).toContain('webgpu: this browser has WebGPU but gave no adapter for it');
      expect(adapterRequests).toEqual([{ powerPreference: 'high-performance' }]);
      expect(factoryCalls, "tfjs's factory is not reached").toBe(0);
    } finally {
      if (navigatorBefore) Object.defineProperty(globalThis, 'navigator', navigatorBefore);
      else Reflect.deleteProperty(globalThis, 'navigator');
      tf.removeBackend('webgpu');
    }
  });

  it('does not count a backend that fails to start as absent', async () => {
    expect(tf.findBackendFactory('webgl')).toBeNull();
    tf.registerBackend('webgl', async () => {
      throw new Error('no float textures');
    });
    try {
      const report = await initBackend('webgl');
      expect(report.active).toBe('wasm');
      expect(report.reason).toContain('webgl: TensorFlow.js could not initialise it');
      expect(report.absent).toEqual([]);
    } finally {
      tf.removeBackend('webgl');
    }
  });

  it('throws instead of falling back when asked to (the probe measures one backend at a time)', async () => {
    await initBackend('cpu');
    await expect(initBackend('webgl', { canFallBack: false })).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(tf.getBackend()).toBe('cpu');
  });
});
