/**
 * Pure data preparation for LineChart: decimation, domains, the hover read-out, label placement and log ticks. No DOM.
 */
import { format, ticks } from 'd3';
import { superscript } from './format';

/** One sample of a series: x is usually the training step, y the metric. y may be NaN (a diverged step: a gap). */
export interface LinePoint {
  x: number;
  y: number;
}

/** How a series is drawn: a line (per-step training loss), points (validation evaluated once per epoch) or both. */
export type SeriesMark = 'line' | 'points' | 'line+points';

export interface LineSeries {
  /** Stable key across updates (e.g. 'train-loss'). */
  id: string;
  /** Legend and tooltip text, e.g. 'train loss'. */
  label: string;
  /** Sorted by x ascending (the order steps happen in). */
  points: readonly LinePoint[];
  mark?: SeriesMark;
  /** CSS colour; defaults to the theme's categorical colour for the series' position. */
  color?: string;
  isDashed?: boolean;
}

/**
 * Reduces a long series to at most `maxPoints` points for drawing, keeping the minimum and the maximum y of each
 * bucket (in their original order) plus the first and last points. Why min/max and not every n-th point: loss spikes
 * (a too-high learning rate, a divergence) must survive decimation, since they are what the student should see.
 * A bucket that contains a non-finite y also keeps its first non-finite point, so the line still shows the gap; only
 * then can the result exceed `maxPoints` (by one per such bucket).
 */
export function decimate(points: readonly LinePoint[], maxPoints: number): readonly LinePoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 4) {
    throw new RangeError(`decimate needs maxPoints to be an integer of at least 4, got ${maxPoints}.`);
  }
  const count = points.length;
  if (count <= maxPoints) return points;
  const interiorStart = 1;
  const interiorEnd = count - 1;
  const bucketCount = Math.floor((maxPoints - 2) / 2);
  const bucketSize = (interiorEnd - interiorStart) / bucketCount;
  const result: LinePoint[] = [points[0]];
  for (let bucket = 0; bucket < bucketCount; bucket += 1) {
    const start = interiorStart + Math.floor(bucket * bucketSize);
    const end = bucket === bucketCount - 1 ? interiorEnd : interiorStart + Math.floor((bucket + 1) * bucketSize);
    let minIndex = -1;
    let maxIndex = -1;
    let gapIndex = -1;
    for (let index = start; index < end; index += 1) {
      const y = points[index].y;
      if (!Number.isFinite(y)) {
        if (gapIndex < 0) gapIndex = index;
        continue;
      }
      if (minIndex < 0 || y < points[minIndex].y) minIndex = index;
      if (maxIndex < 0 || y > points[maxIndex].y) maxIndex = index;
    }
    const kept = [minIndex, maxIndex, gapIndex].filter((index) => index >= 0).sort((a, b) => a - b);
    let previous = -1;
    for (const index of kept) {
      if (index !== previous) result.push(points[index]);
      previous = index;
    }
  }
  result.push(points[count - 1]);
  return result;
}

export interface DomainOptions {
  isLogY?: boolean;
  /** A fixed y domain, e.g. [0, 1] for accuracy. */
  yDomain?: readonly [number, number];
  /** A fixed x domain, e.g. [-0.5, T - 0.5] for tokens. */
  xDomain?: readonly [number, number];
  /** Start a linear y axis at zero (losses and norms are non-negative; starting at 0 keeps falls honest). */
  includeZero?: boolean;
  /**
   * Reference lines' y values ("no memory: ln 8", a clip threshold): the y domain covers them, so a rule is drawn
   * at its value, not clamped to the edge of an axis that was chosen without it (before any data, a log axis
   * ran 0.001..1 and ln 8 ≈ 2.08 was drawn at 1).
   */
  referenceYs?: readonly number[];
}

export interface LineDomains {
  x: [number, number];
  y: [number, number];
}

