/**
 * Your text offers built-in texts, so a class can start without bringing one: the surnames (one per line) and
 * SST-2's training sentences. Each becomes the text in use and the draft, and a step of training runs on it.
 */
import { expect, test } from './fixtures';
import { TextLabPage } from './pages/TextLabPage';

test('Your text starts from a built-in text: the surnames or the movie sentences become the text in use and train', async ({ page, shell }) => {
  const lab = new TextLabPage(page);
  await shell.open('backend=wasm');
  await lab.open();
  await expect(lab.summary, 'no text in use before').toHaveCount(0);
  await expect(lab.playButton).toBeDisabled();

  await page.getByTestId('text-example-names').click();
  await expect(lab.summary).toBeVisible();
  const draft = await lab.draft.inputValue();
  const lines = draft.trimEnd().split('\n');
  // Every cleaned surname of the names data, one per line (its Data step counts 17,994).
  expect(lines).toHaveLength(17_994);
  expect(lines.every((line) => /^[A-Za-z .,;']+$/.test(line)), 'each line is one name in the 57 letters').toBe(true);
  // The alphabet line lists the line end among the symbols (↵), since a name ends there.
  await expect(lab.summary).toContainText('↵');
  await expect(lab.playButton).toBeEnabled();
  await expect(page.getByTestId('text-lab'), 'no step before Step').not.toContainText(/[Ss]tep 1\b/);
  await page.getByTestId('text-step').click();
  await expect(page.getByTestId('text-lab')).toContainText(/[Ss]tep 1\b/);

  await page.getByTestId('text-example-sst2').click();
  await expect.poll(async () => (await lab.draft.inputValue()).split('\n')[0]).toBe('a stirring , funny and finally transporting re-imagining of beauty and the beast and 1930s horror films');
  const characters = Number(((await lab.summary.locator('strong').first().textContent()) ?? '').replace(/,/g, ''));
  expect(characters, 'most of 1 MB of sentences').toBeGreaterThan(500_000);
});
