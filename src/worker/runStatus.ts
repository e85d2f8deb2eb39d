/**
 * Where a run stands when it is not training, read from its step and its length alone: the one rule behind
 * Play after Epochs were raised, Undo reset, and a checkpoint reopened after a reload.
 */
import type { RunStatus } from './protocol';

/**
 * 'done' once the run has taken every step of its epochs (Play then refuses until Epochs are raised), else
 * 'paused' (Play trains on from `step`). A run of no steps (an opened model without data) is never done.
 */
export function stoppedRunStatus(step: number, totalSteps: number): Extract<RunStatus, 'paused' | 'done'> {
  return totalSteps > 0 && step >= totalSteps ? 'done' : 'paused';
}
