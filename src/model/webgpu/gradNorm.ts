/**
 * The loss and the global gradient norm of a training step in ONE WebGPU dispatch (for up to six gradient
 * tensors; one more per further six), instead of a Square and a Sum per tensor, an AddN, a Sqrt and a stack.
 * Why: a step reads exactly these two numbers back, and on a GPU each small op is a dispatch of tens of µs.
 *
 * Kernel `RnnPlaygroundLossAndNorm`: inputs `carry` (the loss scalar at the first group, else the previous
 * group's output) and up to six gradients → `[2]` = loss, then Σ g² over the groups so far, or its square
 * root at the last group: the norm clip_grad_norm_ uses (same sum as clipping.ts's `globalNorm`).
 */
import * as tf from '@tensorflow/tfjs';
import { runProgram, sizeOf, workgroupSum, type WebGpuProgram } from './program';

export const LOSS_AND_NORM_KERNEL = 'RnnPlaygroundLossAndNorm';

/** Gradients per dispatch: WebGPU guarantees 8 storage buffers per shader (output, carry, six gradients). */
export const GRADS_PER_DISPATCH = 6;
const THREADS = 256;

interface NormAttrs {
  first: boolean;
  last: boolean;
}

function normProgram(gradCount: number): WebGpuProgram {
  const names = Array.from({ length: gradCount }, (_, i) => `g${i}`);
  const sums = names.map((name, i) => `for (var e = local; e < uniforms.size${i}; e += ${THREADS}) { let v = ${name}[e]; acc += v * v; }`).join('\n      ');
  return {
    variableNames: ['carry', ...names],
    outputShape: [2],
    shaderKey: `rnnPlaygroundLossAndNorm_${gradCount}`,
    dispatchLayout: { x: [0] },
    dispatch: [1, 1, 1],
    workgroupSize: [THREADS, 1, 1],
    uniforms: `first : i32, last : i32, ${names.map((_, i) => `size${i} : i32,`).join(' ')}`,
    size: false,
    getUserCode: () => `
  var<workgroup> partial : array<f32, ${THREADS}>;
  fn main(index : i32) {
    let local = i32(localId.x);
    var acc = 0.0;
    ${sums}
    partial[local] = acc;
    ${workgroupSum(THREADS)}
    if (local == 0) {
      var total = partial[0];
      if (uniforms.first == 0) { total = total + carry[1]; }
      result[0] = carry[0];
      result[1] = select(total, sqrt(total), uniforms.last == 1);
    }
  }
`,
  };
}

let registered = false;

function registerLossAndNormKernel(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: LOSS_AND_NORM_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { first, last } = attrs as unknown as NormAttrs;
      const list = Object.values(inputs as Record<string, tf.TensorInfo>);
      const [carry, ...grads] = list;
      const uniforms = [first, last].map((flag) => ({ type: 'int32' as const, data: [flag ? 1 : 0] }));
      for (const grad of grads) uniforms.push({ type: 'int32', data: [sizeOf(grad.shape)] });
      return runProgram(backend, normProgram(grads.length), [carry, ...grads], uniforms);
    },
  });
}

/**
 * `[loss, ‖g‖]` for a scalar `loss` and every gradient in `grads` (float32), on the webgpu backend, in
 * ⌈grads/6⌉ dispatches. Not differentiable (it is read, never trained through).
 */
export function lossAndNormFused(loss: tf.Scalar, grads: tf.Tensor[]): tf.Tensor1D {
  registerLossAndNormKernel();
  if (grads.length === 0) return tf.tidy(() => tf.stack([loss, tf.scalar(0)]) as tf.Tensor1D);
  return tf.tidy(() => {
    let carry: tf.Tensor = loss;
    for (let start = 0; start < grads.length; start += GRADS_PER_DISPATCH) {
      const group = grads.slice(start, start + GRADS_PER_DISPATCH);
      const inputs: tf.NamedTensorMap = { carry };
      group.forEach((grad, i) => (inputs[`g${i}`] = grad));
      const attrs: NormAttrs = { first: start === 0, last: start + GRADS_PER_DISPATCH >= grads.length };
      carry = tf.engine().runKernel(LOSS_AND_NORM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    }
    return carry as tf.Tensor1D;
  });
}
