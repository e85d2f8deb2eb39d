/**
 * A trained names generator is kept like a classifier: a reload (which opens on Generate names again) and a
 * worker restart, forced or a real crash, bring back the same weights at the same step. Each baseline is read
 * before the event, and compared exactly (teacher-forced log-probabilities of a name).
 */
import { expect, test } from './fixtures';
import { GeneratePage } from './pages/GeneratePage';
import { storedNumber } from './storedRecords';

const NAME = 'Ivanov';
const LANGUAGE = 'Russian';

test('a trained generator survives a reload, a forced worker restart and a crash, weights exact', async ({ page, app, shell }) => {
  test.setTimeout(300_000);
  const generate = new GeneratePage(page);
  await generate.buildOnWasm(shell, 16, { 'generator-epochs': 3 });

  await shell.goTo('train');
  await page.getByTestId('play').click();
  await expect.poll(() => app.read('trainingStep'), { timeout: 120_000 }).toBeGreaterThanOrEqual(5);
  await page.getByTestId('pause').click();
  await expect.poll(() => app.read('status')).toBe('paused');
  const stepBefore = await app.read('trainingStep');
  await expect.poll(() => storedNumber(page, 'rnn-playground/generator/names', 'step')).toBe(stepBefore);
  const before = await app.generatorLogProbs(NAME, LANGUAGE);
  expect(before).toHaveLength(NAME.length + 1);

  // The link names the task the student is on, so a reload (or a copied link) opens the generator again.
  expect(new URL(page.url()).searchParams.get('task'), 'the task in the link').toBe('names-gen');
  await page.reload();
  await app.ready();
  await shell.waitForData();
  await expect.poll(() => app.read('trainingStep'), { message: 'the generator is back at its step, without choosing the task again' }).toBe(stepBefore);
  await shell.goTo('data');
  await expect(generate.taskOption, 'Generate names is the task after the reload').toBeChecked();
  expect(await app.read('status')).toBe('paused');
  expect(await app.generatorLogProbs(NAME, LANGUAGE)).toEqual(before);
  // The settings it trained with come back too.
  await shell.goTo('model');
  await expect(page.getByTestId('generator-hidden')).toHaveValue('16');
  await expect(page.getByTestId('generator-epochs')).toHaveValue('3');

  // A forced restart: the checkpoint kept for recovery comes back in the fresh worker.
  const beforeRestart = await app.generatorLogProbs(NAME, LANGUAGE);
  await app.restartWorker('forced by the e2e test');
  await expect.poll(() => app.read('restarts')).toBe(1);
  await expect(shell.notice).toContainText('checkpoint was restored');
  expect(await app.generatorLogProbs(NAME, LANGUAGE)).toEqual(beforeRestart);
  expect(await app.read('trainingStep')).toBe(stepBefore);

  // Training goes on from there; a real crash then brings back the checkpoint taken at that pause.
  await shell.goTo('train');
  await page.getByTestId('step').click();
  await expect.poll(() => app.read('trainingStep')).toBe(stepBefore + 1);
  await expect.poll(() => app.read('status')).toBe('paused');
  await expect.poll(() => storedNumber(page, 'rnn-playground/generator/names', 'step')).toBe(stepBefore + 1);
  const beforeCrash = await app.generatorLogProbs(NAME, LANGUAGE);
  expect(beforeCrash).not.toEqual(beforeRestart);
  await app.crashWorker();
  await expect.poll(() => app.read('restarts')).toBe(2);
  await expect(shell.notice).toContainText('crashed');
  await expect(shell.notice).toContainText('checkpoint was restored');
  expect(await app.generatorLogProbs(NAME, LANGUAGE)).toEqual(beforeCrash);
  expect(await app.read('trainingStep')).toBe(stepBefore + 1);

  // Reset gives the seed's weights at step 0, and its undo puts the trained ones back exactly.
  await page.getByTestId('reset').click();
  await expect.poll(() => app.read('trainingStep'), { message: 'the step after Reset' }).toBe(0);
  expect(await app.generatorLogProbs(NAME, LANGUAGE)).not.toEqual(beforeCrash);
  await page.getByTestId('undo-reset').getByRole('button', { name: 'Undo reset' }).click();
  await expect.poll(() => app.read('trainingStep'), { message: 'the step after Undo reset' }).toBe(stepBefore + 1);
  expect(await app.generatorLogProbs(NAME, LANGUAGE)).toEqual(beforeCrash);
  // Either button hides the notice, and the keyboard focus goes back to Reset, not to the page's top.
  await expect(page.getByTestId('reset'), 'focus after Undo reset').toBeFocused();
  await page.getByTestId('reset').click();
  await page.getByTestId('undo-reset').getByRole('button', { name: 'Keep the reset' }).click();
  await expect(page.getByTestId('undo-reset')).toBeHidden();
  await expect(page.getByTestId('reset'), 'focus after Keep the reset').toBeFocused();
});
