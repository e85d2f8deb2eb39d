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
  });

  it('throws instead of falling back when asked to (the probe measures one backend at a time)', async () => {
    await initBackend('cpu');
    await expect(initBackend('webgl', { canFallBack: false })).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(tf.getBackend()).toBe('cpu');
  });
});
