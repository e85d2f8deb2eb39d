/**
 * Model files: the PyTorch fixture `classifier.json`, written as a torch-v1 file the way
 * tools/torch_export.py writes it (lstm. → rnn., fc. → head.), predicts the fixture's log_probs;
 * export → import is lossless; malformed files are refused with the key and the shapes named.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError, nest, parseModelFile, parseModelFileText } from './modelFile';
import { useNodeBackend } from './testing/backend';
import { closeness, flat, readFixture } from './testing/fixtures';
import { sessionFromFile } from './trainingSession';
import type { ModelFile, NestedNumbers, TrainConfig } from './types';

interface ClassifierFixture {
  config: { vocab_size: number; embedding_dim: number; hidden_size: number; num_classes: number };
  state_dict: Record<string, NestedNumbers>;
  tokens: number[][];
  lengths: number[];
  log_probs: number[][];
}

const TRAIN: TrainConfig = { optimizer: 'adam', learningRate: 1e-3, batchSize: 4, epochs: 1, clipNorm: null, sampling: 'natural', bucketByLength: false, seed: 1 };

/** What tools/torch_export.py writes for the fixture's model: vocabulary words w0..w9, w0 = pad, w1 = unk. */
function fixtureAsModelFile(fixture: ClassifierFixture): ModelFile {
  const stateDict: Record<string, NestedNumbers> = {};
  for (const [name, value] of Object.entries(fixture.state_dict)) stateDict[name.replace(/^lstm\./, 'rnn.').replace(/^fc\./, 'head.')] = value;
  return {
    format: 'rnn-playground/torch-v1',
    task: {
      kind: 'classify',
      classes: ['negative', 'positive'],
      input: { type: 'words', vocab: Array.from({ length: fixture.config.vocab_size }, (_, i) => `w${i}`), pad: 'w0', unk: 'w1', lowercase: true },
    },
    model: { cell: 'lstm', hiddenSize: fixture.config.hidden_size, numLayers: 1, bidirectional: false, embeddingDim: fixture.config.embedding_dim, dropout: 0 },
    state_dict: stateDict,
  };
}

const fixture = readFixture<ClassifierFixture>('classifier.json');

