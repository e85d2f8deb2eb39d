/**
 * Whether the engine may use its fused WebGPU kernels (on by default). Turning them off puts the webgpu
 * backend on tfjs's own per-op kernels, so tests can hold both paths against the same references.
 */
let enabled = true;

/** Allow (true) or forbid (false) the fused WebGPU kernels. */
export function setFusedKernelsEnabled(value: boolean): void {
  enabled = value;
}

/** Whether the fused WebGPU kernels may be used. */
export function fusedKernelsEnabled(): boolean {
  return enabled;
}
