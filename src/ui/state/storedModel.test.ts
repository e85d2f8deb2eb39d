import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../model/types';
import type { SerializedModelFile } from '../../worker/protocol';
import { configFromQuery } from './appConfig';
import { checkSavedModel, savedModelFits } from './storedModel';

const file: SerializedModelFile = {
  blob: new Blob(['{}']),
  model: { cell: 'lstm', hiddenSize: 4800, numLayers: 6, bidirectional: false, embeddingDim: null, dropout: 0 },
  classes: ['Czech', 'English'],
  inputType: 'chars',
};
const saved = { dataId: 'names', savedAt: 1, file };

const wanted: ModelConfig = {
  cell: 'lstm',
  hiddenSize: 128,
  numLayers: 1,
  bidirectional: false,
  dropout: 0,
  input: { type: 'chars', alphabet: 'ab' },
  classes: ['Czech', 'English'],
};

describe('checkSavedModel', () => {
  it('accepts a checkpoint record', () => {
    expect(checkSavedModel(structuredClone(saved))).toEqual(saved);
  });

  it('still reads a record an earlier version kept with the file as text', async () => {
    const { blob: _blob, ...header } = file;
    const checked = checkSavedModel({ ...saved, file: { ...header, text: '{"format":"x"}' } });
    if (typeof checked === 'string') throw new Error(checked);
    expect(await checked.file.blob.text()).toBe('{"format":"x"}');
    expect(checked.file.model).toEqual(file.model);
  });

  it('gives a reason for garbage instead of crashing later (classes.join was not a function)', () => {
    expect(checkSavedModel('garbage')).toBe('the record is not an object');
    expect(checkSavedModel({ ...saved, dataId: 3 })).toMatch(/which data/);
    expect(checkSavedModel({ ...saved, file: { ...file, blob: undefined } })).toMatch(/model file is missing/);
    expect(checkSavedModel({ ...saved, file: { ...file, classes: 'a,b' } })).toMatch(/class names/);
    expect(checkSavedModel({ ...saved, file: { ...file, inputType: 'pixels' } })).toMatch(/neither characters nor words/);
    expect(checkSavedModel({ ...saved, file: { ...file, model: { ...file.model, hiddenSize: '128' } } })).toMatch(/architecture/);
    expect(checkSavedModel({ ...saved, file: { ...file, model: null } })).toMatch(/architecture/);
  });
});

describe('savedModelFits', () => {
  it('restores a model beyond what the URL can carry (hidden 4800, 6 layers): its link mentions sizes it cannot read', () => {
    // The address bar after opening it: the mirror wrote hidden=4800&layers=6, which a reload reads as "not given".
    const linkPatch = configFromQuery('task=names&cell=lstm&hidden=4800&layers=6&bi=0');
    expect(linkPatch.hiddenSize).toBeUndefined();
    expect(savedModelFits(file, wanted, linkPatch)).toBe(true);
    expect(savedModelFits(file, wanted, {})).toBe(true);
  });

  it('lets a shared link that names another architecture win, and never restores onto other data', () => {
    expect(savedModelFits(file, wanted, configFromQuery('cell=gru'))).toBe(false);
    expect(savedModelFits(file, wanted, configFromQuery('hidden=64'))).toBe(false);
    expect(savedModelFits(file, { ...wanted, classes: ['Czech', 'Dutch'] }, {})).toBe(false);
    expect(savedModelFits({ ...file, inputType: 'words' }, wanted, {})).toBe(false);
  });
});
