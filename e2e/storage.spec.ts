/**
 * What the browser keeps between visits is untrusted, shared by tabs and can run out. Each test here
 * failed on the app as it was: garbage in IndexedDB gave "e.classes.join is not a function", an uncaught
 * TypeError and, with task=upload, a blank page on every load; a second tab overwrote the first tab's
 * saved model silently; a failed save (quota) was swallowed.
 */
import type { Page } from '@playwright/test';
import { expect, test, type PlaygroundFixtures } from './fixtures';
import { storedNumber, storedText, writeStored } from './storedRecords';

test('garbage in IndexedDB: the app falls back to the names with a notice, and keeps working', async ({ page, app, shell, modelPage, trainPage }) => {
  await shell.open();
  await writeStored(page, {
    'rnn-playground/config': { task: 'upload', hiddenSize: 'lots', cell: 42 },
    'rnn-playground/upload': { source: 'upload', id: 'upload:x', title: 'x', level: 'chars', classes: 5, notes: [], train: 'nope', val: [], test: [] },
    'rnn-playground/model': { dataId: 'names', savedAt: 1, file: { text: '{}', classes: 7, model: null, inputType: 'chars' } },
  });
  // No query: the saved configuration (task=upload) decides what loads.
  await page.goto('./');
  await app.ready();
  await shell.waitForData();
  await expect(page.getByTestId('error-data')).toContainText('The data uploaded last time could not be read back (its class names are not a list of texts); upload the file again.');
  await expect(page.getByTestId('error-data')).toContainText('Showing the names data instead.');
  await expect(shell.taskTitle).toContainText('Surnames');

  // The checkpoint record is garbage too: it is named, not thrown.
  await writeStored(page, { 'rnn-playground/config': { task: 'names' } });
  await page.goto('./');
  await app.ready();
  await shell.waitForData();
  await expect(page.getByTestId('error-storage')).toContainText('The model saved last time could not be read back (its class names are not a list of texts)');

  // And the app trains as usual.
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(1);
});

test('a second tab is told it does not keep its model, and takes over when the first closes', async ({ page, shell, context }) => {
  await shell.open();
  await expect(page.getByTestId('error-storage')).toHaveCount(0);
  const second = await context.newPage();
  await second.goto(page.url());
  await second.waitForFunction(() => window.__rnnPlayground !== undefined);
  await expect(second.getByTestId('error-storage')).toContainText('also open in another tab');
  await expect(page.getByTestId('error-storage')).toHaveCount(0);
  await page.close();
  await expect(second.getByTestId('error-storage')).toHaveCount(0);
});

test('a save refused by the browser (storage full) is reported, not swallowed', async ({ page, app, shell, modelPage, trainPage }) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value: unknown, key?: IDBValidKey) {
      if (typeof key === 'string' && key.startsWith('rnn-playground/model')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  });
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(1);
  await expect(page.getByTestId('error-storage')).toContainText(
    "Your trained model could not be kept for your next visit: the browser's storage for this site is full. Use Save model to download it.",
  );
});

test('opening a model file keeps the run it replaces: Undo puts it back as it was (weights, curves, step, kept record)', async ({ page, app, shell, modelPage, trainPage }) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  const download = page.waitForEvent('download');
  await page.getByTestId('save-model').click();
  const saved = await (await download).path();

  await modelPage.setHiddenSize(12);
  await modelPage.build();
  expect((await app.read('model'))?.hiddenSize).toBe(12);
  await shell.goTo('train');
  await trainPage.stepTimes(3);
  const lossPoints = async () => (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values.length;
  await expect.poll(lossPoints).toBe(3);
  const stepText = await trainPage.progressStep.textContent();
  const kept = page.getByTestId('run-item');
  await page.getByTestId('keep-run').click();
  await expect(kept.filter({ hasText: '3 steps' })).toHaveCount(1);

  await page.getByTestId('open-model').setInputFiles(saved);
  await expect.poll(async () => (await app.read('model'))?.hiddenSize).toBe(8);
  await expect.poll(() => app.read('trainingStep')).toBe(0);
  const undo = page.getByTestId('replaced-model');
  await expect(undo).toContainText('replaced the model you had');
  await undo.getByRole('button', { name: 'Undo: restore previous model' }).click();
  await expect.poll(async () => (await app.read('model'))?.hiddenSize).toBe(12);
  await expect(undo).toHaveCount(0);
  // The run as it was, not a fresh one at step 0: its step, and its curve drawn again.
  await expect.poll(() => app.read('trainingStep'), { message: 'the step of the run put back' }).toBe(3);
  await shell.goTo('train');
  await expect(trainPage.progressStep).toHaveText(stepText ?? '');
  await expect.poll(lossPoints).toBe(3);
  // Still the kept run: trained on and kept again, its entry is updated (one entry, now at 4 steps), not added beside it.
  await trainPage.stepTimes(1);
  await page.getByTestId('keep-run').click();
  await expect(kept.filter({ hasText: '4 steps' })).toHaveCount(1);
  await expect(kept.filter({ hasText: '3 steps' }), 'the 3-step entry, updated in place').toHaveCount(0);
  await expect(kept).toHaveCount(1);
});

