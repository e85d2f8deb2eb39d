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
import { ZERO_PAST_END, packedProgram, type WebGlProgram, type WebGlRunner } from './program';

export const ROW_PRODUCTS_WEBGL_KERNEL = 'RnnPlaygroundRowProductsWebGl';
export const COLUMN_SUMS_WEBGL_KERNEL = 'RnnPlaygroundColumnSumsWebGl';

interface RowProductsAttrs {
  aOffset: number;
  bOffset: number;
  aWidth: number;
  bWidth: number;
}

/**
 * GLSL: walking a packed `[S, R, W]` input down its rows by integer texel coordinates. tfjs lays a packed
 * texture's texels out row-major over (s, r/2, c/2), wrapped at the texture's width; its own samplers work out
 * each read's position with integer divisions, which SwiftShader runs lane by lane: these divide once per
 * sequence and then step (one texture row down in tfjs's usual layout), which took the two weight-gradient
 * draws of an SST-2 step from 77 to 39 ms, about what tfjs's packed matmul takes for the same products. (tfjs
 * never reads a packed input through a shared slice: it packs such an input into a texture of its own first.)
 */
function rowWalk(name: string): string {
  const cap = name.charAt(0).toUpperCase() + name.slice(1);
  // The input's texels per row pair, ceil(W / 2), come as a uniform (<name>PerRow) rather than from tfjs's shape
  // uniforms, which leave size-1 dimensions out (a [1, N, W] input has an ivec2 shape).
  return `
  ivec2 ${name}Start(int s, int column) {
    int texels = (s * ((rows + 1) / 2)) * ${name}PerRow + column / 2;
    int width = textureSize(${name}, 0).x;
    int row = texels / width;
    return ivec2(texels - row * width, row);
  }
  ivec2 ${name}Step() {
    int width = textureSize(${name}, 0).x;
    int wraps = ${name}PerRow / width;
    return ivec2(${name}PerRow - wraps * width, wraps);
  }
  ivec2 next${cap}(ivec2 at, ivec2 step) {
    at += step;
    int width = textureSize(${name}, 0).x;
    return at.x >= width ? ivec2(at.x - width, at.y + 1) : at;
  }
`;
}

/**
 * Each output texel holds k, k+1 × m, m+1; an input texel holds rows r, r+1 × two columns, so one pair of reads
 * adds two rows' outer products: out(k, m) += a(r, k)·b(r, m) + a(r+1, k)·b(r+1, m), and so on per lane. The
 * second row of the last texel is zeroed when the row count is odd: a texel read at an offset inside a wider
 * tensor has real values there.
 */
function rowProductsProgram(k: number, m: number): WebGlProgram {
  return packedProgram(
    // Not 'a' and 'b': tfjs's generated samplers name their first parameter b, which would hide a sampler b.
    ['left', 'right'],
    [k, m],
    `${ZERO_PAST_END}${rowWalk('left')}${rowWalk('right')}
  void main() {
    ivec2 rc = getOutputCoords();
    ivec2 leftStep = leftStep();
    ivec2 rightStep = rightStep();
    vec4 sum = vec4(0.0);
    // Whether a row pair is exactly one texture row (tfjs's usual layout): then the walk is one row down.
    bool oneRowDown = leftStep == ivec2(0, 1) && rightStep == ivec2(0, 1);
    for (int s = 0; s < sequences; s++) {
      ivec2 l = leftStart(s, aOffset + rc.x);
      ivec2 r = rightStart(s, bOffset + rc.y);
      if (oneRowDown) {
        int end = l.y + rows / 2;
        int shift = r.y - l.y;
        for (; l.y < end; l.y++) {
          vec4 a = texelFetch(left, l, 0);
          vec4 b = texelFetch(right, ivec2(r.x, l.y + shift), 0);
          sum += a.xxyy * b.xyxy + a.zzww * b.zwzw;
        }
        r.y = l.y + shift;
      } else {
        for (int row = 0; row + 1 < rows; row += 2) {
          vec4 a = texelFetch(left, l, 0);
          vec4 b = texelFetch(right, r, 0);
          sum += a.xxyy * b.xyxy + a.zzww * b.zwzw;
          l = nextLeft(l, leftStep);
          r = nextRight(r, rightStep);
        }
      }
      if (rows - (rows / 2) * 2 == 1) {
        vec4 a = texelFetch(left, l, 0);
        sum += a.xxyy * texelFetch(right, r, 0).xyxy;
      }
    }
    setOutput(zeroPastEnd(sum, rc.x, rc.y, outRows, outColumns));
  }
`,
    [
      { name: 'sequences', type: 'int' },
      { name: 'rows', type: 'int' },
      { name: 'aOffset', type: 'int' },
      { name: 'bOffset', type: 'int' },
      { name: 'leftPerRow', type: 'int' },
      { name: 'rightPerRow', type: 'int' },
      { name: 'outRows', type: 'int' },
      { name: 'outColumns', type: 'int' },
    ],
  );
}

function columnSumsProgram(width: number): WebGlProgram {
  return packedProgram(
    ['x'],
    [1, width],
    `${ZERO_PAST_END}${rowWalk('x')}
  void main() {
    ivec2 rc = getOutputCoords();
    ivec2 xStep = xStep();
    vec2 sum = vec2(0.0);
    for (int s = 0; s < sequences; s++) {
      ivec2 at = xStart(s, rc.y);
      for (int row = 0; row + 1 < rows; row += 2) {
        vec4 texel = texelFetch(x, at, 0);
        sum += texel.xy + texel.zw;
        at = nextX(at, xStep);
      }
      if (rows - (rows / 2) * 2 == 1) sum += texelFetch(x, at, 0).xy;
    }
    setOutput(zeroPastEnd(vec4(sum, 0.0, 0.0), rc.x, rc.y, 1, outColumns));
  }
`,
    [
      { name: 'sequences', type: 'int' },
      { name: 'rows', type: 'int' },
      { name: 'xPerRow', type: 'int' },
      { name: 'outColumns', type: 'int' },
    ],
  );
}

/** Texels a packed row pair of `[S, R, W]` takes: two columns each. */
function texelsPerRow(input: tf.TensorInfo): number {
  return Math.ceil(input.shape[2] / 2);
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
      return (backend as unknown as WebGlRunner).runWebGLProgram(rowProductsProgram(aWidth, bWidth), [a, b], 'float32', [[sequences], [rows], [aOffset], [bOffset], [texelsPerRow(a)], [texelsPerRow(b)], [aWidth], [bWidth]]);
    },
  });
  tf.registerKernel({
    kernelName: COLUMN_SUMS_WEBGL_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { x } = inputs as Record<'x', tf.TensorInfo>;
      const [sequences, rows, width] = x.shape;
      return (backend as unknown as WebGlRunner).runWebGLProgram(columnSumsProgram(width), [x], 'float32', [[sequences], [rows], [texelsPerRow(x)], [width]]);
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
