/**
 * Keys do what the screen shows, and links keep the lesson:
 * - Space, → and R work only on Train, the screen that lists them; R on Inspect leaves a trained model alone;
 *   a reset is undone exactly (the same log-probabilities, step and loss curve);
 * - while a training setting shows an invalid value, Play, Step and their keys are refused, with the reason;
 * - a link with `step`/`present` opens on that step without the tour, and Space trains at once;
 * - "Copy link" carries step, presenter mode and the Inspect text to a fresh browser.
 * All on WASM, the fastest backend here.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const PROBES = ['Nienhuis', 'Nakamura', 'Smith'];

/** Move focus off the control just clicked, as a presenter reaching for the keyboard does. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test('training keys work only on Train; R on Inspect keeps the weights; Undo reset restores them exactly', async ({
  page,
  app,
  shell,
  trainPage,
  inspectPage,
}) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  await expect(trainPage.keysHint).toContainText('R reset');
  await trainPage.trainSteps(6);
  await trainPage.waitUntilIdle();
  const trainedStep = await app.read('trainingStep');
  const trainedLogProbs = await app.logProbs(PROBES);
  // One loss per step (too few to thin out); the last ones are drawn on a later frame.
  await expect.poll(async () => (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values.length).toBe(trainedStep);
  const trainedLoss = (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values;

  // Inspect lists no keys, so none of them acts there: the trained model, its step and status stay.
  await shell.goTo('inspect');
  await inspectPage.type('Nienhuis');
  await expect(inspectPage.topK).toContainText('> Nienhuis');
  await blur(page);
  for (const key of ['r', 'R', 'ArrowRight', 'Space']) await page.keyboard.press(key);
  // Any message those keys sent would be answered before this request (the worker answers in order).
  expect(await app.logProbs(PROBES), 'the keys on Inspect left the trained weights alone').toEqual(trainedLogProbs);
  expect(await app.read('trainingStep')).toBe(trainedStep);
  expect(await app.read('status')).toBe('paused');
  await expect(page.getByTestId('undo-reset')).toBeHidden();

  // On Train, R resets — and says how to take it back.
  await shell.goTo('train');
  await blur(page);
  await page.keyboard.press('r');
  await expect.poll(() => app.read('trainingStep')).toBe(0);
  const undo = page.getByTestId('undo-reset');
  await expect(undo, 'the reset offers its undo').toContainText(`trained ${trainedStep} steps`);
  expect(await app.logProbs(PROBES)).not.toEqual(trainedLogProbs);
  await expect.poll(async () => (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values).toHaveLength(0);

  await undo.getByRole('button', { name: 'Undo reset' }).click();
  await expect(undo).toBeHidden();
  await expect.poll(() => app.read('trainingStep')).toBe(trainedStep);
  expect(await app.logProbs(PROBES)).toEqual(trainedLogProbs);
  await expect(trainPage.runStatus).toHaveText('paused');
  await expect.poll(async () => (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values).toEqual(trainedLoss);

  // Training on after an undo counts on from the restored step.
  await blur(page);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => app.read('trainingStep')).toBe(trainedStep + 1);
});

test('Space on the focused confusion matrix picks its first cell and never starts a run; Space again opens that cell', async ({ page, app, shell, trainPage }) => {
  await shell.open('backend=wasm&hidden=16');
  await shell.goTo('train');
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(1);
  await trainPage.waitUntilIdle();
  const status = await app.read('status');
  const matrix = trainPage.confusionMatrix.locator('svg[tabindex="0"]');
  const picked = matrix.locator('rect.focus-cell');
  await expect(picked, 'no cell picked before a key').toBeHidden();

  // It fell through to the page's Space = Play until an arrow key had picked a cell.
  await matrix.focus();
  await page.keyboard.press('Space');
  await expect(picked, 'Space picks the first cell').toBeVisible();
  await expect(page.getByTestId('confusion-mistakes'), 'the first Space only picks').toBeHidden();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('confusion-mistakes')).toContainText(/^True (\S+), predicted \1/);
  // Any message the keys sent would be answered before this request (the worker answers in order).
  await app.logProbs(PROBES);
  expect(await app.read('status'), 'Space on the matrix started no run').toBe(status);
  expect(await app.read('trainingStep')).toBe(1);
});

test('a training setting showing an invalid value holds Play, Step and their keys back, and says why', async ({ page, app, shell, trainPage }) => {
  await shell.open('backend=wasm');
  await shell.goTo('train');
  await expect(trainPage.playButton).toBeEnabled();
  await trainPage.learningRate.fill('-1');
  await trainPage.epochs.fill('0');
  await blur(page);
  await expect(trainPage.playButton, 'Play refused while a training setting shows an invalid value').toBeDisabled();
  await expect(trainPage.stepButton).toBeDisabled();
  const reason = page.getByTestId('train-blocked');
  await expect(reason).toHaveText('To train, fix Learning rate: between 0.000001 and 10; Epochs: between 1 and 100.');
  await expect(trainPage.playButton).toHaveAccessibleDescription(/^To train, fix Learning rate/);
  // The keys would train with the last valid values, not those shown: they do nothing either.
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(3000);
  expect(await app.read('trainingStep'), 'the keys trained nothing while a setting is invalid').toBe(0);
  await trainPage.learningRate.fill('0.01');
  await expect(reason).toHaveText('To train, fix Epochs: between 1 and 100.');
  await trainPage.epochs.fill('2');
  await expect(reason).toBeEmpty();
  await expect(trainPage.playButton).toBeEnabled();
  await expect(trainPage.stepButton).toBeEnabled();
});

test.describe('links', () => {
  test.use({ skipWalkthrough: false });

  test('a link to Train in presenter mode opens there without the tour, and Space trains', async ({ page, app, shell }) => {
    await shell.open('backend=wasm&step=train&present=1');
    await expect(shell.tab('train'), 'the link opens on Train').toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('html')).toHaveAttribute('data-presenter', '');
    await expect(shell.walkthrough, 'no tour over a shared link').toBeHidden();
    expect(new URL(page.url()).searchParams.get('step')).toBe('train');
    const scrollBefore = await page.evaluate(() => window.scrollY);
    await page.keyboard.press('Space');
    await expect.poll(() => app.read('trainingStep'), { timeout: 120_000, message: 'Space starts training' }).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    await page.keyboard.press('Space');
    await expect.poll(() => app.read('status')).not.toBe('training');
    expect(new URL(page.url()).searchParams.get('step')).toBe('train');
  });

  test('a first visit through a link counts: the plain address later opens without the tour', async ({ page, shell }) => {
    await shell.open('backend=wasm&step=model');
    await expect(shell.walkthrough, 'no tour over a shared link').toBeHidden();
    // The same browser later, at the plain address: the student has used the app, the tour would cover their work.
    await shell.open('backend=wasm');
    await expect(shell.tab('data')).toBeVisible();
    await expect(shell.walkthrough, 'no first-visit tour after a visit through a link').toBeHidden();
    await page.getByRole('button', { name: 'Tour' }).click();
    await expect(shell.walkthrough, 'the tour is still one click away').toBeVisible();
  });

  test('Copy link carries the step, presenter mode and the Inspect text to a fresh browser', async ({
    page,
    browser,
    context,
    shell,
    inspectPage,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await shell.open('backend=wasm&tour=0');
    await shell.goTo('inspect');
    await inspectPage.type('Nakamura');
    await expect(inspectPage.topK).toContainText('> Nakamura');
    await shell.togglePresenter();
    await page.getByTestId('copy-link').click();
    await expect(page.getByTestId('copy-link')).toHaveText('Link copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const params = new URL(link).searchParams;
    expect(params.get('step')).toBe('inspect');
    expect(params.get('present')).toBe('1');
    expect(params.get('text')).toBe('Nakamura');

    // A fresh browser (no saved state, the tour not yet seen) opens the same lesson.
    const other = await browser.newContext({ reducedMotion: 'reduce' });
    try {
      const visitor = await other.newPage();
      await visitor.goto(link.replace(/([?&])tour=0&?/, '$1'));
      await expect(visitor.getByTestId('step-tab-inspect')).toHaveAttribute('aria-selected', 'true');
      await expect(visitor.getByTestId('walkthrough')).toBeHidden();
      await expect(visitor.locator('html')).toHaveAttribute('data-presenter', '');
      await expect(visitor.getByTestId('inspect-input')).toHaveValue('Nakamura');
      await expect(visitor.getByTestId('top-k')).toContainText('> Nakamura');
      expect(new URL(visitor.url()).searchParams.get('text')).toBe('Nakamura');
    } finally {
      await other.close();
    }
  });
});
