/**
 * Character-level data in another script: Cyrillic surnames of two classes told apart by their endings
 * (Russian -ов/-ев/-ин, Ukrainian -енко/-ук/-чук), made here. The upload gets its own alphabet (the 57 would
 * drop every letter), trains briefly to a held-out accuracy well above the majority share, shows Cyrillic
 * columns on Encode's one-hot grid (й one letter, an unseen letter read as "�" and named) and predicts a new
 * name on Inspect with its top k.
 */
import { expect, test } from './fixtures';
import type { FilePayload } from './pages/DataPage';

const INITIALS = ['Б', 'В', 'Г', 'Д', 'З', 'К', 'Й'];
const MIDDLES = ['ар', 'ол', 'ун', 'ем', 'ир'];
/** 35 stems, each with two endings per class: 70 Russian and 70 Ukrainian surnames. */
const STEMS = INITIALS.flatMap((initial) => MIDDLES.map((middle) => initial + middle));
const ENDINGS = { Russia: ['ов', 'ев', 'ин'], Ukraine: ['енко', 'ук', 'чук'] } as const;

function surnames(country: keyof typeof ENDINGS): string[] {
  const endings = ENDINGS[country];
  return STEMS.flatMap((stem, index) => [stem + endings[index % 3], stem + endings[(index + 1) % 3]]);
}

function cyrillicCsv(): { file: FilePayload; alphabetSize: number } {
  const rows = (['Russia', 'Ukraine'] as const).flatMap((country) => surnames(country).map((name) => `${name},${country}`));
  // Every letter occurs in many names, so all reach the training split: the alphabet is these letters and "�".
  const letters = new Set(rows.flatMap((row) => [...row.split(',')[0]]));
  return { file: { name: 'surnames-cyrillic.csv', mimeType: 'text/csv', buffer: Buffer.from(`name,country\n${rows.join('\n')}\n`) }, alphabetSize: letters.size + 1 };
}

test('Cyrillic surnames train with their own alphabet, shown on Encode and predicted on Inspect, and come back after a reload', async ({
  page,
  app,
  shell,
  dataPage,
  encodePage,
  modelPage,
  trainPage,
  inspectPage,
}, testInfo) => {
  test.setTimeout(300_000);
  const { file, alphabetSize } = cyrillicCsv();
  await shell.open('backend=wasm');
  await dataPage.pickTask('upload');
  await dataPage.upload(file);
  await expect(dataPage.uploadPreview).toContainText('140 examples in 2 classes');
  await expect(dataPage.uploadWarnings).toContainText('outside the 57-symbol alphabet');
  await expect(dataPage.uploadWarnings).toContainText(`The alphabet has ${alphabetSize} symbols`);
  await dataPage.uploadUse.click();
  await expect(shell.taskTitle).toContainText(file.name);

  // Encode: one Cyrillic column per letter, й whole; nothing dropped.
  await shell.goTo('encode');
  await encodePage.type('Йолов');
  await expect(encodePage.oneHotShape).toHaveText(`5 × 1 × ${alphabetSize}`);
  await expect(encodePage.droppedLetters).toHaveText('No letters dropped.');
  const rowLabels = encodePage.oneHotGrid.locator('text.row-symbol');
  await expect(rowLabels).toHaveText(['1  Й', '2  о', '3  л', '4  о', '5  в']);
  const header = await encodePage.oneHotGrid.locator('g.alphabet text').allTextContents();
  expect(header).toEqual(expect.arrayContaining(['Й', 'о', 'л', 'в']));
  // A letter the data never had is lit in the "�" column (the last) and named.
  await encodePage.type('ЙолоЖ');
  await expect(encodePage.oneHotGrid.locator('g.one-hot-row').nth(4)).toHaveAttribute('data-index', String(alphabetSize - 1));
  await expect(page.getByTestId('unknown-letters')).toHaveText('Never seen in training, read as “�”: “Ж”.');

  await shell.goTo('model');
  await modelPage.chooseCell('gru');
  await modelPage.setHiddenSize(16);
  await modelPage.build();
  expect((await app.read('model'))?.classes).toEqual(['Russia', 'Ukraine']);

  // 112 training names in batches of 16: 7 steps an epoch, 6 epochs.
  await shell.goTo('train');
  await trainPage.setOptimiser({ optimizer: 'adam', batchSize: 16, learningRate: 0.03, epochs: 6 });
  await trainPage.play();
  await expect.poll(() => app.read('status'), { timeout: 240_000 }).toBe('done');
  const result = (await page.getByTestId('test-result').textContent()) ?? '';
  const accuracy = Number(/test accuracy (\d+(?:\.\d+)?)%/.exec(result)?.[1]);
  // The classes are the same size, so the majority share is 50%: the endings must carry it well beyond.
  expect(accuracy, result).toBeGreaterThanOrEqual(80);
  testInfo.annotations.push({ type: 'measured', description: result });
  console.log(`[upload-script] ${result}`);

  // Inspect: new names (stems never seen) with their top 2, and an unseen letter named.
  await shell.goTo('inspect');
  await inspectPage.type('Шопенко');
  await expect(inspectPage.topK).toContainText('> Шопенко');
  await expect.poll(() => inspectPage.topLines()).toHaveLength(2);
  expect((await inspectPage.topLines())[0]).toMatch(/^\(-\d+\.\d\d\) Ukraine$/);
  await expect(page.getByTestId('inspect-unknown')).toHaveText('Never seen in training, read as “�”: “Ш”, “п”');
  const baseline = await inspectPage.topLines();
  await inspectPage.type('Дамиров');
  await expect(inspectPage.topK).toContainText('> Дамиров');
  await expect.poll(async () => (await inspectPage.topLines())[0] ?? '').toMatch(/^\(-\d+\.\d\d\) Russia$/);

  // A reload reads the upload (its alphabet included) and the model back from IndexedDB: same grid, same numbers.
  await page.goto('./');
  await app.ready();
  await shell.waitForData();
  await expect(shell.taskTitle).toContainText(file.name);
  await shell.goTo('encode');
  await encodePage.type('Йолов');
  await expect(encodePage.oneHotShape).toHaveText(`5 × 1 × ${alphabetSize}`);
  await shell.goTo('inspect');
  await inspectPage.type('Шопенко');
  await expect(inspectPage.topK).toContainText('> Шопенко');
  await expect.poll(() => inspectPage.topLines()).toEqual(baseline);
});
