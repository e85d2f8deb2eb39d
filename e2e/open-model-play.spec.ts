/**
 * A model opened from a file is never lost to Play: on data it does not fit (a names model opened on SST-2), Play
 * builds the data's own model, and the opened one is kept behind the undo notice even at step 0 (a model saved right
 * after its build, a PyTorch export), as a trained model is.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

test("Play on data an opened model does not fit builds a new model and keeps the opened one for Undo, even at step 0", async ({ page, app, shell, dataPage, modelPage }, testInfo) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  const names = await app.logProbs(['Nienhuis']);
  expect(names[0]).toHaveLength(18);
  const download = page.waitForEvent('download');
  await page.getByTestId('save-model').click();
  const filePath = testInfo.outputPath('names-untrained.json');
  await (await download).saveAs(filePath);
  expect(JSON.parse(await readFile(filePath, 'utf8')).format).toBe('rnn-playground/torch-v1');

  await shell.goTo('data');
  await dataPage.pickTask('sst2');
  await shell.waitForData();
  await page.getByTestId('open-model').setInputFiles(filePath);
  await expect.poll(async () => (await app.read('model'))?.input.type).toBe('chars');
  const notice = page.getByTestId('replaced-model');
  if (await notice.count()) await notice.getByRole('button', { name: 'Keep the new one' }).click();
  await expect(notice).toHaveCount(0);

  // Play builds SST-2's own model; the opened names model (step 0) is kept behind the notice.
  await shell.goTo('train');
  await page.getByTestId('step').click();
  await expect.poll(async () => (await app.read('model'))?.input.type).toBe('words');
  await expect(notice, 'the opened model kept for Undo').toContainText('A new model (new weights) replaced the model you had.');
  await notice.getByRole('button', { name: 'Undo: restore previous model' }).click();
  await expect.poll(async () => (await app.read('model'))?.input.type).toBe('chars');
  expect(await app.logProbs(['Nienhuis'])).toEqual(names);
});
