/**
 * Accessibility and small screens: axe-core finds no violation on any of the five steps (desk, presenter mode and a
 * 390 × 844 phone), with a trained model so Train and Inspect show their charts; the tour is a modal dialog (focus
 * moves in and stays, Escape closes it, focus comes back); the step tabs follow the ARIA tabs pattern (arrow keys,
 * Home, End); the phone layout leaves the screen to the lesson (header, tour), its labels do not overprint and a long
 * name on Encode does not widen the page; presenter mode on a phone keeps Exit presenter on screen and the Model step
 * within the width; at 1280 × 800 the desk header is two lines (title and Tour, the controls), nothing wrapped onto a third;
 * presenter mode at 1920 × 1080 shows the Train curves and the confusion matrix without scrolling, and the Memory lab's
 * charts take the width beside its controls, whose race table fits; without JavaScript
 * the page says so instead of staying blank. A refused action (a disabled button) says why in a polite live region that
 * is in the page before the reason is, on each of the six forms. Presenter mode at 1280 × 800: a problem shown under
 * one field moves none of the fields beside it, a label wrapped to two lines leaves its row's inputs level (the memory
 * lab sweep's distances, which also name their problem to a screen reader), the Encode grid's labels are as large
 * as other charts' labels, and a button in a row of fields (Your text's Rank units) is level with the inputs, there
 * and at the desk; turned on mid-lesson, presenter mode keeps the class chart's bars clear of its grown labels. In dark
 * mode the confusion matrix's share colours brighten towards 100%. No axe rule is disabled.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import type { AppShell, StepId } from './pages/AppShell';
import { GeneratePage } from './pages/GeneratePage';
import { MemoryLabPage } from './pages/MemoryLabPage';
import type { ModelPage } from './pages/ModelPage';
import { TextLabPage } from './pages/TextLabPage';
import type { TrainPage } from './pages/TrainPage';
import { expect, saveScreenshot, test } from './fixtures';

const STEP_IDS: readonly StepId[] = ['data', 'encode', 'model', 'train', 'inspect'];
const PHONE = { width: 390, height: 844 };

/** axe's findings as readable lines (rule, impact, the first offending elements), so a failure says what to fix. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
  );
}

/** A small LSTM trained for a few batches on wasm: every chart on Train and Inspect has something to show. */
async function trainSmallModel(shell: AppShell, modelPage: ModelPage, trainPage: TrainPage): Promise<void> {
  await shell.open('backend=wasm&hidden=12');
  await shell.goTo('model');
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.trainSteps(3);
}

async function expectNoViolationsOnEveryStep(page: Page, shell: AppShell, where: string): Promise<void> {
  for (const step of STEP_IDS) {
    await shell.goTo(step);
    if (step === 'inspect') await expect(page.getByTestId('top-k')).toContainText('(');
    expect(await axeViolations(page), `axe violations on ${step} (${where})`).toEqual([]);
  }
}

/** Pairs of boxes (by index) that overlap by more than a pixel each way. */
async function overlappingPairs(labels: Locator): Promise<string[]> {
  return labels.evaluateAll((elements) => {
    const boxes = elements
      .map((element) => ({ text: element.textContent ?? '', box: element.getBoundingClientRect() }))
      .filter((entry) => entry.text !== '' && entry.box.width > 0);
    const pairs: string[] = [];
    for (let a = 0; a < boxes.length; a++) {
      for (let b = a + 1; b < boxes.length; b++) {
        const first = boxes[a].box;
        const second = boxes[b].box;
        const overlapX = Math.min(first.right, second.right) - Math.max(first.left, second.left);
        const overlapY = Math.min(first.bottom, second.bottom) - Math.max(first.top, second.top);
        if (overlapX > 1 && overlapY > 1) pairs.push(`${boxes[a].text} / ${boxes[b].text}`);
      }
    }
    return pairs;
  });
}

