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

type LostGpuFixtures = Pick<PlaygroundFixtures, 'app' | 'shell' | 'modelPage' | 'trainPage'>;

/** The start of the lost-GPU tests: the names task on `backend`, an LSTM of 16 units trained three steps. */
async function trainThreeStepsOn(backend: 'webgl' | 'webgpu', { app, shell, modelPage, trainPage }: LostGpuFixtures): Promise<void> {
  await shell.open(`backend=${backend}&task=names`);
  await expect.poll(() => app.read('backend').then((report) => report?.active), { timeout: 60_000 }).toBe(backend);
  await shell.goTo('model');
  await modelPage.chooseCell('lstm');
  await modelPage.setHiddenSize(16);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.trainSteps(3);
}

/** A GPU backend whose GPU the hook takes (app.loseGpu), and what the app must say when it goes. */
interface LostGpu {
  backend: 'webgl' | 'webgpu';
  /** Its name on screen, and where training moves when it is lost while running (the next backend of the fallback). */
  label: string;
  fallback: 'wasm' | 'webgl';
  fallbackLabel: string;
  /** What the browser takes: the WebGL context (WEBGL_lose_context) or the WebGPU device (destroy(): its `lost` settles, reason 'destroyed'). */
  part: 'context' | 'device';
  /** The error note while training runs on the fallback: the one that says why. */
  error: RegExp;
  notice: string;
  /** Why?'s sentence, up to the loss's own words, and from them on. */
  why: [string, string];
}

const LOST_GPUS: LostGpu[] = [
  {
    backend: 'webgl',
    label: 'WebGL',
    fallback: 'wasm',
    fallbackLabel: 'WASM',
    part: 'context',
    error: /^The WebGL context was lost .*; training moves to another backend from the last checkpoint\.$/,
    notice: 'the WebGL context was lost',
    why: ['WASM runs instead of WebGL: the WebGL context was lost (the GPU was reset or taken back by the browser', '), so training moved to WASM from the last checkpoint.'],
  },
  {
    backend: 'webgpu',
    label: 'WebGPU',
    fallback: 'webgl',
    fallbackLabel: 'WebGL',
    part: 'device',
    error: /^The GPU device was lost \(destroyed.*\); training moves to another backend from the last checkpoint\.$/,
    notice: 'the GPU device was lost',
    why: ['WebGL runs instead of WebGPU: the GPU device was lost (destroyed: ', '), so training moved to WebGL from the last checkpoint.'],
  },
];

const PROBED_NAMES = ['Nienhuis', 'Smith'];

/** The probed names' log-probabilities equal `before` to float rounding (the backends sum in different orders; a dead GPU reads zeros or nothing). */
async function expectSameLogProbs(app: LostGpuFixtures['app'], before: number[][]): Promise<void> {
  const after = await app.logProbs(PROBED_NAMES);
  after.flat().forEach((value, index) => expect(value).toBeCloseTo(before.flat()[index], 4));
}

