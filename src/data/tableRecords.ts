/**
 * An uploaded table's records, each with the line it starts on. Quoting follows RFC 4180 (papaparse), so a quoted
 * text may hold the separator or a line break; the line numbers still count the file's own lines, for messages.
 */
import Papa from 'papaparse';
import type { TableDelimiter } from './tableDelimiter';

export interface TableRecord {
  fields: string[];
  /** 1-based line of the file the record starts on. */
  line: number;
}

export interface ParsedTable {
  /** The records that hold any text (blank lines left out). */
  records: TableRecord[];
  /** The line of the first quoted field never closed, or null. */
  unclosedQuoteLine: number | null;
}

export function parseTableRecords(text: string, delimiter: TableDelimiter): ParsedTable {
  const records: TableRecord[] = [];
  let cursor = 0;
  let line = 1;
  let unclosedQuoteLine: number | null = null;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      const startLine = line;
      const end = result.meta.cursor;
      for (let i = cursor; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      cursor = end;
      if (result.errors.some((error) => error.type === 'Quotes') && unclosedQuoteLine === null) unclosedQuoteLine = startLine;
      const fields = result.data;
      if (fields.every((field) => field.trim() === '')) return;
      records.push({ fields, line: startLine });
    },
  });
  return { records, unclosedQuoteLine };
}
