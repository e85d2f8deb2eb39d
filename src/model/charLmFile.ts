/**
 * The model file of a character-level language model: the classifier's format (`rnn-playground/torch-v1`,
 * PyTorch's state_dict names and `tensor.tolist()` nesting) with task kind `char-lm`. The task records
 * the conditions in one-hot order and the symbol layout (the alphabet, EOS = its length, BOS = its length
 * + 1; src/data/generation.ts), so a model of any alphabet — the names' 57 letters or a student's own
 * text's — opens with the layout it was trained with.
 */
import { charLmFileHeader, charLmParamSpecs, validateCharLmConfig } from './architecture';
import { asFileError, describe, field, isRecord, MODEL_FILE_FORMAT, ModelFileError, parseFileEnvelope, parseModelHeader, readStateDict, stateDictOf, stringList } from './modelFile';
import type { ParamStore } from './params';
import type { CharLmConfig, CharLmModelFile } from './types';

/** A validated character-LM file: the architecture and every tensor in PyTorch's layout (row-major). */
export interface ParsedCharLmFile {
  config: CharLmConfig;
  values: Map<string, Float32Array>;
}

function parseSymbols(value: unknown): string {
  if (!isRecord(value)) throw new ModelFileError(`task.symbols: expected an object {alphabet, eos, bos}, got ${describe(value)}.`);
  const alphabet = field(value, 'alphabet', 'task.symbols');
  if (typeof alphabet !== 'string' || alphabet.length === 0) throw new ModelFileError(`task.symbols.alphabet: expected a non-empty string, got ${describe(alphabet)}.`);
  const letters = [...alphabet].length;
  const eos = field(value, 'eos', 'task.symbols');
  const bos = field(value, 'bos', 'task.symbols');
  // The layout is fixed (EOS right after the letters, BOS after EOS): the numbers are there to be read, not chosen.
  if (eos !== letters) throw new ModelFileError(`task.symbols.eos: expected ${letters} (right after the ${letters} letters), got ${describe(eos)}.`);
  if (bos !== letters + 1) throw new ModelFileError(`task.symbols.bos: expected ${letters + 1} (right after EOS), got ${describe(bos)}.`);
  return alphabet;
}

/** Validate an untrusted object (parsed JSON) as a character-LM file. Throws ModelFileError naming the key. */
export function parseCharLmFile(file: unknown): ParsedCharLmFile {
  const envelope = parseFileEnvelope(file);
  if (envelope.kind === 'classify') throw new ModelFileError('task.kind: this file holds a classifier, not a language model: open it with `npm run predict`.');
  if (envelope.kind !== 'char-lm') throw new ModelFileError(`task.kind: expected "char-lm", got ${describe(envelope.kind)}.`);
  const conditions = stringList(field(envelope.task, 'conditions', 'task'), 'task.conditions');
  const alphabet = parseSymbols(field(envelope.task, 'symbols', 'task'));
  const { embeddingDim, bidirectional, ...header } = parseModelHeader(field(envelope.file, 'model', 'file'));
  if (bidirectional) throw new ModelFileError('model.bidirectional: a language model reads left to right only; expected false.');
  if (embeddingDim !== null) throw new ModelFileError(`model.embeddingDim: expected null (the input is one-hot), got ${describe(embeddingDim)}.`);
  const config: CharLmConfig = { cell: header.cell, hiddenSize: header.hiddenSize, numLayers: header.numLayers, dropout: header.dropout, alphabet, conditions };
  asFileError(() => validateCharLmConfig(config));
  const prefixes = config.cell === 'tutorial' ? 'rnn.i2h., head.i2o., head.o2o.' : 'rnn., head.';
  const values = readStateDict(field(envelope.file, 'state_dict', 'file'), charLmParamSpecs(config), `a ${config.cell} language model`, prefixes);
  return { config, values };
}

/** Write a character-LM file from live parameters. */
export async function toCharLmFile(params: ParamStore, config: CharLmConfig): Promise<CharLmModelFile> {
  const letters = [...config.alphabet].length;
  return {
    format: MODEL_FILE_FORMAT,
    task: { kind: 'char-lm', conditions: [...config.conditions], symbols: { alphabet: config.alphabet, eos: letters, bos: letters + 1 } },
    model: charLmFileHeader(config),
    state_dict: await stateDictOf(params),
  };
}
