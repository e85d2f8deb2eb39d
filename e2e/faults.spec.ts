/**
 * Faults the app survives: a NaN loss (the tutorial RNN with a huge learning rate) pauses training
 * with the lecture's words and keeps the curves; a huge rate whose loss stays finite but far above chance is named; a crashed worker is restarted with the last checkpoint
 * and the user is told (also after a real uncaught error in the worker, caught by its `error` event); a lost WebGL context moves training to
 * WASM from the checkpoint, and one lost after a switch away from it leaves training where it runs and a switch back gets a new context;
 * a lost WebGPU device likewise (to WebGL, the next backend, then; a switch back gets a new device);
 * HTML typed or uploaded is shown as text and never runs; nothing leaves the origin.
 * All on WASM, the fastest backend here, but the lost GPUs' tests (WebGL, WebGPU).
 */
import { expect, type PlaygroundFixtures, saveScreenshot, test } from './fixtures';
import { TextLabPage } from './pages/TextLabPage';

const SCRIPT_NAME = '<img src=x onerror=alert(1)>';

test('a NaN loss pauses training with the exploding-gradients message and keeps the curves', async ({
  page,
  app,
  shell,
  modelPage,
  trainPage,
}, testInfo) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.applyPreset('tutorial');
  await modelPage.build();
  expect((await app.read('model'))?.cell).toBe('tutorial');

  await shell.goTo('train');
  // The form refuses a rate above its range and says so, instead of silently clamping.
  await trainPage.learningRate.fill('50');
  await expect(page.getByTestId('screen-train').getByRole('alert').filter({ hasText: 'Between' })).toBeVisible();
  await trainPage.setOptimiser({ optimizer: 'sgd', learningRate: 10 });
  // Only click: at this rate the run can blow up before a poll ever sees 'training'.
  await trainPage.playButton.click();
  await expect.poll(() => app.read('status'), { timeout: 120_000, message: 'the loss becomes NaN or infinite' }).toBe('diverged');

  await expect(trainPage.runStatus).toHaveText('diverged');
  await expect(trainPage.divergedNote).toBeVisible();
  await expect(trainPage.divergedNote).toContainText('gradients exploded');
  await expect(trainPage.divergedNote).toContainText(/clipping/);
  await expect(trainPage.divergedNote).toContainText(/lower learning rate/);
  await expect(trainPage.divergedNote).toContainText(/weights went back to step \d+/);
  // The curves keep their history: the loss drawn up to the blow-up is still there.
  // The chart draws on its next frame after the last progress message, which comes just before the NaN's status.
  await expect
    .poll(async () => (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values.length, { message: 'the loss curve drawn up to the blow-up' })
    .toBeGreaterThan(0);
  expect(await app.read('model')).not.toBeNull();
  await saveScreenshot(page, testInfo, '10-fault-diverged');
});

test('a learning rate far too high that never gives a NaN is named: the loss stays far above chance', async ({ page, app, shell, modelPage, trainPage }, testInfo) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  // A plain tanh RNN: with SGD 10 its loss stays at 10–40 nats and finite (the tutorial's linear cell reaches NaN).
  await modelPage.chooseCell('rnn');
  await modelPage.setHiddenSize(16);
  await modelPage.build();
  await shell.goTo('train');
  // A sane rate first: ten batches near chance and below, no warning.
  await trainPage.setOptimiser({ optimizer: 'adam', learningRate: 0.01, batchSize: 64 });
  await trainPage.stepTimes(10);
  // All ten losses drawn: the note read the same progress messages.
  await expect.poll(async () => (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values.length).toBe(10);
  await expect(trainPage.highLossNote).toBeHidden();

  // SGD 10: log-softmax keeps the loss finite (no NaN, no diverged note), but it sits at tens of nats.
  await trainPage.setOptimiser({ optimizer: 'sgd', learningRate: 10 });
  await trainPage.stepTimes(10);
  await expect(trainPage.highLossNote, 'the learning-rate note after ten steps at SGD 10').toBeVisible();
  await expect(trainPage.highLossNote.getByRole('status')).toHaveText('The training loss is far above chance: the learning rate 10 is probably too high for SGD.');
  await expect(trainPage.highLossNote).toContainText(/Training loss \d+ nats \(median of the last 10 batches\) against chance ln 18 = 2\.89 nats/);
  await expect(trainPage.highLossNote).toContainText('Try 0.1 (SGD), then Reset');
  expect(await app.read('status')).not.toBe('diverged');
  await expect(trainPage.divergedNote).toBeHidden();
  await saveScreenshot(page, testInfo, '10b-fault-high-loss', false);

  // Fresh weights: the warning goes with the loss it was about.
  await trainPage.resetButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(0);
  await expect(trainPage.highLossNote).toBeHidden();
});