/** One step more, and the loss curve holds every step so far, all finite. */
async function stepAndCheckCurve(trainPage: LostGpuFixtures['trainPage'], app: LostGpuFixtures['app'], steps: number, what: string): Promise<void> {
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep'), { message: what }).toBe(steps);
  await trainPage.waitUntilIdle();
  const losses = (await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values;
  expect(losses, `the loss curve after ${what}`).toHaveLength(steps);
  losses.forEach((loss) => expect(Number.isFinite(loss)).toBe(true));
}

for (const gpu of LOST_GPUS) {
  test(`a lost ${gpu.label} ${gpu.part} (a GPU reset) moves training to ${gpu.fallbackLabel} from the checkpoint, and says so`, async ({ app, shell, modelPage, trainPage }) => {
    await trainThreeStepsOn(gpu.backend, { app, shell, modelPage, trainPage });
    await expect.poll(() => app.read('hasCheckpoint')).toBe(true);
    // Read before the loss: a restart from nothing, or one that read the dead GPU, must fail below.
    const stepBefore = await app.read('trainingStep');
    expect(stepBefore).toBeGreaterThanOrEqual(3);
    const logProbsBefore = await app.logProbs(PROBED_NAMES);
    expect(await app.read('restarts')).toBe(0);
    expect(await app.read('errors')).toEqual({});

    // The browser's own loss (its event or `lost`), not a call into the recovery: the app must notice it.
    await app.loseGpu();
    await expect.poll(() => app.read('restarts'), { message: `the lost ${gpu.part} is noticed` }).toBe(1);
    await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000 }).toBe(gpu.fallback);
    await shell.expectBackend(gpu.fallback);
    // One error, the one that says why: nothing the dead GPU failed is left over (a step's or a checkpoint's read).
    expect(await app.read('errors')).toEqual({ backend: expect.stringMatching(gpu.error) });
    await expect(shell.notice).toContainText(gpu.notice);
    await expect(shell.notice).toContainText(`restarted on ${gpu.fallback}`);
    await expect(shell.notice).toContainText('checkpoint was restored');
    expect(await app.read('trainingStep')).toBe(stepBefore);
    // What runs and why: the choice stays (choosing it again would change nothing), so the way back is beside it.
    await expect(shell.backendSelect).toHaveValue(gpu.backend);
    await expect(shell.backendRetry, 'the way back to the backend chosen, beside the picker').toHaveText(`Try ${gpu.label} again`);
    await shell.openBackendWhy();
    await expect(shell.backendWhy).toContainText(`You chose ${gpu.label}.`);
    await expect(shell.backendWhy, 'Why? says why another backend runs').toContainText(gpu.why[0]);
    await expect(shell.backendWhy).toContainText(gpu.why[1]);
    await expectSameLogProbs(app, logProbsBefore);
    await stepAndCheckCurve(trainPage, app, stepBefore + 1, `a step on ${gpu.fallback}`);
    expect(Object.keys(await app.read('errors'))).toEqual(['backend']);

    // One action back, on a new context or device (the restarted worker holds none), from the step reached on the fallback.
    const logProbsOnFallback = await app.logProbs(PROBED_NAMES);
    await shell.backendRetry.click();
    await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000, message: `Try ${gpu.label} again ends on ${gpu.backend}` }).toBe(gpu.backend);
    await shell.expectBackend(gpu.backend);
    await expect(shell.backendRetry).toBeHidden();
    expect(await app.read('restarts'), 'a switch, not a restart').toBe(1);
    expect(await app.read('trainingStep')).toBe(stepBefore + 1);
    expect(await app.read('errors'), "the loss's note goes with the move").toEqual({});
    await shell.openBackendWhy();
    await expect(shell.backendWhy).toContainText(`${gpu.backend} started`);
    await expect(shell.backendWhy).not.toContainText('runs instead');
    await expectSameLogProbs(app, logProbsOnFallback);
    await stepAndCheckCurve(trainPage, app, stepBefore + 2, `a step on ${gpu.label} again`);
    expect(await app.read('backend').then((backend) => backend?.active)).toBe(gpu.backend);
    expect(await app.read('errors')).toEqual({});
  });

  test(`a ${gpu.label} ${gpu.part} lost after a switch to WASM: training goes on there, and a switch back gets a new ${gpu.part} that trains`, async ({ app, shell, modelPage, trainPage }) => {
    await trainThreeStepsOn(gpu.backend, { app, shell, modelPage, trainPage });
    await shell.chooseBackend('wasm');
    await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000 }).toBe('wasm');
    await trainPage.waitUntilIdle();

    // tfjs keeps the backend with its context or device; the GPU takes it back.
    await app.loseGpu();
    await trainPage.stepTimes(1);
    expect(await app.read('restarts'), 'a loss under a backend that no longer runs moves nothing').toBe(0);
    expect(await app.read('backend').then((backend) => backend?.active)).toBe('wasm');
    expect(await app.read('errors')).toEqual({});
    const stepBefore = await app.read('trainingStep');
    const logProbsBefore = await app.logProbs(PROBED_NAMES);

    // The switch back: tfjs handed back the backend with its dead context or device, whose first read never
    // finished (webgl) or failed (webgpu: mapAsync, the device was lost).
    await shell.chooseBackend(gpu.backend);
    await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000, message: `the switch back to ${gpu.backend} ends on ${gpu.backend}` }).toBe(gpu.backend);
    await shell.expectBackend(gpu.backend);
    expect(await app.read('restarts')).toBe(0);
    expect(await app.read('trainingStep')).toBe(stepBefore);
    await expectSameLogProbs(app, logProbsBefore);
    await stepAndCheckCurve(trainPage, app, stepBefore + 1, `a step on the new ${gpu.label} ${gpu.part}`);
    expect(await app.read('backend').then((backend) => backend?.active)).toBe(gpu.backend);
    expect(await app.read('errors')).toEqual({});
  });
}

test('a lost WebGPU device, then a browser that offers no adapter: "Try WebGPU again" stays, says why it failed, and works once the adapter is back', async ({ page, app, shell, modelPage, trainPage }) => {
  await trainThreeStepsOn('webgpu', { app, shell, modelPage, trainPage });
  await app.loseGpu();
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000 }).toBe('webgl');
  await expect(shell.backendRetry).toHaveText('Try WebGPU again');
  const stepBefore = await app.read('trainingStep');

  // The restarted worker's browser stops offering WebGPU, as Chromium does after repeated GPU crashes.
  await app.refuseGpuAdapters(true);
  await shell.backendRetry.click();
  await expect.poll(() => app.read('errors'), { timeout: 60_000, message: 'the retry that found no adapter says so' }).toEqual({
    backend: expect.stringMatching(/^Trying webgpu again failed: .*this browser has WebGPU but gave no adapter for it.*Training goes on there/),
  });
  const report = await app.read('backend');
  expect(report?.active).toBe('webgl');
  expect(report?.absent, 'the start itself finds no adapter').toEqual(['webgpu']);
  // Not "not in this browser" with no way back: it was offered until the loss, and may be again.
  await expect(shell.backendRetry, 'the way back stays after a loss').toHaveText('Try WebGPU again');
  await expect(shell.backendSelect.locator('option[value="webgpu"]')).toHaveText('WebGPU (none since it was lost)');
  await shell.openBackendWhy();
  await expect(page.getByTestId('backend-absent')).toHaveCount(0);
  await expect(page.getByTestId('backend-absent-after-loss')).toHaveText(
    'This browser has offered no WebGPU since its GPU was lost, so WebGL runs in its place. Browsers can stop offering the GPU after it fails, some until they are restarted: “Try WebGPU again” asks once more, and restarting the browser may bring it back.',
  );
  expect(await app.read('trainingStep')).toBe(stepBefore);

  // The adapter is offered again: the same button goes back, at the step reached.
  await app.refuseGpuAdapters(false);
  await shell.backendRetry.click();
  await expect.poll(() => app.read('backend').then((backend) => backend?.active), { timeout: 60_000 }).toBe('webgpu');
  await shell.expectBackend('webgpu');
  await expect(shell.backendRetry).toBeHidden();
  await expect(shell.backendSelect.locator('option[value="webgpu"]')).toHaveText('WebGPU');
  expect(await app.read('errors')).toEqual({});
  await stepAndCheckCurve(trainPage, app, stepBefore + 1, 'a step on WebGPU once its adapter is back');
});
