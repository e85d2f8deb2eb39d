/**
 * The memory lab in the browser (WASM), kept short so it fits a loaded 2-core machine: a race of RNN, LSTM and
 * GRU draws one live accuracy curve per cell, a ‖∂L/∂h_t‖ heatmap per cell over training and the gate table,
 * and ends with a result per cell (a heatmap of two rows keeps its turned row title under the cell's name); truncated BPTT shows as gradients of exactly zero; the accuracy-vs-distance
 * sweep draws its points from real runs; a short race's heatmaps fill their boxes with large cells. axe-core finds nothing on the lab with everything drawn. A lever showing
 * an invalid value holds the race and the sweep back, saying why; the levers, the sweep's settings and the open lab
 * survive a reload.
 * The full race at the defaults (distance 30, 300 steps: LSTM and GRU 1.00, RNN at chance) is timed, and its
 * screenshot e2e-artifacts/memory-race.png made, by `npm run bench -- --memory-race --screenshot …` (README
 * "Memory lab"): too long for a test here.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures';
import type { AppShell } from './pages/AppShell';
import { MemoryLabPage } from './pages/MemoryLabPage';

const CELLS = ['rnn', 'lstm', 'gru'] as const;

async function openLab(page: Page, shell: AppShell): Promise<void> {
  await shell.open('backend=wasm');
  await page.getByTestId('memory-lab-toggle').click();
  await expect(page.getByTestId('memory-lab')).toBeVisible();
}

async function setNumber(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
  await page.getByTestId(testId).blur();
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-testid="memory-lab"]').analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(' | ')}`);
}

test('a short race draws a curve, a gradient heatmap and gates per cell, and reports each result', async ({ page, shell }) => {
  test.setTimeout(600_000);
  await openLab(page, shell);
  // Before any race: the heatmaps have no rows and the gate table is not there.
  for (const cell of CELLS) await expect(page.getByTestId(`memory-gradients-${cell}`)).toHaveAttribute('data-rows', '0');
  await expect(page.getByTestId('memory-gates-empty')).toBeVisible();
  await page.getByTestId('memory-distance').fill('10');
  await setNumber(page, 'memory-steps', '50');
  await page.getByTestId('memory-race').click();
  const result = page.getByTestId('memory-race-result');
  await expect(result).toBeVisible({ timeout: 560_000 });
  for (const cell of CELLS) {
    const accuracy = Number(await page.getByTestId(`memory-result-${cell}`).getAttribute('data-accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    // Untrained, then steps 25 and 50: three rows of 12 timesteps (digit, 10 letters, query).
    await expect(page.getByTestId(`memory-gradients-${cell}`)).toHaveAttribute('data-rows', '3');
    const ratio = Number(await page.getByTestId(`memory-gradient-ratio-${cell}`).getAttribute('data-ratio'));
    // Without truncation the first step always gets some gradient, never more than a thousand times the query's.
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1000);
  }
  await expect(page.getByTestId('memory-gradients-rnn').locator('svg')).toHaveAttribute('aria-label', /3 training step × 12 timestep t/);
  // Gates: the LSTM's i, f, o and the GRU's r, z, each a share in [0, 1]; a span for both.
  for (const [cell, gates] of [['lstm', ['i', 'f', 'o']], ['gru', ['r', 'z']]] as const) {
    for (const gate of gates) {
      const row = page.getByTestId(`memory-gate-${cell}-${gate}`);
      for (const share of [await row.getAttribute('data-near-zero'), await row.getAttribute('data-near-one')]) {
        expect(Number(share)).toBeGreaterThanOrEqual(0);
        expect(Number(share)).toBeLessThanOrEqual(1);
      }
    }
    expect(Number(await page.getByTestId(`memory-span-${cell}`).textContent())).toBeGreaterThan(1);
  }
  await expect(page.getByTestId('memory-gate-rnn-i')).toHaveCount(0);
  await expect(result).toContainText('first H rows of rnn.weight_ih_l0');
  for (const label of ['RNN (tanh)', 'LSTM', 'GRU']) await expect(page.getByTestId('memory-race-chart')).toContainText(label);
  expect(await axeViolations(page)).toEqual([]);
});

test('truncated BPTT: the heatmap shows no gradient beyond the last K steps', async ({ page, shell }) => {
  test.setTimeout(400_000);
  await openLab(page, shell);
  await page.getByTestId('memory-distance').fill('6');
  await setNumber(page, 'memory-steps', '25');
  await setNumber(page, 'memory-tbptt', '3');
  await page.getByTestId('memory-race').click();
  await expect(page.getByTestId('memory-race-result')).toBeVisible({ timeout: 380_000 });
  await expect(page.getByTestId('memory-gradients')).toContainText('only the last 3 steps get any gradient');
  for (const cell of CELLS) {
    await expect(page.getByTestId(`memory-gradients-${cell}`)).toHaveAttribute('data-rows', '2');
    // The first step is 8 − 3 = 5 steps before the cut: exactly zero, for every cell.
    await expect(page.getByTestId(`memory-gradient-ratio-${cell}`)).toHaveAttribute('data-ratio', '0');
  }
});

test('the distance sweep draws one point per cell and distance from real runs, and can be stopped', async ({ page, shell }, testInfo) => {
  test.setTimeout(600_000);
  await openLab(page, shell);
  const chart = page.getByTestId('memory-sweep-chart');
  await expect(chart).toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('memory-sweep-status')).toHaveText('No sweep yet.');
  await expect(chart.locator('circle')).toHaveCount(0);
  // A bad list is named and blocks the button.
  await page.getByTestId('memory-sweep-distances').fill('3, far');
  await expect(page.getByTestId('memory-sweep-problem')).toContainText('“far” is not a whole number');
  await expect(page.getByTestId('memory-sweep-run')).toBeDisabled();
  await page.getByTestId('memory-sweep-distances').fill('6, 3');
  await setNumber(page, 'memory-sweep-steps', '30');
  await page.getByTestId('memory-sweep-run').click();
  await expect(page.getByTestId('memory-sweep-status')).toHaveText(/^2 of 2 distances done\.$/, { timeout: 560_000 });
  await expect(chart).toHaveAttribute('data-points', '6');
  await expect(chart.locator('g[data-series^="sweep-"] circle')).toHaveCount(6);
  for (const cell of CELLS) {
    for (const distance of [3, 6]) {
      const accuracy = Number(await page.getByTestId(`memory-sweep-point-${cell}-${distance}`).getAttribute('data-accuracy'));
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(1);
    }
  }
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId('memory-sweep').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'memory-sweep');

  // Stop: a long sweep ends within a step and says so; the button is back.
  await page.getByTestId('memory-sweep-distances').fill('20, 40');
  await setNumber(page, 'memory-sweep-steps', '2000');
  await page.getByTestId('memory-sweep-run').click();
  await expect(page.getByTestId('memory-sweep-status')).toHaveText('0 of 2 distances done, timing the first…');
  await page.getByTestId('memory-sweep-stop').click();
  await expect(page.getByTestId('memory-sweep-status')).toHaveText('0 of 2 distances done (stopped)', { timeout: 60_000 });
  await expect(page.getByTestId('memory-sweep-run')).toBeEnabled();
});

test('every cell of a race is kept as a run, listed after a reload with its cell and held-out accuracy; a stopped race is marked', async ({ page, shell }) => {
  test.setTimeout(400_000);
  await openLab(page, shell);
  const kept = page.getByTestId('memory-runs');
  await expect(kept).toContainText('No races kept yet.');
  await page.getByTestId('memory-distance').fill('4');
  await setNumber(page, 'memory-hidden', '4');
  await setNumber(page, 'memory-steps', '10');
  await page.getByTestId('memory-race').click();
  await expect(page.getByTestId('memory-race-result')).toBeVisible({ timeout: 380_000 });
  const accuracies = new Map<string, string | null>();
  for (const cell of CELLS) accuracies.set(cell, await page.getByTestId(`memory-result-${cell}`).getAttribute('data-accuracy'));
  await expect(kept.getByTestId('run-item')).toHaveCount(3);

  await page.reload();
  // The lab opens again by itself (lab=memory in the URL).
  await expect(page.getByTestId('memory-lab')).toBeVisible();
  const items = kept.getByTestId('run-item');
  await expect(items).toHaveCount(3);
  for (const [cell, accuracy] of accuracies) {
    const item = kept.locator(`[data-testid="run-item"][data-cell="${cell}"]`);
    await expect(item).toHaveAttribute('data-accuracy', accuracy ?? 'missing');
    await expect(item.getByTestId('run-name')).toHaveValue(new RegExp(`^${cell === 'rnn' ? 'RNN' : cell.toUpperCase()} · first-symbol · distance 4$`));
    await expect(item).toContainText(`held-out ${(Number(accuracy) * 100).toFixed(1)}%`);
  }
  // Compare overlays two of them: their loss over every step, and the one setting that differs.
  await kept.getByRole('checkbox', { name: 'Compare RNN · first-symbol · distance 4' }).check();
  await kept.getByRole('checkbox', { name: 'Compare GRU · first-symbol · distance 4' }).check();
  await expect(kept.getByTestId('compare-loss').locator('g.line-series')).toHaveCount(2);
  await expect(kept.getByTestId('compare-settings').locator('tbody tr')).toHaveCount(1);
  await expect(kept.getByTestId('compare-settings')).toContainText('cell');

  // A stopped race keeps its cells too, marked with the step it stopped at (the reload kept distance 4 and hidden 4).
  await setNumber(page, 'memory-steps', '2000');
  await page.getByTestId('memory-race').click();
  await page.getByTestId('memory-stop').click();
  await expect(items).toHaveCount(6, { timeout: 60_000 });
  await expect(items.first().getByTestId('run-name')).toHaveValue(/^RNN · first-symbol · distance 4 \(stopped at step \d+\)$/);
});

test("a heatmap of a few training steps keeps its turned row title under the cell's name, not over it", async ({ page, shell }) => {
  test.setTimeout(300_000);
  await openLab(page, shell);
  const lab = new MemoryLabPage(page);
  await lab.raceTiny();
  for (const cell of CELLS) {
    const heatmap = lab.gradientHeatmap(cell);
    // Two rows (before training and step 10): the cells are far shorter than the title "training step".
    await expect(heatmap).toHaveAttribute('data-rows', '2');
    const title = heatmap.locator('text.row-title');
    await expect(title).toHaveText('training step');
    const titleTop = (await title.boundingBox())!.y;
    const caption = await heatmap.locator('figcaption').boundingBox();
    const svgTop = (await heatmap.locator('svg').first().boundingBox())!.y;
    expect(titleTop, `${cell}: the row title's top (px) against its chart's top`).toBeGreaterThanOrEqual(svgTop - 0.5);
    expect(titleTop, `${cell}: the row title's top (px) against the bottom of the cell's name above the chart`).toBeGreaterThanOrEqual(caption!.y + caption!.height - 0.5);
  }
});

test.describe('presenter mode at 1920 × 1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test("a short race's heatmaps fill their boxes with large cells, projected and at the desk", async ({ page, shell }) => {
    test.setTimeout(300_000);
    await shell.open('backend=wasm&present=1&lab=memory');
    const lab = new MemoryLabPage(page);
    await lab.raceTiny();
    /** Every cell's heatmap: its cells at least `minWidth` × `minHeight` px and its block across `minShare` of its box. */
    const expectLarge = async (where: string, minWidth: number, minHeight: number, minShare: number) => {
      for (const cell of CELLS) {
        // Two rows (before training and step 10) of 6 timesteps (the digit, 4 letters, the query).
        await expect(lab.gradientHeatmap(cell)).toHaveAttribute('data-rows', '2');
        await expect(lab.gradientHeatmap(cell).locator('svg')).toHaveAttribute('aria-label', /2 training step × 6 timestep t$/);
        const { cellWidth, cellHeight, plotWidth, figureWidth } = await lab.heatmapCells(cell);
        // The cells were held to 14 × 12 px: 84 px of cells in a box of 600 projected.
        expect(cellWidth, `${where}, ${cell}: a cell's width (px)`).toBeGreaterThanOrEqual(minWidth);
        expect(cellHeight, `${where}, ${cell}: a cell's height (px)`).toBeGreaterThanOrEqual(minHeight);
        expect(plotWidth / figureWidth, `${where}, ${cell}: share of the heatmap's box the cells take across`).toBeGreaterThanOrEqual(minShare);
      }
    };
    await expectLarge('presenter mode at 1920', 64, 36, 0.8);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectLarge('presenter mode at 1280', 64, 36, 0.75);
    await shell.togglePresenter();
    // Three heatmaps side by side in 1280 at the desk: the width shared, the rows as tall.
    await expectLarge('at the desk at 1280', 24, 36, 0.7);
  });
});

