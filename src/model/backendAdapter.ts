/**
 * Describing what a backend runs on: the WebGPU adapter (vendor / architecture / description, and
 * whether it is a software emulation such as SwiftShader) and the WebGL renderer.
 *
 * TF-free on purpose: the main thread reads the WebGPU adapter too (the remembered `auto` choice is kept
 * per browser and adapter), and the main bundle must not pull in TensorFlow.js.
 */

/** A WebGPU adapter as this browser offers it. */
export interface WebGpuAdapterSummary {
  /** False for a software fallback (SwiftShader, llvmpipe, WARP, …): it emulates a GPU on the CPU. */
  isHardware: boolean;
  /** 'vendor / architecture / description', '' when there is no adapter (backendStart.ts reads it so). */
  description: string;
  /** Plain words: what was found. */
  note: string;
}

/** Ask the browser for its WebGPU adapter and say whether it is real hardware or a software fallback. */
export async function inspectWebGpuAdapter(): Promise<WebGpuAdapterSummary> {
  const gpu = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { isHardware: false, description: '', note: 'no WebGPU in this browser' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { isHardware: false, description: '', note: 'no WebGPU adapter' };
  const description = describeGpuAdapter(adapter);
  if (isSoftwareAdapter(adapter)) {
    return { isHardware: false, description, note: `a software WebGPU adapter (${description})` };
  }
  return { isHardware: true, description, note: `a hardware WebGPU adapter (${description})` };
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

/** True for an adapter that emulates the GPU on the CPU. */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const info = adapterInfo(adapter);
  const isFallback = info.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  if (isFallback === true) return true;
  return SOFTWARE_RENDERERS.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}

/** 'vendor / architecture / device / description', repeated words once. */
export function describeGpuAdapter(adapter: GPUAdapter): string {
  const info = adapterInfo(adapter);
  const words = [info.vendor, info.architecture, info.device, info.description].filter((word) => word && word.length > 0);
  const unique = [...new Set(words)];
  return unique.length > 0 ? unique.join(' / ') : 'unnamed adapter';
}

/** 'vendor / renderer' of a WebGL context (WEBGL_debug_renderer_info where the browser allows it). */
export function describeWebGlRenderer(gl: WebGLRenderingContext | WebGL2RenderingContext | undefined): string {
  if (!gl) return 'unknown renderer';
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  if (debugInfo) {
    const vendor = gl.getParameter(debugInfo.UNMASKED_VENDOR_WEBGL) as string;
    const renderer = gl.getParameter(debugInfo.UNMASKED_RENDERER_WEBGL) as string;
    return `${vendor} / ${renderer}`;
  }
  return String(gl.getParameter(gl.RENDERER));
}
