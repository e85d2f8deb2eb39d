/**
 * Replace some rows of a `[V, E]` texture in ONE WebGL pass: `result[r] = slots[r] < 0 ? old[r] : rows[slots[r]]`.
 * Why: tfjs's WebGL scatter (ScatterND, TensorScatterUpdate) loops over every update for every output
 * element, O(V·E·U): for SST-2's 15k-row embedding that loop was most of a WebGL training step. This pass
 * is O(V·E) with one texture read per element.
 *
 * Kernel `RnnPlaygroundRowMerge` (webgl only): inputs `old [V, E]`, `rows [R, E]`, `slots [V]` (int32, −1 =
 * keep the old row, else a row of `rows`) → `[V, E]`.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGlProgram, WebGlRunner } from './program';

/** The kernel's name in tfjs's registry. */
export const ROW_MERGE_KERNEL = 'RnnPlaygroundRowMerge';

function rowMergeProgram(shape: number[]): WebGlProgram {
  return {
    variableNames: ['old', 'rows', 'slots'],
    outputShape: shape,
    // Ids arrive as floats in WebGL textures: −1 or a whole number, so a half-way test is exact.
    userCode: `
      void main() {
        ivec2 coords = getOutputCoords();
        float slot = getSlots(coords.x);
        if (slot < -0.5) {
          setOutput(getOld(coords.x, coords.y));
        } else {
          setOutput(getRows(int(slot + 0.5), coords.y));
        }
      }
    `,
  };
}

let registered = false;

/** Register the kernel on the webgl backend (once). */
export function registerRowMergeKernel(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: ROW_MERGE_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend }) => {
      const { old, rows, slots } = inputs as Record<'old' | 'rows' | 'slots', tf.TensorInfo>;
      return (backend as unknown as WebGlRunner).runWebGLProgram(rowMergeProgram(old.shape), [old, rows, slots], 'float32');
    },
  });
}

/** The kernel's name in tfjs's registry: the rows written into the table's own texture (see `mergeRowsInPlace`). */
export const ROW_MERGE_IN_PLACE_KERNEL = 'RnnPlaygroundRowMergeInPlace';

/** The parts of tfjs's MathBackendWebGL the in-place merge reads (public there, not in tfjs's types). */
interface InPlaceBackend {
  gpgpu: { gl: WebGL2RenderingContext; setOutputMatrixTexture(texture: WebGLTexture, rows: number, columns: number): void };
  texData: {
    get(dataId: tf.DataId): {
      refCount: number;
      isPacked?: boolean;
      texture?: { texture: WebGLTexture } | null;
      texShape?: [number, number];
      slice?: unknown;
      values?: unknown;
      /** The shape the texture was laid out for (a reshape shares the texture and keeps it). */
      shape?: number[];
    };
  };
  /** Shallow slices' count per source dataId (its own reference included); absent when it has none. */
  dataRefCount: WeakMap<tf.DataId, number>;
  /** Reads under way: their values are cached on the CPU when they land. */
  pendingRead: WeakMap<tf.DataId, unknown>;
}

/**
 * Why the table's texture cannot be written in place now, or null when it can. tfjs shares a texture between
 * tensors: a clone (a checkpoint's snapshot, params.ts), a reshape, `assign` from another tensor all take the
 * same data (its refCount counts them), and a contiguous slice samples it at an offset (dataRefCount). A write
 * in place would change every one of them, so it is done only when the variable is the texture's one user;
 * otherwise the merge copies into a new texture, as it always did (copy on write: after a checkpoint, the first
 * step copies, the next ones write in place). A read under way would cache the old values when it lands.
 */
export function inPlaceRefusal(table: tf.Variable): string | null {
  if (tf.getBackend() !== 'webgl') return 'not webgl';
  if (tf.env().getNumber('WEBGL_VERSION') !== 2 || !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) return 'no WebGL 2 float32 rendering';
  const backend = tf.backend() as unknown as InPlaceBackend;
  const data = backend.texData.get(table.dataId);
  if (!data?.texture || !data.texShape) return 'not on the GPU';
  if (data.isPacked) return 'packed';
  if (data.slice) return 'a slice of another texture';
  if (data.refCount !== 1) return `shared by ${data.refCount} tensors`;
  if ((backend.dataRefCount.get(table.dataId) ?? 1) > 1) return 'sliced by another tensor';
  if (backend.pendingRead.has(table.dataId)) return 'a read under way';
  return null;
}

