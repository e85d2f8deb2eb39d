/**
 * Kept runs: a runs file prepared elsewhere is imported, two runs are compared (curves overlaid, the
 * settings that differ, per-class accuracy side by side); a malformed file is refused with a specific
 * message and changes nothing; a finished run is kept on its own with a default name that names its cell, Replay
 * repeats its loss at every step, and a run started from an opened model file is refused, naming that cause.
 * A long run name is cut inside its chart's legend and its table column; a deleted run can be put back, its undo
 * notice takes its place and the keyboard focus (a second Enter deletes nothing); the ticks that choose the runs to
 * compare survive a reload; a fifth tick is refused with its reason in a polite live region (no tick is dropped), naming
 * the run by its number among runs of the same name; Escape in
 * a run's name puts the kept name back. A runs file over the size limit is refused from its size, never read, with
 * its size and the limit, and the runs already kept stay. A run kept with its weights by an older version (weights in
 * its record) has them moved to their own store when listed; Export still writes them inline (read and written in a
 * worker: the page reads none), and a deleted run's
 * undo puts them back, even after a page opened in another tab has listed the runs meanwhile. "Keep this run (with
 * its weights)" has the trainer worker write the model's text (the file Save model downloads); the page writes the
 * record only, and a page opened in another tab between the two leaves the weights.
 */
import { open, readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import { watchFileReads } from './fileReads';
import { expect, test } from './fixtures';
import { AppHook } from './hook';
import { AppShell } from './pages/AppShell';
import { readIndexedDb, readIndexedDbKeys, watchIndexedDbReads, watchIndexedDbWrites, writeIndexedDb } from './storedRecords';

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
  // The three charts span the same steps, from 0 as Train's do: the accuracy chart began at the runs' first evaluation
  // (step 10) beside a loss chart that began at step 1.
  for (const id of ['compare-loss', 'compare-accuracy', 'compare-grad']) {
    await expect(compare.getByTestId(id).locator('g.x-axis g.tick').first(), `${id}: the first step on its x axis`).toHaveText('0');
  }
  // Neither run kept its weights: the profile's place says so once (it said it twice: "None of these runs kept its
  // weights…" and then "No weights kept, so no profile: …" naming both runs).
  const profiles = compare.getByTestId('compare-gradient-profiles');
  await expect(profiles.locator('p'), 'sentences saying no run kept its weights').toHaveCount(1);
  await expect(profiles.locator('p')).toHaveText(
    'None of these runs kept its weights, so there is nothing to trace (“Keep this run (with its weights)” keeps them; a raced names model keeps them by itself).',
  );

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

test('a runs file over the 200 MB limit is refused from its size before it is read, and the kept runs stay', async ({ page, shell }, testInfo) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  await panel.getByTestId('import-runs').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(FILE) });
  await expect(panel.getByTestId('run-item')).toHaveCount(2);
  const keptNames = () => panel.getByTestId('run-name').evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value).sort());
  expect(await keptNames()).toEqual(['GRU try', 'RNN baseline']);
  await expect(panel.getByTestId('runs-problem')).toHaveCount(0);

  // 1.5 GB picked by mistake, written sparse on disk (Playwright refuses buffers over 50 MB in setInputFiles).
  const filePath = testInfo.outputPath('lecture.json');
  const handle = await open(filePath, 'w');
  await handle.truncate(1.5 * 1024 * 1024 * 1024);
  await handle.close();
  const files = await watchFileReads(page);
  await panel.getByTestId('import-runs').setInputFiles(filePath);
  await expect(panel.getByTestId('runs-problem'), 'the refusal of the 1.5 GB file, from its size').toHaveText(
    'lecture.json is 1.5 GB; a runs file may be at most 200 MB, about six SST-2 runs kept with their weights. Nothing was imported: export fewer runs at a time (tick them before Export).',
  );
  expect(await files.reads(), 'the files read: none (a size over the limit is refused before reading)').toEqual([]);
  expect(await keptNames(), 'the kept runs after the refused file').toEqual(['GRU try', 'RNN baseline']);

  // The watch sees a read: a file within the limit is read, and its run joins the kept ones.
  await panel.getByTestId('import-runs').setInputFiles({ name: 'more.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'rnn-playground/runs-v1', runs: [run('c', 'LSTM next', 'lstm', 0.75)] })) });
  await expect(panel.getByTestId('run-item')).toHaveCount(3);
  expect(await files.reads()).toEqual(['more.json']);
});

