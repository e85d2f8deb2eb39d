/**
 * Sentiment: SST-2 trained word by word in the browser reaches dev accuracy well above the majority share in a
 * short run; a GloVe-format file (generated here) loads into the embedding and its coverage is reported.
 * On WASM, the fastest backend on this machine.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, saveScreenshot, test } from './fixtures';

/** Small enough for a quick epoch; the full-size target (0.75 at hidden 100) belongs to the benchmark and CLI. */
const HIDDEN_SIZE = 32;
const EMBEDDING_DIM = 32;

test('SST-2 trains for one epoch and dev accuracy rises well above the majority share', async ({
  page,
  app,
  shell,
  dataPage,
  encodePage,
  modelPage,
  trainPage,
  inspectPage,
}, testInfo) => {
  test.setTimeout(360_000);
  await shell.open('backend=wasm');
  await dataPage.pickTask('sst2');
  await expect(shell.taskTitle).toContainText(/SST-2|sentiment/i);
  await expect(dataPage.splitSizes).toContainText('872');

  // Encode: words become ids; an unknown word is marked.
  await shell.goTo('encode');
  await encodePage.type("it 's not good , it 's qwxzyv");
  await expect(encodePage.tokenIds).toContainText('not');
  await expect(encodePage.tokenIds).toContainText('unknown');

  await shell.goTo('model');
  await modelPage.chooseCell('lstm');
  await modelPage.setHiddenSize(HIDDEN_SIZE);
  await modelPage.setEmbeddingDim(EMBEDDING_DIM);
  await modelPage.build();
  const model = await app.read('model');
  expect(model?.input.type).toBe('words');
  expect(model?.classes).toHaveLength(2);

  await shell.goTo('train');
  await shell.expectBackend('wasm');
  // The task's own optimiser: Adam with SparseAdam on the embedding rows each batch uses.
  await expect(trainPage.optimizer).toHaveValue('adam-sparse');
  await trainPage.setOptimiser({ learningRate: 0.005, batchSize: 64, epochs: 2 });
  await trainPage.play();
  await expect
    .poll(async () => (await app.read('lastMetrics'))?.split ?? null, { timeout: 300_000, message: 'dev accuracy after epoch 1' })
    .toBe('val');
  await trainPage.pause();
  const metrics = await app.read('lastMetrics');
  console.log(
    `[sentiment] SST-2 dev after epoch 1 (${await app.read('trainingStep')} steps, batch 64, LSTM ${HIDDEN_SIZE}, embedding ${EMBEDDING_DIM}): ` +
      `accuracy ${metrics?.accuracy.toFixed(3)}, loss ${metrics?.loss.toFixed(3)}`,
  );
  testInfo.annotations.push({ type: 'SST-2 dev accuracy after one epoch', description: String(metrics?.accuracy) });
  expect(metrics?.count).toBe(872);
  // Above what a model that ignores its input scores: always "positive" is right on 444 of 872 (0.509).
  // One epoch (110 seeded steps) measured 0.643 with Adam, 0.630 with adam-sparse. The floor, 0.58, is the majority share plus 0.07: over four
  // standard errors of an 872-example accuracy (0.017), so no input-blind model reaches it by luck.
  const majorityShare = 444 / 872;
  expect(metrics?.accuracy).toBeGreaterThan(majorityShare + 0.07);
  await saveScreenshot(page, testInfo, '20-sentiment-train');

  // Inspect: the sentiment after each word of a sentence.
  await shell.goTo('inspect');
  await inspectPage.type("it 's not good");
  await expect(inspectPage.topK).toContainText("> it 's not good");
  expect(await inspectPage.topLines()).toHaveLength(2);
  await expect(inspectPage.prefixChart).toBeVisible();
  // One column per word; the heatmap redraws on the next frame after the trace arrives.
  await expect.poll(async () => (await inspectPage.heatmapShape(inspectPage.hiddenHeatmap())).columnLabels).toEqual(['it', "'s", 'not', 'good']);
  expect((await inspectPage.heatmapShape(inspectPage.hiddenHeatmap())).columns).toBe(4);
  await saveScreenshot(page, testInfo, '21-sentiment-inspect');
});

