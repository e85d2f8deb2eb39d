/**
 * Using a character LM: sampling (the model's own guess is fed back, one step at a time, from BOS until
 * EOS or a length limit) and teacher-forced scoring (the true previous letter is fed; the full forward
 * pass of charLm.ts). The two feed the same network, so scoring a sampled text gives back exactly the
 * log-probabilities seen while sampling it: the test of the stepper.
 */
import * as tf from '@tensorflow/tfjs';
import { generationBatchOf, symbolLayout, symbolName, type SymbolLayout } from '../data/generation';
import { normalizeName } from '../data/names';
import { topK } from '../data/metrics';
import { createRandom } from '../data/random';
import { drawIndex, validateSamplingSettings } from '../data/sampling';
import { cellStep, type CellState } from './cells';
import { charLmForward, charLmHead, charLmStepInputs } from './charLm';
import { matMulFast } from './fastMatMul';
import type { ParamStore } from './params';
import { inputWeights, recurrentWeights } from './recurrentLayer';
import type { CharLmConfig, GeneratedText, SamplingOptions, ScoredText, SymbolCandidate } from './types';

/** Candidates listed beside each generated symbol. */
export const CANDIDATES_PER_STEP = 5;

/** Thrown for a condition the model does not know or an unreadable text, naming the valid choices. */
export class GenerationInputError extends Error {
  override name = 'GenerationInputError';
}

/** The index of `condition` among the model's conditions (null for an unconditioned model). */
export function conditionIndex(config: CharLmConfig, condition: string | null): number {
  if (config.conditions.length === 0) {
    if (condition !== null) throw new GenerationInputError(`This model has no conditions, so "${condition}" cannot be used.`);
    return 0;
  }
  const index = condition === null ? -1 : config.conditions.indexOf(condition);
  if (index < 0) throw new GenerationInputError(`Unknown condition ${condition === null ? '(none given)' : `"${condition}"`}; the model knows ${config.conditions.join(', ')}.`);
  return index;
}

/**
 * Runs the network one step at a time for a batch of B rows, keeping each layer's state between calls.
 * Its state tensors are owned here: call `dispose`.
 */
class Stepper {
  private states: CellState[];

  constructor(
    private readonly params: ParamStore,
    private readonly config: CharLmConfig,
  ) {
    this.states = Array.from({ length: config.numLayers }, () => ({ h: null, c: null }));
  }

  /** Feed `previous [B]` (with `conditions [B]`); returns log-probabilities `[B, A + 1]`. */
  step(conditions: Int32Array, previous: Int32Array): tf.Tensor2D {
    const { config, params } = this;
    const next: CellState[] = [];
    const logProbs = tf.tidy(() => {
      const input = charLmStepInputs(config, conditions, previous);
      let layerInput = input;
      for (let layer = 0; layer < config.numLayers; layer++) {
        const width = layerInput.shape[1];
        const weights = inputWeights(params, config.cell, layer, 0, config.hiddenSize, width);
        const projected = tf.add(matMulFast(layerInput, weights.kernel), weights.bias) as tf.Tensor2D;
        const result = cellStep(recurrentWeights(params, config.cell, layer, 0, config.hiddenSize, width), projected, this.states[layer], false);
        next.push({ h: tf.keep(result.h), c: result.c ? tf.keep(result.c) : null });
        layerInput = result.h;
      }
      const previousHidden = this.states[0].h ?? tf.zeros([previous.length, config.hiddenSize]);
      return charLmHead(params, config, { hidden: layerInput, input, previousHidden: previousHidden as tf.Tensor2D }, { training: false });
    });
    this.disposeStates();
    this.states = next;
    return logProbs;
  }

  dispose(): void {
    this.disposeStates();
  }

  private disposeStates(): void {
    for (const state of this.states) {
      state.h?.dispose();
      state.c?.dispose();
    }
  }
}

