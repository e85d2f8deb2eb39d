/**
 * The memory lab's exploding-gradient demo in the browser (WASM): one button races the same plain RNN with
 * clipping off and on (CLIPPING_DEMO: SGD lr 1, orthogonal W_hh, first-symbol recall at distance 10, 150 steps,
 * clip 0.5). Both gradient-norm curves are drawn on the log chart, the unclipped one climbs above the threshold
 * rule, the clipped run ends well above chance, and axe-core finds nothing on the demo.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures';

/** The demo's threshold (CLIPPING_DEMO.clipNorm) and chance (first-symbol: 1/8). */
const CLIP_NORM = 0.5;
const CHANCE = 1 / 8;

/** The y pixels (SVG user units, the plot's frame) of every vertex of a drawn line. */
async function pathYs(path: Locator): Promise<number[]> {
  const d = (await path.getAttribute('d')) ?? '';
  return [...d.matchAll(/[ML]\s*(-?[\d.]+(?:e-?\d+)?)[ ,](-?[\d.]+(?:e-?\d+)?)/g)].map((match) => Number(match[2]));
}

test('clipping off vs on: the unclipped gradient norm climbs past the threshold, the clipped run learns', async ({ page, shell }, testInfo) => {
  test.setTimeout(180_000);
  await shell.open('backend=wasm');
  await page.getByTestId('memory-lab-toggle').click();
  const demo = page.getByTestId('clipping-demo');
  await expect(demo).toBeVisible();
  await expect(page.getByTestId('clipping-demo-status')).toHaveText(/^Not run yet/);
  const chart = page.getByTestId('clipping-demo-gradnorm-chart');
  const off = chart.locator('g.line-series[data-series="run-off"] path');
  const on = chart.locator('g.line-series[data-series="run-on"] path');
  // Before the demo: both lines are there, with nothing drawn.
  await expect(off).toHaveCount(1);
  expect(await pathYs(off)).toEqual([]);
  expect(await pathYs(on)).toEqual([]);

  await page.getByTestId('clipping-demo-run').click();
  // While it runs, the lab's own race waits (the worker trains one race at a time).
  await expect(page.getByTestId('memory-race')).toBeDisabled();
  await expect(page.getByTestId('clipping-demo-status')).toHaveText(/^Done: 150 steps\./, { timeout: 170_000 });
  await expect(page.getByTestId('memory-race')).toBeEnabled();

  // Both runs drew a gradient-norm line with a vertex per step.
  const offYs = await pathYs(off);
  expect(offYs.length).toBeGreaterThanOrEqual(100);
  expect((await pathYs(on)).length).toBeGreaterThanOrEqual(100);
  await expect(chart).toContainText(`clip threshold ${CLIP_NORM}`);

  // The unclipped line rises above the threshold rule on the chart (smaller y is higher up) ...
  const rule = (await chart.locator('g.reference').getAttribute('transform')) ?? '';
  const ruleY = Number(/translate\(0,\s*(-?[\d.]+)\)/.exec(rule)?.[1]);
  expect(Number.isFinite(ruleY)).toBe(true);
  expect(Math.min(...offYs)).toBeLessThan(ruleY);
  // ... and in numbers, by far: measured 24.1 (48 times the threshold) on WASM in Node.
  const offRow = page.getByTestId('clipping-demo-result-off');
  const onRow = page.getByTestId('clipping-demo-result-on');
  expect(Number(await offRow.getAttribute('data-max-grad-norm'))).toBeGreaterThan(10 * CLIP_NORM);
  // Without clipping the loss jumped well above a guess without memory (ln 8 = 2.08); it ends near chance.
  expect(Number(await offRow.getAttribute('data-max-loss'))).toBeGreaterThan(3 * Math.log(8));
  expect(Number(await offRow.getAttribute('data-accuracy'))).toBeLessThan(0.3);
  // The clipped run learned: far above chance (measured 1.000 from step 50).
  expect(Number(await onRow.getAttribute('data-accuracy'))).toBeGreaterThan(4 * CHANCE);
  await expect(page.getByTestId('clipping-demo-accuracy-chart').locator('g.line-series[data-series="run-on"] circle')).toHaveCount(6);

  const results = await new AxeBuilder({ page }).include('[data-testid="clipping-demo"]').analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(' | ')}`)).toEqual([]);
  await demo.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'clipping-demo');
});
