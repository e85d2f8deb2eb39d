/**
 * Buffer copies and clears recorded into tfjs's own WebGPU command stream, in order with its dispatches.
 * Why: a kernel that changes a few rows of a big tensor (SparseAdam's table, a final-state gradient that is
 * zero but at one step per sequence) would otherwise run a shader over every element just to copy or zero
 * it. A software GPU (SwiftShader) runs such a shader element by element, lane by lane — 14–17 ms per SST-2
 * step for each of those two — where `copyBufferToBuffer` and `clearBuffer` are one memcpy or memset, and a
 * real GPU does them with its copy engine. Neither is a dispatch, so the bench's dispatch count does not see them.
 *
 * Uses tfjs-backend-webgpu 4.x's backend members (backend_webgpu.ts), private but stable there: the same
 * `ensureCommandEncoderReady` / `endComputePassEncoder` / `commandEncoder` sequence its own `copyBuffer` uses,
 * and `commandQueueOwnedIds`, which keeps a buffer used by recorded commands from being recycled before submit.
 */
import type * as tf from '@tensorflow/tfjs';
import type { WebGpuBackendInternals } from './ownShader';

/** The backend members used here, beyond those the fused kernels already use. */
interface CommandStreamInternals extends WebGpuBackendInternals {
  tensorMap: { get(dataId: tf.DataId): { resource?: unknown } | undefined };
  commandEncoder: GPUCommandEncoder | null;
  commandQueueOwnedIds: WeakSet<tf.DataId>;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
}

/** The GPU buffer behind `tensor` (uploaded first if it still lives on the CPU). */
function bufferOf(gpu: CommandStreamInternals, tensor: tf.TensorInfo): GPUBuffer {
  gpu.uploadToGPU(tensor.dataId);
  const resource = gpu.tensorMap.get(tensor.dataId)?.resource;
  if (!(resource && typeof resource === 'object' && 'size' in resource && 'mapAsync' in resource)) {
    throw new Error(`Tensor [${tensor.shape}] has no WebGPU buffer (a texture-backed tensor cannot be copied or cleared here).`);
  }
  return resource as GPUBuffer;
}

/** The encoder tfjs records into, outside any compute pass, with `tensors` marked as in use until submit. */
function encoderFor(gpu: CommandStreamInternals, tensors: tf.TensorInfo[]): GPUCommandEncoder {
  gpu.ensureCommandEncoderReady();
  gpu.endComputePassEncoder();
  for (const tensor of tensors) gpu.commandQueueOwnedIds.add(tensor.dataId);
  if (!gpu.commandEncoder) throw new Error('tfjs WebGPU backend has no command encoder after ensureCommandEncoderReady().');
  return gpu.commandEncoder;
}

/** Byte length of a float32/int32 tensor (4 bytes per element: a multiple of 4, as copies and clears require). */
function byteLength(tensor: tf.TensorInfo): number {
  return tensor.shape.reduce((product, dim) => product * dim, 1) * 4;
}

/** Record: every byte of `tensor` becomes zero. */
export function recordClear(backend: unknown, tensor: tf.TensorInfo): void {
  const gpu = backend as CommandStreamInternals;
  const buffer = bufferOf(gpu, tensor);
  encoderFor(gpu, [tensor]).clearBuffer(buffer, 0, byteLength(tensor));
}

/** Record: `to` becomes a copy of `from` (same element count). */
export function recordCopy(backend: unknown, from: tf.TensorInfo, to: tf.TensorInfo): void {
  const gpu = backend as CommandStreamInternals;
  const size = byteLength(from);
  if (size !== byteLength(to)) throw new Error(`Cannot copy [${from.shape}] into [${to.shape}]: sizes differ.`);
  const source = bufferOf(gpu, from);
  const target = bufferOf(gpu, to);
  encoderFor(gpu, [from, to]).copyBufferToBuffer(source, 0, target, 0, size);
}
