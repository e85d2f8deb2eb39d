/**
 * Choosing and starting the TensorFlow.js backend, and saying in plain words which one runs and why.
 *
 * Why measure instead of trusting tfjs's priorities: on a machine without a GPU, Chromium still offers
 * WebGPU and WebGL through SwiftShader (a CPU emulation of a GPU), and tfjs would happily pick WebGPU
 * although it is ~10x slower than WebAssembly there (issue 2 §5: one LSTM step at batch 64 took webgpu
 * 1.8 s, webgl 0.46 s, wasm 0.17 s, cpu 0.76 s). So `auto` takes WebGPU only on a hardware adapter and
 * otherwise times a tiny LSTM training step on every backend that starts (a software WebGPU adapter
 * excepted: it emulates the GPU on the same CPU, and its shader compilation alone takes seconds),
 * keeping the fastest.
 *
 * Node-safe: no DOM access at import time and no bundler-only imports, so the CLI and the unit tests use
 * it too. The browser passes the wasm binaries' URLs in `options.wasmPaths` (see wasmBinaries.ts).
 */
import * as tf from '@tensorflow/tfjs';

/** The tfjs backends the playground knows. Mirrors worker/protocol.ts (model/ sits below worker/; a type test keeps them equal). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

/** What runs and why; the same shape as protocol.ts's BackendReport, which the worker posts unchanged. */
export interface BackendReport {
  requested: BackendChoice;
  active: BackendName;
  /** Plain-words reason, e.g. 'auto: no hardware WebGPU adapter …; wasm measured fastest …'. */
  reason: string;
  /** WebGPU adapter vendor / architecture / description, WebGL renderer, or WebAssembly flavour. */
  adapter: string;
  /** ms per probe training step, per backend `auto` measured. */
  measured?: Partial<Record<BackendName, number>>;
}

/** Why a backend could not be used. The message is shown to the user next to the backend switch. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  constructor(
    readonly backend: BackendName,
    reason: string,
  ) {
    super(`${backend}: ${reason}`);
  }
}

/** Passed to `onDeviceLost` when the WebGPU device goes away (driver reset, GPU process crash, tab in background). */
export interface DeviceLostInfo {
  backend: 'webgpu';
  /** GPUDeviceLostReason: 'unknown' for a crash ('destroyed' never reaches the callback: we did that ourselves). */
  reason: string;
  message: string;
}

/** The names tfjs-backend-wasm looks its binaries up by (`setWasmPaths` map keys). */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface BackendOptions {
  /**
   * Where the wasm binaries are served (browser only; Node finds them beside the package). A map from
   * binary name to URL works under any base path because the bundler wrote the URLs.
   */
  wasmPaths?: Partial<Record<WasmBinaryName, string>>;
  /** Called once if the WebGPU device is lost after start; the backend is unusable from then on. */
  onDeviceLost?: (info: DeviceLostInfo) => void;
  /** Backends `auto` may measure, fastest-first guess (default wasm, webgl, cpu, webgpu). For tests. */
  candidates?: BackendName[];
}

/** A forced backend that fails falls to the next one here; cpu always works. */
const FALLBACK_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/**
 * Measured first to last; the first result sets the bar that lets slower ones stop early, so the
 * usual winner on a machine without a GPU (wasm) goes first and the slowest (SwiftShader WebGPU) last.
 */
const MEASURE_ORDER: BackendName[] = ['wasm', 'webgl', 'cpu', 'webgpu'];
/**
 * A backend is not timed further when its first step (which compiles shaders) is this many times slower
 * than the best so far, or its second step this many times: SwiftShader WebGPU takes ~5 s for its first
 * step where wasm takes 0.2 s, and waiting for all five would make `auto` take half a minute.
 */
const GIVE_UP_FACTOR = { firstStep: 15, secondStep: 3 };

/**
 * Start the backend for `choice` and report what runs and why. Never throws: a forced backend that
 * fails falls back along webgpu → webgl → wasm → cpu, with the failures in `reason`.
 */