test('each task keeps its own configuration across reloads: GRU 24 on names, RNN 20 on SST-2', async ({ page, shell, dataPage, modelPage }) => {
  const expectModel = async (cell: 'gru' | 'rnn', hiddenSize: number) => {
    await shell.goTo('model');
    await expect(page.getByTestId(`cell-${cell}`)).toBeChecked();
    await expect(modelPage.hiddenSize).toHaveValue(String(hiddenSize));
  };
  const switchTo = async (task: 'names' | 'sst2') => {
    await shell.goTo('data');
    await dataPage.pickTask(task);
    await (task === 'names' ? expect(shell.taskTitle).toContainText('Surnames') : expect(shell.taskTitle).not.toContainText('Surnames'));
  };
  // Neither is a task's default (both default to LSTM), so a configuration lost on reload shows.
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.chooseCell('gru');
  await modelPage.setHiddenSize(24);
  await switchTo('sst2');
  await shell.goTo('model');
  await modelPage.chooseCell('rnn');
  await modelPage.setHiddenSize(20);
  await switchTo('names');
  await expectModel('gru', 24);

  // The URL holds only the current task's configuration: drop it, so what comes back is what was stored.
  await page.goto('./');
  await shell.waitForData();
  await expectModel('gru', 24);
  await switchTo('sst2');
  await expectModel('rnn', 20);
  await page.goto('./');
  await shell.waitForData();
  await expectModel('rnn', 20);
  await switchTo('names');
  await expectModel('gru', 24);
  await switchTo('sst2');
  await expectModel('rnn', 20);
});

test('a finished run reads done after a reload, is not kept twice, and trains on once Epochs are raised (and is done again when they are lowered back)', async ({ page, app, shell, modelPage, trainPage }) => {
  test.setTimeout(300_000);
  await shell.open('backend=wasm&hidden=16&epochs=1&batch=512');
  await shell.goTo('model');
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.playButton.click();
  await expect(page.getByTestId('test-result')).toBeVisible({ timeout: 240_000 });
  await expect(trainPage.runStatus).toHaveText('done');
  await expect(page.getByTestId('run-item'), 'the finished run, kept').toHaveCount(1);
  const lastStep = await app.read('trainingStep');
  const result = page.getByTestId('test-result');
  await expect(result).toContainText('LSTM, 1 epoch:');

  // Epochs raised after the end, then lowered back: the result is never labelled with a length it was not
  // tested at, and the run is done again at its old length (it stayed paused at "29 / 58", and Play only said done).
  await trainPage.setOptimiser({ epochs: 2 });
  await expect(trainPage.runStatus).toHaveText('paused');
  await expect(result, 'the 1-epoch result once Epochs read 2').not.toContainText('2 epochs');
  await trainPage.setOptimiser({ epochs: 1 });
  await expect(trainPage.runStatus, 'Epochs lowered back to the steps taken').toHaveText('done');
  await expect(trainPage.progressStep, 'the progress at the old length').toContainText(`${lastStep} / ${lastStep}`);
  await expect(result).toContainText('LSTM, 1 epoch:');
  await expect(page.getByTestId('run-item'), 'the same run, kept once').toHaveCount(1);
  expect(await app.read('trainingStep')).toBe(lastStep);
  // Reload once the checkpoint of the last step is stored (a reload at once raced the write).
  await expect.poll(() => storedNumber(page, 'rnn-playground/model/names', 'story', 'step')).toBe(lastStep);

  await page.reload();
  await app.ready();
  await shell.waitForData();
  await expect.poll(() => app.read('trainingStep')).toBe(lastStep);
  await expect(trainPage.runStatus, 'the run had taken all its steps').toHaveText('done');

  // More epochs: Play goes on from the kept step (so many that a poll cannot miss the pause and see the end).
  await trainPage.setOptimiser({ epochs: 20 });
  await expect(trainPage.runStatus).toHaveText('paused');
  await trainPage.play();
  await expect.poll(() => app.read('trainingStep')).toBeGreaterThan(lastStep);
  await trainPage.pause();
  // The restored run was not kept again as a new one (its save had long landed by now).
  await expect(page.getByTestId('run-item'), 'the kept runs after the reload').toHaveCount(1);
});