test('axe finds no violation on any step, at the desk and in presenter mode', async ({ page, shell, modelPage, trainPage }) => {
  await trainSmallModel(shell, modelPage, trainPage);
  await expectNoViolationsOnEveryStep(page, shell, 'desk');
  await shell.togglePresenter();
  await expect(shell.presenterToggle).toHaveAttribute('aria-pressed', 'true');
  await expectNoViolationsOnEveryStep(page, shell, 'presenter mode');
});

test.describe('phone width', () => {
  test.use({ viewport: PHONE });

  test('is usable at 390 × 844: axe-clean, a short header, labels that do not overprint', async ({ page, shell, modelPage, trainPage, encodePage }, testInfo) => {
    await trainSmallModel(shell, modelPage, trainPage);
    await expectNoViolationsOnEveryStep(page, shell, 'phone');

    // The header and the step tabs together take at most 15% of the screen.
    await shell.goTo('data');
    const header = await page.locator('header.app-header').boundingBox();
    const tabs = await page.locator('nav.step-bar').boundingBox();
    expect((header?.height ?? Infinity) + (tabs?.height ?? Infinity), 'header + step tabs height (px)').toBeLessThanOrEqual(PHONE.height * 0.15);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling of the page').toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(page, testInfo, 'phone-data', false);

    await shell.goTo('encode');
    await encodePage.type('Nienhuis');
    expect(await overlappingPairs(page.getByTestId('screen-encode').locator('.chart-one-hot svg text')), 'one-hot grid labels that overlap').toEqual([]);

    await shell.goTo('train');
    const confusion = trainPage.confusionMatrix;
    expect(await overlappingPairs(confusion.locator('svg text')), 'confusion matrix labels that overlap').toEqual([]);
    await saveScreenshot(page, testInfo, 'phone-train', true);

    await shell.goTo('model');
    // The diagram keeps legible type: drawn at ≥ 75% scale, scrolling sideways when the phone is narrower.
    const diagram = page.getByTestId('network-diagram').locator('svg').first();
    const scale = await diagram.evaluate((svg) => svg.getBoundingClientRect().width / Number(svg.getAttribute('width')));
    expect(scale, 'network diagram drawing scale').toBeGreaterThanOrEqual(0.75);

    await shell.goTo('inspect');
    await expect(page.getByTestId('top-k')).toContainText('(');
    await saveScreenshot(page, testInfo, 'phone-inspect', true);
  });

  test('presenter mode on a phone: Exit presenter is on screen and works, and the Model step fits the width', async ({ page, app, shell }) => {
    await shell.open('backend=wasm&hidden=16');
    await shell.goTo('model');
    // The header's Presenter button is a desk control, hidden on a phone; the P key still turns presenter mode on.
    await page.keyboard.press('p');
    await expect.poll(() => app.read('isPresenter')).toBe(true);
    await expect(shell.presenterToggle, 'the way out of presenter mode').toBeVisible();
    await expect(shell.presenterToggle).toHaveText('Exit presenter');

    // The parameter table (presenter type, PyTorch names) wraps inside its card, not past the page's edge.
    await expect(page.getByTestId('parameter-table')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'sideways overflow of the Model step in presenter mode (px)').toBeLessThanOrEqual(0);

    await shell.presenterToggle.click();
    await expect.poll(() => app.read('isPresenter')).toBe(false);
    await expect(shell.presenterToggle, 'hidden again on a phone once presenter mode is off').toBeHidden();
  });

  test("a long name on Encode wraps its lineToTensor('…') line instead of widening the page", async ({ page, shell, encodePage }) => {
    const longName = 'Wolfeschlegelsteinhausenbergerdorffwwwm'; // 39 letters, one word: nowhere to break but anywhere
    for (const [query, mode] of [['backend=wasm', 'normal'], ['backend=wasm&present=1', 'presenter mode']]) {
      await shell.open(query);
      await shell.goTo('encode');
      await encodePage.type(longName);
      await expect(encodePage.oneHotShape).toContainText('39 ×');
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(pageWidth, `page width (px) with a 39-letter name, ${mode}`).toBeLessThanOrEqual(PHONE.width);
    }
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the page says it needs JavaScript instead of staying blank', async ({ page }) => {
    await page.goto('./');
    // Playwright's text and aria locators skip <noscript>, so the served page is read: the message is there and
    // nothing else in <body> would show without scripts.
    expect(await page.content(), 'the message shown without JavaScript').toContain('RNN Playground needs JavaScript.');
  });
});

