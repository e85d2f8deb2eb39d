/**
 * The shared "persistent RNN" sequence kernels: a whole recurrent layer direction in ONE WebGPU dispatch
 * forward and ONE backward, for any cell whose step is "G gate blocks of h_{t−1} W_hhᵀ, then element-wise
 * maths". Why: tfjs runs a recurrent layer as about a dozen small ops per timestep, each its own GPU dispatch,
 * forward and again backward; a dispatch costs tens of µs on a real GPU, so a step's time is set by their
 * number, not by its arithmetic. Here the time loop runs inside the shader: each workgroup owns `rows`
 * sequences of the batch, keeps their hidden state in workgroup memory, and walks all T timesteps with a
 * barrier between steps; inside it an invocation owns hidden units for a block of rows, so each weight it loads
 * serves the whole block (`Tiling`). For long sequences each kernel reads W_hhᵀ from a texture, copied by one
 * dispatch just before it (weightTexture.ts says why; WEIGHT_TEXTURE_MIN_STEPS when). A cell (lstmSequence.ts, rnnSequence.ts, gruSequence.ts) brings only its gate count,
 * its packed layout and two WGSL snippets: the element-wise step forward and its derivative backward.
 *
 * Forward kernel `RnnPlayground<Cell>Sequence`:
 *   inputs  projected `[T, B, G·H]` — x_t W_ihᵀ plus the biases the cell folds in, for every step (one matmul
 *                                   before, by the caller), in PROCESSING order (a reverse direction passes
 *                                   its rows already reversed);
 *           kernelHh  `[H, G·H]`   — W_hhᵀ, the storage layout of params.ts;
 *           biasHh    `[G·H]`      — only for cells with `recurrentBias` (GRU: b_hn sits inside r⊙(…));
 *   output  packed    `[T, B, W·H]` — the cell's packed row per step; h_t and h_{t−1} always among it.
 * The initial state is zero. Every row runs all T steps; steps past a sequence's length compute on padding and
 * are never read by the caller (recurrentLayer.ts picks each final state at its own length), exactly like the
 * unfused path. T is read from the input's shape uniform, so batches of different lengths share one shader.
 *
 * Gradient: only the cell's state parts of `packed` (h_t, and LSTM's c_t) may be used downstream (the rest is
 * kept for the backward pass; its incoming gradient is ignored). The backward kernel
 * `RnnPlayground<Cell>SequenceGrad` runs BPTT over all T steps in one dispatch and returns, per step,
 * ∂L/∂projected and (cells whose recurrent pre-activation differs from it) ∂L/∂(h_{t−1} W_hhᵀ + b_hh) as a
 * second block of T rows; ∂L/∂W_hhᵀ is then one matmul over all timesteps, h_{t−1}ᵀ · ∂recurrent,
 * `[H, T·B] · [T·B, G·H]`, and ∂L/∂b_hh the sum of ∂recurrent over all rows.
 */
import * as tf from '@tensorflow/tfjs';
import { columnSum, gpuMatMul } from './matMul';
import { recordShader, type WebGpuBackendInternals } from './ownShader';
import { type WeightTextureLayout, weightTexture } from './weightTexture';

