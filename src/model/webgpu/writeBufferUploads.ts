/**
 * tfjs's WebGPU backend copies a tensor's JavaScript values to the GPU (`uploadToGPU`) through a new staging
 * buffer, created mapped, filled, and destroyed after the copy: one `createBuffer` per upload, never reused.
 * Every training step makes a few such tensors (the batch's ids, lengths and labels, the loss's seed gradient,
 * the optimiser's step constants), and on a real GPU creating buffers was the largest CPU cost left in a
 * names-LSTM step after the fused kernels (an H200 through Dawn: 13 % of the CPU time, about 150 µs per
 * upload; `node --cpu-prof`, see the README's "On a real GPU").
 *
 * `useWriteBufferUploads` routes those uploads through `queue.writeBuffer` into a buffer from the backend's
 * own pool: the driver copies through its own reusable staging memory, and the pool buffer is returned and
 * reused like any other. Ordering is the one tfjs already relies on for its uniform buffers: a write takes
 * effect before any command buffer submitted after it, so before every dispatch recorded (not yet submitted)
 * that reads the tensor; and a pool buffer is never handed out while a recorded command still uses it (the
 * backend defers the release of tensors its current command encoder reads).
 */
import type * as tf from '@tensorflow/tfjs';

/** The backend members the upload uses: tfjs-backend-webgpu 4.x's (backend_webgpu.ts), private but stable. */
interface UploadingBackend {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: tf.DataId): TensorData | undefined };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBuffer };
  uploadToGPU(dataId: tf.DataId): void;
}

interface TensorData {
  dtype: tf.DataType;
  shape: number[];
  values: ArrayLike<number> | null;
  resource: unknown;
}

const patched = new WeakSet<object>();

/** The values as the 4-byte elements the GPU holds (bool and int32 as i32), or null for a dtype not uploaded. */
function gpuElements(dtype: tf.DataType, values: ArrayLike<number>): Float32Array | Int32Array | null {
  if (dtype === 'float32') return values instanceof Float32Array ? values : Float32Array.from(values);
  if (dtype === 'int32' || dtype === 'bool') return values instanceof Int32Array ? values : Int32Array.from(values);
  return null;
}

/** Make `backend` (tfjs's webgpu backend) upload through queue.writeBuffer; once per backend instance. */
export function useWriteBufferUploads(backend: unknown): void {
  const gpu = backend as UploadingBackend;
  if (patched.has(gpu) || typeof gpu.uploadToGPU !== 'function' || !gpu.queue || !gpu.bufferManager) return;
  patched.add(gpu);
  const stagedUpload = gpu.uploadToGPU;
  // Own property on the instance, so opCounter (which wraps the instance's method) still counts every upload.
  gpu.uploadToGPU = function uploadByWriteBuffer(this: UploadingBackend, dataId: tf.DataId): void {
    const data = this.tensorMap.get(dataId);
    const elements = data && data.resource == null && data.values != null ? gpuElements(data.dtype, data.values) : null;
    if (!data || !elements || elements.byteLength === 0) {
      stagedUpload.call(this, dataId);
      return;
    }
    // The usage tfjs gives every tensor buffer, so the pool hands this buffer on to any later tensor.
    const buffer = this.bufferManager.acquireBuffer(elements.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    this.queue.writeBuffer(buffer, 0, elements);
    data.values = null;
    data.resource = buffer;
  };
}
