import { describe, expect, it } from 'vitest';
import { buildStateText, LOOKING_TEXT, NOT_BUILT_TEXT, RESTORING_TEXT } from './buildState';

describe('buildStateText', () => {
  it('says the kept model is coming back while it is read in, not that none was built', () => {
    expect(buildStateText('restoring', false, false)).toBe(RESTORING_TEXT);
    expect(buildStateText('looking', false, false)).toBe(LOOKING_TEXT);
    expect(buildStateText('restoring', false, false)).not.toMatch(/Not built/);
    expect(buildStateText('looking', false, false)).not.toMatch(/Not built/);
  });

  it('says "Not built yet" only once there is nothing to bring back', () => {
    expect(buildStateText(null, false, false)).toBe(NOT_BUILT_TEXT);
  });

  it('a task switch that brings back another run says so over the model it replaces', () => {
    expect(buildStateText('restoring', true, false)).toBe(RESTORING_TEXT);
  });

  it('a built model: whether it matches the settings on screen', () => {
    expect(buildStateText(null, true, true)).toBe('The built model matches these settings.');
    expect(buildStateText(null, true, false)).toBe('Changed: the next Play builds a new model with these settings.');
  });
});
