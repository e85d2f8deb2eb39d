/**
 * Race on the Train step: the current (small) names model as RNN vs LSTM, trained together in the worker on the
 * same batches. Both members' curves grow while it runs (point counts above a baseline read during the race),
 * the shared line names the batches and the identical initial weights, both members are kept as runs with their
 * cells and test accuracies (the worker writes their weights, the page only the records), they are still listed
 * after a reload, and Compare traces each one's ‖∂L/∂h_t‖ (the worker reads each run's weights by id: the page reads
 * none of them); a replay of a member ends with the weights kept with it. Kept runs'
 * names show whole in their fields, projected and on a phone. Projected at 1920, the race's three charts have plots of
 * one readable height. A finished race is shown on its own data's Train step only, not after a switch to another task.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { readIndexedDb, watchIndexedDbReads, watchIndexedDbWrites } from './storedRecords';

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
  const weightWrites = await watchIndexedDbWrites(page, 'rnn-playground-run-weights');
  const recordWrites = await watchIndexedDbWrites(page, 'rnn-playground-runs');
  // Which race charts get SVG elements at each MutationObserver delivery (one per task at most): built and drawn
  // together in the start click's task, the three charts made it one long task.
  await page.evaluate(() => {
    const deliveries: string[][] = [];
    (window as unknown as { raceChartSvgs: string[][] }).raceChartSvgs = deliveries;
    new MutationObserver((records) => {
      const charts = new Set<string>();
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof Element)) continue;
          for (const svg of [node, ...node.querySelectorAll('svg')].filter((element) => element.localName === 'svg')) {
            const chart = svg.closest('[data-testid^="race-"][data-testid$="-chart"]')?.getAttribute('data-testid');
            if (chart) charts.add(chart);
          }
        }
      }
      if (charts.size > 0) deliveries.push([...charts].sort());
    }).observe(document.body, { childList: true, subtree: true });
  });
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
  const svgDeliveries = await page.evaluate(() => (window as unknown as { raceChartSvgs: string[][] }).raceChartSvgs);
  expect(new Set(svgDeliveries.flat()), 'the race charts that got their SVG').toEqual(new Set(['race-accuracy-chart', 'race-grad-chart', 'race-loss-chart']));
  expect(
    svgDeliveries.filter((charts) => charts.length > 1),
    'race charts given their SVG in one task together (one MutationObserver delivery)',
  ).toEqual([]);

  const runs = page.getByTestId('runs-panel');
  const expectKept = async () => {
    await expect(runs.getByTestId('run-item')).toHaveCount(2);
    await expect(runs.getByTestId('run-name').nth(0)).toHaveValue('Race: RNN 8 · Adam 0.01 · 1 epoch');
    await expect(runs.getByTestId('run-name').nth(1)).toHaveValue('Race: LSTM 8 · Adam 0.01 · 1 epoch');
    for (const item of await runs.getByTestId('run-item').all()) await expect(item).toContainText(/225 steps · test \d+\.\d% \(macro \d+\.\d%\) · weights kept/);
  };
  await expectKept();
  // The worker wrote the members' weights before it answered: sent to the page and stored from its thread, a names
  // RNN 256 and LSTM 256 (1.8 and 6.8 MB of text) made a 92 ms task there. The page wrote the two records only.
  expect(await weightWrites.writes(), 'model text the page wrote to the weights store when the race ended').toEqual([]);
  const ids = (await recordWrites.writes()).map((write) => write.replace(/^runs:/, ''));
  expect(ids, "the page wrote the two runs' records").toHaveLength(2);
  const keptWeights = new Map<string, string>();
  for (const id of ids) {
    const record = (await readIndexedDb(page, 'rnn-playground-runs', 'runs', id)) as { name: string; settings: { cell: string }; weights: unknown; weightsLength: unknown };
    const text = await readIndexedDb(page, 'rnn-playground-run-weights', 'weights', id);
    if (typeof text !== 'string') throw new Error(`no weights kept under ${record.name}'s id`);
    // The member's own model file, of the length its record names; the pending keep's mark cleared.
    expect([record.weights, record.weightsLength], record.name).toEqual([null, text.length]);
    expect(JSON.parse(text), record.name).toMatchObject({ format: 'rnn-playground/torch-v1', model: { cell: record.settings.cell, hiddenSize: 8 } });
    expect(await readIndexedDb(page, 'rnn-playground-run-deletions', 'deletions', id), `${record.name}'s pending keep's mark`).toBeUndefined();
    keptWeights.set(record.name, text);
  }
  expect(await axeViolations(page), 'axe violations with the race drawn').toEqual([]);

  await page.reload();
  await shell.waitForData();
  await shell.goTo('train');
  await expectKept();

  // Compare: each kept run's gradient profile over the Inspect text, one line per run.
  const weightReads = await watchIndexedDbReads(page, 'rnn-playground-run-weights');
  await runs.getByRole('checkbox', { name: 'Compare Race: RNN 8 · Adam 0.01 · 1 epoch' }).check();
  await runs.getByRole('checkbox', { name: 'Compare Race: LSTM 8 · Adam 0.01 · 1 epoch' }).check();
  const profiles = page.getByTestId('compare-gradient-chart');
  await expect(profiles.locator('g.line-series')).toHaveCount(2);
  expect(await pointCounts(profiles)).toEqual([8, 8]);
  // The worker read the weights by run id: read here, an SST-2 run's 31 MB made a 0.4-0.5 s task on the page's thread.
  expect(await weightReads.reads(), "kept weights the page read for Compare's profiles").toEqual([]);
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
  // The replay's model is the member's: Save model writes the very text the worker kept with the raced run.
  const download = page.waitForEvent('download');
  await page.getByTestId('save-model').click();
  const saved = await readFile(await (await download).path(), 'utf8');
  expect(saved, "the replay's model file, as the RNN member's weights were kept").toBe(keptWeights.get('Race: RNN 8 · Adam 0.01 · 1 epoch'));
});

/** A kept run as a runs file holds it, named `name`. */
function keptRun(id: string, name: string) {
  const curve = Array.from({ length: 20 }, (_, index) => [index + 1, 2.9 / (index + 1)]).flat();
  return {
    id,
    name,
    pinned: false,
    dataId: 'names',
    classes: ['Czech', 'English', 'Russian'],
    settings: { task: 'names', cell: 'lstm', hiddenSize: 128, optimizer: 'adam', learningRate: 0.005, epochs: 10, seed: 1 },
    seed: 1,
    createdAt: 1_700_000_000_000,
    step: 20,
    epoch: 1,
    curves: { trainLoss: curve, gradNorm: curve, valLoss: [], valAccuracy: [] },
    test: null,
    weights: null,
  };
}

