/**
 * The part of tfjs-backend-webgpu's program interface (its webgpu_program.ts) the engine's own WGSL kernels
 * use, in one place: a program is WGSL `main` code plus its inputs' names and output shape; the backend adds
 * the bindings, the shape uniforms and a `main(index)` wrapper, compiles once per shader key and records
 * one dispatch per run.
 */
import * as tf from '@tensorflow/tfjs';

/** A tfjs WebGPU program (the fields these kernels set). */
export interface WebGpuProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Extra uniform fields, WGSL struct syntax (`name : i32,` …), filled from `ProgramUniform` values. */
  uniforms?: string;
  /** Whether the backend adds an output-size uniform (these kernels compute their own bounds). */
  size?: boolean;
  getUserCode: () => string;
}

/** One value of an extra uniform field; one entry per scalar (tfjs aligns multi-value entries as vectors). */
export interface ProgramUniform {
  type: 'int32' | 'float32';
  data: number[];
}

interface ProgramRunner {
  runWebGPUProgram(program: WebGpuProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: ProgramUniform[]): tf.TensorInfo;
}

/** Run `program` on the webgpu backend handed to a kernel function: one dispatch, a fresh output. */
export function runProgram(backend: unknown, program: WebGpuProgram, inputs: tf.TensorInfo[], uniforms?: ProgramUniform[]): tf.TensorInfo {
  return (backend as ProgramRunner).runWebGPUProgram(program, inputs, 'float32', uniforms);
}

/**
 * Register `kernelName` on the webgpu backend as one program over its inputs, taken in `inputNames`' order
 * (an optional input that is absent is left out).
 */
export function registerProgramKernel(kernelName: string, inputNames: string[], program: (inputs: tf.TensorInfo[]) => WebGpuProgram): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const named = inputs as Record<string, tf.TensorInfo | undefined>;
      const present = inputNames.map((name) => named[name]).filter((input): input is tf.TensorInfo => input !== undefined);
      return runProgram(backend, program(present), present);
    },
  });
}

/** Elements of a tensor of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** WGSL: a tree sum of `partial` (a workgroup array of `threads`, a power of two) into partial[0]; all threads must call it. */
export function workgroupSum(threads: number): string {
  return `
    workgroupBarrier();
    for (var stride = ${threads / 2}; stride > 0; stride = stride / 2) {
      if (local < stride) { partial[local] = partial[local] + partial[local + stride]; }
      workgroupBarrier();
    }`;
}