export async function initBackend(choice: BackendChoice, options: BackendOptions = {}): Promise<BackendReport> {
  if (choice === 'auto') return chooseAutomatically(options);
  const failures: string[] = [];
  for (const name of FALLBACK_ORDER.slice(FALLBACK_ORDER.indexOf(choice))) {
    try {
      await startBackend(name, options);
      const reason =
        failures.length === 0
          ? `${name} was chosen by hand`
          : `${choice} was chosen by hand but could not start (${failures.join('; ')}); fell back to ${name}`;
      return { requested: choice, active: name, reason, adapter: await describeAdapter() };
    } catch (error) {
      failures.push(errorText(error));
    }
  }
  // Unreachable in practice (cpu is pure JavaScript); kept so the function's promise holds.
  throw new Error(`No TensorFlow.js backend could start: ${failures.join('; ')}`);
}

async function chooseAutomatically(options: BackendOptions): Promise<BackendReport> {
  const webgpuAdapter = await inspectWebGpuAdapter();
  if (webgpuAdapter.isHardware) {
    try {
      await startBackend('webgpu', options);
      return {
        requested: 'auto',
        active: 'webgpu',
        reason: `auto: WebGPU on a hardware adapter (${webgpuAdapter.description})`,
        adapter: await describeAdapter(),
      };
    } catch (error) {
      webgpuAdapter.note = `hardware WebGPU adapter failed to start (${errorText(error)})`;
    }
  }
  const failures: string[] = [];
  const skipped: string[] = [];
  const candidates = (options.candidates ?? MEASURE_ORDER).filter((name) => !(name === 'webgpu' && webgpuAdapter.isHardware));
  const contenders = await warmUp(candidates.filter((name) => name !== 'webgpu'), options, failures);
  if (candidates.includes('webgpu')) {
    if (contenders.length === 0) {
      contenders.push(...(await warmUp(['webgpu'], options, failures)));
    } else if (webgpuAdapter.description !== '') {
      // A software adapter (SwiftShader) emulates the GPU on the CPU: its first step alone takes ~5-8 s
      // here, and it is never faster than wasm on the same CPU. Not measuring it halves `auto`'s start.
      skipped.push(`webgpu not measured (software adapter ${webgpuAdapter.description}; choose it by hand to compare)`);
    }
  }
  const { measured, stoppedEarly } = await timeInterleaved(contenders);
  let best: { name: BackendName; ms: number } | null = null;
  for (const [name, ms] of Object.entries(measured) as [BackendName, number][]) {
    if (best === null || effectiveMs(name, ms) < effectiveMs(best.name, best.ms)) best = { name, ms };
  }
  if (best === null) {
    await startBackend('cpu', options);
    best = { name: 'cpu', ms: NaN };
  } else {
    await startBackend(best.name, options);
  }
  const ranking = (Object.entries(measured) as [BackendName, number][])
    .sort((a, b) => a[1] - b[1])
    .map(([name, ms]) => (stoppedEarly.includes(name) ? `${name} ${ms}+ (stopped after warm-up)` : `${name} ${ms}`))
    .join(', ');
  const parts = [
    `auto: ${webgpuAdapter.note}`,
    `${best.name} was fastest on a small LSTM training step (ms/step: ${ranking})`,
  ];
  if (measured.webgl !== undefined || measured.webgpu !== undefined) {
    parts.push(`GPU backends count ${Math.round((GPU_HANDICAP - 1) * 100)}% slower, as each new sequence length recompiles their shaders`);
  }
  parts.push(...skipped);
  if (failures.length > 0) parts.push(`not available: ${failures.join('; ')}`);
  return { requested: 'auto', active: best.name, reason: parts.join('; '), adapter: await describeAdapter(), measured };
}

/**
 * A GPU backend must beat the CPU ones by this factor to be chosen. The probe has one fixed shape, so
 * WebGL compiles its shaders once; real training with length buckets meets a new shape per bucket and
 * compiles again. Measured in Chromium on SwiftShader: the probe had webgl 219 ms vs wasm 218 ms, while
 * the names LSTM trained at 386 ms/step on webgl vs 82 ms/step on wasm.
 */
const GPU_HANDICAP = 1.25;

function effectiveMs(name: BackendName, ms: number): number {
  return name === 'webgl' || name === 'webgpu' ? ms * GPU_HANDICAP : ms;
}

