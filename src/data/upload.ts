/**
 * The user's own data: a CSV or TSV of `text,label` (header optional), or a zip / folder
 * of `<Class>.txt` files with one example per line (the tutorial's format). Input is bytes, so this
 * runs in the worker; output is a Dataset split 80/10/10 like the names, plus warnings for what was
 * repaired. Anything we cannot repair throws a DataFileError (see validate.ts) and the caller keeps
 * its current data.
 */
import { unzipSync } from 'fflate';
import type { Dataset, Example, InputLevel, Splits } from './types';
import { DataFileError, formatCount } from './errors';
import { MAX_SEQUENCE_LENGTH } from './limits';
import { deriveCharAlphabet, fitsTutorialAlphabet, MAX_CHAR_ALPHABET, ownAlphabetCharacters, UNKNOWN_SYMBOL } from './charAlphabet';
import { NAME_ALPHABET, normalizeChars } from './names';
import { classCounts, sortClassNames, stratifiedSplit } from './split';
import type { RawRow } from './validate';
import {
  checkClassNames,
  checkExampleCount,
  checkNotEmpty,
  checkSize,
  decodeText,
  describeCharacters,
  keepCompleteRows,
  plural,
} from './validate';
import { chooseDelimiter, DELIMITER_NAMES } from './tableDelimiter';
import type { TableDelimiter } from './tableDelimiter';
import { parseTableRecords } from './tableRecords';
import type { TableRecord } from './tableRecords';
import { isTabSeparatedTxt, tabSeparatedTxtNote } from './tabSeparatedTxt';
import { tokenize } from './vocabulary';

export interface UploadFile {
  /** File name (a folder upload may include a path; only the last part counts). */
  name: string;
  bytes: Uint8Array;
}

export interface UploadOptions {
  /** Seed of the stratified split (default 1, as the built-in tasks). */
  seed?: number;
}

export interface UploadResult {
  dataset: Dataset;
  /** Plain-words notices for the user: what was cut, dropped or merged. Also in `dataset.notes`. */
  warnings: string[];
}

const TEXT_COLUMN_NAMES = new Set(['text', 'sentence', 'name', 'surname', 'review', 'content', 'document', 'input', 'example', 'comment', 'message', 'tweet', 'phrase', 'word']);
const LABEL_COLUMN_NAMES = new Set(['label', 'class', 'category', 'language', 'sentiment', 'target', 'tag', 'lang', 'output', 'polarity']);

/**
 * Read File objects (browser or Node ≥ 20) into the bytes `parseUpload` takes. Files over the size limit are refused
 * from their `size` before any byte is read: a 1.5 GB file was read whole (14 s of "Reading…" and 1.5 GB of the
 * worker's memory) only to be refused for its size afterwards.
 */
