import { describe, expect, it } from 'vitest';
import { checkModelFileSize, MAX_MODEL_FILE_BYTES } from './ModelFileControls';

describe('checkModelFileSize', () => {
  it('refuses a file over the limit with sizes in round units (not "209.7152 MB")', () => {
    const huge = { name: 'big.json', size: MAX_MODEL_FILE_BYTES + 30 * 1024 * 1024 };
    expect(() => checkModelFileSize(huge)).toThrow('"big.json" is 230 MB; model files up to 200 MB are accepted.');
  });

  it('lets a file within the limit through (the worker reads it)', () => {
    expect(() => checkModelFileSize({ name: 'ok.json', size: MAX_MODEL_FILE_BYTES })).not.toThrow();
  });
});
