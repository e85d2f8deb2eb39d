import { describe, expect, it } from 'vitest';
import { exportRuns, parseRunArchive, RUN_ARCHIVE_FORMAT } from './runArchive';
import { sampleRun } from './runRecordSample';

describe('run archive', () => {
  it('export then import gives identical runs (a diverged NaN loss included)', () => {
    const runs = [
      sampleRun(),
      sampleRun({ id: 'run-2', name: 'GRU', pinned: true, test: null, weights: '{"format":"x"}', curves: { trainLoss: [1, Number.NaN], gradNorm: [], valLoss: [], valAccuracy: [] } }),
    ];
    const parsed = parseRunArchive(exportRuns(runs));
    expect(parsed).toEqual({ runs });
  });

  it.each([
    ['text that is not JSON', 'hello', /^This is not a runs file: it is not JSON/],
    ['another JSON file', '{"format":"something-else"}', /does not start with "format": "rnn-playground\/runs-v1"/],
    [
      'a saved model (it said only that the format was not the runs file\'s)',
      '{"format":"rnn-playground/torch-v1","task":{"kind":"classify"}}',
      /^This is a model file \(what Save model writes\), not a runs file: open it with "Open model…" at the top of the page\./,
    ],
    ['a file without runs', `{"format":"${RUN_ARCHIVE_FORMAT}"}`, /^This runs file has no list of runs\.$/],
    [
      'one bad run among good ones',
      JSON.stringify({ format: RUN_ARCHIVE_FORMAT, runs: [sampleRun(), { ...sampleRun({ id: 'b', name: 'Bad' }), seed: 'x' }] }),
      /^Run 2 \("Bad"\) in this file cannot be read: its seed is not a whole number\. Nothing was imported\.$/,
    ],
    [
      'a repeated id',
      JSON.stringify({ format: RUN_ARCHIVE_FORMAT, runs: [sampleRun(), sampleRun()] }),
      /^Run 2 .* repeats the id of an earlier run/,
    ],
  ])('refuses %s with a specific message and no runs', (_label, text, message) => {
    const parsed = parseRunArchive(text);
    expect('runs' in parsed).toBe(false);
    expect('problem' in parsed && parsed.problem).toMatch(message);
  });
});
