/**
 * Pure preparation for the Inspect step's line charts: the prediction after each prefix and ‖∂L/∂h_t‖ over time.
 * Inputs are structural copies of model/types.ts (`InspectionTrace.prefixLogProbs`, `LayerTrace`), since charts/ does
 * not import model/; the trace's own objects fit them as they are.
 */
import { formatShare } from './format';
import { heatmapGrid } from './heatmapData';
import type { MatrixLike } from './heatmapData';
import { formatLogTick, type LineSeries } from './lineChartData';

export interface PrefixSeriesOptions {
  /** Classes kept per step (default 3): the union over steps is drawn. */
  topK?: number;
  /** Most lines drawn (default 6), so 18 classes never become spaghetti. */
  maxSeries?: number;
  /** For two classes, which one the single line shows (default 1: SST-2's "positive"). */
  positiveClass?: number;
}

export interface PrefixSeries {
  /** 'binary' draws one line P(positive) around a 0.5 midline; 'multi' one line per leading class. */
  mode: 'binary' | 'multi';
  series: LineSeries[];
  /** Class indices drawn, in legend order. */
  classes: number[];
}

/**
 * Lines of probability after each prefix from `prefixLogProbs` `[T, C]` (x = timestep 0…T−1). For two classes a
 * single P(positive) line says everything (the other is its complement) and makes "not good" turning obvious. For
 * more, the classes that are in the top `topK` at any step, ranked by their highest probability, so the lines shown
 * are the ones the network actually hesitated between.
 */
export function prefixSeries(prefixLogProbs: MatrixLike, classes: readonly string[], options: PrefixSeriesOptions = {}): PrefixSeries {
  const grid = heatmapGrid(prefixLogProbs, false);
  const steps = grid.rows;
  const classCount = grid.cols;
  if (classCount !== classes.length) {
    throw new RangeError(`The prefix predictions have ${classCount} classes but ${classes.length} class names were given.`);
  }
  const probability = (step: number, classIndex: number): number => Math.exp(grid.value(step, classIndex));
  const lineOf = (classIndex: number, label: string): LineSeries => ({
    id: `class-${classIndex}`,
    label,
    mark: 'line+points',
    points: Array.from({ length: steps }, (_, step) => ({ x: step, y: probability(step, classIndex) })),
  });

  if (classCount === 2) {
    const positive = options.positiveClass ?? 1;
    if (positive !== 0 && positive !== 1) throw new RangeError(`positiveClass must be 0 or 1 for two classes, got ${positive}.`);
    return { mode: 'binary', series: [lineOf(positive, `P(${classes[positive]})`)], classes: [positive] };
  }

  const topK = Math.max(1, options.topK ?? 3);
  const maxSeries = Math.max(1, options.maxSeries ?? 6);
  const peak = new Map<number, number>();
  for (let step = 0; step < steps; step += 1) {
    const ranked = Array.from({ length: classCount }, (_, classIndex) => classIndex).sort(
      (a, b) => grid.value(step, b) - grid.value(step, a) || a - b,
    );
    for (const classIndex of ranked.slice(0, topK)) {
      peak.set(classIndex, Math.max(peak.get(classIndex) ?? 0, probability(step, classIndex)));
    }
  }
  const chosen = [...peak.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, maxSeries)
    .map(([classIndex]) => classIndex);
  return { mode: 'multi', series: chosen.map((classIndex) => lineOf(classIndex, classes[classIndex])), classes: chosen };
}

/** One class and its probability after the whole text. */
export interface FinalShare {
  classIndex: number;
  label: string;
  share: number;
}

/**
 * The `count` most probable classes after the whole text (the last row of `prefixLogProbs` `[T, C]`), most probable
 * first: what the caption under the prefix chart reads out, so it matches the top-3 list above it. Not the drawn
 * series' order, which ranks classes by their peak over all prefixes (a class can lead after "Ko" and be near 0 at
 * the end). Empty when there are no steps.
 */
export function finalShares(prefixLogProbs: MatrixLike, classes: readonly string[], count = 3): FinalShare[] {
  const grid = heatmapGrid(prefixLogProbs, false);
  if (grid.rows === 0) return [];
  const last = grid.rows - 1;
  return Array.from({ length: grid.cols }, (_, classIndex) => classIndex)
    .sort((a, b) => grid.value(last, b) - grid.value(last, a) || a - b)
    .slice(0, Math.max(0, count))
    .map((classIndex) => ({ classIndex, label: classes[classIndex] ?? String(classIndex), share: Math.exp(grid.value(last, classIndex)) }));
}

