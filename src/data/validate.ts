/**
 * Validators for the user's own data. Each one throws a `DataFileError` with a specific `code` and a
 * message that says what is wrong, where, and what to do; or returns a warning for things we can
 * repair (long texts cut, characters dropped). They are pure and run in the worker.
 */
import { DataFileError, describeLineNumbers, formatCount } from './errors';
import { MAX_CLASSES, MAX_EXAMPLES, MAX_LISTED_CHARACTERS, MAX_UPLOAD_BYTES } from './limits';

export { MAX_CLASSES, MAX_EXAMPLES, MAX_LISTED_CHARACTERS, MAX_SEQUENCE_LENGTH, MAX_UPLOAD_BYTES } from './limits';

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1).replace(/\.0$/, '')} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}

/**
 * A size refused for being over `limit`, as the message says it: rounded like formatBytes unless that reads as the
 * limit itself ("is 200 MB; … at most 200 MB" for a file a byte over), then "just over 200 MB".
 */
export function formatSizeOver(bytes: number, limit: number): string {
  const size = formatBytes(bytes);
  return size === formatBytes(limit) ? `just over ${size}` : size;
}

/** Refuse uploads over MAX_UPLOAD_BYTES (also applied to a zip's uncompressed contents). */
export function checkSize(bytes: number, fileName: string, what = 'is'): void {
  if (bytes > MAX_UPLOAD_BYTES) {
    throw new DataFileError(
      'too-large',
      `${fileName} ${what} ${formatSizeOver(bytes, MAX_UPLOAD_BYTES)}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)} so that training stays responsive in the browser. Upload a smaller sample.`,
    );
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Byte-order marks of the encodings read besides UTF-8: Excel's "Unicode Text" and Notepad's "Unicode" save
 * UTF-16 little-endian with its mark, and the mark makes the encoding certain, so such a file is read rather than refused.
 */
const UTF16_BYTE_ORDER_MARKS = [
  { encoding: 'utf-16le', first: 0xff, second: 0xfe },
  { encoding: 'utf-16be', first: 0xfe, second: 0xff },
] as const;

/**
 * Without a mark, NUL bytes nearly all on one side of each byte pair are the high bytes of UTF-16 letters (ASCII
 * "hi" is 68 00 69 00), not binary data: then the advice is to save the file as UTF-8. Guessing the byte order to
 * read it anyway could turn a binary file into nonsense text.
 */
function looksLikeUtf16WithoutMark(bytes: Uint8Array): boolean {
  const zerosAt = [0, 0];
  bytes.forEach((byte, index) => {
    if (byte === 0) zerosAt[index % 2] += 1;
  });
  const pairs = Math.floor(bytes.length / 2);
  const [evenZeros, oddZeros] = zerosAt;
  const mostZeros = Math.max(evenZeros, oddZeros);
  return pairs > 0 && mostZeros >= pairs / 2 && Math.min(evenZeros, oddZeros) <= mostZeros / 10;
}

function refuseNulBytes(bytes: Uint8Array, fileName: string): never {
  if (looksLikeUtf16WithoutMark(bytes)) {
    throw new DataFileError(
      'not-utf8',
      `${fileName} looks like text saved as UTF-16 without a byte-order mark, which cannot be read safely. Save it as UTF-8 (in most editors: "Save as… → Encoding: UTF-8") and upload it again.`,
    );
  }
  throw binaryFileError(fileName);
}

function binaryFileError(fileName: string): DataFileError {
  return new DataFileError(
    'binary',
    `${fileName} looks like a binary file (it contains NUL bytes), not text. Upload a CSV, TSV or .txt file saved as UTF-8.`,
  );
}

/**
 * Bytes → text. UTF-8, or UTF-16 with its byte-order mark; the mark is removed. NUL bytes otherwise mean a binary
 * file (or UTF-16 without a mark, said so); invalid UTF-8 is refused rather than silently replaced with '�'.
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  const utf16 = UTF16_BYTE_ORDER_MARKS.find(({ first, second }) => bytes[0] === first && bytes[1] === second);
  if (utf16) return decodeUtf16(bytes, utf16.encoding, fileName);
  if (bytes.indexOf(0) !== -1) refuseNulBytes(bytes, fileName);
  try {
    return utf8.decode(bytes);
  } catch {
    const bad = firstLineNotUtf8(bytes);
    const where = bad ? `: line ${bad.line} is not ("${bad.text}" if it was saved as Windows-1252 or Latin-1, as older Windows and Excel programs do)` : '';
    throw new DataFileError(
      'not-utf8',
      `${fileName} is not valid UTF-8 text${where}. Save it as UTF-8 (in most editors: "Save as… → Encoding: UTF-8") and upload it again.`,
    );
  }
}

/** Characters of a line a message quotes. */
const QUOTED_LINE_LENGTH = 60;

/**
 * The first line (1-based) that is not UTF-8, and its text read as Windows-1252, the usual other encoding, so the
 * student sees which name it is ("Müller"). A line break is one byte in UTF-8 and never inside a character, so each
 * line decodes on its own exactly as in the whole file.
 */
function firstLineNotUtf8(bytes: Uint8Array): { line: number; text: string } | null {
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const newline = bytes.indexOf(10, start);
    const end = newline === -1 ? bytes.length : newline;
    const lineBytes = bytes.subarray(start, end);
    try {
      utf8.decode(lineBytes);
    } catch {
      const text = new TextDecoder('windows-1252').decode(lineBytes).replace(/\r$/, '');
      return { line, text: text.length > QUOTED_LINE_LENGTH ? `${text.slice(0, QUOTED_LINE_LENGTH)}…` : text };
    }
    start = end + 1;
  }
  return null;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', fileName: string): string {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new DataFileError(
      'not-utf8',
      `${fileName} starts as UTF-16 text but is not valid UTF-16 further on. Save it as UTF-8 (in most editors: "Save as… → Encoding: UTF-8") and upload it again.`,
    );
  }
  // A NUL character in decoded text is binary data behind a chance FF FE (or a UTF-32 file), not text.
  if (text.includes('\u0000')) throw binaryFileError(fileName);
  return text;
}

