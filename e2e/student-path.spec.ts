/**
 * A student's whole path on the names task, on WebGPU (SwiftShader here, real but slow):
 * data → encode → an LSTM → a short run whose loss falls and whose confusion matrix fills 18 × 18 →
 * "Nienhuis" inspected (8 columns, gates i f g o, a top 3 with log-probabilities) → pause, step, reset
 * by button and by key → the trained model survives a reload → presenter mode at projector sizes.
 * Along the way: no console error, no request off the origin (fixture) and a screenshot of every step in
 * e2e-artifacts/. Main-thread stalls are checked with PerformanceObserver while training at full speed
 * (wasm, what `auto` picks here) in their own test below, and recorded on WebGPU over SwiftShader.
 */
import { expect, saveScreenshot, test } from './fixtures';
import { traceMainThread } from './mainThreadTasks';

/** Small enough that WebGPU over SwiftShader keeps up; not 8, so rows (units) and columns (letters) differ. */
const HIDDEN_SIZE = 12;
/** Names' validation split: the confusion matrix counts each of its names once. */
const CLASS_COUNT = 18;
/**
 * The longest main-thread task allowed while training, in main-thread CPU time (from a Chromium trace, see
 * mainThreadTasks.ts). The browser's long-task threshold is 50 ms of wall time, but wall time on this 2-core
 * machine also counts the moments the OS gives the core to another process: clean-clone CI runs read 80–93 ms
 * on wasm and 70, 154 and 309 ms on WebGPU over SwiftShader (whose "GPU" threads are the same two cores), with no
 * change in the page. The CPU time is what the page itself costs; 150 ms of it still fails the 290 ms
 * confusion-matrix redraw this check was written against (CPU work, at every epoch).
 */
const LONG_TASK_LIMIT_MS = 150;
/**
 * A model that ignores its input answers every name alike, so it finds the right language for one class at
 * most: macro accuracy 1/18 = 0.056, however it was trained. The floor is three times that. The short balanced
 * run below measured 0.29-0.34 (CLI, seeds 1-5); the natural-sampling run this spec used before measured 0.056-0.088
 * (seeds 1-3: it learns Russian and English first), too close to that baseline for any floor.
 */
const MACRO_ACCURACY_FLOOR = 3 / CLASS_COUNT;
/**
 * Trained on class-balanced batches, a model that ignores its input learns the uniform answer, whose loss is
 * ln 18 = 2.89 nats on any split (the natural validation split included). The run below measured 1.87-2.16.
 */
const UNIFORM_LOSS_NATS = Math.log(CLASS_COUNT);

test.describe('first visit', () => {
  test.use({ skipWalkthrough: false });

  test('shows a short walk-through that can be skipped and stays skipped', async ({ page, shell }) => {
    await shell.open();
    await expect(shell.walkthrough).toBeVisible();
    await expect(shell.walkthrough).toContainText('Step 1 of 5');
    await page.getByTestId('walkthrough-next').click();
    await expect(shell.walkthrough).toContainText('Step 2 of 5');
    await expect(shell.tab('encode')).toHaveAttribute('aria-selected', 'true');
    await page.getByTestId('walkthrough-skip').click();
    await expect(shell.walkthrough).toBeHidden();
    await expect(shell.tab('data')).toHaveAttribute('aria-selected', 'true');
    await page.reload();
    await shell.waitForData();
    await expect(shell.walkthrough).toBeHidden();
  });
});