/** What one cell brings to the shared kernels. Offsets and widths are in units of H. */
export interface SequenceCell {
  /** The cell's part of the kernel names and shader keys (`Lstm` → `RnnPlaygroundLstmSequence`). */
  name: string;
  /** Gate blocks G of the pre-activation (LSTM 4, GRU 3, RNN 1). */
  gates: number;
  /** The packed row: its width W, and where h_t and h_{t−1} sit in it (the kernel writes both). */
  packed: PackedLayout;
  /** Whether the forward kernel takes b_hh `[G·H]` as a third input (and its gradient is returned); default no. */
  recurrentBias?: boolean;
  /**
   * Whether ∂L/∂(h_{t−1} W_hhᵀ + b_hh) differs from ∂L/∂projected (GRU's n block is scaled by r): the backward
   * kernel then writes it as a second block of T rows (`recurrentOut`); default no.
   */
  separateRecurrentGradient?: boolean;
  /**
   * WGSL names of the activated gates the forward step defines, kept at the start of each packed row (block g
   * at g·H) for Inspect and the backward pass, which has them defined again from there before its step.
   */
  gateValues: string[];
  /** WGSL names of the G accumulators, one per gate block: each ends as its block's sum (see `accumulatorInit`). */
  accumulators: string[];
  /** WGSL: the value accumulator `gate` starts from, before h_{t−1} · (column j of its W_hhᵀ block) is added. */
  accumulatorInit: (gate: number) => string;
  /**
   * WGSL, forward, for one (row b, unit j) at step t: from the accumulators, `hPrev` (h_{t−1}[j]), `row`
   * (t·B + b) and `out` (row·P) define `h` and the `gateValues`, and write the packed row's entries other than
   * the gates, h_t and h_{t−1} (`result[out + …]`), which the kernel writes. `forwardCarries[e]` hold what
   * this step left for the next one of the same (row, unit).
   */
  forwardStep: string;
  /** Private arrays the forward step carries from step t to t+1 per owned (row, unit), indexed by `e`, zero at t = 0 (LSTM's c). */
  forwardCarries?: string[];
  /**
   * WGSL, backward, for one (row, unit j) at step t: from `dh` (∂L/∂h_t[j]), the `gateValues` (read back from
   * `packed`), `base` (row·P, into `packed` and `dy`), `out` (row·G) and `recurrentOut` (second-block row, when used), write the gradients (`result[…]`),
   * ∂L/∂recurrent of each block by `storeRecurrent(sharedBase + g·H + j, value)`, and into `dhCarry[e]`
   * the part of ∂L/∂h_{t−1}[j] that does not pass through W_hh (0 for cells where all of it does).
   */
  backwardStep: string;
  /** Private arrays the backward step carries from step t+1 to t per owned (row, unit), indexed by `e`, besides ∂h (LSTM's ∂c), zeroed first. */
  backwardCarries?: string[];
}

/** Offsets inside a packed row and its width, in units of H; each cell adds the offsets of its own parts. */
export interface PackedLayout {
  width: number;
  hidden: number;
  previousHidden: number;
}

/** The two kernels of one cell, registered on first use. */
export interface SequenceKernels {
  kernelName: string;
  gradKernelName: string;
  /** Whether a hidden size fits the kernels' workgroup memory. */
  canFuse: (hiddenSize: number) => boolean;
  /** Run one direction: `projected [T, B, G·H]`, `kernelHh [H, G·H]` (and `biasHh [G·H]`) → packed `[T, B, W·H]`. */
  run: (projected: tf.Tensor3D, kernelHh: tf.Tensor2D, biasHh?: tf.Tensor1D) => tf.Tensor3D;
}

/**
 * Floats of workgroup memory a shader may use: WebGPU guarantees 16 KiB (maxComputeWorkgroupStorageSize).
 * Per owned row the forward pass keeps h_{t−1} and h_t (2·H), the backward pass ∂recurrent (G·H), which
 * bounds H.
 */
const WORKGROUP_FLOATS = 4096;
const THREADS = 64;
/**
 * At most this many sequences per workgroup: each weight an invocation loads serves as many rows (the loads of
 * W_hh are the bulk of the memory traffic), while the rows' sums live in registers (rows·G of them) and the
 * batch still spreads over several workgroups.
 */
const MAX_ROWS_PER_WORKGROUP = 8;

/** At most this many units per invocation share each ∂recurrent load in the backward pass's ∂L/∂h_{t−1} sums. */
const MAX_GROUP = 2;

/** Numerically safe activations shared by every cell: WGSL's tanh overflows to NaN for large |x| on some drivers. */
const ACTIVATIONS = `
  fn safeSigmoid(x : f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
  fn safeTanh(x : f32) -> f32 {
    let e = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - e) / (1.0 + e);
  }
`;

/** Groups of four floats (the kernels read workgroup memory as vec4) that hold `count` floats. */
function quads(count: number): number {
  return Math.ceil(count / 4);
}

type Pass = 'Forward' | 'Backward';

/** Floats of workgroup memory per owned row: h_{t−1} and h_t forward, ∂recurrent backward, each padded to whole vec4s. */
function floatsPerRow(cell: SequenceCell, hiddenSize: number, pass: Pass): number {
  return 4 * (pass === 'Forward' ? 2 * quads(hiddenSize) : quads(cell.gates * hiddenSize));
}

