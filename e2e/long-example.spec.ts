/**
 * A long pasted sentence on Inspect and Encode (review 5, finding 1): 4% of SST-2's sentences are longer than the
 * 200 characters the inputs used to take, and the verdict shown was for the cut text, with nothing on screen saying
 * so. Every SST-2 sentence is now read whole; a text longer than the limit is cut with a note saying where.
 * An untrained tiny model is enough: what is read does not depend on the weights.
 */
import { expect, test } from './fixtures';

/** A dev sentence of 233 characters (the review's): cut at 200 it ended "…in favor o". */
const LONG_DEV_SENTENCE =
  'this is a train wreck of an action film -- a stupefying attempt by the filmmakers to force-feed james bond into the mindless xxx mold and throw 40 years of cinematic history down the toilet in favor of bright flashes and loud bangs .';

test('SST-2: Inspect and Encode read a 233-character dev sentence whole; a longer text is cut with a note saying where', async ({ page, shell, inspectPage, encodePage }) => {
  expect(LONG_DEV_SENTENCE.length).toBe(233);
  await shell.open('task=sst2&hidden=16&backend=wasm');
  await shell.goTo('inspect');
  const inspectNote = page.getByTestId('screen-inspect').getByTestId('example-cut-note');
  await inspectPage.type(LONG_DEV_SENTENCE);
  await expect(inspectPage.input, 'the whole sentence in the box').toHaveValue(LONG_DEV_SENTENCE);
  await expect(inspectPage.topK, 'the prediction is for the whole sentence').toContainText(`> ${LONG_DEV_SENTENCE}`);
  // SST-2 is tokenised already: one token per space-separated word, 44 of them (38 when it was cut at 200 characters).
  await expect.poll(async () => (await inspectPage.heatmapShape(inspectPage.hiddenHeatmap())).columns, { message: 'the hidden states, one per word read' }).toBe(LONG_DEV_SENTENCE.split(' ').length);
  await expect(inspectNote).toBeHidden();

  const tooLong = `${LONG_DEV_SENTENCE} ${LONG_DEV_SENTENCE}`;
  await inspectPage.type(tooLong);
  // Character 400 falls inside "history": the model reads up to the last whole word ("cinematic"), no stub.
  const read = tooLong.slice(0, tooLong.lastIndexOf(' ', 399));
  expect(read.endsWith('of cinematic'), 'the cut falls inside a word here').toBe(true);
  await expect(inspectPage.input).toHaveValue(read);
  await expect(inspectNote).toHaveText(`Cut at 400 characters: Inspect reads the text up to “…${read.slice(-24)}” and leaves out what followed.`);
  await expect(inspectPage.input).toHaveAccessibleDescription(/Cut at 400 characters/);
  await expect(inspectPage.topK, 'the prediction is for the text as cut').toContainText(`> ${read}`);

  await shell.goTo('encode');
  await expect(page.getByTestId('screen-encode').getByTestId('example-cut-note')).toContainText('Cut at 400 characters: Encode reads the text up to');
  await encodePage.type(LONG_DEV_SENTENCE);
  await expect(encodePage.input).toHaveValue(LONG_DEV_SENTENCE);
  await expect(page.getByTestId('screen-encode').getByTestId('example-cut-note'), 'the note once the text fits').toBeHidden();
});
