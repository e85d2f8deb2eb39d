import { describe, expect, it } from 'vitest';
import { deletionText, focusAfterKeep, noticeIndex, noticePlaceAfterDelete, withDeleted } from './runDeletion';

describe('noticePlaceAfterDelete and noticeIndex', () => {
  it("put the notice in the deleted run's place: before the run that followed it, at the end for the last run", () => {
    expect(noticePlaceAfterDelete(['a', 'b', 'c'], 'b')).toBe('c');
    expect(noticePlaceAfterDelete(['a', 'b', 'c'], 'c')).toBeNull();
    expect(noticeIndex(['a', 'c'], 'c')).toBe(1);
    expect(noticeIndex(['a', 'b'], null)).toBe(2);
  });

  it('put it at the end when the run it preceded is gone', () => {
    expect(noticeIndex(['a', 'b'], 'c')).toBe(2);
    expect(noticeIndex([], 'c')).toBe(0);
  });
});

describe('focusAfterKeep', () => {
  it("moves to the Delete button of the run in the deleted one's place, the previous run's at the end", () => {
    expect(focusAfterKeep(['a', 'c'], 'c')).toEqual({ kind: 'delete', runId: 'c' });
    expect(focusAfterKeep(['a', 'b'], null)).toEqual({ kind: 'delete', runId: 'b' });
  });

  it("moves to the import with no run left (not to the page's top)", () => {
    expect(focusAfterKeep([], null)).toEqual({ kind: 'import' });
    expect(focusAfterKeep([], 'c')).toEqual({ kind: 'import' });
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
