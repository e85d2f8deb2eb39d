/**
 * Command-line options of `npm run bench`. Parsed with node:util's parseArgs (strict: an unknown flag is
 * an error, not silently ignored, so a typo never produces a benchmark of the wrong thing).
 */
import { parseArgs } from 'node:util';
import { BENCH_BACKENDS, BENCH_CONFIG_NAMES, type BenchConfigName, type BenchPlan } from '../../bench/types';
import { DEFAULT_PLAN, QUICK_PLAN } from '../../bench/plan';
import { taskDefaults } from '../../model/taskDefaults';
import { CELL_TYPES, type CellType } from '../../model/types';
import type { BackendName } from '../../worker/protocol';

/** Where the time-to-accuracy races run in the browser: the fastest backend per configuration, all, or none. */
export type RaceBackends = 'fastest' | 'all' | 'none';

/** --generator: train the names LM to the end in the browser instead of timing steps. */
export interface GeneratorOptions {
  cell: CellType;
  hiddenSize: number;
  epochs: number;
}

export interface BenchOptions {
  /** Set by --generator; the speed, soak and rebuild options do not apply then. */
  generator: GeneratorOptions | null;
  backends: BackendName[];
  configs: BenchConfigName[];
  runBrowser: boolean;
  runNode: boolean;
  /** The knobs every backend runs with; `plan.races` is false with --quick or --races none. */
  plan: BenchPlan;
  raceBackends: RaceBackends;
  /** Configurations Node races (by default names-lstm only: the races' targets are the browser's). */
  nodeRaces: BenchConfigName[];
  build: boolean;
  out: string;
  /** --data-dir, else null: the CLI's usual lookup ($RNN_DATA_DIR, then ../shared/data). */
  dataDir: string | null;
  showHelp: boolean;
  /** --memory-race: time the memory lab's default race in Chromium on WASM instead (memoryRaceBench.ts). */
  memoryRace: boolean;
  /** --screenshot FILE (with --memory-race): a PNG of the lab after the race. */
  screenshot: string | null;
  /** --js-flags FLAGS: V8 flags for Chromium (experiments such as wasm tiering); null = Chromium's defaults. */
  jsFlags: string | null;
}

export class BenchArgumentError extends Error {
  override name = 'BenchArgumentError';
}

export const USAGE = `npm run bench -- [options]

Times training steps of the RNN Playground engine in headless Chromium (one worker per backend) and in
Node (wasm), then prints a table and writes bench-results.json.

  --backend LIST      backends: webgpu,webgl,wasm,cpu (default all; Node runs only when wasm is listed)
  --config LIST       ${BENCH_CONFIG_NAMES.join(',')} (default all)
  --node-only         only Node        --browser-only   only Chromium
  --steps N           timed steps per configuration after warm-up (default ${DEFAULT_PLAN.steps}, at least 20 for a stable median)
  --warmup N          warm-up steps (default ${DEFAULT_PLAN.warmupSteps})
  --step-cap S        wall-clock cap of the ms/step phase per configuration (default ${DEFAULT_PLAN.stepPhaseCapSeconds} s; at least 5 steps)
  --quick             ms/step only (${QUICK_PLAN.steps} steps, ${QUICK_PLAN.stepPhaseCapSeconds} s cap), no time-to-accuracy races
  --races WHICH       browser races on: fastest (default; the fastest backend per configuration), all, none
  --node-races LIST   configurations Node races: a list, all or none (default names-lstm)
  --cap S             training-time cap of the 0.78 / 0.70 races (default ${DEFAULT_PLAN.raceCapSeconds} s)
  --macro-cap S       training-time cap of the 0.45-macro race (default ${DEFAULT_PLAN.macroRaceCapSeconds} s)
  --evals-per-cap N   races evaluate every cap/N seconds of training (default ${DEFAULT_PLAN.evaluationsPerCap})
  --soak MINUTES      soak mode: train without stopping, sample every minute (default wasm, names-lstm, browser
                      unless --node-only)
  --rebuilds N        build/train one step/dispose N times, report tensors and heap (default wasm, names-lstm)
  --generator         train the names generator (LSTM 128, Adam 3e-3, batch 64, 10 epochs: the app's defaults)
                      to the end in Chromium (default wasm; one --backend) and print its test NLL per character
  --epochs N          with --generator: epochs (default ${taskDefaults('names-gen').train.epochs})
  --hidden N          with --generator: hidden size (default ${taskDefaults('names-gen').model.hiddenSize})
  --cell CELL         with --generator: ${CELL_TYPES.join(', ')} (default ${taskDefaults('names-gen').model.cell})
  --no-build          serve the existing dist/ instead of running npm run build
  --out FILE          JSON output (default bench-results.json)
  --data-dir DIR      data directory for Node (default $RNN_DATA_DIR, else ../shared/data)
  --memory-race       instead: the memory lab's default race (RNN · LSTM · GRU, distance 30, 300 steps) in
                      Chromium on WASM, through the app's own button; prints accuracy, steps to 0.95, seconds
  --screenshot FILE   with --memory-race: save the lab after the race as a PNG
  --js-flags=FLAGS    V8 flags for Chromium, e.g. --js-flags=--no-liftoff (experiments; the rows then differ from a
                      student's browser)
  --help`;

