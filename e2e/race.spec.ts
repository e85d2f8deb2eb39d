/**
 * Race on the Train step: the current (small) names model as RNN vs LSTM, trained together in the worker on the
 * same batches. Both members' curves grow while it runs (point counts above a baseline read during the race),
 * the shared line names the batches and the identical initial weights, both members are kept as runs with their
 * cells and test accuracies, they are still listed after a reload, and Compare traces each one's ‖∂L/∂h_t‖.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** axe's findings as readable lines; no rule is disabled. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(' | ')}`);
}

/** Points drawn per series of a race chart (member-0, member-1, …), counted from each path's coordinates. */
async function pointCounts(chart: Locator): Promise<number[]> {
  return chart.evaluate((root) =>
    [...root.querySelectorAll('g.line-series')].map((group) => {
      const d = group.querySelector('path')?.getAttribute('d') ?? '';
      return Math.floor((d.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? []).length / 2);
    }),
  );
}

test('race RNN vs LSTM on names: curves together, both kept after a reload', async ({ page, app, shell, modelPage, trainPage }) => {
  // Two models trained side by side on a 2-core machine shared with other jobs: give the whole story room.
  test.setTimeout(600_000);
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await shell.goTo('train');
  await trainPage.setOptimiser({ learningRate: 0.01, batchSize: 64, epochs: 1 });
  const race = page.getByTestId('race-panel');
  await expect(race.getByTestId('race-members')).toContainText('RNN: RNN 8');
  await expect(race.getByTestId('race-members')).toContainText('LSTM: LSTM 8');
  await race.getByTestId('race-start').click();

  const lossChart = race.getByTestId('race-loss-chart');
  await expect(race.getByTestId('race-shared')).toContainText('Same batches in the same order for every member: seed 1, 225 batches of 64 per epoch');
  await expect(race.getByTestId('race-shared')).toContainText('rnn.weight_ih_l0 (first 8 rows)');
  // A baseline read while it runs, once both members have points; both must grow past it.
  await expect
    .poll(async () => {
      const counts = await pointCounts(lossChart);
      return counts.length === 2 && counts.every((count) => count > 0);
    })
    .toBe(true);
  const baseline = await pointCounts(lossChart);
  await expect.poll(async () => (await pointCounts(lossChart)).every((count, member) => count > baseline[member])).toBe(true);

  await expect(race.getByTestId('race-status')).toContainText('Finished. Kept 2 runs below with their test results.', { timeout: 240_000 });
  expect((await pointCounts(race.getByTestId('race-accuracy-chart'))).every((count) => count >= 2)).toBe(true);
  // Every step of both members drawn (the charts redraw one per animation frame, so the last draw may follow the message).
  await expect.poll(() => pointCounts(lossChart)).toEqual([225, 225]);
  await expect.poll(() => pointCounts(race.getByTestId('race-grad-chart'))).toEqual([225, 225]);

  const runs = page.getByTestId('runs-panel');
  const expectKept = async () => {
    await expect(runs.getByTestId('run-item')).toHaveCount(2);
    await expect(runs.getByTestId('run-name').nth(0)).toHaveValue('Race: RNN 8 · Adam 0.01 · 1 epoch');
    await expect(runs.getByTestId('run-name').nth(1)).toHaveValue('Race: LSTM 8 · Adam 0.01 · 1 epoch');
    for (const item of await runs.getByTestId('run-item').all()) await expect(item).toContainText(/225 steps · test \d+\.\d% \(macro \d+\.\d%\) · weights kept/);
  };
  await expectKept();
  expect(await axeViolations(page), 'axe violations with the race drawn').toEqual([]);

  await page.reload();
  await shell.waitForData();
  await shell.goTo('train');
  await expectKept();

  // Compare: each kept run's gradient profile over the Inspect text, one line per run.
  await runs.getByRole('checkbox', { name: 'Compare Race: RNN 8 · Adam 0.01 · 1 epoch' }).check();
  await runs.getByRole('checkbox', { name: 'Compare Race: LSTM 8 · Adam 0.01 · 1 epoch' }).check();
  const profiles = page.getByTestId('compare-gradient-chart');
  await expect(profiles.locator('g.line-series')).toHaveCount(2);
  expect(await pointCounts(profiles)).toEqual([8, 8]);
  await expect(page.getByTestId('compare-gradient-profiles')).toContainText('over “Nienhuis”');
  expect(await axeViolations(page), 'axe violations with the profiles compared').toEqual([]);

  // Replay: the Train step's run restarts from the RNN member's settings and seed.
  await runs.getByRole('button', { name: 'Replay Race: RNN 8 · Adam 0.01 · 1 epoch' }).click();
  await expect(page.getByTestId('replay-note')).toHaveText('Replaying "Race: RNN 8 · Adam 0.01 · 1 epoch": the same initial weights and the same batches, from step 0.');
  await expect.poll(() => app.read('model')).toMatchObject({ cell: 'rnn', hiddenSize: 8 });
  // It runs to its end and is kept like any finished run, beside the two raced ones.
  await expect.poll(() => app.read('status'), { timeout: 240_000 }).toBe('done');
  expect(await app.read('trainingStep')).toBe(225);
  await expect(runs.getByTestId('run-item')).toHaveCount(3);
  await expect(runs.getByTestId('run-name').first()).toHaveValue('RNN 8 · Adam 0.01 · 1 epoch');
});
