/**
 * The GPU machine's bench entry (deviceBench.ts, bundled by scripts/device-kit.sh) on Dawn + SwiftShader: a
 * whole run prints the bench's row for a configuration, with the fused path's kernel and dispatch counts, and the
 * per-kernel profile; bad arguments are named before anything starts.
 */
import { describe, expect, it } from 'vitest';
import { deviceBench } from './deviceBench';

describe('deviceBench', () => {
  it('names a bad driver or configuration before starting anything', async () => {
    await expect(deviceBench(['--driver', 'metal'])).rejects.toThrow(/--driver metal: choose system or swiftshader/);
    await expect(deviceBench(['--config', 'names-lstm,names-xyz'])).rejects.toThrow(/--config names-xyz: choose from names-lstm, /);
  });

  it('times a configuration on webgpu through Dawn and profiles names-lstm', async () => {
    const lines = await deviceBench(['--driver', 'swiftshader', '--config', 'names-rnn', '--steps', '3', '--profile-steps', '1']);
    const text = lines.join('\n');
    expect(text).toMatch(/through Dawn \(swiftshader Vulkan driver\): .*swiftshader/i);
    // where, backend, config, ms/step, p10, p90, steps/s, kernels, dispatches, trace, n: the fused RNN's 45 kernels and 22 dispatches.
    expect(text).toMatch(/node\s+webgpu\s+names-rnn\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+45\s+22\s+[\d.]+\s+3\s/);
    const profile = text.slice(text.indexOf('names-lstm kernel profile, 1 steps:'));
    expect(profile).toMatch(/^names-lstm kernel profile, 1 steps: wall [\d.]+ ms, GPU kernels [\d.]+ ms per step/);
    expect(profile).toMatch(/\n\s+RnnPlaygroundLstmSequence\s+1\.0 calls\s+[\d.]+ ms/);
  });
});
