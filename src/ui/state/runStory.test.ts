import { describe, expect, it } from 'vitest';
import type { MetricsMessage } from '../../worker/protocol';
import { defaultsFor } from './appConfig';
import { MAX_CURVE_POINTS } from './runRecord';
import { checkRunStory, MAX_STORY_EVALUATIONS, storyToKeep, type RunStory } from './runStory';
import { checkSavedModel } from './storedModel';

function evaluation(step: number): MetricsMessage {
  return {
    type: 'metrics',
    runId: 3,
    step,
    epoch: 0,
    scope: 'subset',
    metrics: { split: 'val', loss: 1, accuracy: 0.5, macroAccuracy: 0.4, confusion: [1, 0, 0, 1], count: 2 },
    mistakes: { '0:1': ['Nakamura'] },
  };
}

function story(steps: number, evaluations: number): RunStory {
  const trainLoss: number[] = [];
  for (let step = 1; step <= steps; step++) trainLoss.push(step, 3 - step / steps);
  return {
    step: steps,
    epoch: 1,
    totalSteps: steps,
    stepsPerEpoch: steps / 2,
    history: { trainLoss, gradNorm: [...trainLoss], metrics: Array.from({ length: evaluations }, (_, index) => evaluation(index + 1)) },
    lastMetrics: null,
    testMetrics: { split: 'test', loss: 0.8, accuracy: 0.78, macroAccuracy: 0.42, confusion: [1, 0, 0, 1], count: 2 },
    settings: { ...defaultsFor('names') },
    keptRecordId: 'run-7',
  };
}

describe('storyToKeep', () => {
  it('bounds a long run: curves averaged down to the limit, the latest evaluations kept, old mistakes dropped', () => {
    const kept = storyToKeep(story(10_000, 1_000));
    expect(kept.history.trainLoss.length).toBe(MAX_CURVE_POINTS * 2);
    expect(kept.history.trainLoss.at(-2)).toBe(10_000);
    expect(kept.history.metrics.length).toBe(MAX_STORY_EVALUATIONS);
    expect(kept.history.metrics.at(-1)?.step).toBe(1_000);
    expect(kept.history.metrics.at(-1)?.mistakes).toEqual({ '0:1': ['Nakamura'] });
    expect(kept.history.metrics[0].mistakes).toEqual({});
    expect(kept.step).toBe(10_000);
    expect(kept.testMetrics?.accuracy).toBe(0.78);
  });

  it('keeps a short run exactly, and survives a JSON round trip and the check', () => {
    const original = story(40, 3);
    const kept = storyToKeep(original);
    expect(kept.history.trainLoss).toEqual(original.history.trainLoss);
    expect(kept.history.gradNorm).toEqual(original.history.gradNorm);
    expect(kept.history.metrics.map((message) => message.metrics)).toEqual(original.history.metrics.map((message) => message.metrics));
    expect(checkRunStory(JSON.parse(JSON.stringify(kept)))).toEqual(kept);
  });
});

describe('checkRunStory', () => {
  it.each([
    ['no step', { ...story(4, 1), step: -1 }, 'its step or epoch is not a whole number'],
    ['text as a curve', { ...story(4, 1), history: { trainLoss: 'x', gradNorm: [], metrics: [] } }, 'its curves are not lists of numbers'],
    ['a broken evaluation', { ...story(4, 1), history: { trainLoss: [], gradNorm: [], metrics: [{ step: 1 }] } }, 'its validation results are incomplete'],
    ['a broken test result', { ...story(4, 1), testMetrics: { accuracy: 'high' } }, 'its test result is incomplete'],
  ])('refuses %s', (_label, value, reason) => {
    expect(checkRunStory(value)).toBe(reason);
  });

  it('reads back the kept-runs record the run was kept as; a story of an earlier version (or a garbled id) names none', () => {
    expect(checkRunStory(JSON.parse(JSON.stringify(storyToKeep(story(4, 1)))))).toMatchObject({ keptRecordId: 'run-7' });
    const { keptRecordId: _dropped, ...earlier } = story(4, 1);
    expect(checkRunStory(earlier)).toMatchObject({ keptRecordId: null });
    expect(checkRunStory({ ...story(4, 1), keptRecordId: 7 })).toMatchObject({ keptRecordId: null });
  });

  it('a damaged story beside a whole checkpoint drops the story, not the weights', () => {
    const file = {
      blob: new Blob(['{}']),
      model: { cell: 'lstm', hiddenSize: 8, numLayers: 1, bidirectional: false, embeddingDim: null, dropout: 0 },
      classes: ['Czech', 'English'],
      inputType: 'chars',
    };
    expect(checkSavedModel({ dataId: 'names', savedAt: 1, file, story: { step: 'many' } })).toEqual({ dataId: 'names', savedAt: 1, file });
    const whole = storyToKeep(story(4, 1));
    expect(checkSavedModel({ dataId: 'names', savedAt: 1, file, story: whole })).toEqual({ dataId: 'names', savedAt: 1, file, story: whole });
  });
});