export async function readUploadFiles(files: readonly { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> }[]): Promise<UploadFile[]> {
  checkUploadSize(files.map((file) => ({ name: file.name, bytes: file.size })));
  return Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

/** The name messages use for the upload: the file's own name, or "3 files". */
function uploadName(files: readonly { name: string }[]): string {
  return files.length === 1 ? baseName(files[0].name) : `${files.length} files`;
}

/** Refuse uploads whose files together are over the limit (sizes in bytes). */
function checkUploadSize(files: readonly { name: string; bytes: number }[]): void {
  checkSize(
    files.reduce((sum, file) => sum + file.bytes, 0),
    uploadName(files),
    files.length === 1 ? 'is' : 'are',
  );
}

/** Bytes in, Dataset out; throws DataFileError for anything it cannot repair. */
export function parseUpload(files: readonly UploadFile[], level: InputLevel, options: UploadOptions = {}): UploadResult {
  if (files.length === 0) throw new DataFileError('empty', 'No file was chosen.');
  checkUploadSize(files.map((file) => ({ name: file.name, bytes: file.bytes.length })));
  const withoutSystemFiles = files.filter((file) => !isSystemFile(file.name));
  const picked = withoutSystemFiles.length > 0 ? withoutSystemFiles : files;
  const displayName = uploadName(picked);
  picked.forEach(refuseKnownOtherFile);
  const entries = picked.flatMap((file) => (isZip(file) ? unzipTextFiles(file) : [{ name: baseName(file.name), bytes: file.bytes }]));
  const warnings: string[] = [];
  const rows = keepCompleteRows(readRows(entries, displayName, warnings), displayName, warnings);
  checkExampleCount(rows.length, displayName);
  const labels = rows.map((row) => row.label.trim());
  checkClassesWithLeftOut(labels, displayName, warnings);
  const chars = level === 'chars' ? cleanChars(rows, warnings) : null;
  const texts = chars ? chars.texts : cleanWords(rows, warnings);

  const classes = sortClassNames(labels);
  const seen = new Set<string>();
  const examples: Example[] = [];
  let duplicates = 0;
  texts.forEach((text, position) => {
    const label = classes.indexOf(labels[position]);
    const key = `${label}\u0000${text}`;
    if (seen.has(key)) {
      duplicates++;
      return;
    }
    seen.add(key);
    examples.push({ text, label });
  });
  if (duplicates > 0) {
    warnings.push(`${plural(duplicates, 'duplicate row was', 'duplicate rows were')} removed (same text and class), so no example is both trained and tested on.`);
  }
  const conflicting = conflictingTexts(examples, classes);
  if (conflicting.length > 0) {
    const [text, names] = conflicting[0];
    warnings.push(
      `${plural(conflicting.length, 'text has', 'texts have')} more than one class (e.g. "${text.length > 40 ? `${text.slice(0, 40)}…` : text}": ${names.map((name) => `"${name}"`).join(' and ')}): the network cannot get ${conflicting.length === 1 ? 'it' : 'them'} right every time, and ${conflicting.length === 1 ? 'it' : 'they'} may be trained on with one class and tested with another. Check the labels, or keep them if the data is ambiguous.`,
    );
  }
  const counts = classCounts(examples, classes.length);
  const tiny = classes.filter((_, label) => counts[label] < 3);
  if (tiny.length > 0) {
    warnings.push(`${tiny.map((name) => `"${name}"`).join(', ')} ${tiny.length === 1 ? 'has' : 'have'} fewer than 3 examples: all go to training, so ${tiny.length === 1 ? 'it is' : 'they are'} never evaluated.`);
  }

  const seed = options.seed ?? 1;
  const splits = stratifiedSplit(examples, classes.length, seed);
  const alphabet = chars?.isOwnAlphabet ? ownAlphabet(splits, warnings) : undefined;
  const levelWords = level === 'chars' ? 'characters' : 'words';
  const notes = [
    `${formatCount(examples.length)} examples in ${classes.length} classes from ${displayName}, read as ${levelWords}.`,
    ...warnings,
    `Split 80/10/10 within each class (seed ${seed}): ${formatCount(splits.train.length)} train, ${formatCount(splits.val.length)} validation, ${formatCount(splits.test.length)} test.`,
  ];
  return {
    dataset: {
      id: `upload:${displayName}`,
      source: 'upload',
      title: `${displayName} (${classes.length} classes, ${levelWords})`,
      level,
      classes,
      notes,
      ...splits,
      ...(alphabet === undefined ? {} : { alphabet }),
    },
    warnings,
  };
}

/**
 * Texts given more than one class, each with its class names in class order. Same text, same class is a duplicate and
 * removed; same text, another class stays (it may be real ambiguity), but it caps accuracy and was said nowhere.
 */
function conflictingTexts(examples: readonly Example[], classes: readonly string[]): [string, string[]][] {
  const labelsOf = new Map<string, Set<number>>();
  for (const { text, label } of examples) labelsOf.set(text, (labelsOf.get(text) ?? new Set<number>()).add(label));
  return [...labelsOf]
    .filter(([, labels]) => labels.size > 1)
    .map(([text, labels]) => [text, [...labels].sort((a, b) => a - b).map((label) => classes[label])]);
}

/**
 * checkClassNames, and when the file is refused for having one class, what was left out before, since that is often
 * where the other class went: a "French" row with an empty text, or an empty French.txt, was dropped with a warning
 * the refusal then hid, and "has only one class (only "English")" sent the student looking for a class in the file.
 */
function checkClassesWithLeftOut(labels: readonly string[], displayName: string, warnings: readonly string[]): void {
  try {
    checkClassNames(labels, displayName);
  } catch (error) {
    const leftOut = warnings.filter((warning) => warning.includes('left out'));
    if (!(error instanceof DataFileError) || error.code !== 'one-class' || leftOut.length === 0) throw error;
    throw new DataFileError('one-class', `${error.message} Left out before counting classes: ${leftOut.join(' ')}`);
  }
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Spreadsheet workbooks: zips (.xlsx, .ods, .numbers) or binary (.xls), none of them a table of text. */
const WORKBOOK_EXTENSIONS = new Set(['xlsx', 'xlsm', 'xls', 'ods', 'numbers']);

/**
 * Files that are plainly something else, refused by what they are rather than by what reading them as a table
 * finds: a saved model (.json) read as a CSV was "line 1: a quoted field is never closed", and an Excel workbook
 * (a zip inside) "holds no .txt files. A zip of classes needs…".
 */
function refuseKnownOtherFile(file: UploadFile): void {
  const name = baseName(file.name);
  const kind = extension(name);
  if (kind === 'json') {
    throw new DataFileError(
      'unsupported-file',
      `${name} is a JSON file, not a table of examples. Data is a CSV or TSV of text,label rows, or .txt files with one example per line. A saved model (.json) opens with "Open model…" at the top of the page.`,
    );
  }
  if (WORKBOOK_EXTENSIONS.has(kind)) {
    throw new DataFileError(
      'unsupported-file',
      `${name} is a spreadsheet workbook, which is not read here. Save the sheet as CSV (in Excel: File → Save As → "CSV UTF-8"; in LibreOffice or Numbers: export as CSV) and upload that.`,
    );
  }
}

/** Extensions of a table of text,label rows: beside class files, the only rival reading of an upload. */
const TABLE_EXTENSIONS = new Set(['csv', 'tsv', 'tab']);

/**
 * Files a system writes into a folder, never data: hidden files (macOS's .DS_Store, in every folder Finder has shown)
 * and macOS's metadata (__MACOSX/, "._" files). A zip's are skipped in unzipTextFiles; a picked or dropped folder's
 * were read as a table beside its class files, and the folder refused ("mixes .txt class files with .DS_Store").
 */
function isSystemFile(path: string): boolean {
  return baseName(path).startsWith('.') || path.split(/[\\/]/).includes('__MACOSX');
}

function isZip(file: UploadFile): boolean {
  const b = file.bytes;
  const magic = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);
  return magic || extension(file.name) === 'zip';
}

/** The .txt files of a zip (folders flattened; macOS metadata and hidden files skipped). */
function unzipTextFiles(file: UploadFile): UploadFile[] {
  const zipName = baseName(file.name);
  let uncompressed = 0;
  let archive: Record<string, Uint8Array>;
  try {
    archive = unzipSync(file.bytes, {
      filter: (info) => {
        const name = baseName(info.name);
        const wanted = !info.name.endsWith('/') && !info.name.startsWith('__MACOSX/') && !name.startsWith('.') && extension(name) === 'txt';
        if (wanted) {
          uncompressed += info.originalSize;
          checkSize(uncompressed, zipName, 'unpacks to more than');
        }
        return wanted;
      },
    });
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError('bad-zip', `${zipName} could not be opened as a zip archive (${error instanceof Error ? error.message : String(error)}).`);
  }
  const entries = Object.entries(archive).map(([name, bytes]) => ({ name: baseName(name), bytes }));
  if (entries.length === 0) {
    throw new DataFileError(
      'unsupported-file',
      `${zipName} holds no .txt files. A zip of classes needs one <Class>.txt file per class, one example per line (e.g. English.txt, French.txt).`,
    );
  }
  return entries;
}

/** Decide the format from the file names and read every row with its line number. */
function readRows(entries: readonly UploadFile[], displayName: string, warnings: string[]): RawRow[] {
  const classFiles = entries.filter((entry) => extension(entry.name) === 'txt');
  // Beside class files, only a table is a rival reading of the upload; a folder's README.md or LICENSE is skipped, said.
  // (Alone, a file of any other extension, or none, is read as a table.)
  const others = entries.filter((entry) => extension(entry.name) !== 'txt');
  const isSkipped = (entry: UploadFile) => classFiles.length > 0 && !TABLE_EXTENSIONS.has(extension(entry.name));
  const skipped = others.filter(isSkipped);
  if (skipped.length > 0) {
    warnings.push(`${skipped.map((entry) => entry.name).join(', ')} ${skipped.length === 1 ? 'was' : 'were'} skipped: a folder of classes is read from its .txt files, one per class.`);
  }
  const tables = others.filter((entry) => !isSkipped(entry));
  if (tables.length > 0 && classFiles.length > 0) {
    throw new DataFileError(
      'unsupported-file',
      `${displayName} mixes .txt class files with ${tables.map((t) => t.name).join(', ')}. Upload either one CSV/TSV file or one .txt file per class.`,
    );
  }
  if (tables.length > 1) {
    throw new DataFileError('unsupported-file', `Upload one CSV or TSV file at a time (got ${tables.map((t) => t.name).join(', ')}).`);
  }
  if (tables.length === 1) {
    const table = tables[0];
    const text = decodeText(table.bytes, table.name);
    checkNotEmpty(text, table.name);
    return readTable(text, table.name, warnings);
  }
  if (classFiles.length === 1) {
    const text = decodeText(classFiles[0].bytes, classFiles[0].name);
    if (isTabSeparatedTxt(text, classFiles[0].name)) {
      warnings.push(tabSeparatedTxtNote(classFiles[0].name));
      return readTable(text, classFiles[0].name, warnings, '\t');
    }
  }
  const rows: RawRow[] = [];
  const emptyFiles: string[] = [];
  for (const entry of classFiles) {
    const text = decodeText(entry.bytes, entry.name);
    const label = entry.name.slice(0, -'.txt'.length);
    const before = rows.length;
    text.split('\n').forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed !== '') rows.push({ text: trimmed, label, line: index + 1, source: entry.name });
    });
    if (rows.length === before) emptyFiles.push(entry.name);
  }
  // A class file with no example is no class: said, not dropped in silence (the preview would count one class less).
  if (emptyFiles.length > 0 && rows.length > 0) {
    const names = emptyFiles.map((name) => `"${name}"`).join(', ');
    warnings.push(`${names} ${emptyFiles.length === 1 ? 'has' : 'have'} no example, so ${emptyFiles.length === 1 ? 'its class is' : 'their classes are'} left out.`);
  }
  if (rows.length === 0) throw new DataFileError('empty', `${displayName} is empty: there is no example in it.`);
  return rows;
}

