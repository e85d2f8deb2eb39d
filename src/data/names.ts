/**
 * The surname task, following the PyTorch tutorial "Classifying Names with a Character-Level RNN":
 * a name is NFD-normalised, combining marks (category Mn) are dropped, and only the 57 symbols of
 * `string.ascii_letters + " .,;'"` are kept, so 'Ślusàrski' becomes 'Slusarski'.
 */
import type { Dataset, Example } from './types';
import { formatCount } from './errors';
import { sortClassNames, stratifiedSplit } from './split';

/** Python's `string.ascii_letters + " .,;'"`, in that order: the one-hot index of each symbol. */
export const NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;'";

const COMBINING_MARK = /\p{Mn}/u;
const COMBINING_MARKS = /\p{Mn}/gu;

/** What normalisation did to one text, for the Encode screen. */
export interface NormalizedChars {
  /** The symbols that reach the network. */
  text: string;
  /** Characters removed entirely (outside the alphabet, e.g. '中', '-', 'ß'), in order of appearance. */
  dropped: string[];
  /** Characters reduced to an alphabet letter by dropping their accents, e.g. {from: 'Ś', to: 'S'}. */
  simplified: { from: string; to: string }[];
}

const alphabetSets = new Map<string, Set<string>>();
function alphabetSet(alphabet: string): Set<string> {
  let set = alphabetSets.get(alphabet);
  if (!set) {
    set = new Set(alphabet);
    alphabetSets.set(alphabet, set);
  }
  return set;
}

/** The tutorial's `unicodeToAscii`: NFD, drop marks, keep alphabet symbols only. */
export function normalizeName(raw: string, alphabet: string = NAME_ALPHABET): string {
  const keep = alphabetSet(alphabet);
  let out = '';
  for (const symbol of raw.normalize('NFD').replace(COMBINING_MARKS, '')) {
    if (keep.has(symbol)) out += symbol;
  }
  return out;
}

/**
 * Same result as `normalizeName`, plus a per-character account of what was lost. Characters are
 * taken after NFC so that 'S' + a combining acute counts as the one letter 'Ś' the user typed.
 */
export function normalizeChars(raw: string, alphabet: string = NAME_ALPHABET): NormalizedChars {
  const keep = alphabetSet(alphabet);
  let text = '';
  const dropped: string[] = [];
  const simplified: { from: string; to: string }[] = [];
  for (const character of raw.normalize('NFC')) {
    let kept = '';
    for (const part of character.normalize('NFD')) {
      if (!COMBINING_MARK.test(part) && keep.has(part)) kept += part;
    }
    text += kept;
    if (kept === '') dropped.push(character);
    else if (kept !== character) simplified.push({ from: character, to: kept });
  }
  return { text, dropped, simplified };
}

/** Distinct characters of `texts` that normalisation removes, in order of first appearance. */
export function charactersOutsideAlphabet(texts: Iterable<string>, alphabet: string = NAME_ALPHABET): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const character of normalizeChars(text, alphabet).dropped) found.add(character);
  }
  return [...found];
}

/** One language file: its name without `.txt` and its whole text. */
export interface NamesFile {
  language: string;
  text: string;
}

/** The cleaned names before splitting, with counts of what cleaning removed. */
export interface CleanedNames {
  classes: string[];
  examples: Example[];
  /** Lines in the files (the tutorial's `read().strip().split('\n')`). */
  rawCount: number;
  /** Names with no alphabet symbol left after normalisation. */
  emptyDropped: number;
  /** Repeats of a (normalised name, language) pair already seen. */
  duplicatesRemoved: number;
  /** Distinct names that appear under more than one language (kept, as published). */
  crossLanguageNames: number;
}

/** Normalise, drop empties, dedupe within each language; classes sorted alphabetically. */
export function cleanNames(files: readonly NamesFile[]): CleanedNames {
  const classes = sortClassNames(files.map((file) => file.language));
  const seenByClass = classes.map(() => new Set<string>());
  const languagesByName = new Map<string, number>();
  const examples: Example[] = [];
  let rawCount = 0;
  let emptyDropped = 0;
  let duplicatesRemoved = 0;
  const ordered = [...files].sort((a, b) => classes.indexOf(a.language) - classes.indexOf(b.language));
  for (const file of ordered) {
    const label = classes.indexOf(file.language);
    const trimmed = file.text.trim();
    if (trimmed === '') continue;
    for (const line of trimmed.split('\n')) {
      rawCount++;
      const name = normalizeName(line);
      if (name === '') {
        emptyDropped++;
        continue;
      }
      if (seenByClass[label].has(name)) {
        duplicatesRemoved++;
        continue;
      }
      seenByClass[label].add(name);
      languagesByName.set(name, (languagesByName.get(name) ?? 0) + 1);
      examples.push({ text: name, label });
    }
  }
  let crossLanguageNames = 0;
  for (const count of languagesByName.values()) if (count > 1) crossLanguageNames++;
  return { classes, examples, rawCount, emptyDropped, duplicatesRemoved, crossLanguageNames };
}

/**
 * The names task as a Dataset: cleaned as above, then a stratified 80/10/10 split with `seed`.
 * Example texts are the normalised names (what the network sees).
 */
export function prepareNamesDataset(files: readonly NamesFile[], seed = 1): Dataset {
  if (files.length === 0) throw new RangeError('prepareNamesDataset needs at least one language file');
  const cleaned = cleanNames(files);
  const splits = stratifiedSplit(cleaned.examples, cleaned.classes.length, seed);
  const notes = [
    `${formatCount(cleaned.rawCount)} names in ${cleaned.classes.length} files; ${formatCount(cleaned.examples.length)} kept after cleaning.`,
    `Normalised as the PyTorch tutorial does: accents removed (Ś → S), characters outside the ${NAME_ALPHABET.length}-symbol alphabet dropped.`,
    `${formatCount(cleaned.emptyDropped)} names dropped because nothing was left after normalisation.`,
    `${formatCount(cleaned.duplicatesRemoved)} duplicate names removed within a language; ${formatCount(cleaned.crossLanguageNames)} names that appear under several languages were kept, as published.`,
    `Split 80/10/10 within each language (seed ${seed}): ${formatCount(splits.train.length)} train, ${formatCount(splits.val.length)} validation, ${formatCount(splits.test.length)} test.`,
  ];
  return {
    id: 'names',
    source: 'names',
    title: `Surnames → language (${cleaned.classes.length} classes)`,
    level: 'chars',
    classes: cleaned.classes,
    notes,
    ...splits,
  };
}
