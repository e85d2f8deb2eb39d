/**
 * Plain-data descriptions of models, training runs, metrics and inspection traces.
 * No TensorFlow.js here: these types cross the worker boundary and are used by the UI and CLI.
 */
import type { MemoryTaskName } from '../data/memoryTasks';
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

/** A word input as the main thread knows it: everything but the vocabulary, which can hold a million words. */
export type WordInputSummary = Omit<Extract<InputSpec, { type: 'words' }>, 'vocab'> & { vocabSize: number };

/**
 * A model's architecture as the worker reports it to the main thread (`built`, `importResult`): the
 * configuration less the vocabulary. Copying a 1M-word vocabulary into the main thread blocked it for
 * hundreds of milliseconds, and nothing there reads the words of a built model (Encode uses the data's).
 */
export interface ModelSummary extends Omit<ModelConfig, 'input'> {
  input: Extract<InputSpec, { type: 'chars' }> | WordInputSummary;
}

/**
 * The optimisers the engine offers (model/optimizers.ts builds them). `adam-sparse`: Adam, except that a
 * word embedding table is trained by SparseAdam on the rows the batch used (PyTorch's
 * nn.Embedding(sparse=True) + torch.optim.SparseAdam; model/sparseAdam.ts).
 */
export const OPTIMIZER_NAMES = ['sgd', 'adam', 'adam-sparse', 'rmsprop'] as const;
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

/** One layer's states over a text a character LM reads: as LayerTrace, without the classifier's gradient norms. */
export type CharLmLayerTrace = Omit<LayerTrace, 'gradNorms'>;

/**
 * What a character LM computes while writing a text (teacher forced: the text's own letters fed): per step,
 * every layer's h_t, c_t (LSTM) and gate activations, `[T, H]` with T = letters + 1 (BOS, then each letter).
 */
export interface CharLmTrace {
  text: string;
  condition: string | null;
  /** The symbol fed at each step: `<BOS>`, then the letters. */
  fed: string[];
  /** The symbol predicted at each step: the letters, then `<EOS>`. */
  written: string[];
  layers: CharLmLayerTrace[];
}

