/**
 * `auto` on a first and a second visit: the app starts at once on WASM while a probe worker times real
 * training steps on every backend in the background (the task picker works meanwhile); the fastest is switched
 * to before the first Play and remembered, so the next visit starts on it without measuring again.
 */
import { expect, test } from './fixtures';

test('auto starts on WASM at once, measures in the background, and the next visit uses the remembered choice', async ({ page, app, shell }, testInfo) => {
  test.setTimeout(300_000);
  await shell.open();
  // The app is usable before any measurement ends: the engine started on WASM, Play is there.
  await shell.expectBackend('wasm');
  const first = await app.read('auto');
  expect(first?.basis).toBe('default');
  // Nothing waits for the measurement: while the probe runs, the task picker is enabled (it was disabled for
  // the whole measurement while the data waited for it). Read once, not retried, and only counted when the
  // probe was still running after the read.
  await expect.poll(async () => (await app.read('auto'))?.isMeasuring, { message: 'the probe starts measuring' }).toBe(true);
  const isPickerEnabled = await page.getByTestId('task-sst2').isEnabled();
  expect((await app.read('auto'))?.isMeasuring, 'the probe was still measuring when the picker was read').toBe(true);
  expect(isPickerEnabled, 'the task picker while auto measures').toBe(true);
  await shell.goTo('train');
  await expect(page.getByTestId('play')).toBeEnabled();

  await expect
    .poll(async () => (await app.read('auto'))?.basis, { timeout: 240_000, message: 'the probe measured every backend' })
    .toBe('measured');
  const measured = await app.read('auto');
  const figures = Object.entries(measured?.measured ?? {}) as [string, number][];
  testInfo.annotations.push({ type: 'auto measured (ms/step)', description: JSON.stringify(measured) });
  console.log(`[auto] measured ${JSON.stringify(measured)}`);
  expect(figures.length).toBeGreaterThanOrEqual(2);
  const fastest = figures.sort((a, b) => a[1] - b[1])[0][0];
  // No step was taken yet, so auto switched to the fastest at once.
  await shell.expectBackend(fastest);
  await page.getByText('Why?', { exact: true }).click();
  await expect(page.getByTestId('backend-reason')).toContainText('ms per training step');

  await page.reload();
  await app.ready();
  await shell.waitForData();
  await shell.expectBackend(fastest);
  const second = await app.read('auto');
  expect(second?.basis, 'the second visit uses the remembered choice').toBe('remembered');
  expect(second?.isMeasuring, 'the second visit measures nothing').toBe(false);
});
