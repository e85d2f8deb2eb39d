/**
 * Space = play/pause, → = one step, r = reset (undoable), p = presenter mode. A handler left undefined leaves
 * its key to the browser (the training keys are passed only where the screen lists them). Never while the
 * user types in a field, and Space never on a focused button (the browser already "clicks" it).
 */
import { useEffect, useRef } from 'react';

export interface KeyboardHandlers {
  onTogglePlay?: () => void;
  onStep?: () => void;
  onReset?: () => void;
  onTogglePresenter?: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

export function useKeyboardShortcuts(handlers: KeyboardHandlers): void {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      const current = handlersRef.current;
      // A focused button takes Space itself (the browser clicks it) — except a step tab just chosen, where
      // a student who clicked "Train" and pressed Space means Play.
      const isOnButton =
        event.target instanceof HTMLElement &&
        (event.target.tagName === 'BUTTON' || event.target.tagName === 'A') &&
        event.target.getAttribute('role') !== 'tab';
      if (event.key === ' ' && current.onTogglePlay && !isOnButton) {
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
