/**
 * Sums over every row of a batch of sequences, with the row count a uniform: the weight gradients of a layer
 * (Σ over T·B rows of xᵀ·∂y, and Σ of ∂y for the bias) in one draw whose shader is the same for every length.
 * Why not tfjs's matMul and sum: their WebGL shaders bake the summed dimension in (the packed matmul's shared
 * dimension, the reduction's window), so each new batch length compiled a fresh set: on SST-2 (lengths 1–52)
 * about four programs per new length, over 70 ms each on SwiftShader, for most of the first hundred steps.
 *
 * Kernel `RnnPlaygroundRowProductsWebGl`: `a [S, R, Wa]`, `b [S, R, Wb]` (packed), attributes `aOffset`,
 * `bOffset` (even), `aWidth` (K), `bWidth` (M) → `[K, M]` = Σ_{s,r} a[s, r, aOffset + k] · b[s, r, bOffset + m].
 * The offsets read a block of columns in place, such as h_{t−1} out of the fused LSTM's packed result.
 * Kernel `RnnPlaygroundColumnSumsWebGl`: `x [S, R, W]` → `[1, W]` = Σ_{s,r} x[s, r, w].
 * A `[N, W]` matrix goes in as `[1, N, W]` (a reshape that moves no data).
 */
import * as tf from '@tensorflow/tfjs';
import { packedProgram, type WebGlProgram, type WebGlRunner } from './program';

export const ROW_PRODUCTS_WEBGL_KERNEL = 'RnnPlaygroundRowProductsWebGl';
export const COLUMN_SUMS_WEBGL_KERNEL = 'RnnPlaygroundColumnSumsWebGl';

interface RowProductsAttrs {
  aOffset: number;
  bOffset: number;
  aWidth: number;
  bWidth: number;
}

/**
 * GLSL: zero a texel's second row when it lies past the last row (an odd row count); tfjs keeps those lanes
 * zero in its own results, but a texel read at an offset inside a wider tensor has real values there.
 */
const LAST_ROW_ONLY = `
  vec4 rowsUpTo(vec4 texel, int row) {
    return row + 1 < rows ? texel : vec4(texel.xy, 0.0, 0.0);
  }
`;

/**
 * Each output texel holds k, k+1 × m, m+1; an input texel holds rows r, r+1 × two columns, so one pair of reads
 * adds two rows' outer products: out(k, m) += a(r, k)·b(r, m) + a(r+1, k)·b(r+1, m), and so on per lane.
 */
function rowProductsProgram(k: number, m: number): WebGlProgram {
  return packedProgram(
    // Not 'a' and 'b': tfjs's generated samplers name their first parameter b, which would hide a sampler b.
    ['left', 'right'],
    [k, m],
    `${LAST_ROW_ONLY}
  void main() {
    ivec2 rc = getOutputCoords();
    vec4 sum = vec4(0.0);
    for (int s = 0; s < sequences; s++) {
      for (int r = 0; r < rows; r += 2) {
        vec4 a = rowsUpTo(getLeft(s, r, aOffset + rc.x), r);
        vec4 b = getRight(s, r, bOffset + rc.y);
        sum += a.xxyy * b.xyxy + a.zzww * b.zwzw;
      }
    }
    if (rc.x + 1 >= outRows) sum.zw = vec2(0.0);
    if (rc.y + 1 >= outColumns) sum.yw = vec2(0.0);
    setOutput(sum);
  }
`,
    [
      { name: 'sequences', type: 'int' },
      { name: 'rows', type: 'int' },
      { name: 'aOffset', type: 'int' },
      { name: 'bOffset', type: 'int' },
      { name: 'outRows', type: 'int' },
      { name: 'outColumns', type: 'int' },
    ],
  );
}

