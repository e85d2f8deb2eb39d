/**
 * A lecture hall without network: after one visit the service worker has the app, the tfjs WebAssembly
 * binaries and the data, so a reload offline still opens the playground and trains.
 */
import { expect, test } from './fixtures';

test('after one visit the app reloads and trains offline', async ({ page, context, app, shell, modelPage, trainPage }) => {
  await shell.open('backend=wasm');
  // The service worker has installed (precached everything) and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });

  await context.setOffline(true);
  await page.reload();
  await app.ready();
  await shell.waitForData();
  await expect(shell.taskTitle).toContainText('Surnames');
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.trainSteps(3);
  expect(await app.read('backend')).toMatchObject({ active: 'wasm' });
  await context.setOffline(false);
});
