import { describe, expect, it } from 'vitest';
import { compareLimitText, keptSelection, MAX_COMPARED, toggledSelection } from './compareSelection';
import { sameNameNumbers } from './sameNameNumbers';

describe('toggledSelection', () => {
  it('ticks (newest last) and unticks', () => {
    const kept = ['a', 'b', 'c', 'd', 'e'];
    expect(toggledSelection(['a', 'b'], 'c', true, kept)).toEqual(['a', 'b', 'c']);
    expect(toggledSelection(['a', 'b'], 'a', false, kept)).toEqual(['b']);
    expect(toggledSelection(['a', 'b'], 'a', true, kept)).toEqual(['b', 'a']);
  });

  it('refuses a tick past MAX_COMPARED instead of unticking the oldest, and still unticks', () => {
    const kept = ['a', 'b', 'c', 'd', 'e'];
    expect(MAX_COMPARED).toBe(4);
    expect(toggledSelection(['a', 'b', 'c', 'd'], 'e', true, kept)).toBeNull();
    expect(toggledSelection(['a', 'b', 'c', 'd'], 'b', false, kept)).toEqual(['a', 'c', 'd']);
    expect(compareLimitText('GRU try')).toBe('Compare shows at most 4 runs: untick one first to compare "GRU try".');
  });

  it('names the refused run so that it is one run only, also when kept runs share its name (Reset and train again)', () => {
    const name = 'LSTM 8 · Adam 0.005 · 1 epoch';
    const runs = [1, 2, 3, 4, 5].map((time) => ({ id: `run-${time}`, name, createdAt: time }));
    const numbers = sameNameNumbers(runs);
    const messages = runs.map((run) => compareLimitText(run.name, numbers.get(run.id)));
    expect(new Set(messages).size, 'a different message for each of five runs named alike').toBe(5);
    expect(messages[2]).toBe(`Compare shows at most 4 runs: untick one first to compare "${name}" #3.`);
  });

  it('gives a deleted run no place: ticking a fourth kept run pushes out none', () => {
    // 'gone' was ticked, then deleted (and not undone): three kept runs ticked plus a fourth are all compared,
    // the oldest tick 'a' included.
    expect(toggledSelection(['a', 'gone', 'b', 'c'], 'd', true, ['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('keptSelection', () => {
  it('keeps the ticks of runs still kept, in order, each once', () => {
    expect(keptSelection(['a', 'gone', 'b', 'a'], ['b', 'a', 'c'])).toEqual(['a', 'b']);
    expect(keptSelection(['a', 'b'], [])).toEqual([]);
  });

  it('keeps at most MAX_COMPARED, the newest', () => {
    expect(keptSelection(['a', 'b', 'c', 'd', 'e'], ['a', 'b', 'c', 'd', 'e'])).toEqual(['b', 'c', 'd', 'e']);
  });
});