function candidates(layout: SymbolLayout, logProbs: Float32Array): SymbolCandidate[] {
  return topK(logProbs, CANDIDATES_PER_STEP).map((ranked) => ({ symbol: symbolName(layout, ranked.index), logProb: ranked.logProb }));
}

/** Refuse sampling settings without meaning. */
export function validateSamplingOptions(options: SamplingOptions): void {
  validateSamplingSettings(options.temperature, options.topK);
  if (!Number.isInteger(options.maxLength) || options.maxLength < 1) throw new GenerationInputError(`The length limit must be a whole number ≥ 1, got ${options.maxLength}.`);
}

/**
 * `count` texts for `condition`, sampled together as one batch of `count` rows from BOS; each stops at
 * EOS or after `options.maxLength` letters. The same seed and settings give the same texts.
 */
export async function sampleTexts(params: ParamStore, config: CharLmConfig, condition: string | null, count: number, options: SamplingOptions): Promise<GeneratedText[]> {
  validateSamplingOptions(options);
  if (!Number.isInteger(count) || count < 1) throw new GenerationInputError(`The number of samples must be a whole number ≥ 1, got ${count}.`);
  const layout = symbolLayout(config.alphabet);
  const conditions = new Int32Array(count).fill(conditionIndex(config, condition));
  const random = createRandom(options.seed);
  const results: GeneratedText[] = Array.from({ length: count }, () => ({ condition, text: '', steps: [], ended: false }));
  const previous = new Int32Array(count).fill(layout.bosId);
  const stepper = new Stepper(params, config);
  try {
    for (let step = 0; step < options.maxLength && results.some((result) => !result.ended); step++) {
      const logProbs = stepper.step(conditions, previous);
      const values = (await logProbs.data()) as Float32Array;
      logProbs.dispose();
      for (let row = 0; row < count; row++) {
        const result = results[row];
        if (result.ended) continue;
        const scores = values.subarray(row * layout.outputSize, (row + 1) * layout.outputSize);
        const chosen = drawIndex(scores, options.temperature, options.topK, random);
        result.steps.push({ symbol: symbolName(layout, chosen), logProb: scores[chosen], top: candidates(layout, scores) });
        if (chosen === layout.eosId) result.ended = true;
        else result.text += layout.letters[chosen];
        previous[row] = chosen;
      }
    }
  } finally {
    stepper.dispose();
  }
  return results;
}

/**
 * Teacher-forced log-probabilities of each text under its condition: per step (letters + 1, the first
 * predicted from BOS, the last being EOS) all A + 1 of them. Texts are normalised as names are.
 */
export async function scoreTexts(params: ParamStore, config: CharLmConfig, items: readonly { text: string; condition: string | null }[], maxLetters: number): Promise<ScoredText[]> {
  if (items.length === 0) return [];
  const layout = symbolLayout(config.alphabet);
  const indexed = items.map((item) => ({ text: item.text, condition: conditionIndex(config, item.condition) }));
  for (const { text } of items) {
    if (normalizeName(text, config.alphabet) === '') throw new GenerationInputError(`"${text}" has no letter of this model's alphabet, so there is nothing to score.`);
  }
  let batch;
  try {
    batch = generationBatchOf(indexed, layout, maxLetters);
  } catch (error) {
    throw new GenerationInputError((error as Error).message);
  }
  const logProbs = tf.tidy(() => charLmForward(params, config, batch, { training: false }).logProbs);
  const values = (await logProbs.data()) as Float32Array;
  logProbs.dispose();
  const width = layout.outputSize;
  return items.map((item, b) => {
    const rows: number[][] = [];
    const symbols: string[] = [];
    let total = 0;
    for (let t = 0; t < batch.lengths[b]; t++) {
      const offset = (t * batch.batchSize + b) * width;
      const target = batch.targets[b * batch.seqLength + t];
      rows.push(Array.from(values.subarray(offset, offset + width)));
      symbols.push(symbolName(layout, target));
      total += values[offset + target];
    }
    return { input: item.text, condition: item.condition, logProbs: rows, symbols, totalLogProb: total };
  });
}