test.describe('the tour', () => {
  test.use({ skipWalkthrough: false });

  test('is a modal dialog: focus moves in and stays, Escape closes it, focus returns', async ({ page, shell }) => {
    await shell.open();
    const dialog = page.getByRole('dialog', { name: 'Data' });
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('walkthrough-next')).toBeFocused();
    // Tab ten times: focus never leaves the dialog (it wraps around).
    for (let press = 0; press < 10; press++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement)), `focus inside after Tab ${press + 1}`).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await expect(shell.walkthrough, 'Escape closes the tour').toBeHidden();
    await expect(shell.tab('data'), 'focus returns to the step tab after Escape').toBeFocused();

    // Opened again from its button: Escape gives focus back to that button.
    const tourButton = page.getByRole('button', { name: 'Tour' });
    await tourButton.click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(tourButton).toBeFocused();
  });

  test.describe('on a phone', () => {
    test.use({ viewport: PHONE });

    test('covers well under half the screen', async ({ page, shell }, testInfo) => {
      await shell.open();
      const box = await shell.walkthrough.boundingBox();
      expect(box?.height ?? Infinity, 'tour height (px)').toBeLessThanOrEqual(PHONE.height * 0.4);
      await saveScreenshot(page, testInfo, 'phone-tour', false);
    });
  });
});

test('step tabs follow the ARIA tabs pattern: arrows, Home and End move and open', async ({ page, shell }) => {
  await shell.open('backend=wasm');
  await shell.tab('data').focus();
  await page.keyboard.press('ArrowRight');
  await expect(shell.tab('encode'), 'ArrowRight moves focus to the next tab').toBeFocused();
  await expect(shell.tab('encode'), 'ArrowRight opens the next tab').toHaveAttribute('aria-selected', 'true');
  await expect(shell.screen('encode')).toBeVisible();
  await page.keyboard.press('End');
  await expect(shell.tab('inspect')).toBeFocused();
  await expect(shell.tab('inspect')).toHaveAttribute('aria-selected', 'true');
  // The arrow moved a tab, not a training step (→ is also "one batch" on Train and Inspect).
  await page.keyboard.press('ArrowRight');
  await expect(shell.tab('data')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(shell.tab('inspect')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(shell.tab('data')).toHaveAttribute('aria-selected', 'true');
  // One tab stop: only the current tab is in the Tab order.
  await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
  // The panel is inside the main landmark, labelled by its tab.
  await expect(page.getByRole('main').getByRole('tabpanel', { name: /Data/ }), 'the tab panel inside the main landmark').toBeVisible();
});

test.describe('presenter mode at 1920 × 1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('shows the Train curves and the confusion matrix on one screen', async ({ page, shell, trainPage }, testInfo) => {
    await shell.open('backend=wasm&present=1');
    await shell.goTo('train');
    await expect(trainPage.confusionMatrix.locator('svg').first()).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const [name, chart] of [
      ['loss chart', trainPage.lossChart],
      ['accuracy chart', trainPage.accuracyChart],
      ['confusion matrix', trainPage.confusionMatrix],
    ] as const) {
      const box = await chart.boundingBox();
      expect(box, `${name} is laid out`).not.toBeNull();
      expect(box!.y, `${name} top`).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, `${name} bottom (px) within the 1080 px screen`).toBeLessThanOrEqual(1080);
      expect(box!.x + box!.width, `${name} right (px) within the 1920 px screen`).toBeLessThanOrEqual(1920);
    }
    await saveScreenshot(page, testInfo, 'presenter-train-1920', false);

    // Radio buttons and tick boxes grow with the type (they stayed at 13 px beside 26 px text).
    await shell.goTo('data');
    const radio = await page.getByTestId('task-names-gen').boundingBox();
    expect(radio?.width ?? 0, 'a radio button (px) beside 26 px type').toBeGreaterThanOrEqual(24);
  });
});

