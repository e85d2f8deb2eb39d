import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataFileError } from './errors';
import type { DataErrorCode } from './errors';
import { UNKNOWN_SYMBOL } from './charAlphabet';
import { MAX_CHAR_ALPHABET, MAX_CLASSES, MAX_EXAMPLES, MAX_SEQUENCE_LENGTH, MAX_UPLOAD_BYTES } from './limits';
import { parseUpload, readUploadFiles } from './upload';
import { formatBytes, formatSizeOver } from './validate';
import type { UploadFile } from './upload';
import type { Dataset } from './types';

const file = (name: string, text: string): UploadFile => ({ name, bytes: strToU8(text) });
const allTexts = (dataset: Dataset): string[] => [...dataset.train, ...dataset.val, ...dataset.test].map((example) => example.text);

/** The DataFileError a call throws (fails the test if it throws nothing or something else). */
function errorOf(run: () => unknown): DataFileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return error as DataFileError;
  }
  throw new Error('expected a DataFileError, but nothing was thrown');
}

function expectRefused(run: () => unknown, code: DataErrorCode, message: RegExp): void {
  const error = errorOf(run);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

/** n rows per class, "word<i> <class>" texts. */
function csvRows(classes: string[], perClass: number, separator = ','): string {
  return classes.flatMap((label) => Array.from({ length: perClass }, (_, i) => `${label.toLowerCase()} example ${i}${separator}${label}`)).join('\n');
}

/** `text` as UTF-16 bytes in the given byte order, behind its byte-order mark. */
function utf16Bytes(text: string, order: 'le' | 'be'): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  [0xfeff, ...Array.from(text, (_, index) => text.charCodeAt(index))].forEach((unit, index) => view.setUint16(index * 2, unit, order === 'le'));
  return bytes;
}

