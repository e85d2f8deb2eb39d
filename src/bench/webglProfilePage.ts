/**
 * The browser side of `npm run profile:webgl`: loaded by the CLI's page from Vite's dev server, it trains a
 * benchmark configuration on webgl and returns where each step's time went (model/webgl/stepProfile.ts).
 */
import { loadBuiltinDataset } from '../data/assets';
import { initBackend } from '../model/backendStart';
import { createSession } from '../model/trainingSession';
import { profileWebGlSteps, type WebGlStepProfile } from '../model/webgl/stepProfile';
import { BENCH_CONFIGS, modelConfigFor, trainConfigFor } from './configs';
import type { BenchConfigName } from './types';

export interface WebGlProfileResult extends WebGlStepProfile {
  adapter: string;
}

/** `baseUrl`: where the site's data/ is served (the dev server's root). */
export async function profileWebGlConfig(config: BenchConfigName, steps: number, warmup: number, baseUrl: string): Promise<WebGlProfileResult> {
  const report = await initBackend('webgl');
  if (report.active !== 'webgl') throw new Error(`webgl did not start: ${report.reason}`);
  const spec = BENCH_CONFIGS[config];
  const dataset = await loadBuiltinDataset(spec.dataset, baseUrl);
  const session = createSession(dataset, modelConfigFor(spec, dataset), trainConfigFor(spec, 'natural', 100_000));
  try {
    for (let step = 0; step < warmup; step++) await session.trainStep();
    return { ...(await profileWebGlSteps(session, steps)), adapter: report.adapter };
  } finally {
    session.dispose();
  }
}
