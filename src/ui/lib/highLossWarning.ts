/**
 * A learning rate far too high rarely gives a NaN here (log-softmax keeps the loss finite): the loss instead sits at
 * tens or hundreds of nats while the run goes on and finishes "done". This says so, from the training loss alone.
 *
 * Chance is ln(classes): a model that ignores its input and gives every class the same probability scores it, and an
 * untrained model starts near it. A language model's classes are its outputs (Your text: the text's symbols and the
 * end mark), so the same rule serves it; the Train screen, Your text and each race member read it from here. The recent loss is the median of the last few batches, so one bad batch (a long
 * name, a rare class) never raises the warning, and the first steps alone never do either.
 */
import type { OptimizerName } from '../../model/types';

/** Batches in the recent window; also the fewest a run needs before it can be warned about. */
export const RECENT_BATCHES = 10;
const FEWEST_BATCHES = 5;

export interface HighLossWarning {
  /** Median training loss of the last `RECENT_BATCHES` batches (nats). */
  recentLoss: number;
  /** ln(classes), nats. */
  chanceLoss: number;
  /** The classes guessed among (a language model's outputs). */
  classCount: number;
}

/**
 * The warning for a run whose recent training loss stays far above chance, or null. "Far" is twice chance and at
 * least 2 nats above it (2.69 nats for two classes, 5.78 for 18): a model there gives the right class a probability
 * well under a tenth of what guessing gives it, which normal training, even a noisy start, does not reach.
 * `trainLoss` is the run's flattened [step, loss, step, loss, …] history; non-finite losses are the diverged path's.
 */
export function highLossWarning(trainLoss: ArrayLike<number>, classCount: number): HighLossWarning | null {
  if (classCount < 2) return null;
  const recent: number[] = [];
  for (let index = trainLoss.length - 1; index > 0 && recent.length < RECENT_BATCHES; index -= 2) recent.push(trainLoss[index]);
  if (recent.length < FEWEST_BATCHES || recent.some((loss) => !Number.isFinite(loss))) return null;
  const recentLoss = median(recent);
  const chanceLoss = Math.log(classCount);
  return recentLoss > Math.max(2 * chanceLoss, chanceLoss + 2) ? { recentLoss, chanceLoss, classCount } : null;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A learning rate that trains these models steadily: Adam and RMSprop scale their own steps, SGD does not. */
const STEADY_LEARNING_RATE: Record<OptimizerName, number> = { sgd: 0.1, adam: 0.01, 'adam-sparse': 0.01, rmsprop: 0.01 };
const OPTIMIZER_WORDS: Record<OptimizerName, string> = { sgd: 'SGD', adam: 'Adam', 'adam-sparse': 'SparseAdam', rmsprop: 'RMSprop' };

/** Where the note is shown: what a guess is made among, and the button there that draws fresh weights. */
export interface HighLossPlace {
  guessedAmong: string;
  freshWeightsButton: string;
}
export const TRAIN_SCREEN_PLACE: HighLossPlace = { guessedAmong: 'every class', freshWeightsButton: 'Reset' };
export const TEXT_LAB_PLACE: HighLossPlace = { guessedAmong: 'every output (each symbol and the end mark)', freshWeightsButton: 'New weights' };

/** Why the loss is so high, as a clause: the rate when it is above a steady one, else the steps taken before. */
function highLossCause(optimizer: OptimizerName, learningRate: number): string {
  return learningRate > STEADY_LEARNING_RATE[optimizer]
    ? `the learning rate ${learningRate} is probably too high for ${OPTIMIZER_WORDS[optimizer]}`
    : 'the weights were pushed far off, most likely by a learning rate too high';
}

/**
 * The headline: stays the same while the settings do, so a live region says it once, not at every progress message.
 * With the learning rate already lowered to a steady one, the loss may still be high from the steps taken before.
 */
export function highLossHeadline(optimizer: OptimizerName, learningRate: number): string {
  return `The training loss is far above chance: ${highLossCause(optimizer, learningRate)}.`;
}

/** The numbers and what to do. */
export function highLossDetails(warning: HighLossWarning, optimizer: OptimizerName, learningRate: number, place: HighLossPlace = TRAIN_SCREEN_PLACE): string {
  const steady = STEADY_LEARNING_RATE[optimizer];
  const isTooHigh = learningRate > steady;
  // With the rate already lowered, the loss is still high from the steps taken before: say that, not "overshoot".
  const cause = isTooHigh ? 'the steps overshoot' : 'earlier steps pushed the weights far off';
  const advice = isTooHigh
    ? `Try ${steady} (${OPTIMIZER_WORDS[optimizer]}), then ${place.freshWeightsButton} for fresh weights and train again.`
    : `${place.freshWeightsButton} for fresh weights and train again at ${learningRate} (${OPTIMIZER_WORDS[optimizer]}) or lower.`;
  return (
    `Training loss ${formatNats(warning.recentLoss)} nats (median of the last ${RECENT_BATCHES} batches) against chance ` +
    `ln ${warning.classCount} = ${warning.chanceLoss.toFixed(2)} nats, what guessing ${place.guessedAmong} equally scores: ${cause}, ` +
    `so the model is confidently wrong. ${advice}`
  );
}

/** The race's headline, naming the members that are off: it changes with who is off, not with each batch's loss. */
export function highLossRaceHeadline(labels: readonly string[]): string {
  return `The training loss is far above chance for ${labels.join(', ')}.`;
}

/** One race member's line: which member, its numbers and the likely cause (the race has no Reset of its own). */
export function highLossMemberLine(label: string, warning: HighLossWarning, optimizer: OptimizerName, learningRate: number): string {
  return (
    `${label}: training loss ${formatNats(warning.recentLoss)} nats (median of the last ${RECENT_BATCHES} batches) against chance ` +
    `${warning.chanceLoss.toFixed(2)}: ${highLossCause(optimizer, learningRate)}.`
  );
}

/** What a kept run's entry says of a run kept while the note held: 'loss stayed far above chance (median 57 vs 2.9)'. */
export function highLossRunText(warning: Pick<HighLossWarning, 'recentLoss' | 'chanceLoss'>): string {
  return `loss stayed far above chance (median ${formatNats(warning.recentLoss)} vs ${warning.chanceLoss.toFixed(1)})`;
}

function formatNats(loss: number): string {
  return loss >= 10 ? Math.round(loss).toString() : loss.toFixed(1);
}
