/**
 * The numbers Inspect shows, against independent references, for the PyTorch fixture `classifier.json`
 * (Embedding → LSTM → Linear, float64 in PyTorch): each sequence of the fixture's batch is traced alone,
 * as Inspect traces one text. Hidden states, the last cell state and the log-probabilities are PyTorch's;
 * the gates (what the equations panel prints) and ‖∂L/∂h_t‖ (the vanishing-gradient chart) are computed
 * here in plain float64 JavaScript from the file's weights — the LSTM equations and their backward pass
 * written out, sharing no code with the engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../data/encoding';
import { ParamStore } from './params';
import { useNodeBackend } from './testing/backend';
import { closeness, readFixture } from './testing/fixtures';
import { traceText } from './trace';
import type { Matrix, ModelConfig } from './types';

interface ClassifierCase {
  config: { vocab_size: number; embedding_dim: number; hidden_size: number; num_classes: number };
  state_dict: Record<string, number[] | number[][]>;
  tokens: number[][];
  lengths: number[];
  targets: number[];
  embedded: number[][][];
  lstm_output: number[][][];
  c_n: number[][][];
  log_probs: number[][];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** W·v for a row-major matrix given as nested rows. */
function matVec(matrix: number[][], vector: number[]): number[] {
  return matrix.map((row) => row.reduce((sum, weight, j) => sum + weight * vector[j], 0));
}

function row(matrix: Matrix, t: number): number[] {
  return Array.from(matrix.data.subarray(t * matrix.cols, (t + 1) * matrix.cols));
}

function expectClose(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  const result = closeness(actual, expected, 1e-4);
  expect(result.failures, `${what}: ${result.worst}`).toBe(0);
}

interface StepValues {
  i: number[];
  f: number[];
  g: number[];
  o: number[];
  c: number[];
  cPrevious: number[];
}

/** The LSTM forward pass in float64 (PyTorch's equations, gate rows i, f, g, o), from zero states. */
function lstmForward(fixture: ClassifierCase, inputs: number[][]): StepValues[] {
  const H = fixture.config.hidden_size;
  const weightIh = fixture.state_dict['lstm.weight_ih_l0'] as number[][];
  const weightHh = fixture.state_dict['lstm.weight_hh_l0'] as number[][];
  const bias = (fixture.state_dict['lstm.bias_ih_l0'] as number[]).map((value, k) => value + (fixture.state_dict['lstm.bias_hh_l0'] as number[])[k]);
  let h = new Array<number>(H).fill(0);
  let c = new Array<number>(H).fill(0);
  return inputs.map((x) => {
    const fromInput = matVec(weightIh, x);
    const fromHidden = matVec(weightHh, h);
    const pre = fromInput.map((value, k) => value + fromHidden[k] + bias[k]);
    const gate = (index: number, squash: (v: number) => number) => pre.slice(index * H, (index + 1) * H).map(squash);
    const step = { i: gate(0, sigmoid), f: gate(1, sigmoid), g: gate(2, Math.tanh), o: gate(3, sigmoid), cPrevious: c, c: [] as number[] };
    step.c = c.map((previous, k) => step.f[k] * previous + step.i[k] * step.g[k]);
    c = step.c;
    h = c.map((value, k) => step.o[k] * Math.tanh(value));
    return step;
  });
}

/** ‖∂(−log p(target))/∂h_t‖ for every t: softmax head, then backpropagation through time, in float64. */
function hiddenGradientNorms(fixture: ClassifierCase, steps: StepValues[], logProbs: number[], target: number): number[] {
  const H = fixture.config.hidden_size;
  const head = fixture.state_dict['fc.weight'] as number[][];
  const weightHh = fixture.state_dict['lstm.weight_hh_l0'] as number[][];
  const dLogits = logProbs.map((value, k) => Math.exp(value) - (k === target ? 1 : 0));
  let dh = Array.from({ length: H }, (_, j) => head.reduce((sum, weights, k) => sum + weights[j] * dLogits[k], 0));
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
    dh = Array.from({ length: H }, (_, j) => weightHh.reduce((sum, weights, r) => sum + weights[j] * dPre[r], 0));
    dc = dcTotal.map((value, k) => value * f[k]);
  }
  return norms;
}

describe('Inspect trace against PyTorch and plain-JS LSTM equations', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('hidden states, cell state, log-probabilities, gates and ‖∂L/∂h_t‖ for each sequence of classifier.json', async () => {
    const fixture = readFixture<ClassifierCase>('classifier.json');
    const { config } = fixture;
    const model: ModelConfig = {
      cell: 'lstm',
      hiddenSize: config.hidden_size,
      numLayers: 1,
      bidirectional: false,
      dropout: 0,
      input: { type: 'words', vocab: Array.from({ length: config.vocab_size }, (_, id) => `w${id}`), pad: 'w0', unk: 'w1', lowercase: true, embeddingDim: config.embedding_dim, trainableEmbedding: true },
      classes: Array.from({ length: config.num_classes }, (_, id) => `c${id}`),
    };
    const params = new ParamStore(model, 1);
    const rename = (name: string) => name.replace(/^lstm\./, 'rnn.').replace(/^fc\./, 'head.');
    for (const [name, value] of Object.entries(fixture.state_dict)) params.setTorchValues(rename(name), Float32Array.from(value.flat()));
    const encoder = createEncoder(model.input);

    for (let b = 0; b < fixture.tokens.length; b++) {
      const length = fixture.lengths[b];
      const text = fixture.tokens[b].slice(0, length).map((id) => `w${id}`).join(' ');
      const target = fixture.targets[b];
      const trace = await traceText(params, model, encoder, text, target);
      const [layer] = trace.layers;
      expect(trace.tokens).toHaveLength(length);
      expect(trace.targetClass).toBe(target);

      // PyTorch's own numbers: h_t for every step, c_T, log-probabilities.
      for (let t = 0; t < length; t++) {
        expectClose(`sequence ${b} input x_${t}`, row(layer.inputs, t), fixture.embedded[b][t]);
        expectClose(`sequence ${b} h_${t}`, row(layer.hidden, t), fixture.lstm_output[b][t]);
      }
      expectClose(`sequence ${b} c_T`, row(layer.cell!, length - 1), fixture.c_n[0][b]);
      expectClose(`sequence ${b} log-probabilities`, trace.logProbs, fixture.log_probs[b]);
      // The prefix chart's last column is the final answer.
      expectClose(`sequence ${b} last prefix`, row(trace.prefixLogProbs, length - 1), fixture.log_probs[b]);

      // The gates and c_t the equations panel prints, and ‖∂L/∂h_t‖, from the written-out equations.
      const steps = lstmForward(fixture, fixture.embedded[b].slice(0, length));
      for (let t = 0; t < length; t++) {
        for (const gate of ['i', 'f', 'g', 'o'] as const) expectClose(`sequence ${b} gate ${gate}_${t}`, row(layer.gates[gate], t), steps[t][gate]);
        expectClose(`sequence ${b} c_${t}`, row(layer.cell!, t), steps[t].c);
      }
      const norms = hiddenGradientNorms(fixture, steps, fixture.log_probs[b], target);
      expectClose(`sequence ${b} ‖∂L/∂h_t‖`, layer.gradNorms, norms);
      // The picture the chart teaches: with more than one step, the gradient reaching h_0 differs from h_T's.
      if (length > 1) expect(norms[0]).not.toBeCloseTo(norms[length - 1], 6);
    }
    params.dispose();
  });
});