/**
 * The sentence under the prefix chart. Two classes: the positive class's share after the whole text. More: the
 * classes ranked by their probability after the whole text (`finalShares`), so it agrees with the top-3 list.
 */
export function prefixCaption(prefixLogProbs: MatrixLike, classes: readonly string[], options: PrefixSeriesOptions = {}): string {
  if (prefixLogProbs.rows === 0) return 'Type something to see the prediction after each prefix.';
  const prepared = prefixSeries(prefixLogProbs, classes, options);
  if (prepared.mode === 'binary') {
    const positive = prepared.series[0];
    const share = positive.points[positive.points.length - 1]?.y ?? NaN;
    return `Above 50% the network leans ${classes[prepared.classes[0]]}. After the whole text: ${formatShare(share)}.`;
  }
  const final = finalShares(prefixLogProbs, classes, 3)
    .map((entry) => `${entry.label} ${formatShare(entry.share)}`)
    .join(', ');
  return `Classes that were in the top ${options.topK ?? 3} after any prefix. After the whole text: ${final}.`;
}

/** The prefix ending at step `t`, as the student typed it: letters joined directly, words with spaces. */
export function prefixText(tokens: readonly string[], step: number, isWords: boolean): string {
  return tokens.slice(0, step + 1).join(isWords ? ' ' : '');
}

/** Structural copy of model/types.ts `LayerTrace`'s fields used here. `layer` is 0-based, as in PyTorch's `_l0`. */
export interface GradientLayer {
  layer: number;
  direction: 'forward' | 'reverse';
  /** ‖∂L/∂h_t‖ per timestep, `[T]`. */
  gradNorms: ArrayLike<number>;
}

/** 'layer 1 →' / 'layer 1 ←': the arrow says which way the direction reads the text. */
export function layerLabel(layer: number, direction: 'forward' | 'reverse', isBidirectional: boolean): string {
  return isBidirectional ? `layer ${layer + 1} ${direction === 'forward' ? '→' : '←'}` : `layer ${layer + 1}`;
}

/** One line per layer and direction (x = timestep). Zeros and NaN stay in the data; a log axis simply cannot show them. */
export function gradientNormSeries(layers: readonly GradientLayer[]): LineSeries[] {
  const isBidirectional = layers.some((entry) => entry.direction === 'reverse');
  return layers.map((entry) => ({
    id: `layer-${entry.layer}-${entry.direction}`,
    label: layerLabel(entry.layer, entry.direction, isBidirectional),
    mark: 'line+points',
    isDashed: entry.direction === 'reverse',
    points: Array.from(entry.gradNorms, (norm, step) => ({ x: step, y: norm })),
  }));
}

export interface VanishingRatio {
  /** ‖∂L/∂h‖ at the step nearest the loss (the last step read, T−1 forward, 0 reverse). */
  near: number;
  /** ‖∂L/∂h‖ at the step farthest from it. */
  far: number;
  /** far / near: well below 1 is the vanishing gradient, above 1 exploding. */
  ratio: number;
  /** How many steps the gradient travelled back. */
  distance: number;
}

/**
 * How much of the gradient reaches the first step read, relative to the last: the one number behind the vanishing
 * gradient picture. Null when there are fewer than two steps or the near norm is not a positive number.
 */
export function vanishingRatio(norms: ArrayLike<number>, direction: 'forward' | 'reverse'): VanishingRatio | null {
  const steps = norms.length;
  if (steps < 2) return null;
  const near = direction === 'forward' ? norms[steps - 1] : norms[0];
  const far = direction === 'forward' ? norms[0] : norms[steps - 1];
  if (!(near > 0) || !Number.isFinite(near) || !Number.isFinite(far)) return null;
  return { near, far, ratio: far / near, distance: steps - 1 };
}

/**
 * One layer's vanishing ratio in the Inspect caption's words ('layer 1: 0.00357 after 7 steps back'), read as the log
 * axis beside it reads its ticks: a plain number from 0.001 up, a power of ten below ('1.2×10⁻⁴'), never e-notation
 * (a short SST-2 run's '1.183e-4×').
 */
export function vanishingNote(label: string, ratio: VanishingRatio): string {
  return `${label}: ${formatLogTick(ratio.ratio)} after ${ratio.distance} steps back`;
}