test.describe('presenter mode at 1920 × 1080, the Memory lab', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test("its charts take the width beside the controls, and the race's table fits in the controls", async ({ page, shell }) => {
    test.setTimeout(300_000);
    // Opened by its link: presenter mode keeps the header's lab buttons for the desk.
    await shell.open('backend=wasm&present=1&lab=memory');
    const lab = new MemoryLabPage(page);
    await expect(lab.lab).toBeVisible();
    const labBox = (await lab.lab.boundingBox())!;
    const chartsBox = (await lab.charts.boundingBox())!;
    // The Train step's three columns (controls, curves, confusion matrix) left the lab's right third empty.
    expect(labBox.x + labBox.width - (chartsBox.x + chartsBox.width), "empty width (px) right of the lab's charts").toBeLessThanOrEqual(1);

    await lab.raceTiny();
    const controls = (await lab.controls.boundingBox())!;
    const table = (await lab.raceResult.locator('table').boundingBox())!;
    expect(table.x + table.width, "the race table's right edge (px) within its card's").toBeLessThanOrEqual(controls.x + controls.width);
    await expect(lab.raceResult.locator('thead th').last()).toHaveText('seconds');
    const seconds = (await lab.raceResult.locator('thead th').last().boundingBox())!;
    expect(seconds.x + seconds.width, 'the seconds column (px) within the controls card').toBeLessThanOrEqual(controls.x + controls.width);
  });
});

/** The region for why an action is refused, while nothing is: there, polite, empty and taking no room. */
async function expectQuietReasonRegion(region: Locator, name: string): Promise<void> {
  await expect(region, `${name}: in the page before any reason`).toBeAttached();
  await expect(region, `${name}: a live region`).toHaveRole('status');
  await expect(region, `${name}: a polite live region`).toHaveAttribute('aria-live', 'polite');
  await expect(region, `${name}: empty while nothing is refused`).toBeEmpty();
  expect((await region.boundingBox())?.height, `${name}: height while empty (px)`).toBe(0);
}

test('a refused action says why in a polite live region that is there before the reason, on every form', async ({ page, shell, modelPage, trainPage }) => {
  // A disabled button leaves the Tab order: the reason appearing beside it is all a screen reader hears, and only a
  // change inside a live region already in the page is announced reliably.
  await shell.open('backend=wasm');
  await shell.goTo('model');
  const buildReason = page.getByTestId('build-blocked');
  await expectQuietReasonRegion(buildReason, 'build-blocked');
  await modelPage.hiddenSize.fill('0');
  await expect(buildReason).toHaveText('To build, fix Hidden size: between 1 and 4096.');
  await expect(modelPage.buildButton).toHaveAccessibleDescription('To build, fix Hidden size: between 1 and 4096.');
  await modelPage.hiddenSize.fill('16');
  await expect(buildReason).toBeEmpty();

  await shell.goTo('train');
  const trainReason = page.getByTestId('train-blocked');
  await expectQuietReasonRegion(trainReason, 'train-blocked');
  await trainPage.epochs.fill('0');
  await expect(trainReason).toHaveText('To train, fix Epochs: between 1 and 100.');
  await expect(trainPage.playButton).toHaveAccessibleDescription('To train, fix Epochs: between 1 and 100.');
  await trainPage.epochs.fill('2');

  const textLab = new TextLabPage(page);
  await textLab.open();
  await expectQuietReasonRegion(textLab.settingsBlocked, 'text-settings-blocked');
  await textLab.toggle.click();
  await page.getByTestId('memory-lab-toggle').click();
  await expectQuietReasonRegion(page.getByTestId('memory-race-blocked'), 'memory-race-blocked');
  await expectQuietReasonRegion(page.getByTestId('memory-sweep-problem'), 'memory-sweep-problem');
  await page.getByTestId('memory-lab-toggle').click();

  await shell.goTo('data');
  await new GeneratePage(page).choose();
  await shell.waitForData();
  await shell.goTo('model');
  await expectQuietReasonRegion(page.getByTestId('generator-build-blocked'), 'generator-build-blocked');
});

