/**
 * The engine's matrix product on WebGPU: `op(a) · op(b) (+ bias)`, each invocation computing a small tile of
 * the output in registers, with no workgroup memory and no barriers.
 * Why not tfjs's own MatMul: its shaders stage tiles through workgroup memory behind barriers, which
 * SwiftShader (the software WebGPU students without a GPU get) runs as coroutine switches: measured on Dawn +
 * SwiftShader here, tfjs took 75 ms for a names step's ∂W_hh (`[256,128]ᵀ·[256,512]`) and 17 ms for the head's
 * `[64,18]·[18,128]`, while this kernel takes 13–20 ms and under 1 ms. A register tile is also the usual
 * design on real GPUs for matrices this small (a few hundred rows), where there is too little work to
 * amortise staging. The second reason is the gradient: tfjs's fused matmul computes ∂/∂a and ∂/∂b eagerly,
 * so the one-hot input's gradient (`[T·B, 57]`, never used) cost a matmul every step; here each input's
 * gradient is a separate thunk that autodiff calls only when that input needs one.
 *
 * Kernel `RnnPlaygroundMatMul`: inputs `a`, `b` (2-D) and optional `bias [N]`; attributes `transposeA`,
 * `transposeB` (booleans: `a` is `[K, M]`, `b` is `[N, K]` when set) → `[M, N]`, and optionally
 * `aColumns`/`aColumnOffset`: `a` is then a block of `aColumns` columns from `aColumnOffset` on, read in place
 * (BPTT's ∂W_hh reads h_{t−1} straight out of the sequence kernel's packed result, with no slice). Kernel
 * `RnnPlaygroundColumnSum`: `x [R, N]` → `[N]`, the bias gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { type WebGpuProgram, runProgram } from './program';

export const MATMUL_KERNEL = 'RnnPlaygroundMatMul';
export const COLUMN_SUM_KERNEL = 'RnnPlaygroundColumnSum';

/** Output rows and columns each invocation computes: 8×8 once the output is large enough to keep every core busy, else 4×4. */
const SMALL_TILE = 4;
const LARGE_TILE = 8;
/** Invocations the 8×8 tile must still leave (a software GPU runs them on every CPU core; a real GPU wants more). */
const MIN_INVOCATIONS_FOR_LARGE_TILE = 512;

function tileFor(m: number, n: number): number {
  return Math.ceil(m / LARGE_TILE) * Math.ceil(n / LARGE_TILE) >= MIN_INVOCATIONS_FOR_LARGE_TILE ? LARGE_TILE : SMALL_TILE;
}
const THREADS = 64;
/** WebGPU's guaranteed maximum of workgroups along one dispatch dimension. */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  /** 0: all of `a`; else the width of the column block of `a` that is the operand. */
  aColumns: number;
  aColumnOffset: number;
}

function attrsOf(attrs: unknown): MatMulAttrs {
  const { transposeA, transposeB, aColumns, aColumnOffset } = (attrs ?? {}) as Partial<MatMulAttrs>;
  return { transposeA: transposeA === true, transposeB: transposeB === true, aColumns: aColumns ?? 0, aColumnOffset: aColumnOffset ?? 0 };
}

/** The operand's shape: `a`'s, or that of its column block. */
function operandShape(aShape: readonly number[], { aColumns, aColumnOffset }: MatMulAttrs): number[] {
  if (aColumns === 0) return [...aShape];
  if (aShape.length !== 2 || aColumnOffset < 0 || aColumns < 0 || aColumnOffset + aColumns > aShape[1]) {
    throw new Error(`${MATMUL_KERNEL}: columns ${aColumnOffset}..${aColumnOffset + aColumns - 1} are not inside [${aShape}].`);
  }
  return [aShape[0], aColumns];
}

/** `[M, K, N]` of `op(a) · op(b)`; throws on shapes that do not chain. */
function productDims(aShape: readonly number[], bShape: readonly number[], { transposeA, transposeB }: MatMulAttrs): [number, number, number] {
  if (aShape.length !== 2 || bShape.length !== 2) throw new Error(`${MATMUL_KERNEL}: both inputs must be 2-D, got [${aShape}] and [${bShape}].`);
  const [m, k] = transposeA ? [aShape[1], aShape[0]] : [aShape[0], aShape[1]];
  const [kB, n] = transposeB ? [bShape[1], bShape[0]] : [bShape[0], bShape[1]];
  if (k !== kB) throw new Error(`${MATMUL_KERNEL}: inner sizes differ (${k} vs ${kB}) for [${aShape}] and [${bShape}].`);
  return [m, k, n];
}

