/**
 * `npm run profile:webgpu -- [--config names-lstm] [--steps 8] [--warmup 3] [--data-dir DIR] [--browser]`:
 * train a benchmark configuration on tfjs's WebGPU backend in Node (Dawn on Chromium's SwiftShader; on a GPU
 * machine's own driver, cli/deviceBench.ts prints the same profile), or with `--browser` in Chromium (the e2e tests' flags,
 * Vite's dev server, the data built by `npm run data`), and print each kernel's GPU time per step, from
 * timestamp queries (model/webgpu/stepProfile.ts). The bench says how fast; this says where the time goes.
 * The two can disagree: Chromium's SwiftShader compiles shaders with another back end than the Node
 * package's Dawn.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BENCH_CONFIGS, modelConfigFor, trainConfigFor } from '../bench/configs';
import { BENCH_CONFIG_NAMES, type BenchConfigName } from '../bench/types';
import type { WebGpuProfileResult } from '../bench/profilePage';
import { useDawnWebGpu } from '../model/testing/dawn';
import { createSession } from '../model/trainingSession';
import { profileSteps } from '../model/webgpu/stepProfile';
import { runAsScript, wholeNumberOption } from './cliMain';
import { evaluateInDevServerPage } from './devServerPage';
import { loadDatasetFromDir, resolveDataDir } from './dataDir';

export async function profileWebgpu(argv: string[]): Promise<string[]> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string', default: 'names-lstm' }, steps: { type: 'string' }, warmup: { type: 'string' }, 'data-dir': { type: 'string' }, browser: { type: 'boolean', default: false } } });
  const config = values.config as BenchConfigName;
  if (!BENCH_CONFIG_NAMES.includes(config)) throw new Error(`--config ${values.config}: choose one of ${BENCH_CONFIG_NAMES.join(', ')}.`);
  const steps = Math.max(1, wholeNumberOption(values.steps, '--steps', 8));
  const warmup = wholeNumberOption(values.warmup, '--warmup', 3);
  const loadStart = loadavg()[0];
  const { adapter, ...profile } = values.browser ? await profileInChromium(config, steps, warmup) : await profileInNode(config, steps, warmup, values['data-dir']);
  const lines = [
    `${config} on WebGPU (${values.browser ? 'Chromium' : 'Node'}: ${adapter}), ${steps} steps after ${warmup} warm-up, padded lengths ${profile.lengths.join(' ')}`,
    `per step: wall ${profile.wallMs.toFixed(0)} ms, GPU kernels ${profile.gpuMs.toFixed(0)} ms`,
    ...profile.kernels.filter((kernel) => kernel.gpuMs > 0).map((kernel) => `${kernel.name.padEnd(36)} ${kernel.calls.toFixed(1).padStart(5)} calls ${kernel.gpuMs.toFixed(1).padStart(8)} ms`),
    `load average ${loadStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`,
  ];
  if (!profile.timed) lines.push('No kernel reported a GPU time: this adapter offers no timestamp queries.');
  return lines;
}

async function profileInNode(config: BenchConfigName, steps: number, warmup: number, dataDir: string | undefined): Promise<WebGpuProfileResult> {
  const adapter = await useDawnWebGpu(['enable-dawn-features=allow_unsafe_apis']);
  const spec = BENCH_CONFIGS[config];
  const dataset = loadDatasetFromDir(spec.dataset, dataDir ?? resolveDataDir([], process.env));
  const session = createSession(dataset, modelConfigFor(spec, dataset), trainConfigFor(spec, 'natural', 100_000));
  try {
    for (let step = 0; step < warmup; step++) await session.trainStep();
    return { ...(await profileSteps(session, steps)), adapter };
  } finally {
    session.dispose();
  }
}

function profileInChromium(config: BenchConfigName, steps: number, warmup: number): Promise<WebGpuProfileResult> {
  const request = JSON.stringify({ config, steps, warmup });
  return evaluateInDevServerPage<WebGpuProfileResult>(
    `import('/src/bench/profilePage.ts').then((page) => { const r = ${request}; return page.profileWebGpuConfig(r.config, r.steps, r.warmup, '/'); })`,
  );
}

runAsScript(import.meta.url, profileWebgpu);
