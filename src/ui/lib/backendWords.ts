/** How the backends are named to a student (the badge, the Play note). */
import type { BackendName } from '../../model/backendTypes';

/** The backend's name and what it runs on, in a student's words. */
export const BACKEND_WORDS: Record<BackendName, { name: string; runsOn: string }> = {
  webgpu: { name: 'WebGPU', runsOn: 'your graphics card' },
  webgl: { name: 'WebGL', runsOn: 'your graphics card' },
  wasm: { name: 'WASM', runsOn: 'your CPU' },
  cpu: { name: 'plain JavaScript', runsOn: 'your CPU, slowest' },
};
