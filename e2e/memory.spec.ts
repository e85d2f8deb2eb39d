/**
 * The memory lab in the browser (WASM): a short race of RNN, LSTM and GRU draws one live accuracy curve per
 * cell and ends with a result per cell. Short (distance 10, 50 steps) so it fits a loaded 2-core machine; the
 * full race at the defaults (distance 40, 400 steps: LSTM and GRU 1.00, RNN at chance) is measured through the
 * CLI with the same engine and task code (README "Memory lab").
 */
import { expect, saveScreenshot, test } from './fixtures';

test('a short memory-lab race draws a curve per cell and reports each result', async ({ page, shell }, testInfo) => {
  test.setTimeout(300_000);
  await shell.open('backend=wasm');
  await page.getByTestId('memory-lab-toggle').click();
  await expect(page.getByTestId('memory-lab')).toBeVisible();
  await page.getByTestId('memory-distance').fill('10');
  await page.getByTestId('memory-steps').fill('50');
  await page.getByTestId('memory-steps').blur();
  await page.getByTestId('memory-race').click();
  const result = page.getByTestId('memory-race-result');
  await expect(result).toBeVisible({ timeout: 280_000 });
  for (const cell of ['rnn', 'lstm', 'gru']) {
    const accuracy = Number(await page.getByTestId(`memory-result-${cell}`).getAttribute('data-accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
  }
  await expect(result).toContainText('first H rows of rnn.weight_ih_l0');
  // One accuracy series per cell in the legend.
  for (const label of ['RNN (tanh)', 'LSTM', 'GRU']) await expect(page.getByTestId('memory-race-chart')).toContainText(label);
  await saveScreenshot(page, testInfo, 'memory-race');
});