/**
 * How a workgroup's work is split. The unit of work is an ITEM: one hidden unit j for a block of `block`
 * consecutive owned rows, whose `block`·G sums one invocation keeps in registers, so each weight it loads
 * serves `block` rows. A workgroup owns `rows` = `block`·`blocks` rows, i.e. `blocks`·H items, dealt to its
 * THREADS invocations round-robin; an invocation owns the same items at every step and in every loop, so what
 * it carries for a (row, unit) from one step to the next stays in its private memory (`slots` of them).
 * Small H splits the rows into several blocks so that all invocations have work.
 */
interface Tiling {
  rows: number;
  block: number;
  blocks: number;
  slots: number;
  /** Items an invocation sums ∂L/∂h_{t−1} for at once in the backward pass (see `hiddenGradientByGroup`). */
  group: number;
}

function tiling(cell: SequenceCell, hiddenSize: number, pass: Pass): Tiling {
  const fit = Math.max(1, Math.min(MAX_ROWS_PER_WORKGROUP, Math.floor(WORKGROUP_FLOATS / floatsPerRow(cell, hiddenSize, pass))));
  const blocks = Math.max(1, Math.min(fit, Math.floor(THREADS / hiddenSize)));
  const block = Math.floor(fit / blocks);
  const itemsPerInvocation = Math.ceil((blocks * hiddenSize) / THREADS);
  const group = Math.min(MAX_GROUP, itemsPerInvocation);
  // Whole groups of slots: an invocation's last group may run past its items (their sums are dropped).
  return { rows: block * blocks, block, blocks, slots: Math.ceil(itemsPerInvocation / group) * group * block, group };
}

/** Shader constants shared by both kernels: H and the tiling are compiled in; T and B are not. */
function constants(cell: SequenceCell, hiddenSize: number, { rows, block, slots }: Tiling): string {
  return `
  const H = ${hiddenSize};
  const G = ${cell.gates * hiddenSize};
  const P = ${cell.packed.width * hiddenSize};
  const HQ = ${quads(hiddenSize)};
  const GQ = ${quads(cell.gates * hiddenSize)};
  const ROWS = ${rows};
  const BLOCK = ${block};
  const ITEMS = ${(rows / block) * hiddenSize};
  const SLOTS = ${slots};
  const THREADS = ${THREADS};
  ${ACTIVATIONS}`;
}

/**
 * Where a kernel reads W_hhᵀ: from the tensor itself, or from a texture copied from it by one dispatch before the
 * kernel (weightTexture.ts), whose loads are cheaper on SwiftShader but whose copy costs about as much as a few
 * timesteps' loads save: measured with the bench, the texture made SST-2 steps (14 to 52 timesteps) about 15 %
 * faster and names steps (mostly 4 to 10) no faster, or slower. Bucketing gives each batch one length, so the
 * choice is per batch.
 */
type WeightSource = 'storage' | 'texture';

/** Sequences at least this long read W_hhᵀ from a texture. */
export const WEIGHT_TEXTURE_MIN_STEPS = 12;

function weightSourceFor(seqLength: number): WeightSource {
  return seqLength >= WEIGHT_TEXTURE_MIN_STEPS ? 'texture' : 'storage';
}

/**
 * A kernel's whole WGSL (its own, ownShader.ts: tfjs's programs bind every input as a storage buffer, and W_hhᵀ
 * may come as a texture, weightTexture.ts): output at binding 0, then `inputs` in order, each a storage array of
 * floats but `texture` (a texture_2d of vec4s), then tfjs's uniform buffer, whose first shape, the first input's
 * [T, B, ·], gives T and B (read from a uniform, so the barriers stay in uniform control flow and batches of every
 * length share one shader). One workgroup of THREADS invocations per `rows` sequences; `main` defines `local`.
 */