test('presenter mode keeps a finished run and shows the kept runs, to compare in front of the class', async ({ page, shell, modelPage, trainPage }) => {
  test.setTimeout(300_000);
  // Prepared at the desk (presenter mode hides the optimiser's settings), then shown.
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.chooseCell('rnn');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.setOptimiser({ learningRate: 0.01, batchSize: 512, epochs: 1 });
  await shell.togglePresenter();
  await expect(shell.presenterToggle).toHaveAttribute('aria-pressed', 'true');
  await trainPage.playButton.click();
  await expect(page.getByTestId('test-result')).toContainText('RNN', { timeout: 240_000 });
  await expect(page.getByTestId('run-item'), 'the run finished in presenter mode, kept and listed').toHaveCount(1);
  await expect(page.getByTestId('run-name')).toHaveValue('RNN 8 · Adam 0.01 · 1 epoch');
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

/** A name as long as a student may give (the review's ~75 characters, HTML and an emoji in it), imported as is. */
const LONG_NAME = `My LSTM <b>bold</b> 😀 ${'x'.repeat(52)}`;

test('a long run name stays inside its chart legend and its table column', async ({ page, shell }) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  const file = JSON.stringify({ format: 'rnn-playground/runs-v1', runs: [run('a', LONG_NAME, 'lstm', 0.6), run('b', 'GRU try', 'gru', 0.8), run('c', 'RNN baseline', 'rnn', 0.7)] });
  await panel.getByTestId('import-runs').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(panel.getByTestId('run-item')).toHaveCount(3);
  for (const checkbox of await panel.getByRole('checkbox').all()) await checkbox.check();
  const compare = page.getByTestId('run-compare');
  const charts = ['compare-loss', 'compare-accuracy', 'compare-grad'].map((id) => compare.getByTestId(id));
  for (const chart of charts) await expect(chart.locator('.chart-legend-label')).toHaveCount(3);

  // Each legend label ends inside its own chart, so no label runs into the next chart's legend.
  const boxes = await Promise.all(
    charts.map((chart) =>
      chart.evaluate((element) => ({
        chart: element.getBoundingClientRect().toJSON() as DOMRect,
        labels: [...element.querySelectorAll('.chart-legend-label')].map((label) => label.getBoundingClientRect().toJSON() as DOMRect),
      })),
    ),
  );
  for (const [index, { chart, labels }] of boxes.entries()) {
    expect(Math.max(...labels.map((label) => label.right)), `legend labels of chart ${index + 1} end inside it (right edge ${chart.right})`).toBeLessThanOrEqual(chart.right + 1);
    const next = boxes[index + 1];
    if (!next) continue;
    for (const label of labels) {
      for (const other of next.labels) {
        const overlaps = label.left < other.right && other.left < label.right && label.top < other.bottom && other.top < label.bottom;
        expect(overlaps, `a legend label of chart ${index + 1} over one of chart ${index + 2}`).toBe(false);
      }
    }
  }
  // The whole name is the cut label's tooltip.
  await expect(charts[0].locator('.chart-legend-item').first()).toHaveAttribute('title', LONG_NAME);

  // The tables are not stretched by the name: its column is no wider than a short name's, the name cut inside it.
  for (const id of ['compare-settings', 'compare-classes']) {
    const table = compare.getByTestId(id);
    const widthOf = (name: string) => table.getByRole('columnheader', { name }).evaluate((element) => element.getBoundingClientRect().width);
    const [longWidth, shortWidth] = [await widthOf(LONG_NAME), await widthOf('GRU try')];
    expect(longWidth, `the long name's column in ${id} against a short name's (${shortWidth} px)`).toBeLessThanOrEqual(shortWidth + 1);
    await expect(table.getByRole('columnheader', { name: LONG_NAME }).locator('[title]')).toHaveAttribute('title', LONG_NAME);
  }
});

test('a deleted run can be put back; after Delete the focus is on the notice in its place, so a second Enter deletes nothing', async ({ page, shell }) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  // Newest first: the list reads First, Second, Third.
  const runs = [run('a', 'First', 'lstm', 0.6), run('b', 'Second', 'gru', 0.8), run('c', 'Third', 'rnn', 0.7)].map((item, index) => ({ ...item, createdAt: 1_700_000_000_000 - index }));
  await panel.getByTestId('import-runs').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'rnn-playground/runs-v1', runs })) });
  const names = panel.getByTestId('run-name');
  await expect(names).toHaveCount(3);
  const undo = panel.getByTestId('undo-delete');
  const listed = () => panel.getByTestId('runs-list').evaluate((list) => [...list.children].map((item) => (item.querySelector('[data-testid="run-name"]') as HTMLTextAreaElement | null)?.value ?? 'notice'));

  await panel.getByRole('button', { name: 'Delete Second' }).focus();
  await page.keyboard.press('Enter');
  await expect(names).toHaveCount(2);
  // A double Enter: the second one lands where the focus went. The stored runs are read after it (IndexedDB runs a
  // read after every write begun before it), so a second deletion would show.
  await page.keyboard.press('Enter');
  expect((await keptRuns(page)).length, 'runs kept after Enter twice on Delete').toBe(2);
  await expect(names).toHaveCount(2);
  await expect(undo, 'the delete offers its undo').toHaveText(/Deleted “Second”\./);
  await expect(undo.getByText('Deleted “Second”.'), 'focus after deleting the middle run: the notice').toBeFocused();
  expect(await listed(), "the notice in the deleted run's place").toEqual(['First', 'notice', 'Third']);
  await page.keyboard.press('Tab');
  await expect(undo.getByRole('button', { name: 'Undo delete' }), 'Tab from the notice: Undo delete').toBeFocused();
  await page.keyboard.press('Enter');
  await expect(names).toHaveCount(3);
  expect(await names.evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value))).toEqual(['First', 'Second', 'Third']);
  await expect(panel.getByRole('button', { name: 'Delete Second' }), 'focus after the undo: the run put back').toBeFocused();
  await expect(undo).toHaveCount(0);
  await page.reload();
  await shell.waitForData();
  await shell.goTo('train');
  await expect(names, 'the run put back is stored').toHaveCount(3);

  // Keep deleted: the focus goes to the run now in the deleted one's place.
  await panel.getByRole('button', { name: 'Delete First' }).focus();
  await page.keyboard.press('Enter');
  await expect(names).toHaveCount(2);
  expect(await listed(), "the notice in the first run's place").toEqual(['notice', 'Second', 'Third']);
  await undo.getByRole('button', { name: 'Keep deleted' }).click();
  await expect(undo).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Delete Second' }), "focus after Keep deleted: the run in the deleted one's place").toBeFocused();

  // Deleting the rest from the keyboard: the notice stays, at the list's end, with the focus once no run is left.
  for (const [name, left] of [['Second', 1], ['Third', 0]] as const) {
    await panel.getByRole('button', { name: `Delete ${name}` }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('run-item')).toHaveCount(left);
  }
  await expect(undo).toHaveText(/Deleted 2 runs\./);
  await expect(undo.getByText('Deleted 2 runs.'), 'focus once no run is left').toBeFocused();
  await undo.getByRole('button', { name: 'Keep deleted' }).click();
  await expect(undo).toHaveCount(0);
  await expect(panel.getByTestId('import-runs'), "focus after Keep deleted with no run left: the list's import, not the page's top").toBeFocused();
  await page.reload();
  await shell.waitForData();
  await shell.goTo('train');
  await expect(page.getByText('No runs kept yet for this task.')).toBeVisible();
});

