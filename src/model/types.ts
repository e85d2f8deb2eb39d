/**
 * Plain-data descriptions of models, training runs, metrics and inspection traces.
 * No TensorFlow.js here: these types cross the worker boundary and are used by the UI and CLI.
 */
import type { SamplingMode, SplitName } from '../data/types';

/**
 * The recurrent cell. `tutorial` is the PyTorch tutorial's own RNN: `h_t = i2h([x_t, h_{t-1}])`
 * with no non-linearity and the output read by `i2o([x_T, h_{T-1}])`; it is kept because it
 * diverges in instructive ways.
 */
export const CELL_TYPES = ['tutorial', 'rnn', 'lstm', 'gru'] as const;
export type CellType = (typeof CELL_TYPES)[number];

/** Gate names per cell, in PyTorch's row-block order (LSTM i,f,g,o; GRU r,z,n). */
export const GATE_NAMES: Record<CellType, readonly string[]> = {
  tutorial: [],
  rnn: [],
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['r', 'z', 'n'],
};

/** How symbols enter the network. */
export type InputSpec =
  | { type: 'chars'; alphabet: string }
  | {
      type: 'words';
      /** Vocabulary in id order; includes `pad` and `unk`. */
      vocab: string[];
      pad: string;
      unk: string;
      lowercase: boolean;
      /** Embedding width. */
      embeddingDim: number;
      /** false freezes the embedding (e.g. pre-trained GloVe). */
      trainableEmbedding: boolean;
    };

/** Architecture. Hyper-parameters of optimisation live in `TrainConfig`. */
export interface ModelConfig {
  cell: CellType;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  /** Dropout between stacked layers and before the head (PyTorch's `dropout` + a head dropout). */
  dropout: number;
  input: InputSpec;
  classes: string[];
}

/** The optimisers the engine offers (model/optimizers.ts builds them). */
export const OPTIMIZER_NAMES = ['sgd', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface TrainConfig {
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Clip the global gradient norm to this value; null = no clipping (default). */
  clipNorm: number | null;
  sampling: SamplingMode;
  /** Group examples of similar length into a batch so short names don't pay for long ones. */
  bucketByLength: boolean;
  seed: number;
}

/** Metrics of one evaluation pass over a split. */
export interface EvalMetrics {
  split: SplitName;
  loss: number;
  accuracy: number;
  /** Mean over classes of per-class recall: what matters when Russian is 47% of the names. */
  macroAccuracy: number;
  /** Counts, rows = true class, columns = predicted class, `[C*C]` row-major. */
  confusion: number[];
  count: number;
}

/** A dense row-major matrix that can be transferred between threads without copying. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** One layer and direction of an inspection trace. All matrices are `[T, hiddenSize]` (rows = timesteps). */
export interface LayerTrace {
  layer: number;
  direction: 'forward' | 'reverse';
  /** Input to this layer at each step, `[T, inputSize]`. */
  inputs: Matrix;
  hidden: Matrix;
  /** LSTM cell state c_t. */
  cell?: Matrix;
  /** Gate activations by name (LSTM i,f,g,o; GRU r,z,n), each `[T, hiddenSize]`. */
  gates: Record<string, Matrix>;
  /** GRU only: W_hn h_{t-1} + b_hn, needed to show n_t's equation with numbers. */
  recurrentNew?: Matrix;
  /** ‖∂L/∂h_t‖ for the loss of the target class, `[T]`. */
  gradNorms: Float32Array;
}

/** Everything the Inspect step shows about one input. */
export interface InspectionTrace {
  text: string;
  /** The symbols actually fed, one per timestep (dropped characters are not here). */
  tokens: string[];
  /** Symbols removed by normalisation (outside the alphabet), for display. */
  dropped: string[];
  /** Final log-probabilities over classes `[C]`. */
  logProbs: Float32Array;
  /** Log-probabilities after each prefix, `[T, C]` (forward direction of the last layer). */
  prefixLogProbs: Matrix;
  /** The class the gradient norms are taken for (true class if known, else the prediction). */
  targetClass: number;
  layers: LayerTrace[];
}

/** A ranked prediction. */
export interface Prediction {
  input: string;
  logProbs: number[];
  top: { class: string; logProb: number }[];
}

/** The portable model file; see README "Model files". Tensors are nested lists as `tensor.tolist()` gives them. */
export interface ModelFile {
  format: 'rnn-playground/torch-v1';
  task: {
    kind: 'classify';
    classes: string[];
    input:
      | { type: 'chars'; alphabet: string }
      | { type: 'words'; vocab: string[]; pad: string; unk: string; lowercase: boolean };
  };
  model: {
    cell: CellType;
    hiddenSize: number;
    numLayers: number;
    bidirectional: boolean;
    embeddingDim: number | null;
    dropout: number;
  };
  state_dict: Record<string, NestedNumbers>;
}

export type NestedNumbers = number | NestedNumbers[];

/** A row of the model summary table. */
export interface ParameterRow {
  name: string;
  shape: number[];
  count: number;
  trainable: boolean;
}
