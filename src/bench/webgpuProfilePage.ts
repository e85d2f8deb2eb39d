/**
 * The browser side of `npm run profile:webgpu -- --browser`: loaded by the CLI's page from Vite's dev server,
 * it trains a benchmark configuration on Chromium's WebGPU and returns each kernel's GPU time per step
 * (model/webgpu/stepProfile.ts). Why besides the Node profile: Dawn in Node and Chromium compile the same WGSL
 * with different SwiftShader back ends, so the kernels' relative costs differ; the browser is what the bench
 * and the students measure.
 */
import { loadBuiltinDataset } from '../data/assets';
import { initBackend } from '../model/backendStart';
import { createSession } from '../model/trainingSession';
import { profileSteps, type StepProfile } from '../model/webgpu/stepProfile';
import { BENCH_CONFIGS, modelConfigFor, trainConfigFor } from './configs';
import type { BenchConfigName } from './types';

export interface WebGpuProfileResult extends StepProfile {
  adapter: string;
}

/** `baseUrl`: where the site's data/ is served (the dev server's root). */
export async function profileWebGpuConfig(config: BenchConfigName, steps: number, warmup: number, baseUrl: string): Promise<WebGpuProfileResult> {
  const report = await initBackend('webgpu');
  if (report.active !== 'webgpu') throw new Error(`webgpu did not start: ${report.reason}`);
  const spec = BENCH_CONFIGS[config];
  const dataset = await loadBuiltinDataset(spec.dataset, baseUrl);
  const session = createSession(dataset, modelConfigFor(spec, dataset), trainConfigFor(spec, 'natural', 100_000));
  try {
    for (let step = 0; step < warmup; step++) await session.trainStep();
    return { ...(await profileSteps(session, steps)), adapter: report.adapter };
  } finally {
    session.dispose();
  }
}