test('a lever showing an invalid value holds the race and the sweep back, and says why next to them', async ({ page, shell }) => {
  await openLab(page, shell);
  const race = page.getByTestId('memory-race');
  const sweep = page.getByTestId('memory-sweep-run');
  await expect(race).toBeEnabled();
  await setNumber(page, 'memory-hidden', '0');
  await setNumber(page, 'memory-lr', '-1');
  await setNumber(page, 'memory-steps', '100000');
  await expect(race, 'Race refused while a lever shows an invalid value').toBeDisabled();
  const reason = page.getByTestId('memory-race-blocked');
  await expect(reason).toHaveText('To race, fix Hidden size: between 4 and 256; Learning rate (Adam): between 0.00001 and 1; Training steps: between 10 and 5000.');
  await expect(race).toHaveAccessibleDescription(/^To race, fix Hidden size/);
  // The sweep races with the same levers: refused too, for the same fields.
  await expect(sweep, 'the sweep refused while a lever shows an invalid value').toBeDisabled();
  await expect(page.getByTestId('memory-sweep-problem')).toContainText('fix Hidden size: between 4 and 256');
  await expect(sweep).toHaveAccessibleDescription(/^To run the sweep, fix /);
  // Fixing the fields one by one: the reason follows, and Race comes back once all are valid.
  await setNumber(page, 'memory-hidden', '8');
  await setNumber(page, 'memory-lr', '0.01');
  await expect(reason).toHaveText('To race, fix Training steps: between 10 and 5000.');
  await expect(race).toBeDisabled();
  await setNumber(page, 'memory-steps', '20');
  await expect(reason).toBeEmpty();
  await expect(race).toBeEnabled();
  await expect(sweep).toBeEnabled();
  // The sweep's own steps field holds it back the same way.
  await setNumber(page, 'memory-sweep-steps', '5');
  await expect(sweep).toBeDisabled();
  await expect(page.getByTestId('memory-sweep-problem')).toHaveText('To run the sweep, fix Training steps per point: between 10 and 2000.');
  await expect(race).toBeEnabled();
});