/** Workgroups for `count` invocations, wrapped into y past the per-dimension limit. */
function dispatchFor(count: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(count / THREADS));
  const x = Math.min(groups, MAX_WORKGROUPS_PER_DIMENSION);
  return [x, Math.ceil(groups / x), 1];
}

/**
 * WGSL for one tile: TILE×TILE accumulators. Loads go through f32(): tfjs's webgpu cast from int32 to float32
 * keeps the int32 buffer (a one-hot input arrives so). Loads past the last row or column read the last one instead
 * (clamped, so the inner loop has no branches) and those results are never stored.
 */
function matMulProgram(m: number, n: number, { transposeA, transposeB }: MatMulAttrs, hasBias: boolean): WebGpuProgram {
  const TILE = tileFor(m, n);
  const range = Array.from({ length: TILE }, (_, i) => i);
  // a's rows are aStride apart and its operand starts aOffset into each (the whole of a: its width and 0).
  const aAt = (row: string) => (transposeA ? `kk * aStride + aOffset + ${row}` : `${row} * aStride + aOffset + kk`);
  const bAt = (col: string) => (transposeB ? `${col} * K + kk` : `kk * N + ${col}`);
  const dispatch = dispatchFor(Math.ceil(m / TILE) * Math.ceil(n / TILE));
  return {
    variableNames: hasBias ? ['a', 'b', 'bias'] : ['a', 'b'],
    outputShape: [m, n],
    shaderKey: `rnnPlaygroundMatMul_${TILE}_${transposeA}_${transposeB}_${hasBias}`,
    dispatchLayout: { x: [0, 1] },
    dispatch,
    workgroupSize: [THREADS, 1, 1],
    uniforms: 'm : i32, k : i32, n : i32, groupsX : i32, aStride : i32, aOffset : i32,',
    size: false,
    getUserCode: () => `
  fn main(index : i32) {
    let M = uniforms.m;
    let K = uniforms.k;
    let N = uniforms.n;
    let aStride = uniforms.aStride;
    let aOffset = uniforms.aOffset;
    let tilesN = (N + ${TILE - 1}) / ${TILE};
    let tile = (i32(workgroupId.y) * uniforms.groupsX + i32(workgroupId.x)) * ${THREADS} + i32(localId.x);
    let row0 = (tile / tilesN) * ${TILE};
    let col0 = (tile % tilesN) * ${TILE};
    if (row0 >= M) { return; }
${range.map((i) => `    let r${i} = min(row0 + ${i}, M - 1);\n    let c${i} = min(col0 + ${i}, N - 1);`).join('\n')}
    var acc : array<f32, ${TILE * TILE}>;
    for (var kk = 0; kk < K; kk++) {
${range.map((i) => `      let a${i} = f32(a[${aAt(`r${i}`)}]);`).join('\n')}
${range.map((j) => `      let b${j} = f32(b[${bAt(`c${j}`)}]);`).join('\n')}
${range.map((i) => range.map((j) => `      acc[${i * TILE + j}] += a${i} * b${j};`).join('\n')).join('\n')}
    }
${range
  .map((i) =>
    range
      .map((j) => `    if (row0 + ${i} < M && col0 + ${j} < N) { result[(row0 + ${i}) * N + col0 + ${j}] = acc[${i * TILE + j}]${hasBias ? ` + f32(bias[col0 + ${j}])` : ''}; }`)
      .join('\n'),
  )
  .join('\n')}
  }
`,
  };
}

function columnSumProgram(columns: number): WebGpuProgram {
  return {
    variableNames: ['x'],
    outputShape: [columns],
    shaderKey: 'rnnPlaygroundColumnSum',
    dispatchLayout: { x: [0] },
    dispatch: dispatchFor(columns),
    workgroupSize: [THREADS, 1, 1],
    uniforms: 'rows : i32, columns : i32, groupsX : i32,',
    size: false,
    getUserCode: () => `
  fn main(index : i32) {
    let column = (i32(workgroupId.y) * uniforms.groupsX + i32(workgroupId.x)) * ${THREADS} + i32(localId.x);
    if (column >= uniforms.columns) { return; }
    var sum = 0.0;
    for (var r = 0; r < uniforms.rows; r++) { sum += f32(x[r * uniforms.columns + column]); }
    result[column] = sum;
  }
`,
  };
}

