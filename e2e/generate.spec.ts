/**
 * Generate names: a small LSTM names generator trains in the worker (WASM) for one epoch; the Generate view
 * resamples when the temperature moves, is deterministic at temperature 0, shows the top-5 candidates of each
 * letter and the hidden states and gates while writing a name, and compares teacher forcing with free running.
 * A typed teacher-forcing name survives a screen switch and a reload. A finished generator reads done after a reload. Its model file saves and opens again, also from another task. A setting showing an invalid value holds the
 * build back, with the reason beside the button. In presenter mode at 1280 × 800 a long name's strip shows every column.
 */
import { readFile } from 'node:fs/promises';
import { expect, saveScreenshot, test } from './fixtures';
import { GeneratePage } from './pages/GeneratePage';
import { InspectPage } from './pages/InspectPage';
import { storedNumber } from './storedRecords';

/** Small enough for a quick epoch in the browser; the full-size figures belong to the CLI. */
const HIDDEN_SIZE = 32;

test('a generator setting showing an invalid value holds the build back, and says why', async ({ page, shell }) => {
  const generate = new GeneratePage(page);
  await shell.open('backend=wasm');
  await generate.choose();
  await shell.waitForData();
  await shell.goTo('model');
  const build = page.getByTestId('generator-build');
  await expect(build).toBeEnabled();

  // The settings still hold the last valid hidden size: a build now would not be the generator on screen.
  await generate.setNumber('generator-hidden', 0);
  await expect(page.getByTestId('generator-hidden'), 'the hidden size as typed').toHaveValue('0');
  await expect(build, 'Build refused while a generator setting shows an invalid value').toBeDisabled();
  const reason = page.getByTestId('generator-build-blocked');
  await expect(reason).toHaveText('To build the generator, fix Hidden size: between 1 and 1024.');
  await expect(build).toHaveAccessibleDescription('To build the generator, fix Hidden size: between 1 and 1024.');

  await generate.setNumber('generator-hidden', 16);
  await expect(reason).toBeEmpty();
  await generate.build();
  // The cell as the choices above name it ('lstm 16 × 1' before: the configuration's id).
  await expect(page.getByTestId('generator-built')).toContainText('Built: LSTM 16 × 1,');
});

test("a teacher-forcing name's problem is said once, beside the Name field, and goes when the name is changed or cleared", async ({ page, shell }) => {
  const generate = new GeneratePage(page);
  await generate.buildOnWasm(shell, 16);
  await shell.goTo('inspect');
  await expect(generate.forcingTable).toBeVisible();
  const name = page.getByTestId('forcing-name');
  const problem = page.getByTestId('forcing-problem');
  const alertsAbout = (text: string) => page.getByRole('alert').filter({ hasText: text });

  await name.fill('Иванов');
  await expect(problem).toContainText('"Иванов"');
  await expect(name).toHaveAccessibleDescription(/"Иванов"/);
  // Not repeated in the Generate names card at the top (it was, with a dismiss button, from the shared error place).
  await expect(alertsAbout('Иванов'), 'one message about the name, on the whole page').toHaveCount(1);

  await name.fill('Petrov');
  await expect(generate.forcingTable).toBeVisible();
  await expect(alertsAbout('Иванов'), 'the fixed name leaves no message behind').toHaveCount(0);
  await generate.setTemperature(1.5);
  await expect(alertsAbout('Иванов')).toHaveCount(0);

  // A cleared or blank name leaves neither the last name's message nor its table.
  await name.fill('😀');
  await expect(problem).toContainText('😀');
  await name.fill('');
  await expect(alertsAbout('😀'), 'a cleared name leaves no message behind').toHaveCount(0);
  await expect(generate.forcingTable).toBeHidden();
  await name.fill('😀');
  await expect(problem).toContainText('😀');
  await name.fill('   ');
  await expect(alertsAbout('😀'), 'a blank name leaves no message behind').toHaveCount(0);
  await expect(generate.forcingTable).toBeHidden();
});