test('the levers and the open lab come back after a reload', async ({ page, shell }) => {
  await openLab(page, shell);
  await page.getByTestId('memory-task').selectOption('adding');
  await page.getByTestId('memory-distance').fill('20');
  await page.getByTestId('memory-gate-bias').selectOption('1');
  await page.getByTestId('memory-recurrent-init').selectOption('orthogonal');
  await setNumber(page, 'memory-hidden', '16');
  await setNumber(page, 'memory-lr', '0.01');
  await setNumber(page, 'memory-steps', '400');
  await setNumber(page, 'memory-tbptt', '10');
  await page.getByTestId('memory-clip').uncheck();
  await expect(page).toHaveURL(/[?&]lab=memory(&|$)/);

  await page.reload();
  await expect(page.getByTestId('memory-lab'), 'the lab open again after a reload').toBeVisible();
  await expect(page.getByTestId('memory-task'), 'the levers after a reload').toHaveValue('adding');
  await expect(page.getByTestId('memory-distance')).toHaveValue('20');
  await expect(page.getByTestId('memory-gate-bias')).toHaveValue('1');
  await expect(page.getByTestId('memory-recurrent-init')).toHaveValue('orthogonal');
  await expect(page.getByTestId('memory-hidden')).toHaveValue('16');
  await expect(page.getByTestId('memory-lr')).toHaveValue('0.01');
  await expect(page.getByTestId('memory-steps')).toHaveValue('400');
  await expect(page.getByTestId('memory-tbptt')).toHaveValue('10');
  await expect(page.getByTestId('memory-clip')).not.toBeChecked();

  // Back to the steps: the flag leaves the URL, and a reload stays on the steps.
  await page.getByTestId('memory-lab-toggle').click();
  await expect(page).not.toHaveURL(/lab=memory/);
  await page.reload();
  await expect(page.getByTestId('memory-lab-toggle')).toHaveText('Memory lab');
  await expect(page.getByTestId('memory-lab')).toHaveCount(0);
});

