import { describe, expect, it } from 'vitest';
import type { LmMetricsMessage } from '../../worker/protocol';
import { appendEvaluation, appendTrainLoss, emptyLmCurves, LOSS_SMOOTHING } from './lmCurves';

describe('lmCurves', () => {
  it('derives perplexity and bits from the moving average of the loss per character', () => {
    const curves = emptyLmCurves();
    appendTrainLoss(curves, new Float32Array([1, 2, 2, 1]));
    const smooth = 2 + LOSS_SMOOTHING * (1 - 2);
    expect(curves.trainNll).toEqual([{ x: 1, y: 2 }, { x: 2, y: 1 }]);
    expect(curves.trainNllSmooth[1].y).toBeCloseTo(smooth, 6);
    expect(curves.trainPerplexity[1].y).toBeCloseTo(Math.exp(smooth), 6);
    expect(curves.trainBits[1].y).toBeCloseTo(smooth / Math.log(2), 6);
  });

  it('restarts the average after a non-finite batch', () => {
    const curves = emptyLmCurves();
    appendTrainLoss(curves, [1, Number.NaN, 2, 3]);
    expect(curves.trainNllSmooth[1].y).toBe(3);
  });

  it('draws validation passes only', () => {
    const curves = emptyLmCurves();
    const message = (split: 'val' | 'test'): LmMetricsMessage => ({
      type: 'lmMetrics', runId: 1, step: 40, epoch: 0, samples: [],
      metrics: { split, nllPerChar: 2, perplexity: Math.exp(2), bitsPerChar: 2 / Math.LN2, characters: 10, count: 2 },
    });
    appendEvaluation(curves, message('val'));
    appendEvaluation(curves, message('test'));
    expect(curves.valNll).toEqual([{ x: 40, y: 2 }]);
    expect(curves.valPerplexity).toEqual([{ x: 40, y: Math.exp(2) }]);
    expect(curves.valBits[0].y).toBeCloseTo(2.885, 3);
  });
});