test('the ticks survive a reload: Compare shows the same runs', async ({ page, shell }) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  const runs = [run('a', 'First', 'lstm', 0.6), run('b', 'Second', 'gru', 0.8), run('c', 'Third', 'rnn', 0.7)].map((item, index) => ({ ...item, createdAt: 1_700_000_000_000 - index }));
  await panel.getByTestId('import-runs').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'rnn-playground/runs-v1', runs })) });
  await expect(panel.getByTestId('run-item')).toHaveCount(3);
  await panel.getByRole('checkbox', { name: 'Compare First' }).check();
  await panel.getByRole('checkbox', { name: 'Compare Third' }).check();
  await expect(page.getByTestId('run-compare').getByTestId('compare-loss').locator('g.line-series')).toHaveCount(2);

  await page.reload();
  await shell.waitForData();
  await shell.goTo('train');
  await expect(panel.getByTestId('run-item')).toHaveCount(3);
  await expect(panel.getByRole('checkbox', { name: 'Compare First' }), 'the ticks after a reload').toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'Compare Third' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'Compare Second' })).not.toBeChecked();
  await expect(page.getByTestId('run-compare').getByTestId('compare-loss').locator('g.line-series')).toHaveCount(2);
});

test('a fifth Compare tick is refused with the reason, heard by keyboard users, and unticks none', async ({ page, shell }) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  const names = ['One', 'Two', 'Three', 'Four', 'Five'];
  const runs = names.map((name, index) => ({ ...run(`r${index}`, name, 'rnn', 0.6), createdAt: 1_700_000_000_000 - index }));
  await panel.getByTestId('import-runs').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'rnn-playground/runs-v1', runs })) });
  await expect(panel.getByTestId('run-item')).toHaveCount(5);
  const tick = (name: string) => panel.getByRole('checkbox', { name: `Compare ${name}` });
  for (const name of names.slice(0, 4)) await tick(name).check();
  const limit = panel.getByTestId('compare-limit');
  await expect(limit, 'a polite live region, in the page (empty) before any refusal').toHaveAttribute('aria-live', 'polite');
  await expect(limit).toHaveText('');

  await tick('Five').focus();
  await page.keyboard.press('Space');
  await expect(limit).toHaveText('Compare shows at most 4 runs: untick one first to compare "Five".');
  await expect(tick('Five'), 'the refused box names the reason').toHaveAccessibleDescription('Compare shows at most 4 runs: untick one first to compare "Five".');
  await expect(tick('Five')).not.toBeChecked();
  for (const name of names.slice(0, 4)) await expect(tick(name), `${name} stays ticked`).toBeChecked();
  await expect(page.getByTestId('run-compare').getByTestId('compare-loss').locator('g.line-series')).toHaveCount(4);

  await tick('One').uncheck();
  await expect(limit, 'the reason goes once a tick is free').toHaveText('');
  await tick('Five').check();
  await expect(tick('Five')).toBeChecked();
  await expect(page.getByTestId('run-compare').getByTestId('compare-loss').locator('g.line-series')).toHaveCount(4);
});