/**
 * CSV/TSV rows. Quoting follows RFC 4180 (papaparse); a header row is recognised by its column names. `knownDelimiter`
 * is for a file whose columns are already known (a tab-separated .txt); otherwise the extension and contents decide.
 */
function readTable(text: string, fileName: string, warnings: string[], knownDelimiter?: TableDelimiter): RawRow[] {
  const { delimiter, isFromContents } = knownDelimiter ? { delimiter: knownDelimiter, isFromContents: false } : chooseDelimiter(text, fileName);
  if (isFromContents) warnings.push(`${fileName} separates its columns with ${DELIMITER_NAMES[delimiter]}, so it was read that way.`);
  const { records, unclosedQuoteLine: quoteError } = parseTableRecords(text, delimiter);
  if (quoteError !== null) {
    throw new DataFileError(
      'malformed-line',
      `${fileName}, line ${quoteError}: a quoted field is never closed. Check the quotes (") on that line; a quote inside a quoted text is written "".`,
    );
  }
  if (records.length === 0) throw new DataFileError('empty', `${fileName} is empty: there is no example in it.`);

  let textColumn = -1;
  let labelColumn = -1;
  const first = records[0].fields.map((field) => field.trim().toLowerCase());
  const textIndex = first.findIndex((field) => TEXT_COLUMN_NAMES.has(field));
  const labelIndex = first.findLastIndex((field) => LABEL_COLUMN_NAMES.has(field));
  const firstLabel = records[0].fields[records[0].fields.length - 1]?.trim();
  const labelSeenLater = records.slice(1).some((record) => record.fields[record.fields.length - 1]?.trim() === firstLabel);
  const isHeader = first.length >= 2 && (textIndex !== -1 || labelIndex !== -1) && !labelSeenLater;
  if (isHeader) {
    textColumn = textIndex !== -1 && textIndex !== labelIndex ? textIndex : labelIndex === 0 ? 1 : 0;
    labelColumn = labelIndex !== -1 && labelIndex !== textColumn ? labelIndex : textColumn === first.length - 1 ? 0 : first.length - 1;
  }
  const body = isHeader ? records.slice(1) : records;
  if (isHeader && body.length === 0) {
    throw new DataFileError(
      'empty',
      `${fileName} has only its header row (line ${records[0].line}: "${showRow(records[0].fields, delimiter)}") and no example under it. Add one row per example under it: ${showRow(['text', 'label'], delimiter)}.`,
    );
  }
  if (!isHeader) warnings.push(...headerlessNotes(records, delimiter));
  return body.map(({ fields, line: rowLine }) => {
    if (isHeader) return { text: fields[textColumn] ?? '', label: fields[labelColumn] ?? '', line: rowLine, source: fileName };
    // No header: the last field is the label; earlier fields are the text (an unquoted comma in it is forgiven).
    if (fields.length < 2) return { text: fields[0] ?? '', label: '', line: rowLine, source: fileName };
    return { text: fields.slice(0, -1).join(delimiter), label: fields[fields.length - 1], line: rowLine, source: fileName };
  });
}

