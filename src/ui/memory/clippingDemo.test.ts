import { describe, expect, it } from 'vitest';
import { CLIPPING_DEMO } from '../../model/taskDefaults';
import type { RaceEvent } from '../../worker/protocol';
import { addDemoEvents, clippingDemoMembers, demoChartData, emptyDemoCurves } from './clippingDemo';

const step = (member: number, at: number, loss: number, gradNorm: number): RaceEvent => ({ kind: 'step', member, step: at, loss, gradNorm });

describe('the clipping demo', () => {
  it('races one model twice: first without clipping, then clipped at the demo threshold', () => {
    const [off, on] = clippingDemoMembers();
    expect(off.model).toEqual(on.model);
    expect(off.clipNorm).toBeNull();
    expect(on.clipNorm).toBe(CLIPPING_DEMO.clipNorm);
  });

  it('folds steps, evaluations and a divergence into each run, leaving out numbers that are not finite', () => {
    const start = emptyDemoCurves();
    const curves = addDemoEvents(start, [
      step(0, 1, 2.1, 0.5),
      step(1, 1, 2.1, 0.5),
      step(0, 2, 14, 24),
      step(1, 2, 1.9, 10),
      { kind: 'evaluation', member: 1, step: 2, accuracy: 0.4, loss: 1.5 },
      step(0, 3, Number.NaN, Number.POSITIVE_INFINITY),
      { kind: 'diverged', member: 0, step: 3, loss: Number.NaN, gradNorm: Number.POSITIVE_INFINITY },
    ]);
    // The old state is untouched (React compares by reference).
    expect(start[0].gradNorms).toEqual([]);
    expect(curves[0].gradNorms).toEqual([{ x: 1, y: 0.5 }, { x: 2, y: 24 }]);
    expect(curves[0].losses).toEqual([{ x: 1, y: 2.1 }, { x: 2, y: 14 }]);
    expect(curves[0].peak).toEqual({ step: 2, gradNorm: 24 });
    expect(curves[0].maxLoss).toBe(14);
    expect(curves[0].diverged).toEqual({ step: 3, loss: Number.NaN, gradNorm: Number.POSITIVE_INFINITY });
    expect(curves[1].accuracy).toEqual([{ x: 2, y: 0.4 }]);
    expect(curves[1].peak).toEqual({ step: 2, gradNorm: 10 });
    expect(curves[1].diverged).toBeNull();
    // A later batch carries on from the fold.
    expect(addDemoEvents(curves, [step(1, 3, 1.2, 3)])[1].gradNorms.map((point) => point.x)).toEqual([1, 2, 3]);
  });

  it('draws the threshold on the gradient-norm chart and chance on the accuracy chart', () => {
    const curves = addDemoEvents(emptyDemoCurves(), [step(0, 1, 2, 0.6), step(1, 1, 2, 0.6)]);
    const charts = demoChartData(curves, 1 / 8);
    expect(charts.gradNorm.referenceLines).toEqual([{ y: CLIPPING_DEMO.clipNorm, label: `clip threshold ${CLIPPING_DEMO.clipNorm}` }]);
    expect(charts.gradNorm.series.map((series) => series.id)).toEqual(['run-off', 'run-on']);
    expect(charts.gradNorm.series[1].points).toEqual([{ x: 1, y: 0.6 }]);
    expect(charts.accuracy.referenceLines).toEqual([{ y: 0.125, label: 'chance 0.125' }]);
    expect(charts.loss.referenceLines?.[0].y).toBeCloseTo(Math.log(8), 12);
  });
});