/**
 * Scale domains covering every finite point of every series. A log y axis uses only positive values (0 and negatives
 * cannot be placed on it). Degenerate ranges (one point, a constant series) are widened so scales stay invertible.
 */
export function lineDomains(series: readonly LineSeries[], options: DomainOptions = {}): LineDomains {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const entry of series) {
    for (const point of entry.points) {
      if (!Number.isFinite(point.x)) continue;
      if (point.x < xMin) xMin = point.x;
      if (point.x > xMax) xMax = point.x;
      const y = point.y;
      if (!Number.isFinite(y) || (options.isLogY && y <= 0)) continue;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  }
  for (const y of options.referenceYs ?? []) {
    if (!Number.isFinite(y) || (options.isLogY && y <= 0)) continue;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  let x: [number, number];
  if (options.xDomain) x = [options.xDomain[0], options.xDomain[1]];
  else if (xMin > xMax) x = [0, 1];
  else if (xMin === xMax) x = [xMin - 1, xMax + 1];
  else x = [xMin, xMax];

  let y: [number, number];
  if (options.yDomain) {
    y = [options.yDomain[0], options.yDomain[1]];
  } else if (options.isLogY) {
    if (yMin > yMax) y = [1e-3, 1];
    // Only reference lines so far (no data yet): a decade either side, room for the curves to come.
    else if (yMin === yMax) y = [yMin / 10, yMax * 10];
    else y = [yMin / 1.5, yMax * 1.5];
  } else if (yMin > yMax) {
    y = [0, 1];
  } else {
    const low = options.includeZero ?? true ? Math.min(0, yMin) : yMin;
    const high = yMax;
    if (low === high) y = [low - 1, high + 1];
    else y = [low, high + (high - low) * 0.05];
  }
  return { x, y };
}

/**
 * Index of the point whose x is nearest to `x` in x-sorted `points` (binary search: hover over 10,000 steps must not
 * scan). Ties go to the earlier point. -1 for an empty series.
 */
export function nearestIndex(points: readonly LinePoint[], x: number): number {
  if (points.length === 0) return -1;
  let low = 0;
  let high = points.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (points[middle].x < x) low = middle + 1;
    else high = middle;
  }
  if (low > 0 && Math.abs(points[low - 1].x - x) <= Math.abs(points[low].x - x)) return low - 1;
  return low;
}

export interface ReadoutRow {
  id: string;
  label: string;
  /** The series' sample nearest to the read-out x; its x can differ (validation measured once per epoch). */
  point: LinePoint;
  /** True when `point.x` is the read-out x itself. */
  isExact: boolean;
}

export interface HoverReadout {
  /** The step the vertical rule snaps to: the sample x nearest to the pointer over all series. */
  x: number;
  rows: ReadoutRow[];
}

/**
 * What the hover rule shows at pointer position `x`: snap to the nearest sampled step of any series, then each
 * series' value at (or nearest to) that step. Reads the full series, not the decimated one, so values are exact.
 */
export function hoverReadout(series: readonly LineSeries[], x: number): HoverReadout | null {
  let snappedX = NaN;
  let bestDistance = Infinity;
  for (const entry of series) {
    const index = nearestIndex(entry.points, x);
    if (index < 0) continue;
    const distance = Math.abs(entry.points[index].x - x);
    if (distance < bestDistance) {
      bestDistance = distance;
      snappedX = entry.points[index].x;
    }
  }
  if (!Number.isFinite(bestDistance)) return null;
  const rows: ReadoutRow[] = [];
  for (const entry of series) {
    const index = nearestIndex(entry.points, snappedX);
    if (index < 0) continue;
    const point = entry.points[index];
    rows.push({ id: entry.id, label: entry.label, point, isExact: point.x === snappedX });
  }
  return { x: snappedX, rows };
}