/** A row's fields as a message quotes them: a tab, which shows as a gap, is written "[tab]". */
function showRow(fields: readonly string[], delimiter: TableDelimiter): string {
  return fields.map((field) => field.trim()).join(delimiter === '\t' ? ' [tab] ' : delimiter);
}

/**
 * What a table read without a header should say about how it was read, where that may not be what the student
 * meant: a first row whose label no other row has is most likely a header with column names we do not know
 * ("id,foo,bar" became an example of class "bar"), and rows that all have the same three or more columns most likely
 * have a column that is not text (an id: "1,Smith" was the text), since an unquoted comma inside a text varies.
 */
function headerlessNotes(records: readonly TableRecord[], delimiter: TableDelimiter): string[] {
  const notes: string[] = [];
  const labelOf = (record: TableRecord) => record.fields[record.fields.length - 1]?.trim() ?? '';
  const [first, ...rest] = records;
  const firstLabel = labelOf(first);
  if (rest.length >= 2 && first.fields.length >= 2 && firstLabel !== '' && rest.every((record) => labelOf(record) !== firstLabel)) {
    notes.push(
      `Line ${first.line} ("${showRow(first.fields, delimiter)}") was read as an example of class "${firstLabel}", which no other row has. If it is a header row, name its columns ${showRow(['text', 'label'], delimiter)}.`,
    );
  }
  const columns = first.fields.length;
  if (columns >= 3 && rest.every((record) => record.fields.length === columns)) {
    const example = rest[0] ?? first;
    notes.push(
      `Every row has ${columns} columns, so the last is read as the label and the other ${columns - 1} are joined into the text (line ${example.line}: "${showRow(example.fields.slice(0, -1), delimiter)}"). If a column is not part of the text (an id, a number), remove it, or name the columns in a header row (${showRow(['text', 'label'], delimiter)}).`,
    );
  }
  return notes;
}

