/**
 * Top-k predictions for raw texts, as the tutorial's `predict()` prints them.
 */
import { UNKNOWN_SYMBOL } from '../data/charAlphabet';
import { encodeBatch, unknownSymbols, type SymbolEncoder } from '../data/encoding';
import { topK } from '../data/metrics';
import { batchLogProbs } from './evaluate';
import type { ParamStore } from './params';
import type { ModelConfig, Prediction } from './types';

/** Thrown when an input has no symbol the model can read (e.g. a name of digits only). */
export class UnreadableInputError extends Error {
  override name = 'UnreadableInputError';
}

/** Log-probabilities for every class and the best `k`, per text, in input order. */
export async function predictTexts(params: ParamStore, config: ModelConfig, encoder: SymbolEncoder, texts: readonly string[], k: number, maxLength: number): Promise<Prediction[]> {
  if (texts.length === 0) return [];
  for (const text of texts) {
    if (encoder.encode(text).ids.length === 0) {
      const what = encoder.level === 'chars' ? 'letters of the alphabet' : 'words';
      throw new UnreadableInputError(`"${text}" has no ${what} left after normalisation, so the network has nothing to read.`);
    }
  }
  const batch = encodeBatch(texts, encoder, maxLength);
  const classes = config.classes.length;
  const logProbs = await batchLogProbs(params, config, batch);
  return texts.map((input, row) => {
    const scores = Array.from(logProbs.subarray(row * classes, (row + 1) * classes));
    const unknown = unknownSymbols(encoder.encode(input));
    return {
      input,
      logProbs: scores,
      top: topK(scores, k).map((ranked) => ({ class: config.classes[ranked.index], logProb: ranked.logProb })),
      ...(unknown.length > 0 ? { unknown, unknownAs: config.input.type === 'words' ? config.input.unk : UNKNOWN_SYMBOL } : {}),
    };
  });
}
