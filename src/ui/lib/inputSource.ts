/** What the model's input layer is for a data set: its alphabet (one-hot: the tutorial's 57 or its own) or the training vocabulary (ids). */
import { datasetAlphabet } from '../../data/charAlphabet';
import { vocabularyFromDataset } from '../../data/sst2';
import type { Dataset } from '../../data/types';
import type { InputSource } from '../state/appConfig';

export function inputSourceFor(dataset: Dataset): InputSource {
  if (dataset.level === 'chars') return { type: 'chars', alphabet: datasetAlphabet(dataset) };
  const vocabulary = vocabularyFromDataset(dataset);
  return {
    type: 'words',
    vocab: vocabulary.words,
    pad: vocabulary.pad,
    unk: vocabulary.unk,
    lowercase: vocabulary.lowercase,
  };
}
