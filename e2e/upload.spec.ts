/**
 * The user's own data: a small CSV and a small zip of <Class>.txt files (the tutorial's format)
 * preview, become the data, and train; every kind of bad file gets its own plain-words message while
 * the data and the model in use stay exactly as they were. Files are made in memory (fflate for the zip).
 * The small data also makes a whole run cheap: a finished run reports its test accuracy without
 * counting the test evaluation as a validation point.
 */
import { strToU8, zipSync } from 'fflate';
import { expect, saveScreenshot, test } from './fixtures';
import type { FilePayload } from './pages/DataPage';

/** Three classes a small network tells apart by their endings, 30 names each. */
const STEMS = ['van', 'ber', 'kol', 'mar', 'tes', 'dal', 'ros', 'fin', 'gor', 'hal', 'jen', 'lur', 'pet', 'sal', 'tor'];
const ENDINGS: Record<string, string[]> = { Dutch: ['sma', 'stra'], Italian: ['ini', 'etti'], Japanese: ['moto', 'yama'] };

function capitalise(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

function namesOf(language: string): string[] {
  return STEMS.flatMap((stem) => ENDINGS[language].map((ending) => capitalise(stem + ending)));
}

function csvFile(name: string, lines: readonly string[]): FilePayload {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) };
}

function goodCsv(): FilePayload {
  const rows = Object.keys(ENDINGS).flatMap((language) => namesOf(language).map((name) => `${name},${language}`));
  return csvFile('endings.csv', ['name,language', ...rows]);
}

