/**
 * A lesson keeps its story. Each test here failed on the app as it was: after a task switch Inspect used
 * the other task's model ("Nakamura → positive") and the cell chosen was thrown away; a reload brought the
 * weights back with the step at 0, no curves and no test result, and Play started again at epoch 1;
 * Inspect showed an untrained model without saying so, and the tour built one behind the student's back.
 */
import type { Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures';
import { storedNumber } from './storedRecords';

/** How many points the Train screen's loss curve has drawn (its path's commands). */
async function drawnLossPoints(page: Page): Promise<number> {
  const d = (await page.getByTestId('loss-chart').locator('g.line-series[data-series="train-loss"] path').getAttribute('d')) ?? '';
  return (d.match(/[ML]/g) ?? []).length;
}

test('each task keeps its own model and cell: names → SST-2 → names → SST-2', async ({ page, app, shell, modelPage, trainPage }) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.chooseCell('gru');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(1);
  await trainPage.waitUntilIdle();
  const namesLogProbs = await app.logProbsOf('Nakamura');

  await shell.goTo('data');
  await page.getByTestId('task-sst2').check();
  await expect(shell.taskTitle).not.toContainText('Surnames');
  // Inspect shows the sentiment task's own (untrained) model, never the names one.
  await shell.goTo('inspect');
  await expect(page.getByTestId('inspect-input')).toBeVisible();
  await expect(page.getByText('Type a sentence'), 'Inspect shows the sentiment model after the switch').toBeVisible();
  await expect.poll(async () => (await app.read('model'))?.classes.length).toBe(2);
  await expect(page.getByTestId('untrained-note')).toBeVisible();
  expect(await app.read('trainingStep')).toBe(0);
  // A cell chosen and never trained: only the task's kept configuration remembers it (no checkpoint has it).
  await shell.goTo('model');
  await modelPage.chooseCell('rnn');

  await shell.goTo('data');
  await page.getByTestId('task-names').check();
  await expect(shell.taskTitle).toContainText('Surnames');
  await expect.poll(async () => (await app.read('model'))?.classes.length).toBe(18);
  const model = await app.read('model');
  expect(model?.cell, 'the cell chosen for names, after a switch and back').toBe('gru');
  expect(model?.hiddenSize).toBe(8);
  expect(await app.read('trainingStep'), 'the names step, after a switch and back').toBe(1);
  expect(await app.logProbsOf('Nakamura'), 'the names weights, after a switch and back').toEqual(namesLogProbs);
  await shell.goTo('model');
  await expect(page.getByTestId('cell-gru')).toBeChecked();
  await shell.goTo('inspect');
  await expect(page.getByText('Type a name')).toBeVisible();
  await expect(page.getByTestId('untrained-note')).toHaveCount(0);

  await shell.goTo('data');
  await page.getByTestId('task-sst2').check();
  await expect(shell.taskTitle).not.toContainText('Surnames');
  await shell.goTo('model');
  await expect(page.getByTestId('cell-rnn'), 'the cell chosen for SST-2 (never trained), after a switch and back').toBeChecked();
});

test('a reload restores the whole story: weights exactly, step, curves, test result; Play continues', async ({
  page,
  app,
  shell,
  modelPage,
  trainPage,
}) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  // One short epoch (large batches), so the run finishes with a test result within the test's time.
  await trainPage.setOptimiser({ learningRate: 0.01, batchSize: 512, epochs: 1 });
  // Mid-epoch on purpose (29 steps in the epoch), so Step and Play after the reload still have batches to run.
  await trainPage.stepTimes(5);
  const stepBefore = await app.read('trainingStep');
  const logProbsBefore = await app.logProbsOf('Nakamura');
  await expect.poll(() => storedNumber(page, 'rnn-playground/model/names', 'story', 'step')).toBe(stepBefore);

  await page.reload();
  await app.ready();
  await shell.waitForData();
  await expect.poll(() => app.read('trainingStep'), { message: 'the step after a reload' }).toBe(stepBefore);
  expect(await app.logProbsOf('Nakamura')).toEqual(logProbsBefore);
  await shell.goTo('train');
  expect(await drawnLossPoints(page), 'the loss curve after a reload').toBeGreaterThan(0);

  // Play carries on from that step to the end of the epoch, not from step 1.
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(stepBefore + 1);
  await trainPage.waitUntilIdle();
  await trainPage.playButton.click();
  await expect(page.getByTestId('test-result')).toBeVisible({ timeout: 240_000 });
  const result = await page.getByTestId('test-result').textContent();
  expect(result).toContain('LSTM');
  const finalStep = await app.read('trainingStep');
  const finalLogProbs = await app.logProbsOf('Nakamura');
  await expect.poll(() => storedNumber(page, 'rnn-playground/model/names', 'story', 'step')).toBe(finalStep);

  await page.reload();
  await app.ready();
  await shell.waitForData();
  await expect.poll(() => app.read('trainingStep')).toBe(finalStep);
  expect(await app.logProbsOf('Nakamura')).toEqual(finalLogProbs);
  await shell.goTo('train');
  await expect(page.getByTestId('test-result')).toHaveText(result ?? '');
  expect(await drawnLossPoints(page)).toBeGreaterThan(0);
  await expect(trainPage.progressEpoch).not.toContainText('—');
});

