/**
 * The Train screen's Speed and ETA. They are rates of a run in progress: while paused the worker sends no
 * progress, so the last figures stayed on screen ("30.4 steps/s, ETA 39 s" beside "paused"), promising an end
 * that is not coming. Only a training run shows them; a paused one says so in place of its ETA.
 */
import type { RunStatus } from '../../worker/protocol';
import { formatSeconds } from './format';

export function progressRates(status: RunStatus, stepsPerSecond: number, etaSeconds: number | null): { speed: string; eta: string } {
  if (status !== 'training') return { speed: '—', eta: status === 'paused' ? 'paused' : '—' };
  // The unit is in the label ("Steps/s"), so the value is a number and the line keeps to the controls column.
  return { speed: stepsPerSecond > 0 ? stepsPerSecond.toFixed(1) : '—', eta: formatSeconds(etaSeconds) };
}
