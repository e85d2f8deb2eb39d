/**
 * Kernels with WGSL of their own (bindings tfjs's program interface cannot express: a read-write input updated
 * in place, an output cleared or copied into before the dispatch), recorded through tfjs-backend-webgpu's
 * `recordAndSubmit` — the place every tfjs dispatch goes, so they keep their order with tfjs's own work and the
 * bench's dispatch count sees them. The backend members are tfjs-backend-webgpu 4.x's (backend_webgpu.ts),
 * private but stable there.
 *
 * A shader's bindings: 0 the output (read_write), then the inputs in order, then tfjs's uniform buffer (NaN,
 * Infinity, shapes), which `recordAndSubmit` always binds last: declare it and touch it (`_ = tfjsUniforms;`),
 * or the pipeline's automatic layout drops it and the bind group no longer matches.
 */
import type * as tf from '@tensorflow/tfjs';

/** The backend members these kernels use. */
export interface WebGpuBackendInternals {
  device: GPUDevice;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Int32Array | Float32Array): tf.TensorInfo;
  /** Release a tensor made with makeTensorInfo (deferred by the backend while recorded commands use it). */
  disposeData(dataId: tf.DataId): boolean;
  uploadToGPU(dataId: tf.DataId): void;
  recordAndSubmit(program: RecordedProgram, output: tf.TensorInfo, inputs: tf.TensorInfo[]): void;
}

/** What `recordAndSubmit` reads of a program: its pipeline and workgroup counts (no size uniform). */
interface RecordedProgram {
  pipeline: GPUComputePipeline;
  dispatch: [number, number, number];
  size: boolean;
}

/** Compiled pipelines per device and shader source: each shader compiles once per device. */
const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(device: GPUDevice, code: string): GPUComputePipeline {
  let byCode = pipelines.get(device);
  if (!byCode) {
    byCode = new Map();
    pipelines.set(device, byCode);
  }
  let pipeline = byCode.get(code);
  if (!pipeline) {
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    byCode.set(code, pipeline);
  }
  return pipeline;
}

/** Record one dispatch of `code` (entry point `main`) writing `output` from `inputs`, all uploaded first. */
export function recordShader(backend: unknown, code: string, dispatch: [number, number, number], output: tf.TensorInfo, inputs: tf.TensorInfo[]): void {
  const gpu = backend as WebGpuBackendInternals;
  for (const tensor of [output, ...inputs]) gpu.uploadToGPU(tensor.dataId);
  gpu.recordAndSubmit({ pipeline: pipelineFor(gpu.device, code), dispatch, size: false }, output, inputs);
}