describe('model files', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it("predicts the PyTorch fixture's log_probs from a torch-v1 file", async () => {
    const session = sessionFromFile(fixtureAsModelFile(fixture), null, TRAIN);
    // Each row of tokens as text, only its valid positions (packing ignores the rest).
    const texts = fixture.tokens.map((row, b) => row.slice(0, fixture.lengths[b]).map((id) => `w${id}`).join(' '));
    const predictions = await session.predict(texts, 2);
    predictions.forEach((prediction, b) => {
      const result = closeness(prediction.logProbs, fixture.log_probs[b]);
      expect(result.failures, result.worst).toBe(0);
      expect(prediction.top[0].logProb).toBe(Math.max(...prediction.logProbs));
    });
    session.dispose();
  });

  it('exports what it imported, value for value', async () => {
    const file = fixtureAsModelFile(fixture);
    const session = sessionFromFile(file, null, TRAIN);
    const exported = await session.exportFile();
    expect(exported.model).toEqual(file.model);
    expect(exported.task).toEqual(file.task);
    for (const [name, value] of Object.entries(file.state_dict)) {
      const result = closeness(flat(exported.state_dict[name]), flat(value), 1e-7);
      expect(result.failures, `${name}: ${result.worst}`).toBe(0);
    }
    // And the exported file opens again.
    sessionFromFile(JSON.parse(JSON.stringify(exported)), null, TRAIN).dispose();
    session.dispose();
  });

  it('nests values back into the shape they came from', () => {
    expect(nest([1, 2, 3, 4, 5, 6], [2, 3])).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(nest([7, 8], [2])).toEqual([7, 8]);
  });

  describe('text that is not JSON says what it is', () => {
    const refuseText = (text: string) => {
      try {
        parseModelFileText(text);
      } catch (error) {
        expect(error).toBeInstanceOf(SyntaxError);
        return (error as Error).message;
      }
      throw new Error('expected a SyntaxError');
    };
    const saved = JSON.stringify(fixtureAsModelFile(fixture));

    it('reads a model file', () => expect(parseModelFileText(saved)).toEqual(JSON.parse(saved)));
    it('an empty file', () => expect(refuseText(' \n')).toBe('This is not a model file: it is empty.'));
    it('a data table (a CSV given to Open model or dropped on the page)', () => {
      expect(refuseText('name,language\nSmith,English\n')).toBe(
        'This is not a model file: it looks like a table of data (it starts "name,language"). Data files are uploaded on the Data step (Upload your own); a model file is the .json that Save model writes.',
      );
      expect(refuseText(`text\tlabel\n${'a'.repeat(80)}\tpos`)).toMatch(/it starts "text\tlabel"/);
    });
    it('a file cut off (a save or download interrupted), inside a list, a string or an object', () => {
      for (const end of [Math.floor(saved.length / 2), saved.indexOf('"rnn') + 2, saved.indexOf('"model"') - 1]) {
        expect(refuseText(saved.slice(0, end)), `cut at ${end}`).toBe(
          `This model file is cut off: its JSON stops unfinished after ${end.toLocaleString('en-US')} characters, so saving or downloading it was interrupted. Save or download the model again.`,
        );
      }
    });
    it('other text that is not JSON keeps the parser\'s reason, even when it opens a brace it never closes', () => {
      expect(refuseText('{ not json')).toMatch(/^This is not a model file: it is not valid JSON \(.*\)\.$/);
      expect(refuseText('hello')).toMatch(/^This is not a model file: it is not valid JSON/);
    });
  });

  describe('refuses malformed files with the key and expected shape', () => {
    const good = () => structuredClone(fixtureAsModelFile(fixture)) as unknown as Record<string, Record<string, unknown>>;
    const refuse = (file: unknown, message: RegExp) => {
      expect(() => parseModelFile(file)).toThrow(ModelFileError);
      expect(() => parseModelFile(file)).toThrow(message);
    };

    it('a file that is not an object', () => refuse([1, 2], /JSON object/));
    it('a bare PyTorch state_dict, and other JSON without "format", say what they are (both were "file.format is missing.")', () => {
      refuse(good().state_dict, /^This is a bare state_dict \("embedding\.weight", "rnn\.weight_ih_l0", "rnn\.weight_hh_l0", …\), not a model file: a model file holds it under "state_dict", beside "format": "rnn-playground\/torch-v1"/);
      refuse({ hello: 1, world: 2 }, /^This JSON is not a model file: it has keys "hello", "world" and no "format" \(a model file has "format": "rnn-playground\/torch-v1"\)\.$/);
      refuse({}, /^This JSON is not a model file: it has an empty object and no "format"/);
    });
    it('a kept runs file (Export runs) says where it goes', () => {
      refuse({ format: 'rnn-playground/runs-v1', runs: [] }, /^This is a runs file \(what Export runs writes\), not a model file: import it with "Import runs…" under Kept runs on the Train step\.$/);
    });
    it('a wrong format string', () => {
      const file = good();
      (file as Record<string, unknown>).format = 'torch-v0';
      refuse(file, /format: expected "rnn-playground\/torch-v1", got "torch-v0"/);
    });
    it('an unknown cell', () => {
      const file = good();
      file.model.cell = 'transformer';
      refuse(file, /model\.cell: expected one of "tutorial", "rnn", "lstm", "gru", got "transformer"/);
    });
    it('a missing key, naming the expected shape', () => {
      const file = good();
      delete (file.state_dict as Record<string, unknown>)['rnn.weight_hh_l0'];
      refuse(file, /state_dict\["rnn\.weight_hh_l0"\] is missing: expected shape \[16, 4\]/);
    });
    it("PyTorch's own module names, with a hint", () => {
      const file = good();
      const stateDict = file.state_dict as Record<string, unknown>;
      stateDict['lstm.weight_ih_l0'] = stateDict['rnn.weight_ih_l0'];
      delete stateDict['rnn.weight_ih_l0'];
      refuse(file, /"rnn\.weight_ih_l0"\] is missing.*"lstm\.weight_ih_l0" instead/);
    });
    it('a wrong shape, expected vs actual', () => {
      const file = good();
      (file.state_dict as Record<string, unknown>)['head.weight'] = [[1, 2, 3, 4]];
      refuse(file, /state_dict\["head\.weight"\]: expected shape \[2, 4\], got \[1, 4\]/);
    });
    it('a non-number inside a tensor', () => {
      const file = good();
      (file.state_dict as Record<string, unknown>)['head.bias'] = [0.1, 'x'];
      refuse(file, /state_dict\["head\.bias"\]\[1\]: expected a finite number/);
    });
    it('a ragged list', () => {
      const file = good();
      (file.state_dict as Record<string, unknown>)['head.weight'] = [
        [1, 2, 3, 4],
        [1, 2, 3],
      ];
      refuse(file, /head\.weight.*ragged/);
    });
    it('an unexpected extra key', () => {
      const file = good();
      (file.state_dict as Record<string, unknown>)['rnn.weight_ih_l1'] = [[0]];
      refuse(file, /unexpected key "rnn\.weight_ih_l1"/);
    });
    it('a pad word outside the vocabulary', () => {
      const file = good();
      (file.task.input as Record<string, unknown>).pad = '<pad>';
      refuse(file, /task\.input\.pad: expected a word of task\.input\.vocab/);
    });
    it('a word model without embeddingDim', () => {
      const file = good();
      file.model.embeddingDim = null;
      refuse(file, /model\.embeddingDim/);
    });
  });
});