function sequenceShader(cell: SequenceCell, pass: Pass, inputs: string[], texture: string, hiddenSize: number, body: (tiles: Tiling) => string): string {
  const tiles = tiling(cell, hiddenSize, pass);
  const bindings = inputs.map((name, index) =>
    name === texture ? `@group(0) @binding(${index + 1}) var ${name} : texture_2d<f32>;` : `@group(0) @binding(${index + 1}) var<storage, read> ${name} : array<f32>;`,
  );
  return `
  @group(0) @binding(0) var<storage, read_write> result : array<f32>;
  ${bindings.join('\n  ')}
  struct TfjsUniforms { nan : f32, infinity : f32, firstShape : vec3<i32>, }
  @group(0) @binding(${inputs.length + 1}) var<uniform> uniforms : TfjsUniforms;
  ${constants(cell, hiddenSize, tiles)}${body(tiles)}`;
}

/** WGSL: the entry point's opening, up to and including `local`, `firstRow`, `seqLength` and `batchSize`. */
const MAIN = `@compute @workgroup_size(THREADS, 1, 1)
  fn main(@builtin(local_invocation_index) localIndex : u32, @builtin(workgroup_id) workgroupId : vec3<u32>) {
    let local = i32(localIndex);
    let firstRow = i32(workgroupId.x) * ROWS;
    let seqLength = uniforms.firstShape.x;
    let batchSize = uniforms.firstShape.y;`;

/** WGSL: the opening of the loop over this invocation's items (closed by the caller with one brace); `slot` is its first private slot. */
const OWNED_ITEMS = `for (var item = local; item < ITEMS; item += THREADS) {
        let j = item % H;
        let firstOwned = (item / H) * BLOCK;
        let slot = ((item - local) / THREADS) * BLOCK;`;

/** WGSL declarations of zeroed private arrays, one slot per owned (row, unit). */
function privateArrays(names: string[]): string {
  return names.map((name) => `    var ${name} = array<f32, SLOTS>();`).join('\n');
}

/**
 * WGSL: index `index` of a vec4-padded loop over `limit` (= `size`) entries, clamped to the last real one when
 * `size` is not a multiple of four: the padded entries it pairs with are 0, so it only keeps the load in bounds.
 */
function clampedRow(index: string, limit: string, size: number): string {
  return size % 4 === 0 ? `(${index})` : `min(${index}, ${limit} - 1)`;
}

/** `count` copies of `line(index)`, one per line: the loops over a block's rows are unrolled so its sums stay in registers. */
function unrolled(count: number, line: (index: number) => string): string {
  return Array.from({ length: count }, (_, index) => line(index)).join('\n');
}

function forwardShader(cell: SequenceCell, hiddenSize: number, source: WeightSource): string {
  const gates = cell.accumulators.map((name, gate) => ({ name, gate, offset: gate === 0 ? '' : ` + ${gate === 1 ? '' : `${gate} * `}H` }));
  const weights = source === 'texture' ? 'kernelColumns' : 'kernelHh';
  const inputs = ['projected', weights, ...(cell.recurrentBias ? ['biasHh'] : [])];
  // Four rows k of W_hhᵀ at a time, column j of each gate block: one texel, or four loads.
  const weightLoads =
    source === 'texture'
      ? gates.map(({ gate, offset }) => `          let weights${gate} = textureLoad(kernelColumns, vec2<i32>(j${offset}, q), 0);`).join('\n')
      : `${unrolled(4, (i) => `          let w${i} = ${clampedRow(`4 * q + ${i}`, 'H', hiddenSize)} * G + j;`)}
${gates.map(({ gate, offset }) => `          let weights${gate} = vec4<f32>(${unrolled(4, (i) => `kernelHh[w${i}${offset}]`).split('\n').join(', ')});`).join('\n')}`;
  return sequenceShader(cell, 'Forward', inputs, 'kernelColumns', hiddenSize, ({ rows, block }) => `
  // h_{t−1} of the owned rows, HQ vec4s a row (the padding stays 0), double-buffered by step parity so one
  // barrier per step suffices.
  var<workgroup> hState : array<vec4<f32>, ${2 * rows * quads(hiddenSize)}>;

  ${MAIN}
${privateArrays(cell.forwardCarries ?? [])}
    for (var e = local; e < 2 * ROWS * HQ; e += THREADS) { hState[e] = vec4<f32>(0.0); }
    workgroupBarrier();
    for (var t = 0; t < seqLength; t++) {
      let readBase = (t % 2) * ROWS * HQ;
      let writeBase = ((t + 1) % 2) * ROWS * HQ;
      ${OWNED_ITEMS}
${unrolled(block, (rr) => gates.map(({ name }) => `        var ${name}${rr} = 0.0;`).join('\n'))}
${unrolled(block, (rr) => `        if (firstRow + firstOwned + ${rr} < batchSize) {
          let row = t * batchSize + firstRow + firstOwned + ${rr};
${gates.map(({ name, gate }) => `          ${name}${rr} = ${cell.accumulatorInit(gate)};`).join('\n')}
        }`)}
        // Four rows k of W_hhᵀ at a time: each weight of column j, loaded once, serves every row of the block.
        for (var q = 0; q < HQ; q++) {
${weightLoads}
${unrolled(block, (rr) => `          let h${rr} = hState[readBase + (firstOwned + ${rr}) * HQ + q];
${gates.map(({ name, gate }) => `          ${name}${rr} += dot(h${rr}, weights${gate});`).join('\n')}`)}
        }
${unrolled(block, (rr) => `        {
          let r = firstOwned + ${rr};
          let b = firstRow + r;
          let e = slot + ${rr};
          if (b < batchSize) {
            let row = t * batchSize + b;
${gates.map(({ name }) => `            let ${name} = ${name}${rr};`).join('\n')}
            let hPrev = hState[readBase + r * HQ + j / 4][j % 4];
            let out = row * P;
${cell.forwardStep}
${cell.gateValues.map((name, gate) => `            result[out + ${gate} * H + j] = ${name};`).join('\n')}
            result[out + ${cell.packed.hidden} * H + j] = h;
            result[out + ${cell.packed.previousHidden} * H + j] = hPrev;
            hState[writeBase + r * HQ + j / 4][j % 4] = h;
          }
        }`)}
      }
      workgroupBarrier();
    }
  }
`);
}