describe('CSV and TSV uploads', () => {
  it('reads a semicolon-separated .csv (as European spreadsheets save it) and says so', () => {
    const text = `text;label\n${csvRows(['pos', 'neg'], 20, ';')}\n`;
    const { dataset, warnings } = parseUpload([file('semicolon.csv', text)], 'words');
    expect(dataset.classes).toEqual(['neg', 'pos']);
    expect(allTexts(dataset)).toContain('pos example 3');
    expect(warnings).toContain('semicolon.csv separates its columns with semicolons (;), so it was read that way.');
  });

  it('reads a CSV with a header, quoting included, and splits it 80/10/10 per class', () => {
    const text = `text,label\n"great, truly great",pos\n${csvRows(['pos', 'neg'], 20)}\n`;
    const { dataset, warnings } = parseUpload([file('reviews.csv', text)], 'words');
    expect(dataset.source).toBe('upload');
    expect(dataset.id).toBe('upload:reviews.csv');
    expect(dataset.classes).toEqual(['neg', 'pos']);
    expect(dataset.level).toBe('words');
    const all = [...dataset.train, ...dataset.val, ...dataset.test];
    expect(all).toHaveLength(41);
    expect(all.map((e) => e.text)).toContain('great, truly great');
    expect(all.map((e) => e.text)).not.toContain('text');
    expect(dataset.val.length).toBeGreaterThanOrEqual(4);
    expect(new Set(dataset.test.map((e) => e.label)).size).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('does not take a first row whose label is also used later for a header', () => {
    const { dataset } = parseUpload([file('x.csv', 'some text,label\nmore,label\nother,class')], 'words');
    expect(dataset.classes).toEqual(['class', 'label']);
  });

  it('reads a CSV without a header (every row is an example) and a label-first header', () => {
    const noHeader = parseUpload([file('names.csv', 'Nienhuis,Dutch\nSmith,English\nJones,English\nBakker,Dutch')], 'chars').dataset;
    expect([...noHeader.train, ...noHeader.val, ...noHeader.test].map((e) => e.text).sort()).toEqual(['Bakker', 'Jones', 'Nienhuis', 'Smith']);
    const labelFirst = parseUpload([file('x.csv', 'label,sentence\npos,nice one\nneg,bad one\npos,fine')], 'words').dataset;
    expect(labelFirst.classes).toEqual(['neg', 'pos']);
    expect([...labelFirst.train, ...labelFirst.val, ...labelFirst.test].map((e) => e.text).sort()).toEqual(['bad one', 'fine', 'nice one']);
  });

  it('handles a byte-order mark and Windows line endings', () => {
    const { dataset } = parseUpload([file('w.csv', '\uFEFFtext,label\r\ngood film,pos\r\nbad film,neg\r\nnice,pos\r\n')], 'words');
    expect(dataset.classes).toEqual(['neg', 'pos']);
    expect([...dataset.train, ...dataset.val, ...dataset.test].map((e) => e.text).sort()).toEqual(['bad film', 'good film', 'nice']);
  });

  it('forgives an unquoted comma in a headerless text (the last field is the label)', () => {
    const { dataset } = parseUpload([file('x.csv', 'hello, world,a\nbye,b')], 'words');
    expect([...dataset.train, ...dataset.val, ...dataset.test].map((e) => e.text)).toContain('hello, world');
  });

  it('reads TSV, by extension or by sniffing a tab', () => {
    const text = `text\tlabel\n${csvRows(['yes', 'no'], 5, '\t')}`;
    expect(parseUpload([file('a.tsv', text)], 'words').dataset.classes).toEqual(['no', 'yes']);
    expect(parseUpload([file('a.data', text)], 'words').dataset.classes).toEqual(['no', 'yes']);
  });

  it('keeps HTML and script as plain text', () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { dataset } = parseUpload([file('x.csv', `"${payload}",evil\nplain text,good\nmore text,good`)], 'words');
    expect([...dataset.train, ...dataset.val, ...dataset.test].map((e) => e.text)).toContain(payload);
  });

  it('removes duplicate rows with a warning, and says when a class is too small to evaluate', () => {
    const { dataset, warnings } = parseUpload([file('x.csv', 'a b,x\na b,x\nc d,x\ne f,x\ng,y')], 'words');
    expect(dataset.train.length + dataset.val.length + dataset.test.length).toBe(4);
    expect(warnings.join(' ')).toMatch(/1 duplicate row was removed/);
    expect(warnings.join(' ')).toMatch(/"y" has fewer than 3 examples/);
    expect(dataset.notes.join(' ')).toMatch(/duplicate/);
  });
});

describe('zip and folder of <Class>.txt files', () => {
  it('reads a zip built with fflate (nested folder, macOS junk ignored)', () => {
    const zip = zipSync({
      'names/English.txt': strToU8('Smith\nJones\n\nTaylor\n'),
      'names/French.txt': strToU8('Dubois\r\nLefèvre\r\nMoreau\r\n'),
      '__MACOSX/names/._English.txt': strToU8('junk'),
      'names/README.md': strToU8('not a class'),
    });
    const { dataset, warnings } = parseUpload([{ name: 'names.zip', bytes: zip }], 'chars');
    expect(dataset.classes).toEqual(['English', 'French']);
    const texts = [...dataset.train, ...dataset.val, ...dataset.test].map((e) => e.text).sort();
    expect(texts).toEqual(['Dubois', 'Jones', 'Lefevre', 'Moreau', 'Smith', 'Taylor']);
    expect(warnings).toEqual([]);
  });

  it('says when a class file has no example, rather than dropping its class in silence', () => {
    const zip = zipSync({ 'names/English.txt': strToU8('Smith\nJones\nTaylor\n'), 'names/French.txt': strToU8('Dubois\nMoreau\nBlanc'), 'names/Empty.txt': strToU8('\n  \n') });
    const { dataset, warnings } = parseUpload([{ name: 'names.zip', bytes: zip }], 'chars');
    expect(dataset.classes).toEqual(['English', 'French']);
    expect(warnings).toContain('"Empty.txt" has no example, so its class is left out.');
  });

  it('reads several .txt files picked from a folder', () => {
    const { dataset } = parseUpload([file('data/Spam.txt', 'buy now\nfree money'), file('data/Ham.txt', 'see you at 5\nlunch?')], 'words');
    expect(dataset.classes).toEqual(['Ham', 'Spam']);
  });

  it('refuses a zip with no .txt inside, and a broken zip', () => {
    expectRefused(() => parseUpload([{ name: 'a.zip', bytes: zipSync({ 'a.csv': strToU8('x,y') }) }], 'words'), 'unsupported-file', /no \.txt files/);
    expectRefused(() => parseUpload([{ name: 'a.zip', bytes: strToU8('PK\u0003\u0004 not really a zip') }], 'words'), 'bad-zip', /could not be opened/);
  });
});

describe('validators', () => {
  it('empty file', () => {
    expectRefused(() => parseUpload([file('e.csv', '')], 'words'), 'empty', /e\.csv is empty/);
    expectRefused(() => parseUpload([file('e.csv', '\n  \n')], 'words'), 'empty', /empty/);
    expectRefused(() => parseUpload([], 'words'), 'empty', /No file/);
  });

  it('only one class', () => {
    expectRefused(() => parseUpload([file('one.csv', 'a,x\nb,x\nc,x')], 'words'), 'one-class', /only one class \(only "x"\)/);
    expectRefused(() => parseUpload([file('English.txt', 'Smith\nJones')], 'chars'), 'one-class', /only one class/);
  });

  it('a few rows without a label are left out with a warning naming their lines; the other rows are kept', () => {
    // The review's emptylabel.csv: seven rows, line 4 has no label; it was refused whole.
    const text = 'name,language\nRossi,Italian\nNienhuis,Dutch\nSmith,\nBianchi,Italian\nBakker,Dutch\nMoretti,Italian';
    const { dataset, warnings } = parseUpload([file('emptylabel.csv', text)], 'chars');
    expect(allTexts(dataset).sort()).toEqual(['Bakker', 'Bianchi', 'Moretti', 'Nienhuis', 'Rossi']);
    expect(warnings).toContain('1 row has no label, so it is left out: line 4. Each row needs text,label.');
    expect(dataset.notes).toContain('1 row has no label, so it is left out: line 4. Each row needs text,label.');
    const many = ['text,label', ...Array.from({ length: 20 }, (_, i) => `text ${i},${i % 2 === 0 ? 'a' : 'b'}`), ...Array.from({ length: 7 }, (_, i) => `orphan ${i},`), 'tail,'].join('\n');
    expect(parseUpload([file('l.csv', many)], 'words').warnings).toContain('8 rows have no label, so they are left out: line 22, 23, 24, 25, 26 and 3 more. Each row needs text,label.');
  });

  it('a few rows with an empty text are left out alike, in their own warning', () => {
    const text = 'text,label\ngood,pos\n ,neg\nbad,neg\nfine,pos\nugly,\nok,neg';
    const { dataset, warnings } = parseUpload([file('t.csv', text)], 'words');
    expect(allTexts(dataset).sort()).toEqual(['bad', 'fine', 'good', 'ok']);
    expect(warnings.slice(0, 2)).toEqual(['1 row has no label, so it is left out: line 6. Each row needs text,label.', '1 row has an empty text, so it is left out: line 3. Each row needs text,label.']);
  });

  it('refuses a file where more than half the rows lack a label or a text, with their line numbers', () => {
    expectRefused(() => parseUpload([file('l.csv', 'text,label\ngood,pos\nbad\nfine,pos\nugly,\nok,\nmeh,')], 'words'), 'missing-label', /^l\.csv: 4 of 6 rows have no label: line 3, 5, 6 and 7\. That is more than half the rows, so the file is read wrongly as a whole \(one column\? another separator\?\) and is refused\. Each row needs text,label\.$/);
    // One column: no row has a label.
    expectRefused(() => parseUpload([file('one.csv', 'Smith\nJones\nRossi')], 'words'), 'missing-label', /^one\.csv: 3 of 3 rows have no label: line 1, 2 and 3\. That is more than half the rows, so the file is read wrongly as a whole \(one column\? another separator\?\) and is refused\. Each row needs text,label\.$/);
    expectRefused(() => parseUpload([file('mixed.csv', 'good,pos\nbad,\n ,neg')], 'words'), 'missing-label', /^mixed\.csv: 1 of 3 rows have no label: line 2\. Also, 1 row has an empty text: line 3\. That is more than half the rows, so the file is read wrongly as a whole/);
  });

  it('rows with an empty text, with their line numbers (first few, then a count)', () => {
    const rows = ['good,pos', 'bad,neg', ...Array.from({ length: 7 }, () => ' ,pos')].join('\n');
    expectRefused(() => parseUpload([file('t.csv', rows)], 'words'), 'empty-text', /7 of 9 rows have an empty text: line 3, 4, 5, 6, 7 and 2 more\. That is more than half the rows, so the file is read wrongly as a whole/);
  });

  it('binary and undecodable files', () => {
    expectRefused(() => parseUpload([{ name: 'x.csv', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]) }], 'words'), 'binary', /binary/);
    expectRefused(() => parseUpload([{ name: 'x.csv', bytes: Uint8Array.from([0x61, 0xff, 0xfe, 0x2c, 0x62]) }], 'words'), 'not-utf8', /not valid UTF-8/);
  });

  it('a file in Windows-1252 / Latin-1 names its first line that is not UTF-8, as that encoding reads it', () => {
    const latin1 = Uint8Array.from(Buffer.from('name,language\r\nSmith,English\r\nM\xfcller,German\r\nDupr\xe9,French\r\n', 'latin1'));
    expectRefused(
      () => parseUpload([{ name: 'latin1.csv', bytes: latin1 }], 'chars'),
      'not-utf8',
      /^latin1\.csv is not valid UTF-8 text: line 3 is not \("Müller,German" if it was saved as Windows-1252 or Latin-1, as older Windows and Excel programs do\)\. Save it as UTF-8/,
    );
    // UTF-8 before it, even of several bytes a letter, is not the line named; a long line is quoted in part.
    const later = Uint8Array.from([...strToU8(`Müller,German\n${'a'.repeat(100)}`), 0xe9, ...strToU8(',French\n')]);
    expect(errorOf(() => parseUpload([{ name: 'x.csv', bytes: later }], 'chars')).message).toContain(`line 2 is not ("${'a'.repeat(60)}…" if`);
  });

  it('reads UTF-16 with its byte-order mark (Excel\'s "Unicode Text"), both byte orders', () => {
    const text = `text,label\n${csvRows(['Straße', 'Ωmega'], 10)}\n`;
    for (const [name, bytes] of [['le.csv', utf16Bytes(text, 'le')], ['be.csv', utf16Bytes(text, 'be')]] as const) {
      const { dataset } = parseUpload([{ name, bytes }], 'words');
      expect(dataset.classes).toEqual(['Straße', 'Ωmega']);
      expect(allTexts(dataset)).toContain('straße example 3');
      expect(allTexts(dataset).some((example) => example.includes('\uFEFF'))).toBe(false);
    }
  });

  it('reads a tab-separated .txt (Excel\'s "Unicode Text") as a table, both byte orders, and says so', () => {
    const text = `text\tlabel\r\n${csvRows(['pos', 'neg'], 10, '\t').replaceAll('\n', '\r\n')}\r\n`;
    for (const [name, bytes] of [['u16le_bom.txt', utf16Bytes(text, 'le')], ['u16be_bom.txt', utf16Bytes(text, 'be')]] as const) {
      const { dataset, warnings } = parseUpload([{ name, bytes }], 'words');
      expect(dataset.classes).toEqual(['neg', 'pos']);
      expect(allTexts(dataset)).toHaveLength(20);
      expect(allTexts(dataset)).toContain('pos example 3');
      expect(warnings).toContain(`${name} has tab-separated columns (as Excel saves "Unicode Text"), so it was read as a tab-separated table, like a .tsv, not as one class's examples.`);
    }
  });

  it('a .txt with tabs on some lines only is refused, naming the first line without one', () => {
    const text = ['text\tlabel', 'good film\tpos', 'bad film', 'dull\tneg'].join('\n');
    expectRefused(() => parseUpload([file('mixed.txt', text)], 'words'), 'malformed-line', /^mixed\.txt has tab-separated columns on some lines \(line 1\) but line 3 has no tab.*save it as \.tsv or \.csv/);
    // A quoted cell with a line break (as Excel writes one) is one row, not a line without a tab.
    const quoted = ['text\tlabel', '"two\nlines"\tpos', ...csvRows(['pos', 'neg'], 5, '\t').split('\n')].join('\n');
    expect(allTexts(parseUpload([file('quoted.txt', quoted)], 'words').dataset)).toContain('two\nlines');
  });

  it('UTF-16 without a byte-order mark is named as such, not as a binary file', () => {
    const bytes = utf16Bytes('text,label\nhi,pos\n', 'le').subarray(2);
    expectRefused(() => parseUpload([{ name: 'nomark.csv', bytes }], 'words'), 'not-utf8', /^nomark\.csv looks like text saved as UTF-16 without a byte-order mark.*Save it as UTF-8/);
    // A chance FF FE before binary data (NULs after decoding) is still a binary file.
    expectRefused(() => parseUpload([{ name: 'x.csv', bytes: Uint8Array.from([0xff, 0xfe, 0, 0, 0x41, 0]) }], 'words'), 'binary', /binary/);
  });

  it('files over the size limit, saying the limit', () => {
    const big = { name: 'big.csv', bytes: new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(97) };
    expectRefused(() => parseUpload([big], 'words'), 'too-large', /limit is 20 MB/);
    const bomb = zipSync({ 'A.txt': new Uint8Array(MAX_UPLOAD_BYTES).fill(97), 'B.txt': new Uint8Array(1024).fill(98) });
    expect(bomb.length).toBeLessThan(MAX_UPLOAD_BYTES);
    expectRefused(() => parseUpload([{ name: 'bomb.zip', bytes: bomb }], 'words'), 'too-large', /unpacks to more than/);
  });

  it('a file over the limit is refused from its size before a byte of it is read (1.5 GB was read whole first)', async () => {
    const reads: string[] = [];
    const picked = (name: string, size: number) => ({
      name,
      size,
      arrayBuffer: async () => {
        reads.push(name);
        return new ArrayBuffer(8);
      },
    });
    const error = await readUploadFiles([picked('movie.csv', 1.5 * 1024 * 1024 * 1024)]).then(
      () => null,
      (refused: unknown) => refused,
    );
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).code).toBe('too-large');
    expect((error as DataFileError).message).toBe('movie.csv is 1.5 GB; the limit is 20 MB so that training stays responsive in the browser. Upload a smaller sample.');
    const several = await readUploadFiles([picked('A.txt', MAX_UPLOAD_BYTES), picked('B.txt', 1024 * 1024)]).catch((refused: unknown) => refused);
    expect((several as DataFileError).message).toMatch(/^2 files are 21 MB; the limit is 20 MB/);
    expect(reads, 'no file read').toEqual([]);
    // Within the limit, every file is read.
    expect((await readUploadFiles([picked('A.txt', 8), picked('B.txt', 8)])).map((read) => read.name)).toEqual(['A.txt', 'B.txt']);
    expect(reads).toEqual(['A.txt', 'B.txt']);
  });

  it('more classes than the limit (5,000 crashed the tab), saying it; the limit itself is accepted', () => {
    const names = (count: number) => Array.from({ length: count }, (_, i) => `class${i}`);
    expectRefused(() => parseUpload([file('many.csv', csvRows(names(5000), 2))], 'words'), 'too-many-classes', /5,000 classes; the limit is 200/);
    expectRefused(() => parseUpload([file('many.csv', csvRows(names(MAX_CLASSES + 1), 1))], 'words'), 'too-many-classes', /201 classes/);
    expect(parseUpload([file('ok.csv', csvRows(names(MAX_CLASSES), 3))], 'words').dataset.classes).toHaveLength(MAX_CLASSES);
  });

  it('more examples than the limit, saying it', () => {
    const rows = Array.from({ length: MAX_EXAMPLES + 1 }, (_, i) => `t${i},${i % 2}`).join('\n');
    expectRefused(() => parseUpload([file('many.csv', rows)], 'words'), 'too-many-examples', /50,001 examples; the limit is 50,000/);
  });

  it('extremely long lines are cut to the sequence limit with a notice', () => {
    const longName = 'a'.repeat(500);
    const chars = parseUpload([file('x.csv', `${longName},x\nb,y\nc,y`)], 'chars');
    const texts = [...chars.dataset.train, ...chars.dataset.val, ...chars.dataset.test].map((e) => e.text);
    expect(texts).toContain('a'.repeat(MAX_SEQUENCE_LENGTH.chars));
    expect(chars.warnings.join(' ')).toMatch(/1 text was longer than 40 characters/);
    const longSentence = Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ');
    const words = parseUpload([file('x.csv', `${longSentence},x\nb,y\nc,y`)], 'words');
    const kept = [...words.dataset.train, ...words.dataset.val, ...words.dataset.test].find((e) => e.text.startsWith('w0'));
    expect(kept?.text.split(' ')).toHaveLength(MAX_SEQUENCE_LENGTH.words);
    expect(words.warnings.join(' ')).toMatch(/longer than 100 words/);
  });

  it('chooses the alphabet from the texts as cut, so a character only past the limit picks nothing and is named nowhere', () => {
    // The reviewer's long_text.csv: long texts whose digits all lie past character 40.
    const rows = ['x', 'x', 'y', 'y'].map((label, i) => `${'abc '.repeat(20)}${i}${i}7,${label}`);
    const late = parseUpload([file('long.csv', ['text,label', ...rows].join('\n'))], 'chars');
    expect(late.dataset.alphabet).toBeUndefined();
    expect(late.warnings.join(' ')).not.toMatch(/outside the 57-symbol alphabet|its own alphabet/);
    expect(late.warnings.join(' ')).toMatch(/4 texts were longer than 40 characters/);
    expect(allTexts(late.dataset).every((text) => text === 'abc '.repeat(10))).toBe(true);
    // A digit within the first 40 characters is fed, so it still gives the data its own alphabet, digit included.
    const early = parseUpload([file('early.csv', `text,label\n7 ${'abc '.repeat(20)},x\nabc,x\nab,y\nbc,y`)], 'chars');
    expect(early.warnings.join(' ')).toMatch(/1 character is outside the 57-symbol alphabet \("7"\)/);
    expect(early.dataset.alphabet).toContain('7');
  });

  it('class names that differ only in case, naming them', () => {
    expectRefused(() => parseUpload([file('c.csv', 'a,Positive\nb,positive\nc,neg')], 'words'), 'case-duplicate-classes', /"Positive" and "positive"/);
  });

  it('data whose characters all fit the 57 keeps them exactly: accents fold as in the tutorial, no alphabet of its own', () => {
    const { dataset, warnings } = parseUpload([file('x.csv', 'Müller,German\nDupré,French\nSmith,English\nŚlusarski,Polish')], 'chars');
    expect(dataset.alphabet).toBeUndefined();
    expect(allTexts(dataset)).toEqual(expect.arrayContaining(['Muller', 'Dupre', 'Slusarski']));
    expect(warnings.join(' ')).not.toMatch(/alphabet/);
  });

  it('a character outside the 57 gives the data its own alphabet: listed, nothing dropped, accents kept', () => {
    const { dataset, warnings } = parseUpload([file('x.csv', 'Müller-Lüdenscheidt,German\nGroß,German\nZhang 张,Chinese\nWang,Chinese')], 'chars');
    expect(warnings.join(' ')).toMatch(/3 characters are outside the 57-symbol alphabet \("-", "ß", "张"\), so this data gets its own alphabet/);
    expect(allTexts(dataset)).toContain('Müller-Lüdenscheidt');
    expect(dataset.alphabet?.endsWith(UNKNOWN_SYMBOL)).toBe(true);
    // Words keep every character: the vocabulary decides.
    expect(parseUpload([file('x.csv', 'Zhang 张,Chinese\nWang,Chinese\nGroß,German')], 'words').warnings.join(' ')).not.toMatch(/alphabet/);
  });

  it('Cyrillic keeps й whole (NFC), even typed as и + combining breve, and case apart', () => {
    const rows = ['Йорк,a', 'Иванов,a', 'Зуи\u0306,b', 'иванов,b'];
    const { dataset } = parseUpload([file('x.csv', rows.join('\n'))], 'chars');
    const texts = allTexts(dataset);
    expect(texts).toEqual(expect.arrayContaining(['Йорк', 'Иванов', 'Зуй', 'иванов']));
    const alphabet = [...(dataset.alphabet ?? '')];
    expect(alphabet).not.toContain('\u0306');
    // The alphabet is the training texts' characters in code-point order, then "�".
    const trainCharacters = [...new Set(dataset.train.flatMap((example) => [...example.text]))].sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0));
    expect(alphabet).toEqual([...trainCharacters, UNKNOWN_SYMBOL]);
  });

  it('the alphabet comes from the training texts; characters only held out are named and read as "�"', () => {
    // Each class has 10 examples (8 train, 1 validation, 1 test), each ending in a letter no other example has.
    const a = Array.from({ length: 10 }, (_, i) => `Ив${'лмнпрстуфх'[i]},a`);
    const b = Array.from({ length: 10 }, (_, i) => `Пе${'абвгдежзик'[i]},b`);
    const { dataset, warnings } = parseUpload([file('x.csv', [...a, ...b].join('\n'))], 'chars');
    const alphabet = new Set(dataset.alphabet);
    const heldOut = [...dataset.val, ...dataset.test].flatMap((example) => [...example.text]).filter((character) => !alphabet.has(character));
    const trainOnly = dataset.train.flatMap((example) => [...example.text]);
    expect(trainOnly.every((character) => alphabet.has(character))).toBe(true);
    expect(heldOut).toHaveLength(4);
    expect(warnings.join(' ')).toMatch(new RegExp(`4 characters appear only in validation or test texts .*"${heldOut[0]}"`));
  });

  it('caps the alphabet at 500 symbols: the rarest characters are read as "�", named in a notice', () => {
    // 600 distinct CJK characters, each in about ten rows of 30, so that all of them reach the training split.
    const rows = Array.from({ length: 200 }, (_, row) => {
      const text = Array.from({ length: 30 }, (_, i) => String.fromCodePoint(0x4e00 + ((row * 3 + i) % 600))).join('');
      return `${text},${row % 2 === 0 ? 'x' : 'y'}`;
    });
    const { dataset, warnings } = parseUpload([file('x.csv', rows.join('\n'))], 'chars');
    expect([...(dataset.alphabet ?? '')]).toHaveLength(MAX_CHAR_ALPHABET);
    expect(dataset.alphabet?.endsWith(UNKNOWN_SYMBOL)).toBe(true);
    expect(warnings.join(' ')).toMatch(/at most 500 symbols are kept .*rarest are read as "�"/);
  });

  it('lists at most 20 outside characters', () => {
    const cjk = Array.from({ length: 25 }, (_, i) => `A${String.fromCodePoint(0x4e00 + i)},${i % 2}`).join('\n');
    const { warnings } = parseUpload([file('x.csv', cjk)], 'chars');
    expect(warnings.join(' ')).toMatch(/and 5 more/);
  });

  it('a name in another script is no longer refused at char level: Chinese names are read as they are', () => {
    const { dataset } = parseUpload([file('x.csv', 'Smith,English\n张伟,Chinese\nLi,Chinese')], 'chars');
    expect(allTexts(dataset)).toContain('张伟');
  });

  it('an unclosed quote is refused with its line', () => {
    expectRefused(() => parseUpload([file('q.csv', 'a,x\nb,y\n"c,y\nd,x')], 'words'), 'malformed-line', /line 3: a quoted field is never closed/);
  });

  it('a saved model (.json) and a spreadsheet workbook are refused for what they are, not read as a table', () => {
    const model = file('names-lstm.json', '{"format":"rnn-playground/torch-v1","task":{"kind":"classify"}}');
    expectRefused(() => parseUpload([model], 'chars'), 'unsupported-file', /^names-lstm\.json is a JSON file, not a table of examples\..*"Open model…"/);
    // An .xlsx is a zip inside: it was "holds no .txt files. A zip of classes needs…".
    const workbook = { name: 'surnames.xlsx', bytes: zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/worksheets/sheet1.xml': strToU8('<worksheet/>') }) };
    expectRefused(() => parseUpload([workbook], 'chars'), 'unsupported-file', /^surnames\.xlsx is a spreadsheet workbook, which is not read here\. Save the sheet as CSV/);
    expectRefused(() => parseUpload([{ name: 'old.xls', bytes: Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]) }], 'chars'), 'unsupported-file', /^old\.xls is a spreadsheet workbook/);
    // Picked with class files, the model is named too.
    expectRefused(() => parseUpload([file('English.txt', 'Smith\nJones'), model], 'chars'), 'unsupported-file', /^names-lstm\.json is a JSON file/);
  });

  it('a file of only a header row says so, quoting it, rather than "has no examples"', () => {
    expectRefused(() => parseUpload([file('header.csv', 'name,language\n')], 'chars'), 'empty', /^header\.csv has only its header row \(line 1: "name,language"\) and no example under it\. Add one row per example under it: text,label\.$/);
    expectRefused(() => parseUpload([file('header.tsv', '\r\ntext\tlabel\r\n\r\n')], 'words'), 'empty', /^header\.tsv has only its header row \(line 2: "text \[tab\] label"\)/);
  });

  it('a headerless table says how it was read where that may not be meant: a first row of a class of its own, the same 3+ columns on every row', () => {
    const rows = ['id,foo,bar', '1,Smith,English', '2,Dubois,French', '3,Jones,English', '4,Martin,French'];
    const { warnings, dataset } = parseUpload([file('ids.csv', rows.join('\n'))], 'words');
    expect(dataset.classes).toEqual(['English', 'French', 'bar']);
    expect(warnings).toContain('Line 1 ("id,foo,bar") was read as an example of class "bar", which no other row has. If it is a header row, name its columns text,label.');
    expect(warnings).toContain(
      'Every row has 3 columns, so the last is read as the label and the other 2 are joined into the text (line 2: "1,Smith"). If a column is not part of the text (an id, a number), remove it, or name the columns in a header row (text,label).',
    );
    // Neither note where the rows say nothing of the kind: a first row whose class others share, texts with a comma on some rows only.
    const plain = parseUpload([file('plain.csv', ['Smith,English', 'Dubois,French', 'Jones,English', 'Martin,French'].join('\n'))], 'words');
    expect(plain.warnings.filter((warning) => /^Line 1|^Every row/.test(warning))).toEqual([]);
    const commas = parseUpload([file('commas.csv', ['a fine, good film,pos', 'dull,neg', 'bright, warm,pos', 'flat,neg'].join('\n'))], 'words');
    expect(commas.warnings.filter((warning) => /^Line 1|^Every row/.test(warning))).toEqual([]);
  });

  it('one class left after rows or class files were left out says what was left out (the other class is often there)', () => {
    const rows = ['name,language', 'Smith,English', 'Jones,English', 'Brown,English', ',French'];
    expectRefused(
      () => parseUpload([file('langs.csv', rows.join('\n'))], 'chars'),
      'one-class',
      /^langs\.csv has only one class \(only "English"\)\. A classifier needs at least two: add examples of another class\. Left out before counting classes: 1 row has an empty text, so it is left out: line 5\./,
    );
    const zip = { name: 'langs.zip', bytes: zipSync({ 'English.txt': strToU8('Smith\nJones\n'), 'French.txt': strToU8('\n  \n') }) };
    expectRefused(() => parseUpload([zip], 'chars'), 'one-class', /only "English"\).* Left out before counting classes: "French\.txt" has no example, so its class is left out\.$/);
    // With nothing left out, the message is as it was.
    expect(errorOf(() => parseUpload([file('one.csv', 'Smith,English\nJones,English')], 'chars')).message).not.toMatch(/Left out/);
  });

  it('a folder of class files reads past its system files (.DS_Store, macOS metadata) and skips, saying so, a README or LICENSE', () => {
    const classFiles = [file('names/English.txt', 'Smith\nJones\nBrown\n'), file('names/French.txt', 'Dubois\nMartin\nBernard\n')];
    const dsStore = { name: 'names/.DS_Store', bytes: Uint8Array.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]) };
    const finder = parseUpload([...classFiles, dsStore, file('__MACOSX/names/._English.txt', 'x')], 'chars');
    expect(finder.dataset.classes).toEqual(['English', 'French']);
    expect(finder.dataset.title).toBe('2 files (2 classes, characters)');
    expect(finder.warnings).toEqual([]);
    const documented = parseUpload([...classFiles, file('names/README.md', '# Surnames\n'), file('names/LICENSE', 'MIT\n')], 'chars');
    expect(documented.dataset.classes).toEqual(['English', 'French']);
    expect(documented.warnings).toContain('README.md, LICENSE were skipped: a folder of classes is read from its .txt files, one per class.');
    // A table beside class files is still a rival reading, refused; alone, a file of any extension is read as a table.
    expectRefused(() => parseUpload([...classFiles, file('names/all.csv', 'Smith,English\n')], 'chars'), 'unsupported-file', /mixes \.txt class files with all\.csv/);
    expect(parseUpload([file('names.dat', csvRows(['A', 'B'], 3))], 'words').dataset.classes).toEqual(['A', 'B']);
  });

  it('says when a text has more than one class (kept: the labels may be ambiguous, but it caps accuracy)', () => {
    const rows = ['text,label', 'foo,B', 'foo,A', 'bar,A', 'bar,B', 'baz,A', 'qux,B', 'foo,A'];
    const { warnings, dataset } = parseUpload([file('clash.csv', rows.join('\n'))], 'words');
    expect(allTexts(dataset).filter((text) => text === 'foo')).toHaveLength(2);
    expect(warnings).toContain(
      '2 texts have more than one class (e.g. "foo": "A" and "B"): the network cannot get them right every time, and they may be trained on with one class and tested with another. Check the labels, or keep them if the data is ambiguous.',
    );
    expect(parseUpload([file('fine.csv', csvRows(['A', 'B'], 3))], 'words').warnings.filter((warning) => warning.includes('more than one class'))).toEqual([]);
  });

  it('a CSV mixed with class files is refused', () => {
    expectRefused(() => parseUpload([file('a.csv', 'a,x'), file('B.txt', 'b')], 'words'), 'unsupported-file', /either one CSV/);
  });
});

describe('sizes in refusals', () => {
  it('say "just over" the limit where rounding would print the limit itself', () => {
    const limit = 200 * 1024 * 1024;
    expect(formatBytes(limit + 1)).toBe('200 MB');
    expect(formatSizeOver(limit + 1, limit)).toBe('just over 200 MB');
    expect(formatSizeOver(limit + 40 * 1024, limit)).toBe('just over 200 MB');
    expect(formatSizeOver(limit + 200 * 1024, limit)).toBe('200.2 MB');
    expect(formatSizeOver(1.5 * 1024 * 1024 * 1024, limit)).toBe('1.5 GB');
  });
});
