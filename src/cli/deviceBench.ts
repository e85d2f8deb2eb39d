/**
 * `deviceBench [--data-dir DIR] [--driver system|swiftshader] [--config a,b] [--steps N] [--profile-steps N] [--parity]`:
 * the bench's ms/step phase (cli/bench's measurements: warm-up, then steps timed to the loss read back, kernels and
 * GPU dispatches per step, Inspect's trace) and the per-kernel GPU time of names-lstm, on tfjs's webgpu backend
 * in Node through Dawn. Made for a machine with a GPU but no browser and no network (the lent GPU machine):
 * scripts/device-kit.sh bundles it with Node, Dawn, the Vulkan loader and the data into `.device/`, and
 * `.device/run.sh` runs it there. `--driver swiftshader` runs the same bundle here on Chromium's SwiftShader.
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Dataset } from '../data/types';
import { BENCH_CONFIGS, modelConfigFor, trainConfigFor } from '../bench/configs';
import { type BenchEnvironment, benchmarkConfig } from '../bench/measure';
import { QUICK_PLAN, DEFAULT_PLAN } from '../bench/plan';
import { formatTable } from '../bench/table';
import { BENCH_CONFIG_NAMES, type BenchConfigName, type BenchRun } from '../bench/types';
import { initBackend } from '../model/backendStart';
import { liveTensorCount } from '../model/nodeBackend';
import { startOpCounting } from '../model/opCounter';
import { useDawnWebGpu } from '../model/testing/dawn';
import { createSession } from '../model/trainingSession';
import { profileSteps } from '../model/webgpu/stepProfile';
import { runAsScript, wholeNumberOption } from './cliMain';
import { runParity } from './deviceParity';
import { loadDatasetFromDir, resolveDataDir } from './dataDir';

const DEFAULT_CONFIGS: BenchConfigName[] = ['names-lstm', 'names-gru', 'names-rnn', 'sst2-lstm'];

export async function deviceBench(argv: string[]): Promise<string[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      driver: { type: 'string', default: 'system' },
      config: { type: 'string', default: DEFAULT_CONFIGS.join(',') },
      steps: { type: 'string' },
      'profile-steps': { type: 'string' },
      parity: { type: 'boolean', default: false },
    },
  });
  const driver = values.driver;
  if (driver !== 'system' && driver !== 'swiftshader') throw new Error(`--driver ${driver}: choose system or swiftshader.`);
  const configs = values.config.split(',') as BenchConfigName[];
  for (const config of configs) if (!BENCH_CONFIG_NAMES.includes(config)) throw new Error(`--config ${config}: choose from ${BENCH_CONFIG_NAMES.join(', ')}.`);
  const steps = Math.max(QUICK_PLAN.minSteps, wholeNumberOption(values.steps, '--steps', 60));
  const profileStepCount = wholeNumberOption(values['profile-steps'], '--profile-steps', 10);
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : resolveDataDir([], process.env);
  const loadStart = loadavg()[0];

  // Timestamp queries for the profile need Dawn's unsafe APIs; the timed steps do not read them.
  const adapter = await useDawnWebGpu(['enable-dawn-features=allow_unsafe_apis'], driver);
  const report = await initBackend('webgpu', { canFallBack: false });
  const lines = [`webgpu in Node ${process.version} through Dawn (${driver} Vulkan driver): ${adapter}`];
  if (values.parity) {
    const parity = await runParity();
    for (const line of parity.lines) console.log(line);
    if (parity.failures > 0) throw new Error(`PyTorch parity failed on ${adapter}: ${parity.lines.filter((line) => line.includes('FAILED')).join('\n')}`);
    lines.push(...parity.lines);
  }
  const datasets = new Map<string, Dataset>();
  const dataset = (source: 'names' | 'sst2') => {
    if (!datasets.has(source)) datasets.set(source, loadDatasetFromDir(source, dataDir));
    return datasets.get(source)!;
  };
  const env: BenchEnvironment = {
    where: 'node',
    backend: { ...report, adapter: `Dawn (${driver}): ${adapter}` },
    createSession,
    loadDataset: async (source) => dataset(source),
    startOpCounting,
    tensorCount: liveTensorCount,
    measureHeap: async () => process.memoryUsage().heapUsed,
    log: (line) => console.log(line),
  };
  const plan = { ...DEFAULT_PLAN, steps, minSteps: QUICK_PLAN.minSteps, warmupSteps: 5, stepPhaseCapSeconds: 120, races: false };
  const rows: BenchRun[] = [];
  for (const config of configs) rows.push(await benchmarkConfig(env, BENCH_CONFIGS[config], plan, { steps: true, races: false }));
  lines.push(formatTable(rows));

  if (profileStepCount > 0) {
    const spec = BENCH_CONFIGS['names-lstm'];
    const names = dataset(spec.dataset);
    const session = createSession(names, modelConfigFor(spec, names), trainConfigFor(spec, 'natural', 100_000));
    try {
      for (let step = 0; step < 5; step++) await session.trainStep();
      const profile = await profileSteps(session, profileStepCount);
      lines.push(`names-lstm kernel profile, ${profileStepCount} steps: wall ${profile.wallMs.toFixed(2)} ms, GPU kernels ${profile.gpuMs.toFixed(2)} ms per step`);
      for (const kernel of profile.kernels) lines.push(`  ${kernel.name.padEnd(36)} ${kernel.calls.toFixed(1).padStart(5)} calls ${kernel.gpuMs.toFixed(3).padStart(9)} ms`);
      if (!profile.timed) lines.push('  No kernel reported a GPU time: this adapter offers no timestamp queries.');
    } finally {
      session.dispose();
    }
  }
  lines.push(`load average ${loadStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`);
  return lines;
}

runAsScript(import.meta.url, deviceBench);