/**
 * A 1-epoch names run trained to done (and so kept), then the page reloaded once its saved story names the record
 * it was kept as. Returns the kept list, its count before the run and the run's last step.
 */
async function keptRunAfterReload({ page, app, shell, modelPage, trainPage }: Pick<PlaygroundFixtures, 'app' | 'shell' | 'modelPage' | 'trainPage'> & { page: Page }) {
  await shell.open('backend=wasm&hidden=16&epochs=1&batch=512');
  await shell.goTo('model');
  await modelPage.build();
  await shell.goTo('train');
  const kept = page.getByTestId('run-item');
  const keptBefore = await kept.count();
  await trainPage.playButton.click();
  await expect(trainPage.runStatus).toHaveText('done', { timeout: 240_000 });
  await expect(kept, 'the finished run, kept').toHaveCount(keptBefore + 1);
  const lastStep = await app.read('trainingStep');
  await expect(kept.filter({ hasText: `${lastStep} steps` })).toHaveCount(1);
  // Reload once the run's saved story has its last step and names the record it was kept as (its test result,
  // and so its keeping, comes after the last checkpoint: a reload at once would race that write).
  await expect.poll(() => storedNumber(page, 'rnn-playground/model/names', 'story', 'step')).toBe(lastStep);
  await expect.poll(() => storedText(page, 'rnn-playground/model/names', 'story', 'keptRecordId')).not.toBeNull();

  await page.reload();
  await app.ready();
  await shell.waitForData();
  await expect(trainPage.runStatus, 'the restored run had taken all its steps').toHaveText('done');
  await expect(kept).toHaveCount(keptBefore + 1);
  return { kept, keptBefore, lastStep };
}

test('a finished run carried on after a reload updates the run it was kept as (one entry, now at its new length), as it does without a reload', async ({ page, app, shell, modelPage, trainPage }) => {
  test.setTimeout(420_000);
  const { kept, keptBefore, lastStep } = await keptRunAfterReload({ page, app, shell, modelPage, trainPage });

  // Epochs raised, Play to the new end: the kept run becomes the 2-epoch one (it was kept a second time).
  await trainPage.setOptimiser({ epochs: 2 });
  await expect(trainPage.runStatus).toHaveText('paused');
  await trainPage.playButton.click();
  await expect(trainPage.runStatus).toHaveText('done', { timeout: 240_000 });
  await expect(kept.filter({ hasText: `${2 * lastStep} steps` }), 'the run kept at its new length').toHaveCount(1);
  await expect(kept, 'one entry for the one run').toHaveCount(keptBefore + 1);
  await expect(kept.filter({ hasText: `${lastStep} steps` }), 'the 1-epoch entry, updated in place').toHaveCount(0);
  // Its name, the app's own, follows: "1 epoch" would stand beside the 2-epoch length.
  await expect(kept.getByTestId('run-name'), "the run's name, never edited").toHaveValue(/· 2 epochs$/);
});

test('a run whose kept entry was deleted, carried on after a reload, is kept as a new entry: Undo delete puts the old one back beside it', async ({ page, app, shell, modelPage, trainPage }) => {
  test.setTimeout(420_000);
  const { kept, keptBefore, lastStep } = await keptRunAfterReload({ page, app, shell, modelPage, trainPage });

  const oneEpoch = kept.filter({ hasText: `${lastStep} steps` });
  await oneEpoch.getByRole('button', { name: /^Delete / }).click();
  await expect(kept, 'the 1-epoch entry deleted').toHaveCount(keptBefore);
  await trainPage.setOptimiser({ epochs: 2 });
  await expect(trainPage.runStatus).toHaveText('paused');
  await trainPage.playButton.click();
  await expect(trainPage.runStatus).toHaveText('done', { timeout: 240_000 });
  await expect(kept.filter({ hasText: `${2 * lastStep} steps` }), 'the run kept again, at its new length').toHaveCount(1);
  await expect(kept).toHaveCount(keptBefore + 1);
  // Kept under the deleted entry's id, the undo would have written the 1-epoch entry over the 2-epoch one.
  await page.getByTestId('undo-delete').getByRole('button', { name: 'Undo delete' }).click();
  await expect(oneEpoch, 'the deleted entry, back').toHaveCount(1);
  await expect(kept.filter({ hasText: `${2 * lastStep} steps` }), 'beside the new one').toHaveCount(1);
  await expect(kept).toHaveCount(keptBefore + 2);
});
