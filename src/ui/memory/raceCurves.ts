/**
 * A race's events folded into what its chart draws: held-out accuracy per member over training steps.
 * Pure (no React, no DOM), so the fold is tested without a browser.
 */
import type { LineChartData, LineSeries } from '../../charts/lineChart';
import type { RaceEvent } from '../../worker/protocol';

/** Accuracy points per member, in step order. */
export type RaceCurves = { step: number; accuracy: number }[][];

/** `curves` with the evaluations among `events` appended (a new array: React sees the change). */
export function addRaceEvents(curves: RaceCurves, events: readonly RaceEvent[]): RaceCurves {
  const next = curves.map((curve) => [...curve]);
  for (const event of events) {
    if (event.kind !== 'evaluation') continue;
    while (next.length <= event.member) next.push([]);
    next[event.member].push({ step: event.step, accuracy: event.accuracy });
  }
  return next;
}

/** The accuracy chart's data: one series per member and a dashed rule at chance. */
export function raceChartData(curves: RaceCurves, labels: readonly string[], chance: number): LineChartData {
  const series: LineSeries[] = labels.map((label, member) => ({
    id: `member-${member}`,
    label,
    points: (curves[member] ?? []).map(({ step, accuracy }) => ({ x: step, y: accuracy })),
    mark: 'line+points',
  }));
  return { series, referenceLines: [{ y: chance, label: `chance ${chance.toFixed(3)}` }] };
}