interface InPlaceResources {
  program: WebGLProgram;
  vao: WebGLVertexArrayObject;
  segments: WebGLTexture;
  segmentsLocation: WebGLUniformLocation | null;
  rowsLocation: WebGLUniformLocation | null;
  outputSizeLocation: WebGLUniformLocation | null;
  widthLocation: WebGLUniformLocation | null;
  rowsPackedLocation: WebGLUniformLocation | null;
}

/** Segments per row of the segment texture. */
const SEGMENT_TEXTURE_WIDTH = 256;

// One quad per segment (a run of a table row's values on one texture row): 6 vertices from gl_VertexID, the
// segment's place from the segment texture, so no vertex buffer. tfjs's own vertex shader draws one quad over
// the whole output; scattered rows need a quad each.
const VERTEX_SHADER = `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;
uniform sampler2D segments;
uniform vec2 outputSize;
flat out int sourceStart;
flat out int startX;
void main() {
  int segment = gl_VertexID / 6;
  int corner = gl_VertexID - segment * 6;
  int width = textureSize(segments, 0).x;
  int row = segment / width;
  // x, y (texels), length, the first value's index in the rows [R, E].
  vec4 s = texelFetch(segments, ivec2(segment - row * width, row), 0);
  float right = (corner == 1 || corner == 4 || corner == 5) ? 1.0 : 0.0;
  float up = (corner == 2 || corner == 3 || corner == 5) ? 1.0 : 0.0;
  vec2 texel = vec2(s.x + right * s.z, s.y + up);
  gl_Position = vec4(texel / outputSize * 2.0 - 1.0, 0.0, 1.0);
  sourceStart = int(s.w);
  startX = int(s.x);
}
`;

// Each covered texel takes its value from the new rows (packed or not, by tfjs's layouts).
const FRAGMENT_SHADER = `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;
uniform sampler2D rows;
uniform int width;
uniform int rowsPacked;
flat in int sourceStart;
flat in int startX;
out vec4 outputColor;
void main() {
  int index = sourceStart + int(gl_FragCoord.x) - startX;
  int texels = textureSize(rows, 0).x;
  float value;
  if (rowsPacked == 0) {
    int y = index / texels;
    value = texelFetch(rows, ivec2(index - y * texels, y), 0).r;
  } else {
    int r = index / width;
    int c = index - r * width;
    int texel = (r / 2) * ((width + 1) / 2) + c / 2;
    int y = texel / texels;
    vec4 four = texelFetch(rows, ivec2(texel - y * texels, y), 0);
    value = four[(r - (r / 2) * 2) * 2 + (c - (c / 2) * 2)];
  }
  outputColor = vec4(value, 0.0, 0.0, 0.0);
}
`;

const resources = new WeakMap<WebGL2RenderingContext, InPlaceResources>();

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`The in-place row merge's shader did not compile: ${gl.getShaderInfoLog(shader)}`);
  return shader;
}

function resourcesFor(gl: WebGL2RenderingContext): InPlaceResources {
  const known = resources.get(gl);
  if (known) return known;
  const program = gl.createProgram()!;
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT_SHADER));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`The in-place row merge's program did not link: ${gl.getProgramInfoLog(program)}`);
  const segments = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D, segments);
  for (const parameter of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER]) gl.texParameteri(gl.TEXTURE_2D, parameter, gl.NEAREST);
  for (const parameter of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T]) gl.texParameteri(gl.TEXTURE_2D, parameter, gl.CLAMP_TO_EDGE);
  gl.bindTexture(gl.TEXTURE_2D, null);
  const made: InPlaceResources = {
    program,
    vao: gl.createVertexArray()!,
    segments,
    segmentsLocation: gl.getUniformLocation(program, 'segments'),
    rowsLocation: gl.getUniformLocation(program, 'rows'),
    outputSizeLocation: gl.getUniformLocation(program, 'outputSize'),
    widthLocation: gl.getUniformLocation(program, 'width'),
    rowsPackedLocation: gl.getUniformLocation(program, 'rowsPacked'),
  };
  resources.set(gl, made);
  return made;
}

/**
 * The runs of values to write: row `ids[slot]` of the table is values id·E … id·E + E − 1, flat in its texture
 * (unpacked: one value per texel, row-major, `textureWidth` texels a row), split where a texture row ends.
 * Per run: x, y, length, and where its values start in the rows `[R, E]` (slot·E + the part already placed).
 */
