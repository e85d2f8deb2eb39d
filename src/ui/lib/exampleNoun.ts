/**
 * What one example of a data set is called in sentences on screen ("on 1,799 held-out names"). Read from the
 * data set's source, not its level: an upload at character level is any text (product codes, words, tweets),
 * and calling it "names" told the student something untrue about their own data.
 */
import type { Dataset } from '../../data/types';

export function exampleNoun(dataset: Pick<Dataset, 'source'> | null): string {
  switch (dataset?.source ?? 'names') {
    case 'names':
      return 'names';
    case 'sst2':
      return 'sentences';
    case 'upload':
      return 'texts';
  }
}
