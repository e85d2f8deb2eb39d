/**
 * The Train step speaks to learners: the backend shows once, in plain words ("Running on WASM (your CPU)"), and
 * the engineering detail (the backend's reason, the adapter, what `auto` measured) waits behind "Why?".
 */
import { expect, test } from './fixtures';

test('Train shows one backend badge in plain words, with the engineering detail one click away', async ({ page, shell }) => {
  await shell.open();
  await expect(shell.backendBadge).toContainText('Running on');
  // The detail lives in the header, on every step: checked before anything is clicked (shown, it would cover the tabs).
  const detail = page.getByTestId('backend-reason');
  await expect(detail, 'the engineering detail before Why? is clicked').toBeHidden();
  await shell.goTo('train');
  await expect(page.getByTestId('backend-badge'), 'backend badges on the page').toHaveCount(1);
  await expect(detail).toBeHidden();
  await page.getByText('Why?', { exact: true }).click();
  await expect(detail).toBeVisible();
  await expect(detail).toContainText('Runs on:');
});
