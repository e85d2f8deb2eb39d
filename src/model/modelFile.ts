/**
 * The portable model file `rnn-playground/torch-v1` (type ModelFile in types.ts; README "Model files"): a model
 * trained in a PyTorch notebook opens here, and ours goes back. Tensors are nested lists exactly as
 * `tensor.tolist()` writes them, under PyTorch's state_dict names (`embedding.weight`,
 * `rnn.weight_ih_l0[_reverse]`, …, `head.weight`, `head.bias`). Validation is strict and names the
 * key and the expected vs actual shape, because a student fixing a notebook export needs exactly that.
 */
import { charAlphabetProblem } from '../data/charAlphabet';
import { NAME_ALPHABET } from '../data/names';
import { ModelConfigError, modelFileHeader, paramSpecs, sizeOf, validateModelConfig, type ParamSpec } from './architecture';
import type { ParamStore } from './params';
import { CELL_TYPES } from './types';
import type { CellType, InputSpec, ModelConfig, ModelFile, NestedNumbers } from './types';

/** The `format` string every file carries; a future layout gets a new one. */
export const MODEL_FILE_FORMAT = 'rnn-playground/torch-v1';

/** A model file that cannot be used; the message names the key and what was expected. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** A validated file: the architecture and every tensor in PyTorch's layout (row-major). */
export interface ParsedModelFile {
  config: ModelConfig;
  values: Map<string, Float32Array>;
}

/** A plain JSON object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `record[key]`, or a ModelFileError saying `where.key` is missing. */
export function field(record: Record<string, unknown>, key: string, where: string): unknown {
  if (!(key in record)) throw new ModelFileError(`${where}.${key} is missing.`);
  return record[key];
}

/** A short description of an unexpected value for a message. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : `${typeof value} ${String(value).slice(0, 40)}`;
}

function isCellType(value: unknown): value is CellType {
  return CELL_TYPES.some((cell) => cell === value);
}

function positiveInteger(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ModelFileError(`${where}: expected a whole number ≥ 1, got ${describe(value)}.`);
  return value;
}

/** A list of strings, or a ModelFileError about `where`. */
export function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new ModelFileError(`${where}: expected a list of strings, got ${describe(value)}.`);
  return value as string[];
}

/** One symbol per code point, as the encoder reads text (an emoji is one symbol, though two UTF-16 units). */
function checkAlphabet(alphabet: string): void {
  const problem = charAlphabetProblem(alphabet);
  if (problem !== null) throw new ModelFileError(`task.input.alphabet: ${problem}`);
}

/** Class names label the head's rows: two with the same name could not be told apart. */
function checkClassNames(classes: readonly string[]): void {
  if (classes.length < 2) throw new ModelFileError(`task.classes: expected at least 2 classes, got ${classes.length}.`);
  const repeated = [...new Set(classes.filter((name, index) => classes.indexOf(name) !== index))];
  if (repeated.length > 0) throw new ModelFileError(`task.classes: ${repeated.slice(0, 5).map((name) => `"${name}"`).join(', ')}${repeated.length > 5 ? ` and ${repeated.length - 5} more` : ''} ${repeated.length === 1 ? 'appears' : 'appear'} more than once; each class needs its own name.`);
}

function parseInput(value: unknown, embeddingDim: unknown): InputSpec {
  if (!isRecord(value)) throw new ModelFileError(`task.input: expected an object, got ${describe(value)}.`);
  const type = field(value, 'type', 'task.input');
  if (type === 'chars') {
    // Files written before data sets had alphabets of their own read as the tutorial's 57 symbols.
    const alphabet = 'alphabet' in value ? value.alphabet : NAME_ALPHABET;
    if (typeof alphabet !== 'string' || alphabet.length === 0) throw new ModelFileError(`task.input.alphabet: expected a non-empty string, got ${describe(alphabet)}.`);
    checkAlphabet(alphabet);
    if (embeddingDim !== null) throw new ModelFileError(`model.embeddingDim: expected null for character input (one-hot), got ${describe(embeddingDim)}.`);
    return { type: 'chars', alphabet };
  }
  if (type === 'words') {
    const vocab = stringList(field(value, 'vocab', 'task.input'), 'task.input.vocab');
    const pad = field(value, 'pad', 'task.input');
    const unk = field(value, 'unk', 'task.input');
    const lowercase = field(value, 'lowercase', 'task.input');
    if (typeof pad !== 'string' || !vocab.includes(pad)) throw new ModelFileError(`task.input.pad: expected a word of task.input.vocab, got ${describe(pad)}.`);
    if (typeof unk !== 'string' || !vocab.includes(unk)) throw new ModelFileError(`task.input.unk: expected a word of task.input.vocab, got ${describe(unk)}.`);
    if (typeof lowercase !== 'boolean') throw new ModelFileError(`task.input.lowercase: expected true or false, got ${describe(lowercase)}.`);
    const dim = positiveInteger(embeddingDim, 'model.embeddingDim (word input needs an embedding)');
    return { type: 'words', vocab, pad, unk, lowercase, embeddingDim: dim, trainableEmbedding: true };
  }
  throw new ModelFileError(`task.input.type: expected "chars" or "words", got ${describe(type)}.`);
}

