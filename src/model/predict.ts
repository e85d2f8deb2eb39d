/**
 * Top-k predictions for raw texts, as the tutorial's `predict()` prints them.
 */
import { UNKNOWN_SYMBOL } from '../data/charAlphabet';
import { encodeBatch, unknownSymbols, type SymbolEncoder } from '../data/encoding';
import { topK } from '../data/metrics';
import { NAME_ALPHABET } from '../data/names';
import { describeCharacters } from '../data/validate';
import { batchLogProbs } from './evaluate';
import type { ParamStore } from './params';
import type { ModelConfig, Prediction } from './types';

/** Thrown when an input has no symbol the model can read (e.g. a name of digits only). */
export class UnreadableInputError extends Error {
  override name = 'UnreadableInputError';
}

/**
 * Why `text` gives the network nothing to read, ending with `consequence`. A name in another script typed for a model
 * of the names' 57 symbols names its characters and what to do instead; it was only "has no letters of the alphabet
 * left after normalisation", which a student cannot act on.
 */
export function unreadableInputMessage(text: string, encoder: SymbolEncoder, consequence: string): string {
  const dropped = encoder.level === 'chars' ? [...new Set(encoder.encode(text).dropped)].filter((character) => character.trim() !== '') : [];
  if (dropped.length === 0) return `"${text}" has no ${encoder.level === 'chars' ? 'letters of the alphabet' : 'words'} left after normalisation, so ${consequence}.`;
  const alphabet = encoder.symbols.join('') === NAME_ALPHABET ? "a–z, A–Z, space and . , ; '" : describeCharacters(encoder.symbols);
  return `"${text}" has no character this model reads, so ${consequence}: its alphabet is ${encoder.vocabSize} symbols (${alphabet}), and ${describeCharacters(dropped)} ${dropped.length === 1 ? 'is' : 'are'} not among them. Type it in Latin letters; names in another script train a model of their own alphabet when uploaded (Data → Upload your own).`;
}

/** Log-probabilities for every class and the best `k`, per text, in input order. */
export async function predictTexts(params: ParamStore, config: ModelConfig, encoder: SymbolEncoder, texts: readonly string[], k: number, maxLength: number): Promise<Prediction[]> {
  if (texts.length === 0) return [];
  for (const text of texts) {
    if (encoder.encode(text).ids.length === 0) throw new UnreadableInputError(unreadableInputMessage(text, encoder, 'the network has nothing to read'));
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