/** Make `name` the active backend and prove it runs a kernel; throws BackendUnavailableError otherwise. */
async function startBackend(name: BackendName, options: BackendOptions): Promise<void> {
  await registerBackend(name, options);
  if (tf.findBackendFactory(name) === null) {
    throw new BackendUnavailableError(name, missingBackendReason(name));
  }
  const isStarted = await tf.setBackend(name);
  if (!isStarted || tf.getBackend() !== name) {
    throw new BackendUnavailableError(name, 'TensorFlow.js could not initialise it (the console has the details)');
  }
  await tf.ready();
  // Some backends start but fail at the first kernel (e.g. a WebGL context without float textures).
  const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
  try {
    const [value] = await probe.data();
    if (value !== 2) throw new BackendUnavailableError(name, `computed 1 + 1 = ${value}`);
  } finally {
    probe.dispose();
  }
  if (name === 'webgpu') watchDeviceLoss(options);
}

/** webgpu and wasm live in their own packages, loaded only when asked for so the worker starts quickly. */
async function registerBackend(name: BackendName, options: BackendOptions): Promise<void> {
  if (tf.findBackendFactory(name) !== null) return;
  if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths);
  }
}

function missingBackendReason(name: BackendName): string {
  if (name === 'webgpu') return 'this browser offers no WebGPU (navigator.gpu is missing)';
  if (name === 'webgl') return 'WebGL is not available here (no OffscreenCanvas in this context)';
  if (name === 'wasm') return 'WebAssembly is not available here';
  return 'not registered';
}

const watchedDevices = new WeakSet<object>();

/** Subscribe once per device to `device.lost`; tfjs itself never tells anyone. */
function watchDeviceLoss(options: BackendOptions): void {
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  if (!device || watchedDevices.has(device) || !options.onDeviceLost) return;
  watchedDevices.add(device);
  const onDeviceLost = options.onDeviceLost;
  void device.lost.then((info) => {
    if (info.reason === 'destroyed') return;
    onDeviceLost({ backend: 'webgpu', reason: info.reason, message: info.message });
  });
}

interface WebGpuAdapterSummary {
  isHardware: boolean;
  description: string;
  /** Why WebGPU was or was not preferred, in plain words. */
  note: string;
}

/** Ask the browser for its WebGPU adapter and decide whether it is real hardware or a software fallback. */
async function inspectWebGpuAdapter(): Promise<WebGpuAdapterSummary> {
  const gpu = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { isHardware: false, description: '', note: 'no WebGPU in this browser' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { isHardware: false, description: '', note: 'no WebGPU adapter' };
  const description = describeGpuAdapter(adapter);
  if (isSoftwareAdapter(adapter)) {
    return { isHardware: false, description, note: `no hardware WebGPU adapter (only ${description}, a software fallback)` };
  }
  return { isHardware: true, description, note: `hardware WebGPU adapter (${description})` };
}

/** Adapter info fields as Chrome exposes them (`isFallbackAdapter` moved from the adapter to its info in 2024). */
interface AdapterInfoFields {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

function adapterInfo(adapter: GPUAdapter): AdapterInfoFields {
  return ((adapter as GPUAdapter & { info?: AdapterInfoFields }).info ?? {}) as AdapterInfoFields;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|warp/i;

function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const info = adapterInfo(adapter);
  const isFallback = info.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  if (isFallback === true) return true;
  return SOFTWARE_RENDERERS.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}

function describeGpuAdapter(adapter: GPUAdapter): string {
  const info = adapterInfo(adapter);
  const words = [info.vendor, info.architecture, info.device, info.description].filter((word) => word && word.length > 0);
  const unique = [...new Set(words)];
  return unique.length > 0 ? unique.join(' / ') : 'unnamed adapter';
}

/**
 * What the active backend runs on, for the backend badge and the benchmark's `adapter` column:
 * the WebGPU adapter (vendor / architecture / description), the WebGL renderer
 * (WEBGL_debug_renderer_info), or the WebAssembly / JavaScript flavour.
 */
export async function describeAdapter(): Promise<string> {
  const name = tf.getBackend();
  try {
    if (name === 'webgpu') {
      const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
      const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }) : null;
      if (!adapter) return 'WebGPU adapter';
      return `WebGPU: ${describeGpuAdapter(adapter)}${isSoftwareAdapter(adapter) ? ' (software)' : ''}`;
    }
    if (name === 'webgl') return `WebGL: ${describeWebGlRenderer()}`;
    if (name === 'wasm') {
      const hasSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const hasThreads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      const features = [hasSimd ? 'SIMD' : 'no SIMD', hasThreads ? 'threads' : 'one thread'];
      return `WebAssembly (${features.join(', ')})`;
    }
    if (name === 'cpu') return 'JavaScript (plain CPU kernels)';
  } catch (error) {
    return `${name} (adapter unknown: ${errorText(error)})`;
  }
  return String(name);
}