/** `length` letters and spaces drawn by a fixed LCG: a text no model predicts well, so a model thrown off stays off. */
function lettersAtRandom(length: number): string {
  const symbols = 'abcdefghijklmnopqrstuvwxyz ';
  let state = 12345;
  let text = '';
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += symbols[Math.floor((state / 2 ** 31) * symbols.length)];
  }
  return text;
}

test('Your text with a learning rate far too high names it too: chance over the text\'s outputs, New weights', async ({ page, shell }) => {
  const lab = new TextLabPage(page);
  await shell.open('backend=wasm');
  await lab.open();
  // 27 symbols and the end mark: chance ln 28 = 3.33 nats per character.
  await lab.useText(lettersAtRandom(1400));
  // A tanh RNN at Adam 1, the field's top rate: 8–17 nats per character (the CLI, same code), finite.
  await page.getByTestId('text-cell').selectOption('rnn');
  await lab.setNumber('text-hidden', 16);
  // 4 streams, windows of 16: 20 steps an epoch.
  await lab.setNumber('text-streams', 4);
  await lab.setNumber('text-window', 16);
  await lab.setNumber('text-epochs', 2);
  await lab.setNumber('text-lr', 1);
  await lab.playButton.click();
  await expect(page.getByTestId('text-status')).toHaveText('done', { timeout: 120_000 });
  await expect(lab.highLossNote, 'the learning-rate note after two epochs at Adam 1').toBeVisible();
  await expect(lab.highLossNote.getByRole('status')).toHaveText('The training loss is far above chance: the learning rate 1 is probably too high for Adam.');
  await expect(lab.highLossNote).toContainText(/Training loss \d+(\.\d)? nats \(median of the last 10 batches\) against chance ln 28 = 3\.33 nats/);
  await expect(lab.highLossNote).toContainText('Try 0.01 (Adam), then New weights');
  // Fresh weights: the note goes with the loss it was about.
  await lab.buildButton.click();
  await expect(page.getByTestId('text-progress')).toHaveText(/^Step 0 of/);
  await expect(lab.highLossNote).toBeHidden();
});

test('a race names each member whose loss stays far above chance, and its kept run says so', async ({ page, shell, modelPage, trainPage }) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(16);
  await shell.goTo('train');
  // SGD 10: the tanh RNN's loss sits at tens of nats (the Train screen's case above), finite.
  await trainPage.setOptimiser({ optimizer: 'sgd', learningRate: 10, batchSize: 64, epochs: 1 });
  const race = page.getByTestId('race-panel');
  await race.getByTestId('race-start').click();
  const note = race.getByTestId('race-high-loss-note');
  await expect(note.getByTestId('race-high-loss-member').filter({ hasText: /^RNN: / }), 'the RNN member named once its recent batches are far above chance').toHaveText(
    /^RNN: training loss \d+ nats \(median of the last 10 batches\) against chance 2\.89: the learning rate 10 is probably too high for SGD\.$/,
    { timeout: 120_000 },
  );
  await expect(note.getByRole('status')).toContainText(/The training loss is far above chance for .*RNN/);
  await race.getByTestId('race-stop').click();
  await expect(race.getByTestId('race-status')).toContainText('Kept 2 runs below', { timeout: 120_000 });
  await expect(note, 'the note stays once the race is over').toBeVisible();
  const keptRnn = page.getByTestId('runs-panel').locator('[data-testid="run-item"][data-cell="rnn"]');
  await expect(keptRnn).toContainText(/loss stayed far above chance \(median \d+ vs 2\.9\)/);
});