test("a kept run's name shows whole in its field, projected at 1280 and 1920 and on a phone (on more lines), and widens no page", async ({ page, shell }) => {
  const typical = 'LSTM 128, clip 1, lr 0.005';
  const raced = 'Race: LSTM 128 · Adam 0.005 · 10 epochs';
  const file = JSON.stringify({ format: 'rnn-playground/runs-v1', runs: [keptRun('typical', typical), keptRun('raced', raced)] });
  const fields = page.getByTestId('runs-panel').getByTestId('run-name');
  /** Each field's text against its box (px): the part of the name past the field's edge (or below it) is cut from view. */
  const cutOff = () =>
    fields.evaluateAll((inputs) =>
      (inputs as (HTMLInputElement | HTMLTextAreaElement)[])
        .map((input) => ({ name: input.value, hidden: Math.max(input.scrollWidth - input.clientWidth, input.scrollHeight - input.clientHeight) }))
        .sort((a, b) => a.name.length - b.name.length),
    );
  const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  await page.setViewportSize({ width: 1280, height: 800 });
  await shell.open('backend=wasm&present=1');
  await shell.goTo('train');
  await page.getByTestId('runs-panel').getByTestId('import-runs').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(fields).toHaveCount(2);
  // Presenter type (22 px) in a 16rem field showed "Race: LSTM 128 · Adam 0.0".
  expect(await cutOff(), 'presenter mode at 1280: px of each name cut off').toEqual([
    { name: typical, hidden: 0 },
    { name: raced, hidden: 0 },
  ]);
  expect(await pageOverflow(), 'presenter mode at 1280: the page wider than the window (px)').toBeLessThanOrEqual(0);

  await page.setViewportSize({ width: 1920, height: 1080 });
  // 26 px type from 1800 px on: the fields grow with it.
  await expect.poll(() => fields.first().evaluate((input) => getComputedStyle(input).fontSize)).toBe('26px');
  expect(await cutOff(), 'presenter mode at 1920: px of each name cut off').toEqual([
    { name: typical, hidden: 0 },
    { name: raced, hidden: 0 },
  ]);

  await shell.togglePresenter();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(fields.first()).toHaveCSS('font-size', '16px');
  // The race's name in one line, in the field's type, is wider than the field's room on a phone's line.
  const oneLine = await fields.evaluateAll((inputs, name) => {
    const input = (inputs as (HTMLInputElement | HTMLTextAreaElement)[]).find((field) => field.value === name);
    const context = document.createElement('canvas').getContext('2d');
    if (!input || !context) return null;
    const style = getComputedStyle(input);
    context.font = style.font;
    return { text: context.measureText(name).width, room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
  }, raced);
  expect(oneLine, "a phone: the race's name in one line (px) against its field's room").not.toBeNull();
  expect(oneLine?.text, "a phone: the race's name in one line (px) against its field's room").toBeGreaterThan(oneLine?.room ?? Infinity);
  // It goes on the field's next line: it scrolled inside its field, its end cut off (12 px).
  expect(await cutOff(), 'a phone: px of each name cut off').toEqual([
    { name: typical, hidden: 0 },
    { name: raced, hidden: 0 },
  ]);
  // Nor does it push the list past the screen's edge.
  const fieldRight = Math.max(...(await fields.evaluateAll((inputs) => inputs.map((input) => input.getBoundingClientRect().right))));
  const listRight = await page.getByTestId('runs-list').evaluate((list) => list.getBoundingClientRect().right);
  expect(fieldRight, "a phone: the fields' right edge (px) against their list's").toBeLessThanOrEqual(listRight + 0.5);
  expect(await pageOverflow(), 'a phone: the page wider than the window (px)').toBeLessThanOrEqual(0);
});

test("the race's charts projected at 1920 × 1080 have plots of one readable height, the gradient norm's too", async ({ page, shell, modelPage, trainPage }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await shell.goTo('train');
  await trainPage.setOptimiser({ learningRate: 0.01, batchSize: 64, epochs: 1 });
  await shell.togglePresenter();
  const race = page.getByTestId('race-panel');
  await race.getByTestId('race-start').click();
  const charts = ['race-loss-chart', 'race-accuracy-chart', 'race-grad-chart'].map((id) => race.getByTestId(id));
  // Drawn: both members' gradient norms have points.
  await expect.poll(async () => (await pointCounts(charts[2])).filter((count) => count > 0).length).toBe(2);
  /** Each chart's plot area (the axes' box, px). */
  const plots = await Promise.all(
    charts.map((chart) =>
      chart.locator('rect.overlay').evaluate((rect) => {
        const box = rect.getBoundingClientRect();
        return { width: Math.round(box.width), height: Math.round(box.height) };
      }),
    ),
  );
  const [loss, accuracy, grad] = plots;
  // Presenter type takes more of each chart for its axes: the gradient norm's plot was 96 px high (the others 116), each
  // chart stacked across the screen (1,648 px wide), a strip.
  expect(grad.height, "the gradient norm's plot height (px), projected at 1920").toBeGreaterThanOrEqual(140);
  expect(plots.map((plot) => plot.height), 'the three plots, one height (px)').toEqual([loss.height, loss.height, loss.height]);
  for (const [name, plot] of [['loss', loss], ['accuracy', accuracy], ['gradient norm', grad]] as const) {
    expect(plot.width / plot.height, `the ${name} plot's width over its height`).toBeLessThanOrEqual(6);
  }
  await race.getByTestId('race-stop').click();
  await expect(race.getByTestId('race-start'), 'the race stopped').toBeVisible({ timeout: 60_000 });
});

test("a finished race stays with its data: another task's Train step shows none of it, and its own shows it again", async ({ page, shell, dataPage, modelPage, trainPage }) => {
  test.setTimeout(240_000);
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await shell.goTo('train');
  // 29 batches of 512 per member: a race of seconds.
  await trainPage.setOptimiser({ learningRate: 0.01, batchSize: 512, epochs: 1 });
  const race = page.getByTestId('race-panel');
  await race.getByTestId('race-start').click();
  await expect(race.getByTestId('race-status')).toContainText('Finished. Kept 2 runs below', { timeout: 180_000 });

  // SST-2's Train step showed the names race's status ("Kept 2 runs below" over "No runs kept yet for this task"),
  // its "Shared:" line and its curves (loss near ln 18 beside SST-2's chance of ln 2).
  await shell.goTo('data');
  await dataPage.pickTask('sst2');
  await shell.waitForData();
  await shell.goTo('train');
  await expect(race.getByTestId('race-start')).toBeVisible();
  for (const id of ['race-status', 'race-shared', 'race-loss-chart', 'race-accuracy-chart', 'race-grad-chart']) {
    await expect(race.getByTestId(id), `${id} of the names race on SST-2's Train step`).toHaveCount(0);
  }

  // Back on the names, the race is there again, as it ended.
  await shell.goTo('data');
  await dataPage.pickTask('names');
  await shell.waitForData();
  await shell.goTo('train');
  await expect(race.getByTestId('race-status')).toContainText('Finished. Kept 2 runs below');
  await expect(race.getByTestId('race-shared')).toContainText('29 batches of 512 per epoch');
  await expect.poll(() => pointCounts(race.getByTestId('race-loss-chart'))).toEqual([29, 29]);
});