test("every lever's choices read whole in their selects, at the desk and in presenter mode", async ({ page, shell }) => {
  await openLab(page, shell);
  // Each option's text, measured in its select's font, against the select's room for text (its arrow takes about
  // one em): "chrono (spans up to the sequence length)" was cut after "sequence" at 1280 × 800.
  const cutOptions = () =>
    page
      .getByTestId('memory-lab')
      .locator('select')
      .evaluateAll((selects) =>
        selects.flatMap((select) => {
          const style = getComputedStyle(select);
          const context = document.createElement('canvas').getContext('2d');
          if (!context) throw new Error('no canvas 2d context');
          context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - parseFloat(style.fontSize);
          return [...(select as HTMLSelectElement).options]
            .map((option) => ({ text: option.text, width: context.measureText(option.text).width }))
            .filter(({ width }) => width > room)
            .map(({ text, width }) => `${select.getAttribute('data-testid')}: "${text}" ${Math.round(width)} px in ${Math.round(room)} px`);
        }),
      );
  expect(await cutOptions(), 'options cut at the desk, 1280 × 800').toEqual([]);
  await shell.togglePresenter();
  await expect(page.locator('html')).toHaveAttribute('data-presenter', /.*/);
  expect(await cutOptions(), 'options cut in presenter mode, 1280 × 800').toEqual([]);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(() => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(26);
  expect(await cutOptions(), 'options cut in presenter mode, 1920 × 1080').toEqual([]);
});

test('the sweep settings come back after a reload', async ({ page, shell }) => {
  await openLab(page, shell);
  await page.getByTestId('memory-sweep-distances').fill('15, 5');
  await setNumber(page, 'memory-sweep-steps', '60');
  await page.getByTestId('memory-sweep-cell-rnn').uncheck();

  await page.reload();
  await expect(page.getByTestId('memory-lab')).toBeVisible();
  await expect(page.getByTestId('memory-sweep-distances'), 'the sweep settings after a reload').toHaveValue('5, 15');
  await expect(page.getByTestId('memory-sweep-steps')).toHaveValue('60');
  await expect(page.getByTestId('memory-sweep-cell-rnn')).not.toBeChecked();
  await expect(page.getByTestId('memory-sweep-cell-lstm')).toBeChecked();
  await expect(page.getByTestId('memory-sweep-cell-gru')).toBeChecked();
  await expect(page.getByTestId('memory-sweep-run')).toBeEnabled();
});