test('a worker restart and a real crash (an uncaught error in the worker) restore the checkpoint and step, and tell the user', async ({
  app,
  shell,
  modelPage,
  trainPage,
  inspectPage,
  requests,
}) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.chooseCell('lstm');
  await modelPage.setHiddenSize(16);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.setOptimiser({ learningRate: 0.01 });
  await trainPage.trainSteps(5);
  await expect.poll(() => app.read('hasCheckpoint')).toBe(true);

  await shell.goTo('inspect');
  await inspectPage.type('Nienhuis');
  await expect(inspectPage.topK).toContainText('> Nienhuis');
  const before = await inspectPage.topLines();
  expect(before).toHaveLength(3);

  // The baseline is read before the restart: a restored run that counted from 0 again must fail here.
  const stepBeforeRestart = await app.read('trainingStep');
  expect(stepBeforeRestart).toBeGreaterThanOrEqual(5);
  await app.restartWorker('forced by the e2e test');
  await expect.poll(() => app.read('restarts')).toBe(1);
  await expect(shell.notice).toBeVisible();
  await expect(shell.notice).toContainText('restarted');
  await expect(shell.notice).toContainText('checkpoint was restored');
  expect((await app.read('model'))?.hiddenSize).toBe(16);
  // The restored weights answer as before.
  await expect.poll(() => inspectPage.topLines()).toEqual(before);

  // And training goes on in the new worker, from the restored step (the curves kept steps 1…n), not from 1 again.
  expect(await app.read('trainingStep')).toBe(stepBeforeRestart);
  await shell.goTo('train');
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(stepBeforeRestart + 1);
  await expect.poll(() => app.read('status')).toBe('paused');

  // A real crash: the worker throws an uncaught error. The client's own detection (the Worker's `error`
  // event, not the test hook) restarts it, and the checkpoint taken at the pause comes back.
  await expect.poll(() => app.read('hasCheckpoint')).toBe(true);
  const stepBeforeCrash = stepBeforeRestart + 1;
  const logProbsBeforeCrash = await app.logProbs(['Nienhuis', 'Smith']);
  await app.crashWorker();
  await expect.poll(() => app.read('restarts')).toBe(2);
  await expect(shell.notice).toContainText('crashed');
  await expect(shell.notice).toContainText('checkpoint was restored');
  expect(await app.logProbs(['Nienhuis', 'Smith'])).toEqual(logProbsBeforeCrash);
  expect(await app.read('trainingStep')).toBe(stepBeforeCrash);
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(stepBeforeCrash + 1);

  // The fixture fails any request off the origin; here we also check it saw the app's own requests.
  expect(requests.length).toBeGreaterThan(0);
});

