/**
 * PyTorch's SparseAdam step for an embedding table as ONE WebGPU dispatch (see ../sparseAdam.ts for the
 * update and why). Kernel `RnnPlaygroundSparseAdamUpdate`: inputs `param [V, E]`, `grad [R, E]` (row u is
 * the summed gradient of one batch id), `moments [2·V·E]` (m then v, owned by the optimiser and updated
 * IN PLACE, as webgpu/fusedAdam.ts does), `slots [V]` int32 (−1: the row was not in the batch, else its
 * row of `grad`), `hyper [4]` and `counts [4]` → the new table `[V, E]`. One thread per stretch of CHUNK elements of a row:
 * rows not in the batch are copied unchanged (the weights are a fresh tensor each step because checkpoints
 * share the old ones), rows in the batch get m, v and the weight updated. Shapes reach the shader through
 * `counts`, so one pipeline serves every batch.
 */
import * as tf from '@tensorflow/tfjs';
import { THREADS, workgroups, type WebGpuBackendInternals } from './fusedAdam';

/** The update kernel's name in tfjs's registry (webgpu backend only). */
export const SPARSE_ADAM_UPDATE_KERNEL = 'RnnPlaygroundSparseAdamUpdate';

/** Table elements one thread walks (a stretch of one row): a thread per element made the copy of the untouched rows the cost. */
const CHUNK = 32;

/**
 * `hyper`: step size lr·√(1−β2ᵗ)/(1−β1ᵗ), 1 − β1, 1 − β2, ε. `counts`: the element count V·E, the row
 * width E, the threads V·⌈E/CHUNK⌉ and the workgroups along x (the dispatch wraps into y past 65535 workgroups).
 */
const SHADER = `
@group(0) @binding(0) var<storage, read_write> result : array<f32>;
@group(0) @binding(1) var<storage, read> param : array<f32>;
@group(0) @binding(2) var<storage, read> grad : array<f32>;
@group(0) @binding(3) var<storage, read_write> moments : array<f32>;
@group(0) @binding(4) var<storage, read> slots : array<i32>;
@group(0) @binding(5) var<storage, read> hyper : array<f32>;
@group(0) @binding(6) var<storage, read> counts : array<u32>;
// tfjs's shape uniforms (NaN, Infinity, shapes): bound by recordAndSubmit, not needed here.
@group(0) @binding(7) var<uniform> tfjsUniforms : vec2<f32>;

@compute @workgroup_size(${THREADS}, 1, 1)
fn main(@builtin(workgroup_id) group : vec3<u32>, @builtin(local_invocation_index) local : u32) {
  _ = tfjsUniforms;
  let n = counts[0];
  let width = counts[1];
  let thread = (group.y * counts[3] + group.x) * ${THREADS}u + local;
  if (thread >= counts[2]) { return; }
  let chunksPerRow = (width + ${CHUNK}u - 1u) / ${CHUNK}u;
  let row = thread / chunksPerRow;
  let first = (thread - row * chunksPerRow) * ${CHUNK}u;
  let last = min(first + ${CHUNK}u, width);
  let slot = slots[row];
  if (slot < 0) {
    for (var column = first; column < last; column++) {
      result[row * width + column] = param[row * width + column];
    }
    return;
  }
  for (var column = first; column < last; column++) {
    let index = row * width + column;
    let g = grad[u32(slot) * width + column];
    // torch.optim._functional.sparse_adam's order of operations: old += (1 − β)(new − old).
    let m = moments[index] + (g - moments[index]) * hyper[1];
    let v = moments[n + index] + (g * g - moments[n + index]) * hyper[2];
    moments[index] = m;
    moments[n + index] = v;
    result[index] = param[index] - hyper[0] * (m / (sqrt(v) + hyper[3]));
  }
}
`;

const pipelines = new WeakMap<GPUDevice, GPUComputePipeline>();

function pipelineFor(device: GPUDevice): GPUComputePipeline {
  let pipeline = pipelines.get(device);
  if (!pipeline) {
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: SHADER }), entryPoint: 'main' } });
    pipelines.set(device, pipeline);
  }
  return pipeline;
}

let registered = false;

/** Register the kernel on the webgpu backend (once). */
export function registerSparseAdamKernel(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: SPARSE_ADAM_UPDATE_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { param, grad, moments, slots, hyper, counts } = inputs as Record<'param' | 'grad' | 'moments' | 'slots' | 'hyper' | 'counts', tf.TensorInfo>;
      const gpu = backend as unknown as WebGpuBackendInternals;
      const output = gpu.makeTensorInfo(param.shape, 'float32');
      const bound = [param, grad, moments, slots, hyper, counts];
      for (const tensor of [output, ...bound]) gpu.uploadToGPU(tensor.dataId);
      const [rows, width] = param.shape;
      const [x, y] = workgroups(threadCount(rows, width));
      gpu.recordAndSubmit({ pipeline: pipelineFor(gpu.device), dispatch: [x, y, 1], size: false }, output, bound);
      return output;
    },
  });
}

/** Threads for a `[rows, width]` table: one per CHUNK-long stretch of a row. */
function threadCount(rows: number, width: number): number {
  return rows * Math.ceil(width / CHUNK);
}

/** `counts` for a `[rows, width]` table: V·E, E, the threads and the workgroups along x. */
export function sparseAdamCounts(rows: number, width: number): number[] {
  const threads = threadCount(rows, width);
  return [rows * width, width, threads, workgroups(threads)[0]];
}
