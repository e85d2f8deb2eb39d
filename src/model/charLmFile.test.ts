/**
 * Character-LM model files: the PyTorch fixture opens and scores like PyTorch; export → import keeps
 * every value; malformed files and files of the other task kind are refused with the key named.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCharLmFile } from './charLmFile';
import { charLmSessionFromFile } from './charLmSession';
import { ModelFileError, parseModelFile } from './modelFile';
import { taskDefaults } from './taskDefaults';
import { useNodeBackend } from './testing/backend';
import { charLmFixture as fixture, fixtureModelFile } from './testing/charLmFixture';
import { closeness } from './testing/fixtures';
import type { CharLmModelFile } from './types';

const TRAIN = taskDefaults('names-gen').train;

function altered(change: (file: CharLmModelFile) => void): CharLmModelFile {
  const file = structuredClone(fixtureModelFile(fixture));
  change(file);
  return file;
}

describe('character-LM model files', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it("opens the PyTorch fixture's file and scores its names as PyTorch does; export → import is lossless", async () => {
    const session = charLmSessionFromFile(fixtureModelFile(fixture), null, TRAIN);
    const scored = await session.score(fixture.names);
    scored.forEach((entry, index) => {
      const result = closeness(entry.logProbs.flat(), fixture.log_probs[index].flat());
      expect(result.failures, result.worst).toBe(0);
    });
    const exported = await session.exportFile();
    expect(exported.task).toEqual({ kind: 'char-lm', conditions: fixture.conditions, symbols: { alphabet: fixture.alphabet, eos: 57, bos: 58 } });
    const reparsed = parseCharLmFile(JSON.parse(JSON.stringify(exported)));
    const original = parseCharLmFile(fixtureModelFile(fixture));
    for (const [name, values] of original.values) expect(Array.from(reparsed.values.get(name)!)).toEqual(Array.from(values));
    session.dispose();
  });

  it('refuses a moved EOS/BOS, a wrong shape and a missing tensor, naming the key', () => {
    expect(() => parseCharLmFile(altered((file) => (file.task.symbols.eos = 0)))).toThrow(/task\.symbols\.eos: expected 57/);
    expect(() => parseCharLmFile(altered((file) => (file.task.symbols.bos = 57)))).toThrow(/task\.symbols\.bos: expected 58/);
    expect(() => parseCharLmFile(altered((file) => (file.task.conditions = file.task.conditions.slice(1))))).toThrow(/state_dict\["rnn\.weight_ih_l0"\]: expected shape \[32, 76\], got \[32, 77\]/);
    expect(() =>
      parseCharLmFile(
        altered((file) => {
          file.state_dict['fc.weight'] = file.state_dict['head.weight'];
          delete file.state_dict['head.weight'];
        }),
      ),
    ).toThrow(/state_dict\["head\.weight"\] is missing: expected shape \[58, 8\]\. The file has "fc\.weight" instead/);
    expect(() => parseCharLmFile(altered((file) => (file.model.bidirectional = true)))).toThrow(ModelFileError);
  });

  it('tells a classifier file from a language model file, both ways', () => {
    const classifier = { ...fixtureModelFile(fixture), task: { kind: 'classify', classes: ['a', 'b'], input: { type: 'chars', alphabet: 'ab' } } };
    expect(() => parseCharLmFile(classifier)).toThrow(/holds a classifier, not a language model/);
    expect(() => parseModelFile(fixtureModelFile(fixture))).toThrow(/holds a character-level language model/);
  });
});