function backwardShader(cell: SequenceCell, hiddenSize: number, source: WeightSource): string {
  const weightRow = (k: string) => weightRowOf(k, source, cell.gates * hiddenSize);
  return sequenceShader(cell, 'Backward', ['packed', 'dy', source === 'texture' ? 'kernelRows' : 'kernelHh'], 'kernelRows', hiddenSize, ({ rows, block, group }) => `
  // ∂L/∂(h_{t−1} W_hhᵀ) of the owned rows at the current step, GQ vec4s a row (the padding stays 0), read by
  // every invocation for ∂L/∂h_{t−1}.
  var<workgroup> dRecurrent : array<vec4<f32>, ${rows * quads(cell.gates * hiddenSize)}>;

  fn storeRecurrent(index : i32, value : f32) { dRecurrent[index / 4][index % 4] = value; }

  ${MAIN}
    // ∂L/∂h_t carried from step t+1, and the cell's own carries, per owned (row, unit): the invocation that
    // sums ∂L/∂h_{t−1}[k] owns unit j = k at the step before, so they never leave its registers.
${privateArrays(['dhCarry', ...(cell.backwardCarries ?? [])])}
    for (var s = 0; s < seqLength; s++) {
      let t = seqLength - 1 - s;
      ${OWNED_ITEMS}
        for (var rr = 0; rr < BLOCK; rr++) {
          let r = firstOwned + rr;
          let b = firstRow + r;
          let e = slot + rr;
          if (b < batchSize) {
            let row = t * batchSize + b;
            let base = row * P;
            let out = row * G;
            let recurrentOut = (seqLength * batchSize + row) * G;
            let sharedBase = r * GQ * 4;
            let dh = dy[base + ${cell.packed.hidden} * H + j] + dhCarry[e];
${cell.gateValues.map((name, gate) => `            let ${name} = packed[base + ${gate} * H + j];`).join('\n')}
${cell.backwardStep}
          }
        }
      }
      workgroupBarrier();
      // ∂L/∂h_{t−1}[k] = its direct part + ∂recurrent_t · W_hh: row k of W_hhᵀ, each weight loaded once for
      // every row of the block, dotted with each row's ∂recurrent_t.
${group === 1 ? hiddenGradientByItem(block, weightRow) : hiddenGradientByGroup(block, group, weightRow)}
      workgroupBarrier();
    }
  }
`);
}