test('HTML typed as a name or uploaded in a file is shown as text and never runs', async ({
  page,
  shell,
  dataPage,
  encodePage,
  inspectPage,
}) => {
  await shell.open('backend=wasm');

  // Typed on Encode: the input keeps it literally; the characters outside the alphabet are listed as dropped.
  await shell.goTo('encode');
  await encodePage.type(SCRIPT_NAME);
  await expect(encodePage.input).toHaveValue(SCRIPT_NAME);
  await expect(encodePage.droppedLetters).toContainText('“<”');
  await expect(encodePage.droppedLetters).toContainText('“>”');

  // Typed on Inspect: the top-3 block echoes it as text.
  await shell.goTo('inspect');
  await inspectPage.type(SCRIPT_NAME);
  await expect(inspectPage.topK).toContainText(`> ${SCRIPT_NAME}`);

  // Uploaded inside a CSV, as text and as a class name, read as words so the text is kept whole.
  await shell.goTo('data');
  await dataPage.pickTask('upload');
  await dataPage.chooseLevel('words');
  const rows = [
    'text,label',
    `"${SCRIPT_NAME} one",${SCRIPT_NAME}`,
    `"${SCRIPT_NAME} two",${SCRIPT_NAME}`,
    `"${SCRIPT_NAME} three",${SCRIPT_NAME}`,
    `"<script>alert(2)</script> four",${SCRIPT_NAME}`,
    '"a plain sentence",plain',
    '"another plain sentence",plain',
    '"yet another plain one",plain',
    '"the last plain one",plain',
  ];
  await dataPage.uploadAndUse({ name: 'script.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await expect(shell.taskTitle).toContainText('script.csv');
  const shownTexts = await dataPage.sampleRows.locator('tbody tr').allTextContents();
  expect(shownTexts.join('\n')).toContain(SCRIPT_NAME);
  // The class chart shortens long labels ("<img src=x onerro…"), as text.
  await expect(dataPage.classChart).toContainText('<img src=x onerro');

  // Nothing became markup: no <img src=x>, no <script> from the data, no dialog (the fixture fails on one).
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('script', { hasText: 'alert' })).toHaveCount(0);
});

/** The start of the lost-GPU tests: the names task on `backend`, an LSTM of 16 units trained three steps. */
async function trainThreeStepsOn(
  backend: 'webgl' | 'webgpu',
  { app, shell, modelPage, trainPage }: Pick<PlaygroundFixtures, 'app' | 'shell' | 'modelPage' | 'trainPage'>,
): Promise<void> {
  await shell.open(`backend=${backend}&task=names`);
  await expect.poll(() => app.read('backend').then((report) => report?.active), { timeout: 60_000 }).toBe(backend);
  await shell.goTo('model');
  await modelPage.chooseCell('lstm');
  await modelPage.setHiddenSize(16);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.trainSteps(3);
}

test('a lost WebGL context (a GPU reset) moves training to WASM from the checkpoint, and says so', async ({ app, shell, modelPage, trainPage }) => {
  await trainThreeStepsOn('webgl', { app, shell, modelPage, trainPage });
  await expect.poll(() => app.read('hasCheckpoint')).toBe(true);
  // Read before the loss: a restart from nothing, or one that read the dead context's zeros, must fail below.
  const stepBefore = await app.read('trainingStep');
  expect(stepBefore).toBeGreaterThanOrEqual(3);
  const logProbsBefore = await app.logProbs(['Nienhuis', 'Smith']);
  expect(await app.read('restarts')).toBe(0);

  // The browser's own loss event (WEBGL_lose_context), not a call into the recovery: the app must notice it.
  await app.loseGpu();
  await expect.poll(() => app.read('restarts'), { message: 'the lost context is noticed' }).toBe(1);
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000 }).toBe('wasm');
  expect((await app.read('errors')).backend).toMatch(/^The WebGL context was lost .*; training moves to another backend from the last checkpoint\.$/);
  await expect(shell.notice).toContainText('the WebGL context was lost');
  await expect(shell.notice).toContainText('restarted on wasm');
  await expect(shell.notice).toContainText('checkpoint was restored');
  expect(await app.read('trainingStep')).toBe(stepBefore);
  await expect(shell.backendSelect).toHaveValue('webgl');
  await expect(shell.backendRetry).toHaveText('Try WebGL again');
  await shell.openBackendWhy();
  await expect(shell.backendWhy).toContainText(
    'WASM runs instead of WebGL: the WebGL context was lost (the GPU was reset or taken back by the browser), so training moved to WASM from the last checkpoint.',
  );
  // The same weights on another backend: equal to float rounding (webgl and wasm sum in different orders).
  const logProbsAfter = await app.logProbs(['Nienhuis', 'Smith']);
  logProbsAfter.flat().forEach((value, index) => expect(value).toBeCloseTo(logProbsBefore.flat()[index], 4));
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(stepBefore + 1);
  await trainPage.waitUntilIdle();

  // One action back to WebGL, on a new context, from the step reached on wasm.
  await shell.backendRetry.click();
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000, message: 'Try WebGL again ends on webgl' }).toBe('webgl');
  await expect(shell.backendRetry).toBeHidden();
  expect(await app.read('restarts')).toBe(1);
  expect(await app.read('trainingStep')).toBe(stepBefore + 1);
  expect(await app.read('errors')).toEqual({});
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep'), { message: 'a step on WebGL again' }).toBe(stepBefore + 2);
  await trainPage.waitUntilIdle();
  expect(await app.read('backend').then((backend) => backend?.active)).toBe('webgl');
});