function categoryZip(): FilePayload {
  const files: Record<string, Uint8Array> = {};
  for (const language of Object.keys(ENDINGS)) files[`names/${language}.txt`] = strToU8(`${namesOf(language).join('\n')}\n`);
  return { name: 'names.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(files)) };
}

test.describe('uploads that train', () => {
  for (const { title, file, classes, count } of [
    { title: 'a small CSV', file: goodCsv(), classes: ['Dutch', 'Italian', 'Japanese'], count: 90 },
    { title: 'a small Category-folder zip', file: categoryZip(), classes: ['Dutch', 'Italian', 'Japanese'], count: 90 },
  ]) {
    test(`${title} previews, becomes the data and trains`, async ({ page, app, shell, dataPage, modelPage, trainPage }, testInfo) => {
      await shell.open('backend=wasm');
      await dataPage.pickTask('upload');
      await expect(dataPage.uploadPanel).toBeVisible();
      await dataPage.upload(file);
      await expect(dataPage.uploadPreview).toBeVisible();
      await expect(dataPage.uploadPreview).toContainText(`${count} examples in ${classes.length} classes`);
      await expect(dataPage.previewTexts().first()).toBeVisible();
      await dataPage.uploadUse.click();
      await expect(dataPage.uploadUsed).toContainText(file.name);
      await expect(shell.taskTitle).toContainText(file.name);
      await saveScreenshot(page, testInfo, file.name.endsWith('.zip') ? '31-upload-zip' : '30-upload-csv');

      await shell.goTo('model');
      await modelPage.chooseCell('gru');
      await modelPage.setHiddenSize(16);
      await modelPage.build();
      expect((await app.read('model'))?.classes).toEqual(classes);

      await shell.goTo('train');
      await trainPage.setOptimiser({ batchSize: 16, learningRate: 0.01, epochs: 5 });
      // Step presses, not Play: 90 examples in batches of 16 run out between two polls of a running Play.
      await trainPage.stepTimes(4);
      expect(await app.read('trainingStep')).toBe(4);
      expect((await trainPage.readCurve(trainPage.lossChart, 'train-loss')).values.length).toBeGreaterThan(0);
      await expect(trainPage.trainError).toBeHidden();
    });
  }
});

test('a UTF-16 CSV with its byte-order mark (Excel\'s "Unicode Text") is read, not called a binary file', async ({ shell, dataPage }) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('upload');
  const rows = Object.keys(ENDINGS).flatMap((language) => namesOf(language).map((name) => `${name},${language}`));
  // Excel writes the mark FF FE, then little-endian UTF-16 with CRLF line ends.
  await dataPage.upload({ name: 'utf16.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${['name,language', ...rows].join('\r\n')}\r\n`, 'utf16le') });
  await expect(dataPage.uploadError, 'no error for a UTF-16 file with its byte-order mark').toBeHidden();
  await expect(dataPage.uploadPreviewTitle).toHaveText('Preview: utf16.csv (3 classes, characters)');
  await expect(dataPage.uploadPreview).toContainText('90 examples in 3 classes');
  await expect(dataPage.previewTexts().first()).toHaveText(/^[A-Z][a-z]+(sma|stra|ini|etti|moto|yama)$/);
  // The preview's class chart names its axis as the Data step's chart of the data in use does ('examples' before,
  // then 'texts' once used).
  await expect(dataPage.uploadPreview.getByTestId('class-count-chart').locator('svg'), "the preview's class axis").toContainText('texts (all splits)');
});

test('Excel\'s "Unicode Text" (a tab-separated UTF-16 .txt) is read as a table, says so and trains on its 2 classes', async ({ app, shell, dataPage, modelPage, trainPage }) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('upload');
  const rows = ['Dutch', 'Italian'].flatMap((language) => namesOf(language).map((name) => `${name}\t${language}`));
  await dataPage.upload({ name: 'u16le_bom.txt', mimeType: 'text/plain', buffer: Buffer.from(`\uFEFF${['text\tlabel', ...rows].join('\r\n')}\r\n`, 'utf16le') });
  await expect(dataPage.uploadError, 'a tab-separated .txt is not read as one class file').toBeHidden();
  await expect(dataPage.uploadPreviewTitle).toHaveText('Preview: u16le_bom.txt (2 classes, characters)');
  await expect(dataPage.uploadPreview).toContainText('60 examples in 2 classes');
  await expect(dataPage.uploadWarnings).toContainText('so it was read as a tab-separated table, like a .tsv');
  await dataPage.uploadUse.click();
  await expect(shell.taskTitle).toContainText('u16le_bom.txt');

  await shell.goTo('model');
  await modelPage.setHiddenSize(16);
  await modelPage.build();
  expect((await app.read('model'))?.classes).toEqual(['Dutch', 'Italian']);
  await shell.goTo('train');
  await trainPage.setOptimiser({ batchSize: 16, learningRate: 0.01, epochs: 2 });
  await trainPage.stepTimes(2);
  expect(await app.read('trainingStep')).toBe(2);
  await expect(trainPage.trainError).toBeHidden();
});

test('a refused file leaves the file previewed before it, ready to use', async ({ shell, dataPage }) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('upload');
  await dataPage.upload(categoryZip());
  await expect(dataPage.uploadPreviewTitle).toHaveText('Preview: names.zip (3 classes, characters)');
  await dataPage.upload(bigCsv(21 * 1024 * 1024));
  await expect(dataPage.uploadError).toContainText('huge.csv is 21 MB; the limit is 20 MB');
  await expect(dataPage.uploadPreviewTitle, 'the preview after a refused file').toHaveText('Preview: names.zip (3 classes, characters)');
  await dataPage.uploadUse.click();
  await expect(dataPage.uploadUsed).toContainText('names.zip');
  await expect(shell.taskTitle).toContainText('names.zip');
});

/** A file of `bytes` bytes of plain CSV rows (valid content, just too much of it). */
function bigCsv(bytes: number): FilePayload {
  const row = Buffer.from('Aaaaaaaaaaaaaaaa,Dutch\nBbbbbbbbbbbbbbbb,Italian\n');
  const buffer = Buffer.alloc(bytes);
  for (let offset = 0; offset < bytes; offset += row.length) row.copy(buffer, offset, 0, Math.min(row.length, bytes - offset));
  return { name: 'huge.csv', mimeType: 'text/csv', buffer };
}

