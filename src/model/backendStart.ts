/**
 * Starting a TensorFlow.js backend by name, falling back along `BACKEND_NAMES` (webgpu → webgl → wasm →
 * cpu) when it cannot start, and reporting in plain words what runs and why.
 *
 * Which backend to ask for is decided elsewhere: by the user, or by `auto`, which measures real training
 * steps in a separate probe worker (backendProbe.ts) so the app never waits for a measurement.
 *
 * Node-safe: no DOM access at import time and no bundler-only imports, so the CLI, the bench and the unit
 * tests use it too. The browser passes the wasm binaries' URLs in `options.wasmPaths` (see wasmBinaries.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { registerWasmSliceKernels } from './wasmSliceKernels';
import { registerSplitAddN } from './webgpu/addN';
import { useWriteBufferUploads } from './webgpu/writeBufferUploads';
import { describeGpuAdapter, describeWebGlRenderer, inspectWebGpuAdapter, isSoftwareAdapter } from './backendAdapter';
import { BACKEND_NAMES } from './backendTypes';
import type { BackendName, BackendReport, DeviceLostInfo } from './backendTypes';

/**
 * Why a backend could not be used. The message is shown to the user next to the backend switch. `isAbsent`: the
 * browser does not offer it at all (as against a start that failed), so no later try in this browser can work.
 */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  constructor(
    readonly backend: BackendName,
    reason: string,
    readonly isAbsent = false,
  ) {
    super(`${backend}: ${reason}`);
  }
}

/** The names tfjs-backend-wasm looks its binaries up by (`setWasmPaths` map keys). */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** How to start a backend: the wasm binaries' URLs, who hears of a lost device, whether to fall back. */
export interface BackendOptions {
  /**
   * Where the wasm binaries are served (browser only; Node finds them beside the package). A map from
   * binary name to URL works under any base path because the bundler wrote the URLs.
   */
  wasmPaths?: Partial<Record<WasmBinaryName, string>>;
  /** Called once if the WebGPU device is lost after start; the backend is unusable from then on. */
  onDeviceLost?: (info: DeviceLostInfo) => void;
  /** False: only `name`, no fallback (the probe measures each backend on its own). Default true. */
  canFallBack?: boolean;
}

/**
 * Start `name` and report what runs and why. A backend that fails falls back along `BACKEND_NAMES`,
 * with the failures in `reason`; with `canFallBack: false` the failure is thrown instead.
 */
export async function initBackend(name: BackendName, options: BackendOptions = {}): Promise<BackendReport> {
  const failures: string[] = [];
  const absent: BackendName[] = [];
  const candidates = options.canFallBack === false ? [name] : BACKEND_NAMES.slice(BACKEND_NAMES.indexOf(name));
  for (const candidate of candidates) {
    try {
      await startBackend(candidate, options);
      const reason =
        failures.length === 0
          ? `${candidate} started`
          : `${name} could not start (${failures.join('; ')}); fell back to ${candidate}`;
      return { requested: name, active: candidate, reason, adapter: await describeAdapter(), absent };
    } catch (error) {
      if (options.canFallBack === false) throw error;
      failures.push(errorText(error));
      if (error instanceof BackendUnavailableError && error.isAbsent) absent.push(candidate);
    }
  }
  // Unreachable in practice (cpu is pure JavaScript); kept so the function's promise holds.
  throw new Error(`No TensorFlow.js backend could start: ${failures.join('; ')}`);
}

/** Make `name` the active backend and prove it runs a kernel; throws BackendUnavailableError otherwise. */
async function startBackend(name: BackendName, options: BackendOptions): Promise<void> {
  await registerBackend(name, options);
  // WebGL compiles its shaders with every shape baked in, so each new bucketed length compiled a fresh set
  // (16% of the bench worker's time in getShaderParameter on SST-2, most of the rest waiting on them):
  // shapes as uniforms let batches of every length share one program.
  if (name === 'webgl') tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
  if (tf.findBackendFactory(name) === null) {
    throw new BackendUnavailableError(name, missingBackendReason(name), true);
  }
  renewIfGpuLost(name);
  // tfjs's webgpu factory reads the adapter's features without checking for one, so a browser that has WebGPU but no
  // adapter for it (switched off, or the graphics card blocklisted: Chromium on Linux by default) failed as "could not
  // initialise it". Asked first, the student hears what is missing, and that trying again would fail the same way.
  // Not after this worker saw the device lost: no adapter then is the loss's doing, said below as such.
  if (name === 'webgpu' && !namesWithLostGpu.has(name) && (await inspectWebGpuAdapter()).description === '') {
    throw new BackendUnavailableError(name, NO_WEBGPU_ADAPTER, true);
  }
  const isStarted = await tf.setBackend(name);
  if (!isStarted || tf.getBackend() !== name) {
    const reason = namesWithLostGpu.has(name) ? `${lostGpuWords(name)} and no new one could be had` : 'TensorFlow.js could not initialise it';
    throw new BackendUnavailableError(name, `${reason} (the console has the details)`);
  }
  namesWithLostGpu.delete(name);
  await tf.ready();
  // Reads of a lost context never finish: the probe below would hang instead of failing.
  if (activeWebGlContext()?.isContextLost()) {
    throw new BackendUnavailableError(name, 'the browser gave a WebGL context that is already lost');
  }
  // Some backends start but fail at the first kernel (e.g. a WebGL context without float textures, a dead device).
  await probeKernel(name);
  if (name === 'webgl') watchWebGlContextLoss(options);
  if (name === 'webgpu') {
    watchDeviceLoss(options);
    // tfjs's AddN binds every input; 8 or more make an invalid pipeline (webgpu/addN.ts).
    registerSplitAddN();
    // tfjs makes a new staging buffer per upload; writeBuffer reuses the driver's (webgpu/writeBufferUploads.ts).
    useWriteBufferUploads(tf.backend());
  }
  // tfjs's wasm Slice/Unpack/SplitV copy their whole input per piece (wasmSliceKernels.ts).
  if (name === 'wasm') registerWasmSliceKernels();
}

