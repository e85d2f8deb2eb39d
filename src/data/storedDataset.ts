/**
 * An uploaded data set read back from the browser's storage is untrusted: another version of the app, a
 * browser extension or a half-written record can leave anything there, and rendering a malformed one
 * left a blank page on every load. `checkStoredDataset` accepts exactly the shape `parseUpload` makes,
 * within the upload limits, and otherwise says what is wrong.
 */
import { charAlphabetProblem, isOwnAlphabet } from './charAlphabet';
import { MAX_CLASSES, MAX_EXAMPLES } from './limits';
import type { Dataset, Example, InputLevel } from './types';

/** A stored record that is not a usable data set; the message names the field. */
export class StoredDataError extends Error {
  override name = 'StoredDataError';
}

const LEVELS: readonly InputLevel[] = ['chars', 'words'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function checkExamples(value: unknown, split: string, classCount: number): Example[] {
  if (!Array.isArray(value)) throw new StoredDataError(`${split} is not a list of examples`);
  value.forEach((example: unknown, index) => {
    const isValid =
      isRecord(example) &&
      typeof example.text === 'string' &&
      example.text.trim() !== '' &&
      Number.isInteger(example.label) &&
      (example.label as number) >= 0 &&
      (example.label as number) < classCount;
    if (!isValid) throw new StoredDataError(`${split}[${index}] is not a text with one of the ${classCount} class labels`);
  });
  return value as Example[];
}

/** The stored value as a Dataset, or a StoredDataError saying what is wrong with it. */
export function checkStoredDataset(value: unknown): Dataset {
  if (!isRecord(value)) throw new StoredDataError('the record is not an object');
  if (value.source !== 'upload') throw new StoredDataError('the record is not an uploaded data set');
  if (typeof value.id !== 'string' || typeof value.title !== 'string') throw new StoredDataError('its name is missing');
  if (!LEVELS.includes(value.level as InputLevel)) throw new StoredDataError('it says neither characters nor words');
  const classes = value.classes;
  if (!isStringList(classes)) throw new StoredDataError('its class names are not a list of texts');
  if (classes.length < 2 || classes.length > MAX_CLASSES) throw new StoredDataError(`it has ${classes.length} classes (2 to ${MAX_CLASSES} are allowed)`);
  if (new Set(classes).size !== classes.length) throw new StoredDataError('a class name appears twice');
  if (!isStringList(value.notes)) throw new StoredDataError('its notes are not a list of texts');
  const train = checkExamples(value.train, 'train', classes.length);
  const val = checkExamples(value.val, 'val', classes.length);
  const test = checkExamples(value.test, 'test', classes.length);
  if (train.length === 0) throw new StoredDataError('it has no training examples');
  if (train.length + val.length + test.length > MAX_EXAMPLES) throw new StoredDataError(`it has more than ${MAX_EXAMPLES} examples`);
  const alphabet = checkAlphabet(value.alphabet, value.level as InputLevel);
  return { id: value.id, source: 'upload', title: value.title, level: value.level as InputLevel, classes, notes: value.notes, train, val, test, ...(alphabet === undefined ? {} : { alphabet }) };
}

/** A character-level data set's own alphabet (absent: the tutorial's 57, as records kept before it existed). */
function checkAlphabet(value: unknown, level: InputLevel): string | undefined {
  if (value === undefined) return undefined;
  if (level !== 'chars') throw new StoredDataError('it is word-level but carries a character alphabet');
  if (typeof value !== 'string') throw new StoredDataError('its alphabet is not a text');
  const problem = charAlphabetProblem(value);
  if (problem !== null) throw new StoredDataError(`its alphabet is malformed: ${problem}`);
  if (!isOwnAlphabet(value)) throw new StoredDataError('its alphabet does not end with the unknown symbol "�"');
  return value;
}