test('Inspect reads a sentence typed naturally as SST-2 is tokenised and names the words it cannot read', async ({ shell, dataPage, inspectPage }) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('sst2');
  await expect(shell.taskTitle).toContainText(/SST-2|sentiment/i);
  await shell.goTo('inspect');
  await expect(inspectPage.blurb).toContainText('word by word');
  await expect(inspectPage.blurb).not.toContainText('letter');
  // The corpus writes this "it 's not good , qwxzyv ." (PTB style); typed naturally it must give the same words.
  await inspectPage.type("It's not good, qwxzyv.");
  await expect.poll(async () => (await inspectPage.heatmapShape(inspectPage.hiddenHeatmap())).columnLabels).toEqual(['it', "'s", 'not', 'good', ',', 'qwxzyv', '.']);
  await expect(inspectPage.unknownNotice).toContainText('read as <unk>');
  await expect(inspectPage.unknownNotice).toContainText('“qwxzyv”');
  await expect(inspectPage.unknownNotice).not.toContainText('“good”');
  await inspectPage.type('not good at all');
  await expect(inspectPage.topK).toContainText('> not good at all');
  await expect(inspectPage.unknownNotice).toBeHidden();
});

/** Common SST-2 words, and one that is in no vocabulary. */
const GLOVE_WORDS = ['the', 'a', 'and', 'of', 'to', 'is', 'it', "'s", 'that', 'in', 'good', 'bad', 'movie', 'film', 'great', 'funny', 'boring', 'best', 'worst', 'not'];
const NOT_A_WORD = 'qwxzyvnotaword';
const GLOVE_DIM = 8;

/** GloVe's text format: `word v1 v2 … vd` per line. */
function gloveFile(words: readonly string[], dimension: number): Buffer {
  const lines = words.map((word, row) => {
    const vector = Array.from({ length: dimension }, (_, column) => (Math.sin(row * 7 + column * 3) * 0.5).toFixed(5));
    return `${word} ${vector.join(' ')}`;
  });
  return Buffer.from(`${lines.join('\n')}\n`);
}

test('a generated GloVe file loads into the embedding and reports its coverage', async ({ app, shell, dataPage, modelPage }, testInfo) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('sst2');
  await expect(shell.taskTitle).toContainText(/SST-2|sentiment/i);
  await shell.goTo('model');
  await modelPage.chooseCell('lstm');
  await modelPage.setHiddenSize(16);
  await modelPage.setEmbeddingDim(GLOVE_DIM);
  await modelPage.build();
  await expect(modelPage.glovePanel).toBeVisible();

  // A file whose width is not the embedding size is refused with a message that says so; the model stays.
  await modelPage.gloveFile.setInputFiles({ name: 'glove.wrong.5d.txt', mimeType: 'text/plain', buffer: gloveFile(GLOVE_WORDS, 5) });
  await expect(modelPage.gloveError).toBeVisible();
  await expect(modelPage.gloveError).toContainText('glove.wrong.5d.txt');
  await expect(modelPage.gloveError).toContainText(/\b5\b/);
  await expect(modelPage.gloveError).toContainText(/\b8\b/);
  expect(await app.read('model')).not.toBeNull();

  // The vocabulary is the training split's words (lower-cased), read here from the built data asset; the
  // main thread only knows its size (the words stay in the worker).
  const model = await app.read('model');
  const asset = JSON.parse(await readFile(path.resolve(testInfo.project.testDir, '..', 'public/data/sst2.json'), 'utf8')) as { train: string };
  const trainWords = new Set(asset.train.split('\n').flatMap((line) => line.slice(line.indexOf(' ') + 1).toLowerCase().split(/\s+/)));
  const expectedFound = GLOVE_WORDS.filter((word) => trainWords.has(word)).length;
  expect(expectedFound).toBeGreaterThanOrEqual(15);
  await modelPage.gloveFile.setInputFiles({
    name: 'glove.test.8d.txt',
    mimeType: 'text/plain',
    buffer: gloveFile([...GLOVE_WORDS, NOT_A_WORD], GLOVE_DIM),
  });
  await expect(modelPage.gloveCoverage).toBeVisible();
  await expect(modelPage.gloveCoverage).toContainText(`Found ${expectedFound} of `);
  await expect(modelPage.gloveCoverage).toContainText(`${GLOVE_DIM} dimensions`);
  const coverage = (await modelPage.gloveCoverage.textContent()) ?? '';
  const match = /Found (\d+) of ([\d,]+) vocabulary words \(([\d.]+)%\)/.exec(coverage);
  expect(match).not.toBeNull();
  const vocabSize = Number(match?.[2].replace(/,/g, ''));
  expect(vocabSize).toBeGreaterThan(1000);
  // The model's vocabulary also holds <pad> and <unk>, which no GloVe file covers; coverage counts the words.
  expect(model?.input.type === 'words' ? model.input.vocabSize : 0).toBe(vocabSize + 2);
  expect(Number(match?.[3])).toBeCloseTo((100 * expectedFound) / vocabSize, 1);
  await expect(modelPage.gloveError).toBeHidden();
});