function describeWebGlRenderer(): string {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext } }).gpgpu?.gl;
  if (!gl) return 'unknown renderer';
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  if (debugInfo) {
    const vendor = gl.getParameter(debugInfo.UNMASKED_VENDOR_WEBGL) as string;
    const renderer = gl.getParameter(debugInfo.UNMASKED_RENDERER_WEBGL) as string;
    return `${vendor} / ${renderer}`;
  }
  return String(gl.getParameter(gl.RENDERER));
}

/** The probe's shape: issue 2 §5's reference step (LSTM, batch 64, 12 timesteps, hidden 128, 57 one-hot inputs, 18 classes). */
const PROBE = { batchSize: 64, seqLength: 12, inputSize: 57, hiddenSize: 128, numClasses: 18, warmUpSteps: 2, timedSteps: 3 };

/** A backend being measured: its own probe (tensors live on that backend) and its times. */
interface Contender {
  name: BackendName;
  probe: TrainingProbe;
  /** The last warm-up step, ms (the first compiles shaders). */
  warmUpMs: number;
  /** Set when the first step alone was so slow that warming up further was pointless. */
  isEarlyStop: boolean;
}

/**
 * Start each backend, give it a probe and run its warm-up steps (one backend after the other: the
 * first steps compile shaders). Backends that fail to start are reported in `failures`.
 */
async function warmUp(names: BackendName[], options: BackendOptions, failures: string[]): Promise<Contender[]> {
  const contenders: Contender[] = [];
  for (const name of names) {
    let probe: TrainingProbe | null = null;
    try {
      await startBackend(name, options);
      probe = createTrainingProbe();
      const bestSoFar = Math.min(Infinity, ...contenders.map((contender) => contender.warmUpMs));
      let warmUpMs = await probe.step();
      let isEarlyStop = warmUpMs > GIVE_UP_FACTOR.firstStep * bestSoFar;
      for (let index = 1; index < PROBE.warmUpSteps && !isEarlyStop; index++) warmUpMs = await probe.step();
      isEarlyStop ||= warmUpMs > GIVE_UP_FACTOR.secondStep * bestSoFar;
      contenders.push({ name, probe, warmUpMs, isEarlyStop });
    } catch (error) {
      probe?.dispose();
      failures.push(errorText(error));
    }
  }
  return contenders;
}

/**
 * Time the contenders' steps round-robin (one step each per round), so a busy moment — the page still
 * loading on the main thread, another tab — slows all of them alike instead of whichever came first
 * (seen here: wasm timed at 769 ms at page load, 218 ms a few seconds later). A contender whose warm-up
 * was `GIVE_UP_FACTOR.secondStep` times slower than the best is not timed; its warm-up time stands.
 * Disposes every probe.
 */