test('runs of one name (Reset and train again) are numbered in the list, and a refused fifth tick names its own', async ({ page, shell }) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  const name = 'LSTM 8 · Adam 0.005 · 1 epoch';
  // Kept one after another (r0 first); the list shows the newest first.
  const runs = [0, 1, 2, 3, 4].map((index) => ({ ...run(`r${index}`, name, 'lstm', 0.6), createdAt: 1_700_000_000_000 + index }));
  await panel.getByTestId('import-runs').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'rnn-playground/runs-v1', runs })) });
  await expect(panel.getByTestId('run-item')).toHaveCount(5);
  await expect(panel.getByTestId('run-namesake-number')).toHaveText(['#5', '#4', '#3', '#2', '#1']);
  const tick = (number: number) => panel.getByRole('checkbox', { name: `Compare ${name} #${number}`, exact: true });
  for (const number of [1, 2, 4, 5]) await tick(number).check();
  await tick(3).click();
  const refusal = `Compare shows at most 4 runs: untick one first to compare "${name}" #3.`;
  await expect(panel.getByTestId('compare-limit')).toHaveText(refusal);
  await expect(tick(3)).not.toBeChecked();
});

test("Escape in a run's name puts the kept name back; the name stays one line", async ({ page, shell }) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  await panel.getByTestId('import-runs').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(FILE) });
  await expect(panel.getByTestId('run-item')).toHaveCount(2);
  const field = panel.getByTestId('run-name').first();
  const kept = await field.inputValue();
  await field.fill('Escape test');
  await field.press('Escape');
  await expect(field, 'Escape puts the kept name back').toHaveValue(kept);
  await field.press('Tab');
  await page.reload();
  await shell.waitForData();
  await shell.goTo('train');
  await expect(page.getByTestId('run-name').first(), 'the kept name after leaving the field and a reload').toHaveValue(kept);
  // A name is one line (its field wraps a long one by itself): Enter breaks none, a pasted line break is kept as a space.
  const again = page.getByTestId('run-name').first();
  await again.fill('Two\nlines');
  await again.press('End');
  await again.press('Enter');
  await expect(again, 'Enter adds no line break').toHaveValue('Two\nlines');
  await again.press('Tab');
  await expect(again, 'the name kept on one line').toHaveValue('Two lines');
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

