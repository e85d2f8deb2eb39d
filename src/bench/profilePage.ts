/**
 * The browser side of `npm run profile:webgl` and `npm run profile:webgpu -- --browser`: loaded by the CLI's
 * page from Vite's dev server, it trains a benchmark configuration on one backend and returns where each
 * step's time went: on webgl each tfjs kernel drained on both sides (model/webgl/stepProfile.ts), on webgpu
 * each kernel's GPU time from timestamp queries (model/webgpu/stepProfile.ts). Why WebGPU in Chromium besides
 * the Node profile: Dawn in Node and Chromium compile the same WGSL with different SwiftShader back ends, so the
 * kernels' relative costs differ; the browser is what the bench and the students measure.
 */
import { loadBuiltinDataset } from '../data/assets';
import { initBackend } from '../model/backendStart';
import type { TrainingSession } from '../model/session';
import { createSession } from '../model/trainingSession';
import { profileWebGlSteps, type WebGlStepProfile } from '../model/webgl/stepProfile';
import { profileSteps, type StepProfile } from '../model/webgpu/stepProfile';
import { BENCH_CONFIGS, modelConfigFor, trainConfigFor } from './configs';
import type { BenchConfigName } from './types';

export interface WebGlProfileResult extends WebGlStepProfile {
  adapter: string;
}

export interface WebGpuProfileResult extends StepProfile {
  adapter: string;
}

/** `baseUrl`: where the site's data/ is served (the dev server's root). */
export function profileWebGlConfig(config: BenchConfigName, steps: number, warmup: number, baseUrl: string): Promise<WebGlProfileResult> {
  return profileOn('webgl', config, warmup, baseUrl, (session) => profileWebGlSteps(session, steps));
}

/** `baseUrl`: where the site's data/ is served (the dev server's root). */
export function profileWebGpuConfig(config: BenchConfigName, steps: number, warmup: number, baseUrl: string): Promise<WebGpuProfileResult> {
  return profileOn('webgpu', config, warmup, baseUrl, (session) => profileSteps(session, steps));
}

/** Start `backend`, train `warmup` steps of `config`, then profile with `profile` and name the adapter. */
async function profileOn<P>(backend: 'webgl' | 'webgpu', config: BenchConfigName, warmup: number, baseUrl: string, profile: (session: TrainingSession) => Promise<P>): Promise<P & { adapter: string }> {
  const report = await initBackend(backend);
  if (report.active !== backend) throw new Error(`${backend} did not start: ${report.reason}`);
  const spec = BENCH_CONFIGS[config];
  const dataset = await loadBuiltinDataset(spec.dataset, baseUrl);
  const session = createSession(dataset, modelConfigFor(spec, dataset), trainConfigFor(spec, 'natural', 100_000));
  try {
    for (let step = 0; step < warmup; step++) await session.trainStep();
    return { ...(await profile(session)), adapter: report.adapter };
  } finally {
    session.dispose();
  }
}
