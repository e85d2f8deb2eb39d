/**
 * The PyTorch character-LM fixture (tools/make_lm_fixture.py → fixtures/char-lm-lstm.json) and the model
 * file tools/torch_export.py writes for it, for the LM tests.
 */
import { MODEL_FILE_FORMAT } from '../modelFile';
import type { CharLmConfig, CharLmModelFile, NestedNumbers } from '../types';
import { readOwnFixture } from './fixtures';

/** What the fixture holds (see tools/make_lm_fixture.py). */
export interface CharLmFixture {
  conditions: string[];
  alphabet: string;
  hidden_size: number;
  names: { condition: string; text: string }[];
  state_dict: Record<string, NestedNumbers>;
  /** Per name, per step (letters + 1), 58 log-probabilities. */
  log_probs: number[][][];
  loss: number;
  characters: number;
  /** Flat, row-major in PyTorch's layout. */
  grads: Record<string, number[]>;
}

export const charLmFixture = readOwnFixture<CharLmFixture>('char-lm-lstm.json');

/** The fixture's architecture. */
export function fixtureConfig(fixture: CharLmFixture): CharLmConfig {
  return { cell: 'lstm', hiddenSize: fixture.hidden_size, numLayers: 1, dropout: 0, alphabet: fixture.alphabet, conditions: fixture.conditions };
}

/** The fixture's model as a char-lm model file (its module names are already rnn. and head.). */
export function fixtureModelFile(fixture: CharLmFixture): CharLmModelFile {
  const letters = [...fixture.alphabet].length;
  return {
    format: MODEL_FILE_FORMAT,
    task: { kind: 'char-lm', conditions: fixture.conditions, symbols: { alphabet: fixture.alphabet, eos: letters, bos: letters + 1 } },
    model: { cell: 'lstm', hiddenSize: fixture.hidden_size, numLayers: 1, bidirectional: false, embeddingDim: null, dropout: 0 },
    state_dict: fixture.state_dict,
  };
}