/**
 * Elements of each input of the start probe. tfjs's webgpu runs a kernel on the CPU when WEBGPU_CPU_FORWARD is on (its
 * default) and every input is held on the CPU with fewer than WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD elements (1000 by
 * default; backend_webgpu.js's shouldExecuteOnCPU): a 1 + 1 never reached the device, so a start on a dead one
 * "succeeded" and the first read of the weights failed. 1024 elements make it upload both inputs, dispatch and map a
 * buffer back: a few milliseconds, once per start.
 */
const START_PROBE_SIZE = 1024;

/**
 * Add two vectors of START_PROBE_SIZE ones on the backend that just started and read the sum back. A failure (a
 * lost WebGPU device rejects the read's mapAsync) refuses the start, and the instance is marked as on a lost GPU so
 * the next start of `name` makes a new one (renewIfGpuLost).
 */
async function probeKernel(name: BackendName): Promise<void> {
  const backend = tf.backend();
  const sum = tf.tidy(() => tf.add(tf.ones([START_PROBE_SIZE]), tf.ones([START_PROBE_SIZE])));
  let values: Float32Array | Int32Array | Uint8Array;
  try {
    values = await sum.data();
  } catch (error) {
    backendsWithLostGpu.add(backend);
    throw new BackendUnavailableError(name, `its first computation failed (${errorText(error)})`);
  } finally {
    sum.dispose();
  }
  const wrong = values.findIndex((value) => value !== 2);
  if (wrong !== -1) throw new BackendUnavailableError(name, `computed 1 + 1 = ${values[wrong]}`);
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

/** Why WebGPU cannot run in a browser that has `navigator.gpu` but gives no adapter. */
export const NO_WEBGPU_ADAPTER =
  'this browser has WebGPU but gave no adapter for it (WebGPU is switched off here, or this graphics card is not supported; chrome://gpu says which)';

function missingBackendReason(name: BackendName): string {
  if (name === 'webgpu') return 'this browser offers no WebGPU (navigator.gpu is missing)';
  if (name === 'webgl') return 'WebGL is not available here (no OffscreenCanvas in this context)';
  if (name === 'wasm') return 'WebAssembly is not available here';
  return 'not registered';
}

/**
 * The backends (tfjs's instances) whose GPU was lost: a WebGPU device's `lost` settled, a WebGL context's
 * webglcontextlost fired. tfjs keeps a backend's instance after another takes over and hands the same one back on
 * the next switch to it, dead device or context and all; see renewIfGpuLost.
 */
const backendsWithLostGpu = new WeakSet<object>();

/** The backends renewed after a loss that have not started since: a failure to start then names the loss. */
const namesWithLostGpu = new Set<BackendName>();

/** The instance tfjs keeps under `name`, without creating one (tf.findBackend would). */
function keptBackend(name: BackendName): object | undefined {
  return tf.engine().registry[name] as object | undefined;
}

/**
 * If the instance tfjs keeps under `name` runs on a lost GPU, drop it (its compiled programs and textures with it)
 * and register the backend's own factory again, so the next tf.setBackend creates a new WebGL context or WebGPU
 * device. The kernels stay registered: tfjs keys them by backend name, and removeBackend
 * only calls their disposeFunc, which neither tfjs's webgl nor its webgpu kernels (nor ours) have.
 *
 * Without this, switching back to webgl after its context was lost under wasm hung in silence: the probe read the
 * dead context and never finished.
 */
function renewIfGpuLost(name: BackendName): void {
  const kept = keptBackend(name);
  if (kept === undefined || !(backendsWithLostGpu.has(kept) || webGlContextOf(kept)?.isContextLost() === true)) return;
  namesWithLostGpu.add(name);
  const { factory, priority } = tf.engine().registryFactory[name];
  try {
    tf.removeBackend(name);
  } catch (error) {
    // tfjs drops the factory last, so a failure here leaves the backend registered as it was.
    throw new BackendUnavailableError(name, `${lostGpuWords(name)} and tfjs could not let it go (${errorText(error)})`);
  }
  tf.registerBackend(name, factory, priority);
}

function lostGpuWords(name: BackendName): string {
  return name === 'webgpu' ? 'its WebGPU device was lost' : name === 'webgl' ? 'its WebGL context was lost' : 'its device was lost';
}

const watchedDevices = new WeakSet<object>();

/** Subscribe once per device to `device.lost`; tfjs itself never tells anyone. */
function watchDeviceLoss(options: BackendOptions): void {
  const backend = tf.backend();
  const device = webGpuDeviceOf(backend);
  if (!device || watchedDevices.has(device)) return;
  watchedDevices.add(device);
  const onDeviceLost = options.onDeviceLost;
  void device.lost.then((info) => {
    backendsWithLostGpu.add(backend);
    // 'destroyed' is news too: the app destroys no device of its own, so one destroyed was taken from under whoever
    // trains on it (the e2e hook's loseGpu does just that), and its next read fails as after a GPU reset ('unknown').
    onDeviceLost?.({ backend: 'webgpu', reason: info.reason, message: info.message });
  });
}

/** The device of a WebGPU backend instance (tfjs's `.device`), or null for another backend. */
function webGpuDeviceOf(backend: object): GPUDevice | null {
  return (backend as { device?: GPUDevice }).device ?? null;
}

type WebGlContext = WebGLRenderingContext | WebGL2RenderingContext;

/** The context of a WebGL backend instance (tfjs keeps it on its GPGPU context), or null for another backend. */
function webGlContextOf(backend: object): WebGlContext | null {
  return (backend as { gpgpu?: { gl?: WebGlContext } }).gpgpu?.gl ?? null;
}

/** The WebGL backend's context, or null on another backend. */
function activeWebGlContext(): WebGlContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return webGlContextOf(tf.backend());
}

