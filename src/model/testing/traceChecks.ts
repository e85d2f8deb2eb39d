/**
 * The numbers Inspect shows, against independent references, on the ACTIVE backend (browser-safe; shared by
 * the parity suites of every backend, torchParityChecks.ts, and the browser's gpu-parity page).
 *
 * `checkClassifierTrace`: the PyTorch fixture `classifier.json` (Embedding → LSTM → Linear, float64 in
 * PyTorch), each sequence of its batch traced alone, as Inspect traces one text. Hidden states, the last cell
 * state and the log-probabilities are PyTorch's; the gates (what the equations panel prints) and ‖∂L/∂h_t‖
 * (the vanishing-gradient chart) are computed here in plain float64 JavaScript from the file's weights — the
 * LSTM equations and their backward pass written out, sharing no code with the engine.
 */
import { createEncoder } from '../../data/encoding';
import type { ParamStore } from '../params';
import { traceText } from '../trace';
import type { Matrix, ModelConfig } from '../types';
import { flat, shapeOf } from './nested';
import type { ClassifierCase, ExpectClose } from './torchParityChecks';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Row-major `[rows, cols]` values as nested rows. */
function rowsOf(values: Float32Array, cols: number): number[][] {
  return Array.from({ length: values.length / cols }, (_, r) => Array.from(values.subarray(r * cols, (r + 1) * cols)));
}

/** W·v for a row-major matrix given as nested rows. */
function matVec(matrix: number[][], vector: number[]): number[] {
  return matrix.map((row) => row.reduce((sum, weight, j) => sum + weight * vector[j], 0));
}

function row(matrix: Matrix, t: number): number[] {
  return Array.from(matrix.data.subarray(t * matrix.cols, (t + 1) * matrix.cols));
}

interface StepValues {
  i: number[];
  f: number[];
  g: number[];
  o: number[];
  c: number[];
  cPrevious: number[];
}

/** The fixture's weights in PyTorch's layout, as nested rows. */
interface ReferenceWeights {
  weightIh: number[][];
  weightHh: number[][];
  bias: number[];
  head: number[][];
}

function referenceWeights(fixture: ClassifierCase): ReferenceWeights {
  const state = fixture.state_dict;
  const matrix = (name: string) => rowsOf(flat(state[name]), shapeOf(state[name])[1]);
  const biasHh = flat(state['lstm.bias_hh_l0']);
  return {
    weightIh: matrix('lstm.weight_ih_l0'),
    weightHh: matrix('lstm.weight_hh_l0'),
    bias: Array.from(flat(state['lstm.bias_ih_l0']), (value, k) => value + biasHh[k]),
    head: matrix('fc.weight'),
  };
}

/** The LSTM forward pass in float64 (PyTorch's equations, gate rows i, f, g, o), from zero states. */
function lstmForward(weights: ReferenceWeights, H: number, inputs: number[][]): StepValues[] {
  let h = new Array<number>(H).fill(0);
  let c = new Array<number>(H).fill(0);
  return inputs.map((x) => {
    const fromInput = matVec(weights.weightIh, x);
    const fromHidden = matVec(weights.weightHh, h);
    const pre = fromInput.map((value, k) => value + fromHidden[k] + weights.bias[k]);
    const gate = (index: number, squash: (v: number) => number) => pre.slice(index * H, (index + 1) * H).map(squash);
    const step = { i: gate(0, sigmoid), f: gate(1, sigmoid), g: gate(2, Math.tanh), o: gate(3, sigmoid), cPrevious: c, c: [] as number[] };
    step.c = c.map((previous, k) => step.f[k] * previous + step.i[k] * step.g[k]);
    c = step.c;
    h = c.map((value, k) => step.o[k] * Math.tanh(value));
    return step;
  });
}

