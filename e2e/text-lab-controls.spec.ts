/**
 * Your text names its own things (review 5, findings 4 and 5): the one Save model on the screen downloads the model
 * under a name that says it is a model of your text (the header's copy called it a names generator), and Play after a
 * finished run points to the lab's own New weights and to raising Epochs above the epochs trained (a number, review 6
 * finding 4), not to a Reset button the lab does not have; Epochs lowered under the run never shrinks its step count.
 */
import { expect, test } from './fixtures';
import { TextLabPage } from './pages/TextLabPage';

const TEXT = 'The sea is calm tonight. The tide is full, the moon lies fair upon the straits.\n'.repeat(40);

test('Your text: one Save model on the screen, and its file is named as a model of your text', async ({ page, shell }) => {
  const lab = new TextLabPage(page);
  await shell.open('backend=wasm');
  await lab.open();
  await lab.useText(TEXT);
  await lab.setNumber('text-hidden', 8);
  await lab.stepButton.click();
  await expect(page.getByTestId('text-progress')).toHaveText(/^Step 1 of/);
  await expect(page.getByRole('button', { name: /save/i }), 'the Save buttons a screen reader hears').toHaveCount(1);
  const cell = await page.getByTestId('text-cell').inputValue();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model' }).click();
  expect((await download).suggestedFilename()).toBe(`rnn-playground-your-text-${cell}-8.json`);
});

test('Your text: Play after a finished run names New weights and the Epochs that train on; Epochs lowered under the run never shrinks its steps', async ({ page, shell }) => {
  const lab = new TextLabPage(page);
  const status = page.getByTestId('text-status');
  const progress = page.getByTestId('text-progress');
  await shell.open('backend=wasm');
  await lab.open();
  await lab.useText(TEXT);
  // 3,200 characters, 32 streams of 90, windows of 64: two steps an epoch.
  await lab.setNumber('text-hidden', 8);
  await lab.setNumber('text-epochs', 2);
  await lab.playButton.click();
  await expect(status).toHaveText('done', { timeout: 120_000 });
  await expect(progress).toHaveText('Step 4 of 4 · epoch 2 of 2');

  // Epochs lowered under what was trained: the line keeps the 4 steps (it read "Step 4 of 4 · epoch 1 of 1").
  await lab.setNumber('text-epochs', 1);
  await expect(progress, 'the progress with Epochs under the epochs trained').toHaveText('Step 4 · 2 epochs trained; Epochs is 1');
  await lab.playButton.click();
  await expect(page.getByTestId('text-lab').getByRole('status').filter({ hasText: 'finished all its epochs' }), 'the finished run\'s advice, in the lab\'s own controls').toHaveText(
    'This run has finished all its epochs. Raise Epochs above 2 to train on, or press New weights to start again.',
  );
  // As said: 2 still leaves the run finished, 3 lets it go on.
  await lab.setNumber('text-epochs', 2);
  await expect(progress).toHaveText('Step 4 of 4 · epoch 2 of 2');
  await expect(status).toHaveText('done');
  await lab.setNumber('text-epochs', 3);
  await expect(status, 'the status once Epochs is above the epochs trained').toHaveText('paused');
  await expect(progress).toHaveText('Step 4 of 6 · epoch 2 of 3');
});
