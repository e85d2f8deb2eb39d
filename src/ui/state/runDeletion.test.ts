import { describe, expect, it } from 'vitest';
import { deletionText, focusAfterDelete, focusAfterKeep, withDeleted } from './runDeletion';

describe('focusAfterDelete', () => {
  it("moves to the next run's Delete button, the previous one's at the end", () => {
    expect(focusAfterDelete(['a', 'b', 'c'], 'b')).toEqual({ kind: 'delete', runId: 'c' });
    expect(focusAfterDelete(['a', 'b', 'c'], 'a')).toEqual({ kind: 'delete', runId: 'b' });
    expect(focusAfterDelete(['a', 'b', 'c'], 'c')).toEqual({ kind: 'delete', runId: 'b' });
  });

  it('moves to the undo when no run is left', () => {
    expect(focusAfterDelete(['a'], 'a')).toEqual({ kind: 'undo' });
  });
});

describe('focusAfterKeep', () => {
  it("moves to the first run's Delete button, or to the import with no run left (not to the page's top)", () => {
    expect(focusAfterKeep(['a', 'b'])).toEqual({ kind: 'delete', runId: 'a' });
    expect(focusAfterKeep([])).toEqual({ kind: 'import' });
  });
});

describe('withDeleted', () => {
  it('keeps every run deleted since the notice appeared, each once', () => {
    const a = { id: 'a', name: 'A' };
    const b = { id: 'b', name: 'B' };
    expect(withDeleted(withDeleted([], a), b)).toEqual([a, b]);
    expect(withDeleted([a, b], { id: 'a', name: 'A again' })).toEqual([b, { id: 'a', name: 'A again' }]);
  });
});

describe('deletionText', () => {
  it('names one run and counts several', () => {
    expect(deletionText(['GRU try'])).toBe('Deleted “GRU try”.');
    expect(deletionText(['GRU try', 'RNN baseline'])).toBe('Deleted 2 runs.');
    // A long name is cut, so the notice and its buttons stay on one line.
    expect(deletionText(['My LSTM with a very long name that goes on and on'])).toBe('Deleted “My LSTM with a very long name t…”.');
  });
});
