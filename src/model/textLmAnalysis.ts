/**
 * Reading an own-text model (model/textLm.ts) on a text: the hidden units' activations at every character,
 * the saliency of the input characters for one prediction, and sampling a continuation of a prime. All
 * start from BOS and a zero state, as the text itself does; the analysed text is at most MAX_ANALYSIS_CHARACTERS.
 */
import * as tf from '@tensorflow/tfjs';
import { symbolLayout } from '../data/generation';
import { createRandom } from '../data/random';
import { drawIndex, validateSamplingSettings } from '../data/sampling';
import { encodeText } from '../data/textCorpus';
import type { ParamStore } from './params';
import { disposeStates, textLmForward, textLmInputs, tidyCarrying, type LayerState } from './textLm';
import type { CharLmConfig, TextActivations, TextContinuation, TextSaliency } from './types';

/** Longest text analysed at once: a colour per character and unit stays a few megabytes, a saliency pass a few seconds. */
export const MAX_ANALYSIS_CHARACTERS = 2000;
/** Longest continuation sampled at once. */
export const MAX_CONTINUATION = 2000;
/** Steps per forward call while reading a long text (the state is carried between chunks). */
const CHUNK = 256;

/** Thrown for a text or setting the analysis cannot use, in the user's words. */
export class TextAnalysisError extends Error {
  override name = 'TextAnalysisError';
}

function encodeForAnalysis(config: CharLmConfig, text: string): Int32Array {
  let ids: Int32Array;
  try {
    ids = encodeText(text, symbolLayout(config.alphabet));
  } catch (error) {
    throw new TextAnalysisError((error as Error).message);
  }
  if (ids.length === 0) throw new TextAnalysisError('There is no text to analyse.');
  if (ids.length > MAX_ANALYSIS_CHARACTERS) throw new TextAnalysisError(`The text has ${ids.length} characters; at most ${MAX_ANALYSIS_CHARACTERS} are analysed at once.`);
  return ids;
}

/** Previous-symbol ids [BOS, c0, …, c_{n−2}]: the inputs that predict c0 … c_{n−1}. */
function previousIds(ids: Int32Array, bos: number): Int32Array {
  const previous = new Int32Array(ids.length);
  previous[0] = bos;
  previous.set(ids.subarray(0, ids.length - 1), 1);
  return previous;
}

/** Hidden states after each character of `text`, per layer, and log p of each character. */
export async function textActivations(params: ParamStore, config: CharLmConfig, text: string): Promise<TextActivations> {
  const layout = symbolLayout(config.alphabet);
  const ids = encodeForAnalysis(config, text);
  const n = ids.length;
  // Steps read BOS, c0 … c_{n−1}: step t + 1 has read character t; step t predicts character t.
  const inputs = new Int32Array(n + 1);
  inputs[0] = layout.bosId;
  inputs.set(ids, 1);
  const H = config.hiddenSize;
  const layers = Array.from({ length: config.numLayers }, () => new Float32Array(n * H));
  const logProbs = new Float32Array(n);
  let state: LayerState[] | null = null;
  for (let start = 0; start <= n; start += CHUNK) {
    const end = Math.min(n + 1, start + CHUNK);
    const chunk = inputs.subarray(start, end);
    const initial: LayerState[] | null = state;
    const { value, final } = tidyCarrying(() => {
      const result = textLmForward(params, config, textLmInputs(config, chunk), 1, initial, { training: false });
      // Targets: character t for step t (none for the step after the last character).
      const targetCount = Math.min(end, n) - start;
      const targets = ids.subarray(start, start + targetCount);
      const chosen = targetCount > 0 ? tf.sum(tf.mul(tf.slice(result.logProbs, [0, 0], [targetCount, -1]), tf.oneHot(tf.tensor1d(targets, 'int32'), layout.outputSize)), 1) : tf.zeros([0]);
      return { value: { hidden: result.hidden, picked: chosen }, final: result.final };
    });
    const { hidden, picked } = value;
    disposeStates(state);
    state = final;
    const pickedValues = await picked.data();
    logProbs.set(pickedValues, start);
    picked.dispose();
    for (let layer = 0; layer < hidden.length; layer++) {
      const values = await hidden[layer].data();
      hidden[layer].dispose();
      // Step s (global start + s) has read character start + s − 1.
      for (let s = 0; s < end - start; s++) {
        const character = start + s - 1;
        if (character >= 0) layers[layer].set(values.subarray(s * H, (s + 1) * H), character * H);
      }
    }
  }
  disposeStates(state);
  return { characters: Array.from(ids, (id) => layout.letters[id]), hiddenSize: H, layers, logProbs };
}

