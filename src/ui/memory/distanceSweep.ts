/**
 * The accuracy-vs-distance sweep: for each distance in turn, one short race of the chosen cells (same seed,
 * batches and held-out set at that distance), scored once at the end; each distance's points are reported
 * as soon as its race ends, with an estimate of the time left. Pure orchestration: the race itself is a
 * function the lab passes (client.startMemoryRace), so the order, the stop and the estimate are tested
 * without a worker.
 */
import type { LineChartData, LineSeries } from '../../charts/lineChart';
import { MEMORY_DISTANCE_LIMITS } from '../../data/memoryTasks';
import { MEMORY_DEFAULTS } from '../../model/taskDefaults';
import type { MemoryCellType } from '../../model/types';
import type { RaceRecord } from '../../worker/protocol';
import { MEMORY_LAB_LIMITS } from './memoryLabSettings';

/**
 * Distances and training steps per point by default. 200 steps are about what the LSTM and GRU need at
 * distance 40 (README "Memory lab": ≥ 0.95 by step 175–200 at seed 0) while the RNN learns 5–10 and is at
 * chance from 30; fewer would blur the contrast. The whole sweep is 200 × Σ(distance + 2) = 23,000
 * step·timesteps per cell, 2.4 times the default race's 300 × 32 (which the lab runs in front of it).
 */
export const SWEEP_DEFAULTS = { distances: [5, 10, 20, 30, 40], steps: 200 } as const;

/** Training work of a sweep relative to the lab's default race (MEMORY_DEFAULTS), same cells. */
export function sweepWorkRelativeToRace(distances: readonly number[], steps: number): number {
  const race = MEMORY_DEFAULTS.train.steps * sweepWork(MEMORY_DEFAULTS.model.distance);
  return (steps * distances.reduce((sum, distance) => sum + sweepWork(distance), 0)) / race;
}

/**
 * The sweep's size line, relative to the default race (`cellCount` of the three cells). No figure while the distances
 * are not valid (`null`) or no cell is ticked: a size from the default distances, or "0.0 ×", would describe a sweep
 * that cannot run.
 */
export function sweepSizeText(distances: readonly number[] | null, steps: number, cellCount: number, allCellCount: number): string {
  if (distances === null) return 'These settings: — (fix the distances to see the size).';
  if (cellCount === 0) return 'These settings: — (tick a cell to see the size).';
  const relativeWork = sweepWorkRelativeToRace(distances, steps) * (cellCount / allCellCount);
  return `These settings: ${relativeWork.toPrecision(2)} × the default race's training. The time left is shown once the first distance is done.`;
}

/** Held-out sequences each point is scored on (the lab's race uses the same). */
export const SWEEP_HELD_OUT = 256;

/** One cell's held-out accuracy after training at one distance. */
export interface SweepPoint {
  cell: MemoryCellType;
  distance: number;
  accuracy: number;
}

/** Where a sweep is: points so far, distances done, and the estimated seconds left (null before the first). */
export interface SweepProgress {
  points: SweepPoint[];
  done: number;
  total: number;
  secondsLeft: number | null;
}

/** A comma-separated list of distances, or the reason it is not one. */
export function parseDistances(text: string): { distances: number[] } | { problem: string } {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) return { problem: 'Enter at least one distance, e.g. 5, 10, 20.' };
  const distances: number[] = [];
  // The lab's distance slider's range: a sweep point is a race the lab could run.
  const { min, max } = MEMORY_LAB_LIMITS.distance;
  for (const part of parts) {
    const value = Number(part);
    if (!Number.isInteger(value) || value < min || value > max) return { problem: `“${part}” is not a whole number of steps from ${min} to ${max}.` };
    if (!distances.includes(value)) distances.push(value);
  }
  return { distances: distances.sort((a, b) => a - b) };
}

/**
 * A step's cost grows with the sequence (distance + 2 symbols, the digit and the query), so the time left is
 * the time so far scaled by the work left over the work done.
 */
export function sweepWork(distance: number): number {
  return distance + 2;
}

export interface SweepPlan {
  distances: readonly number[];
  cells: readonly MemoryCellType[];
}

/**
 * Run the sweep. `raceAt(distance)` trains every cell at that distance and resolves with the race's record
 * (member i = cells[i]); a stopped race ends the sweep without its points. Resolves with every point made.
 */
export async function runSweep(
  plan: SweepPlan,
  raceAt: (distance: number) => Promise<RaceRecord>,
  onProgress: (progress: SweepProgress) => void,
  isStopped: () => boolean,
  now: () => number = () => performance.now(),
): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  const totalWork = plan.distances.reduce((sum, distance) => sum + sweepWork(distance), 0);
  const started = now();
  let doneWork = 0;
  for (let index = 0; index < plan.distances.length && !isStopped(); index++) {
    const distance = plan.distances[index];
    const record = await raceAt(distance);
    if (record.stopped || isStopped()) break;
    record.members.forEach((member, position) => points.push({ cell: plan.cells[position], distance, accuracy: member.finalAccuracy }));
    doneWork += sweepWork(distance);
    const elapsed = (now() - started) / 1000;
    onProgress({ points: [...points], done: index + 1, total: plan.distances.length, secondsLeft: (elapsed * (totalWork - doneWork)) / doneWork });
  }
  return points;
}

/** The sweep's chart: one line per cell over distance, and the chance rule. */
export function sweepChartData(
  points: readonly SweepPoint[],
  cells: readonly MemoryCellType[],
  labels: Readonly<Record<MemoryCellType, string>>,
  chance: number,
  distances: readonly number[],
): LineChartData {
  const series: LineSeries[] = cells.map((cell) => ({
    id: `sweep-${cell}`,
    label: labels[cell],
    points: points.filter((point) => point.cell === cell).map((point) => ({ x: point.distance, y: point.accuracy })),
    mark: 'line+points',
  }));
  // From 0 to the farthest distance asked for, so the axis does not move as points arrive.
  const farthest = Math.max(MEMORY_DISTANCE_LIMITS.min, ...distances, ...points.map((point) => point.distance));
  return { series, xDomain: [0, farthest], referenceLines: [{ y: chance, label: `chance ${chance.toFixed(3)}` }], formatXReadout: (x) => `distance ${x}` };
}

/** Seconds as "about 3 min" / "about 40 s". */
export function formatDuration(seconds: number): string {
  if (seconds >= 90) return `about ${Math.round(seconds / 60)} min`;
  return `about ${Math.max(1, Math.round(seconds / 5) * 5)} s`;
}
