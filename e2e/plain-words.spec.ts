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

test('Why? is a disclosure: Escape and a click outside close it, and open it never covers the step tabs', async ({ page, shell }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await shell.open('backend=wasm');
  const why = page.getByTestId('backend-why');
  const detail = page.getByTestId('backend-reason');
  await expect(why).toHaveAttribute('aria-expanded', 'false');
  await why.click();
  await expect(why).toHaveAttribute('aria-expanded', 'true');
  await expect(detail).toBeVisible();
  expect(await why.getAttribute('aria-controls')).toBe(await detail.getAttribute('id'));

  // Open, it sits above the step tabs and every tab still takes its own click (it covered Inspect at 1280 × 800).
  const panelBox = (await detail.boundingBox())!;
  for (const step of ['data', 'encode', 'model', 'train', 'inspect'] as const) {
    const tabBox = (await shell.tab(step).boundingBox())!;
    expect(tabBox.y, `the ${step} tab is below the open panel`).toBeGreaterThanOrEqual(panelBox.y + panelBox.height);
  }
  await shell.tab('inspect').click({ timeout: 5_000 });
  await expect(shell.tab('inspect')).toHaveAttribute('aria-selected', 'true');
  await expect(detail, 'a click outside closes it').toBeHidden();
  await expect(why).toHaveAttribute('aria-expanded', 'false');

  await why.click();
  await expect(detail).toBeVisible();
  await detail.click();
  await expect(detail, 'a click inside keeps it open').toBeVisible();
  await page.keyboard.press('Escape');
  await expect(detail, 'Escape closes it').toBeHidden();
  await expect(why, 'focus returns to Why?').toBeFocused();
});
