import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The PyTorch parity fixtures come with the team's machines (../shared), not with the repository. One job
 * cannot have them: the GitHub Pages workflow, which says so by name (RNN_PAGES_JOB=1). Only there, and only
 * when the folder really is absent, the suites that read them are left out, loudly. Everywhere else a
 * missing fixtures folder fails those suites, so no other CI can pass without them.
 */
const fixtureSuites = ['src/model/parity.test.ts', 'src/model/modelFile.test.ts', 'src/model/torchExport.test.ts', 'src/model/traceParity.test.ts'];
const fixturesDir = process.env.RNN_FIXTURES_DIR ?? fileURLToPath(new URL('../shared/fixtures/torch-parity', import.meta.url));
const skipsFixtureSuites = process.env.RNN_PAGES_JOB === '1' && !existsSync(path.join(fixturesDir, 'manifest.json'));
if (skipsFixtureSuites) console.warn(`Pages job without ${fixturesDir}: leaving out ${fixtureSuites.join(', ')}.`);

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // The WebGPU suites need the Vulkan environment of `npm run test:gpu` (vitest.gpu.config.ts).
    exclude: [...configDefaults.exclude, 'src/**/*.gpu.test.ts', ...(skipsFixtureSuites ? fixtureSuites : [])],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
