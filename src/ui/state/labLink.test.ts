import { describe, expect, it } from 'vitest';
import { isMemoryLabInQuery, withMemoryLabInQuery } from './labLink';

describe('the memory lab in the URL', () => {
  it('is set and read back, other parameters kept', () => {
    const open = withMemoryLabInQuery('?task=names&step=train', true);
    expect(open).toBe('task=names&step=train&lab=memory');
    expect(isMemoryLabInQuery(`?${open}`)).toBe(true);
    const closed = withMemoryLabInQuery(`?${open}`, false);
    expect(closed).toBe('task=names&step=train');
    expect(isMemoryLabInQuery(`?${closed}`)).toBe(false);
  });

  it('opens only for its own value', () => {
    expect(isMemoryLabInQuery('?lab=text')).toBe(false);
    expect(isMemoryLabInQuery('')).toBe(false);
  });
});