export function checkNotEmpty(text: string, fileName: string): void {
  if (text.trim() === '') throw new DataFileError('empty', `${fileName} is empty: there is no example in it.`);
}

export function checkExampleCount(count: number, fileName: string): void {
  if (count === 0) throw new DataFileError('empty', `${fileName} has no examples.`);
  if (count > MAX_EXAMPLES) {
    throw new DataFileError(
      'too-many-examples',
      `${fileName} has ${formatCount(count)} examples; the limit is ${formatCount(MAX_EXAMPLES)} so that training stays responsive in the browser. Upload a sample.`,
    );
  }
}

/** A row as read from a file, before any cleaning. `line` is 1-based in `source`. */
export interface RawRow {
  text: string;
  label: string;
  line: number;
  source: string;
}

/**
 * The rows that have both a text and a label. A few incomplete rows in a big file are left out with a warning
 * naming their lines (a student should not lose 10,000 rows to one `Smith,`); when more than half the rows are
 * incomplete the file is refused instead, since then it is read wrongly as a whole (one column, the wrong separator)
 * and what would be left is not what the student meant.
 */
export function keepCompleteRows(rows: readonly RawRow[], fileName: string, warnings: string[]): RawRow[] {
  const missingLabel = rows.filter((row) => row.label.trim() === '').map((row) => row.line);
  const emptyText = rows.filter((row) => row.text.trim() === '' && row.label.trim() !== '').map((row) => row.line);
  if ((missingLabel.length + emptyText.length) * 2 > rows.length) refuseIncompleteRows(missingLabel, emptyText, rows.length, fileName);
  if (missingLabel.length > 0) {
    warnings.push(`${plural(missingLabel.length, 'row has', 'rows have')} no label, so ${missingLabel.length === 1 ? 'it is' : 'they are'} left out: line ${describeLineNumbers(missingLabel)}. Each row needs text,label.`);
  }
  if (emptyText.length > 0) {
    warnings.push(`${plural(emptyText.length, 'row has', 'rows have')} an empty text, so ${emptyText.length === 1 ? 'it is' : 'they are'} left out: line ${describeLineNumbers(emptyText)}. Each row needs text,label.`);
  }
  return rows.filter((row) => row.label.trim() !== '' && row.text.trim() !== '');
}

/**
 * Too many rows with no label or no text: we cannot guess what the user meant. The message says "N of M" and why the
 * whole file is refused, since a few such rows are only a warning.
 */
function refuseIncompleteRows(missingLabel: readonly number[], emptyText: readonly number[], rowCount: number, fileName: string): never {
  const why = 'That is more than half the rows, so the file is read wrongly as a whole (one column? another separator?) and is refused. Each row needs text,label.';
  const ofRows = (count: number) => `${formatCount(count)} of ${plural(rowCount, 'row has', 'rows have')}`;
  if (missingLabel.length > 0) {
    const also = emptyText.length > 0 ? ` Also, ${plural(emptyText.length, 'row has', 'rows have')} an empty text: line ${describeLineNumbers(emptyText)}.` : '';
    throw new DataFileError('missing-label', `${fileName}: ${ofRows(missingLabel.length)} no label: line ${describeLineNumbers(missingLabel)}.${also} ${why}`);
  }
  throw new DataFileError('empty-text', `${fileName}: ${ofRows(emptyText.length)} an empty text: line ${describeLineNumbers(emptyText)}. ${why}`);
}

/**
 * Two to MAX_CLASSES classes, and no two class names that differ only in case ("Positive" vs "positive").
 */
export function checkClassNames(labels: Iterable<string>, fileName: string): string[] {
  const distinct = [...new Set(labels)];
  const byFolded = new Map<string, string[]>();
  for (const label of distinct) {
    const folded = label.toLowerCase();
    byFolded.set(folded, [...(byFolded.get(folded) ?? []), label]);
  }
  const clashes = [...byFolded.values()].filter((names) => names.length > 1);
  if (clashes.length > 0) {
    const listed = clashes.map((names) => names.map((name) => `"${name}"`).join(' and ')).join('; ');
    throw new DataFileError(
      'case-duplicate-classes',
      `${fileName}: class names that differ only in upper/lower case: ${listed}. Rename them so each class is spelled one way.`,
    );
  }
  if (distinct.length > MAX_CLASSES) {
    throw new DataFileError(
      'too-many-classes',
      `${fileName} has ${formatCount(distinct.length)} classes; the limit is ${MAX_CLASSES}, so that every class keeps a row of the confusion matrix and the tab stays responsive. Merge rare classes (e.g. into "other") or upload a sample with fewer classes.`,
    );
  }
  if (distinct.length < 2) {
    const only = distinct.length === 1 ? ` (only "${distinct[0]}")` : '';
    throw new DataFileError(
      'one-class',
      `${fileName} has only one class${only}. A classifier needs at least two: add examples of another class.`,
    );
  }
  return distinct;
}

/** "a, b, c" or the first MAX_LISTED_CHARACTERS and "and N more"; invisible characters shown as U+XXXX. */
export function describeCharacters(characters: readonly string[]): string {
  const shown = characters.slice(0, MAX_LISTED_CHARACTERS).map((character) => {
    if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character)) return `"${character}"`;
    return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
  const rest = characters.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

export function plural(count: number, singular: string, pluralForm: string): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
