/**
 * What every language-model session shares (the names generator's charLmSession.ts and the own-text
 * textLmSession.ts): the parameters, the optimiser, the last good checkpoint, one optimiser step with the
 * divergence rule (a non-finite loss restores the checkpoint and starts a fresh optimiser), reset and export.
 * The sessions differ only in how they cut their data into batches and what the loss of a batch is.
 */
import type * as tf from '@tensorflow/tfjs';
import { toCharLmFile } from './charLmFile';
import { Checkpoint, CHECKPOINT_EVERY_STEPS } from './checkpoint';
import { createOptimizer } from './optimizers';
import { ParamStore } from './params';
import { disposeReplaced, needsNewOptimizer, resetKeepingUndo, undoReset, type ReplacedByReset } from './resetUndo';
import { minimizeLoss } from './trainStep';
import type { CharLmConfig, CharLmModelFile, ParameterRow, TrainConfig } from './types';

/** The outcome of one optimiser step: the batch's loss and gradient norm, or where the weights went back to. */
export interface LmStepNumbers {
  loss: number;
  gradNorm: number;
  /** Set when the loss or norm was not finite: the weights are those of this step. */
  restoredStep?: number;
}

/** One model's weights, optimiser and checkpoint. Every tensor it makes is freed by `dispose`. */
export class LmTrainer {
  readonly params: ParamStore;
  private optimizer: tf.Optimizer;
  private readonly checkpoint = new Checkpoint();
  /** What the last reset replaced, until the next step (resetUndo.ts). */
  private beforeReset: ReplacedByReset | null = null;

  constructor(
    readonly model: CharLmConfig,
    private train: TrainConfig,
    initial?: Map<string, Float32Array>,
  ) {
    this.params = new ParamStore(model, train.seed);
    if (initial) for (const [name, values] of initial) this.params.setTorchValues(name, values);
    this.optimizer = createOptimizer(train.optimizer, train.learningRate);
    this.checkpoint.take(this.params, 0);
  }

  parameters(): ParameterRow[] {
    return this.params.summary();
  }

  /**
   * Minimise `loss` once (BPTT, clipping at `train.clipNorm`, the update). `step` is the step this update
   * makes; a checkpoint is taken every CHECKPOINT_EVERY_STEPS steps and at every epoch end.
   */
  async minimize(loss: () => tf.Scalar, step: number, epochEnded: boolean): Promise<LmStepNumbers> {
    // A step trained after a reset makes the reset stand.
    this.forgetBeforeReset();
    const numbers = await minimizeLoss(this.params, this.optimizer, loss, this.train.clipNorm);
    if (!numbers.applied) {
      // As the classifier: back to the last good weights, with a fresh optimiser.
      const restoredStep = this.checkpoint.restore(this.params);
      this.rebuildOptimizer();
      return { loss: numbers.loss, gradNorm: numbers.gradNorm, restoredStep };
    }
    if (step % CHECKPOINT_EVERY_STEPS === 0 || epochEnded) this.checkpoint.take(this.params, step);
    return { loss: numbers.loss, gradNorm: numbers.gradNorm };
  }

  /** New optimiser settings; the optimiser starts afresh only when its kind or learning rate changed. */
  updateTrainConfig(train: TrainConfig): void {
    const previous = this.train;
    this.train = { ...train };
    if (needsNewOptimizer(previous, train)) this.rebuildOptimizer();
  }

  /** Weights from the seed again, a fresh optimiser, the checkpoint at step 0; what it replaced is kept for `undoReset`. */
  reset(): void {
    this.forgetBeforeReset();
    const { optimizer, replaced } = resetKeepingUndo(this.params, this.optimizer, this.train);
    this.optimizer = optimizer;
    this.beforeReset = replaced;
    this.checkpoint.take(this.params, 0);
  }

  /** Put back what the last reset replaced, as at `step`; false when a step was trained since (the reset stands). */
  undoReset(step: number): boolean {
    const before = this.beforeReset;
    if (!before) return false;
    this.beforeReset = null;
    this.optimizer = undoReset(this.params, before, this.optimizer, this.train);
    this.checkpoint.take(this.params, step);
    return true;
  }

  exportFile(): Promise<CharLmModelFile> {
    return toCharLmFile(this.params, this.model);
  }

  dispose(): void {
    this.forgetBeforeReset();
    this.checkpoint.dispose();
    this.optimizer.dispose();
    this.params.dispose();
  }

  private forgetBeforeReset(): void {
    disposeReplaced(this.beforeReset);
    this.beforeReset = null;
  }

  private rebuildOptimizer(): void {
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.train.optimizer, this.train.learningRate);
  }
}
