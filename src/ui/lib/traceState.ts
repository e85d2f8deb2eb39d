/**
 * What the Inspect step shows for the text in its box: the trace of that text, or why there is none, never both and
 * never an older text's. The trace and its error are one state moved by one function, because kept apart they went
 * stale apart: a failed request (an emptied box) left the previous sentence's prediction and unknown-words notice
 * on screen under the new error, and a later success cleared the trace's error but not the other copy of it.
 */
import type { InspectionTrace } from '../../model/types';

export interface TraceState {
  trace: InspectionTrace | null;
  error: string | null;
  isLoading: boolean;
}

export type TraceEvent =
  /** The box holds nothing to read (empty or only spaces): nothing is asked, nothing shown. */
  | { type: 'cleared' }
  /** A trace was asked for: the one on show stays while it is worked out (no flicker while typing). */
  | { type: 'asked' }
  | { type: 'answered'; trace: InspectionTrace }
  /** The text cannot be traced: the reason replaces the trace, which was of another text. */
  | { type: 'failed'; error: string };

export const NO_TRACE: TraceState = { trace: null, error: null, isLoading: false };

/** Whether a text is worth asking the network about: blank text has nothing to read, at any input level. */
export function isTraceable(text: string): boolean {
  return text.trim() !== '';
}

export function nextTraceState(state: TraceState, event: TraceEvent): TraceState {
  switch (event.type) {
    case 'cleared':
      return NO_TRACE;
    case 'asked':
      return state.isLoading ? state : { ...state, isLoading: true };
    case 'answered':
      return { trace: event.trace, error: null, isLoading: false };
    case 'failed':
      return { trace: null, error: event.error, isLoading: false };
    default: {
      const unexpected: never = event;
      throw new Error(`Unknown trace event ${JSON.stringify(unexpected)}`);
    }
  }
}
