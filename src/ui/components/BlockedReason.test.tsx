import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BlockedReason } from './BlockedReason';

describe('BlockedReason', () => {
  it('is a polite live region even while nothing is refused, so the reason appearing in it is announced', () => {
    const markup = renderToStaticMarkup(<BlockedReason id="build-blocked" reason={null} />);
    expect(markup).toBe('<p id="build-blocked" class="field-problem blocked-reason" role="status" aria-live="polite" data-testid="build-blocked"></p>');
  });

  it('holds the reason under the id the disabled buttons are described by', () => {
    const markup = renderToStaticMarkup(<BlockedReason id="train-blocked" reason="To train, fix Epochs: between 1 and 100." />);
    expect(markup).toContain('id="train-blocked"');
    expect(markup).toContain('role="status"');
    expect(markup).toContain('>To train, fix Epochs: between 1 and 100.</p>');
  });
});
