/**
 * Whether the engine may use its fused kernels on the GPU backends (on by default): all of webgpu/*.ts on
 * webgpu, webgl/*.ts on webgl. Turning them off puts both backends on
 * tfjs's own per-op kernels, so tests can hold both paths against the same references.
 */
let enabled = true;

/** Allow (true) or forbid (false) the fused GPU kernels. */
export function setFusedKernelsEnabled(value: boolean): void {
  enabled = value;
}

/** Whether the fused GPU kernels may be used. */
export function fusedKernelsEnabled(): boolean {
  return enabled;
}
