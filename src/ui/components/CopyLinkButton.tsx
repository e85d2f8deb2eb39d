/**
 * "Copy link": the address bar already mirrors the lesson (task and settings, step, presenter mode, the
 * example text), so the link is the current URL. Opened elsewhere it lands on the same step with the same
 * text and no tour. Where the clipboard is refused (an insecure origin, a denied permission) the link is
 * shown selected, ready for Ctrl+C.
 */
import { useEffect, useRef, useState } from 'react';

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; url: string };

/** How long "Link copied" stays before the button reads "Copy link" again. */
const COPIED_FEEDBACK_MS = 2500;

export function CopyLinkButton() {
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  const manualRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state.kind === 'manual') manualRef.current?.select();
    if (state.kind !== 'copied') return;
    const timer = window.setTimeout(() => setState({ kind: 'idle' }), COPIED_FEEDBACK_MS);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      setState({ kind: 'copied' });
    } catch {
      setState({ kind: 'manual', url });
    }
  };

  return (
    <span className="copy-link">
      <button type="button" onClick={() => void copy()} data-testid="copy-link" title="Copy a link to this step, with these settings and this text">
        {state.kind === 'copied' ? 'Link copied' : 'Copy link'}
      </button>
      <span role="status" className="visually-hidden">
        {state.kind === 'copied' ? 'The link to this screen was copied.' : ''}
      </span>
      {state.kind === 'manual' && (
        <input
          ref={manualRef}
          type="text"
          readOnly
          value={state.url}
          aria-label="Link to this screen (copy it with Ctrl+C)"
          data-testid="copy-link-url"
          onBlur={() => setState({ kind: 'idle' })}
        />
      )}
    </span>
  );
}