test('a typed teacher-forcing name stays through a switch to another screen and a reload', async ({ page, app, shell }) => {
  const generate = new GeneratePage(page);
  await generate.buildOnWasm(shell, 16);
  // One step, so there is a kept generator for the reload to bring back (the Name field is under it).
  await shell.goTo('train');
  await page.getByTestId('step').click();
  await expect.poll(() => storedNumber(page, 'rnn-playground/generator/names', 'step')).toBe(1);

  await shell.goTo('inspect');
  const name = page.getByTestId('forcing-name');
  const problem = page.getByTestId('forcing-problem');
  await name.fill('Иванов');
  await expect(problem).toContainText('"Иванов"');

  // The view is unmounted while another screen shows; the name came back as "Ivanov".
  await shell.goTo('train');
  await shell.goTo('inspect');
  await expect(name, 'the name typed, after a screen switch').toHaveValue('Иванов');
  await expect(problem, 'the message about the name shown').toContainText('"Иванов"');

  await page.reload();
  await app.ready();
  await shell.waitForData();
  await shell.goTo('inspect');
  await expect(name, 'the name typed, after a reload').toHaveValue('Иванов');
  await expect(problem).toContainText('"Иванов"');
  await name.fill('Smith');
  await expect(generate.forcingTable).toBeVisible();
  await expect(problem, 'no message about a name no longer shown').toHaveCount(0);
});