test('Inspect says when the model is untrained, and its gradient caption is no finding', async ({ page, app, shell, trainPage }, testInfo) => {
  await shell.open('backend=wasm');
  await shell.goTo('inspect');
  await expect(page.getByTestId('untrained-note'), 'Inspect says the model is untrained').toContainText('Untrained');
  await expect(page.getByTestId('gradient-norm-chart')).toContainText('Untrained weights (random, not learned)');
  await expect(page.getByTestId('gradient-norm-chart')).not.toContainText('Far below 1 is the vanishing gradient');
  await saveScreenshot(page, testInfo, 'inspect-untrained');

  await shell.goTo('train');
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(1);
  await shell.goTo('inspect');
  await expect(page.getByTestId('untrained-note')).toHaveCount(0);
  await expect(page.getByTestId('gradient-norm-chart')).toContainText('Far below 1 is the vanishing gradient');
  await saveScreenshot(page, testInfo, 'inspect-trained-one-step');
});

test.describe('the tour', () => {
  test.use({ skipWalkthrough: false });

  test('builds nothing: walking through every step leaves no model behind', async ({ page, app, shell }) => {
    await shell.open('backend=wasm');
    await expect(shell.walkthrough).toBeVisible();
    const next = page.getByTestId('walkthrough-next');
    // "Next" through every step; the last one says "Start" (and would close the tour).
    while ((await next.textContent()) === 'Next') await next.click();
    await expect.poll(() => app.read('screen')).toBe('inspect');
    await expect(page.getByTestId('screen-inspect'), 'the tour shows Inspect without building a model').toContainText('There is no model yet');
    expect(await app.read('model'), 'no model after the tour').toBeNull();
  });
});

test('after a reload the Model step says the kept model is being restored, never "Not built yet", until it is back', async ({
  page,
  app,
  shell,
  modelPage,
  trainPage,
}) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  // Nothing kept yet: the line says so (the baseline the reload must not repeat).
  await expect(modelPage.buildState).toHaveText('Not built yet — Play on the Train step builds it too.');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.stepTimes(1);
  const stepBefore = await app.read('trainingStep');
  await expect.poll(() => storedNumber(page, 'rnn-playground/model/names', 'story', 'step')).toBe(stepBefore);
  await shell.goTo('model');
  const matches = 'The built model matches these settings.';
  await expect(modelPage.buildState).toHaveText(matches);

  // Every text the line shows from the reload's first paint on, recorded as the page changes it, and every caption
  // of the parameter table ("… (not built yet)" would say the same as the line).
  await page.addInitScript(() => {
    const seen: string[] = [];
    const captions: string[] = [];
    Object.assign(window, { buildStates: seen, parameterCaptions: captions });
    new MutationObserver(() => {
      const line = document.querySelector<HTMLElement>('[data-testid="screen-model"] [data-testid="build-state"]');
      const text = line && !line.hidden ? (line.textContent ?? '') : null;
      if (text !== null && text !== seen.at(-1)) seen.push(text);
      const caption = document.querySelector('[data-testid="screen-model"] [data-testid="parameter-table"] caption')?.textContent;
      if (caption && caption !== captions.at(-1)) captions.push(caption);
    }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  });
  await page.reload();
  await app.ready();
  await expect(modelPage.buildState, 'the line once the kept model is back').toHaveText(matches);
  expect(await app.read('trainingStep'), 'the kept model is the one restored').toBe(stepBefore);
  const { seen, captions } = await page.evaluate(() => {
    const recorded = window as unknown as { buildStates: string[]; parameterCaptions: string[] };
    return { seen: recorded.buildStates, captions: recorded.parameterCaptions };
  });
  expect(seen.filter((text) => text.startsWith('Not built')), `the line's texts after the reload: ${JSON.stringify(seen)}`).toEqual([]);
  expect(captions.filter((text) => /not built/i.test(text)), `the parameter table's captions after the reload: ${JSON.stringify(captions)}`).toEqual([]);
  expect(seen, 'the line says the model is on its way before it is back').toContain('Restoring your model…');
  expect(seen.indexOf('Restoring your model…')).toBeLessThan(seen.indexOf(matches));
});