/** Shape of nested lists, checking they are rectangular and hold only finite numbers. */
function tensorShape(value: NestedNumbers, key: string): number[] {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const check = (item: unknown, depth: number, path: string) => {
    if (depth === shape.length) {
      if (typeof item !== 'number' || !Number.isFinite(item)) throw new ModelFileError(`state_dict["${key}"]${path}: expected a finite number, got ${describe(item)}.`);
      return;
    }
    if (!Array.isArray(item) || item.length !== shape[depth]) throw new ModelFileError(`state_dict["${key}"]${path}: ragged list (expected ${shape[depth]} entries at depth ${depth}).`);
    item.forEach((child, index) => check(child, depth + 1, `${path}[${index}]`));
  };
  check(value, 0, '');
  return shape;
}

function flatten(value: NestedNumbers, size: number): Float32Array {
  const out = new Float32Array(size);
  let offset = 0;
  const walk = (item: NestedNumbers) => {
    if (Array.isArray(item)) item.forEach(walk);
    else out[offset++] = item;
  };
  walk(value);
  return out;
}

/** The header fields every model file shares, checked (cell, sizes, directions, dropout; embeddingDim unchecked). */
export function parseModelHeader(model: unknown): Omit<ModelConfig, 'input' | 'classes'> & { embeddingDim: unknown } {
  if (!isRecord(model)) throw new ModelFileError(`model: expected an object, got ${describe(model)}.`);
  const cell = field(model, 'cell', 'model');
  if (!isCellType(cell)) throw new ModelFileError(`model.cell: expected one of ${CELL_TYPES.map((name) => `"${name}"`).join(', ')}, got ${describe(cell)}.`);
  const bidirectional = field(model, 'bidirectional', 'model');
  if (typeof bidirectional !== 'boolean') throw new ModelFileError(`model.bidirectional: expected true or false, got ${describe(bidirectional)}.`);
  const dropout = field(model, 'dropout', 'model');
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new ModelFileError(`model.dropout: expected a number in [0, 1), got ${describe(dropout)}.`);
  return {
    cell,
    hiddenSize: positiveInteger(field(model, 'hiddenSize', 'model'), 'model.hiddenSize'),
    numLayers: positiveInteger(field(model, 'numLayers', 'model'), 'model.numLayers'),
    bidirectional,
    dropout,
    embeddingDim: field(model, 'embeddingDim', 'model'),
  };
}

/**
 * A model file's text as JSON. Text that is not JSON is refused saying what it is instead, where that is plain: an
 * empty file, a data table (a CSV given to Open model or dropped on the page), or JSON cut off at its end (a save or
 * a download interrupted). Each was "it is not valid JSON (Unexpected token 'a', "name,langua"… )".
 */
export function parseModelFileText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(notJsonMessage(text, reason), { cause: error });
  }
}