test.describe('at the desk at 1280 × 800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the header is two lines, the title with Tour and the controls, with nothing wrapped onto a third', async ({ page, shell }) => {
    await shell.open('backend=wasm');
    await shell.expectBackend('wasm');
    await expect(page.getByRole('button', { name: 'Tour' })).toBeVisible();
    const tops = await page.locator('header.app-header').evaluate((header) =>
      [...header.querySelectorAll('h1, button, select, label.button-like')]
        .map((control) => control.getBoundingClientRect())
        .filter((box) => box.width > 0)
        .map((box) => box.top),
    );
    // The title and every control: tops within 10 px share a line (a link button sits a few px lower than a bordered one).
    const lines = [...tops].sort((a, b) => a - b).filter((top, index, sorted) => index === 0 || top - sorted[index - 1] > 10);
    expect(lines.length, `lines of the header's title and controls (tops ${tops.map(Math.round).join(', ')})`).toBe(2);
  });
});

test.describe('presenter mode at 1280 × 800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('a problem shown under one field moves none of the fields beside it', async ({ page, shell, modelPage }) => {
    await shell.open('backend=wasm&present=1');
    await shell.goTo('model');
    const beside = { Layers: modelPage.numLayers, Dropout: modelPage.dropout, Bidirectional: modelPage.bidirectional } as const;
    /** Each field's top (px) relative to Hidden size's. */
    async function offsets(): Promise<Record<string, number>> {
      const hiddenTop = (await modelPage.hiddenSize.boundingBox())!.y;
      const result: Record<string, number> = {};
      for (const [name, field] of Object.entries(beside)) result[name] = (await field.boundingBox())!.y - hiddenTop;
      return result;
    }
    const before = await offsets();
    expect([before.Layers, before.Dropout], 'Layers and Dropout on Hidden size\'s row').toEqual([0, 0]);

    await modelPage.hiddenSize.fill('0');
    await expect(page.getByTestId('screen-model').getByRole('alert').filter({ hasText: 'Between 1 and 4096.' })).toBeVisible();
    const after = await offsets();
    expect(after, 'the fields beside Hidden size, their tops (px) relative to its top, with its problem shown').toEqual(before);
  });

  test("a label wrapped to two lines leaves the inputs of its row level, and the sweep's distances name their problem", async ({ page, shell }) => {
    await shell.open('backend=wasm&present=1&lab=memory');
    const sweep = page.getByTestId('memory-sweep');
    const distances = sweep.getByTestId('memory-sweep-distances');
    await expect(distances).toBeVisible();
    /** Lines of the label's text (the text before the input inside its label). */
    const labelLines = (input: HTMLElement) => {
      const range = document.createRange();
      range.selectNodeContents(input.parentElement!.firstChild!);
      return Math.round(range.getBoundingClientRect().height / parseFloat(getComputedStyle(input.parentElement!).lineHeight));
    };
    expect(await distances.evaluate(labelLines), "the distances' label wraps to two lines").toBe(2);
    // Both read in one go: the lab above may still grow (its first chart), which moves both alike.
    const stepsBelowDistances = await sweep.evaluate((element) => {
      const top = (testId: string) => element.querySelector(`[data-testid="${testId}"]`)!.getBoundingClientRect().top;
      return top('memory-sweep-steps') - top('memory-sweep-distances');
    });
    expect(stepsBelowDistances, 'the steps input (px) below the distances input, whose label wraps').toBeCloseTo(0, 1);

    // The distances' problem is read with the field, as a number field's is (aria-describedby).
    await distances.fill('3, x');
    await expect(distances).toHaveAttribute('aria-invalid', 'true');
    await expect(distances, 'the distances field names its problem').toHaveAccessibleDescription('“x” is not a whole number of steps from 2 to 100.');
    await distances.fill('3, 6');
    await expect(distances).not.toHaveAttribute('aria-describedby');
  });

  test("turned on mid-lesson, presenter mode moves the class chart's bars right of its larger labels", async ({ shell, dataPage }) => {
    await shell.open('backend=wasm');
    const chart = dataPage.classChart.locator('svg').first();
    const label = chart.locator('text.bar-label', { hasText: 'Russian' });
    const bar = chart.locator('g.bar[data-label="Russian"] rect.bar-rect');
    /** Pixels between the Russian label's right edge and its bar's left edge (negative: they overlap). */
    const gap = async () => (await bar.boundingBox())!.x - ((await label.boundingBox())!.x + (await label.boundingBox())!.width);
    await expect(label).toBeVisible();
    expect(await gap(), 'label to bar (px) at the desk').toBeGreaterThan(0);
    const deskFont = await label.evaluate((text) => getComputedStyle(text).fontSize);

    await shell.togglePresenter();
    await expect(label, 'the labels grow to the presenter font').not.toHaveCSS('font-size', deskFont);
    expect(await gap(), 'label to bar (px) in presenter mode, without a reload').toBeGreaterThan(0);
  });

  test("the network diagram elides its middle rather than shrink its labels below 16 px or cut off its output", async ({ page, shell }) => {
    await shell.open('backend=wasm&present=1');
    await shell.goTo('model');
    const diagram = page.getByTestId('network-diagram').locator('svg').first();
    await expect(diagram.locator('text').first()).toBeVisible();
    // Drawn scaled to fit the card: a label's size on screen is its font size times the drawing's scale.
    const smallestOnScreen = await diagram.evaluate((svg) => {
      const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute('width'));
      const sizes = [...svg.querySelectorAll('text')].filter((text) => text.textContent !== '').map((text) => parseFloat(getComputedStyle(text).fontSize));
      return Math.min(...sizes) * scale;
    });
    expect(smallestOnScreen, "the diagram's smallest label on screen (px), presenter mode at 1280").toBeGreaterThanOrEqual(16 - 0.01);
    // Projected, the middle is elided rather than the end scrolled out of sight: the last letter and its output show.
    const name = await page.getByTestId('model-example-input').inputValue();
    const inputs = await page.locator('[data-testid=network-diagram] g.node[data-id^="input-"] text.node-label').allTextContents();
    expect(name.length, 'a name longer than the columns that fit').toBeGreaterThan(inputs.length);
    expect(inputs.at(-1), 'the last input drawn').toBe(name.at(-1));
    expect(await page.locator('[data-testid=network-diagram] g.node[data-id^="gap-"]').count(), 'the middle elided').toBeGreaterThan(0);
    await expect(page.locator('[data-testid=network-diagram] g.node[data-id="output"]'), 'the output drawn').toHaveCount(1);
    const cutOff = await page.getByTestId('network-diagram').evaluate((root) => {
      const scroller = root.querySelector<HTMLElement>('.chart-plot') ?? root;
      return scroller.scrollWidth - scroller.clientWidth;
    });
    expect(cutOff, "px of the diagram past its card's edge, presenter mode at 1280").toBeLessThanOrEqual(1);
  });

  test("the Encode grid's letter and index labels are as large as other charts' labels, and do not overlap", async ({ page, shell, encodePage }) => {
    await shell.open('backend=wasm&present=1');
    const smallestSize = (labels: Locator) => labels.evaluateAll((elements) => Math.min(...elements.map((element) => parseFloat(getComputedStyle(element).fontSize))));
    const dataLabels = page.getByTestId('screen-data').locator('svg text');
    await expect(dataLabels.first()).toBeVisible();
    const chartLabelSize = await smallestSize(dataLabels);
    // The length histogram's bars stand as tall as the Train step's curves, not a strip under presenter type.
    const barsHeight = await page.getByTestId('length-histogram').locator('g.median line').evaluate((line) => line.getBoundingClientRect().height);
    expect(barsHeight, 'the length histogram plot height (px), presenter mode at 1280').toBeGreaterThanOrEqual(150);

    await shell.goTo('encode');
    await encodePage.type('Nienhuis');
    const grid = encodePage.oneHotGrid;
    await expect(grid.locator('.row-index')).toHaveCount(8);
    // The letters along the top, the rows' letters and their indices; not the 1s inside the cells.
    const labels = grid.locator('svg text:not(.lit-one)');
    expect(await smallestSize(labels), `the one-hot grid's smallest label (px) beside ${chartLabelSize} px chart labels`).toBeGreaterThanOrEqual(chartLabelSize);
    expect(await overlappingPairs(grid.locator('svg text')), 'one-hot grid labels that overlap').toEqual([]);
    const fits = await grid.locator('.chart-plot').evaluate((plot) => plot.scrollWidth <= plot.clientWidth);
    expect(fits, 'the whole grid on the screen, without scrolling sideways').toBe(true);
  });

  for (const [where, query] of [
    ['at the desk', 'backend=wasm'],
    ['in presenter mode', 'backend=wasm&present=1'],
  ] as const) {
    test(`a button in a row of fields (Your text's Rank units) is level with the inputs, not the labels, ${where}`, async ({ page, shell }) => {
      const lab = new TextLabPage(page);
      // Opened by its link: presenter mode keeps the header's lab buttons for the desk.
      await shell.open(`${query}&lab=text`);
      await lab.reopened();
      await lab.useText('The sea is calm tonight. The tide is full, the moon lies fair upon the straits.\n'.repeat(10));
      await lab.setNumber('text-hidden', 8);
      await lab.stepButton.click();
      await expect(page.getByTestId('text-progress')).toHaveText(/^Step 1 of/);
      await page.getByTestId('units-read').click();
      const button = page.getByTestId('units-rank');
      const select = page.getByTestId('units-feature');
      await expect(button).toBeVisible();
      const [buttonBox, selectBox] = [await button.boundingBox(), await select.boundingBox()];
      if (!buttonBox || !selectBox) throw new Error('Rank units or its neighbouring select has no box');
      expect(Math.abs(buttonBox.y - selectBox.y), 'Rank units and the select beside it share a row (px apart)').toBeLessThan(selectBox.height);
      expect(Math.abs(buttonBox.y + buttonBox.height / 2 - (selectBox.y + selectBox.height / 2)), 'vertical centres of Rank units and the select beside it (px apart)').toBeLessThanOrEqual(2);
    });
  }
});

test("dark mode: the confusion matrix's share colours brighten towards 100%, as the cells on the dark card read", async ({ page, shell }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await shell.open('backend=wasm');
  await shell.goTo('train');
  // The legend's gradient is the ramp the cells are painted with (canvas), from 0% to 100%.
  const stops = page.getByTestId('confusion-matrix').locator('linearGradient stop');
  await expect(stops.first()).toBeAttached();
  const luminances = await stops.evaluateAll((elements) =>
    elements.map((stop) => {
      const probe = document.createElement('span');
      probe.style.color = stop.getAttribute('stop-color') ?? '';
      document.body.append(probe);
      const [r, g, b] = (getComputedStyle(probe).color.match(/[\d.]+/g) ?? []).map(Number);
      probe.remove();
      const channel = (value: number) => (value / 255 <= 0.03928 ? value / 255 / 12.92 : ((value / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    }),
  );
  // The light ramp on the dark card: near white at a small share, deep navy at 90%, the closest to the card's black.
  expect(luminances.length).toBeGreaterThan(2);
  expect(luminances.at(-1) ?? 0, "the 100% colour's luminance over the 0% colour's, on the dark card").toBeGreaterThan(luminances[0] * 3);
});
