/**
 * Which character separates the columns of an uploaded table. The extension decides (.tsv tab, .csv comma),
 * except where the file plainly uses another: spreadsheet programs in many European locales save "CSV" with
 * semicolons, and read with commas every row of such a file came out as one column ("81 rows have no label").
 * Plainly means: not one of the first lines holds the expected separator and every one holds the other, so a
 * comma file whose texts contain ";" (the names alphabet has it) is never read with semicolons.
 */
export type TableDelimiter = ',' | '\t' | ';';

export interface DelimiterChoice {
  delimiter: TableDelimiter;
  /** True when the file's contents overrode what its extension said (worth a note to the user). */
  isFromContents: boolean;
}

/** Lines looked at: enough to be sure, few enough to stay instant on a 20 MB file. */
const SAMPLE_LINES = 50;

/** How the choice is named in a note: "semicolons (;)". */
export const DELIMITER_NAMES: Record<TableDelimiter, string> = { ',': 'commas (,)', '\t': 'tabs', ';': 'semicolons (;)' };

export function chooseDelimiter(text: string, fileName: string): DelimiterChoice {
  const dot = fileName.lastIndexOf('.');
  const extension = dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
  const sample: string[] = [];
  for (const line of text.split('\n', SAMPLE_LINES * 4)) {
    if (line.trim() !== '') sample.push(line);
    if (sample.length === SAMPLE_LINES) break;
  }
  const expected: TableDelimiter = extension === 'tsv' || extension === 'tab' ? '\t' : extension === 'csv' ? ',' : sample[0]?.includes('\t') ? '\t' : ',';
  if (sample.length === 0 || sample.some((line) => line.includes(expected))) return { delimiter: expected, isFromContents: false };
  for (const other of ['\t', ';', ','] as const) {
    if (other !== expected && sample.every((line) => line.includes(other))) return { delimiter: other, isFromContents: true };
  }
  return { delimiter: expected, isFromContents: false };
}
