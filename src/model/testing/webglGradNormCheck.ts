/**
 * The WebGL loss-and-norm kernels (webgl/gradNorm.ts) on the texture layouts tfjs gives gradients, against
 * Σ v² of the values read back and added in float64, and against clipping.ts's `globalNorm` (tfjs's ops):
 * packed textures of odd rows and columns whose lanes past the end hold values (a packed op writes what it
 * computes there), a 3-D and a 1-D one, a scalar and a small vector still on the CPU, a packed texture wrapped at
 * the texture's width, unpacked textures (one larger than a texture row, so squarish; one a slice that shares its
 * source's texture at an offset), more gradients than one draw takes. Run by parity.html on webgl with fused
 * kernels on (e2e/gpu-parity.spec.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { globalNorm } from '../clipping';
import { startOpCounting } from '../opCounter';
import { LOSS_AND_NORM_WEBGL_KERNEL, SQUARE_SUMS_WEBGL_KERNEL, lossAndNormWebGl } from '../webgl/gradNorm';
import type { WebGlProgram, WebGlRunner } from '../webgl/program';

export interface WebGlGradNormCheck {
  /** |kernel's norm − float64 Σ of the values read back| / that norm. */
  relativeToValues: number;
  /** |kernel's norm − globalNorm's (tfjs's ops)| / that norm. */
  relativeToOps: number;
  /** The loss handed back as it went in. */
  lossKept: boolean;
  /** The kernels' draws: two packed (nine packed inputs), one unpacked, one to add up. */
  draws: number;
}

const RANK_COORDS: Record<number, { type: string; flat: (lane: string) => string }> = {
  1: { type: 'int', flat: (lane) => `coords + ${lane}.y` },
  2: { type: 'ivec2', flat: (lane) => `(coords.x + ${lane}.x) * columns + coords.y + ${lane}.y` },
  3: { type: 'ivec3', flat: (lane) => `((coords.x * rows) + coords.y + ${lane}.x) * columns + coords.z + ${lane}.y` },
};

/**
 * A packed `shape` (rank 1–3) of sin(1.3 i + seed)·0.9 at flat index i, every lane written, those past the last
 * row or column included (their i runs on past the end), as tfjs's packed element-wise ops leave them.
 */
