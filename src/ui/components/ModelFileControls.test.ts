import { describe, expect, it } from 'vitest';
import { MAX_MODEL_FILE_BYTES, readModelFile } from './ModelFileControls';

describe('readModelFile', () => {
  it('refuses a file over the limit with sizes in round units (not "209.7152 MB")', async () => {
    const huge = { name: 'big.json', size: MAX_MODEL_FILE_BYTES + 30 * 1024 * 1024, text: () => Promise.resolve('') };
    await expect(readModelFile(huge)).rejects.toThrow('"big.json" is 230 MB; model files up to 200 MB are accepted.');
  });

  it('reads a file within the limit', async () => {
    await expect(readModelFile({ name: 'ok.json', size: 2, text: () => Promise.resolve('{}') })).resolves.toBe('{}');
  });
});
