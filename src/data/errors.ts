/**
 * Errors about data files, with a machine-readable `code` so the UI can place the message and
 * tests can tell the validators apart. Messages are written for a student: they say what is wrong,
 * where (file, line numbers), and what to do about it.
 */

export type DataErrorCode =
  | 'empty'
  | 'one-class'
  | 'missing-label'
  | 'empty-text'
  | 'binary'
  | 'not-utf8'
  | 'too-large'
  | 'too-many-examples'
  | 'case-duplicate-classes'
  | 'too-many-classes'
  | 'no-symbols'
  | 'unsupported-file'
  | 'bad-zip'
  | 'malformed-line'
  | 'dimension-mismatch'
  | 'empty-sequence'
  | 'missing-asset'
  | 'bad-asset';

export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  readonly code: DataErrorCode;

  constructor(code: DataErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** "3, 7 and 12" or "3, 7, 12, 15, 20 and 8 more": line lists short enough to read in a message. */
export function describeLineNumbers(lineNumbers: readonly (number | string)[], shown = 5): string {
  const head = lineNumbers.slice(0, shown);
  const rest = lineNumbers.length - head.length;
  if (rest > 0) return `${head.join(', ')} and ${rest} more`;
  if (head.length <= 1) return head.join('');
  return `${head.slice(0, -1).join(', ')} and ${head[head.length - 1]}`;
}

/** Thousands separators without locale surprises (identical in every browser and Node). */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
