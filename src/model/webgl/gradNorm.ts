/**
 * The loss and the global gradient norm of a training step in three WebGL draws (two when every gradient has
 * the same texture layout), instead of tfjs's Square and Sum per gradient tensor (a Sum of a large tensor is
 * several reduction draws), an AddN, a Sqrt and a stack: about 25 draws on an SST-2 step. The WebGL side of
 * ../webgpu/gradNorm.ts; the same sum as clipping.ts's `globalNorm`, added in another order.
 *
 * Kernel `RnnPlaygroundSquareSumsWebGl` (one draw per texture layout): up to eight gradients, all packed or all
 * unpacked (tfjs converts an input whose layout differs from the program's, one draw each, so the gradients go
 * to the program of their own layout) → `[PARTS]` partial sums of squares. Fragment p adds texel rows p,
 * p + PARTS, … of every input, read by integer texel coordinates in tfjs's layouts:
 * - packed: texels run row-major over (leading dimensions, row pairs, column pairs), wrapped at the texture's
 *   width (tfjs's packed samplers, packedUVfrom2D); lanes past the last row or column are not always zero
 *   (a packed element-wise op writes f(0) there), so they are left out;
 * - unpacked: one value per texel, flat and row-major from the input's offset (tfjs shares a texture between
 *   a tensor and its contiguous slices, `offset<name>`), so a flat range.
 * Kernel `RnnPlaygroundLossAndNormWebGl`: `loss` (a scalar) and one or two partial-sum vectors → `[2]` =
 * loss, √(Σ of the partial sums).
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGlProgram, WebGlRunner, WebGlUniform } from './program';

export const SQUARE_SUMS_WEBGL_KERNEL = 'RnnPlaygroundSquareSumsWebGl';
export const LOSS_AND_NORM_WEBGL_KERNEL = 'RnnPlaygroundLossAndNormWebGl';

/** Partial sums per layout (fragments of the first draws); each adds about 1/PARTS of every gradient. */
export const SQUARE_SUM_PARTS = 64;
/** Gradients per draw: WebGL 2 guarantees 16 texture units per shader; eight leave room for tfjs. */
export const GRADS_PER_DRAW = 8;
/** Values an unpacked input's fragment adds in one run before it skips ahead by PARTS runs. */
const FLAT_RUN = 256;

/** Where tfjs keeps a tensor's texture: the fields read here (backend_webgl's TextureData). */
interface TexDataFields {
  isPacked?: boolean;
  texture?: unknown;
  shape: number[];
  slice?: { flatOffset: number };
}

interface SquareSumsAttrs {
  packed: boolean;
}

/** A packed layout's counts: texel rows (one per row pair of every leading index), texels per row, … */
function packedCounts(shape: number[]): number[] {
  const rank = shape.length;
  const columns = rank === 0 ? 1 : shape[rank - 1];
  const rows = rank < 2 ? 1 : shape[rank - 2];
  const leading = shape.slice(0, Math.max(0, rank - 2)).reduce((a, b) => a * b, 1);
  const rowPairs = Math.ceil(rows / 2);
  return [leading * rowPairs, Math.ceil(columns / 2), rowPairs, rows % 2, columns % 2];
}

const PACKED_UNIFORMS = ['TexelRows', 'PerRow', 'RowPairs', 'RowsOdd', 'ColumnsOdd'];

const SUM_FUNCTIONS = `
  // Σ v² over a packed input's texel rows part, part + PARTS, …; lanes past the last row or column left out.
  float packedSquares(sampler2D g, int part, int texelRows, int perRow, int rowPairs, int rowsOdd, int columnsOdd) {
    int width = textureSize(g, 0).x;
    vec4 sum = vec4(0.0);
    for (int t = part; t < texelRows; t += ${SQUARE_SUM_PARTS}) {
      int first = t * perRow;
      int y = first / width;
      int x = first - y * width;
      vec4 row = vec4(0.0);
      for (int c = 1; c < perRow; c++) {
        vec4 v = texelFetch(g, ivec2(x, y), 0);
        row += v * v;
        x++;
        if (x == width) { x = 0; y++; }
      }
      vec4 last = texelFetch(g, ivec2(x, y), 0);
      if (columnsOdd == 1) last.yw = vec2(0.0);
      row += last * last;
      int pair = t - (t / rowPairs) * rowPairs;
      if (rowsOdd == 1 && pair == rowPairs - 1) row.zw = vec2(0.0);
      sum += row;
    }
    return sum.x + sum.y + sum.z + sum.w;
  }

  // Σ v² over an unpacked input's values [offset, offset + size), runs of ${FLAT_RUN} from part's on.
  float flatSquares(sampler2D g, int part, int offset, int size) {
    int width = textureSize(g, 0).x;
    float sum = 0.0;
    for (int start = part * ${FLAT_RUN}; start < size; start += ${SQUARE_SUM_PARTS * FLAT_RUN}) {
      int end = min(start + ${FLAT_RUN}, size);
      int first = offset + start;
      int y = first / width;
      int x = first - y * width;
      for (int i = start; i < end; i++) {
        float v = texelFetch(g, ivec2(x, y), 0).r;
        sum += v * v;
        x++;
        if (x == width) { x = 0; y++; }
      }
    }
    return sum;
  }
`;

