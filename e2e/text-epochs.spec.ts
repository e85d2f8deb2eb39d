/**
 * Your text, end to end through the worker: a finished run goes on when Epochs are raised (the status says so and
 * the new length shows before Play), Play trains to the new count, and after a reload the finished run reads
 * "done". The rule is src/worker/runStatus.ts's, unit-tested in src/worker/workerController.textLm.test.ts.
 */
import { expect, test } from './fixtures';
import { TextLabPage } from './pages/TextLabPage';
import { storedNumber } from './storedRecords';

const TEXT = 'The sea is calm tonight. The tide is full, the moon lies fair upon the straits.\n'.repeat(40);

test('Your text: raising Epochs after a finished run trains on, and a finished run reads done after a reload', async ({ page, shell }) => {
  const lab = new TextLabPage(page);
  const status = page.getByTestId('text-status');
  const progress = page.getByTestId('text-progress');
  await shell.open('backend=wasm');
  await lab.open();
  await lab.useText(TEXT);
  // 3,200 characters, 32 streams of 90, windows of 64: two steps an epoch.
  await lab.setNumber('text-hidden', 8);
  await lab.setNumber('text-epochs', 1);
  await page.getByTestId('text-play').click();
  await expect(status).toHaveText('done', { timeout: 120_000 });
  await expect(progress).toHaveText('Step 2 of 2 · epoch 1 of 1');

  await lab.setNumber('text-epochs', 3);
  await expect(status, 'the status once Epochs are raised').toHaveText('paused');
  await expect(progress).toHaveText('Step 2 of 6 · epoch 1 of 3');
  await expect(page.getByText('The run now has 3 epochs; press Play to go on.')).toBeVisible();
  await page.getByTestId('text-play').click();
  await expect(status).toHaveText('done', { timeout: 120_000 });
  await expect(progress, 'Play trained on to the new epoch count').toHaveText('Step 6 of 6 · epoch 3 of 3');

  // Reload once the finished run is kept.
  await expect.poll(() => storedNumber(page, 'rnn-playground/text/model', 'step')).toBe(6);
  await page.reload();
  await expect(page.getByTestId('text-lab')).toBeVisible({ timeout: 60_000 });
  await expect(progress).toHaveText('Step 6 of 6 · epoch 3 of 3', { timeout: 60_000 });
  await expect(status, 'a finished run after a reload').toHaveText('done');
});
