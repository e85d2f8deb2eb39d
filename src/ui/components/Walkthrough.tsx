/** First visit: a short, skippable tour of the five steps; it moves the screen along as it goes. */
import { useEffect, useRef, useState } from 'react';
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

export function Walkthrough({ onShowStep, onClose }: WalkthroughProps) {
  const [index, setIndex] = useState(0);
  const nextRef = useRef<HTMLButtonElement>(null);
  const step = STEPS[index];
  const isLast = index === STEPS.length - 1;

  useEffect(() => {
    onShowStep(step.id);
    nextRef.current?.focus();
  }, [onShowStep, step.id]);

  function close() {
    markWalkthroughSeen();
    onShowStep('data');
    onClose();
  }

  return (
    <div
      className="walkthrough"
      role="dialog"
      aria-modal="false"
      aria-labelledby="walkthrough-title"
      data-testid="walkthrough"
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <p className="walkthrough-count">
        Step {index + 1} of {STEPS.length}
      </p>
      <h2 id="walkthrough-title">{step.title}</h2>
      <p>{DETAILS[step.id]}</p>
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
    </div>
  );
}
