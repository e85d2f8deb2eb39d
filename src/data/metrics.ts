/**
 * Classification metrics as pure functions over label arrays. Plain accuracy hides a skewed data set
 * (always answering Russian scores 0.47 on names), so macro accuracy (mean per-class recall) sits beside it.
 */

/** Counts, rows = true class, columns = predicted class, `[numClasses * numClasses]` row-major. */
export function confusionMatrix(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): number[] {
  if (trueLabels.length !== predicted.length) {
    throw new RangeError(`${trueLabels.length} true labels but ${predicted.length} predictions`);
  }
  const counts = new Array<number>(numClasses * numClasses).fill(0);
  for (let i = 0; i < trueLabels.length; i++) {
    const row = trueLabels[i];
    const column = predicted[i];
    if (!(row >= 0 && row < numClasses && column >= 0 && column < numClasses)) {
      throw new RangeError(`label pair (${row}, ${column}) at ${i} is outside 0..${numClasses - 1}`);
    }
    counts[row * numClasses + column]++;
  }
  return counts;
}

/** Fraction correct; 0 for no examples. */
export function accuracy(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (trueLabels.length === 0) return 0;
  let correct = 0;
  for (let i = 0; i < trueLabels.length; i++) if (trueLabels[i] === predicted[i]) correct++;
  return correct / trueLabels.length;
}

/** Recall of each class from a confusion matrix; NaN for classes absent from the truth. */
export function perClassRecall(confusion: readonly number[], numClasses: number): number[] {
  const recall: number[] = [];
  for (let row = 0; row < numClasses; row++) {
    let total = 0;
    for (let column = 0; column < numClasses; column++) total += confusion[row * numClasses + column];
    recall.push(total === 0 ? Number.NaN : confusion[row * numClasses + row] / total);
  }
  return recall;
}

/** Mean per-class recall over the classes that appear in the truth (0 if none do). */
export function macroAccuracyFromConfusion(confusion: readonly number[], numClasses: number): number {
  const present = perClassRecall(confusion, numClasses).filter((value) => !Number.isNaN(value));
  return present.length === 0 ? 0 : present.reduce((sum, value) => sum + value, 0) / present.length;
}

export function macroAccuracy(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): number {
  return macroAccuracyFromConfusion(confusionMatrix(trueLabels, predicted, numClasses), numClasses);
}

/** Plain accuracy from a confusion matrix (trace / total). */
export function accuracyFromConfusion(confusion: readonly number[], numClasses: number): number {
  let correct = 0;
  let total = 0;
  for (let row = 0; row < numClasses; row++) {
    for (let column = 0; column < numClasses; column++) {
      total += confusion[row * numClasses + column];
      if (row === column) correct += confusion[row * numClasses + column];
    }
  }
  return total === 0 ? 0 : correct / total;
}

export interface RankedClass {
  index: number;
  logProb: number;
}

/** The k largest entries of one row of log-probabilities, best first (ties: lower index first; NaN last). */
export function topK(logProbs: ArrayLike<number>, k: number): RankedClass[] {
  const ranked: RankedClass[] = Array.from({ length: logProbs.length }, (_, index) => ({ index, logProb: logProbs[index] }));
  const key = (value: number) => (Number.isNaN(value) ? -Infinity : value);
  ranked.sort((a, b) => key(b.logProb) - key(a.logProb) || a.index - b.index);
  return ranked.slice(0, Math.max(0, k));
}

/** Index of the largest entry (first on ties); -1 for an empty row. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best === -1 || values[i] > values[best]) best = i;
  return best;
}