function packedWithLanesPastEnd(shape: number[], seed: number): tf.Tensor {
  const rank = shape.length;
  const { type, flat } = RANK_COORDS[rank];
  const columns = shape[rank - 1];
  const rows = rank > 1 ? shape[rank - 2] : 1;
  const lanes = ['ivec2(0, 0)', 'ivec2(0, 1)', 'ivec2(1, 0)', 'ivec2(1, 1)'];
  const program: WebGlProgram = {
    variableNames: [],
    outputShape: shape,
    packedOutput: true,
    userCode: `
      float valueAt(int i) { return sin(1.3 * float(i) + ${seed.toFixed(1)}) * 0.9; }
      void main() {
        int columns = ${columns};
        int rows = ${rows};
        ${type} coords = getOutputCoords();
        setOutput(vec4(${lanes.map((lane) => `valueAt(${flat(lane)})`).join(', ')}));
      }
    `,
  };
  const info = (tf.backend() as unknown as WebGlRunner).runWebGLProgram(program, [], 'float32');
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** An unpacked `shape` of the same values (tfjs's gather writes unpacked textures). */
function unpacked(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const source = tf.tensor1d(Float32Array.from({ length: size }, (_, i) => Math.sin(1.3 * i + seed) * 0.9));
  const gathered = tf.gather(source, tf.range(0, size, 1, 'int32'));
  source.dispose();
  return tf.reshape(gathered, shape);
}

function texDataOf(tensor: tf.Tensor): { isPacked?: boolean; texture?: unknown; texShape?: [number, number]; slice?: { flatOffset: number } } {
  return (tf.backend() as unknown as WebGlRunner).texData.get(tensor.dataId);
}

/** The gradients: nine that take the packed draws, three the unpacked one. */
function gradientsInEveryLayout(): tf.Tensor[] {
  const packed = [packedWithLanesPastEnd([5, 7], 1), packedWithLanesPastEnd([3, 5, 9], 2), packedWithLanesPastEnd([9], 3), packedWithLanesPastEnd([400, 100], 4), packedWithLanesPastEnd([2, 1], 5), packedWithLanesPastEnd([1, 3], 10)];
  const flags = tf.env();
  const maximum = flags.getNumber('WEBGL_MAX_TEXTURE_SIZE');
  flags.set('WEBGL_MAX_TEXTURE_SIZE', 32);
  let wrapped: tf.Tensor;
  try {
    // 40 texels per row pair in a texture narrower than that (see webglRowKernelsCheck.ts).
    wrapped = packedWithLanesPastEnd([5, 80], 6);
  } finally {
    flags.set('WEBGL_MAX_TEXTURE_SIZE', maximum);
  }
  const wrappedTexture = texDataOf(wrapped).texShape;
  if (!wrappedTexture || Math.ceil(wrappedTexture[1] / 2) >= 40) throw new Error(`The wide input was not wrapped (texture ${wrappedTexture?.join('×')}).`);
  const onCpu = [tf.scalar(2.5), tf.tensor1d([0.5, -1.5, 3])];
  // 70 runs of 256 and a part: more than one run per fragment, in a squarish texture.
  const long = unpacked([70 * 256 + 37], 7);
  const source = unpacked([10, 33], 8);
  const slice = tf.slice(source, [3, 0], [4, 33]);
  source.dispose();
  const sliceData = texDataOf(slice);
  if (!sliceData.slice || sliceData.slice.flatOffset !== 99) throw new Error(`The slice does not share its source's texture at offset 99 (${JSON.stringify(sliceData.slice)}).`);
  const odd = unpacked([3, 7], 9);
  for (const tensor of [long, slice, odd]) if (texDataOf(tensor).isPacked || !texDataOf(tensor).texture) throw new Error(`An unpacked case is packed or not on the GPU (${tensor.shape}).`);
  for (const tensor of [...packed, wrapped]) if (!texDataOf(tensor).isPacked) throw new Error(`A packed case is not packed (${tensor.shape}).`);
  return [packed[0], long, ...onCpu, packed[1], slice, packed[2], wrapped, packed[3], odd, packed[4], packed[5]];
}

async function checkWebGlGradNormNow(): Promise<WebGlGradNormCheck> {
  const grads = gradientsInEveryLayout();
  const loss = tf.scalar(0.6931);
  try {
    const counter = startOpCounting();
    const both = lossAndNormWebGl(loss, grads);
    const [lossOut, norm] = await both.data();
    const tally = counter.byKernel();
    counter.stop();
    both.dispose();
    let squares = 0;
    for (const grad of grads) for (const value of await grad.data()) squares += value * value;
    const expected = Math.sqrt(squares);
    const ops = globalNorm(grads);
    const opsNorm = (await ops.data())[0];
    ops.dispose();
    return {
      relativeToValues: Math.abs(norm - expected) / expected,
      relativeToOps: Math.abs(norm - opsNorm) / opsNorm,
      lossKept: lossOut === (await loss.data())[0],
      draws: (tally[SQUARE_SUMS_WEBGL_KERNEL] ?? 0) + (tally[LOSS_AND_NORM_WEBGL_KERNEL] ?? 0),
    };
  } finally {
    tf.dispose([...grads, loss]);
  }
}

/**
 * The check with every op on the GPU: tfjs's webgl runs an op of small inputs still on the CPU there
 * (WEBGL_CPU_FORWARD), which would leave the small cases without a texture.
 */
export async function checkWebGlGradNorm(): ReturnType<typeof checkWebGlGradNormNow> {
  const flags = tf.env();
  const forward = flags.getBool('WEBGL_CPU_FORWARD');
  flags.set('WEBGL_CPU_FORWARD', false);
  try {
    return await checkWebGlGradNormNow();
  } finally {
    flags.set('WEBGL_CPU_FORWARD', forward);
  }
}