test('a student builds, trains and inspects an LSTM on the names', async ({
  page,
  app,
  shell,
  dataPage,
  encodePage,
  modelPage,
  trainPage,
  inspectPage,
}, testInfo) => {
  test.setTimeout(480_000);

  // 1. Data: the names, their classes and what the majority class does to plain accuracy.
  await shell.open();
  await dataPage.pickTask('names');
  await expect(shell.taskTitle).toContainText(/name/i);
  await expect(dataPage.classChart).toBeVisible();
  await expect(dataPage.majorityNote).toContainText('Russian');
  await expect(dataPage.majorityNote).toContainText('47%');
  await expect(dataPage.sampleRows.locator('tbody tr')).toHaveCount(10);
  await expect(dataPage.splitSizes).toBeVisible();
  // Force WebGPU now: the worker switches while the student reads on.
  await shell.chooseBackend('webgpu');
  await saveScreenshot(page, testInfo, '01-data');

  // 2. Encode: "Nienhuis" as the lecture's lineToTensor, 8 × 1 × 57.
  await shell.goTo('encode');
  await encodePage.type('Nienhuis');
  await expect(encodePage.oneHotShape).toHaveText('8 × 1 × 57');
  await expect(encodePage.oneHotGrid).toBeVisible();
  await expect(encodePage.droppedLetters).toHaveText('No letters dropped.');
  await saveScreenshot(page, testInfo, '02-encode');

  // 3. Model: an LSTM with a small hidden size, built.
  await shell.goTo('model');
  await modelPage.chooseCell('lstm');
  await modelPage.setHiddenSize(HIDDEN_SIZE);
  await modelPage.build();
  await expect(modelPage.parameterTable).toBeVisible();
  await expect(modelPage.diagram).toBeVisible();
  await expect(modelPage.equations).toBeVisible();
  const model = await app.read('model');
  expect(model?.cell).toBe('lstm');
  expect(model?.hiddenSize).toBe(HIDDEN_SIZE);
  expect(model?.classes).toHaveLength(CLASS_COUNT);
  await saveScreenshot(page, testInfo, '03-model');

  // 4. Train on WebGPU: a short run, one epoch (and its evaluation) long enough to learn above the prior.
  await shell.goTo('train');
  await shell.expectBackend('webgpu');
  expect((await app.read('backend'))?.active).toBe('webgpu');
  // Batch 512 keeps the epoch to 29 steps (WebGPU over SwiftShader pays per step, not per example: batch 128's
  // 113 steps did not finish an epoch in 300 s on a loaded machine). Class-balanced batches, so those 29 steps
  // learn every language a little, not just the big ones. Measured with the same engine (npm run train --
  // --task names --cell lstm --hidden 12 --lr 0.05 --batch 512 --epochs 1 --sampling balanced --seed N, N = 1-5;
  // the app's seed is 1): validation loss 1.87 / 2.15 / 2.06 / 2.16 / 1.97, accuracy 0.46 / 0.36 / 0.34 / 0.36 /
  // 0.40, macro 0.33 / 0.32 / 0.31 / 0.29 / 0.34; this spec on WebGPU (SwiftShader) read 1.867, 0.463, 0.333. Natural
  // sampling at these settings: macro 0.088 / 0.056 / 0.056 (seeds 1-3).
  await trainPage.setOptimiser({ optimizer: 'adam', learningRate: 0.05, batchSize: 512, epochs: 3 });
  await trainPage.sampling.selectOption('balanced');
  const tasks = await traceMainThread(page, async () => {
    await trainPage.play();
    await expect
      .poll(async () => (await app.read('lastMetrics'))?.split ?? null, { timeout: 300_000, message: 'a validation evaluation at the end of epoch 1' })
      .toBe('val');
    await trainPage.pause();
  });
  const stepsTrained = await app.read('trainingStep');
  const taskLine = `${tasks.longestThreadMs.toFixed(0)} ms CPU (wall ${tasks.longestWallMs.toFixed(0)} ms), ${tasks.longThreadTasks} tasks over 50 ms CPU, ${stepsTrained} steps on webgpu`;
  testInfo.annotations.push({ type: 'longest main-thread task while training', description: taskLine });
  console.log(`[student-path] longest main-thread task while training: ${taskLine}`);
  expect(tasks.longestThreadMs, 'longest main-thread task while training on webgpu, ms of CPU').toBeLessThanOrEqual(LONG_TASK_LIMIT_MS);

  // The loss fell: the drawn train-loss curve ends lower than it starts, and validation beats chance (ln 18).
  const loss = await trainPage.readCurve(trainPage.lossChart, 'train-loss');
  expect(loss.values.length).toBeGreaterThan(4);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const firstLoss = mean(loss.values.slice(0, 3));
  const lastLoss = mean(loss.values.slice(-3));
  console.log(`[student-path] train loss first ${firstLoss.toFixed(3)} → last ${lastLoss.toFixed(3)}`);
  expect(lastLoss).toBeLessThan(firstLoss);
  const metrics = await app.read('lastMetrics');
  console.log(`[student-path] validation after epoch 1: loss ${metrics?.loss.toFixed(3)}, accuracy ${metrics?.accuracy.toFixed(3)}, macro ${metrics?.macroAccuracy.toFixed(3)}`);
  // Above what a model that ignores its input reaches when trained this way: the uniform answer's ln 18 nats and
  // macro accuracy 1/18 (any such model). Plain accuracy has no such floor here: balanced training trades it for
  // the small classes (0.34-0.46 measured), below the 0.52 of always answering Russian.
  expect(metrics?.loss, 'validation loss below the uniform answer').toBeLessThan(UNIFORM_LOSS_NATS - 0.5);
  expect(metrics?.macroAccuracy, 'validation macro accuracy, three times chance').toBeGreaterThan(MACRO_ACCURACY_FLOOR);

  // The confusion matrix filled 18 × 18 from the validation split.
  expect(metrics?.confusion).toHaveLength(CLASS_COUNT * CLASS_COUNT);
  const confusionTotal = (metrics?.confusion ?? []).reduce((sum, count) => sum + count, 0);
  expect(confusionTotal).toBe(metrics?.count);
  await expect(trainPage.confusionMatrix.locator('svg[role="img"]')).toHaveAttribute('aria-label', /18 classes, .* accuracy/);
  const confusion = await trainPage.confusionShape();
  expect(confusion.cells).toBe(CLASS_COUNT * CLASS_COUNT);
  expect(confusion.rowTotals).toHaveLength(CLASS_COUNT);
  expect(confusion.rowTotals.reduce((sum, count) => sum + count, 0)).toBe(confusionTotal);
  await expect(trainPage.runStatus).toHaveText('paused');
  await saveScreenshot(page, testInfo, '04-train');


  // Pause, step and the keys: Step (button) and → each train exactly one batch; Space plays and pauses.
  const pausedAt = await app.read('trainingStep');
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(pausedAt + 1);
  await expect.poll(() => app.read('status')).toBe('paused');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => app.read('trainingStep')).toBe(pausedAt + 2);
  await expect.poll(() => app.read('status')).toBe('paused');
  await page.keyboard.press('Space');
  await expect.poll(() => app.read('status')).toBe('training');
  await expect.poll(() => app.read('trainingStep'), { timeout: 60_000 }).toBeGreaterThan(pausedAt + 2);
  await page.keyboard.press('Space');
  await expect.poll(() => app.read('status')).toBe('paused');
  await expect(trainPage.runStatus).toHaveText('paused');

  // 5. Inspect "Nienhuis": 8 letters → 8 columns; gates i, f, g, o; a top 3 like the tutorial's "(-0.59) Spanish".
  await shell.goTo('inspect');
  await inspectPage.type('Nienhuis');
  const hidden = inspectPage.hiddenHeatmap();
  await expect(hidden).toBeVisible();
  await expect(hidden.locator('svg[role="img"]')).toHaveAttribute('aria-label', /× 8 /);
  // Heatmaps redraw on the frame after the trace arrives: poll their shapes.
  await expect.poll(() => inspectPage.heatmapShape(hidden)).toEqual({ rows: HIDDEN_SIZE, columns: 8, columnLabels: [...'Nienhuis'] });
  await expect(inspectPage.cellHeatmap).toBeVisible();
  for (const gate of ['i', 'f', 'g', 'o']) {
    await expect(inspectPage.gateHeatmap(gate)).toBeVisible();
    await expect.poll(async () => (await inspectPage.heatmapShape(inspectPage.gateHeatmap(gate))).columns, `gate ${gate}`).toBe(8);
  }
  // The legends name the value at step t with a subscript, clear of the colour bar: "i_t" there read "i t".
  expect(await inspectPage.legend(hidden)).toEqual({ title: 'hₜ (−1…1)', titleMeetsBar: false });
  expect(await inspectPage.legend(inspectPage.cellHeatmap)).toEqual({ title: 'cₜ (unbounded)', titleMeetsBar: false });
  expect(await inspectPage.legend(inspectPage.gateHeatmap('f'))).toEqual({ title: 'fₜ (σ, 0…1)', titleMeetsBar: false });
  expect(await inspectPage.legend(inspectPage.gateHeatmap('g'))).toEqual({ title: 'gₜ (tanh, −1…1)', titleMeetsBar: false });
  await expect(inspectPage.topK).toContainText('> Nienhuis');
  const topLines = await inspectPage.topLines();
  expect(topLines).toHaveLength(3);
  const classes = (await app.read('model'))?.classes ?? [];
  const logProbs = topLines.map((line) => {
    const match = /^\((-?\d+\.\d{2})\) (\S+)$/.exec(line);
    expect(match, `"${line}" reads like "(-0.59) Spanish"`).not.toBeNull();
    expect(classes).toContain(match?.[2]);
    return Number(match?.[1]);
  });
  expect(logProbs.every((value) => value <= 0)).toBe(true);
  expect([...logProbs].sort((a, b) => b - a)).toEqual(logProbs);
  await expect(inspectPage.prefixChart).toBeVisible();
  await expect(inspectPage.gradientNormChart).toBeVisible();
  await saveScreenshot(page, testInfo, '05-inspect');

  // Presenter mode on the Train screen with the run's curves: large type, fewer controls, no sideways
  // scrolling at 1280×720 and 1920×1080; P leaves it.
  await shell.goTo('train');
  await page.setViewportSize({ width: 1280, height: 720 });
  const deskFontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  await shell.togglePresenter();
  await expect.poll(() => app.read('isPresenter')).toBe(true);
  await expect(page.locator('html')).toHaveAttribute('data-presenter', '');
  await expect(trainPage.keysHint).toBeHidden();
  await expect(trainPage.optimizer).toBeHidden();
  for (const size of [
    { width: 1280, height: 720, name: '06-presenter-1280x720' },
    { width: 1920, height: 1080, name: '07-presenter-1920x1080' },
  ]) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(fontSize, `presenter body font at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(22);
    expect(fontSize).toBeGreaterThan(deskFontSize);
    await expect(trainPage.lossChart).toBeVisible();
    await expect(trainPage.playButton).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `sideways overflow at ${size.width}×${size.height}, px`).toBeLessThanOrEqual(0);
    await saveScreenshot(page, testInfo, size.name, false);
  }
  await page.keyboard.press('p');
  await expect.poll(() => app.read('isPresenter')).toBe(false);
  await page.setViewportSize({ width: 1280, height: 800 });
  await shell.goTo('inspect');
  await expect(inspectPage.topK).toContainText('> Nienhuis');

  // Reload: the configuration (URL) and the trained weights (IndexedDB) come back; same weights, same top 3.
  const stepBeforeReload = await app.read('trainingStep');
  await expect.poll(() => app.read('hasCheckpoint')).toBe(true);
  await page.reload();
  await app.ready();
  await expect.poll(async () => (await app.read('model'))?.hiddenSize ?? null, { message: 'the saved model is restored' }).toBe(HIDDEN_SIZE);
  expect((await app.read('model'))?.cell).toBe('lstm');
  await expect(shell.tab('inspect')).toHaveAttribute('aria-selected', 'true');
  await expect(inspectPage.topK).toContainText('> Nienhuis');
  await expect.poll(() => inspectPage.topLines(), { message: 'the restored weights give the same top 3', timeout: 20_000 }).toEqual(topLines);
  console.log(`[student-path] steps before reload ${stepBeforeReload}, after ${await app.read('trainingStep')}`);
  await shell.expectBackend('webgpu');

  // A second reload brings back the whole story too: what the first restore kept of the run is its curves, its
  // epoch and its evaluation, not the empty history of a freshly opened file (a bug that wiped them).
  await shell.goTo('train');
  const story = async () => ({
    step: await app.read('trainingStep'),
    epoch: await app.read('epoch'),
    accuracy: (await app.read('lastMetrics'))?.accuracy ?? null,
    lossPoints: (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values.length,
  });
  await expect.poll(async () => (await story()).lossPoints, { message: 'the restored loss curve is drawn' }).toBeGreaterThan(0);
  const storyBefore = await story();
  expect(storyBefore.accuracy).not.toBeNull();
  await page.reload();
  await app.ready();
  await expect.poll(story, { message: 'the same story after a second reload', timeout: 20_000 }).toEqual(storyBefore);

  // Reset by button and by key: back to step 0 and an empty loss curve.
  await shell.goTo('train');
  await trainPage.resetButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(0);
  await expect(trainPage.progressStep).toHaveText(/^0 \//);
  // The charts clear on the frame after the reset reaches them.
  await expect.poll(async () => (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values.length).toBe(0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => app.read('trainingStep')).toBe(1);
  await expect.poll(() => app.read('status')).toBe('paused');
  await page.keyboard.press('r');
  await expect.poll(() => app.read('trainingStep')).toBe(0);
});

test('the main thread does not stall while training at full speed', async ({ page, app, shell, modelPage, trainPage }, testInfo) => {
  test.setTimeout(240_000);
  // wasm: what `auto` picks on this machine, and the fastest backend here, so charts update the most often.
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.chooseCell('lstm');
  await modelPage.build();
  await shell.goTo('train');
  await shell.expectBackend('wasm');
  const eventsBefore = await app.read('progressEvents');
  const startedAt = Date.now();
  const tasks = await traceMainThread(page, async () => {
    await trainPage.play();
    // At least one whole epoch, so an evaluation, its confusion matrix and a checkpoint happen inside the window.
    await expect
      .poll(async () => (await app.read('lastMetrics'))?.split ?? null, { timeout: 180_000, message: 'an end-of-epoch evaluation' })
      .toBe('val');
    await page.waitForTimeout(3_000);
    await trainPage.pause();
  });
  const steps = await app.read('trainingStep');
  const progressEvents = (await app.read('progressEvents')) - eventsBefore;
  const updatesPerSecond = progressEvents / ((Date.now() - startedAt) / 1000);
  const taskLine = `${tasks.longestThreadMs.toFixed(0)} ms CPU (wall ${tasks.longestWallMs.toFixed(0)} ms), ${tasks.longThreadTasks} tasks over 50 ms CPU, ${steps} steps, ${progressEvents} chart updates (${updatesPerSecond.toFixed(1)}/s), wasm`;
  testInfo.annotations.push({ type: 'longest main-thread task while training at full speed', description: taskLine });
  console.log(`[full-speed] longest main-thread task: ${taskLine}`);
  expect(steps).toBeGreaterThan(100);
  // While the worker trains at full speed and the charts update ten times a second, no main-thread task costs
  // more than the limit; the confusion matrix drawn as 324 SVG cells used to cost ~290 ms at every epoch.
  expect(tasks.longestThreadMs, 'longest main-thread task while training, ms of CPU').toBeLessThanOrEqual(LONG_TASK_LIMIT_MS);
});

