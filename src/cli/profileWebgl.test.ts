import { describe, expect, it } from 'vitest';
import { profileWebgl } from './profileWebgl';

describe('profile:webgl arguments', () => {
  it('names an unknown configuration and a bad count before starting a server or a browser', async () => {
    await expect(profileWebgl(['--config', 'names-xyz'])).rejects.toThrow(/--config names-xyz: choose one of names-lstm, /);
    await expect(profileWebgl(['--warmup', '1.5'])).rejects.toThrow(/--warmup 1.5: give a whole number/);
  });
});