/** WGSL: ∂L/∂h_{t−1} added into `dhCarry` for each item of this invocation in turn. */
function hiddenGradientByItem(block: number, weightRow: (k: string) => string): string {
  return `      ${OWNED_ITEMS}
        let k = j;
${unrolled(block, (rr) => `        var dh${rr} = dhCarry[slot + ${rr}];`)}
        for (var q = 0; q < GQ; q++) {
          let weights = ${weightRow('k')};
${unrolled(block, (rr) => `          dh${rr} += dot(dRecurrent[(firstOwned + ${rr}) * GQ + q], weights);`)}
        }
${unrolled(block, (rr) => `        dhCarry[slot + ${rr}] = dh${rr};`)}
      }`;
}

/**
 * WGSL: as `hiddenGradientByItem`, for `group` items of this invocation at once, so that each ∂recurrent load
 * from workgroup memory serves `group` units. Only when an invocation owns several items, i.e. H > THREADS and
 * one block of rows, so all its items start at row 0 and item = unit. An item past H (the last round of an
 * invocation with fewer items) sums on row H − 1 of W_hhᵀ and is dropped.
 */
function hiddenGradientByGroup(block: number, group: number, weightRow: (k: string) => string): string {
  const each = (line: (u: number, rr: number) => string) => unrolled(group, (u) => unrolled(block, (rr) => line(u, rr)));
  return `      for (var n = 0; n < SLOTS / BLOCK; n += ${group}) {
${unrolled(group, (u) => `        let k${u} = min(local + (n + ${u}) * THREADS, H - 1);`)}
${each((u, rr) => `        var dh${u}_${rr} = dhCarry[(n + ${u}) * BLOCK + ${rr}];`)}
        for (var q = 0; q < GQ; q++) {
${unrolled(group, (u) => `          let weights${u} = ${weightRow(`k${u}`)};`)}
${unrolled(block, (rr) => `          let d${rr} = dRecurrent[${rr} * GQ + q];
${unrolled(group, (u) => `          dh${u}_${rr} += dot(d${rr}, weights${u});`)}`)}
        }
${each((u, rr) => `        dhCarry[(n + ${u}) * BLOCK + ${rr}] = dh${u}_${rr};`)}
      }`;
}

/** WGSL: entries 4q … 4q + 3 of row `k` of W_hhᵀ (G wide) as a vec4: one texel of weightTexture.ts's `rows`, or four loads. */
function weightRowOf(k: string, source: WeightSource, gateWidth: number): string {
  if (source === 'texture') return `textureLoad(kernelRows, vec2<i32>(q, ${k}), 0)`;
  return `vec4<f32>(${unrolled(4, (i) => `kernelHh[${k} * G + ${clampedRow(`4 * q + ${i}`, 'G', gateWidth)}]`).split('\n').join(', ')})`;
}

/**
 * Record one dispatch of `code` (a workgroup per `rows` sequences) over the inputs `inputsWith(weights)`, into a
 * new output of `outputShape`: `weights` is `kernelHh` itself, or (`layout` given) its copy into a texture of that
 * layout, recorded first, whose tensor is let go once recorded (the texture itself is kept, weightTexture.ts).
 */
function runSequence(backend: unknown, code: string, { rows }: Tiling, outputShape: number[], kernelHh: tf.TensorInfo, layout: WeightTextureLayout | null, inputsWith: (weights: tf.TensorInfo) => tf.TensorInfo[]): tf.TensorInfo {
  const gpu = backend as WebGpuBackendInternals;
  const weights = layout ? weightTexture(backend, kernelHh, layout) : kernelHh;
  const output = gpu.makeTensorInfo(outputShape, 'float32');
  recordShader(backend, code, [Math.ceil(outputShape[1] / rows), 1, 1], output, inputsWith(weights));
  if (layout) gpu.disposeData(weights.dataId);
  return output;
}

