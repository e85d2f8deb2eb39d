import { describe, expect, it } from 'vitest';
import { divergenceMessage } from './raceDivergence';

describe('a diverged race member', () => {
  it('says in words which number stopped being one, where, and what stays', () => {
    expect(divergenceMessage('Clipping off', { step: 37, loss: Number.NaN, gradNorm: Number.NaN })).toBe(
      'The loss became NaN (not a number) at step 37 in “Clipping off”: the gradients exploded. That run stopped there (its update at step 37 was skipped, so its weights are those of step 36); its curves up to then stay.',
    );
    expect(divergenceMessage('Clipping off', { step: 5, loss: 3.2, gradNorm: Number.POSITIVE_INFINITY })).toMatch(/^The gradient norm became infinite at step 5 in “Clipping off”/);
    expect(divergenceMessage('Clipping off', { step: 5, loss: Number.NEGATIVE_INFINITY, gradNorm: Number.NaN })).toMatch(/^The loss became infinite at step 5/);
  });
});
