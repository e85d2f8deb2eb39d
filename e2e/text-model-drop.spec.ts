/**
 * A model file dropped on Your text opens through Your text's own open (its model, its settings), not the steps'
 * header open (which took a Your text model for a names generator and a classifier for the steps' model, over the
 * lab's); a classifier dropped there is refused with a clear message and the lab's model stays.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { TextLabPage } from './pages/TextLabPage';

const TEXT = 'the cat sat on the mat. the dog sat on the log.\n'.repeat(20);
const PROBE = 'the cat sat';

/** Drop `bytes` as a file named `name` on `target`, as a browser does when a file is dragged from the desktop. */
async function dropFile(page: Page, target: Locator, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: 'application/json' }));
      return transfer;
    },
    { name, text },
  );
  await target.dispatchEvent('drop', { dataTransfer });
}

async function saved(page: Page, button: Locator): Promise<string> {
  const download = page.waitForEvent('download');
  await button.click();
  return readFile(await (await download).path(), 'utf8');
}

test('a model file dropped on Your text opens as its model; a names classifier dropped there is refused and the model stays', async ({ page, app, shell, modelPage }) => {
  await shell.open('backend=wasm');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  const classifier = await saved(page, page.getByTestId('save-model'));

  const lab = new TextLabPage(page);
  await lab.open();
  await lab.useText(TEXT);
  await lab.setNumber('text-hidden', 16);
  await lab.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(1);
  const textModel = await saved(page, page.getByTestId('text-save'));
  const openedProbs = await app.textLogProbs(PROBE);

  // Other weights in the lab, then the saved model dropped on it: the lab's model is the saved one again.
  await lab.setNumber('text-hidden', 24);
  await lab.buildButton.click();
  await expect.poll(async () => (await app.textLogProbs(PROBE))[1]).not.toBe(openedProbs[1]);
  const labArea = page.getByTestId('text-lab');
  await dropFile(page, labArea, 'my-text-model.json', textModel);
  await expect(labArea.getByText('Opened my-text-model.json; it trains on your text.'), 'the dropped model opened by Your text').toBeVisible();
  await expect(page.getByTestId('text-hidden')).toHaveValue('16');
  expect(await app.textLogProbs(PROBE)).toEqual(openedProbs);

  // A names classifier: refused, saying why, and the lab's model untouched.
  await dropFile(page, labArea, 'names-classifier.json', classifier);
  await expect(page.getByTestId('error-import')).toContainText("names-classifier.json holds a classifier (the steps' model), not a language model of text");
  await expect(page.getByTestId('text-lab')).toBeVisible();
  await expect(page.getByTestId('text-hidden')).toHaveValue('16');
  expect(await app.textLogProbs(PROBE)).toEqual(openedProbs);
});
