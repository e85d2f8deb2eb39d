/**
 * The names generator's training curves, in the three units the lecture uses for one quantity: NLL per
 * character (nats), perplexity (e^NLL: how many equally likely next letters the model is as unsure as) and
 * bits per character (NLL / ln 2). Train from each batch's loss (a moving average, as batches differ in
 * length), validation from the full split at each epoch end.
 */
import type { LinePoint } from '../../charts/lineChart';
import type { LmMetricsMessage } from '../../worker/protocol';

/** Weight of the newest batch in the moving average (about the last 20 batches), as the classifier's loss curve. */
export const LOSS_SMOOTHING = 0.05;

export interface LmCurves {
  /** Per batch, nats per character. */
  trainNll: LinePoint[];
  trainNllSmooth: LinePoint[];
  trainPerplexity: LinePoint[];
  trainBits: LinePoint[];
  valNll: LinePoint[];
  valPerplexity: LinePoint[];
  valBits: LinePoint[];
}

export function emptyLmCurves(): LmCurves {
  return { trainNll: [], trainNllSmooth: [], trainPerplexity: [], trainBits: [], valNll: [], valPerplexity: [], valBits: [] };
}

/** Add flattened (step, loss per character) pairs from progress messages. */
export function appendTrainLoss(curves: LmCurves, flat: ArrayLike<number>): void {
  for (let index = 0; index + 1 < flat.length; index += 2) {
    const x = flat[index];
    const loss = flat[index + 1];
    curves.trainNll.push({ x, y: loss });
    const previous = curves.trainNllSmooth.at(-1);
    // A diverged (non-finite) batch restarts the average rather than poisoning it.
    const y = previous && Number.isFinite(previous.y) && Number.isFinite(loss) ? previous.y + LOSS_SMOOTHING * (loss - previous.y) : loss;
    curves.trainNllSmooth.push({ x, y });
    curves.trainPerplexity.push({ x, y: Math.exp(y) });
    curves.trainBits.push({ x, y: y / Math.LN2 });
  }
}

/** Add a validation evaluation (test evaluations are reported, not drawn). */
export function appendEvaluation(curves: LmCurves, message: LmMetricsMessage): void {
  if (message.metrics.split !== 'val') return;
  const x = message.step;
  curves.valNll.push({ x, y: message.metrics.nllPerChar });
  curves.valPerplexity.push({ x, y: message.metrics.perplexity });
  curves.valBits.push({ x, y: message.metrics.bitsPerChar });
}
