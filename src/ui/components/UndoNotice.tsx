/**
 * The notice that follows an action which threw something away (a reset, a replaced model, a deleted run): it says
 * what went, offers to put it back, and lets the user keep the change (which hides it). One component, so every
 * undo in the app looks and reads the same.
 */
import { useState, type ReactNode, type Ref } from 'react';

interface UndoNoticeProps {
  /** What was thrown away, in words. */
  message: ReactNode;
  undoLabel: string;
  onUndo(): void;
  keepLabel: string;
  onKeep(): void;
  testId: string;
  /**
   * The message, made focusable (not in the Tab order) for a caller that moves the focus to it: the list whose
   * focused Delete button is gone. Focus on the message, not on a button, so a second Enter does nothing; Tab
   * reaches the undo next, and a screen reader reads what was deleted.
   */
  messageRef?: Ref<HTMLSpanElement>;
}

export function UndoNotice({ message, undoLabel, onUndo, keepLabel, onKeep, testId, messageRef }: UndoNoticeProps) {
  // The control that had the focus when the notice appeared (Reset, Open model): either button hides the notice, and
  // the focus goes back there instead of falling to the page's top. A caller that moves it elsewhere (the runs list,
  // whose Delete button is gone) does so after this.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : document.activeElement));
  const thenReturnFocus = (action: () => void) => () => {
    action();
    if (opener instanceof HTMLElement && opener.isConnected && opener !== document.body) opener.focus();
  };
  return (
    <div className="notice-bar" role="status" data-testid={testId}>
      <span ref={messageRef} tabIndex={messageRef ? -1 : undefined}>
        {message}
      </span>
      <button type="button" className="link-button" onClick={thenReturnFocus(onUndo)}>
        {undoLabel}
      </button>
      <button type="button" className="link-button" onClick={thenReturnFocus(onKeep)}>
        {keepLabel}
      </button>
    </div>
  );
}