test('Keep this run (with its weights): the worker writes the weights (the file Save model downloads), the page only the record', async ({ page, app, shell, modelPage, trainPage }) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.stepTimes(2);
  // The reference: the model file as Save model writes it, at the same step.
  const download = page.waitForEvent('download');
  await page.getByTestId('save-model').click();
  const saved = await readFile(await (await download).path(), 'utf8');
  expect(JSON.parse(saved), 'baseline: a model file').toMatchObject({ format: 'rnn-playground/torch-v1' });
  expect(await app.read('trainingStep')).toBe(2);

  const weightWrites = await watchIndexedDbWrites(page, 'rnn-playground-run-weights');
  const recordWrites = await watchIndexedDbWrites(page, 'rnn-playground-runs');
  const panel = page.getByTestId('runs-panel');
  await panel.getByTestId('keep-run').click();
  const items = panel.getByTestId('run-item');
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('2 steps');
  await expect(items).toContainText('weights kept');
  // An SST-2 model's text is 31 MB: read as text and cloned into IndexedDB on the page's thread, a long task.
  expect(await weightWrites.writes(), 'model text the page wrote to the weights store').toEqual([]);
  const [id] = (await recordWrites.writes()).map((write) => write.replace(/^runs:/, ''));
  expect(await recordWrites.writes(), 'the page wrote the run\'s record').toEqual([`runs:${id}`]);
  const record = (await readIndexedDb(page, 'rnn-playground-runs', 'runs', id)) as { weights: unknown; weightsLength: unknown; step: unknown };
  expect([record.weights, record.weightsLength, record.step]).toEqual([null, saved.length, 2]);
  expect(await readIndexedDb(page, 'rnn-playground-run-weights', 'weights', id), 'the weights kept: the model file Save model wrote').toBe(saved);
});