test("a model preset on SST-2 changes the model, not the Train step's optimiser", async ({ shell, dataPage, modelPage, trainPage }) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('sst2');
  await shell.goTo('train');
  const before = { optimizer: await trainPage.optimizer.inputValue(), learningRate: await trainPage.learningRate.inputValue(), batchSize: await trainPage.batchSize.inputValue() };
  expect(before.optimizer, "SST-2's own optimiser").toBe('adam-sparse');
  for (const preset of ['bilstm2', 'lstm128']) {
    await shell.goTo('model');
    await modelPage.applyPreset(preset);
    await shell.goTo('train');
    // Before, the presets put the names task's dense Adam (lstm128) or Adam 0.001 (bilstm2) in its place.
    await expect(trainPage.optimizer, `the optimiser after the ${preset} preset`).toHaveValue(before.optimizer);
    await expect(trainPage.learningRate, `the learning rate after the ${preset} preset`).toHaveValue(before.learningRate);
    await expect(trainPage.batchSize, `the batch size after the ${preset} preset`).toHaveValue(before.batchSize);
  }
  await shell.goTo('model');
  await expect(modelPage.bidirectional, 'lstm128 came last: one direction').not.toBeChecked();
  await expect(modelPage.hiddenSize).toHaveValue('128');
});

test.describe('on a 1366 × 768 laptop', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('the 2-layer BiLSTM diagram writes "[h→; h←]" beside the arrow between the layers, not over it', async ({ shell, dataPage, modelPage }) => {
    await shell.open('backend=wasm');
    await dataPage.pickTask('sst2');
    await shell.goTo('model');
    await modelPage.applyPreset('bilstm2');
    await expect(modelPage.bidirectional).toBeChecked();
    await expect(modelPage.numLayers).toHaveValue('2');
    const edges = modelPage.diagram.locator('g.edge');
    await expect(edges.filter({ hasText: '[h→; h←]' })).toHaveCount(1);
    // Every labelled vertical arrow (a path of one straight segment, as wide as its stroke): the label clear of it.
    const overprinted = await edges.evaluateAll((groups) =>
      groups.flatMap((group) => {
        const label = group.querySelector('text');
        const path = group.querySelector('path');
        if (!label?.textContent || !path || !/^M[\d.-]+,[\d.-]+L[\d.-]+,[\d.-]+$/.test(path.getAttribute('d') ?? '')) return [];
        const line = path.getBoundingClientRect();
        const text = label.getBoundingClientRect();
        const isVertical = line.width < 3 && line.height > 10;
        const overlaps = text.left < line.right && text.right > line.left && text.top < line.bottom && text.bottom > line.top;
        return isVertical && overlaps ? [label.textContent] : [];
      }),
    );
    // Before the fix the label was centred 22 units right of the arrow and, 52 units wide, ran over it.
    expect(overprinted).toEqual([]);
  });

  test('the Model step keeps every number field its own height beside the three-line "Train the embedding" box', async ({ shell, dataPage, modelPage }) => {
    await shell.open('backend=wasm');
    await dataPage.pickTask('sst2');
    await shell.goTo('model');
    await expect(modelPage.trainableEmbedding).toBeVisible();
    const fields = { hiddenSize: modelPage.hiddenSize, numLayers: modelPage.numLayers, dropout: modelPage.dropout, embeddingDim: modelPage.embeddingDim };
    const heights: Record<string, number> = {};
    for (const [name, field] of Object.entries(fields)) heights[name] = Math.round((await field.boundingBox())?.height ?? 0);
    // The tick box's label wraps to three lines here, beside Dropout and Embedding size (68 px tall before, 36 above).
    const checkboxLabel = await modelPage.trainableEmbedding.locator('xpath=..').boundingBox();
    expect(checkboxLabel?.height ?? 0).toBeGreaterThan(heights.hiddenSize * 1.5);
    expect(heights.hiddenSize).toBeGreaterThan(20);
    expect(heights).toEqual({ hiddenSize: heights.hiddenSize, numLayers: heights.hiddenSize, dropout: heights.hiddenSize, embeddingDim: heights.hiddenSize });
  });

  test("the baseline is the dev split's; the confusion matrix keeps an SST-2 sentence inside its tooltip, and each listed sentence in one column", async ({
    page,
    app,
    shell,
    dataPage,
    trainPage,
  }, testInfo) => {
    await shell.open('backend=wasm');
    await dataPage.pickTask('sst2');
    await expect(shell.taskTitle).toContainText(/SST-2|sentiment/i);
    await shell.goTo('train');
    // The baseline under the settings is measured where the curves are: on the dev split, "positive" is 444 of 872
    // (51%, read from the data asset), against 52% over all splits, which the Train step said before.
    const asset = JSON.parse(await readFile(path.resolve(testInfo.project.testDir, '..', 'public/data/sst2.json'), 'utf8')) as { dev: string };
    const devLabels = asset.dev.split('\n').filter((line) => line.trim() !== '').map((line) => line.slice(0, line.indexOf(' ')));
    const devPositiveShare = devLabels.filter((label) => label === '1').length / devLabels.length;
    expect(Math.round(devPositiveShare * 100)).toBe(51);
    await expect(trainPage.baselineNote).toHaveText(
      `Baselines: always answering positive scores ${Math.round(devPositiveShare * 100)}% plain but 50% macro accuracy on the validation split.`,
    );
    // The accuracy chart's "always positive" line too, read as its height above the "chance (macro)" line at 50%
    // (the axis reads percent; d3 draws ticks half a pixel off, which the difference cancels): 0.9 points, not 1.6.
    const lineAboveChance = async () =>
      ((await trainPage.readReferenceLine(trainPage.accuracyChart, 'always positive')) ?? NaN) -
      ((await trainPage.readReferenceLine(trainPage.accuracyChart, 'chance (macro)')) ?? NaN);
    await expect.poll(async () => Math.abs((await lineAboveChance()) - (devPositiveShare - 0.5) * 100)).toBeLessThan(0.05);
    // Until the first evaluation of the validation sample (a few seconds in): a barely trained model gets many
    // sentences wrong.
    await trainPage.play();
    await expect.poll(() => app.read('lastMetrics'), { timeout: 120_000 }).not.toBeNull();
    await trainPage.pause();
    await expect(trainPage.confusionMatrix.locator('svg[role="img"]')).toHaveAttribute('aria-label', /2 classes, [\d,]+ sentences, accuracy/);
    const matrix = trainPage.confusionMatrix.locator('svg[tabindex="0"]');
    await matrix.focus();
    await page.keyboard.press('Space');
    // The off-diagonal cell of the first row (true negative → predicted positive); its tooltip quotes examples.
    await page.keyboard.press('ArrowRight');
    const tooltip = trainPage.confusionTooltip;
    await expect(tooltip).toContainText('true negative → predicted positive');
    await expect(tooltip).toContainText('e.g. ');
    const fit = await tooltip.evaluate((box) => {
      const bounds = box.getBoundingClientRect();
      return {
        // Before the fix the examples' line ran 1,000 px past the box's right side (white-space: nowrap).
        overflowing: [...box.children].filter((line) => line.scrollWidth > line.clientWidth + 1).map((line) => line.textContent),
        right: bounds.right,
      };
    });
    expect(fit.overflowing, 'tooltip lines wider than the tooltip').toEqual([]);
    expect(fit.right).toBeLessThanOrEqual(1366);

    // Space opens the cell's list: two columns of sentences, none cut between them (a cut sentence is two boxes).
    // Both cells off the diagonal: whether a column break falls inside a sentence depends on their lengths.
    const items = trainPage.confusionMistakes.locator('li');
    const cells = [
      { tooltipHeading: 'true negative → predicted positive', listHeading: 'True negative, predicted positive', keys: [] },
      { tooltipHeading: 'true positive → predicted negative', listHeading: 'True positive, predicted negative', keys: ['ArrowDown', 'ArrowLeft'] },
    ];
    for (const { tooltipHeading: cell, listHeading, keys } of cells) {
      if (keys.length > 0) await matrix.focus();
      for (const key of keys) await page.keyboard.press(key);
      await expect(tooltip).toContainText(cell);
      await page.keyboard.press('Space');
      await expect(trainPage.confusionMistakes.locator('h3')).toHaveText(listHeading);
      expect(await items.count()).toBeGreaterThan(1);
      const split = await items.evaluateAll((lis) => lis.filter((li) => li.getClientRects().length > 1).map((li) => li.textContent));
      expect(split, `${cell}: sentences split across the two columns`).toEqual([]);
    }
  });
});

