/**
 * The shared train-to-the-end loop (CLI train and the browser bench): per-epoch figures, the best epoch's
 * weights tested, the session disposed. A scripted session stands in for the engine.
 */
import { describe, expect, it } from 'vitest';
import { FakeCharLmSession, TEST_CHAR_LM, TEST_NAMES_DATASET } from '../worker/testing/fakeCharLmSession';
import { trainCharLmToEnd, type CharLmEpochReport } from './charLmTrainToEnd';
import { taskDefaults } from './taskDefaults';

describe('trainCharLmToEnd', () => {
  it('reports each epoch (mean training NLL of its batches, validation), tests the last and best epoch, and disposes', async () => {
    const session = new FakeCharLmSession(TEST_CHAR_LM, { ...taskDefaults('names-gen').train, epochs: 2 }, 3);
    const seen: CharLmEpochReport[] = [];
    const result = await trainCharLmToEnd(session, TEST_NAMES_DATASET, { onEpoch: (report) => void seen.push(report) });
    // The scripted losses are 3/step: epoch 1 averages 3, 1.5, 1; epoch 2 averages 0.75, 0.6, 0.5.
    expect(seen.map((report) => report.epoch)).toEqual([1, 2]);
    expect(seen[0].trainNllPerChar).toBeCloseTo((3 + 1.5 + 1) / 3, 10);
    expect(seen[1].trainNllPerChar).toBeCloseTo((0.75 + 0.6 + 0.5) / 3, 10);
    // Validation improves every epoch (2 / (1 + step)), so the last epoch is the best and is tested as it is.
    expect(seen.map((report) => report.val.nllPerChar)).toEqual([2 / 4, 2 / 7]);
    expect(result.best).toEqual({ epoch: 2, valNllPerChar: 2 / 7 });
    expect(result.test.split).toBe('test');
    expect(result.test.nllPerChar).toBe(2 / 7);
    expect(result.epochs).toEqual(seen);
    expect(result.divergedSteps).toBe(0);
    expect(session.calls).toEqual(['evaluate:val', 'evaluate:val', 'evaluate:test', 'dispose']);
  });
});
