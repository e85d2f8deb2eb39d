/**
 * tfjs's AddN on webgpu, made safe for many inputs. Its shader binds every input as a storage buffer, and a
 * WebGPU device allows 8 storage buffers per shader stage unless asked for more (tfjs asks for several
 * limits, not this one), so tf.addN of 8 or more tensors makes an invalid pipeline. WebGPU then drops the
 * whole command buffer it was encoded in: every op batched with it returns zeros, not only the sum. tfjs's
 * Concat splits its inputs to the limit; its AddN does not. Inspect's gradient probes (trace.ts) reach 8
 * with an 8-letter name on one layer.
 *
 * `registerSplitAddN` replaces the webgpu kernel with one that sums at most limit − 1 inputs per dispatch and
 * then the partial sums, through tfjs's own kernel.
 */
import * as tf from '@tensorflow/tfjs';

interface WebGpuBackendLike {
  device: GPUDevice;
  disposeData(dataId: object): void;
}

let registered = false;

/** Replace webgpu's AddN once (after the webgpu backend has been imported); a no-op elsewhere or when done. */
export function registerSplitAddN(): void {
  const original = tf.getKernel('AddN', 'webgpu');
  if (registered || !original) return;
  registered = true;
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({
    kernelName: 'AddN',
    backendName: 'webgpu',
    kernelFunc: (args) => {
      const backend = args.backend as unknown as WebGpuBackendLike;
      const inputs = args.inputs as unknown as tf.TensorInfo[];
      const limit = backend.device.limits.maxStorageBuffersPerShaderStage - 1;
      if (inputs.length <= limit) return original.kernelFunc(args);
      const partials: tf.TensorInfo[] = [];
      let pending = inputs;
      while (pending.length > limit) {
        const next: tf.TensorInfo[] = [];
        for (let start = 0; start < pending.length; start += limit) {
          const chunk = pending.slice(start, start + limit);
          if (chunk.length === 1) next.push(chunk[0]);
          else {
            const sum = original.kernelFunc({ ...args, inputs: chunk as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
            partials.push(sum);
            next.push(sum);
          }
        }
        pending = next;
      }
      const result = original.kernelFunc({ ...args, inputs: pending as unknown as tf.NamedTensorInfoMap });
      for (const partial of partials) backend.disposeData(partial.dataId);
      return result;
    },
  });
}