export function rowSegments(ids: Int32Array, width: number, textureWidth: number): Float32Array {
  const runs: number[] = [];
  ids.forEach((id, slot) => {
    let index = id * width;
    let source = slot * width;
    let left = width;
    while (left > 0) {
      const y = Math.floor(index / textureWidth);
      const x = index - y * textureWidth;
      const length = Math.min(left, textureWidth - x);
      runs.push(x, y, length, source);
      index += length;
      source += length;
      left -= length;
    }
  });
  return Float32Array.from(runs);
}

let inPlaceRegistered = false;

/** Register the in-place kernel on the webgl backend (once). */
function registerInPlaceKernel(): void {
  if (inPlaceRegistered) return;
  inPlaceRegistered = true;
  tf.registerKernel({
    kernelName: ROW_MERGE_IN_PLACE_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { table, rows } = inputs as Record<'table' | 'rows', tf.TensorInfo>;
      const { ids } = attrs as unknown as { ids: Int32Array };
      const gl = (backend as unknown as InPlaceBackend).gpgpu.gl;
      const webgl = backend as unknown as InPlaceBackend;
      const rowsData = webgl.texData.get(rows.dataId);
      const tableData = webgl.texData.get(table.dataId);
      const [textureRows, textureWidth] = tableData.texShape!;
      const segments = rowSegments(ids, table.shape[1], textureWidth);
      const count = segments.length / 4;
      const { program, vao, segments: segmentTexture, ...at } = resourcesFor(gl);
      // tfjs's framebuffer with the table's texture attached, viewport and scissor over it (as tfjs's own draws set them).
      webgl.gpgpu.setOutputMatrixTexture(tableData.texture!.texture, textureRows, textureWidth);
      gl.useProgram(program);
      gl.bindVertexArray(vao);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, segmentTexture);
      const segmentRows = Math.ceil(count / SEGMENT_TEXTURE_WIDTH);
      const padded = new Float32Array(segmentRows * SEGMENT_TEXTURE_WIDTH * 4);
      padded.set(segments);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA32F, SEGMENT_TEXTURE_WIDTH, segmentRows, 0, gl.RGBA, gl.FLOAT, padded);
      gl.uniform1i(at.segmentsLocation, 0);
      gl.activeTexture(gl.TEXTURE1);
      gl.bindTexture(gl.TEXTURE_2D, rowsData.texture!.texture);
      gl.uniform1i(at.rowsLocation, 1);
      gl.uniform2f(at.outputSizeLocation, textureWidth, textureRows);
      gl.uniform1i(at.widthLocation, table.shape[1]);
      gl.uniform1i(at.rowsPackedLocation, rowsData.isPacked ? 1 : 0);
      gl.drawArrays(gl.TRIANGLES, 0, 6 * count);
      // Nothing of ours left bound: tfjs sets its program, VAO, output and input textures for each draw.
      gl.bindTexture(gl.TEXTURE_2D, null);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, null);
      gl.bindVertexArray(null);
      // The values a read cached on the CPU are the old ones now.
      tableData.values = null;
      return [];
    },
  });
}

/**
 * Replace rows `ids` (distinct, U) of the webgl `table [V, E]` by rows 0…U−1 of `rows [R ≥ U, E]` in the table's
 * own texture: R·E texels written instead of a new V·E texture (SST-2: 48k of 1.48M). False, with nothing done,
 * when `inPlaceRefusal` refuses (the caller merges into a new texture instead).
 */
export function mergeRowsInPlace(table: tf.Variable, rows: tf.Tensor, ids: Int32Array): boolean {
  if (inPlaceRefusal(table) !== null) return false;
  // The rows are read by their own texture: not one shared with a source at an offset, nor still on the CPU.
  const rowsData = (tf.backend() as unknown as InPlaceBackend).texData.get(rows.dataId);
  if (!rowsData.texture || rowsData.slice) return false;
  // Packed rows are read as tfjs lays out a packed [R, E] (texel pairs of rows and columns).
  if (rowsData.isPacked && rowsData.shape?.filter((size, i, shape) => size !== 1 || i >= shape.length - 2).join() !== rows.shape.join()) return false;
  registerInPlaceKernel();
  tf.engine().runKernel(ROW_MERGE_IN_PLACE_KERNEL, { table, rows }, { ids } as unknown as tf.NamedAttrMap);
  return true;
}