function parseList<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T[] | null {
  if (value === undefined) return null;
  const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (unknown.length > 0 || items.length === 0) {
    throw new BenchArgumentError(`${flag} ${value}: unknown ${unknown.join(', ') || 'empty list'}; choose from ${allowed.join(', ')}`);
  }
  return [...new Set(items)] as T[];
}

function parseNumber(value: string | undefined, flag: string, minimum: number): number | null {
  if (value === undefined) return null;
  const number = Number(value);
  if (!Number.isFinite(number) || number < minimum) {
    throw new BenchArgumentError(`${flag} ${value}: expected a number ≥ ${minimum}`);
  }
  return number;
}

function parseGeneratorOptions(values: { generator: boolean; epochs?: string; hidden?: string; cell?: string }): GeneratorOptions | null {
  if (!values.generator) {
    const stray = (['epochs', 'hidden', 'cell'] as const).filter((flag) => values[flag] !== undefined);
    if (stray.length > 0) throw new BenchArgumentError(`${stray.map((flag) => `--${flag}`).join(', ')} only apply with --generator`);
    return null;
  }
  const defaults = taskDefaults('names-gen');
  const cellName = values.cell ?? defaults.model.cell;
  const cell = CELL_TYPES.find((name) => name === cellName);
  if (!cell) throw new BenchArgumentError(`--cell ${cellName}: choose from ${CELL_TYPES.join(', ')}`);
  return {
    cell,
    hiddenSize: Math.round(parseNumber(values.hidden, '--hidden', 1) ?? defaults.model.hiddenSize),
    epochs: Math.round(parseNumber(values.epochs, '--epochs', 1) ?? defaults.train.epochs),
  };
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        backend: { type: 'string' },
        config: { type: 'string' },
        'node-only': { type: 'boolean', default: false },
        'browser-only': { type: 'boolean', default: false },
        steps: { type: 'string' },
        warmup: { type: 'string' },
        'step-cap': { type: 'string' },
        quick: { type: 'boolean', default: false },
        races: { type: 'string' },
        'node-races': { type: 'string' },
        cap: { type: 'string' },
        'macro-cap': { type: 'string' },
        'evals-per-cap': { type: 'string' },
        soak: { type: 'string' },
        rebuilds: { type: 'string' },
        generator: { type: 'boolean', default: false },
        epochs: { type: 'string' },
        hidden: { type: 'string' },
        cell: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        out: { type: 'string', default: 'bench-results.json' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', default: false },
        'memory-race': { type: 'boolean', default: false },
        screenshot: { type: 'string' },
        'js-flags': { type: 'string' },
      },
    });
  } catch (error) {
    throw new BenchArgumentError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values;
  if (values.screenshot !== undefined && !values['memory-race']) throw new BenchArgumentError('--screenshot goes with --memory-race');
  if (values['node-only'] && values['browser-only']) {
    throw new BenchArgumentError('--node-only and --browser-only exclude each other');
  }
  const soakMinutes = parseNumber(values.soak, '--soak', 1);
  const rebuilds = parseNumber(values.rebuilds, '--rebuilds', 1);
  if (soakMinutes !== null && rebuilds !== null) {
    throw new BenchArgumentError('--soak and --rebuilds are separate modes: run them one at a time');
  }
  const generator = parseGeneratorOptions(values);
  if (generator && (soakMinutes !== null || rebuilds !== null || values['node-only'])) {
    throw new BenchArgumentError('--generator trains in the browser on its own: leave out --soak, --rebuilds and --node-only');
  }
  if (generator && values.backend !== undefined && values.backend.includes(',')) {
    throw new BenchArgumentError('--generator runs on one backend: give --backend one name');
  }
  const mode = soakMinutes !== null ? 'soak' : rebuilds !== null ? 'rebuilds' : 'speed';
  // The endurance modes default to the app's usual case, not to every backend × configuration.
  const isEndurance = mode !== 'speed' || generator !== null;
  const backends = parseList(values.backend, BENCH_BACKENDS, '--backend') ?? (isEndurance ? ['wasm'] : [...BENCH_BACKENDS]);
  const configs = parseList(values.config, BENCH_CONFIG_NAMES, '--config') ?? (isEndurance ? ['names-lstm'] : [...BENCH_CONFIG_NAMES]);
  const raceBackendsValue = values.races ?? (values.quick ? 'none' : 'fastest');
  if (!['fastest', 'all', 'none'].includes(raceBackendsValue)) {
    throw new BenchArgumentError(`--races ${raceBackendsValue}: choose fastest, all or none`);
  }
  const raceBackends = raceBackendsValue as RaceBackends;
  const steps = parseNumber(values.steps, '--steps', 1);
  const base = values.quick ? { ...DEFAULT_PLAN, ...QUICK_PLAN } : DEFAULT_PLAN;
  const plan: BenchPlan = {
    ...base,
    mode,
    steps: steps === null ? base.steps : Math.round(steps),
    minSteps: Math.min(base.minSteps, steps === null ? base.minSteps : Math.round(steps)),
    warmupSteps: Math.round(parseNumber(values.warmup, '--warmup', 0) ?? base.warmupSteps),
    stepPhaseCapSeconds: parseNumber(values['step-cap'], '--step-cap', 1) ?? base.stepPhaseCapSeconds,
    races: raceBackends !== 'none',
    raceCapSeconds: parseNumber(values.cap, '--cap', 1) ?? DEFAULT_PLAN.raceCapSeconds,
    macroRaceCapSeconds: parseNumber(values['macro-cap'], '--macro-cap', 1) ?? DEFAULT_PLAN.macroRaceCapSeconds,
    evaluationsPerCap: Math.round(parseNumber(values['evals-per-cap'], '--evals-per-cap', 1) ?? DEFAULT_PLAN.evaluationsPerCap),
    soakMinutes: soakMinutes === null ? DEFAULT_PLAN.soakMinutes : Math.round(soakMinutes),
    rebuilds: rebuilds === null ? DEFAULT_PLAN.rebuilds : Math.round(rebuilds),
  };
  const nodeRacesValue = values['node-races'] ?? 'names-lstm';
  const nodeRaces =
    !plan.races || nodeRacesValue === 'none'
      ? []
      : nodeRacesValue === 'all'
        ? [...BENCH_CONFIG_NAMES]
        : (parseList(nodeRacesValue, BENCH_CONFIG_NAMES, '--node-races') ?? []);
  // A soak is long: by default it runs where the app runs (the browser), not twice.
  const browserOnly = values['browser-only'] || (mode === 'soak' && !values['node-only']);
  return {
    generator,
    backends,
    configs,
    runBrowser: !values['node-only'],
    runNode: !browserOnly && backends.includes('wasm'),
    plan,
    raceBackends,
    nodeRaces,
    build: !values['no-build'],
    out: values.out,
    dataDir: values['data-dir'] ?? null,
    showHelp: values.help,
    memoryRace: values['memory-race'],
    screenshot: values.screenshot ?? null,
    jsFlags: values['js-flags'] ?? null,
  };
}