test("while training, the Train step's Epoch · Step · Steps/s · ETA line stays one line at the desk, and inside its card on a phone", async ({
  page,
  shell,
  dataPage,
  trainPage,
}) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('sst2');
  await shell.goTo('train');
  // Fifty epochs: five-digit steps (10,850) and an ETA of minutes or hours on any machine, the widest the line gets.
  await trainPage.setOptimiser({ epochs: 50 });
  await trainPage.play();
  const eta = page.getByTestId('progress-eta');
  await expect(eta, 'an ETA while training').toHaveText(/min/);
  await expect(trainPage.progressStep).toHaveText(/^[1-9][\d,]* \/ 10,850$/);
  const measure = () =>
    trainPage.progress.evaluate((panel) => {
      const panelBox = panel.getBoundingClientRect();
      return [...panel.querySelectorAll('.progress-facts > div')].map((fact) => {
        const value = fact.querySelector('dd')!;
        const box = fact.getBoundingClientRect();
        return {
          text: fact.textContent,
          top: Math.round(box.top),
          lines: Math.round(value.getBoundingClientRect().height / parseFloat(getComputedStyle(value).lineHeight)),
          isInside: box.left >= panelBox.left - 0.5 && box.right <= panelBox.right + 0.5,
        };
      });
    });
  for (const [width, height] of [
    [1280, 800],
    [1366, 768],
  ]) {
    await page.setViewportSize({ width, height });
    const facts = await measure();
    const where = `${width} × ${height}: ${JSON.stringify(facts)}`;
    expect(facts, where).toHaveLength(4);
    // Before, an ETA such as "11 min 02 s" broke over two lines in the controls column.
    expect(new Set(facts.map((fact) => fact.top)).size, `one row of facts at ${where}`).toBe(1);
    expect(facts.filter((fact) => fact.lines !== 1), `a value on more than one line at ${where}`).toEqual([]);
    expect(facts.filter((fact) => !fact.isInside), `a fact outside the panel at ${where}`).toEqual([]);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  const phone = await measure();
  expect(phone.filter((fact) => fact.lines !== 1 || !fact.isInside), `390 × 844: ${JSON.stringify(phone)}`).toEqual([]);
  await trainPage.pause();
});
