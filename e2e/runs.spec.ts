/**
 * Kept runs: a runs file prepared elsewhere is imported, two runs are compared (curves overlaid, the
 * settings that differ, per-class accuracy side by side); a malformed file is refused with a specific
 * message and changes nothing; a finished run is kept on its own with a default name that names its cell, Replay
 * repeats its loss at every step, and a run started from an opened model file is refused, naming that cause.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const CLASSES = ['Arabic', 'Chinese', 'Czech', 'Dutch', 'English', 'French', 'German', 'Greek', 'Irish', 'Italian', 'Japanese', 'Korean', 'Polish', 'Portuguese', 'Russian', 'Scottish', 'Spanish', 'Vietnamese'];

function run(id: string, name: string, cell: string, accuracy: number) {
  const curve = (start: number) => Array.from({ length: 20 }, (_, index) => [index + 1, start / (index + 1)]).flat();
  return {
    id,
    name,
    pinned: false,
    dataId: 'names',
    classes: CLASSES,
    settings: { task: 'names', cell, hiddenSize: 64, optimizer: 'adam', learningRate: 0.005, epochs: 2, seed: 1 },
    seed: 1,
    createdAt: 1_700_000_000_000,
    step: 20,
    epoch: 1,
    curves: { trainLoss: curve(2.9), gradNorm: curve(4), valLoss: [10, 1.5, 20, 1.2], valAccuracy: [10, accuracy - 0.1, 20, accuracy] },
    test: { accuracy, macroAccuracy: accuracy - 0.2, count: 1799, classRecall: CLASSES.map((_, index) => (index % 2 === 0 ? accuracy : 0.5)) },
    weights: null,
  };
}

const FILE = JSON.stringify({ format: 'rnn-playground/runs-v1', runs: [run('a', 'RNN baseline', 'rnn', 0.7), run('b', 'GRU try', 'gru', 0.8)] });

test('runs import, compare side by side, and a malformed file changes nothing', async ({ page, shell }) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  // "Import runs…" looks like the buttons beside it (it was an unstyled label) and shows the focus ring
  // while its hidden file input has the keyboard focus.
  const boxOf = (element: Element) => {
    const style = getComputedStyle(element);
    return [style.borderTopWidth, style.borderTopStyle, style.borderRadius, style.paddingLeft, style.minHeight, style.backgroundColor].join(' ');
  };
  const importLabel = panel.getByTestId('import-runs-label');
  expect(await importLabel.evaluate(boxOf)).toBe(await panel.getByTestId('export-runs').evaluate(boxOf));
  expect(await importLabel.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('none');
  await panel.getByTestId('import-runs').focus();
  expect(await importLabel.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
  await panel.getByTestId('import-runs').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(FILE) });
  await expect(panel.getByTestId('run-item')).toHaveCount(2);

  await panel.getByRole('checkbox', { name: 'Compare RNN baseline' }).check();
  await panel.getByRole('checkbox', { name: 'Compare GRU try' }).check();
  const compare = page.getByTestId('run-compare');
  await expect(compare.getByTestId('compare-loss').locator('g.line-series')).toHaveCount(2);
  await expect(compare.getByTestId('compare-accuracy').locator('g.line-series')).toHaveCount(2);
  await expect(compare.getByTestId('compare-settings')).toContainText('cell');
  await expect(compare.getByTestId('compare-settings')).not.toContainText('hiddenSize');
  await expect(compare.getByTestId('compare-classes').getByRole('row', { name: /^Arabic/ })).toContainText('70.0%');
  await expect(compare.getByTestId('compare-classes').getByRole('row', { name: /^Arabic/ })).toContainText('80.0%');

  const broken = JSON.stringify({ format: 'rnn-playground/runs-v1', runs: [run('c', 'Third', 'lstm', 0.5), { ...run('d', 'Bad one', 'lstm', 0.5), classes: 'x' }] });
  await panel.getByTestId('import-runs').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  await expect(panel.getByTestId('runs-problem')).toHaveText(
    'Run 2 ("Bad one") in this file cannot be read: its class names are not a list of texts. Nothing was imported.',
  );
  await expect(panel.getByTestId('run-item')).toHaveCount(2);

  // Kept across a reload, with an edited name.
  await panel.getByTestId('run-name').first().fill('GRU, lr 0.005');
  await panel.getByTestId('run-name').first().blur();
  // The rename is stored, then the list read back: reload only once it shows (a reload at once raced the write).
  await expect(panel.getByRole('checkbox', { name: 'Compare GRU, lr 0.005' })).toBeVisible();
  await page.reload();
  await shell.waitForData();
  await shell.goTo('train');
  await expect(page.getByTestId('run-name').first()).toHaveValue('GRU, lr 0.005');
});

test('a finished run is kept on its own, named after its cell; Replay repeats it; an opened model is refused', async ({ page, app, shell, modelPage, trainPage }) => {
  test.setTimeout(600_000);
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.chooseCell('gru');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.setOptimiser({ learningRate: 0.01, batchSize: 512, epochs: 1 });
  await trainPage.playButton.click();
  await expect(page.getByTestId('test-result')).toContainText('GRU', { timeout: 240_000 });
  await expect(page.getByTestId('run-item')).toHaveCount(1);
  await expect(page.getByTestId('run-name')).toHaveValue('GRU 8 · Adam 0.01 · 1 epoch');
  await expect(page.getByTestId('run-item')).toContainText('test ');
  expect(await app.read('status')).toBe('done');

  // Replay: built again from its seed and trained on the same batches, the run repeats its loss at every step.
  await page.getByRole('button', { name: 'Replay GRU 8 · Adam 0.01 · 1 epoch' }).click();
  await expect(page.getByTestId('replay-note')).toHaveText('Replaying "GRU 8 · Adam 0.01 · 1 epoch": the same initial weights and the same batches, from step 0.');
  await expect(page.getByTestId('run-item')).toHaveCount(2, { timeout: 240_000 });
  const [replayed, original] = await keptRuns(page);
  expect(original.trainLoss.length).toBe(2 * 29); // 14,396 names in batches of 512
  expect(replayed.createdAt).toBeGreaterThan(original.createdAt);
  expect(replayed.trainLoss).toEqual(original.trainLoss);
  expect([replayed.init, original.init]).toEqual(['seed', 'seed']);

  // A run started from an opened model file is kept with that cause, and Replay names it.
  await shell.goTo('model');
  const download = page.waitForEvent('download');
  await page.getByTestId('save-model').click();
  await page.getByTestId('open-model').setInputFiles(await (await download).path());
  await shell.goTo('train');
  await trainPage.playButton.click();
  await expect(page.getByTestId('run-item')).toHaveCount(3, { timeout: 240_000 });
  const [opened] = await keptRuns(page);
  expect(opened.notReplayable).toEqual({ cause: 'opened-file', step: 0, detail: null });
  await page.getByTestId('run-item').first().getByTestId('replay-run').click();
  await expect(page.getByTestId('replay-note')).toHaveText(
    '"GRU 8 · Adam 0.01 · 1 epoch" cannot be replayed: it started from an opened model file, so its initial weights are not drawn from its seed.',
  );
  expect(await app.read('status')).toBe('done');
});

/** The kept runs as stored in IndexedDB (newest first): what Replay and Compare read. */
async function keptRuns(page: Page): Promise<{ createdAt: number; trainLoss: number[]; init?: string; notReplayable?: unknown }[]> {
  const runs = await page.evaluate(
    () =>
      new Promise<{ createdAt: number; curves: { trainLoss: number[] }; init?: string; notReplayable?: unknown }[]>((resolve, reject) => {
        const opening = indexedDB.open('rnn-playground-runs');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const reading = opening.result.transaction('runs', 'readonly').objectStore('runs').getAll();
          reading.onerror = () => reject(reading.error);
          reading.onsuccess = () => resolve(reading.result);
        };
      }),
  );
  return runs
    .map((run) => ({ createdAt: run.createdAt, trainLoss: run.curves.trainLoss, init: run.init, notReplayable: run.notReplayable }))
    .sort((a, b) => b.createdAt - a.createdAt);
}
