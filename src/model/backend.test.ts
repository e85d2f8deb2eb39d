import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeAdapter, initBackend, measureTrainingStep } from './backend';

describe('initBackend in Node', () => {
  it('starts a forced backend and says it was chosen by hand', async () => {
    const report = await initBackend('cpu');
    expect(report).toMatchObject({ requested: 'cpu', active: 'cpu' });
    expect(report.reason).toContain('chosen by hand');
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

  it('auto measures every candidate and keeps the fastest', async () => {
    const report = await initBackend('auto', { candidates: ['wasm', 'cpu'] });
    const measured = report.measured ?? {};
    expect(Object.keys(measured).sort()).toEqual(['cpu', 'wasm']);
    const fastest = (Object.entries(measured) as [string, number][]).sort((a, b) => a[1] - b[1])[0][0];
    expect(report.active).toBe(fastest);
    expect(tf.getBackend()).toBe(fastest);
    expect(report.reason).toContain('no WebGPU in this browser');
    expect(report.reason).toContain(`${fastest} was fastest on a small LSTM training step`);
  });

  it('auto reports a candidate that cannot start instead of failing', async () => {
    const report = await initBackend('auto', { candidates: ['webgl', 'cpu'] });
    expect(report.active).toBe('cpu');
    expect(report.measured).not.toHaveProperty('webgl');
    expect(report.reason).toContain('not available: webgl');
  });

  it('measuring a step leaves no tensor or variable behind and does not touch other variables', async () => {
    await initBackend('wasm');
    const bystander = tf.variable(tf.ones([3]));
    const before = tf.memory().numTensors;
    const ms = await measureTrainingStep();
    expect(ms).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(await bystander.data())).toEqual([1, 1, 1]);
    bystander.dispose();
  });
});
