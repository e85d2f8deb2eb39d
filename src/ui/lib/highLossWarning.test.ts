import { describe, expect, it } from 'vitest';
import { highLossDetails, highLossHeadline, highLossMemberLine, highLossRaceHeadline, highLossRunText, highLossWarning, TEXT_LAB_PLACE } from './highLossWarning';

/** Flattened [step, loss, …] history of these batch losses, from step 1. */
const history = (losses: number[]): number[] => losses.flatMap((loss, index) => [index + 1, loss]);
const LN18 = Math.log(18);

describe('highLossWarning', () => {
  it('warns when the recent losses stay far above chance (SGD 10 on the tutorial RNN: 50–250 nats)', () => {
    const warning = highLossWarning(history([2.9, 40, 120, 84, 250, 60, 95, 84, 70, 130, 84]), 18);
    expect(warning).toEqual({ recentLoss: 84, chanceLoss: LN18, classCount: 18 });
  });

  it('does not warn on normal early training: a start near chance, a brief rise above it, one bad batch', () => {
    expect(highLossWarning(history([2.95, 3.4, 4.1, 3.2, 2.8, 2.7, 2.6]), 18)).toBeNull();
    expect(highLossWarning(history([2.9, 2.8, 2.7, 30, 2.6, 2.5, 2.5, 2.4]), 18)).toBeNull();
    // Two classes: chance 0.69; a noisy start at 1.5 is no warning.
    expect(highLossWarning(history([0.7, 1.5, 1.2, 0.9, 0.7, 0.68]), 2)).toBeNull();
  });

  it('needs a few batches first, and a class count', () => {
    expect(highLossWarning(history([2.9, 80, 90, 100]), 18)).toBeNull();
    expect(highLossWarning(history([2.9, 80, 90, 100, 110]), 18)?.recentLoss).toBe(90);
    expect(highLossWarning(history([80, 90, 100, 110, 120]), 0)).toBeNull();
  });

  it('reads only the last batches: it clears once the loss comes back near chance', () => {
    const high = Array.from({ length: 30 }, () => 60);
    expect(highLossWarning(history(high), 18)).not.toBeNull();
    expect(highLossWarning(history([...high, 3, 2.8, 2.9, 2.7, 2.6, 2.5]), 18)).toBeNull();
  });

  it('leaves a NaN or infinite loss to the diverged note', () => {
    expect(highLossWarning(history([60, 70, 80, 90, Number.NaN]), 18)).toBeNull();
    expect(highLossWarning(history([60, 70, 80, 90, Number.POSITIVE_INFINITY]), 18)).toBeNull();
  });

  it('is "far" at twice chance and at least 2 nats above it', () => {
    expect(highLossWarning(history([5.7, 5.7, 5.7, 5.7, 5.7]), 18)).toBeNull();
    expect(highLossWarning(history([5.9, 5.9, 5.9, 5.9, 5.9]), 18)).not.toBeNull();
    expect(highLossWarning(history([2.6, 2.6, 2.6, 2.6, 2.6]), 2)).toBeNull();
    expect(highLossWarning(history([2.8, 2.8, 2.8, 2.8, 2.8]), 2)).not.toBeNull();
  });
});

describe('the words', () => {
  const warning = { recentLoss: 84.3, chanceLoss: LN18, classCount: 18 };

  it('names the learning rate, the numbers and a steadier rate for the optimiser', () => {
    expect(highLossHeadline('sgd', 10)).toBe('The training loss is far above chance: the learning rate 10 is probably too high for SGD.');
    expect(highLossDetails(warning, 'sgd', 10)).toBe(
      'Training loss 84 nats (median of the last 10 batches) against chance ln 18 = 2.89 nats, what guessing every class equally scores: ' +
        'the steps overshoot, so the model is confidently wrong. Try 0.1 (SGD), then Reset for fresh weights and train again.',
    );
    expect(highLossDetails(warning, 'adam', 10)).toMatch(/Try 0\.01 \(Adam\), then Reset/);
  });

  it('with the rate already lowered, blames the weights and says to reset', () => {
    expect(highLossHeadline('adam', 0.001)).toBe('The training loss is far above chance: the weights were pushed far off, most likely by a learning rate too high.');
    expect(highLossDetails({ ...warning, recentLoss: 6.25 }, 'adam', 0.001)).toMatch(/^Training loss 6\.3 nats .*: earlier steps pushed the weights far off, so .* Reset for fresh weights and train again at 0\.001 \(Adam\) or lower\.$/);
  });
});

describe('the same note beyond the Train screen', () => {
  const warning = { recentLoss: 57.4, chanceLoss: LN18, classCount: 18 };

  it('on Your text: chance over the outputs (symbols and end mark), and the lab\'s own New weights', () => {
    // A text of 40 symbols: 41 outputs, chance ln 41 = 3.71; Adam 1 keeps the loss at tens of nats.
    const textWarning = highLossWarning(history([3.7, 30, 45, 38, 52, 41, 47]), 41);
    expect(textWarning).toEqual({ recentLoss: 41, chanceLoss: Math.log(41), classCount: 41 });
    expect(highLossDetails(textWarning!, 'adam', 1, TEXT_LAB_PLACE)).toBe(
      'Training loss 41 nats (median of the last 10 batches) against chance ln 41 = 3.71 nats, what guessing every output (each symbol and the end mark) equally scores: ' +
        'the steps overshoot, so the model is confidently wrong. Try 0.01 (Adam), then New weights for fresh weights and train again.',
    );
  });

  it('in a race: names each member that is off, with its numbers and cause', () => {
    expect(highLossRaceHeadline(['RNN', 'LSTM'])).toBe('The training loss is far above chance for RNN, LSTM.');
    expect(highLossMemberLine('RNN', warning, 'sgd', 10)).toBe('RNN: training loss 57 nats (median of the last 10 batches) against chance 2.89: the learning rate 10 is probably too high for SGD.');
  });

  it('in a kept run\'s entry', () => {
    expect(highLossRunText(warning)).toBe('loss stayed far above chance (median 57 vs 2.9)');
    expect(highLossRunText({ recentLoss: 6.25, chanceLoss: Math.log(2) })).toBe('loss stayed far above chance (median 6.3 vs 0.7)');
  });
});
