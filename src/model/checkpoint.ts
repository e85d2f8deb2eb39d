/**
 * The last good weights, for recovery from a NaN/Inf loss: training pauses and the weights go back to
 * the last good checkpoint, so an exploding run loses at most a few steps. A snapshot is a set of tensor copies owned here; taking a new one frees the old.
 */
import { disposeSnapshot, type ParamSnapshot, type ParamStore } from './params';

/** Take a snapshot every this many steps (and at every epoch end). */
export const CHECKPOINT_EVERY_STEPS = 50;

/** Holds one snapshot of every parameter and the step it was taken at. */
export class Checkpoint {
  private snapshot: ParamSnapshot | null = null;
  /** Step count at which the snapshot was taken. */
  step = 0;

  take(params: ParamStore, step: number): void {
    const next = params.snapshot();
    if (this.snapshot) disposeSnapshot(this.snapshot);
    this.snapshot = next;
    this.step = step;
  }

  /** Put the weights back; returns the step they were taken at. */
  restore(params: ParamStore): number {
    if (!this.snapshot) throw new Error('No checkpoint to restore.');
    params.restore(this.snapshot);
    return this.step;
  }

  dispose(): void {
    if (this.snapshot) disposeSnapshot(this.snapshot);
    this.snapshot = null;
  }
}