interface BadFile {
  what: string;
  file: FilePayload;
  /** The error's specific words. */
  error?: (string | RegExp)[];
  /** Repairable problems: a preview with these warnings, nothing adopted. */
  warning?: (string | RegExp)[];
}

const BAD_FILES: BadFile[] = [
  { what: 'an empty file', file: csvFile('empty.csv', []), error: ['empty.csv', /empty/] },
  {
    what: 'one class only',
    file: csvFile('one-class.csv', ['name,language', 'Smith,English', 'Jones,English', 'Brown,English']),
    error: ['only one class', '"English"'],
  },
  {
    what: 'a file of one column (no row has a label)',
    file: csvFile('one-column.csv', ['Smith', 'Rossi', 'Bianchi']),
    error: ['one-column.csv', 'no label', 'line 1, 2 and 3'],
  },
  {
    what: 'a binary file',
    file: { name: 'picture.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]) },
    error: ['picture.csv', 'binary'],
  },
  {
    what: 'UTF-16 without a byte-order mark',
    file: { name: 'nomark.csv', mimeType: 'text/csv', buffer: Buffer.from('name,language\nSmith,English\nRossi,Italian\n', 'utf16le') },
    error: ['nomark.csv', 'saved as UTF-16 without a byte-order mark', 'Save it as UTF-8'],
  },
  {
    what: 'an undecodable (not UTF-8) file',
    file: { name: 'latin1.csv', mimeType: 'text/csv', buffer: Buffer.from('name,language\nM\xfcller,German\nDupr\xe9,French\n', 'latin1') },
    error: ['latin1.csv', 'not valid UTF-8 text: line 2 is not ("Müller,German" if it was saved as Windows-1252 or Latin-1'],
  },
  {
    what: 'a saved model file given as data',
    file: { name: 'names-model.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"rnn-playground/torch-v1","task":{"kind":"classify"}}') },
    error: ['names-model.json is a JSON file, not a table of examples', 'opens with "Open model…"'],
  },
  {
    what: 'an Excel workbook',
    file: { name: 'surnames.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/worksheets/sheet1.xml': strToU8('<worksheet/>') })) },
    error: ['surnames.xlsx is a spreadsheet workbook', 'Save the sheet as CSV'],
  },
  { what: 'only a header row', file: csvFile('header.csv', ['name,language']), error: ['header.csv has only its header row (line 1: "name,language")'] },
  { what: 'a file over the size limit', file: bigCsv(21 * 1024 * 1024), error: ['huge.csv', '21 MB', 'limit is 20 MB'] },
  {
    what: 'class names differing only in case',
    file: csvFile('case.csv', ['name,language', 'Smith,English', 'Jones,english', 'Rossi,Italian', 'Bianchi,Italian']),
    error: ['upper/lower case', '"English"', '"english"'],
  },
  {
    what: 'a row without a label',
    file: csvFile('no-label.csv', ['name,language', 'Smith,English', 'Rossi,', 'Bianchi,Italian']),
    warning: ['1 row has no label, so it is left out: line 3.'],
  },
  {
    what: 'a row with an empty text',
    file: csvFile('empty-text.csv', ['name,language', 'Smith,English', ',Italian', 'Bianchi,Italian']),
    warning: ['1 row has an empty text, so it is left out: line 3.'],
  },
  {
    what: 'extremely long lines',
    file: csvFile('long.csv', ['name,language', `${'Abcdefghij'.repeat(300)},Dutch`, 'Smith,English', 'Jones,English', 'Rossi,Dutch']),
    warning: ['longer than 40 characters', 'cut'],
  },
  {
    what: 'characters outside the alphabet',
    file: csvFile('symbols.csv', ['name,language', 'Sm1th,English', 'Jon€s,English', 'Ros@si,Italian', 'Bian#chi,Italian']),
    warning: ['outside the 57-symbol alphabet', '"1"', '"€"', '"@"', '"#"'],
  },
];