/** ‖∂(−log p(target))/∂h_t‖ for every t: softmax head, then backpropagation through time, in float64. */
function hiddenGradientNorms(weights: ReferenceWeights, H: number, steps: StepValues[], logProbs: number[], target: number): number[] {
  const dLogits = logProbs.map((value, k) => Math.exp(value) - (k === target ? 1 : 0));
  let dh = Array.from({ length: H }, (_, j) => weights.head.reduce((sum, row, k) => sum + row[j] * dLogits[k], 0));
  let dc = new Array<number>(H).fill(0);
  const norms = new Array<number>(steps.length);
  for (let t = steps.length - 1; t >= 0; t--) {
    norms[t] = Math.hypot(...dh);
    const { i, f, g, o, c, cPrevious } = steps[t];
    const tanhC = c.map(Math.tanh);
    const dcTotal = dc.map((value, k) => value + dh[k] * o[k] * (1 - tanhC[k] ** 2));
    const dPre = [
      ...i.map((value, k) => dcTotal[k] * g[k] * value * (1 - value)),
      ...f.map((value, k) => dcTotal[k] * cPrevious[k] * value * (1 - value)),
      ...g.map((value, k) => dcTotal[k] * i[k] * (1 - value ** 2)),
      ...o.map((value, k) => dh[k] * tanhC[k] * value * (1 - value)),
    ];
    dh = Array.from({ length: H }, (_, j) => weights.weightHh.reduce((sum, row, r) => sum + row[j] * dPre[r], 0));
    dc = dcTotal.map((value, k) => value * f[k]);
  }
  return norms;
}

/**
 * Trace every sequence of a classifier fixture alone with `store` (the fixture's weights, `model` its
 * config, both from torchParityChecks.ts) and compare what Inspect shows. Throws when the trace's shape is
 * wrong (tokens, target) or when the reference itself would not tell the chart's steps apart.
 */
export async function checkClassifierTrace(file: string, fixture: ClassifierCase, store: ParamStore, model: ModelConfig, expectClose: ExpectClose): Promise<void> {
  const { hidden_size: H, embedding_dim: E, num_classes: classes } = fixture.config;
  const encoder = createEncoder(model.input);
  const weights = referenceWeights(fixture);
  const seqLength = fixture.config.seq_len;
  const embedded = flat(fixture.embedded);
  const outputs = flat(fixture.lstm_output);
  const finalCells = flat(fixture.c_n);
  const logProbsAll = flat(fixture.log_probs);
  for (let b = 0; b < fixture.tokens.length; b++) {
    const length = fixture.lengths[b];
    const text = fixture.tokens[b].slice(0, length).map((id) => `w${id}`).join(' ');
    const target = fixture.targets[b];
    const trace = await traceText(store, model, encoder, text, target);
    const [layer] = trace.layers;
    if (trace.tokens.length !== length) throw new Error(`${file} sequence ${b}: the trace has ${trace.tokens.length} tokens, not ${length}.`);
    if (trace.targetClass !== target) throw new Error(`${file} sequence ${b}: the trace's target is ${trace.targetClass}, not ${target}.`);
    const inputs = Array.from({ length }, (_, t) => Array.from(embedded.subarray((b * seqLength + t) * E, (b * seqLength + t + 1) * E)));
    const logProbs = Array.from(logProbsAll.subarray(b * classes, (b + 1) * classes));

    // PyTorch's own numbers: h_t for every step, c_T, log-probabilities.
    for (let t = 0; t < length; t++) {
      expectClose(`${file} trace x_t`, row(layer.inputs, t), inputs[t]);
      expectClose(`${file} trace h_t`, row(layer.hidden, t), outputs.subarray((b * seqLength + t) * H, (b * seqLength + t + 1) * H));
    }
    expectClose(`${file} trace c_T`, row(layer.cell!, length - 1), finalCells.subarray(b * H, (b + 1) * H));
    expectClose(`${file} trace log-probabilities`, trace.logProbs, logProbs);
    // The prefix chart's last column is the final answer.
    expectClose(`${file} trace last prefix`, row(trace.prefixLogProbs, length - 1), logProbs);

    // The gates and c_t the equations panel prints, and ‖∂L/∂h_t‖, from the written-out equations.
    const steps = lstmForward(weights, H, inputs);
    for (let t = 0; t < length; t++) {
      for (const gate of ['i', 'f', 'g', 'o'] as const) expectClose(`${file} trace gate ${gate}_t`, row(layer.gates[gate], t), steps[t][gate]);
      expectClose(`${file} trace c_t`, row(layer.cell!, t), steps[t].c);
    }
    const norms = hiddenGradientNorms(weights, H, steps, logProbs, target);
    expectClose(`${file} trace ‖∂L/∂h_t‖`, layer.gradNorms, norms);
    // The picture the chart teaches: with more than one step, the gradient reaching h_0 differs from h_T's.
    if (length > 1 && Math.abs(norms[0] - norms[length - 1]) < 1e-6) throw new Error(`${file} sequence ${b}: the reference's ‖∂L/∂h_0‖ equals ‖∂L/∂h_T‖, so it cannot tell steps apart.`);
  }
}