test('a run kept with its weights by an older version: moved to their own store when listed, exported inline, put back by Undo delete', async ({ page, shell }) => {
  await shell.open('backend=wasm');
  const weights = JSON.stringify({ format: 'rnn-playground/torch-v1', note: 'the weights an older version kept in the record' });
  const old = { ...run('old', 'Kept before', 'lstm', 0.7), weights };
  // The record as versions before kept it: the model file's text inline.
  await writeIndexedDb(page, 'rnn-playground-runs', 'runs', { [old.id]: old });
  expect((await readIndexedDb(page, 'rnn-playground-runs', 'runs', 'old')) as { weights: unknown }, 'baseline: the weights inline').toMatchObject({ weights });
  await page.reload();
  await shell.waitForData();
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  const items = panel.getByTestId('run-item');
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('weights kept');
  const moved = async () => [await readIndexedDb(page, 'rnn-playground-runs', 'runs', 'old'), await readIndexedDb(page, 'rnn-playground-run-weights', 'weights', 'old')];
  await expect.poll(moved, { message: 'the record without its weights, the weights in their own store' }).toEqual([{ ...old, weights: null, weightsLength: weights.length }, weights]);

  // Export writes the run as a runs file always held it: the weights inline, nothing else added. A worker reads them
  // and writes the file: on the page, four SST-2 runs' weights made a 4 s task on its thread.
  const weightReads = await watchIndexedDbReads(page, 'rnn-playground-run-weights');
  const download = page.waitForEvent('download');
  await panel.getByTestId('export-runs').click();
  const file = JSON.parse(await readFile(await (await download).path(), 'utf8')) as { runs: unknown[] };
  expect(await weightReads.reads(), 'kept weights the page read for Export').toEqual([]);
  expect(file.runs).toEqual([old]);

  // Deleted and put back: with its weights; deleted for good: they go too.
  await panel.getByRole('button', { name: 'Delete Kept before' }).click();
  await expect(items).toHaveCount(0);
  const undo = panel.getByTestId('undo-delete');
  await undo.getByRole('button', { name: 'Undo delete' }).click();
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('weights kept');
  expect(await moved(), 'put back whole').toEqual([{ ...old, weights: null, weightsLength: weights.length }, weights]);
  await panel.getByRole('button', { name: 'Delete Kept before' }).click();
  await undo.getByRole('button', { name: 'Keep deleted' }).click();
  await expect.poll(moved, { message: 'record and weights deleted' }).toEqual([undefined, undefined]);
});

/** A second tab of `page`'s context (another page of the same origin and storage), opened at the Train step. */
async function openSecondTabOnTrain(context: BrowserContext, page: Page): Promise<Page> {
  const second = await context.newPage();
  await second.goto(page.url());
  const hook = new AppHook(second);
  await hook.ready();
  const shell = new AppShell(second, hook);
  await shell.waitForData();
  await shell.goTo('train');
  return second;
}

test('a page opened in another tab while a deleted run’s undo is offered leaves its weights: Undo puts the run back with them', async ({ page, shell, context }) => {
  await shell.open('backend=wasm');
  const weights = JSON.stringify({ format: 'rnn-playground/torch-v1', note: 'the trained model the student means to keep' });
  // Two runs as the app keeps them, one with its weights in their own store.
  await writeIndexedDb(page, 'rnn-playground-run-weights', 'weights', { kept: weights });
  await writeIndexedDb(page, 'rnn-playground-runs', 'runs', {
    kept: { ...run('kept', 'Kept', 'lstm', 0.7), weightsLength: weights.length },
    other: run('other', 'Other', 'gru', 0.6),
  });
  await page.reload();
  await shell.waitForData();
  await shell.goTo('train');
  const panel = page.getByTestId('runs-panel');
  await expect(panel.getByTestId('run-item')).toHaveCount(2);
  await panel.getByRole('button', { name: 'Delete Kept' }).click();
  const undo = panel.getByTestId('undo-delete');
  await expect(undo, 'the delete offers its undo').toHaveText(/Deleted “Kept”\./);

  // A second tab opens while the undo is offered in the first: its list (the other run) comes after its first sweep.
  const second = await openSecondTabOnTrain(context, page);
  await expect(second.getByTestId('runs-panel').getByTestId('run-item'), 'the second tab lists the runs left').toHaveCount(1);
  expect(await readIndexedDb(page, 'rnn-playground-run-weights', 'weights', 'kept'), 'the weights the first tab’s undo needs, after the second tab listed the runs').toBe(weights);
  await second.close();

  await undo.getByRole('button', { name: 'Undo delete' }).click();
  await expect(panel.getByTestId('run-item')).toHaveCount(2);
  await expect(panel.getByTestId('run-item').filter({ hasText: 'Kept' }), 'the run put back').toContainText('weights kept');
});

