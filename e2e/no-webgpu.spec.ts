/**
 * A browser that has WebGPU's API but gives no adapter for it, as Chromium on Linux does by default (and any browser
 * where WebGPU is switched off or the graphics card is blocklisted): a student who chooses WebGPU by hand hears that
 * this browser does not offer it, trains on WebGL in its place, and is not offered a "Try WebGPU again" that cannot
 * work. The same Chromium as every other spec, launched without the flags that give it SwiftShader's WebGPU adapter.
 */
import { chromiumArgs } from '../src/cli/chromiumArgs';
import { expect, test } from './fixtures';

const WEBGPU_ADAPTER_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH === 'playwright' ? undefined : (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    args: chromiumArgs.filter((flag) => !WEBGPU_ADAPTER_FLAGS.includes(flag)),
  },
});

test('WebGPU chosen in a browser with no WebGPU adapter: WebGL trains, Why? says WebGPU is not offered here, and no retry is offered', async ({ page, app, shell, modelPage, trainPage }) => {
  await shell.open('backend=webgpu&task=names');
  // The situation under test, read from the page before anything is judged: the API is there, the adapter is not.
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    return gpu ? String(await gpu.requestAdapter()) : 'no navigator.gpu';
  });
  expect(adapter, 'this browser launch has navigator.gpu but no adapter').toBe('null');

  await expect.poll(() => app.read('backend').then((report) => report?.active), { timeout: 60_000 }).toBe('webgl');
  await shell.expectBackend('webgl');
  const report = await app.read('backend');
  expect(report?.requested).toBe('webgpu');
  expect(report?.absent, 'the start names WebGPU as not offered here').toEqual(['webgpu']);
  expect(report?.reason).toContain('this browser has WebGPU but gave no adapter for it');

  await expect(shell.backendRetry, 'no "Try WebGPU again" where no try can work').toHaveCount(0);
  await expect(shell.backendSelect.locator('option[value="webgpu"]')).toHaveText('WebGPU (not in this browser)');
  await expect(shell.backendSelect.locator('option[value="webgl"]')).toHaveText('WebGL');
  await expect(shell.backendSelect).toHaveValue('webgpu');
  await shell.openBackendWhy();
  await expect(page.getByTestId('backend-absent')).toHaveText(
    'This browser does not offer WebGPU, so WebGL runs in its place: trying it again would fail the same way. Choose auto to train on the fastest backend this browser has.',
  );
  await expect(shell.backendWhy).toContainText('chrome://gpu says which');

  // Training runs on the backend that took WebGPU's place.
  await shell.goTo('model');
  await modelPage.chooseCell('lstm');
  await modelPage.setHiddenSize(16);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.stepTimes(2);
  expect(await app.read('trainingStep')).toBe(2);
  expect(await app.read('backend').then((backend) => backend?.active)).toBe('webgl');
  expect(await app.read('errors')).toEqual({});
});