function notJsonMessage(text: string, reason: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'This is not a model file: it is empty.';
  const firstLine = trimmed.slice(0, trimmed.indexOf('\n') === -1 ? undefined : trimmed.indexOf('\n')).trim();
  if (!/^[[{]/.test(firstLine) && /[,;\t]/.test(firstLine)) {
    const shown = firstLine.length > 60 ? `${firstLine.slice(0, 60)}…` : firstLine;
    return `This is not a model file: it looks like a table of data (it starts "${shown}"). Data files are uploaded on the Data step (Upload your own); a model file is the .json that Save model writes.`;
  }
  const position = /position (\d+)/.exec(reason);
  const failsAtEnd = /end of (JSON )?(input|data)|EOF/i.test(reason) || (position !== null && Number(position[1]) >= text.trimEnd().length);
  if (trimmed.startsWith('{') && failsAtEnd && endsUnfinished(trimmed)) {
    return `This model file is cut off: its JSON stops unfinished after ${text.length.toLocaleString('en-US')} characters, so saving or downloading it was interrupted. Save or download the model again.`;
  }
  return `This is not a model file: it is not valid JSON (${reason}).`;
}

/** True when JSON text ends inside a string or with an object or list still open. */
function endsUnfinished(text: string): boolean {
  let depth = 0;
  let isInString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isInString) {
      if (code === 92) index++;
      else if (code === 34) isInString = false;
    } else if (code === 34) isInString = true;
    else if (code === 123 || code === 91) depth++;
    else if (code === 125 || code === 93) depth--;
  }
  return isInString || depth > 0;
}

/** The file's `format` and `task` objects, checked; the task kind is returned for the caller to dispatch on. */
export function parseFileEnvelope(file: unknown): { file: Record<string, unknown>; task: Record<string, unknown>; kind: unknown } {
  if (!isRecord(file)) throw new ModelFileError(`A model file is a JSON object, got ${describe(file)}.`);
  if (!('format' in file)) throw new ModelFileError(noFormatMessage(file));
  const format = field(file, 'format', 'file');
  // The kept runs' file (ui/state/runArchive.ts, "rnn-playground/runs-v1") is JSON with a format too: given to Open
  // model it was "format: expected …, got "rnn-playground/runs-v1"", which does not say where it goes.
  if (typeof format === 'string' && format.startsWith('rnn-playground/runs-')) {
    throw new ModelFileError('This is a runs file (what Export runs writes), not a model file: import it with "Import runs…" under Kept runs on the Train step.');
  }
  if (format !== MODEL_FILE_FORMAT) throw new ModelFileError(`format: expected "${MODEL_FILE_FORMAT}", got ${describe(format)}.`);
  const task = field(file, 'task', 'file');
  if (!isRecord(task)) throw new ModelFileError(`task: expected an object, got ${describe(task)}.`);
  return { file, task, kind: field(task, 'kind', 'task') };
}

/**
 * A JSON object without "format": a PyTorch state_dict saved as it is (its keys are tensor names) is named as such,
 * since wrapping it is the step the student missed; any other JSON is said not to be a model file. Both were
 * "file.format is missing."
 */
function noFormatMessage(file: Record<string, unknown>): string {
  const tensorNames = Object.keys(file).filter((key) => /\.(weight|bias)/.test(key));
  if (tensorNames.length > 0) {
    const shown = tensorNames.slice(0, 3).map((name) => `"${name}"`).join(', ');
    return `This is a bare state_dict (${shown}${tensorNames.length > 3 ? ', …' : ''}), not a model file: a model file holds it under "state_dict", beside "format": "${MODEL_FILE_FORMAT}", the task (classes, alphabet or vocabulary) and the architecture. tools/torch_export.py writes one from a PyTorch model.`;
  }
  const keys = Object.keys(file);
  const has = keys.length === 0 ? 'an empty object' : `keys ${keys.slice(0, 3).map((key) => `"${key}"`).join(', ')}${keys.length > 3 ? ', …' : ''}`;
  return `This JSON is not a model file: it has ${has} and no "format" (a model file has "format": "${MODEL_FILE_FORMAT}").`;
}

