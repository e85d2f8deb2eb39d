/**
 * `npm run profile:webgl -- [--config sst2-lstm] [--steps 20] [--warmup 30]`: train a benchmark configuration
 * on WebGL in Chromium (SwiftShader here, the machine's GPU elsewhere) and print each tfjs kernel's time per
 * step, drained on both sides (model/webgl/stepProfile.ts). The warm-up is long because each new batch length
 * still compiles the odd program the first time. The bench says how fast; this says where the time goes.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BENCH_CONFIG_NAMES, type BenchConfigName } from '../bench/types';
import type { WebGlProfileResult } from '../bench/profilePage';
import { runAsScript, wholeNumberOption } from './cliMain';
import { evaluateInDevServerPage } from './devServerPage';

export async function profileWebgl(argv: string[]): Promise<string[]> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string', default: 'sst2-lstm' }, steps: { type: 'string' }, warmup: { type: 'string' } } });
  const config = values.config as BenchConfigName;
  if (!BENCH_CONFIG_NAMES.includes(config)) throw new Error(`--config ${values.config}: choose one of ${BENCH_CONFIG_NAMES.join(', ')}.`);
  const steps = Math.max(1, wholeNumberOption(values.steps, '--steps', 20));
  const warmup = wholeNumberOption(values.warmup, '--warmup', 30);
  const loadStart = loadavg()[0];
  const request = JSON.stringify({ config, steps, warmup });
  const profile = await evaluateInDevServerPage<WebGlProfileResult>(
    `import('/src/bench/profilePage.ts').then((page) => { const r = ${request}; return page.profileWebGlConfig(r.config, r.steps, r.warmup, '/'); })`,
  );
  return [
    `${config} on WebGL (${profile.adapter}), ${steps} steps after ${warmup} warm-up`,
    `per step: wall ${profile.wallMs.toFixed(0)} ms (drains included), kernels ${profile.kernelMs.toFixed(0)} ms`,
    ...profile.kernels.filter((kernel) => kernel.ms >= 0.05).map((kernel) => `${kernel.name.padEnd(36)} ${kernel.calls.toFixed(1).padStart(5)} calls ${kernel.ms.toFixed(1).padStart(8)} ms`),
    `load average ${loadStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`,
  ];
}

runAsScript(import.meta.url, profileWebgl);
