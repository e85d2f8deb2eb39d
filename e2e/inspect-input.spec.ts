/**
 * Inspect's input box, for both input levels: what is shown always belongs to the text in the box (an emptied box
 * shows no prediction, a valid text no earlier error), a word model's labels show what the student typed (curly
 * quotes, ’s, —; not PTB's ``, '', 's, --), and in presenter mode at 1920 × 1080 so do brackets, quotes and 10/10
 * (not -lrb-, ``, 10\/10), without overprinting each other.
 * Untrained models are enough: none of this depends on the weights.
 */
import { expect, test } from './fixtures';
import type { InspectPage } from './pages/InspectPage';

/** The review's sentence: quotes, brackets, a clitic, an ellipsis, an escaped slash and a long unknown word. */
const SENTENCE = 'Wasn\'t it "great"? (No.) I\'d say... meh; 10/10 flimflammery!';
/** Its words as the screen should show them: one per step, in the characters typed. */
const SHOWN_WORDS = ['was', "n't", 'it', '"', 'great', '"', '?', '(', 'no', '.', ')', 'i', "'d", 'say', '...', 'meh', ';', '10/10', 'flimflammery', '!'];

async function expectTraceOf(inspectPage: InspectPage, text: string): Promise<void> {
  await expect(inspectPage.topK, `the prediction for ${JSON.stringify(text)}`).toContainText(`> ${text}`);
  expect(await inspectPage.topLines()).not.toHaveLength(0);
}

test('SST-2: emptying the box clears the prediction and its unknown-words notice', async ({ shell, dataPage, inspectPage }) => {
  await shell.open('backend=wasm');
  await dataPage.pickTask('sst2');
  await shell.goTo('inspect');
  await inspectPage.type('ЭТО ПРЕКРАСНЫЙ ФИЛЬМ');
  await expectTraceOf(inspectPage, 'ЭТО ПРЕКРАСНЫЙ ФИЛЬМ');
  await expect(inspectPage.unknownNotice).toContainText('“фильм”');
  for (const blank of ['   ', '']) {
    await inspectPage.type(blank);
    await expect(inspectPage.prompt, `the prompt for ${JSON.stringify(blank)}`).toBeVisible();
    // Long enough for a trace asked about the old text to have come back and been drawn.
    await inspectPage.page.waitForTimeout(1500);
    await expect(inspectPage.topK, `the prediction after the box is emptied (${JSON.stringify(blank)})`).toHaveText('');
    // Nor an empty grey box where it was, full width above the prompt.
    await expect(inspectPage.topK, `the prediction's box after the box is emptied (${JSON.stringify(blank)})`).toBeHidden();
    await expect(inspectPage.unknownNotice, 'the unknown-words notice after the box is emptied').toBeHidden();
    await expect(inspectPage.traceError, 'an error for an empty box').toBeHidden();
    await expect(inspectPage.prefixChart).toBeHidden();
  }
  await inspectPage.type('not good at all');
  await expectTraceOf(inspectPage, 'not good at all');
  await expect(inspectPage.prompt).toBeHidden();
  await expect(inspectPage.traceError).toBeHidden();
});

test('names: a name with no letter says so (a name in another script naming its characters), the next name clears the error, an empty box the prediction', async ({ shell, inspectPage }) => {
  await shell.open('backend=wasm');
  await shell.goTo('inspect');
  await inspectPage.type('Nienhuis');
  await expectTraceOf(inspectPage, 'Nienhuis');
  await inspectPage.type('123');
  await expect(inspectPage.traceError).toContainText('"123" has no character this model reads');
  // A name in another script names its characters and what to do (it was "no letters of the alphabet left").
  await inspectPage.type('Иванов');
  await expect(inspectPage.traceError).toContainText('"Иванов" has no character this model reads, so there is nothing to trace: its alphabet is 57 symbols');
  await expect(inspectPage.traceError).toContainText('"И", "в", "а", "н", "о" are not among them. Type it in Latin letters;');
  await expect(inspectPage.topK, 'the previous name\'s prediction beside the error').toHaveText('');
  await inspectPage.type('Smith');
  await expectTraceOf(inspectPage, 'Smith');
  await expect(inspectPage.traceError, 'the error once the name is valid').toBeHidden();
  await inspectPage.type('');
  await expect(inspectPage.prompt).toBeVisible();
  await inspectPage.page.waitForTimeout(1500);
  await expect(inspectPage.topK, 'the prediction after the box is emptied').toHaveText('');
});

