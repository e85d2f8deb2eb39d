/**
 * The built site as GitHub Pages serves it: under its sub-path (PAGES_BASE, e.g. /rnn-playground/; `/` in
 * the ordinary run). Every file the app asks for must come from under that path and arrive, and the
 * names data must show. scripts/simulate-pages.sh runs this against a build made the way the Pages job
 * makes it.
 */
import { expect, test } from './fixtures';

test('the built site loads under its base path and shows the data', async ({ page, app, shell, baseURL }) => {
  const base = new URL(baseURL ?? 'http://localhost/');
  const failed: string[] = [];
  const outsideBase: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== base.origin) return;
    if (response.status() >= 400) failed.push(`${response.status()} ${url.pathname}`);
    if (!url.pathname.startsWith(base.pathname)) outsideBase.push(url.pathname);
  });
  await shell.open();
  await expect(shell.taskTitle).toContainText('Surnames');
  await expect(page.getByTestId('screen-data')).toContainText('Czech');
  expect(await app.read('status')).not.toBe('error');
  expect(failed).toEqual([]);
  expect(outsideBase).toEqual([]);
});
