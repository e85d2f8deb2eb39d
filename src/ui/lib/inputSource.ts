/** What the model's input layer is for a data set: the names alphabet (one-hot) or the training vocabulary (ids). */
import { NAME_ALPHABET } from '../../data/names';
import { vocabularyFromDataset } from '../../data/sst2';
import type { Dataset } from '../../data/types';
import type { InputSource } from '../state/appConfig';

export function inputSourceFor(dataset: Dataset): InputSource {
  if (dataset.level === 'chars') return { type: 'chars', alphabet: NAME_ALPHABET };
  const vocabulary = vocabularyFromDataset(dataset);
  return {
    type: 'words',
    vocab: vocabulary.words,
    pad: vocabulary.pad,
    unk: vocabulary.unk,
    lowercase: vocabulary.lowercase,
  };
}