test('Keep this run (with its weights): a page opened in another tab after the worker wrote the weights, before the record, leaves them', async ({ page, shell, context, modelPage, trainPage }) => {
  // The trainer worker's answer to a keep (the weights written) is held on the page until released: the page writes
  // the record only once it has it, so a second tab can open between the two writes.
  await page.addInitScript(() => {
    const gate = { isHolding: false, held: [] as (() => void)[] };
    Object.assign(window, { keepReplies: gate });
    const add = Worker.prototype.addEventListener as (this: Worker, type: string, listener: unknown, options?: unknown) => void;
    Worker.prototype.addEventListener = function (this: Worker, type: string, listener: unknown, options?: unknown) {
      if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
      add.call(this, type, function (this: Worker, event: MessageEvent<{ type?: string; keptWeightsLength?: number } | undefined>) {
        if (gate.isHolding && event.data?.type === 'exportResult' && event.data.keptWeightsLength !== undefined) gate.held.push(() => listener.call(this, event));
        else listener.call(this, event);
      }, options);
    } as typeof Worker.prototype.addEventListener;
  });
  await shell.open('backend=wasm');
  // Another run kept before: the second tab's list shows it once its first list (and sweep) is done.
  await writeIndexedDb(page, 'rnn-playground-runs', 'runs', { other: run('other', 'Other', 'gru', 0.6) });
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.stepTimes(2);
  expect(await readIndexedDbKeys(page, 'rnn-playground-run-weights', 'weights'), 'baseline: no weights kept').toEqual([]);

  await page.evaluate(() => ((window as unknown as { keepReplies: { isHolding: boolean } }).keepReplies.isHolding = true));
  const panel = page.getByTestId('runs-panel');
  await panel.getByTestId('keep-run').click();
  const written = () => readIndexedDbKeys(page, 'rnn-playground-run-weights', 'weights');
  await expect.poll(async () => (await written()).length, { message: 'the weights the worker wrote' }).toBe(1);
  const [id] = await written();
  const text = (await readIndexedDb(page, 'rnn-playground-run-weights', 'weights', id)) as string;
  expect(JSON.parse(text), 'baseline: a model file').toMatchObject({ format: 'rnn-playground/torch-v1' });
  // What is kept under the run's id, said in a few words (the model file is thousands of characters).
  const keptWeights = async () => {
    const value = await readIndexedDb(page, 'rnn-playground-run-weights', 'weights', id);
    return value === text ? 'the model file the worker wrote' : typeof value === 'string' ? `another text (${value.length} characters)` : value;
  };
  expect(await readIndexedDb(page, 'rnn-playground-runs', 'runs', id), 'baseline: no record yet').toBeUndefined();

  const second = await openSecondTabOnTrain(context, page);
  await expect(second.getByTestId('runs-panel').getByTestId('run-item'), 'the second tab lists the run kept before').toHaveCount(1);
  expect(await keptWeights(), 'the weights being kept, after the second tab listed the runs').toBe('the model file the worker wrote');
  await second.close();

  await page.evaluate(() => {
    const gate = (window as unknown as { keepReplies: { isHolding: boolean; held: (() => void)[] } }).keepReplies;
    gate.isHolding = false;
    for (const reply of gate.held.splice(0)) reply();
  });
  const kept = panel.getByTestId('run-item').filter({ hasText: '2 steps' });
  await expect(kept).toContainText('weights kept');
  const record = (await readIndexedDb(page, 'rnn-playground-runs', 'runs', id)) as { weightsLength: unknown };
  expect(record.weightsLength).toBe(text.length);
  expect(await keptWeights(), 'the kept run’s weights').toBe('the model file the worker wrote');
  await expect.poll(() => readIndexedDbKeys(page, 'rnn-playground-run-deletions', 'deletions'), { message: 'marks left once the record is written' }).toEqual([]);
});
