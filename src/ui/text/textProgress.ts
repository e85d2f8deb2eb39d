/**
 * Your text's progress line. With Epochs lowered under what the run has trained, "Step 30 of 30 · epoch 2 of 2"
 * claimed fewer steps than were taken (and hid why Play does nothing), so then the line says what was trained and
 * what Epochs is instead.
 */
import { plural } from '../../data/validate';
import { epochsTrained } from '../lib/statusText';

export interface TextProgress {
  step: number;
  /** The worker's planned steps for the run (Epochs × steps an epoch, as it last said). */
  totalSteps: number;
  /** 0-based epoch of the next step. */
  epoch: number;
  stepsPerEpoch: number;
  /** Epochs as the field holds it now. */
  epochs: number;
}

export function textProgressLine({ step, totalSteps, epoch, stepsPerEpoch, epochs }: TextProgress): string {
  if (stepsPerEpoch > 0 && step > stepsPerEpoch * epochs) {
    const trained = epochsTrained(step, stepsPerEpoch);
    const extraSteps = step - trained * stepsPerEpoch;
    const what = extraSteps > 0 ? `${plural(trained, 'epoch', 'epochs')} and ${plural(extraSteps, 'step', 'steps')}` : plural(trained, 'epoch', 'epochs');
    return `Step ${step} · ${what} trained; Epochs is ${epochs}`;
  }
  return `Step ${step} of ${totalSteps} · epoch ${Math.min(epoch + 1, epochs)} of ${epochs}`;
}