test('a WebGL context lost after a switch to WASM: training goes on there, and a switch back gets a new context that trains', async ({ app, shell, modelPage, trainPage }) => {
  await trainThreeStepsOn('webgl', { app, shell, modelPage, trainPage });
  await shell.chooseBackend('wasm');
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000 }).toBe('wasm');
  await trainPage.waitUntilIdle();

  // tfjs keeps the webgl backend and its context; the browser takes the context back (WEBGL_lose_context).
  await app.loseGpu();
  await trainPage.stepTimes(1);
  expect(await app.read('restarts'), 'a loss under a backend that no longer runs moves nothing').toBe(0);
  expect(await app.read('backend').then((backend) => backend?.active)).toBe('wasm');
  const stepBefore = await app.read('trainingStep');
  const logProbsBefore = await app.logProbs(['Nienhuis', 'Smith']);

  // The switch back: tfjs handed back the backend with its dead context, whose first read never finished.
  await shell.chooseBackend('webgl');
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000, message: 'the switch back to webgl ends on webgl' }).toBe('webgl');
  await shell.expectBackend('webgl');
  expect(await app.read('restarts')).toBe(0);
  expect(await app.read('trainingStep')).toBe(stepBefore);
  // The same weights on a working context: equal to float rounding (a dead context reads zeros or nothing).
  const logProbsAfter = await app.logProbs(['Nienhuis', 'Smith']);
  logProbsAfter.flat().forEach((value, index) => expect(value).toBeCloseTo(logProbsBefore.flat()[index], 4));
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep'), { message: 'a step on the new WebGL context' }).toBe(stepBefore + 1);
  expect(await app.read('backend').then((backend) => backend?.active)).toBe('webgl');
});

test('a lost WebGPU device (a GPU reset) moves training to WebGL from the checkpoint, and says so', async ({ app, shell, modelPage, trainPage }) => {
  await trainThreeStepsOn('webgpu', { app, shell, modelPage, trainPage });
  await expect.poll(() => app.read('hasCheckpoint')).toBe(true);
  // Read before the loss: a restart from nothing, or one that read the dead device, must fail below.
  const stepBefore = await app.read('trainingStep');
  expect(stepBefore).toBeGreaterThanOrEqual(3);
  const logProbsBefore = await app.logProbs(['Nienhuis', 'Smith']);
  expect(await app.read('restarts')).toBe(0);
  expect(await app.read('errors')).toEqual({});

  // The device's own `lost` (destroy() on tfjs's device, reason 'destroyed'), not a call into the recovery: the app must notice it.
  await app.loseGpu();
  await expect.poll(() => app.read('restarts'), { message: 'the lost device is noticed' }).toBe(1);
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000 }).toBe('webgl');
  await shell.expectBackend('webgl');
  // One error, the one that says why: nothing the dead device failed is left over (a step's or a checkpoint's read).
  expect(await app.read('errors')).toEqual({ backend: expect.stringMatching(/^The GPU device was lost \(destroyed.*\); training moves to another backend from the last checkpoint\.$/) });
  await expect(shell.notice).toContainText('the GPU device was lost');
  await expect(shell.notice).toContainText('restarted on webgl');
  await expect(shell.notice).toContainText('checkpoint was restored');
  expect(await app.read('trainingStep')).toBe(stepBefore);
  // What runs and why: the choice stays WebGPU (choosing it again would change nothing), so the way back is beside it.
  await expect(shell.backendSelect).toHaveValue('webgpu');
  await expect(shell.backendRetry, 'the way back to the backend chosen, beside the picker').toHaveText('Try WebGPU again');
  await shell.openBackendWhy();
  await expect(shell.backendWhy).toContainText('You chose WebGPU.');
  await expect(shell.backendWhy, 'Why? says why another backend runs').toContainText('WebGL runs instead of WebGPU: the GPU device was lost (destroyed: ');
  await expect(shell.backendWhy).toContainText('), so training moved to WebGL from the last checkpoint.');
  // The same weights on another backend: equal to float rounding (webgpu and webgl sum in different orders).
  const logProbsAfter = await app.logProbs(['Nienhuis', 'Smith']);
  logProbsAfter.flat().forEach((value, index) => expect(value).toBeCloseTo(logProbsBefore.flat()[index], 4));
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(stepBefore + 1);
  await trainPage.waitUntilIdle();
  // The loss curve goes on from the steps trained on webgpu: theirs and one more, all finite.
  const losses = (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values;
  expect(losses, 'the loss curve after the step on webgl').toHaveLength(stepBefore + 1);
  losses.forEach((loss) => expect(Number.isFinite(loss)).toBe(true));
  expect(Object.keys(await app.read('errors'))).toEqual(['backend']);

  // One action back to WebGPU, on a new device (the worker restarted on webgl holds none), from the step reached on webgl.
  const logProbsOnWebGl = await app.logProbs(['Nienhuis', 'Smith']);
  await shell.backendRetry.click();
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000, message: 'Try WebGPU again ends on webgpu' }).toBe('webgpu');
  await shell.expectBackend('webgpu');
  await expect(shell.backendRetry).toBeHidden();
  expect(await app.read('restarts'), 'a switch, not a restart').toBe(1);
  expect(await app.read('trainingStep')).toBe(stepBefore + 1);
  expect(await app.read('errors'), "the loss's note goes with the move").toEqual({});
  await shell.openBackendWhy();
  await expect(shell.backendWhy).toContainText('webgpu started');
  await expect(shell.backendWhy).not.toContainText('runs instead');
  const logProbsBack = await app.logProbs(['Nienhuis', 'Smith']);
  logProbsBack.flat().forEach((value, index) => expect(value).toBeCloseTo(logProbsOnWebGl.flat()[index], 4));
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep'), { message: 'a step on WebGPU again' }).toBe(stepBefore + 2);
  await trainPage.waitUntilIdle();
  expect(await app.read('backend').then((backend) => backend?.active)).toBe('webgpu');
  const lossesBack = (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values;
  expect(lossesBack, 'the loss curve after the step back on webgpu').toHaveLength(stepBefore + 2);
  lossesBack.forEach((loss) => expect(Number.isFinite(loss)).toBe(true));
  expect(await app.read('errors')).toEqual({});
});

