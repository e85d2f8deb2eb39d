/**
 * Space = play/pause, → = one step, r = reset (undoable), p = presenter mode. A handler left undefined leaves
 * its key to the browser (the training keys are passed only where the screen lists them). Never while the
 * user types in a field, and never a key the focused widget uses itself (Space on a button, Space and the
 * arrows on a chart or a scroll region): see keysTakenByFocus.
 */
import { useEffect, useRef } from 'react';
import { isKeyTakenByFocus } from '../lib/keysTakenByFocus';
import type { KeyTarget } from '../lib/keysTakenByFocus';

export interface KeyboardHandlers {
  onTogglePlay?: () => void;
  onStep?: () => void;
  onReset?: () => void;
  onTogglePresenter?: () => void;
}

/** An SVG element has no isContentEditable; it is never a text field. */
function asKeyTarget(element: Element): KeyTarget {
  return { tagName: element.tagName, isContentEditable: element instanceof HTMLElement && element.isContentEditable, getAttribute: (name) => element.getAttribute(name) };
}

export function useKeyboardShortcuts(handlers: KeyboardHandlers): void {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      // An SVG chart is an Element, not an HTMLElement: both can hold the focus.
      if (event.target instanceof Element && isKeyTakenByFocus(asKeyTarget(event.target), event.key)) return;
      const current = handlersRef.current;
      if (event.key === ' ' && current.onTogglePlay) {
        event.preventDefault();
        current.onTogglePlay();
      } else if (event.key === 'ArrowRight' && current.onStep) {
        event.preventDefault();
        current.onStep();
      } else if ((event.key === 'r' || event.key === 'R') && current.onReset && !event.shiftKey) {
        current.onReset();
      } else if ((event.key === 'p' || event.key === 'P') && current.onTogglePresenter) {
        current.onTogglePresenter();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
