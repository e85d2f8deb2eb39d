/**
 * The Generate names task's Model step, laid out as the classifier's: its parameter table counts the generator's
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
  await expect(table).toContainText('Computed from the settings');
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
