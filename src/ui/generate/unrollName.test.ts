import { describe, expect, it } from 'vitest';
import { unrollName } from './unrollName';

describe('unrollName', () => {
  it('reads the begin mark then the letters, and is taught the letters then the end mark', () => {
    expect(unrollName('Rossi')).toEqual({ inputs: ['begin', 'R', 'o', 's', 's', 'i'], targets: ['R', 'o', 's', 's', 'i', 'end'], dropped: [] });
  });

  it('simplifies accents as training does and says which characters it left out', () => {
    const unrolled = unrollName('Peláez☃');
    expect(unrolled.inputs).toEqual(['begin', 'P', 'e', 'l', 'a', 'e', 'z']);
    expect(unrolled.targets.at(-1)).toBe('end');
    expect(unrolled.dropped).toEqual(['☃']);
  });

  it('leaves one step for a name with no letter of the alphabet: from the begin mark straight to the end', () => {
    expect(unrollName('Иванов')).toEqual({ inputs: ['begin'], targets: ['end'], dropped: ['И', 'в', 'а', 'н', 'о', 'в'] });
  });
});
