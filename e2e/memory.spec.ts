/**
 * The memory lab: at its defaults (first-symbol recall at distance 40, chrono gate bias, 400 steps) a race
 * of RNN, LSTM and GRU in the browser on WASM ends with the LSTM and the GRU remembering (≥ 0.95 held-out
 * accuracy) and the plain RNN within 0.15 of chance. The same settings through the CLI give the README's table.
 */
import { expect, saveScreenshot, test } from './fixtures';

const CHANCE = 1 / 8;

test('a race at the defaults: LSTM and GRU remember at distance 40, the RNN stays near chance', async ({ page, shell }, testInfo) => {
  test.setTimeout(600_000);
  await shell.open('backend=wasm');
  await page.getByTestId('memory-lab-toggle').click();
  await expect(page.getByTestId('memory-lab')).toBeVisible();
  await page.getByTestId('memory-race').click();
  await expect(page.getByTestId('memory-stop')).toBeVisible();
  // The curves draw while the race runs: a first evaluation point for every cell.
  await expect(page.getByTestId('memory-race-chart').locator('path')).not.toHaveCount(0);
  const result = page.getByTestId('memory-race-result');
  await expect(result).toBeVisible({ timeout: 560_000 });
  const accuracy = async (cell: string) => Number(await page.getByTestId(`memory-result-${cell}`).getAttribute('data-accuracy'));
  expect(await accuracy('lstm')).toBeGreaterThanOrEqual(0.95);
  expect(await accuracy('gru')).toBeGreaterThanOrEqual(0.95);
  expect(Math.abs((await accuracy('rnn')) - CHANCE)).toBeLessThanOrEqual(0.15);
  await saveScreenshot(page, testInfo, 'memory-race');
});
