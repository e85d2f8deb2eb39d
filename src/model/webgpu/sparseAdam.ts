/**
 * PyTorch's SparseAdam step for an embedding table on WebGPU (see ../sparseAdam.ts for the update and why):
 * the table is copied into the new weights with one buffer copy (bufferCommands.ts; the weights are a fresh
 * tensor each step because checkpoints share the old ones), then ONE dispatch updates the batch's rows.
 * Kernel `RnnPlaygroundSparseAdamUpdate`: inputs `param [V, E]`, `grad [R ≥ U, E]` (row u is the summed
 * gradient of id `ids[u]`), `moments [2·V·E]` (m then v, owned by the optimiser and updated IN PLACE, as
 * webgpu/fusedAdam.ts does), `ids [U]` int32 (distinct), `hyper [4]` and `counts [4]` → the new table `[V, E]`.
 * A workgroup per id (along y, wrapping into z past 65535), its threads striding along the row: no integer
 * division, which a software GPU runs lane by lane. Shapes reach the shader through `counts`, so one pipeline
 * serves every batch.
 */
import * as tf from '@tensorflow/tfjs';
import { recordCopy } from './bufferCommands';
import { recordShader, type WebGpuBackendInternals } from './ownShader';

/** The update kernel's name in tfjs's registry (webgpu backend only). */
export const SPARSE_ADAM_UPDATE_KERNEL = 'RnnPlaygroundSparseAdamUpdate';

/** Threads per workgroup, each taking every THREADS-th column of its row. */
const THREADS = 64;
/** WebGPU's guaranteed maximum of workgroups along one dispatch dimension. */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/** `hyper`: step size lr·√(1−β2ᵗ)/(1−β1ᵗ), 1 − β1, 1 − β2, ε. `counts`: V·E, the row width E, the id count U. */
const SHADER = `
@group(0) @binding(0) var<storage, read_write> result : array<f32>;
@group(0) @binding(1) var<storage, read> param : array<f32>;
@group(0) @binding(2) var<storage, read> grad : array<f32>;
@group(0) @binding(3) var<storage, read_write> moments : array<f32>;
@group(0) @binding(4) var<storage, read> ids : array<i32>;
@group(0) @binding(5) var<storage, read> hyper : array<f32>;
@group(0) @binding(6) var<storage, read> counts : array<u32>;
// tfjs's shape uniforms (NaN, Infinity, shapes): bound by recordAndSubmit, not needed here.
@group(0) @binding(7) var<uniform> tfjsUniforms : vec2<f32>;

@compute @workgroup_size(${THREADS}, 1, 1)
fn main(@builtin(workgroup_id) group : vec3<u32>, @builtin(local_invocation_index) local : u32) {
  _ = tfjsUniforms;
  let n = counts[0];
  let width = counts[1];
  let slot = group.z * ${MAX_WORKGROUPS_PER_DIMENSION}u + group.y;
  if (slot >= counts[2]) { return; }
  let row = u32(ids[slot]);
  for (var column = local; column < width; column += ${THREADS}u) {
    let index = row * width + column;
    let g = grad[slot * width + column];
    // torch.optim._functional.sparse_adam's order of operations: old += (1 − β)(new − old).
    let m = moments[index] + (g - moments[index]) * hyper[1];
    let v = moments[n + index] + (g * g - moments[n + index]) * hyper[2];
    moments[index] = m;
    moments[n + index] = v;
    result[index] = param[index] - hyper[0] * (m / (sqrt(v) + hyper[3]));
  }
}
`;

let registered = false;

/** Register the kernel on the webgpu backend (once). */
export function registerSparseAdamKernel(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: SPARSE_ADAM_UPDATE_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { param, grad, moments, ids, hyper, counts } = inputs as Record<'param' | 'grad' | 'moments' | 'ids' | 'hyper' | 'counts', tf.TensorInfo>;
      const output = (backend as unknown as WebGpuBackendInternals).makeTensorInfo(param.shape, 'float32');
      recordCopy(backend, param, output);
      const idCount = ids.shape[0];
      if (idCount > 0) {
        const dispatch: [number, number, number] = [1, Math.min(idCount, MAX_WORKGROUPS_PER_DIMENSION), Math.ceil(idCount / MAX_WORKGROUPS_PER_DIMENSION)];
        recordShader(backend, SHADER, dispatch, output, [param, grad, moments, ids, hyper, counts]);
      }
      return output;
    },
  });
}

/** `counts` for a `[rows, width]` table and `idCount` distinct ids: V·E, E, U. */
export function sparseAdamCounts(rows: number, width: number, idCount: number): number[] {
  return [rows * width, width, idCount];
}
