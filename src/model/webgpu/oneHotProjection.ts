/**
 * The input projection of one-hot characters on WebGPU as what it is, a row lookup: `onehot(ids) · W + b` is
 * row `ids[r]` of W plus b (an id outside the alphabet, padding, is a zero row: b alone), and its weight
 * gradient adds each row of ∂L/∂projected into its character's row. Why: as a matmul it did 57 multiply-adds
 * per output, nearly all by zero, forward and again for ∂W (Dawn on SwiftShader, names LSTM, T 4: 5.5 ms
 * forward and 15.9 ms for ∂W; they grow with T). Here the forward copies one row per output row and the
 * gradient reads each ∂ row once. The sums run over a character's rows in increasing row order, as the
 * matmul's did, so results equal it (adding the matmul's exact zeros changes no rounding).
 *
 * The same kernel is the engine's row lookup on WebGPU (`lookupRowsWebGpu`): a word model's embedding rows and
 * its input projection by the table's projected rows (recurrentLayer.ts's `TableInput`).
 *
 * Kernel `RnnPlaygroundOneHotProjection`: `lookup` int32 (`lookupLayout`: the ids `[R]`, then the rows grouped by
 * character, `symbolStart [A + 1]` and `rowsBySymbol [max(R, 1)]`, built in JavaScript from the ids the batch
 * already has there), `weight [A, N]`, optional `bias [N]`, attributes `rows` R and `width` A → `[R, N]`. One tensor, not three:
 * each tensor made from JavaScript values is a new GPU buffer when first read, and those buffers were a large
 * part of a step's CPU time (webgpu/fusedAdam.ts). Gradient: ∂weight by `RnnPlaygroundOneHotProjectionGrad`, ∂bias
 * the column sum of ∂L/∂projected; `lookup` has none.
 */
import * as tf from '@tensorflow/tfjs';
import { columnSum } from './matMul';
import { type WebGpuProgram, runProgram } from './program';

export const ONE_HOT_PROJECTION_KERNEL = 'RnnPlaygroundOneHotProjection';
export const ONE_HOT_PROJECTION_GRAD_KERNEL = 'RnnPlaygroundOneHotProjectionGrad';

const THREADS = 64;
/** WebGPU's guaranteed maximum of workgroups along one dispatch dimension. */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/** Layer 0's input given as ids rather than one-hot rows: the one-hot of `ids` (time-major) over `width` symbols. */
export interface OneHotIds {
  ids: Int32Array;
  width: number;
}

/**
 * Columns along x and rows along y (spilling into z past WebGPU's 65,535): no integer division per element,
 * which a software GPU runs lane by lane.
 */
function gridFor(rows: number, columns: number): [number, number, number] {
  const blocks = Math.ceil(rows / ROWS_PER_WORKGROUP);
  return [Math.ceil(columns / THREADS), Math.min(blocks, MAX_WORKGROUPS_PER_DIMENSION), Math.ceil(blocks / MAX_WORKGROUPS_PER_DIMENSION)];
}

/**
 * Output rows one workgroup walks: a workgroup per row made SST-2's `[T·B, 400]` lookup thousands of tiny
 * workgroups, each with SwiftShader's start-up cost (Dawn + SwiftShader: 10.7 → 7.5 ms per step).
 */
const ROWS_PER_WORKGROUP = 8;

/** WGSL: the first of the invocation's rows (`firstRow`) and its column `c` in a `gridFor` dispatch. */
const GRID_POSITION = `let firstRow = (i32(workgroupId.z) * ${MAX_WORKGROUPS_PER_DIMENSION} + i32(workgroupId.y)) * ${ROWS_PER_WORKGROUP};
    let c = i32(workgroupId.x) * ${THREADS} + i32(localId.x);`;

function forwardProgram(rows: number, columns: number, hasBias: boolean): WebGpuProgram {
  const dispatch = gridFor(rows, columns);
  return {
    variableNames: hasBias ? ['lookup', 'weight', 'bias'] : ['lookup', 'weight'],
    outputShape: [rows, columns],
    shaderKey: `rnnPlaygroundOneHotProjection_${hasBias}`,
    dispatchLayout: { x: [0, 1] },
    dispatch,
    workgroupSize: [THREADS, 1, 1],
    uniforms: 'rows : i32,',
    size: false,
    getUserCode: () => `
  fn main(unusedIndex : i32) {
    ${GRID_POSITION}
    let width = uniforms.weightShape.x;
    let columns = uniforms.weightShape.y;
    if (c >= columns) { return; }
    let b = ${hasBias ? 'bias[c]' : '0.0'};
    for (var row = firstRow; row < min(firstRow + ${ROWS_PER_WORKGROUP}, uniforms.rows); row++) {
      let id = lookup[row];
      var value = 0.0;
      if (id >= 0 && id < width) { value = weight[id * columns + c]; }
      result[row * columns + c] = value + b;
    }
  }
`,
  };
}

