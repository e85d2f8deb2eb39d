/**
 * A fixed, seeded, stratified sample of a split: what the Train screen evaluates every few seconds between the
 * full end-of-epoch evaluations. Fixed (same examples every time) so the live curve moves because the model
 * changed, not because the sample did; stratified so 18 classes of very different sizes keep their shares and
 * macro accuracy stays meaningful on a few hundred examples. Pure: the browser and Node pick the same examples.
 */
import { createRandom } from './random';

/**
 * Indices (ascending) of `size` examples out of `labels.length`, each class getting its share of `size`
 * (largest remainder, ties to the smaller class index) and, as far as the size allows, at least one example, so
 * a small class still has a row in the confusion matrix. All indices when `size` ≥ the number of examples.
 */
export function stratifiedSubsetIndices(labels: ArrayLike<number>, numClasses: number, size: number, seed: number): Int32Array {
  const total = labels.length;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`A subset needs a whole number of examples ≥ 1, got ${size}.`);
  if (size >= total) return Int32Array.from({ length: total }, (_, index) => index);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let index = 0; index < total; index++) {
    const label = labels[index];
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) throw new RangeError(`label ${label} is outside 0..${numClasses - 1}`);
    byClass[label].push(index);
  }
  const quotas = byClass.map((members) => Math.floor((members.length * size) / total));
  const present = byClass.map((_, label) => label).filter((label) => byClass[label].length > 0);
  // Every class present gets one example before any class gets a second share (when the size allows).
  for (const label of present) {
    if (quotas[label] === 0 && quotas.reduce((sum, quota) => sum + quota, 0) < size) quotas[label] = 1;
  }
  let remaining = size - quotas.reduce((sum, quota) => sum + quota, 0);
  const byRemainder = [...present].sort((a, b) => {
    const remainder = (label: number) => (byClass[label].length * size) / total - Math.floor((byClass[label].length * size) / total);
    return remainder(b) - remainder(a) || a - b;
  });
  for (let turn = 0; remaining > 0 && turn < byRemainder.length * 2; turn++) {
    const label = byRemainder[turn % byRemainder.length];
    if (quotas[label] < byClass[label].length) {
      quotas[label]++;
      remaining--;
    }
  }
  const random = createRandom(seed);
  const chosen: number[] = [];
  byClass.forEach((members, label) => chosen.push(...random.shuffle([...members]).slice(0, quotas[label])));
  return Int32Array.from(chosen.sort((a, b) => a - b));
}