/**
 * Vertical positions (px, top = 0) for labels that want to sit at `wanted` (e.g. reference lines' labels beside the
 * plot), moved apart so that any two are at least `minGap` apart (one text line) and all stay in [top, bottom].
 * Labels keep their order; each moves as little as the others allow (pushed down from the top, then back up from the
 * bottom). Why: "always positive" at 51% and "chance (macro)" at 50% are 2 px apart on a 200 px axis, and printed
 * there they overprint each other. Returned in the order given.
 */
export function spreadLabels(wanted: readonly number[], minGap: number, top: number, bottom: number): number[] {
  const order = wanted.map((y, index) => ({ y, index })).sort((a, b) => a.y - b.y || a.index - b.index);
  const placed = order.map((entry) => Math.min(bottom, Math.max(top, entry.y)));
  for (let index = 1; index < placed.length; index++) placed[index] = Math.max(placed[index], placed[index - 1] + minGap);
  if (placed.length > 0) placed[placed.length - 1] = Math.min(placed[placed.length - 1], bottom);
  for (let index = placed.length - 2; index >= 0; index--) placed[index] = Math.min(placed[index], placed[index + 1] - minGap);
  // Too many labels for the height: the top one may have been pushed above `top`; keep them in range (they touch).
  for (let index = 0; index < placed.length; index++) placed[index] = Math.max(placed[index], top);
  const result = new Array<number>(wanted.length);
  order.forEach((entry, rank) => (result[entry.index] = placed[rank]));
  return result;
}

const plainTick = format('~g');

/**
 * Tick labels for a log axis that a student reads without knowing e-notation: 2, 0.5, 0.01, 300 as plain numbers; only
 * beyond 1e-3..1e4 powers of ten (10⁻⁵, 3×10⁻⁵). d3's '.0e' printed `2e+0` and `1e-2`.
 */
export function formatLogTick(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e4) return plainTick(Number(value.toPrecision(3)));
  const exponent = Math.floor(Math.log10(magnitude));
  const mantissa = Number((value / 10 ** exponent).toPrecision(2));
  const power = `10${superscript(exponent)}`;
  return mantissa === 1 ? power : mantissa === -1 ? `−${power}` : `${plainTick(mantissa)}×${power}`;
}

/** The ticks of a log axis: where each tick stands, and which of them carry a label (the others stay bare). */
export interface LogAxisTicks {
  values: number[];
  labelled: number[];
}

/** Labels a log axis aims for before it stops adding 2 and 5 (then 3, 4, 6…) between the powers of ten. */
const LOG_AXIS_MIN_LABELS = 3;
const LOG_AXIS_MANTISSAS = [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]] as const;

/**
 * Ticks for a log y axis `plotHeight` px tall whose labels need `labelGap` px each (the text's height and a little air).
 * Every power of ten inside the domain gets a tick, and a label unless the decades are closer than a label: then every
 * second (third…) power is labelled, the bare ticks still marking the others. Where that leaves fewer than three labels
 * (a domain of one or two decades, or less than one), 2 and 5 × 10ⁿ are labelled too, then 3, 4, 6…, each where it clears
 * the labels already placed; a domain too narrow for any of them (3.1 to 3.9) takes plain evenly spaced ticks.
 * d3's own log ticks for the few ticks such a plot has (2–3) kept the powers of ten only, and its tick format blanked the
 * rest: a race's gradient norms between 0.5 and 5 showed a single labelled tick, "1".
 */
