/**
 * The TensorFlow.js backends the playground knows, and what is said about the one that runs. TF-free:
 * the worker protocol re-exports these types and the UI reads the lists, so nothing here may import tfjs.
 */

/**
 * The backends, most GPU-bound first. This is also the fallback order: a backend that fails to start (or
 * whose device is lost) is replaced by the next one, and `cpu` (plain JavaScript) always works.
 */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** One of `BACKEND_NAMES`. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What the user may choose: a backend, or `auto` (the fastest one measured on this browser and adapter). */
export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;
/** One of `BACKEND_CHOICES`. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The backend that replaces `name` when it fails, or null after the last one. */
export function nextFallbackBackend(name: BackendName): BackendName | null {
  return BACKEND_NAMES[BACKEND_NAMES.indexOf(name) + 1] ?? null;
}

/** What the worker says about the backend it runs on, and why it runs on it. */
export interface BackendReport {
  requested: BackendChoice;
  active: BackendName;
  /** Plain-words reason, e.g. 'wasm was chosen by hand' or the failures a fallback passed over. */
  reason: string;
  /** WebGPU adapter vendor / architecture / description, WebGL renderer, or WebAssembly flavour. */
  adapter: string;
  /**
   * Backends this start passed over because the browser does not offer them at all (no `navigator.gpu`, no WebGPU
   * adapter, no WebGL), as against ones that failed: trying them again in this browser cannot work.
   */
  absent: BackendName[];
}

/**
 * Passed to `onDeviceLost` when the GPU goes away under a backend: the WebGPU device (driver reset, GPU process
 * crash, tab in background) or the WebGL context (the same causes, or the browser reclaiming contexts).
 */
export interface DeviceLostInfo {
  backend: 'webgpu' | 'webgl';
  /**
   * WebGPU: GPUDeviceLostReason, 'unknown' for a crash or reset, 'destroyed' after device.destroy() (which the app
   * never calls on a device it trains on; the e2e hook does, as a reset would). WebGL: 'context lost'.
   */
  reason: string;
  message: string;
}