let registered = false;

/** Register both kernels (webgpu backend) and the product's gradient, once. */
function ensureRegistered(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: MATMUL_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { a, b, bias } = inputs as Record<string, tf.TensorInfo | undefined>;
      if (!a || !b) throw new Error(`${MATMUL_KERNEL}: a and b are required.`);
      const flags = attrsOf(attrs);
      const [m, k, n] = productDims(operandShape(a.shape, flags), b.shape, flags);
      if (bias && (bias.shape.length !== 1 || bias.shape[0] !== n)) throw new Error(`${MATMUL_KERNEL}: bias must be [${n}], got [${bias.shape}].`);
      const program = matMulProgram(m, n, flags, bias !== undefined);
      return runProgram(backend, program, bias ? [a, b, bias] : [a, b], [
        { type: 'int32', data: [m] },
        { type: 'int32', data: [k] },
        { type: 'int32', data: [n] },
        { type: 'int32', data: [program.dispatch[0]] },
        { type: 'int32', data: [a.shape[1]] },
        { type: 'int32', data: [flags.aColumnOffset] },
      ]);
    },
  });
  tf.registerKernel({
    kernelName: COLUMN_SUM_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { x } = inputs as Record<string, tf.TensorInfo>;
      const [rows, columns] = x.shape;
      const program = columnSumProgram(columns);
      return runProgram(backend, program, [x], [
        { type: 'int32', data: [rows] },
        { type: 'int32', data: [columns] },
        { type: 'int32', data: [program.dispatch[0]] },
      ]);
    },
  });
  tf.registerGradient({
    kernelName: MATMUL_KERNEL,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor2D, tf.Tensor2D];
      const { transposeA, transposeB, aColumns } = attrsOf(attrs);
      // A column block of `a` is read in place by BPTT, whose weight gradient is never differentiated again.
      if (aColumns !== 0) throw new Error(`${MATMUL_KERNEL}: a product of a column block of a has no gradient.`);
      const dC = dy as tf.Tensor2D;
      // With C = A′·B′ (A′ = op(a), B′ = op(b)): ∂A′ = ∂C·B′ᵀ and ∂B′ = A′ᵀ·∂C, transposed back where op transposed.
      const grads: Record<string, () => tf.Tensor> = {
        a: () => (transposeA ? gpuMatMul(b, dC, { transposeA: transposeB, transposeB: true }) : gpuMatMul(dC, b, { transposeB: !transposeB })),
        b: () => (transposeB ? gpuMatMul(dC, a, { transposeA: true, transposeB: transposeA }) : gpuMatMul(a, dC, { transposeA: !transposeA })),
        bias: () => columnSum(dC),
      };
      return grads;
    },
  });
}

/**
 * `op(a) · op(b) + bias` on the webgpu backend, differentiable (each input's gradient computed only when
 * autodiff asks for it).
 */
export function gpuMatMul(a: tf.Tensor2D, b: tf.Tensor2D, options: { transposeA?: boolean; transposeB?: boolean; bias?: tf.Tensor; aColumns?: { offset: number; count: number } } = {}): tf.Tensor2D {
  ensureRegistered();
  const attrs = { transposeA: options.transposeA ?? false, transposeB: options.transposeB ?? false, aColumns: options.aColumns?.count ?? 0, aColumnOffset: options.aColumns?.offset ?? 0 };
  const inputs: tf.NamedTensorMap = options.bias ? { a, b, bias: options.bias } : { a, b };
  return tf.engine().runKernel(MATMUL_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/** Sum of the rows of `x [R, N]` → `[N]` on the webgpu backend (the bias gradient). */
export function columnSum(x: tf.Tensor2D): tf.Tensor1D {
  ensureRegistered();
  return tf.engine().runKernel(COLUMN_SUM_KERNEL, { x }) as tf.Tensor1D;
}