export function logTicks(domain: readonly [number, number], plotHeight: number, labelGap: number): LogAxisTicks {
  const [low, high] = domain[0] <= domain[1] ? domain : [domain[1], domain[0]];
  if (!(low > 0) || !Number.isFinite(high) || high <= low || plotHeight <= 0) return { values: [], labelled: [] };
  const decades = Math.log10(high / low);
  const pixelsPerDecade = plotHeight / decades;
  const position = (value: number) => Math.log10(value / low) * pixelsPerDecade;
  // A little slack at the ends: a domain that ends exactly at 10 keeps its tick at 10 despite rounding.
  const isInside = (value: number) => value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9);
  const candidates = (mantissas: readonly number[]): number[] => {
    const values: number[] = [];
    for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent += 1) {
      for (const mantissa of mantissas) {
        // Rounded to 12 digits, so 3 × 0.1 is 0.3 and one value never stands twice under two spellings.
        const value = Number((mantissa * 10 ** exponent).toPrecision(12));
        if (isInside(value)) values.push(value);
      }
    }
    return values;
  };

  const powers = candidates(LOG_AXIS_MANTISSAS[0]);
  const stride = Math.max(1, Math.ceil(labelGap / pixelsPerDecade));
  let labelled = powers.filter((value) => Math.round(Math.log10(value)) % stride === 0);
  const clears = (value: number) => labelled.every((placed) => Math.abs(position(placed) - position(value)) >= labelGap);
  for (const mantissas of LOG_AXIS_MANTISSAS.slice(1)) {
    if (labelled.length >= LOG_AXIS_MIN_LABELS) break;
    for (const value of candidates(mantissas)) {
      if (!labelled.includes(value) && clears(value)) labelled = [...labelled, value].sort((a, b) => a - b);
    }
  }
  if (labelled.length < 2) {
    // Narrower than the gap between two of 1…9 × 10ⁿ: plain ticks, which on so short a stretch are all but even, every
    // second (third…) one where they would crowd.
    const plain = ticks(low, high, Math.max(2, Math.floor(plotHeight / labelGap))).filter((value) => value > 0);
    for (let step = 1; step < plain.length; step += 1) {
      const kept = plain.filter((_, index) => index % step === 0);
      if (kept.every((value, index) => index === 0 || position(value) - position(kept[index - 1]) >= labelGap)) {
        if (kept.length > labelled.length) labelled = kept;
        break;
      }
    }
  }
  const values = [...new Set([...powers, ...labelled])].sort((a, b) => a - b);
  return { values, labelled };
}

/**
 * Tick values for an x axis of whole numbers (training steps, distances): d3's ticks with the fractional ones
 * dropped, so a short run is not labelled "28.0 28.5 29.0". Where no whole number falls between d3's ticks
 * (a domain narrower than 1) the domain's whole numbers are used.
 */
export function integerTicks(domain: readonly [number, number], count: number): number[] {
  const [low, high] = domain[0] <= domain[1] ? domain : [domain[1], domain[0]];
  const whole = ticks(low, high, count).filter((value) => Number.isInteger(value));
  if (whole.length > 0) return whole;
  const result: number[] = [];
  for (let value = Math.ceil(low); value <= high; value++) result.push(value);
  return result;
}

/**
 * Horizontal offsets (px) for dots that would be drawn on top of an earlier series' dot: two runs with the same
 * accuracy at the same step showed as one dot. `positions[s][i]` is series s's dot i in plot px; a dot within
 * `radius` of k earlier series' dots moves k × 1.5 radius to the right (touching, not covering). Pure, in series
 * order, so the first series always stays where its value is.
 */
export function dodgeOffsets(positions: readonly (readonly { x: number; y: number }[])[], radius: number): number[][] {
  const placed: { x: number; y: number }[] = [];
  return positions.map((dots) => {
    const offsets = dots.map((dot) => placed.filter((other) => Math.abs(other.x - dot.x) < radius && Math.abs(other.y - dot.y) < radius).length * radius * 1.5);
    placed.push(...dots);
    return offsets;
  });
}

/**
 * A rotated axis title cut into lines that each fit `length` px (word by word), as `measure` (px of a text)
 * says: "batch loss (nats, log scale)" is longer than a 140 px plot is tall, and ran past the top into the
 * legend, its ")" cut off. A single word longer than `length` keeps a line of its own.
 */
export function wrapTitle(title: string, length: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of title.split(/\s+/).filter((part) => part !== '')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current !== '' && measure(candidate) > length) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}
