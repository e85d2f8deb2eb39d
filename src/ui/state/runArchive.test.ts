import { describe, expect, it } from 'vitest';
import { exportRuns, MAX_RUNS_FILE_BYTES, parseRunArchive, readRunsFile, RUN_ARCHIVE_FORMAT } from './runArchive';
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

  it('refuses a picked file over the limit from its size, before reading a byte; a file at the limit is read', async () => {
    const reads: string[] = [];
    const picked = (name: string, text: string, size = text.length) => ({
      name,
      size,
      text: () => {
        reads.push(name);
        return Promise.resolve(text);
      },
    });
    const file = exportRuns([sampleRun()]);

    expect(await readRunsFile(picked('movie.mp4', '', 1.5 * 1024 * 1024 * 1024))).toEqual({
      problem:
        'movie.mp4 is 1.5 GB; a runs file may be at most 200 MB, about six SST-2 runs kept with their weights. Nothing was imported: export fewer runs at a time (tick them before Export).',
    });
    expect(await readRunsFile(picked('runs.json', file, MAX_RUNS_FILE_BYTES + 1))).toHaveProperty('problem', expect.stringMatching(/^runs\.json is just over 200 MB; a runs file may be at most 200 MB, .*Nothing was imported/));
    expect(reads, 'no file over the limit is read').toEqual([]);

    expect(await readRunsFile(picked('runs.json', file, MAX_RUNS_FILE_BYTES))).toEqual({ runs: [sampleRun()] });
    expect(reads).toEqual(['runs.json']);
  });

  it('says a file that cannot be read (gone since it was picked) is not imported, instead of failing in silence', async () => {
    const gone = { name: 'runs.json', size: 10, text: () => Promise.reject(new DOMException('A requested file or directory could not be found.', 'NotFoundError')) };
    expect(await readRunsFile(gone)).toEqual({ problem: 'runs.json could not be read, so nothing was imported: A requested file or directory could not be found.' });
  });
});
