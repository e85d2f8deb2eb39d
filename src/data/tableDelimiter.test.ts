import { describe, expect, it } from 'vitest';
import { chooseDelimiter } from './tableDelimiter';

describe('chooseDelimiter', () => {
  it('follows the extension for ordinary files', () => {
    expect(chooseDelimiter('text,label\nNakamura,Japanese\n', 'names.csv')).toEqual({ delimiter: ',', isFromContents: false });
    expect(chooseDelimiter('Nakamura\tJapanese\n', 'names.tsv')).toEqual({ delimiter: '\t', isFromContents: false });
    expect(chooseDelimiter('Nakamura\tJapanese\n', 'names.txt.data')).toEqual({ delimiter: '\t', isFromContents: false });
  });

  it('reads a semicolon "CSV" (European spreadsheets) with semicolons, and a tab-separated .csv with tabs', () => {
    expect(chooseDelimiter('text;label\nNakamura;Japanese\nSmith;English\n', 'semicolon.csv')).toEqual({ delimiter: ';', isFromContents: true });
    expect(chooseDelimiter('Nakamura\tJapanese\nSmith\tEnglish\n', 'tabs.csv')).toEqual({ delimiter: '\t', isFromContents: true });
  });

  it('keeps commas when any line has one, though texts hold semicolons', () => {
    expect(chooseDelimiter("O;Brien,Irish\nSmith;Jr,English\nNakamura;x;Japanese\n", 'names.csv').delimiter).toBe(',');
    expect(chooseDelimiter('one column only\nanother\n', 'bad.csv')).toEqual({ delimiter: ',', isFromContents: false });
  });
});