/**
 * Char level. Data whose every character the tutorial's 57 symbols read (accents may fold: é → e) keeps them and
 * their normalisation, so such uploads train exactly as before. Any other character (Cyrillic, Chinese, a
 * digit…) gives the data its own alphabet (charAlphabet.ts): texts are kept as NFC code points, nothing is
 * dropped. Long texts are cut to MAX_SEQUENCE_LENGTH.chars characters FIRST, and the alphabet is chosen from the
 * cut texts: a character seen only past the limit is never fed, so it must not pick the alphabet or be named in
 * its notice (a digit at character 60 gave the data an own alphabet without that digit).
 */
function cleanChars(rows: readonly RawRow[], warnings: string[]): { texts: string[]; isOwnAlphabet: boolean } {
  let truncated = 0;
  const limit = MAX_SEQUENCE_LENGTH.chars;
  // Code points after NFC: for text the 57 symbols read, as many as the letters normalisation leaves (é is one
  // code point and folds to one e), so either alphabet cuts the same text at the same place.
  const cut = rows.map((row) => {
    const characters = ownAlphabetCharacters(row.text.trim());
    if (characters.length <= limit) return characters.join('');
    truncated++;
    return characters.slice(0, limit).join('');
  });
  const outside = [...new Set(cut.flatMap((text) => normalizeChars(text, NAME_ALPHABET).dropped))];
  const isOwnAlphabet = !fitsTutorialAlphabet(cut);
  if (isOwnAlphabet) {
    warnings.push(
      `${plural(outside.length, 'character is', 'characters are')} outside the ${NAME_ALPHABET.length}-symbol alphabet (${describeCharacters(outside)}), so this data gets its own alphabet: its characters as Unicode code points (NFC), upper and lower case apart, accented letters kept whole (é, й); none is dropped.`,
    );
  }
  const texts = isOwnAlphabet ? cut : cut.map((text) => normalizeChars(text, NAME_ALPHABET).text);
  if (truncated > 0) {
    warnings.push(`${plural(truncated, 'text was', 'texts were')} longer than ${limit} characters and ${truncated === 1 ? 'was' : 'were'} cut to the first ${limit}, to keep training responsive.`);
  }
  return { texts, isOwnAlphabet };
}