function squareSumsProgram(count: number, packed: boolean): WebGlProgram {
  const names = Array.from({ length: count }, (_, i) => `g${i}`);
  const uniforms: WebGlUniform[] = packed
    ? names.flatMap((name) => PACKED_UNIFORMS.map((suffix) => ({ name: `${name}${suffix}`, type: 'int' as const })))
    : names.map((name) => ({ name: `${name}Size`, type: 'int' as const }));
  const terms = names.map((name) =>
    packed ? `packedSquares(${name}, part, ${PACKED_UNIFORMS.map((suffix) => `${name}${suffix}`).join(', ')})` : `flatSquares(${name}, part, offset${name}, ${name}Size)`,
  );
  return {
    variableNames: names,
    outputShape: [SQUARE_SUM_PARTS],
    packedInputs: packed,
    // Every input is read by its texture alone, so the shader is the same for every shape.
    enableShapeUniforms: true,
    customUniforms: uniforms,
    userCode: `${SUM_FUNCTIONS}
  void main() {
    int part = getOutputCoords();
    setOutput(${terms.join(' + ')});
  }
`,
  };
}

function lossAndNormProgram(partsInputs: number): WebGlProgram {
  const parts = Array.from({ length: partsInputs }, (_, i) => `parts${i}`);
  return {
    variableNames: ['loss', ...parts],
    outputShape: [2],
    userCode: `
  void main() {
    if (getOutputCoords() == 0) {
      setOutput(getLoss());
      return;
    }
    float total = 0.0;
    for (int p = 0; p < ${SQUARE_SUM_PARTS}; p++) total += ${parts.map((name) => `get${name.charAt(0).toUpperCase()}${name.slice(1)}(p)`).join(' + ')};
    setOutput(sqrt(total));
  }
`,
  };
}

let registered = false;

function registerNormKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: SQUARE_SUMS_WEBGL_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { packed } = attrs as unknown as SquareSumsAttrs;
      const runner = backend as unknown as WebGlRunner;
      const values: number[][] = [];
      const laidOut = Object.values(inputs as Record<string, tf.TensorInfo>).map((input) => {
        const data = runner.texData.get(input.dataId) as TexDataFields;
        if (!packed) {
          values.push([input.shape.reduce((a, b) => a * b, 1)]);
          return input;
        }
        // The shape the texture was laid out for: a reshape shares the texture and keeps it (and tfjs would
        // otherwise copy the input into the reshaped layout first).
        for (const count of packedCounts(data.shape)) values.push([count]);
        return { ...input, shape: data.shape };
      });
      return runner.runWebGLProgram(squareSumsProgram(laidOut.length, packed), laidOut, 'float32', values);
    },
  });
  tf.registerKernel({
    kernelName: LOSS_AND_NORM_WEBGL_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { loss, ...parts } = inputs as Record<string, tf.TensorInfo>;
      return (backend as unknown as WebGlRunner).runWebGLProgram(lossAndNormProgram(Object.keys(parts).length), [loss, ...Object.values(parts)], 'float32');
    },
  });
}

/**
 * Whether a gradient's texture is packed. One still on the CPU counts as packed: a packed program uploads it
 * packed (an unpacked one would pass a tensor of four values or fewer as uniforms, which have no texture).
 */
function isPacked(grad: tf.Tensor): boolean {
  const backend = tf.backend() as unknown as WebGlRunner;
  const data = backend.texData.get(grad.dataId) as TexDataFields;
  return data.texture == null || Boolean(data.isPacked);
}

/**
 * `[loss, ‖g‖]` for a scalar `loss` and every gradient in `grads` (float32), on the webgl backend: one draw per
 * layout and eight gradients, and one to add them up. Not differentiable (it is read, never trained through).
 */
export function lossAndNormWebGl(loss: tf.Scalar, grads: tf.Tensor[]): tf.Tensor1D {
  registerNormKernels();
  return tf.tidy(() => {
    const partials: tf.Tensor[] = [];
    for (const packed of [true, false]) {
      const group = grads.filter((grad) => isPacked(grad) === packed);
      for (let start = 0; start < group.length; start += GRADS_PER_DRAW) {
        const inputs: tf.NamedTensorMap = {};
        group.slice(start, start + GRADS_PER_DRAW).forEach((grad, i) => (inputs[`g${i}`] = grad));
        const attrs: SquareSumsAttrs = { packed };
        partials.push(tf.engine().runKernel(SQUARE_SUMS_WEBGL_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor);
      }
    }
    if (partials.length === 0) return tf.stack([loss, tf.scalar(0)]) as tf.Tensor1D;
    const inputs: tf.NamedTensorMap = { loss };
    partials.forEach((part, i) => (inputs[`parts${i}`] = part));
    return tf.engine().runKernel(LOSS_AND_NORM_WEBGL_KERNEL, inputs) as tf.Tensor1D;
  });
}
