/**
 * The inspection trace of one text, kept fresh: asked again shortly after the text changes, and when
 * new weights arrive (training, a reset, an opened model) at most once per `refreshMs`. Only the
 * latest answer is kept; one request is in flight at a time, so a slow backend is never flooded.
 */
import { useEffect, useRef, useState } from 'react';
import type { InspectionTrace } from '../../model/types';
import { errorText } from '../lib/format';
import { useClient, useClientState } from './clientContext';

export interface TraceState {
  trace: InspectionTrace | null;
  error: string | null;
  isLoading: boolean;
}

export function useTrace(text: string, targetClass: number | null, enabled: boolean, refreshMs = 1000): TraceState {
  const client = useClient();
  const weightsVersion = useClientState((snapshot) => snapshot.weightsVersion);
  const hasModel = useClientState((snapshot) => snapshot.model !== null);
  const [state, setState] = useState<TraceState>({ trace: null, error: null, isLoading: false });
  const inFlight = useRef(false);
  const wanted = useRef<{ text: string; targetClass: number | null } | null>(null);
  const lastAsked = useRef(0);
  const isMounted = useRef(true);
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
      setState((previous) => ({ ...previous, isLoading: true }));
      client
        .trace(request.text, request.targetClass)
        .then((trace) => {
          if (isMounted.current) setState({ trace, error: null, isLoading: false });
        })
        .catch((error: unknown) => {
          if (isMounted.current) setState((previous) => ({ ...previous, error: errorText(error), isLoading: false }));
        })
        .finally(() => {
          inFlight.current = false;
          // Something newer was asked for meanwhile: fetch it now.
          if (wanted.current && isMounted.current) askRef.current();
        });
    };
  });

  // The text or target changed: ask soon (debounced while typing).
  useEffect(() => {
    if (!enabled || !hasModel) return;
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
      wanted.current = latest.current;
      askRef.current();
    }, wait);
    return () => clearTimeout(timer);
  }, [enabled, hasModel, weightsVersion, refreshMs]);

  return hasModel ? state : { trace: null, error: null, isLoading: false };
}