test('SST-2: curly quotes, an apostrophe and a dash show as typed, not as the PTB forms the model reads', async ({ shell, dataPage, inspectPage }) => {
  const typed = 'a \u201ccurly\u201d film \u2014 it\u2019s great';
  const shown = ['a', '\u201c', 'curly', '\u201d', 'film', '\u2014', 'it', '\u2019s', 'great'];
  await shell.open('backend=wasm');
  await dataPage.pickTask('sst2');
  await shell.goTo('inspect');
  await inspectPage.type(typed);
  await expectTraceOf(inspectPage, typed);
  await expect.poll(async () => (await inspectPage.prefixLabels()).map((label) => label.whole), { message: 'the labels show the typed “, ”, ’s and —' }).toEqual(shown);
  await expect.poll(async () => (await inspectPage.heatmapShape(inspectPage.hiddenHeatmap())).columnLabels, { message: 'the heatmap columns show the typed “, ”, ’s and —' }).toEqual(shown);
});

test.describe('SST-2 in presenter mode at 1920 × 1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('the words show what the student typed, not PTB escapes', async ({ shell, dataPage, inspectPage }) => {
    await shell.open('backend=wasm&present=1');
    await dataPage.pickTask('sst2');
    await shell.goTo('inspect');
    await inspectPage.type(SENTENCE);
    await expectTraceOf(inspectPage, SENTENCE);
    await expect.poll(async () => (await inspectPage.prefixLabels()).map((label) => label.whole), { message: 'the labels show what the student typed' }).toEqual(SHOWN_WORDS);
    await expect.poll(async () => (await inspectPage.heatmapShape(inspectPage.hiddenHeatmap())).columnLabels, { message: 'the heatmap columns show what the student typed' }).toEqual(SHOWN_WORDS);
    await expect(inspectPage.unknownNotice).toContainText('“10/10”');
    await expect(inspectPage.unknownNotice).not.toContainText('\\/');
  });

  test('the word labels under the prefix chart never overlap and are at the chart label size', async ({ shell, dataPage, inspectPage }) => {
    await shell.open('backend=wasm&present=1');
    await dataPage.pickTask('sst2');
    await shell.goTo('inspect');
    await inspectPage.type(SENTENCE);
    await expectTraceOf(inspectPage, SENTENCE);
    // The chart draws on a frame after the trace arrives: wait for this sentence's labels, not the example's.
    await expect.poll(async () => (await inspectPage.prefixLabels()).map((label) => label.whole)).toEqual(SHOWN_WORDS);
    const labels = await inspectPage.prefixLabels();
    const overlapping = labels.flatMap((label, index) =>
      labels.slice(index + 1).filter((other) => quadsOverlap(label.corners, other.corners)).map((other) => `${label.text} × ${other.text}`),
    );
    expect(overlapping, 'no two word labels overlap').toEqual([]);
    const titleSize = await inspectPage.prefixTitleFontSize();
    expect(titleSize, 'presenter mode chart label size (px)').toBeGreaterThanOrEqual(20);
    for (const label of labels) expect(label.fontSize, `the size of the word label "${label.whole}" (px)`).toBe(titleSize);
  });
});

type Point = { x: number; y: number };

/** Whether two convex quadrilaterals overlap by more than a pixel (separating axis test over their edges' normals). */
function quadsOverlap(a: readonly Point[], b: readonly Point[]): boolean {
  for (const quad of [a, b]) {
    for (let index = 0; index < quad.length; index += 1) {
      const start = quad[index];
      const end = quad[(index + 1) % quad.length];
      const length = Math.hypot(end.x - start.x, end.y - start.y) || 1;
      const normal = { x: -(end.y - start.y) / length, y: (end.x - start.x) / length };
      const project = (points: readonly Point[]) => points.map((point) => point.x * normal.x + point.y * normal.y);
      const [pa, pb] = [project(a), project(b)];
      if (Math.min(...pa) >= Math.max(...pb) - 1 || Math.min(...pb) >= Math.max(...pa) - 1) return false;
    }
  }
  return true;
}
