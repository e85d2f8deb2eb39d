import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The WebGPU suites (`*.gpu.test.ts`): tfjs's webgpu backend on Dawn + SwiftShader in Node
 * (src/model/testing/dawn.ts). Run by `npm run test:gpu`, which sets the Vulkan variables the dynamic linker
 * needs at process start; one fork at a time, since SwiftShader already uses every core.
 *
 * Only the GitHub Pages job (RNN_PAGES_JOB=1, a stock runner without Debian's Chromium) may leave them out,
 * and only when SwiftShader's driver really is absent; everywhere else a missing driver fails the suites.
 * The same job may leave out the webgpu PyTorch parity suite when the fixtures are absent (vitest.config.ts).
 */
const swiftShaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';
const skipsGpuSuites = process.env.RNN_PAGES_JOB === '1' && !existsSync(swiftShaderIcd);
if (skipsGpuSuites) console.warn(`Pages job without ${swiftShaderIcd}: leaving out the WebGPU suites.`);
const fixturesDir = process.env.RNN_FIXTURES_DIR ?? fileURLToPath(new URL('../shared/fixtures/torch-parity', import.meta.url));
const skipsParity = process.env.RNN_PAGES_JOB === '1' && !existsSync(path.join(fixturesDir, 'manifest.json'));
if (skipsParity && !skipsGpuSuites) console.warn(`Pages job without ${fixturesDir}: leaving out src/model/parity.gpu.test.ts.`);

export default defineConfig({
  test: {
    include: skipsGpuSuites ? [] : ['src/**/*.gpu.test.ts'],
    exclude: [...configDefaults.exclude, ...(skipsParity ? ['src/model/parity.gpu.test.ts'] : [])],
    passWithNoTests: skipsGpuSuites,
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
