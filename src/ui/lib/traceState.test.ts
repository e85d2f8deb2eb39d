import { describe, expect, it } from 'vitest';
import type { InspectionTrace } from '../../model/types';
import { NO_TRACE, isTraceable, nextTraceState } from './traceState';
import type { TraceEvent, TraceState } from './traceState';

function traceOf(text: string): InspectionTrace {
  return {
    text,
    tokens: text.split(' '),
    dropped: [],
    unknown: [],
    logProbs: Float32Array.of(-0.5, -1),
    prefixLogProbs: { rows: 0, cols: 2, data: new Float32Array(0) },
    targetClass: 0,
    layers: [],
  };
}

function run(events: TraceEvent[]): TraceState {
  return events.reduce(nextTraceState, NO_TRACE);
}

describe('nextTraceState', () => {
  it('shows no prediction once the box is emptied', () => {
    const state = run([{ type: 'asked' }, { type: 'answered', trace: traceOf('это прекрасный фильм') }, { type: 'cleared' }]);
    expect(state).toEqual(NO_TRACE);
  });

  it('drops the previous prediction when a text cannot be traced', () => {
    const state = run([{ type: 'answered', trace: traceOf('a fine film') }, { type: 'asked' }, { type: 'failed', error: '"123" has no letters' }]);
    expect(state.trace).toBeNull();
    expect(state.error).toBe('"123" has no letters');
    expect(state.isLoading).toBe(false);
  });

  it('clears the error once a text is traced', () => {
    const trace = traceOf('a fine film');
    const state = run([{ type: 'failed', error: 'no words' }, { type: 'asked' }, { type: 'answered', trace }]);
    expect(state).toEqual({ trace, error: null, isLoading: false });
  });

  it('keeps the trace on show while the next one is worked out', () => {
    const trace = traceOf('a fine');
    const state = run([{ type: 'answered', trace }, { type: 'asked' }]);
    expect(state).toEqual({ trace, error: null, isLoading: true });
  });
});

describe('isTraceable', () => {
  it('is false for empty and blank text only', () => {
    expect(isTraceable('')).toBe(false);
    expect(isTraceable('  \t\n')).toBe(false);
    expect(isTraceable('!')).toBe(true);
  });
});
