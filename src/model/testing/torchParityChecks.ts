/**
 * The PyTorch parity checks, shared by every backend's suite (parity.test.ts on wasm and cpu,
 * parity.gpu.test.ts on webgpu in Node, and the browser's gpu-parity page on webgpu and webgl): run one
 * fixture case on the ACTIVE backend and compare forward values, losses and every gradient with PyTorch's
 * numbers through `expectClose`. Browser-safe: the fixtures come in as parsed JSON (torchParity.ts reads
 * them from disk in Node).
 */
import * as tf from '@tensorflow/tfjs';
import { classifierForward, classifierLogits, embedInputs } from '../classifier';
import { crossEntropyFromLogits, nllLoss } from '../loss';
import { ParamStore, transposeValues } from '../params';
import { runNetwork } from '../recurrentNetwork';
import { flat, shapeOf } from './nested';
import { checkClassifierTrace } from './traceChecks';
import type { CellType, ModelConfig, NestedNumbers } from '../types';

/** An `rnn` fixture file (tools/ writes them from PyTorch). */
export interface RnnCase {
  config: { mode: 'RNN_TANH' | 'LSTM' | 'GRU'; input_size: number; hidden_size: number; num_layers: number; bidirectional: boolean; batch: number; seq_len: number };
  lengths: number[];
  param_names: string[];
  state_dict: Record<string, NestedNumbers>;
  input: NestedNumbers;
  output: NestedNumbers;
  h_n: NestedNumbers;
  c_n?: NestedNumbers;
  loss_weight: NestedNumbers;
  loss: number;
  grads: Record<string, NestedNumbers>;
  loss_all?: { weight_output: NestedNumbers; weight_h_n: NestedNumbers; weight_c_n?: NestedNumbers; loss: number; grads: Record<string, NestedNumbers> };
}

/** A `classifier` fixture file: the SST-2-style embedding → LSTM → Linear model. */
export interface ClassifierCase {
  config: { vocab_size: number; embedding_dim: number; hidden_size: number; num_classes: number; batch: number; seq_len: number };
  state_dict: Record<string, NestedNumbers>;
  tokens: number[][];
  lengths: number[];
  targets: number[];
  embedded: NestedNumbers;
  lstm_output: NestedNumbers;
  h_n: NestedNumbers;
  c_n: NestedNumbers;
  logits: NestedNumbers;
  log_probs: NestedNumbers;
  loss: number;
  grads: Record<string, NestedNumbers>;
}

const CELLS: Record<RnnCase['config']['mode'], CellType> = { RNN_TANH: 'rnn', LSTM: 'lstm', GRU: 'gru' };

/** The fixtures' manifest.json: every file and its kind (`rnn`, `classifier`, …). */
export interface FixtureManifest {
  files: Record<string, { kind: string }>;
}

/** The cell an `rnn` fixture tests. */
export function rnnFixtureCell(fixture: RnnCase): CellType {
  return CELLS[fixture.config.mode];
}

/** Compares values and fails the running test with `label` when any differs by more than 1e-4. */
export type ExpectClose = (label: string, actual: ArrayLike<number>, expected: ArrayLike<number>) => void;

async function torchGrad(store: ParamStore, name: string, grad: tf.Tensor): Promise<Float32Array> {
  const spec = store.spec(name);
  const values = (await grad.data()) as Float32Array;
  return spec.transposed ? transposeValues(values, spec.torchShape[1], spec.torchShape[0]) : values;
}

function storeForRnnCase(fixture: RnnCase): ParamStore {
  const { config } = fixture;
  const model: ModelConfig = {
    cell: CELLS[config.mode],
    hiddenSize: config.hidden_size,
    numLayers: config.num_layers,
    bidirectional: config.bidirectional,
    dropout: 0,
    // Only the input width matters here: a one-hot alphabet of input_size symbols.
    input: { type: 'chars', alphabet: 'x'.repeat(config.input_size) },
    classes: ['a', 'b'],
  };
  const store = new ParamStore(model, 1);
  for (const name of fixture.param_names) store.setTorchValues(`rnn.${name}`, flat(fixture.state_dict[name]));
  return store;
}