test('a WebGPU device lost after a switch to WASM: training goes on there, and a switch back gets a new device that trains', async ({ app, shell, modelPage, trainPage }) => {
  await trainThreeStepsOn('webgpu', { app, shell, modelPage, trainPage });
  await shell.chooseBackend('wasm');
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000 }).toBe('wasm');
  await trainPage.waitUntilIdle();

  // tfjs keeps the webgpu backend and its device; the device goes (destroy(): its `lost` settles).
  await app.loseGpu();
  await trainPage.stepTimes(1);
  expect(await app.read('restarts'), 'a loss under a backend that no longer runs moves nothing').toBe(0);
  expect(await app.read('backend').then((backend) => backend?.active)).toBe('wasm');
  expect(await app.read('errors')).toEqual({});
  const stepBefore = await app.read('trainingStep');
  const logProbsBefore = await app.logProbs(['Nienhuis', 'Smith']);

  // The switch back: tfjs would hand back the backend with its dead device. Its start's 1 + 1 runs on the CPU (tfjs's webgpu
  // computes small inputs there), so that switch "succeeded" and the first read of the weights failed (mapAsync: the device was lost).
  await shell.chooseBackend('webgpu');
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000, message: 'the switch back to webgpu ends on webgpu' }).toBe('webgpu');
  await shell.expectBackend('webgpu');
  expect(await app.read('restarts')).toBe(0);
  expect(await app.read('trainingStep')).toBe(stepBefore);
  // The same weights on a working device: equal to float rounding (a dead device's reads fail).
  const logProbsAfter = await app.logProbs(['Nienhuis', 'Smith']);
  logProbsAfter.flat().forEach((value, index) => expect(value).toBeCloseTo(logProbsBefore.flat()[index], 4));
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep'), { message: 'a step on the new WebGPU device' }).toBe(stepBefore + 1);
  await trainPage.waitUntilIdle();
  expect(await app.read('backend').then((backend) => backend?.active)).toBe('webgpu');
  expect(await app.read('errors')).toEqual({});
});
