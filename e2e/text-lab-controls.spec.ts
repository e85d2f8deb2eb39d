/**
 * Your text names its own things (review 5, findings 4 and 5): the one Save model on the screen downloads the model
 * under a name that says it is a model of your text (the header's copy called it a names generator), and Play after a
 * finished run points to the lab's own New weights and to raising Epochs, not to a Reset button the lab does not have.
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

test('Your text: Play after a finished run names New weights and raising Epochs, the lab\'s own controls', async ({ page, shell }) => {
  const lab = new TextLabPage(page);
  const status = page.getByTestId('text-status');
  await shell.open('backend=wasm');
  await lab.open();
  await lab.useText(TEXT);
  // 3,200 characters, 32 streams of 90, windows of 64: two steps an epoch.
  await lab.setNumber('text-hidden', 8);
  await lab.setNumber('text-epochs', 1);
  await lab.playButton.click();
  await expect(status).toHaveText('done', { timeout: 120_000 });
  await lab.playButton.click();
  await expect(page.getByTestId('text-lab').getByRole('status').filter({ hasText: 'finished all its epochs' }), 'the finished run\'s advice, in the lab\'s own controls').toHaveText(
    'This run has finished all its epochs. Raise Epochs to train on, or press New weights to start again.',
  );
});