test('a names generator trains, resamples with the temperature and shows its top-5 strip', async ({ page, app, shell, dataPage }, testInfo) => {
  test.setTimeout(420_000);
  const generate = new GeneratePage(page);
  await shell.open('backend=wasm');
  await generate.choose();
  await shell.waitForData();

  await shell.goTo('model');
  await generate.setNumber('generator-hidden', HIDDEN_SIZE);
  await generate.setNumber('generator-epochs', 1);
  await generate.build();

  await shell.goTo('train');
  await page.getByTestId('play').click();
  await expect(generate.testResult).toBeVisible({ timeout: 300_000 });
  const result = (await generate.testResult.textContent()) ?? '';
  const nll = Number(/Test: ([\d.]+) nats per character/.exec(result)?.[1]);
  testInfo.annotations.push({ type: 'measured', description: `LSTM ${HIDDEN_SIZE}, 1 epoch, wasm: ${result}` });
  // Better than guessing uniformly among the 58 symbols (ln 58 ≈ 4.06 nats).
  expect(nll).toBeGreaterThan(0);
  expect(nll).toBeLessThan(Math.log(58));
  await expect(generate.epochSamples).toContainText('Russian');

  // A finished generator stays finished after a reload (it read "paused", and Play then said it had finished).
  await expect.poll(() => app.read('status')).toBe('done');
  const finishedStep = await app.read('trainingStep');
  await expect.poll(() => storedNumber(page, 'rnn-playground/generator/names', 'step')).toBe(finishedStep);
  await page.reload();
  await app.ready();
  await shell.waitForData();
  await expect.poll(() => app.read('trainingStep'), { message: 'the generator is back at its last step' }).toBe(finishedStep);
  expect(await app.read('status'), 'a finished generator after a reload').toBe('done');
  await expect(generate.testResult).toBeVisible();

  await shell.goTo('inspect');
  const atDefault = await generate.namesText();
  await generate.setTemperature(1.6);
  const atHot = await generate.namesText(atDefault);
  expect(atHot).not.toBe(atDefault);

  // Temperature 0 always takes the most likely letter: every name is the same, whatever the seed.
  await generate.setTemperature(0);
  const greedy = await generate.namesText(atHot);
  const greedyNames = await generate.names.locator('li').allTextContents();
  expect(new Set(greedyNames).size).toBe(1);
  await generate.setNumber('generate-seed', 9);
  await expect(generate.names).toHaveText(greedy);

  // The strip: every column lists 5 candidates whose probabilities sum to at most 1.
  await generate.setTemperature(0.8);
  await generate.namesText(greedy);
  const columns = generate.strip.getByTestId('top5-column');
  expect(await columns.count()).toBeGreaterThan(0);
  for (const column of await columns.all()) {
    const probabilities = (await column.getByTestId('top5-candidate').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-probability')))));
    expect(probabilities).toHaveLength(5);
    const sum = probabilities.reduce((total, value) => total + value, 0);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-6);
  }
  // Inside the network while it writes the chosen name: h, c and the four LSTM gates, units × steps (the start, then each letter).
  const internalsHeading = (await page.locator('#internals-heading').textContent()) ?? '';
  const written = /writes “(.*)”/.exec(internalsHeading)?.[1];
  expect(written).toBeDefined();
  const inspect = new InspectPage(page);
  for (const testId of ['gen-hidden-heatmap-l0', 'gen-cell-heatmap', 'gen-gate-heatmap-i', 'gen-gate-heatmap-f', 'gen-gate-heatmap-g', 'gen-gate-heatmap-o']) {
    await expect(page.getByTestId(testId).locator('svg[role="img"]')).toBeVisible();
    const shape = await inspect.heatmapShape(page.getByTestId(testId));
    expect(shape, testId).toMatchObject({ rows: HIDDEN_SIZE, columns: [...(written ?? '')].length + 1 });
    expect(shape.columnLabels[0], testId).toBe('begin');
  }
  await expect(generate.forcingTable).toBeVisible();
  await expect(page.getByTestId('forcing-summary')).toContainText(/writes exactly this name|leaves the name at step \d+/);
  await saveScreenshot(page, testInfo, 'generate-top5');

  // Save the generator, go to another task, open the file: it comes back on the Generate names task, with a message.
  const download = page.waitForEvent('download');
  await page.getByTestId('save-model').click();
  const file = await (await download).path();
  const text = await readFile(file, 'utf8');
  expect(JSON.parse(text)).toMatchObject({ task: { kind: 'char-lm' }, model: { cell: 'lstm', hiddenSize: HIDDEN_SIZE } });
  await shell.goTo('data');
  await dataPage.pickTask('sst2');
  await shell.waitForData();
  await page.getByTestId('open-model').setInputFiles({ name: 'generator.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('notice')).toContainText('opened on the Generate names task');
  await expect(shell.screen('inspect')).toBeVisible();
  await expect(generate.names.locator('li')).toHaveCount(5);
});

test.describe('presenter mode at 1280 × 800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("a long name's letter-by-letter strip shows every column, none cut off at the card's edge", async ({ page, shell }) => {
    const generate = new GeneratePage(page);
    await generate.buildOnWasm(shell, 8);
    await shell.togglePresenter();
    await expect(shell.presenterToggle).toHaveAttribute('aria-pressed', 'true');
    await shell.goTo('inspect');
    await generate.namesText();
    // The longest of the five names drawn (an untrained generator writes long ones).
    const names = generate.names.getByRole('button');
    const lengths = await names.evaluateAll((buttons) => buttons.map((button) => [...(button.textContent ?? '')].length));
    const longest = lengths.indexOf(Math.max(...lengths));
    // A name that reached the longest length allowed is listed with "…" after it.
    const name = ((await names.nth(longest).textContent()) ?? '').replace(/…$/, '');
    await names.nth(longest).click();
    await expect(generate.strip).toHaveAttribute('aria-label', `How "${name}" was written, letter by letter`);
    const columns = generate.strip.getByTestId('top5-column');
    // Its letters and the end, if it ended: more than one row at 1280 px holds.
    expect(await columns.count(), `columns of the longest name, ${name}`).toBeGreaterThanOrEqual(7);
    const strip = (await generate.strip.boundingBox())!;
    const rights = await columns.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().right));
    expect(Math.max(...rights), "the strip's columns' right edge (px) within the strip's").toBeLessThanOrEqual(strip.x + strip.width + 0.5);
  });
});
