/**
 * The Generate names task's Encode step (a name as training steps) and Model step, laid out as the classifier's: its parameter table counts the generator's
 * weights before and after the build, the network is unrolled over a name with an output at every step (what each
 * step reads and is taught), the equations follow the cell, and the name is the one Inspect's teacher forcing uses.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { GeneratePage } from './pages/GeneratePage';
import type { Page } from '@playwright/test';

/** The tutorial's alphabet and the names data's languages: the generator's widths, counted here, not read from the app. */
const LETTERS = 57;
const LANGUAGES = 18;
const INPUT = LANGUAGES + LETTERS + 2; // one-hot language + one-hot previous symbol (letters, end, begin)
const OUTPUT = LETTERS + 1; // the next letter or the end

/** nn.LSTM/GRU(INPUT, H) with `gates` gate blocks, then nn.Linear(H, OUTPUT). */
function parameterCount(gates: number, hidden: number): number {
  return gates * hidden * (INPUT + hidden + 2) + OUTPUT * (hidden + 1);
}

const labels = (page: Page, prefix: string) => page.locator(`[data-testid=generator-diagram] g.node[data-id^="${prefix}"] text.node-label`).allTextContents();

test("the generator's Model step counts its weights, unrolls a name with an output at every step, and shares the name with Inspect", async ({ page, shell }) => {
  const generate = new GeneratePage(page);
  await shell.open('backend=wasm');
  await generate.choose();
  await shell.waitForData();
  await shell.goTo('model');

  const total = page.getByTestId('parameter-total');
  const table = page.getByTestId('parameter-table');
  await expect(table, "the generator's parameter table").toContainText('Computed from the settings');
  await expect(total, 'LSTM 128: 4 gate blocks').toHaveText(parameterCount(4, 128).toLocaleString('en-US'));
  await page.getByTestId('generator-cell-gru').check();
  await expect(total, 'GRU 128: 3 gate blocks').toHaveText(parameterCount(3, 128).toLocaleString('en-US'));
  await expect(page.getByRole('heading', { name: 'GRU generator equations' })).toBeVisible();

  // Each step reads the previous symbol and is taught the next: one more step than letters.
  const name = page.getByTestId('generator-diagram-name');
  await name.fill('Rossi');
  await expect.poll(() => labels(page, 'input-')).toEqual(['begin', 'R', 'o', 's', 's', 'i']);
  await expect.poll(() => labels(page, 'output-')).toEqual(['R', 'o', 's', 's', 'i', 'end']);
  await expect(page.locator('[data-testid=generator-diagram] g.node[data-id^="head-"]')).toHaveCount(6);
  await expect(page.getByTestId('generator-diagram-dropped')).toHaveCount(0);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((violation) => `${violation.id}: ${violation.nodes[0]?.target.join(' ')}`), 'axe on the generator Model step').toEqual([]);

  // A name in another script has no letter the generator writes: said, and the picture keeps the one step it has.
  await name.fill('Иванов');
  await expect(page.getByTestId('generator-diagram-dropped')).toContainText('И в а н о в');
  await expect.poll(() => labels(page, 'output-')).toEqual(['end']);
  await name.fill('Rossi');

  // Built: the table is the worker's, and its total is the one the build reports.
  await generate.setNumber('generator-hidden', 16);
  await expect(total).toHaveText(parameterCount(3, 16).toLocaleString('en-US'));
  await generate.build();
  await expect(table).toContainText('As built in the worker.');
  await expect(page.getByTestId('generator-built')).toContainText(`${parameterCount(3, 16).toLocaleString('en-US')} parameters`);

  // Inspect's teacher forcing reads the same name.
  await shell.goTo('inspect');
  await expect(page.getByTestId('forcing-name')).toHaveValue('Rossi');
});

test("the generator's Encode step shows a name's training steps: what each step reads, the two 1s of its input, what it is taught", async ({ page, shell }) => {
  const generate = new GeneratePage(page);
  await shell.open('backend=wasm');
  await generate.choose();
  await shell.waitForData();
  // Before any generator: Inspect says how to get one in the words of the page (it said "open a char-lm model file").
  await shell.goTo('inspect');
  await expect(page.getByTestId('screen-inspect')).toContainText('open a saved names generator with Open model…');
  await expect(page.getByTestId('screen-inspect')).not.toContainText('char-lm');
  await shell.goTo('encode');
  await expect(page.getByTestId('generator-encode-table'), "the generator's training steps on Encode").toBeVisible();
  await page.getByTestId('generator-encode-name').fill('Rossi');
  // Not the classifier's picture (lineToTensor over 57 letters, a final state read at each row's last letter).
  await expect(page.getByTestId('padded-batch')).toHaveCount(0);
  await expect(page.getByTestId('one-hot-grid')).toHaveCount(0);
  const language = page.getByTestId('generator-encode-language');
  await language.selectOption('Italian');
  const languages = await language.locator('option').allTextContents();
  expect(languages).toHaveLength(LANGUAGES);
  const italian = languages.indexOf('Italian');

  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;'";
  const rows = page.getByTestId('generator-encode-row');
  await expect(rows).toHaveCount(6);
  const cells = async (row: number) => (await rows.nth(row).locator('td').allTextContents()).map((text) => text.trim());
  // begin is previous symbol 58 (after the 57 letters and end); R is taught first, end last (output 57).
  expect(await cells(0)).toEqual(['1', 'begin', '58', `${italian} and ${LANGUAGES + 58}`, 'R', String(alphabet.indexOf('R'))]);
  expect(await cells(1)).toEqual(['2', 'R', String(alphabet.indexOf('R')), `${italian} and ${LANGUAGES + alphabet.indexOf('R')}`, 'o', String(alphabet.indexOf('o'))]);
  expect(await cells(5)).toEqual(['6', 'i', String(alphabet.indexOf('i')), `${italian} and ${LANGUAGES + alphabet.indexOf('i')}`, 'end', String(LETTERS)]);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((violation) => `${violation.id}: ${violation.nodes[0]?.target.join(' ')}`), 'axe on the generator Encode step').toEqual([]);

  // The same name on the Model step's picture.
  await shell.goTo('model');
  await expect(page.getByTestId('generator-diagram-name')).toHaveValue('Rossi');
});

test("the Data step on Generate names says what the languages' shares mean for a generator, and offers no sampling it ignores", async ({ page, shell }) => {
  await shell.open('backend=wasm');
  await shell.waitForData();
  // The classifier first: the majority baseline and the two ways to draw batches.
  await expect(page.getByTestId('majority-note')).toContainText('always answers Russian');
  await expect(page.getByTestId('sampling-balanced')).toBeVisible();

  await new GeneratePage(page).choose();
  const note = page.getByTestId('generator-share-note');
  await expect(note).toContainText('Russian is 52% of these names');
  // The smallest language of the cleaned names data (its class chart: Vietnamese 71).
  await expect(note).toContainText('Vietnamese, 71 names');
  await expect(page.getByTestId('majority-note')).toHaveCount(0);
  // The generator's batches follow the data whatever the classifier's choice: no radio that would do nothing.
  await expect(page.getByTestId('sampling-balanced')).toHaveCount(0);
  await expect(page.getByTestId('generator-sampling-note')).toContainText('as the data is (Russian 52% of the names)');
});