/** Run an architecture check, turning its ModelConfigError into a ModelFileError about `model`. */
export function asFileError(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof ModelConfigError) throw new ModelFileError(`model: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Every tensor `specs` asks for, from the file's `state_dict`, checked for name and shape; `prefixes`
 * names the modules in the hint for a missing key.
 */
export function readStateDict(stateDict: unknown, specs: readonly ParamSpec[], what: string, prefixes: string): Map<string, Float32Array> {
  if (!isRecord(stateDict)) throw new ModelFileError(`state_dict: expected an object of name → nested list, got ${describe(stateDict)}.`);
  const expectedNames = new Set(specs.map((spec) => spec.name));
  const unexpected = Object.keys(stateDict).filter((name) => !expectedNames.has(name));
  const values = new Map<string, Float32Array>();
  for (const spec of specs) {
    if (!(spec.name in stateDict)) {
      const hint = unexpected.length > 0 ? ` The file has ${unexpected.map((name) => `"${name}"`).join(', ')} instead (modules must be named ${prefixes}).` : '';
      throw new ModelFileError(`state_dict["${spec.name}"] is missing: expected shape [${spec.torchShape.join(', ')}].${hint}`);
    }
    const tensor = stateDict[spec.name] as NestedNumbers;
    const shape = tensorShape(tensor, spec.name);
    if (shape.length !== spec.torchShape.length || shape.some((size, axis) => size !== spec.torchShape[axis])) {
      throw new ModelFileError(`state_dict["${spec.name}"]: expected shape [${spec.torchShape.join(', ')}], got [${shape.join(', ')}].`);
    }
    values.set(spec.name, flatten(tensor, sizeOf(spec.torchShape)));
  }
  if (unexpected.length > 0) throw new ModelFileError(`state_dict has unexpected key "${unexpected[0]}" for ${what} (expected: ${[...expectedNames].join(', ')}).`);
  return values;
}

/** Validate an untrusted object (parsed JSON) as a classifier's model file. Throws ModelFileError. */
export function parseModelFile(file: unknown): ParsedModelFile {
  const envelope = parseFileEnvelope(file);
  const { task, kind } = envelope;
  if (kind === 'char-lm') throw new ModelFileError('task.kind: this file holds a character-level language model (names generation), not a classifier: open it with `npm run generate`.');
  if (kind !== 'classify') throw new ModelFileError(`task.kind: expected "classify", got ${describe(kind)}.`);
  const classes = stringList(field(task, 'classes', 'task'), 'task.classes');
  if (classes.length < 2) throw new ModelFileError(`task.classes: expected at least 2 classes, got ${classes.length}.`);
  checkClassNames(classes);
  const { embeddingDim, ...header } = parseModelHeader(field(envelope.file, 'model', 'file'));
  const config: ModelConfig = { ...header, input: parseInput(field(task, 'input', 'task'), embeddingDim), classes };
  asFileError(() => validateModelConfig(config));
  const values = readStateDict(field(envelope.file, 'state_dict', 'file'), paramSpecs(config), `a ${config.cell} model`, 'embedding., rnn., head.');
  return { config, values };
}

/** Row-major values → nested lists of `shape`. */
export function nest(values: ArrayLike<number>, shape: readonly number[]): NestedNumbers {
  if (shape.length === 0) return values[0];
  const build = (offset: number, depth: number): NestedNumbers => {
    const size = shape[depth];
    if (depth === shape.length - 1) return Array.from({ length: size }, (_, i) => values[offset + i]);
    const stride = sizeOf(shape.slice(depth + 1));
    return Array.from({ length: size }, (_, i) => build(offset + i * stride, depth + 1));
  };
  return build(0, 0);
}

/** Every parameter as nested lists under its PyTorch name (float32 values as JSON numbers). */
export async function stateDictOf(params: ParamStore): Promise<Record<string, NestedNumbers>> {
  const stateDict: Record<string, NestedNumbers> = {};
  for (const spec of params.specs) stateDict[spec.name] = nest(await params.torchValues(spec.name), spec.torchShape);
  return stateDict;
}

/** Write a model file from live parameters (PyTorch layout, float32 values as JSON numbers). */
export async function toModelFile(params: ParamStore, config: ModelConfig): Promise<ModelFile> {
  const stateDict = await stateDictOf(params);
  const input = config.input;
  return {
    format: MODEL_FILE_FORMAT,
    task: {
      kind: 'classify',
      classes: [...config.classes],
      input: input.type === 'chars' ? { type: 'chars', alphabet: input.alphabet } : { type: 'words', vocab: [...input.vocab], pad: input.pad, unk: input.unk, lowercase: input.lowercase },
    },
    model: modelFileHeader(config),
    state_dict: stateDict,
  };
}
