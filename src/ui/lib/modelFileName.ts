/**
 * The one name a saved model file gets, whichever button saved it: it says what the model is, so a Downloads folder
 * tells a names generator from a model of your own text (both are char-lm files) and from a classifier.
 */
import type { CharLmConfig, ModelSummary } from '../../model/types';

/** The model a file holds: a classifier, or a character LM (a names generator has conditions, your text none). */
export type SavedModelSubject =
  | { kind: 'classifier'; model: Pick<ModelSummary, 'cell' | 'hiddenSize'> }
  | { kind: 'char-lm'; model: Pick<CharLmConfig, 'cell' | 'hiddenSize' | 'conditions'> };

export function modelFileName(subject: SavedModelSubject): string {
  const { cell, hiddenSize } = subject.model;
  const what = subject.kind === 'classifier' ? '' : subject.model.conditions.length > 0 ? 'names-generator-' : 'your-text-';
  return `rnn-playground-${what}${cell}-${hiddenSize}.json`;
}
