/**
 * Encode shows padding and masking on a real batch: the typed text and three training examples padded to the
 * longest (T), the padding greyed with mask 0, the real steps with mask 1; T follows the typed text when it is
 * the longest; for SST-2 the padding is written <pad>.
 */
import { expect, test } from './fixtures';

test('the typed name joins a batch of training names: padded to the longest, its padding masked 0', async ({ shell, encodePage }) => {
  await shell.open('backend=wasm');
  await shell.goTo('encode');
  await encodePage.type('Abe');
  const rows = encodePage.paddedBatch.getByTestId('padded-batch-row');
  await expect(rows).toHaveCount(4);
  const lengths = (await rows.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-length'))))) as number[];
  const longest = Math.max(...lengths);
  expect(longest, 'the examples include one longer than "Abe"').toBeGreaterThan(3);
  await expect(encodePage.paddedBatch.getByTestId('padded-batch-length')).toHaveText(`T = ${longest}`);
  const typed = encodePage.typedBatchRow();
  await expect(typed.locator('td[data-mask="1"] .padded-symbol')).toHaveText(['A', 'b', 'e']);
  await expect(typed.locator('td[data-mask="0"]'), 'padded steps of "Abe"').toHaveCount(longest - 3);
  const padded = lengths.reduce((sum, length) => sum + longest - length, 0);
  await expect(encodePage.paddedBatch.getByTestId('padded-batch-summary')).toContainText(`${padded} of the batch's ${4 * longest} steps`);

  // A name longer than every example sets T itself, and is the one row without padding.
  await encodePage.type('Wolfeschlegelsteinhausen');
  await expect(encodePage.paddedBatch.getByTestId('padded-batch-length')).toHaveText('T = 24');
  await expect(typed.locator('td[data-mask="0"]')).toHaveCount(0);
  await expect(typed.locator('td[data-mask="1"]')).toHaveCount(24);
});

test('a sentence joins a batch of SST-2 sentences, padded with <pad> (id 0)', async ({ shell, encodePage, dataPage }) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('sst2');
  await shell.goTo('encode');
  await encodePage.type('the plot is a mess');
  const typed = encodePage.typedBatchRow();
  await expect(typed.locator('td[data-mask="1"] .padded-symbol')).toHaveText(['the', 'plot', 'is', 'a', 'mess']);
  await expect(encodePage.paddedBatch).toContainText('<pad>, id 0');
  const padding = typed.locator('td[data-mask="0"] .padded-symbol');
  expect(await padding.count(), 'the short sentence is padded').toBeGreaterThan(0);
  await expect(padding.first()).toHaveText('<pad>');
});

test('an emptied box: a prompt to type in place of an empty encoding, and the batch of three examples without it', async ({ page, shell, encodePage, dataPage }) => {
  await shell.open('backend=wasm');
  await shell.goTo('encode');
  const prompt = page.getByTestId('screen-encode').getByTestId('encode-prompt');
  const rows = encodePage.paddedBatch.getByTestId('padded-batch-row');
  // The default name first: its grid, no prompt (the baseline the emptied box is measured against).
  await expect(encodePage.oneHotGrid).toBeVisible();
  await expect(prompt).toHaveCount(0);
  await encodePage.type('');
  await expect(prompt).toHaveText('Type a name to see it as one-hot letters: one row per letter, one column per symbol.');
  // Before: "lineToTensor('') has shape 0 × 1 × 57" over an empty grid, and "No letters dropped."
  await expect(encodePage.oneHotGrid).toHaveCount(0);
  await expect(encodePage.oneHotShape).toHaveCount(0);
  await expect(encodePage.droppedLetters).toHaveCount(0);
  await expect(rows, 'the three training examples, the empty text left out').toHaveCount(3);
  await expect(encodePage.typedBatchRow()).toHaveCount(0);
  // Digits only: nothing left to encode, and what was dropped is still said.
  await encodePage.type('123');
  await expect(prompt).toBeVisible();
  await expect(encodePage.droppedLetters).toContainText('“1”, “2”, “3”');
  await encodePage.type('Abe');
  await expect(prompt).toHaveCount(0);
  await expect(encodePage.oneHotShape).toHaveText('3 × 1 × 57');

  await shell.goTo('data');
  await dataPage.pickTask('sst2');
  await shell.goTo('encode');
  await expect(encodePage.tokenIds).toBeVisible();
  await encodePage.type('   ');
  await expect(prompt).toHaveText('Type a sentence to see each of its words as an id.');
  // Before: a token table of two header cells and nothing else.
  await expect(encodePage.tokenIds).toHaveCount(0);
  await expect(page.getByTestId('screen-encode').getByTestId('embedding-prompt'), 'no "Reading the embedding…" that never ends').toBeVisible();
  await expect(rows).toHaveCount(3);
  await encodePage.type('the plot is a mess');
  await expect(prompt).toHaveCount(0);
  await expect(encodePage.tokenIds.locator('tr').first().locator('td')).toHaveCount(5);
});
