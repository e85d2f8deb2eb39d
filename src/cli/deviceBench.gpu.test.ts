/**
 * The GPU machine's bench entry (deviceBench.ts, bundled by scripts/device-kit.sh) on Dawn + SwiftShader: a
 * whole run prints the bench's row for a configuration, with the fused path's kernel and dispatch counts, and the
 * per-kernel profile, after the PyTorch parity fixtures (--parity); bad arguments are named before anything starts.
 */
import { describe, expect, it } from 'vitest';
import { deviceBench } from './deviceBench';

describe('deviceBench', () => {
  it('names a bad driver or configuration before starting anything', async () => {
    await expect(deviceBench(['--driver', 'metal'])).rejects.toThrow(/--driver metal: choose system or swiftshader/);
    await expect(deviceBench(['--config', 'names-lstm,names-xyz'])).rejects.toThrow(/--config names-xyz: choose from names-lstm, /);
  });

  // One run only: a second Dawn instance in the same process (deviceBench sets WebGPU up each time) crashed SwiftShader.
  it('holds every fixture to PyTorch on both paths (--parity), times a configuration on webgpu through Dawn and profiles names-lstm', async () => {
    const lines = await deviceBench(['--driver', 'swiftshader', '--parity', '--config', 'names-rnn', '--steps', '3', '--profile-steps', '1']);
    const parity = lines.filter((line) => line.startsWith('parity '));
    for (const path of ['fused ', 'per-op']) {
      for (const file of ['rnn_tanh.json', 'lstm.json', 'gru.json', 'lstm_2layer_bidirectional.json', 'gru_2layer_bidirectional.json', 'lstm_long_bidirectional.json', 'classifier.json']) {
        expect(parity.some((line) => line.startsWith(`parity ${path} ${file}`) && !line.includes('FAILED')), `${path} ${file}`).toBe(true);
      }
    }
    expect(lines).toContain('parity: every value within 1e-4 of PyTorch, fused and per-op');
    const text = lines.join('\n');
    expect(text).toMatch(/through Dawn \(swiftshader Vulkan driver\): .*swiftshader/i);
    // where, backend, config, ms/step, p10, p90, steps/s, kernels, dispatches, trace, n: the fused RNN's 44 kernels and 22 dispatches.
    expect(text).toMatch(/node\s+webgpu\s+names-rnn\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+44\s+22\s+[\d.]+\s+3\s/);
    const profile = text.slice(text.indexOf('names-lstm kernel profile, 1 steps:'));
    expect(profile).toMatch(/^names-lstm kernel profile, 1 steps: wall [\d.]+ ms, GPU kernels [\d.]+ ms per step/);
    expect(profile).toMatch(/\n\s+RnnPlaygroundLstmSequence\s+1\.0 calls\s+[\d.]+ ms/);
  });

});
