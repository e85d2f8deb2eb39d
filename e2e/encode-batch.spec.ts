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