/**
 * The data's own alphabet, from the TRAINING texts only: a character seen only in validation or test is read
 * as "�" there, exactly as an unseen character is at predict time, so the held-out accuracy is honest.
 */
function ownAlphabet(splits: Splits, warnings: string[]): string {
  const { alphabet, unknownCharacters } = deriveCharAlphabet(splits.train.map((example) => example.text));
  const symbols = new Set(alphabet);
  const heldOutOnly = new Set<string>();
  for (const example of [...splits.val, ...splits.test]) {
    for (const character of example.text) if (!symbols.has(character) && character !== UNKNOWN_SYMBOL) heldOutOnly.add(character);
  }
  warnings.push(`The alphabet has ${formatCount(symbols.size)} symbols: the training texts' characters and "${UNKNOWN_SYMBOL}", which stands for any character never seen in training.`);
  if (unknownCharacters.length > 0) {
    warnings.push(
      `The training texts have ${formatCount(symbols.size - 1 + unknownCharacters.length)} distinct characters; at most ${formatCount(MAX_CHAR_ALPHABET)} symbols are kept (one-hot columns), so the ${plural(unknownCharacters.length, 'rarest is', 'rarest are')} read as "${UNKNOWN_SYMBOL}": ${describeCharacters(unknownCharacters)}.`,
    );
  }
  const unseen = [...heldOutOnly].filter((character) => !unknownCharacters.includes(character));
  if (unseen.length > 0) {
    warnings.push(`${plural(unseen.length, 'character appears', 'characters appear')} only in validation or test texts and ${unseen.length === 1 ? 'is' : 'are'} read as "${UNKNOWN_SYMBOL}" there: ${describeCharacters(unseen)}.`);
  }
  return alphabet;
}

/** Word level: tokens as wordTokens.ts splits them (SST-2's way); long texts cut to MAX_SEQUENCE_LENGTH.words tokens. */
function cleanWords(rows: readonly RawRow[], warnings: string[]): string[] {
  const limit = MAX_SEQUENCE_LENGTH.words;
  let truncated = 0;
  const texts = rows.map((row) => {
    const tokens = tokenize(row.text, false);
    if (tokens.length <= limit) return row.text.trim();
    truncated++;
    return tokens.slice(0, limit).join(' ');
  });
  if (truncated > 0) {
    warnings.push(`${plural(truncated, 'text was', 'texts were')} longer than ${limit} words and ${truncated === 1 ? 'was' : 'were'} cut to the first ${limit}, to keep training responsive.`);
  }
  return texts;
}