/** Everything the Inspect step shows about one input. */
export interface InspectionTrace {
  text: string;
  /** The symbols actually fed, one per timestep (dropped characters are not here). */
  tokens: string[];
  /** Symbols removed by normalisation (outside the alphabet), for display. */
  dropped: string[];
  /**
   * What the model cannot read, distinct and in order, for display: characters outside a data set's own alphabet
   * (fed as "�") or words outside the vocabulary (fed as `<unk>`, which the tokens alone would not show).
   */
  unknown: string[];
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
  /**
   * What the model could not read, present only when there is some: characters outside a data set's own alphabet
   * (read as "�"), or words outside the vocabulary (read as its unknown token); `unknownAs` says which.
   */
  unknown?: string[];
  unknownAs?: string;
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

/**
 * A character-level language model (many-to-many: the head reads every step). The input at each step is
 * concat(one-hot condition [C], one-hot previous symbol [A + 2]); the output is log-softmax over the A
 * letters and EOS (src/data/generation.ts holds the layout). `cell: 'tutorial'` is the PyTorch
 * tutorial's generation network (i2h, i2o, o2o; see architecture.ts).
 */
export interface CharLmConfig {
  cell: CellType;
  hiddenSize: number;
  numLayers: number;
  /** Between stacked layers and before the head; the tutorial network's dropout on its o2o output. */
  dropout: number;
  /** The letters the model writes, in output order (EOS and BOS follow them). */
  alphabet: string;
  /** Condition names in one-hot order (the names task: the classifier's 18 languages); empty = unconditioned. */
  conditions: string[];
}

/** How well a character LM predicts a split: every letter and EOS counted, the first from BOS. */
export interface LmMetrics {
  split: SplitName;
  /** Mean negative log-likelihood per predicted symbol, in nats. */
  nllPerChar: number;
  /** exp(nllPerChar): the number of equally likely next letters the model is as unsure as. */
  perplexity: number;
  /** nllPerChar / ln 2. */
  bitsPerChar: number;
  /** Predicted symbols (letters + one EOS per example). */
  characters: number;
  /** Examples. */
  count: number;
}

/** One candidate for the next symbol: `symbol` is a letter or `<EOS>`. */
export interface SymbolCandidate {
  symbol: string;
  /** Under the model itself (temperature 1, no top-k). */
  logProb: number;
}

/** One generated symbol, with what else the model considered at that step. */
export interface GeneratedStep {
  /** The symbol drawn (a letter, or `<EOS>` at the end). */
  symbol: string;
  /** Its log-probability under the model (temperature 1). */
  logProb: number;
  /** The 5 most likely symbols at this step under the model, best first. */
  top: SymbolCandidate[];
}

/** One sampled text. */
export interface GeneratedText {
  condition: string | null;
  /** The letters, without EOS. */
  text: string;
  steps: GeneratedStep[];
  /** False when it stopped at the length limit instead of choosing EOS. */
  ended: boolean;
}

/** How to sample: temperature (0 = always the most likely symbol), top-k (null = all), a length limit and a seed. */
export interface SamplingOptions {
  temperature: number;
  topK: number | null;
  maxLength: number;
  seed: number;
}

/** A text scored with teacher forcing: per step (letters + 1), the log-probabilities of every output symbol. */
export interface ScoredText {
  input: string;
  condition: string | null;
  /** `[letters + 1][A + 1]`. */
  logProbs: number[][];
  /**
   * The true next symbol of each row, the letters as the model read them (normalised: a character outside its
   * alphabet is left out, as in training), then `<EOS>`.
   */
  symbols: string[];
  /** Σ over steps of the log-probability of the true next symbol. */
  totalLogProb: number;
}

/** The portable file of a character LM: same format family as `ModelFile`, task kind `char-lm`. */
export interface CharLmModelFile {
  format: 'rnn-playground/torch-v1';
  task: {
    kind: 'char-lm';
    /** Condition names in one-hot order (first C input columns). */
    conditions: string[];
    /** The symbol layout: letters at 0..A−1, EOS = A (last output), BOS = A + 1 (last input column). */
    symbols: { alphabet: string; eos: number; bos: number };
  };
  model: ModelFile['model'];
  state_dict: Record<string, NestedNumbers>;
}

/**
 * Initial value of the gate that decides how long an LSTM or GRU keeps its state: the LSTM's forget gate
 * (rows f of the biases) or the GRU's update gate (rows z; h' = (1 − z)·n + z·h, so a positive bias keeps
 * the state). `pytorch` leaves PyTorch's U(±1/√H) draw; `0`, `1`, `3` set b_ih's gate rows to that value;
 * `chrono` ("chrono initialisation", Tallec & Ollivier 2018) sets them to log(u), u ~ U(1, T − 1) per unit,
 * and for the LSTM the input gate's b_ih rows to −log(u). b_hh's rows of those gates are set to 0, so the
 * folded bias b_ih + b_hh is exactly the chosen value. A bias b keeps a memory for about 1/(1 − σ(b)) steps.
 */
export const GATE_BIAS_INITS = ['pytorch', '0', '1', '3', 'chrono'] as const;
export type GateBiasInit = (typeof GATE_BIAS_INITS)[number];

/**
 * Initial recurrent weights W_hh: `uniform` is PyTorch's U(±1/√H) (spectral radius about 0.58 at H = 32,
 * so a plain RNN's gradient shrinks by about that factor per step); `orthogonal` is Keras's default (each
 * gate's H×H block orthogonal, radius 1), under which a tanh RNN carries a gradient much further back.
 */
export const RECURRENT_INITS = ['uniform', 'orthogonal'] as const;
export type RecurrentInit = (typeof RECURRENT_INITS)[number];

/** The initialisation levers of the recurrent weights (both default to PyTorch's draws). */
export interface InitLevers {
  gateBias: GateBiasInit;
  recurrentInit: RecurrentInit;
  /** Chrono's upper bound on the memory span, T − 1 for sequences of T steps (ignored by the other gate-bias choices). */
  chronoMaxSpan: number;
}

/** Cells the memory lab trains (the tutorial cell has no gates and no separate W_hh to initialise). */
export const MEMORY_CELL_TYPES = ['rnn', 'lstm', 'gru'] as const;
export type MemoryCellType = (typeof MEMORY_CELL_TYPES)[number];

/**
 * A memory-lab model: one recurrent layer over the task's one-hot symbols, then nn.Linear(H, classes)
 * read at the task's readout steps (src/data/memoryTasks.ts). The task and distance belong to the
 * model because they fix its input and output widths and chrono's span.
 */
export interface MemoryModelConfig {
  task: MemoryTaskName;
  distance: number;
  cell: MemoryCellType;
  hiddenSize: number;
  gateBias: GateBiasInit;
  recurrentInit: RecurrentInit;
}

/**
 * What the own-text model's hidden units do over a text (model/textLmAnalysis.ts): per layer, the hidden state
 * right after reading each character, and how likely each character was given the ones before it.
 */
export interface TextActivations {
  /** The characters analysed (code points), in order. */
  characters: string[];
  hiddenSize: number;
  /** Per layer, `[T·H]` row-major: row t is h after reading character t (from BOS and a zero state). */
  layers: Float32Array[];
  /** `[T]`: log p(character t | the characters before it). */
  logProbs: Float32Array;
}

/** Which earlier characters a prediction leaned on: ‖∂ log p(target) / ∂ one-hot input‖ per input character. */
export interface TextSaliency {
  /** Index of the predicted character in the analysed text. */
  position: number;
  /** The character predicted there (the true one: teacher forcing). */
  target: string;
  logProb: number;
  /** `[position]`: the gradient norm at the input reading character s, for s < position. */
  norms: Float32Array;
  /** The gradient norm at the BOS input before the first character. */
  bosNorm: number;
}

/** A sampled continuation of a prime. */
export interface TextContinuation {
  prime: string;
  /** The generated characters (the prime not included). */
  text: string;
}

/** Truncated-BPTT settings of an own-text model besides TrainConfig (whose batchSize is the number of parallel streams). */
export interface TbpttSettings {
  /** K: characters per window; gradients flow back at most K steps. */
  windowLength: number;
}
