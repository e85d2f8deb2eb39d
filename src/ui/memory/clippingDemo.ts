/**
 * The exploding-gradient demo's data: its two race members (the same run without and with clipping), the
 * race's events folded into per-run curves (gradient norm and batch loss every step, held-out accuracy at
 * every evaluation) and what the three charts draw.
 * Pure (no React, no DOM), so the fold is tested without a browser.
 */
import type { LineChartData, LinePoint, LineSeries } from '../../charts/lineChart';
import { CLIPPING_DEMO } from '../../model/taskDefaults';
import type { RaceDivergence, RaceEvent, RaceMemberSpec } from '../../worker/protocol';

/** Legend labels, in member order: the unclipped run first. */
export const CLIPPING_DEMO_LABELS = ['Clipping off', `Clipping on (‖g‖ ≤ ${CLIPPING_DEMO.clipNorm})`] as const;

/** Test ids and keys per member, in member order. */
export const CLIPPING_DEMO_KEYS = ['off', 'on'] as const;

/** The two members: identical models from one seed, one without clipping, one clipped at CLIPPING_DEMO.clipNorm. */
export function clippingDemoMembers(): RaceMemberSpec[] {
  return [
    { label: CLIPPING_DEMO_LABELS[0], model: { ...CLIPPING_DEMO.model }, clipNorm: null },
    { label: CLIPPING_DEMO_LABELS[1], model: { ...CLIPPING_DEMO.model }, clipNorm: CLIPPING_DEMO.clipNorm },
  ];
}

/** What one run of the demo has reported so far. */
export interface ClippingRunCurves {
  /** Global gradient norm before clipping, per step (finite values only: a non-finite one ends the run). */
  gradNorms: LinePoint[];
  /** Training batch loss per step (finite values only). */
  losses: LinePoint[];
  /** Held-out accuracy at each evaluation. */
  accuracy: LinePoint[];
  /** The largest gradient norm so far and its step; null before the first step. */
  peak: { step: number; gradNorm: number } | null;
  /** The largest batch loss so far; NaN before the first step. */
  maxLoss: number;
  /** Where its loss or gradient norm stopped being a number; null while it never did. */
  diverged: RaceDivergence | null;
}

const emptyRun = (): ClippingRunCurves => ({ gradNorms: [], losses: [], accuracy: [], peak: null, maxLoss: Number.NaN, diverged: null });

/** Empty curves for both members. */
export function emptyDemoCurves(): ClippingRunCurves[] {
  return CLIPPING_DEMO_LABELS.map(emptyRun);
}

/** `curves` with `events` folded in (new arrays for the runs that changed: React sees the change). */
export function addDemoEvents(curves: readonly ClippingRunCurves[], events: readonly RaceEvent[]): ClippingRunCurves[] {
  const next = curves.map((run) => ({ ...run }));
  const touched = new Set<number>();
  const run = (member: number): ClippingRunCurves => {
    while (next.length <= member) next.push(emptyRun());
    if (!touched.has(member)) {
      touched.add(member);
      const current = next[member];
      next[member] = { ...current, gradNorms: [...current.gradNorms], losses: [...current.losses], accuracy: [...current.accuracy] };
    }
    return next[member];
  };
  for (const event of events) {
    switch (event.kind) {
      case 'step': {
        const target = run(event.member);
        if (Number.isFinite(event.gradNorm)) {
          target.gradNorms.push({ x: event.step, y: event.gradNorm });
          if (target.peak === null || event.gradNorm > target.peak.gradNorm) target.peak = { step: event.step, gradNorm: event.gradNorm };
        }
        if (Number.isFinite(event.loss)) {
          target.losses.push({ x: event.step, y: event.loss });
          if (!(event.loss <= target.maxLoss)) target.maxLoss = event.loss;
        }
        break;
      }
      case 'evaluation':
        run(event.member).accuracy.push({ x: event.step, y: event.accuracy });
        break;
      case 'diverged':
        run(event.member).diverged = { step: event.step, loss: event.loss, gradNorm: event.gradNorm };
        break;
      case 'insight':
        break;
    }
  }
  return next;
}

function series(curves: readonly ClippingRunCurves[], pick: (run: ClippingRunCurves) => LinePoint[], mark: LineSeries['mark']): LineSeries[] {
  return CLIPPING_DEMO_LABELS.map((label, member) => ({ id: `run-${CLIPPING_DEMO_KEYS[member]}`, label, points: curves[member] ? pick(curves[member]) : [], mark }));
}

/** The three charts: gradient norm (log, with the threshold rule), batch loss (log) and held-out accuracy (chance rule). */
export function demoChartData(curves: readonly ClippingRunCurves[], chance: number): { gradNorm: LineChartData; loss: LineChartData; accuracy: LineChartData } {
  return {
    gradNorm: { series: series(curves, (run) => run.gradNorms, 'line'), referenceLines: [{ y: CLIPPING_DEMO.clipNorm, label: `clip threshold ${CLIPPING_DEMO.clipNorm}` }] },
    loss: { series: series(curves, (run) => run.losses, 'line'), referenceLines: [{ y: Math.log(1 / chance), label: `no memory: ln ${Math.round(1 / chance)}` }] },
    accuracy: { series: series(curves, (run) => run.accuracy, 'line+points'), referenceLines: [{ y: chance, label: `chance ${chance.toFixed(3)}` }] },
  };
}
