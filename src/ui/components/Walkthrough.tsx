/**
 * First visit: a short, skippable tour of the five steps; it moves the screen along as it goes. A real modal
 * dialog (`<dialog>` shown with showModal): the page behind is inert, focus moves into the tour and Tab cycles
 * inside it, Escape closes it, and focus returns to where it was (or to the step tabs) afterwards.
 */
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { StepId } from '../state/appConfig';
import { STEPS } from '../state/appConfig';
import { markWalkthroughSeen } from '../state/persistence';

const DETAILS: Record<StepId, string> = {
  data: 'Pick a task — surnames → language, movie-review sentiment, or your own file — and look at the classes, lengths and splits.',
  encode: 'Type a name and see its one-hot picture (one lit cell per letter), or a sentence as word ids.',
  model: 'Choose the recurrent cell (RNN, LSTM, GRU), its size and layers; see the network folded and unrolled, its parameters and equations.',
  train: 'Press Play (or Space). Watch the loss fall, the accuracy rise and the confusion matrix fill. → runs one batch, R resets.',
  inspect: 'Type any name: the top 3 guesses, and inside the network — hidden states, gates, the guess after each letter.',
};

interface WalkthroughProps {
  onShowStep: (step: StepId) => void;
  onClose: () => void;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Walkthrough({ onShowStep, onClose }: WalkthroughProps) {
  const [index, setIndex] = useState(0);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const step = STEPS[index];
  const isLast = index === STEPS.length - 1;

  // Open as a modal once; on close, give focus back to what had it (the Tour button) or to the current step tab.
  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      const target = opener && opener !== document.body && opener.isConnected ? opener : document.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
      target?.focus();
    };
  }, []);

  useEffect(() => {
    onShowStep(step.id);
    nextRef.current?.focus();
  }, [onShowStep, step.id]);

  function close() {
    markWalkthroughSeen();
    onShowStep('data');
    onClose();
  }

  // Tab and Shift+Tab wrap around inside the dialog instead of leaving it for the browser's own controls.
  function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== 'Tab') return;
    const focusable = [...(dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="walkthrough"
      aria-labelledby="walkthrough-title"
      aria-describedby="walkthrough-detail"
      data-testid="walkthrough"
      onCancel={(event) => {
        // Escape: the browser would close the dialog by itself; close through React so the tour counts as seen.
        event.preventDefault();
        close();
      }}
      onKeyDown={keepFocusInside}
    >
      <p className="walkthrough-count">
        Step {index + 1} of {STEPS.length}
      </p>
      <h2 id="walkthrough-title">{step.title}</h2>
      <p id="walkthrough-detail">{DETAILS[step.id]}</p>
      <div className="button-row">
        <button type="button" className="link-button" onClick={close} data-testid="walkthrough-skip">
          Skip the tour
        </button>
        <button type="button" onClick={() => setIndex(index - 1)} disabled={index === 0}>
          Back
        </button>
        <button
          ref={nextRef}
          type="button"
          className="primary"
          onClick={() => (isLast ? close() : setIndex(index + 1))}
          data-testid="walkthrough-next"
        >
          {isLast ? 'Start' : 'Next'}
        </button>
      </div>
    </dialog>
  );
}
