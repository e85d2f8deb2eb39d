/**
 * The inspection trace of one text, kept fresh: asked again shortly after the text changes, and when
 * new weights arrive (training, a reset, an opened model) at most once per `refreshMs`. Only the
 * latest answer is kept; one request is in flight at a time, so a slow backend is never flooded.
 * The trace and its error are one state (lib/traceState.ts): an answer replaces both. Blank text is
 * never asked about; it clears what is shown, and an answer still on its way for an earlier text is
 * dropped when it comes.
 */
import { useEffect, useRef, useState } from 'react';
import { errorText } from '../lib/format';
import { NO_TRACE, isTraceable, nextTraceState } from '../lib/traceState';
import type { TraceEvent, TraceState } from '../lib/traceState';
import { useClient, useClientState } from './clientContext';

export type { TraceState } from '../lib/traceState';

export function useTrace(text: string, targetClass: number | null, enabled: boolean, refreshMs = 1000): TraceState {
  const client = useClient();
  const weightsVersion = useClientState((snapshot) => snapshot.weightsVersion);
  const hasModel = useClientState((snapshot) => snapshot.model !== null);
  const [state, setState] = useState<TraceState>(NO_TRACE);
  const inFlight = useRef(false);
  const wanted = useRef<{ text: string; targetClass: number | null } | null>(null);
  const lastAsked = useRef(0);
  const isMounted = useRef(true);
  /** Bumped when the box is cleared: an answer asked for before then belongs to a text no longer there. */
  const generation = useRef(0);
  useEffect(() => {
    isMounted.current = true;
    return () => {
      isMounted.current = false;
    };
  }, []);

  const askRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    askRef.current = () => {
      const request = wanted.current;
      if (!request || inFlight.current) return;
      wanted.current = null;
      inFlight.current = true;
      lastAsked.current = performance.now();
      const askedIn = generation.current;
      const apply = (event: TraceEvent) => {
        if (isMounted.current && askedIn === generation.current) setState((previous) => nextTraceState(previous, event));
      };
      apply({ type: 'asked' });
      client
        .trace(request.text, request.targetClass)
        .then((trace) => apply({ type: 'answered', trace }))
        .catch((error: unknown) => apply({ type: 'failed', error: errorText(error) }))
        .finally(() => {
          inFlight.current = false;
          // Something newer was asked for meanwhile: fetch it now.
          if (wanted.current && isMounted.current) askRef.current();
        });
    };
  });

  // The text or target changed: ask soon (debounced while typing); blank text clears at once.
  useEffect(() => {
    if (!enabled || !hasModel) return;
    if (!isTraceable(text)) {
      generation.current += 1;
      wanted.current = null;
      setState(NO_TRACE);
      return;
    }
    const timer = setTimeout(() => {
      wanted.current = { text, targetClass };
      askRef.current();
    }, 150);
    return () => clearTimeout(timer);
  }, [enabled, hasModel, text, targetClass]);

  // New weights: refresh, throttled.
  const latest = useRef({ text, targetClass });
  useEffect(() => {
    latest.current = { text, targetClass };
  });
  useEffect(() => {
    if (!enabled || !hasModel) return;
    const wait = Math.max(0, refreshMs - (performance.now() - lastAsked.current));
    const timer = setTimeout(() => {
      if (!isTraceable(latest.current.text)) return;
      wanted.current = latest.current;
      askRef.current();
    }, wait);
    return () => clearTimeout(timer);
  }, [enabled, hasModel, weightsVersion, refreshMs]);

  return hasModel ? state : NO_TRACE;
}
