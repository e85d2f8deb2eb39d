/**
 * Slice, Unpack (tf.unstack) and SplitV (tf.split) for tfjs's WASM backend, copying only the part asked for.
 * Why: tfjs-backend-wasm 4.22's Slice starts with `backend.readSync(x)`, which copies the WHOLE input out of
 * the wasm heap into a fresh ArrayBuffer, and Unpack and SplitV call it once per piece: unstacking a
 * `[T, B, 4H]` projection into T steps copies it T times. The recurrent path does that every layer and
 * direction, forward and backward. A Chromium CPU profile of the bench worker (names LSTM, wasm) had 58%
 * of the worker's time in that readSync, against 4% in Node, whose V8 allocates and copies buffers several
 * times faster here: it was why the browser's wasm step took about twice Node's.
 * These kernels read the input through a view of the heap (`typedArrayFromHeap`, no copy) and copy each
 * output's rows straight into it. Strings (not in the heap) keep tfjs's kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type KernelFunc = tf.KernelConfig['kernelFunc'];
type TypedArray = Float32Array | Int32Array | Uint8Array;

/** Row-major strides of `shape`. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1] * shape[axis + 1];
  return strides;
}

/**
 * Copy the box `begin`/`size` of `source` (shaped `shape`) into `target` from `targetOffset`, row-major:
 * one `set` per run along the last axis (one in all when the box is contiguous).
 */
function copyBox(source: TypedArray, shape: readonly number[], begin: readonly number[], size: readonly number[], target: TypedArray, targetOffset: number): void {
  const count = size.reduce((product, dim) => product * dim, 1);
  if (count === 0) return;
  const strides = stridesOf(shape);
  if (tf.slice_util.isSliceContinous([...shape], [...begin], [...size])) {
    const start = begin.reduce((offset, index, axis) => offset + index * strides[axis], 0);
    target.set(source.subarray(start, start + count), targetOffset);
    return;
  }
  const last = size.length - 1;
  const run = size[last];
  const index = new Array<number>(last).fill(0);
  let written = targetOffset;
  for (;;) {
    let start = begin[last];
    for (let axis = 0; axis < last; axis++) start += (begin[axis] + index[axis]) * strides[axis];
    target.set(source.subarray(start, start + run), written);
    written += run;
    let axis = last - 1;
    while (axis >= 0 && ++index[axis] === size[axis]) index[axis--] = 0;
    if (axis < 0) return;
  }
}

/**
 * Cut `x` into boxes (`begin`, `size`), each output shaped `outShapes[i]` (the box's size, or with the split
 * axis dropped for Unpack). Every output is allocated before any view of the heap is taken: an allocation
 * may grow the wasm memory, which detaches views taken earlier.
 */
function cutBoxes(backend: BackendWasm, x: tf.TensorInfo, boxes: { begin: number[]; size: number[]; outShape: number[] }[]): tf.TensorInfo[] {
  const outputs = boxes.map(({ outShape }) => backend.makeOutput(outShape, x.dtype));
  const source = backend.typedArrayFromHeap(x) as TypedArray;
  boxes.forEach(({ begin, size }, i) => copyBox(source, x.shape, begin, size, backend.typedArrayFromHeap(outputs[i]) as TypedArray, 0));
  return outputs;
}

function sliceKernel(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const x = inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return original(args);
    const { begin, size } = attrs as unknown as { begin: number | number[]; size: number | number[] };
    const [start, extent] = tf.slice_util.parseSliceParams(x, begin, size);
    return cutBoxes(args.backend as BackendWasm, x, [{ begin: start, size: extent, outShape: extent }])[0];
  };
}

function unpackKernel(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const x = inputs.value as tf.TensorInfo;
    if (x.dtype === 'string') return original(args);
    const rank = x.shape.length;
    const axis = ((attrs as unknown as { axis: number }).axis + rank) % rank;
    const outShape = x.shape.filter((_, dim) => dim !== axis);
    const boxes = Array.from({ length: x.shape[axis] }, (_, piece) => {
      const begin = new Array<number>(rank).fill(0);
      begin[axis] = piece;
      const size = [...x.shape];
      size[axis] = 1;
      return { begin, size, outShape };
    });
    return cutBoxes(args.backend as BackendWasm, x, boxes);
  };
}

function splitKernel(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const x = inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return original(args);
    const { numOrSizeSplits, axis: givenAxis } = attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    const axis = tf.util.parseAxisParam(givenAxis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, axis);
    let offset = 0;
    const boxes = sizes.map((extent) => {
      const begin = new Array<number>(x.shape.length).fill(0);
      begin[axis] = offset;
      offset += extent;
      const size = [...x.shape];
      size[axis] = extent;
      return { begin, size, outShape: size };
    });
    return cutBoxes(args.backend as BackendWasm, x, boxes);
  };
}

const REPLACEMENTS: Record<string, (original: KernelFunc) => KernelFunc> = {
  [tf.Slice]: sliceKernel,
  [tf.Unpack]: unpackKernel,
  [tf.SplitV]: splitKernel,
};

/** Marks our kernel functions, so a second call (another backend start) replaces nothing twice. */
const ours = new WeakSet<KernelFunc>();

/** Put these kernels in place of tfjs-backend-wasm's own; call after the wasm package is imported. */
export function registerWasmSliceKernels(): void {
  for (const [kernelName, replacement] of Object.entries(REPLACEMENTS)) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (!existing || ours.has(existing.kernelFunc)) continue;
    const kernelFunc = replacement(existing.kernelFunc);
    ours.add(kernelFunc);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...existing, kernelFunc });
  }
}

/** Whether the wasm backend runs these kernels (for tests). */
export function wasmSliceKernelsRegistered(): boolean {
  return Object.keys(REPLACEMENTS).every((kernelName) => {
    const kernel = tf.getKernel(kernelName, 'wasm');
    return kernel !== undefined && ours.has(kernel.kernelFunc);
  });
}