function columnSumsProgram(width: number): WebGlProgram {
  return packedProgram(
    ['x'],
    [1, width],
    `${LAST_ROW_ONLY}
  void main() {
    ivec2 rc = getOutputCoords();
    vec2 sum = vec2(0.0);
    for (int s = 0; s < sequences; s++) {
      for (int r = 0; r < rows; r += 2) {
        vec4 x = rowsUpTo(getX(s, r, rc.y), r);
        sum += x.xy + x.zw;
      }
    }
    if (rc.y + 1 >= outColumns) sum.y = 0.0;
    setOutput(vec4(sum, 0.0, 0.0));
  }
`,
    [
      { name: 'sequences', type: 'int' },
      { name: 'rows', type: 'int' },
      { name: 'outColumns', type: 'int' },
    ],
  );
}

let registered = false;

function registerKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: ROW_PRODUCTS_WEBGL_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { a, b } = inputs as Record<'a' | 'b', tf.TensorInfo>;
      const { aOffset, bOffset, aWidth, bWidth } = attrs as unknown as RowProductsAttrs;
      const [sequences, rows] = a.shape;
      return (backend as unknown as WebGlRunner).runWebGLProgram(rowProductsProgram(aWidth, bWidth), [a, b], 'float32', [[sequences], [rows], [aOffset], [bOffset], [aWidth], [bWidth]]);
    },
  });
  tf.registerKernel({
    kernelName: COLUMN_SUMS_WEBGL_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { x } = inputs as Record<'x', tf.TensorInfo>;
      const [sequences, rows, width] = x.shape;
      return (backend as unknown as WebGlRunner).runWebGLProgram(columnSumsProgram(width), [x], 'float32', [[sequences], [rows], [width]]);
    },
  });
}

function asSequences(x: tf.Tensor): tf.Tensor3D {
  if (x.rank === 3) return x as tf.Tensor3D;
  if (x.rank === 2) return tf.expandDims<tf.Tensor3D>(x, 0);
  throw new RangeError(`Row sums take a [N, W] or [S, R, W] tensor, got shape [${x.shape.join(', ')}].`);
}

/** Columns of `a` and `b` to multiply: `offset` (even) and `width`; default all of them. */
export interface ColumnBlock {
  offset: number;
  width: number;
}

/**
 * `Σ_rows aᵀ · b` → `[K, M]` over every row of `a` and `b` (`[N, ·]` or `[S, R, ·]`, the same rows), restricted
 * to the column blocks given. Not differentiable (it is itself a gradient). On the webgl backend.
 */
export function rowProductsWebGl(a: tf.Tensor, b: tf.Tensor, aColumns?: ColumnBlock, bColumns?: ColumnBlock): tf.Tensor2D {
  registerKernels();
  const a3 = asSequences(a);
  const b3 = asSequences(b);
  if (a3.shape[0] !== b3.shape[0] || a3.shape[1] !== b3.shape[1]) {
    throw new RangeError(`Row products need the same rows in both inputs, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}].`);
  }
  const aBlock = aColumns ?? { offset: 0, width: a3.shape[2] };
  const bBlock = bColumns ?? { offset: 0, width: b3.shape[2] };
  for (const block of [aBlock, bBlock]) {
    // A texel holds two columns: an odd offset would straddle texels.
    if (block.offset % 2 !== 0) throw new RangeError(`Row products read column blocks at even offsets, got ${block.offset}.`);
  }
  const attrs: RowProductsAttrs = { aOffset: aBlock.offset, bOffset: bBlock.offset, aWidth: aBlock.width, bWidth: bBlock.width };
  return tf.engine().runKernel(ROW_PRODUCTS_WEBGL_KERNEL, { a: a3, b: b3 }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/** `Σ_rows x` → `[W]` over every row of `x` (`[N, W]` or `[S, R, W]`). Not differentiable. On the webgl backend. */
export function columnSumsWebGl(x: tf.Tensor): tf.Tensor1D {
  registerKernels();
  const x3 = asSequences(x);
  const sums = tf.engine().runKernel(COLUMN_SUMS_WEBGL_KERNEL, { x: x3 }) as tf.Tensor2D;
  return tf.reshape(sums, [x3.shape[2]]);
}