/**
 * The saliency of every input character for the prediction of character `position` of `text` (teacher
 * forcing): ‖∂ log p(c_position | BOS, c_0 … c_position−1) / ∂ x_s‖ over the one-hot input x_s of each step.
 */
export async function textSaliency(params: ParamStore, config: CharLmConfig, text: string, position: number): Promise<TextSaliency> {
  const layout = symbolLayout(config.alphabet);
  const ids = encodeForAnalysis(config, text);
  if (!Number.isInteger(position) || position < 0 || position >= ids.length) throw new TextAnalysisError(`Position ${position} is outside the text (0–${ids.length - 1}).`);
  const previous = previousIds(ids.subarray(0, position + 1), layout.bosId);
  const target = ids[position];
  const { norms, logProb } = tf.tidy(() => {
    const inputs = textLmInputs(config, previous);
    const pickLogProb = (x: tf.Tensor2D): tf.Scalar => {
      const result = textLmForward(params, config, x, 1, null, { training: false });
      return tf.squeeze(tf.slice(result.logProbs, [position, target], [1, 1])) as tf.Scalar;
    };
    const gradient = tf.grad((x: tf.Tensor) => pickLogProb(x as tf.Tensor2D))(inputs);
    return { norms: tf.sqrt(tf.sum(tf.square(gradient), 1)), logProb: pickLogProb(inputs) };
  });
  const values = (await norms.data()) as Float32Array;
  const logProbValue = (await logProb.data())[0];
  norms.dispose();
  logProb.dispose();
  return { position, target: layout.letters[target], logProb: logProbValue, norms: values.slice(1), bosNorm: values[0] };
}

/** Sample `length` characters after `prime` (empty = from BOS). The same seed and settings give the same text. */
export async function continueText(params: ParamStore, config: CharLmConfig, prime: string, length: number, temperature: number, topK: number | null, seed: number): Promise<TextContinuation> {
  validateSamplingSettings(temperature, topK);
  if (!Number.isInteger(length) || length < 1 || length > MAX_CONTINUATION) throw new TextAnalysisError(`The length must be a whole number from 1 to ${MAX_CONTINUATION}, got ${length}.`);
  const layout = symbolLayout(config.alphabet);
  const primeIds = prime === '' ? new Int32Array(0) : encodeForAnalysis(config, prime);
  const random = createRandom(seed);
  // Read BOS and the prime in one pass; its last row predicts the first new character.
  let feed = new Int32Array(primeIds.length + 1);
  feed[0] = layout.bosId;
  feed.set(primeIds, 1);
  let state: LayerState[] | null = null;
  let text = '';
  try {
    for (let step = 0; step < length; step++) {
      const initial: LayerState[] | null = state;
      const fed = feed;
      const { value: last, final } = tidyCarrying(() => {
        const result = textLmForward(params, config, textLmInputs(config, fed), 1, initial, { training: false });
        return { value: tf.slice(result.logProbs, [fed.length - 1, 0], [1, -1]), final: result.final };
      });
      disposeStates(state);
      state = final;
      const scores = (await last.data()) as Float32Array;
      last.dispose();
      // The end symbol is never a target in a text: sample among the characters only.
      let chosen = drawIndex(scores.subarray(0, layout.eosId), temperature, topK, random);
      if (chosen >= layout.eosId) chosen = 0;
      text += layout.letters[chosen];
      feed = Int32Array.of(chosen);
    }
  } finally {
    disposeStates(state);
  }
  return { prime, text };
}