async function timeInterleaved(
  contenders: Contender[],
): Promise<{ measured: Partial<Record<BackendName, number>>; stoppedEarly: BackendName[] }> {
  const measured: Partial<Record<BackendName, number>> = {};
  const stoppedEarly: BackendName[] = [];
  try {
    const bestWarmUpMs = Math.min(...contenders.map((contender) => contender.warmUpMs));
    const timed = contenders.filter((contender) => {
      const isTooSlow = contender.isEarlyStop || contender.warmUpMs > GIVE_UP_FACTOR.secondStep * bestWarmUpMs;
      if (isTooSlow) {
        measured[contender.name] = Math.round(contender.warmUpMs);
        stoppedEarly.push(contender.name);
      }
      return !isTooSlow;
    });
    const times = new Map<BackendName, number[]>(timed.map((contender) => [contender.name, []]));
    for (let round = 0; round < PROBE.timedSteps; round++) {
      for (const contender of timed) {
        await tf.setBackend(contender.name);
        times.get(contender.name)!.push(await contender.probe.step());
      }
    }
    for (const [name, values] of times) measured[name] = Math.round(median(values));
  } finally {
    for (const contender of contenders) contender.probe.dispose();
  }
  return { measured, stoppedEarly };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Time one LSTM training step (forward over 12 steps, NLL, BPTT, SGD update) on the active backend:
 * the median of the timed steps after warm-up (the first steps compile shaders). Every tensor it makes
 * is disposed.
 */
export async function measureTrainingStep(): Promise<number> {
  const probe = createTrainingProbe();
  try {
    for (let index = 0; index < PROBE.warmUpSteps; index++) await probe.step();
    const times: number[] = [];
    for (let index = 0; index < PROBE.timedSteps; index++) times.push(await probe.step());
    return median(times);
  } finally {
    probe.dispose();
  }
}

interface TrainingProbe {
  /** One training step; resolves with its wall time in ms, once the backend has really finished it. */
  step(): Promise<number>;
  dispose(): void;
}

/** A tiny LSTM classifier with its data and optimiser, on the backend active now. */
function createTrainingProbe(): TrainingProbe {
  const { batchSize, seqLength, inputSize, hiddenSize, numClasses } = PROBE;
  const gateSize = 4 * hiddenSize;
  const scale = 1 / Math.sqrt(hiddenSize);
  // Inside tidy so the initial values (separate tensors from the variables) are freed.
  const weights = tf.tidy(() => ({
    inputToGates: tf.variable(tf.randomUniform([inputSize, gateSize], -scale, scale, 'float32', 1)),
    hiddenToGates: tf.variable(tf.randomUniform([hiddenSize, gateSize], -scale, scale, 'float32', 2)),
    gateBias: tf.variable(tf.zeros([gateSize])),
    headWeight: tf.variable(tf.randomUniform([hiddenSize, numClasses], -scale, scale, 'float32', 3)),
    headBias: tf.variable(tf.zeros([numClasses])),
  }));
  const inputs = tf.tidy(() =>
    tf.oneHot(tf.randomUniform([seqLength * batchSize], 0, inputSize, 'int32', 4), inputSize).toFloat(),
  );
  const targets = tf.tidy(() =>
    tf.oneHot(tf.randomUniform([batchSize], 0, numClasses, 'int32', 5), numClasses).toFloat(),
  );
  const optimizer = tf.train.sgd(0.01);

  const lossOfBatch = (): tf.Scalar => {
    // Input projection for all timesteps in one matmul, then the recurrence: [T*B, in] → T × [B, 4H].
    const projected = tf.add(tf.matMul(inputs, weights.inputToGates), weights.gateBias);
    const perStep = tf.unstack(tf.reshape(projected, [seqLength, batchSize, gateSize]));
    let hidden: tf.Tensor2D = tf.zeros([batchSize, hiddenSize]);
    let cell: tf.Tensor2D = tf.zeros([batchSize, hiddenSize]);
    for (const stepInput of perStep) {
      const gates = tf.add(stepInput, tf.matMul(hidden, weights.hiddenToGates));
      const [inputGate, forgetGate, candidate, outputGate] = tf.split(gates, 4, 1);
      cell = tf.add(tf.mul(tf.sigmoid(forgetGate), cell), tf.mul(tf.sigmoid(inputGate), tf.tanh(candidate)));
      hidden = tf.mul(tf.sigmoid(outputGate), tf.tanh(cell));
    }
    const logProbs = tf.logSoftmax(tf.add(tf.matMul(hidden, weights.headWeight), weights.headBias));
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, logProbs), 1)));
  };

  return {
    async step() {
      const started = performance.now();
      const loss = optimizer.minimize(lossOfBatch, true, Object.values(weights));
      try {
        await loss?.data();
      } finally {
        loss?.dispose();
      }
      return performance.now() - started;
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([inputs, targets, ...Object.values(weights)]);
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