const watchedContexts = new WeakSet<object>();

/**
 * Subscribe once per context to its loss. tfjs only drops the context from its cache; the backend keeps the dead
 * one, whose reads never finish: without this, the next step hung in silence (Step greyed out, "training", the
 * step count frozen, predictions never answered), measured in Chromium with WEBGL_lose_context.
 */
function watchWebGlContextLoss(options: BackendOptions): void {
  const backend = tf.backend();
  const gl = activeWebGlContext();
  if (!gl || watchedContexts.has(gl)) return;
  watchedContexts.add(gl);
  const onDeviceLost = options.onDeviceLost;
  // An OffscreenCanvas in the worker; an HTMLCanvasElement where tfjs runs on the page (the bench's parity page).
  const onLost = () => {
    backendsWithLostGpu.add(backend);
    onDeviceLost?.({ backend: 'webgl', reason: 'context lost', message: '' });
  };
  (gl.canvas as EventTarget).addEventListener('webglcontextlost', onLost, { once: true });
}

/**
 * Lose the GPU as a driver reset would, for the e2e tests of the recovery: the WebGL context of the webgl backend
 * tfjs keeps (WEBGL_lose_context: its webglcontextlost fires) and the WebGPU device of the webgpu one (destroy():
 * its `lost` settles, with reason 'destroyed'), whether that backend runs or another took over since. A reset
 * takes every context and device of the page's GPU process; so does this.
 */
export function loseGpu(): void {
  const webgl = keptBackend('webgl');
  const gl = webgl === undefined ? null : webGlContextOf(webgl);
  const webgpu = keptBackend('webgpu');
  const device = webgpu === undefined ? null : webGpuDeviceOf(webgpu);
  if (!gl && !device) throw new Error(`Only a WebGL context or a WebGPU device can be lost on request; the backend is ${tf.getBackend()} and neither was started.`);
  if (gl) {
    const extension = gl.getExtension('WEBGL_lose_context');
    if (!extension) throw new Error('This browser does not offer WEBGL_lose_context.');
    extension.loseContext();
  }
  device?.destroy();
}

/**
 * Make this worker's browser offer no WebGPU adapter from now on (`isRefused`), as Chromium does after repeated GPU
 * crashes until it restarts, or offer them again: for the e2e test of a retry after a loss that finds none. While
 * refused, every request answers null, tfjs's too.
 */
export function refuseWebGpuAdapters(isRefused: boolean): void {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) throw new Error('This browser has no navigator.gpu whose adapters could be refused.');
  // An own property over GPU.prototype's method; deleting it offers the browser's adapters again.
  if (isRefused) Object.defineProperty(gpu, 'requestAdapter', { value: async () => null, configurable: true });
  else delete (gpu as { requestAdapter?: unknown }).requestAdapter;
}

/**
 * What the active backend runs on, for the backend badge and the benchmark's `adapter` column:
 * the WebGPU adapter, the WebGL renderer, or the WebAssembly / JavaScript flavour.
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
    if (name === 'webgl') {
      return `WebGL: ${describeWebGlRenderer(activeWebGlContext() ?? undefined)}`;
    }
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

/** An error's message, else its name (Dawn rejects a lost device's mapAsync with an AbortError that says nothing). */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