/** One `rnn` fixture (`file` labels the checks): output, h_n, c_n, the loss(es) and every gradient on the active backend. */
export async function checkRnnFixture(file: string, fixture: RnnCase, expectClose: ExpectClose): Promise<void> {
  const store = storeForRnnCase(fixture);
  const { batch, seq_len: seqLength, hidden_size: hiddenSize } = fixture.config;
  const info = { lengths: Int32Array.from(fixture.lengths), batchSize: batch, seqLength };
  const input = tf.variable(tf.tensor(flat(fixture.input), shapeOf(fixture.input)));
  const architecture = { cell: CELLS[fixture.config.mode], hiddenSize, numLayers: fixture.config.num_layers, bidirectional: fixture.config.bidirectional, dropout: 0 };
  const forward = () => {
    const network = runNetwork(store, architecture, tf.transpose(input, [1, 0, 2]) as tf.Tensor3D, info, { training: false, needOutput: true, record: false });
    return {
      output: tf.transpose(network.output!, [1, 0, 2]),
      hN: tf.stack(network.finalHidden),
      cN: network.finalCell ? tf.stack(network.finalCell) : null,
    };
  };
  const values = tf.tidy(() => {
    const { output, hN, cN } = forward();
    return [output, hN, cN ?? tf.zeros([0])];
  });
  expectClose(`${file} output`, await values[0].data(), flat(fixture.output));
  expectClose(`${file} h_n`, await values[1].data(), flat(fixture.h_n));
  if (fixture.c_n) expectClose(`${file} c_n`, await values[2].data(), flat(fixture.c_n));
  tf.dispose(values);

  const variables = [...store.trainableVariables().slice(0, fixture.param_names.length), input];
  const losses: { label: string; loss: () => tf.Scalar; expected: number; grads: Record<string, NestedNumbers> }[] = [
    { label: 'loss', loss: () => tf.sum(tf.mul(forward().hN, tf.tensor(flat(fixture.loss_weight), shapeOf(fixture.loss_weight)))), expected: fixture.loss, grads: fixture.grads },
  ];
  const all = fixture.loss_all;
  if (all) {
    losses.push({
      label: 'loss_all',
      loss: () => {
        const { output, hN, cN } = forward();
        let total = tf.add(tf.sum(tf.mul(output, tf.tensor(flat(all.weight_output), shapeOf(all.weight_output)))), tf.sum(tf.mul(hN, tf.tensor(flat(all.weight_h_n), shapeOf(all.weight_h_n)))));
        if (cN && all.weight_c_n) total = tf.add(total, tf.sum(tf.mul(cN, tf.tensor(flat(all.weight_c_n), shapeOf(all.weight_c_n)))));
        return total as tf.Scalar;
      },
      expected: all.loss,
      grads: all.grads,
    });
  }
  for (const { label, loss, expected, grads } of losses) {
    const { value, grads: computed } = tf.variableGrads(loss, variables);
    expectClose(`${file} ${label}`, await value.data(), [expected]);
    for (const name of fixture.param_names) {
      const variable = store.get(`rnn.${name}`);
      expectClose(`${file} ${label} grad`, await torchGrad(store, `rnn.${name}`, computed[variable.name]), flat(grads[name]));
    }
    expectClose(`${file} ${label} grad`, await computed[input.name].data(), flat(grads.input));
    tf.dispose([value, ...Object.values(computed)]);
  }
  input.dispose();
  store.dispose();
}

/** One classifier fixture: embedded, lstm_output, h_n, c_n, logits, log_probs, loss, every gradient, and the Inspect trace of each sequence. */
export async function checkClassifierFixture(file: string, fixture: ClassifierCase, expectClose: ExpectClose): Promise<void> {
  const { config } = fixture;
  const model: ModelConfig = {
    cell: 'lstm',
    hiddenSize: config.hidden_size,
    numLayers: 1,
    bidirectional: false,
    dropout: 0,
    input: { type: 'words', vocab: Array.from({ length: config.vocab_size }, (_, i) => `w${i}`), pad: 'w0', unk: 'w1', lowercase: true, embeddingDim: config.embedding_dim, trainableEmbedding: true },
    classes: Array.from({ length: config.num_classes }, (_, i) => `c${i}`),
  };
  const store = new ParamStore(model, 1);
  const rename = (name: string) => name.replace(/^lstm\./, 'rnn.').replace(/^fc\./, 'head.');
  for (const [name, value] of Object.entries(fixture.state_dict)) store.setTorchValues(rename(name), flat(value));
  const batch = { ids: Int32Array.from(fixture.tokens.flat()), lengths: Int32Array.from(fixture.lengths), batchSize: config.batch, seqLength: config.seq_len };
  const labels = Int32Array.from(fixture.targets);
  const values = tf.tidy(() => {
    const result = classifierForward(store, model, batch, { training: false, needOutput: true });
    return [
      tf.transpose(embedInputs(store, model, batch).tensor(), [1, 0, 2]),
      tf.transpose(result.network.output!, [1, 0, 2]),
      tf.stack(result.network.finalHidden),
      tf.stack(result.network.finalCell!),
      result.logits,
      result.logProbs,
      nllLoss(result.logProbs, labels),
      crossEntropyFromLogits(result.logits, labels),
    ];
  });
  const expected = [fixture.embedded, fixture.lstm_output, fixture.h_n, fixture.c_n, fixture.logits, fixture.log_probs, fixture.loss, fixture.loss];
  const labelsOut = ['embedded', 'lstm_output', 'h_n', 'c_n', 'logits', 'log_probs', 'loss', 'training loss'];
  for (let i = 0; i < values.length; i++) expectClose(`${file} ${labelsOut[i]}`, await values[i].data(), flat(expected[i]));
  tf.dispose(values);
  // The gradients through the loss training uses (trainStep.ts): from the logits, fused on webgpu.
  const { value, grads } = tf.variableGrads(() => crossEntropyFromLogits(classifierLogits(store, model, batch, { training: false }).logits, labels), store.trainableVariables());
  for (const [name, expectedGrad] of Object.entries(fixture.grads)) {
    const variable = store.get(rename(name));
    expectClose(`${file} grad`, await torchGrad(store, rename(name), grads[variable.name]), flat(expectedGrad));
  }
  tf.dispose([value, ...Object.values(grads)]);
  // What Inspect shows for each sequence, on the same path (fused kernels too: fusedInspection.ts).
  await checkClassifierTrace(file, fixture, store, model, expectClose);
  store.dispose();
}
