import { describe, expect, it } from 'vitest';
import { profileWebgpu } from './profileWebgpu';

describe('profile:webgpu arguments', () => {
  it('names an unknown configuration and a bad count before starting anything', async () => {
    await expect(profileWebgpu(['--config', 'names-xyz'])).rejects.toThrow(/--config names-xyz: choose one of names-lstm, /);
    await expect(profileWebgpu(['--steps', '2.5'])).rejects.toThrow(/--steps 2.5: give a whole number/);
    await expect(profileWebgpu(['--browser', '--config', 'names-xyz'])).rejects.toThrow(/--config names-xyz: choose one of /);
  });
});
