/**
 * The worker's status words as a screen shows them. Advice that names controls is worded here, per screen, from the
 * worker's reason code: the worker cannot know that Your text starts again with New weights where Train and
 * Generate names have Reset.
 */
import type { StatusReason } from '../../worker/protocol';

/** The button that starts a run again from new weights on this screen. */
export type RestartControl = 'Reset' | 'New weights';

export function statusText(message: string | null, reason: StatusReason | null, restartControl: RestartControl): string | null {
  switch (reason) {
    case 'run-finished':
      return `This run has finished all its epochs. Raise Epochs to train on, or press ${restartControl} to start again.`;
    case null:
      return message;
  }
}
