/**
 * Chromium flags that give real WebGPU headless on a machine without a GPU (SwiftShader's CPU Vulkan).
 * Shared by the e2e tests (playwright.config.ts) and the browser benchmark (cli/bench/browserRunner.ts),
 * so both measure the same browser.
 */
export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
