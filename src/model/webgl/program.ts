/**
 * The parts of tfjs-backend-webgl 4.x the engine's own WebGL passes use (rowMerge.ts, lstmSequence.ts,
 * lastStep.ts): a program (see its gpgpu_math.ts GPGPUProgram) and the MathBackendWebGL members that run one.
 * They are public there but not in tfjs's union types, hence these declarations.
 */
import * as tf from '@tensorflow/tfjs';

/** A uniform the shader declares itself, set per draw (`customValues` of runWebGLProgram, in this order). */
export interface WebGlUniform {
  name: string;
  type: 'int' | 'float';
}

export interface WebGlProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  /** Inputs sampled and output written as 2×2 blocks per RGBA texel (tfjs's packed layout); default no. */
  packedInputs?: boolean;
  packedOutput?: boolean;
  /**
   * Shapes as uniforms instead of compiled-in constants (tfjs's WEBGL_USE_SHAPES_UNIFORMS, which the app turns
   * on): one shader for every batch size and sequence length.
   */
  enableShapeUniforms?: boolean;
  customUniforms?: WebGlUniform[];
}

export interface WebGlRunner {
  runWebGLProgram(program: WebGlProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, customUniformValues?: number[][]): tf.TensorInfo;
  /** A packed texture's unpacked copy (one draw). */
  unpackTensor(input: tf.TensorInfo): tf.TensorInfo;
  /** An unpacked texture's packed copy (one draw). */
  packTensor(input: tf.TensorInfo): tf.TensorInfo;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
  /**
   * Where a tensor's data lives: `texture` null until it is on the GPU, `shape` the shape its texture was laid out
   * for, `texShape` the texture's size in values (a packed texture has half as many texels each way).
   */
  texData: { get(dataId: tf.DataId): { isPacked?: boolean; texture?: unknown; shape?: number[]; texShape?: [number, number] } };
}

/** A program on packed textures in and out, shapes as uniforms where tfjs is told to (one shader for every shape). */
export function packedProgram(variableNames: string[], outputShape: number[], userCode: string, customUniforms?: WebGlUniform[]): WebGlProgram {
  return {
    variableNames,
    outputShape,
    userCode,
    packedInputs: true,
    packedOutput: true,
    enableShapeUniforms: tf.env().getBool('WEBGL_USE_SHAPES_UNIFORMS'),
    ...(customUniforms ? { customUniforms } : {}),
  };
}

/**
 * A packed texel (x = (r, c), y = (r, c+1), z = (r+1, c), w = (r+1, c+1)) of a shape with an odd row or column
 * count has lanes past the end. tfjs's packed kernels rely on those being zero (a packed matmul multiplies them
 * in along an odd shared dimension; see fusedAdam.ts), so every packed kernel of the engine writes zeros there:
 * `zeroPastEnd(value, row, column, rows, columns)` from `ZERO_PAST_END`, the counts uniforms or constants.
 */
export const ZERO_PAST_END = `
  vec4 zeroPastEnd(vec4 value, int row, int column, int rows, int columns) {
    if (row + 1 >= rows) value.zw = vec2(0.0);
    if (column + 1 >= columns) value.yw = vec2(0.0);
    return value;
  }
`;

/**
 * The passes whose rows are batch rows (every column is inside): `inRows(value, row)`, with the row count in
 * the `batchRows` uniform (`BATCH_ROWS`, passed last).
 */
export const BATCH_ROWS: WebGlUniform = { name: 'batchRows', type: 'int' };
export const PAST_LAST_ROW = `${ZERO_PAST_END}
  vec4 inRows(vec4 value, int row) {
    return zeroPastEnd(value, row, 0, batchRows, 2);
  }
`;
