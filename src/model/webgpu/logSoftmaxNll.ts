/**
 * log_softmax + NLL (mean over the batch) from logits in ONE WebGPU dispatch forward and ONE backward,
 * registered with tfjs as kernels of the `webgpu` backend. Why: tfjs runs them as about a dozen small ops
 * forward (max, sub, exp, sum, log, sub, one-hot, mul, sum, mean, neg) and as many backward, each a
 * dispatch; a training step needs only the scalar loss and ∂L/∂logits.
 *
 * Forward `RnnPlaygroundLogSoftmaxNll`: `logits [B, C]`, `labels [B]` int32 → scalar
 * −mean_b log_softmax(logits)[b, label_b], the arithmetic of loss.ts's `nllLoss` on `tf.logSoftmax`
 * (row max subtracted first). A label outside [0, C) picks nothing, as `tf.oneHot` does.
 * Backward `RnnPlaygroundLogSoftmaxNllGrad`: `logits`, `labels`, `dy` → ∂L/∂logits
 * = dy · (softmax − onehot(label)) / B.
 */
import * as tf from '@tensorflow/tfjs';
import { runProgram, workgroupSum, type WebGpuProgram } from './program';

export const LOG_SOFTMAX_NLL_KERNEL = 'RnnPlaygroundLogSoftmaxNll';
export const LOG_SOFTMAX_NLL_GRAD_KERNEL = 'RnnPlaygroundLogSoftmaxNllGrad';

const THREADS = 64;

/** WGSL: row b's max and log Σ exp(x − max), shared by both kernels. */
const ROW_STATS = `
  fn rowMax(b : i32, classes : i32) -> f32 {
    var best = logits[b * classes];
    for (var c = 1; c < classes; c++) { best = max(best, logits[b * classes + c]); }
    return best;
  }
  fn rowLogSumExp(b : i32, classes : i32, best : f32) -> f32 {
    var total = 0.0;
    for (var c = 0; c < classes; c++) { total += exp(logits[b * classes + c] - best); }
    return log(total);
  }
`;

function forwardProgram(): WebGpuProgram {
  return {
    variableNames: ['logits', 'labels'],
    outputShape: [1],
    shaderKey: 'rnnPlaygroundLogSoftmaxNll',
    dispatchLayout: { x: [0] },
    dispatch: [1, 1, 1],
    workgroupSize: [THREADS, 1, 1],
    size: false,
    getUserCode: () => `
  var<workgroup> partial : array<f32, ${THREADS}>;
  ${ROW_STATS}
  fn main(index : i32) {
    let local = i32(localId.x);
    let batch = uniforms.logitsShape.x;
    let classes = uniforms.logitsShape.y;
    var acc = 0.0;
    for (var b = local; b < batch; b += ${THREADS}) {
      let label = labels[b];
      if (label >= 0 && label < classes) {
        let best = rowMax(b, classes);
        acc += (logits[b * classes + label] - best) - rowLogSumExp(b, classes, best);
      }
    }
    partial[local] = acc;
    ${workgroupSum(THREADS)}
    if (local == 0) { result[0] = -(partial[0] / f32(batch)); }
  }
`,
  };
}

function backwardProgram(batch: number, classes: number): WebGpuProgram {
  return {
    variableNames: ['logits', 'labels', 'dy'],
    outputShape: [batch, classes],
    shaderKey: 'rnnPlaygroundLogSoftmaxNllGrad',
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil((batch * classes) / THREADS), 1, 1],
    workgroupSize: [THREADS, 1, 1],
    size: false,
    getUserCode: () => `
  ${ROW_STATS}
  fn main(index : i32) {
    let batch = uniforms.logitsShape.x;
    let classes = uniforms.logitsShape.y;
    if (index < batch * classes) {
      let b = index / classes;
      let c = index % classes;
      let best = rowMax(b, classes);
      var grad = exp(logits[index] - best - rowLogSumExp(b, classes, best));
      let label = labels[b];
      if (label < 0 || label >= classes) { grad = 0.0; }
      if (c == label) { grad = grad - 1.0; }
      result[index] = dy[0] * grad / f32(batch);
    }
  }
`,
  };
}

let registered = false;

function registerKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: LOG_SOFTMAX_NLL_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { logits, labels } = inputs as { logits: tf.TensorInfo; labels: tf.TensorInfo };
      return runProgram(backend, forwardProgram(), [logits, labels]);
    },
  });
  tf.registerKernel({
    kernelName: LOG_SOFTMAX_NLL_GRAD_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { logits, labels, dy } = inputs as { logits: tf.TensorInfo; labels: tf.TensorInfo; dy: tf.TensorInfo };
      const [batch, classes] = logits.shape;
      return runProgram(backend, backwardProgram(batch, classes), [logits, labels, dy]);
    },
  });
  tf.registerGradient({
    kernelName: LOG_SOFTMAX_NLL_KERNEL,
    inputsToSave: ['logits', 'labels'],
    gradFunc: (dy, saved) => {
      const [logits, labels] = saved;
      return {
        logits: () => tf.engine().runKernel(LOG_SOFTMAX_NLL_GRAD_KERNEL, { logits, labels, dy: dy as tf.Tensor }) as tf.Tensor,
        // Class indices are data, never trained: tfjs asks only for gradients of inputs a variable reaches.
        labels: () => tf.zerosLike(labels),
      };
    },
  });
}

/** Mean NLL of log_softmax(`logits [B, C]`) at `labels [B]` on the webgpu backend: one dispatch, differentiable. */
export function logSoftmaxNllFused(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  registerKernels();
  return tf.tidy(() => {
    const loss = tf.engine().runKernel(LOG_SOFTMAX_NLL_KERNEL, { logits, labels: tf.tensor1d(labels, 'int32') }) as tf.Tensor1D;
    return tf.reshape(loss, []);
  });
}
