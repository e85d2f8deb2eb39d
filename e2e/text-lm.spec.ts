/**
 * Your own text: a short text is pasted and used, a binary file is refused with its reason while the text in
 * use and the draft stay; a file over the 1 MB limit is refused from its size, never read, the text in use and an
 * edited draft kept; a small LSTM trains on it with truncated BPTT in the worker (WASM) to a held-out
 * figure better than a uniform guess and writes a sample; the text is coloured by a hidden unit (the coloured
 * spans exist and their colours differ), units are ranked by a feature, a prediction's saliency strip is
 * drawn; axe-core finds no violation on the lab. Screenshot: e2e-artifacts/text-units.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { watchFileReads } from './fileReads';
import { expect, saveScreenshot, test } from './fixtures';
import type { Page } from '@playwright/test';
import type { AppShell } from './pages/AppShell';
import { TextLabPage } from './pages/TextLabPage';

const POEM = [
  'The sea is calm tonight. "The tide is full", the moon lies fair',
  'Upon the straits; (on the French coast) the light gleams and is gone;',
  'the cliffs of England stand, glimmering and vast, out in the tranquil bay.',
  'Come to the window, "sweet is the night air"! Only, from the long line of spray',
].join('\n');
const TEXT = `${POEM}\n`.repeat(6);

/** Your text opened on WASM with TEXT in use; its summary as it reads then. */
async function labUsingText(page: Page, shell: AppShell): Promise<{ lab: TextLabPage; summaryBefore: string | null }> {
  const lab = new TextLabPage(page);
  await shell.open('backend=wasm');
  await lab.open();
  await lab.useText(TEXT);
  const summaryBefore = await lab.summary.textContent();
  expect(summaryBefore).toContain(`${[...TEXT].length.toLocaleString('en')} characters`);
  return { lab, summaryBefore };
}

test('a text file over the 1 MB limit is refused from its size before it is read; the text in use and the draft stay', async ({ page, shell }) => {
  const { lab, summaryBefore } = await labUsingText(page, shell);
  // A draft edited after Use this text: what the box holds is not the text in use, and neither may be lost.
  const draft = `${TEXT}A line typed but not used yet.\n`;
  await lab.draft.fill(draft);
  const files = await watchFileReads(page);

  // 1.5 MB of plain lines: a text in every other way, only too long.
  const line = Buffer.from('the cliffs of England stand, glimmering and vast\n');
  const long = Buffer.alloc(1.5 * 1024 * 1024);
  for (let offset = 0; offset < long.length; offset += line.length) line.copy(long, offset);
  await lab.upload('long.txt', long);
  await expect(lab.error, 'the refusal of the 1.5 MB file, from its size').toHaveText('long.txt is 1.5 MB; a text may be at most 1 MB so that an epoch stays minutes long in the browser. Use an excerpt.');
  expect(await files.reads(), 'the files read: none (a size over the limit is refused before reading)').toEqual([]);
  await expect(lab.summary).toHaveText(summaryBefore ?? '');
  await expect(lab.draft).toHaveValue(draft);

  // The watch sees a read: a file within the limit is read and becomes the draft.
  await lab.upload('short.txt', Buffer.from(TEXT.toUpperCase()));
  await expect(lab.draft).toHaveValue(TEXT.toUpperCase());
  expect(await files.reads()).toEqual(['short.txt']);
});

test('your own text trains with truncated BPTT, and its units colour the text', async ({ page, shell }, testInfo) => {
  test.setTimeout(300_000);
  const { lab, summaryBefore } = await labUsingText(page, shell);

  // A binary file is refused with its reason; the text in use and the draft are untouched.
  await lab.upload('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  await expect(lab.error).toContainText('photo.png looks like a binary file');
  await expect(lab.summary).toHaveText(summaryBefore ?? '');
  await expect(lab.draft).toHaveValue(TEXT);

  await lab.setNumber('text-hidden', 24);
  await lab.setNumber('text-window', 16);
  await lab.setNumber('text-streams', 8);
  await lab.setNumber('text-epochs', 3);
  await expect(page.getByTestId('tbptt-picture')).toContainText('8 streams');
  await page.getByTestId('text-play').click();
  await expect(lab.testResult).toBeVisible({ timeout: 240_000 });
  const result = (await lab.testResult.textContent()) ?? '';
  const nll = Number(/test: ([\d.]+) nats per character/.exec(result)?.[1]);
  testInfo.annotations.push({ type: 'measured', description: `LSTM 24, K 16, B 8, 3 epochs, wasm: ${result}` });
  const alphabetSize = Number(/an alphabet of (\d+) symbols/.exec(summaryBefore ?? '')?.[1]);
  // Better than a uniform guess among the alphabet and EOS.
  expect(nll).toBeGreaterThan(0);
  expect(nll).toBeLessThan(Math.log(alphabetSize + 1));
  await expect(lab.sample).not.toBeEmpty();

  await page.getByTestId('units-read').click();
  await expect(lab.colouredCharacters.first()).toBeVisible();
  const colours = await lab.colouredCharacters.evaluateAll((spans) => spans.map((span) => getComputedStyle(span).backgroundColor));
  expect(colours.length).toBe(600);
  expect(new Set(colours).size).toBeGreaterThan(10);

  await page.getByTestId('units-rank').click();
  await expect(lab.ranked.locator('li')).toHaveCount(8);
  const colouredBy = await page.getByTestId('units-unit').inputValue();
  await expect(lab.ranked.locator('button[aria-pressed="true"]')).toContainText(`unit ${colouredBy}:`);

  await lab.colouredCharacters.nth(120).click();
  await expect(lab.saliencyBars).toHaveCount(60);
  const norms = await lab.saliencyBars.evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('data-norm'))));
  expect(Math.max(...norms)).toBeGreaterThan(0);

  const violations = (await new AxeBuilder({ page }).analyze()).violations.map((violation) => `${violation.id}: ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(' | ')}`);
  expect(violations).toEqual([]);
  await saveScreenshot(page, testInfo, 'text-units');
});