/** Register a cell's two kernels with tfjs (webgpu backend) and the forward kernel's gradient. */
function register(cell: SequenceCell, kernelName: string, gradKernelName: string): void {
  tf.registerKernel({
    kernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { projected, kernelHh, biasHh } = inputs as { projected: tf.TensorInfo; kernelHh: tf.TensorInfo; biasHh?: tf.TensorInfo };
      const [seqLength, batchSize] = projected.shape;
      const hidden = kernelHh.shape[0];
      const source = weightSourceFor(seqLength);
      return runSequence(backend, forwardShader(cell, hidden, source), tiling(cell, hidden, 'Forward'), [seqLength, batchSize, cell.packed.width * hidden], kernelHh, source === 'texture' ? 'columns' : null, (weights) => [projected, weights, ...(biasHh ? [biasHh] : [])]);
    },
  });
  tf.registerKernel({
    kernelName: gradKernelName,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend }) => {
      const { packed, dy, kernelHh } = inputs as { packed: tf.TensorInfo; dy: tf.TensorInfo; kernelHh: tf.TensorInfo };
      const [seqLength, batchSize] = packed.shape;
      const hidden = kernelHh.shape[0];
      const blocks = cell.separateRecurrentGradient ? 2 : 1;
      const source = weightSourceFor(seqLength);
      return runSequence(backend, backwardShader(cell, hidden, source), tiling(cell, hidden, 'Backward'), [blocks * seqLength, batchSize, cell.gates * hidden], kernelHh, source === 'texture' ? 'rows' : null, (weights) => [packed, dy, weights]);
    },
  });
  tf.registerGradient({
    kernelName,
    inputsToSave: ['kernelHh'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [kernelHh, packed] = saved as [tf.Tensor2D, tf.Tensor3D];
      const [seqLength, batchSize, width] = packed.shape;
      const hidden = width / cell.packed.width;
      const gateWidth = cell.gates * hidden;
      const rowCount = seqLength * batchSize;
      // Computed here, once, for every input's gradient (each gradient thunk runs in its own tidy).
      const gradient = tf.engine().runKernel(gradKernelName, { packed, dy: dy as tf.Tensor, kernelHh }) as tf.Tensor3D;
      const dProjected = cell.separateRecurrentGradient ? tf.slice(gradient, [0, 0, 0], [seqLength, batchSize, gateWidth]) : gradient;
      const dRecurrent = cell.separateRecurrentGradient
        ? (tf.reshape(tf.slice(gradient, [seqLength, 0, 0], [seqLength, batchSize, gateWidth]), [rowCount, gateWidth]) as tf.Tensor2D)
        : (tf.reshape(gradient, [rowCount, gateWidth]) as tf.Tensor2D);
      const grads: Record<string, () => tf.Tensor> = {
        projected: () => dProjected.clone(),
        // h_{t−1}ᵀ · ∂recurrent, with h_{t−1} read in place from its column block of the packed rows.
        kernelHh: () => gpuMatMul(tf.reshape(packed, [rowCount, width]) as tf.Tensor2D, dRecurrent, { transposeA: true, aColumns: { offset: cell.packed.previousHidden * hidden, count: hidden } }),
      };
      if (cell.recurrentBias) grads.biasHh = () => columnSum(dRecurrent);
      return grads;
    },
  });
}

/** The kernels of one cell: names, the hidden-size bound and a runner that registers them on first use. */
export function sequenceKernels(cell: SequenceCell): SequenceKernels {
  const kernelName = `RnnPlayground${cell.name}Sequence`;
  const gradKernelName = `RnnPlayground${cell.name}SequenceGrad`;
  let registered = false;
  return {
    kernelName,
    gradKernelName,
    canFuse: (hiddenSize) => hiddenSize >= 1 && Math.max(floatsPerRow(cell, hiddenSize, 'Forward'), floatsPerRow(cell, hiddenSize, 'Backward')) <= WORKGROUP_FLOATS,
    run: (projected, kernelHh, biasHh) => {
      if (!registered) {
        registered = true;
        register(cell, kernelName, gradKernelName);
      }
      if ((cell.recurrentBias ?? false) !== (biasHh !== undefined)) throw new Error(`${kernelName}: b_hh is ${cell.recurrentBias ? 'required' : 'not an input'} for this cell.`);
      const inputs: tf.NamedTensorMap = biasHh ? { projected, kernelHh, biasHh } : { projected, kernelHh };
      return tf.engine().runKernel(kernelName, inputs) as tf.Tensor3D;
    },
  };
}
