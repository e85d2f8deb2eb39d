/**
 * The worker's status words as a screen shows them. Advice that names controls is worded here, per screen, from the
 * worker's reason code: the worker cannot know that Your text starts again with New weights where Train and
 * Generate names have Reset.
 */
import type { StatusReason } from '../../worker/protocol';

/** The button that starts a run again from new weights on this screen. */
export type RestartControl = 'Reset' | 'New weights';

/**
 * Whole epochs a run has trained. Play trains on only once Epochs is above this: with Epochs lowered under what was
 * trained, "Raise Epochs" alone left every value up to it doing nothing, so the advice names the number.
 */
export function epochsTrained(step: number, stepsPerEpoch: number): number {
  return stepsPerEpoch > 0 ? Math.floor(step / stepsPerEpoch) : 0;
}

export function statusText(message: string | null, reason: StatusReason | null, restartControl: RestartControl, trainedEpochs: number): string | null {
  switch (reason) {
    case 'run-finished': {
      const raise = trainedEpochs > 0 ? `Raise Epochs above ${trainedEpochs}` : 'Raise Epochs';
      return `This run has finished all its epochs. ${raise} to train on, or press ${restartControl} to start again.`;
    }
    case null:
      return message;
  }
}