function gradProgram(width: number, columns: number): WebGpuProgram {
  const dispatch = gridFor(width, columns);
  return {
    variableNames: ['dy', 'lookup'],
    outputShape: [width, columns],
    shaderKey: 'rnnPlaygroundOneHotProjectionGrad',
    dispatchLayout: { x: [0, 1] },
    dispatch,
    workgroupSize: [THREADS, 1, 1],
    uniforms: 'width : i32, rows : i32,',
    size: false,
    getUserCode: () => `
  fn main(unusedIndex : i32) {
    ${GRID_POSITION}
    let columns = uniforms.dyShape.y;
    if (c >= columns) { return; }
    // lookup: the R ids, then symbolStart [width + 1], then rowsBySymbol.
    let starts = uniforms.rows;
    let grouped = uniforms.rows + uniforms.width + 1;
    for (var symbol = firstRow; symbol < min(firstRow + ${ROWS_PER_WORKGROUP}, uniforms.width); symbol++) {
      var sum = 0.0;
      for (var i = lookup[starts + symbol]; i < lookup[starts + symbol + 1]; i++) { sum += dy[lookup[grouped + i] * columns + c]; }
      result[symbol * columns + c] = sum;
    }
  }
`,
  };
}

/** The kernels' attributes: R, the ids' count (where symbolStart begins in `lookup`), and A, the table's rows. */
interface LookupAttrs {
  rows: number;
  width: number;
}

let registered = false;

function ensureRegistered(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: ONE_HOT_PROJECTION_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { lookup, weight, bias } = inputs as Record<string, tf.TensorInfo | undefined>;
      if (!lookup || !weight) throw new Error(`${ONE_HOT_PROJECTION_KERNEL}: lookup and weight are required.`);
      const { rows } = attrs as unknown as LookupAttrs;
      const program = forwardProgram(rows, weight.shape[1], bias !== undefined);
      return runProgram(backend, program, bias ? [lookup, weight, bias] : [lookup, weight], [{ type: 'int32', data: [rows] }]);
    },
  });
  tf.registerKernel({
    kernelName: ONE_HOT_PROJECTION_GRAD_KERNEL,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, lookup } = inputs as Record<string, tf.TensorInfo>;
      const { rows, width } = attrs as unknown as LookupAttrs;
      const program = gradProgram(width, dy.shape[1]);
      return runProgram(backend, program, [dy, lookup], [
        { type: 'int32', data: [width] },
        { type: 'int32', data: [rows] },
      ]);
    },
  });
  tf.registerGradient({
    kernelName: ONE_HOT_PROJECTION_KERNEL,
    inputsToSave: ['lookup'],
    gradFunc: (dy, saved, attrs) => {
      const [lookup] = saved;
      const dProjected = dy as tf.Tensor2D;
      return {
        weight: () => tf.engine().runKernel(ONE_HOT_PROJECTION_GRAD_KERNEL, { dy: dProjected, lookup }, attrs) as tf.Tensor,
        bias: () => columnSum(dProjected),
      };
    },
  });
}

/** Rows grouped by their id (counting sort, rows ascending within an id); ids outside [0, width) are left out. */
export function rowsGroupedBySymbol(ids: Int32Array, width: number): { rowsBySymbol: Int32Array; symbolStart: Int32Array } {
  const symbolStart = new Int32Array(width + 1);
  for (const id of ids) if (id >= 0 && id < width) symbolStart[id + 1] += 1;
  for (let symbol = 0; symbol < width; symbol++) symbolStart[symbol + 1] += symbolStart[symbol];
  const next = symbolStart.slice(0, width);
  // At least one entry: a WebGPU binding cannot be empty.
  const rowsBySymbol = new Int32Array(Math.max(1, symbolStart[width]));
  ids.forEach((id, row) => {
    if (id >= 0 && id < width) rowsBySymbol[next[id]++] = row;
  });
  return { rowsBySymbol, symbolStart };
}

/** The kernels' one int32 input for `ids` over `width` symbols: the ids, symbolStart, rowsBySymbol, end to end. */
export function lookupLayout(ids: Int32Array, width: number): Int32Array {
  const { rowsBySymbol, symbolStart } = rowsGroupedBySymbol(ids, width);
  const lookup = new Int32Array(ids.length + symbolStart.length + rowsBySymbol.length);
  lookup.set(ids);
  lookup.set(symbolStart, ids.length);
  lookup.set(rowsBySymbol, ids.length + symbolStart.length);
  return lookup;
}

/**
 * `onehot(input.ids, input.width) · weight + bias` on the webgpu backend, `[R, N]` for `weight [width, N]`,
 * differentiable with respect to `weight` and `bias`.
 */
export function oneHotProjection(input: OneHotIds, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  if (weight.shape[0] !== input.width) throw new Error(`${ONE_HOT_PROJECTION_KERNEL}: the weight has ${weight.shape[0]} rows for ${input.width} symbols.`);
  return lookupRowsWebGpu(weight, input.ids, bias);
}

/**
 * Rows `ids` of `table [S, N]` (+ `bias`) on the webgpu backend, `[ids.length, N]`; an id outside [0, S) gives a
 * zero row. Differentiable with respect to `table` (each row's positions summed, in increasing position order)
 * and `bias`. The one-hot projection is this lookup in W; so are an embedding lookup and the input projection
 * of a word model (recurrentLayer.ts's `TableInput`).
 */
export function lookupRowsWebGpu(table: tf.Tensor2D, ids: Int32Array, bias?: tf.Tensor1D): tf.Tensor2D {
  ensureRegistered();
  const lookup = lookupLayout(ids, table.shape[0]);
  return tf.tidy(() => {
    const inputs: tf.NamedTensorMap = { lookup: tf.tensor1d(lookup, 'int32'), weight: table, ...(bias ? { bias } : {}) };
    const attrs: LookupAttrs = { rows: ids.length, width: table.shape[0] };
    return tf.engine().runKernel(ONE_HOT_PROJECTION_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
  });
}