test('every bad upload gets its own message and the data and model in use stay', async ({ app, shell, dataPage, modelPage, trainPage }) => {
  test.setTimeout(240_000);
  await shell.open('backend=wasm');
  await dataPage.pickTask('upload');
  await dataPage.uploadAndUse(goodCsv());
  await expect(shell.taskTitle).toContainText('endings.csv');
  const title = (await shell.taskTitle.textContent()) ?? '';
  await shell.goTo('model');
  await modelPage.chooseCell('lstm');
  await modelPage.setHiddenSize(16);
  await modelPage.build();
  await shell.goTo('train');
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(1);
  await trainPage.waitUntilIdle();
  const model = await app.read('model');

  await shell.goTo('data');
  await dataPage.pickTask('upload');
  // A good file previewed (not used) first: each refused file must leave the preview before it.
  await dataPage.upload(goodCsv());
  await expect(dataPage.uploadPreviewTitle).toHaveText('Preview: endings.csv (3 classes, characters)');
  for (const bad of BAD_FILES) {
    await test.step(bad.what, async () => {
      const previewTitle = await dataPage.uploadPreviewTitle.textContent();
      await dataPage.upload(bad.file);
      if (bad.error) {
        await expect(dataPage.uploadError, bad.what).toBeVisible();
        for (const words of bad.error) await expect(dataPage.uploadError, bad.what).toContainText(words);
        // The file before it stays previewed: a refused file only adds its error.
        await expect(dataPage.uploadPreviewTitle, `the preview after ${bad.what}`).toHaveText(previewTitle ?? '');
      } else {
        await expect(dataPage.uploadPreview, bad.what).toBeVisible();
        for (const words of bad.warning ?? []) await expect(dataPage.uploadWarnings, bad.what).toContainText(words);
        await expect(dataPage.uploadError).toBeHidden();
      }
      // Nothing adopted: the same data, the same model, the same step.
      await expect(shell.taskTitle).toHaveText(title);
      expect(await app.read('model')).toEqual(model);
      expect(await app.read('trainingStep')).toBe(1);
    });
  }
  // The data in use is still the good CSV's, on every screen.
  await expect(dataPage.sampleRows.locator('tbody tr').first()).toBeVisible();
  await shell.goTo('train');
  await trainPage.stepButton.click();
  await expect.poll(() => app.read('trainingStep')).toBe(2);
});

test('a run that finishes reports its test accuracy and keeps the validation views validation-only', async ({
  app,
  shell,
  dataPage,
  modelPage,
  trainPage,
}) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('upload');
  await dataPage.uploadAndUse(goodCsv());
  await shell.goTo('model');
  await modelPage.chooseCell('gru');
  await modelPage.setHiddenSize(16);
  await modelPage.build();
  await shell.goTo('train');
  // 72 training names in batches of 16: a two-epoch run is ten steps.
  await trainPage.setOptimiser({ batchSize: 16, learningRate: 0.01, epochs: 2 });
  // Not trainPage.play(), which waits to see 'training': on wasm these ten steps can end before a poll sees it.
  await trainPage.playButton.click();
  await expect.poll(() => app.read('status'), { timeout: 120_000 }).toBe('done');
  await expect(trainPage.runStatus).toHaveText('done');
  await expect(trainPage.page.getByTestId('test-result')).toHaveText(/^GRU, 2 epochs: test accuracy \d+\.\d% \(macro \d+\.\d%\) on \d+ held-out texts\.$/);
  // The result is said once: no "Training finished" line beside the result sentence.
  const resultLines = trainPage.page.getByTestId('screen-train').getByRole('status').filter({ hasText: /finished|test accuracy/i });
  await expect(resultLines, 'one result line after a finished run').toHaveCount(1);
  // The validation curves have one point per epoch, and the hook's "last validation metrics" are validation's.
  const validationPoints = trainPage.accuracyChart.locator('g.line-series[data-series="val-accuracy"] circle');
  await expect(validationPoints, 'one validation point per epoch (the test evaluation is not one)').toHaveCount(2, { timeout: 10_000 });
  expect((await app.read('lastMetrics'))?.split, 'the hook documents lastMetrics as the last validation metrics').toBe('val');
});
