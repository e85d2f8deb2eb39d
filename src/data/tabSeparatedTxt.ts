/**
 * Is an uploaded .txt a table? Excel's "Unicode Text" (and "Text (Tab delimited)") saves a sheet as a .txt file
 * with tab-separated columns, and read as a <Class>.txt file of one example per line, every row became one example
 * of a single class named after the file ("has only one class"). A name or sentence of a class file never holds a
 * tab, so a .txt whose every record has two or more tab-separated columns is read as a .tsv; one with tabs on some
 * lines only is neither, and is refused naming the first line without a tab.
 */
import { DataFileError } from './errors';
import { parseTableRecords } from './tableRecords';

/** The note in the upload preview that says how the file was read. */
export function tabSeparatedTxtNote(fileName: string): string {
  return `${fileName} has tab-separated columns (as Excel saves "Unicode Text"), so it was read as a tab-separated table, like a .tsv, not as one class's examples.`;
}

/** True when `text` (a .txt file's contents) is a tab-separated table; throws when only some lines are. */
export function isTabSeparatedTxt(text: string, fileName: string): boolean {
  if (!text.includes('\t')) return false;
  const { records } = parseTableRecords(text, '\t');
  const withoutTab = records.filter((record) => record.fields.length < 2);
  if (withoutTab.length === 0) return true;
  if (withoutTab.length === records.length) return false;
  const tabbed = records.find((record) => record.fields.length >= 2);
  throw new DataFileError(
    'malformed-line',
    `${fileName} has tab-separated columns on some lines (line ${tabbed?.line}) but line ${withoutTab[0].line} has no tab, so it is neither a table nor one class's examples (one per line, no tabs). If it is a table of text and label, give every row its tab, or save it as .tsv or .csv and upload that.`,
  );
}
