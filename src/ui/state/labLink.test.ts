import { describe, expect, it } from 'vitest';
import { labFromQuery, withLabInQuery } from './labLink';

describe('the open lab in the URL', () => {
  it('is set and read back, other parameters kept', () => {
    const open = withLabInQuery('?task=names&step=train', 'memory');
    expect(open).toBe('task=names&step=train&lab=memory');
    expect(labFromQuery(`?${open}`)).toBe('memory');
    const text = withLabInQuery(`?${open}`, 'text');
    expect(text).toBe('task=names&step=train&lab=text');
    expect(labFromQuery(`?${text}`)).toBe('text');
    const closed = withLabInQuery(`?${text}`, null);
    expect(closed).toBe('task=names&step=train');
    expect(labFromQuery(`?${closed}`)).toBeNull();
  });

  it('opens only for a lab it knows', () => {
    expect(labFromQuery('?lab=kitchen')).toBeNull();
    expect(labFromQuery('')).toBeNull();
  });
});
