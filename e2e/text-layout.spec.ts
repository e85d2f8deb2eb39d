/**
 * "Your text" as the student sees it, at the desk (light and dark) and in presenter mode: a sample that is one
 * long word wraps inside its box (the page never scrolls sideways), the truncated-BPTT picture has light boxes
 * with readable text and its whole legend inside it, its labels no larger than the page's type however few windows it
 * draws, the text boxes take the card's width and the page's type
 * size (so presenter mode enlarges them), and the loss chart's y title lies inside its chart. Each check reads
 * the rendered page: a stylesheet rule left open once took all of these away without an error.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { AppShell } from './pages/AppShell';
import { TextLabPage } from './pages/TextLabPage';

/** No space, no newline: whatever the model writes from it cannot wrap at a space. */
const ONE_WORD_TEXT = 'abcdefghijklmnopqrstuvwxyz'.repeat(120);
const PROSE = 'The sea is calm tonight. The tide is full, the moon lies fair upon the straits.\n'.repeat(40);

async function openWith(page: Page, shell: AppShell, text: string): Promise<TextLabPage> {
  const lab = new TextLabPage(page);
  await shell.open('backend=wasm');
  await lab.open();
  await lab.useText(text);
  return lab;
}

/** Step once (Play builds the model first) and wait until the step is taken. */
async function trainOneStep(page: Page): Promise<void> {
  await page.getByTestId('text-step').click();
  await expect(page.getByTestId('text-progress')).toContainText('Step 1 of');
  await expect(page.getByTestId('text-status')).toHaveText('paused');
}

/** The WCAG contrast ratio of two computed CSS colours (rgb/rgba). */
function contrast(first: string, second: string): number {
  const luminance = (color: string): number => {
    const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
      const channel = Number(part) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

/** The boxes of `inner` that stick out of `outer`'s (pixels, rounded), named by their text. */
async function outside(outer: Locator, inner: Locator): Promise<string[]> {
  const box = await outer.boundingBox();
  if (!box) throw new Error('the outer element is not rendered');
  const texts = await inner.evaluateAll((elements) =>
    elements.map((element) => {
      const rect = element.getBoundingClientRect();
      // Viewport coordinates, as boundingBox() gives.
      return { text: element.textContent ?? '', left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom };
    }),
  );
  const frame = { left: box.x, right: box.x + box.width, top: box.y, bottom: box.y + box.height };
  return texts
    .filter((text) => text.left < frame.left - 1 || text.right > frame.right + 1 || text.top < frame.top - 1 || text.bottom > frame.bottom + 1)
    .map((text) => `"${text.text}" at ${Math.round(text.left)}–${Math.round(text.right)} × ${Math.round(text.top)}–${Math.round(text.bottom)}, frame ${Math.round(frame.left)}–${Math.round(frame.right)} × ${Math.round(frame.top)}–${Math.round(frame.bottom)}`);
}

test('Your text layout: a sample that is one long word wraps inside its box', async ({ page, shell }) => {
  const lab = await openWith(page, shell, ONE_WORD_TEXT);
  await trainOneStep(page);
  // Temperature 0: the most likely symbol every time, the same word over and over.
  await page.getByTestId('text-temperature').focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('text-temperature')).toHaveValue('0');
  await page.getByTestId('text-write').click();
  await expect(lab.sample).toHaveText(/^\S{300}$/);
  const sample = await lab.sample.evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth, height: element.clientHeight, lineHeight: parseFloat(getComputedStyle(element).lineHeight) }));
  expect(sample.scrollWidth, 'the sample wraps inside its box (its scroll width)').toBeLessThanOrEqual(sample.clientWidth);
  expect(sample.height, 'the sample takes several lines').toBeGreaterThan(2 * sample.lineHeight);
  const page_ = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
  expect(page_.scrollWidth, 'the page does not scroll sideways').toBeLessThanOrEqual(page_.innerWidth);
});

test('Your text layout: the truncated-BPTT picture is readable, legend inside, light, dark and presenter', async ({ page, shell }) => {
  await openWith(page, shell, PROSE);
  const picture = page.getByTestId('tbptt-picture').locator('svg');
  await expect(picture).toBeVisible();
  for (const mode of ['light', 'dark', 'presenter'] as const) {
    if (mode === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
    if (mode === 'presenter') {
      await page.emulateMedia({ colorScheme: 'light' });
      await shell.togglePresenter();
      await expect(page.locator('html')).toHaveAttribute('data-presenter', /.*/);
    }
    const boxes = await picture.locator('rect.tbptt-window').evaluateAll((rects) =>
      rects.map((rect) => ({ fill: getComputedStyle(rect).fill, text: getComputedStyle(rect.nextElementSibling as Element).fill })),
    );
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) {
      expect(box.fill, `${mode}: a window box is not black`).not.toBe('rgb(0, 0, 0)');
      expect(contrast(box.fill, box.text), `${mode}: "K = …" on its box (${box.text} on ${box.fill})`).toBeGreaterThanOrEqual(4.5);
    }
    const cuts = await picture.locator('line.tbptt-cut').evaluateAll((lines) => lines.map((line) => getComputedStyle(line).stroke));
    expect(cuts.filter((stroke) => stroke === 'none'), `${mode}: every gradient cut is drawn`).toEqual([]);
    expect(await outside(picture, picture.locator('text')), `${mode}: texts outside the picture`).toEqual([]);
    // PROSE at the default B and K is two windows per epoch: the picture drew at the card's width, so its labels grew
    // with every window fewer ("K = 64" at 21 px beside 16 px type at 1280 × 800; 28 px for one window). Each label
    // reads at most at the page's type size, and in presenter mode at least at 16 px (the charts' floor there).
    const sizes = await picture.locator('text').evaluateAll((texts) =>
      texts.map((text) => {
        const scale = (text as SVGTextElement).ownerSVGElement?.getScreenCTM()?.a ?? 1;
        return { text: text.textContent ?? '', px: Math.round(parseFloat(getComputedStyle(text).fontSize) * scale * 10) / 10 };
      }),
    );
    const pageType = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(sizes.filter(({ px }) => px > pageType), `${mode}: picture labels larger than the page's ${pageType} px type`).toEqual([]);
    if (mode === 'presenter') expect(sizes.filter(({ px }) => px < 16), 'presenter: picture labels under 16 px').toEqual([]);
  }
  // 64 streams of 45 characters: one window per epoch, said in the singular ("1 steps per epoch" before).
  await page.getByTestId('text-streams').fill('64');
  await expect(page.getByTestId('tbptt-picture').locator('figcaption')).toContainText(/: 1 step per epoch[,.]/);
});

test('Your text layout: the text boxes take the card width and grow in presenter mode; the y title is inside its chart', async ({ page, shell }) => {
  await openWith(page, shell, PROSE);
  await trainOneStep(page);
  const boxes = [
    { name: 'Paste text', textarea: page.getByTestId('text-draft'), card: page.getByTestId('text-source') },
    { name: 'Text to read', textarea: page.getByTestId('units-text'), card: page.getByTestId('text-units') },
  ];
  const fontSizes = async (): Promise<number[]> => Promise.all(boxes.map(({ textarea }) => textarea.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))));
  const lossChart = page.getByTestId('lm-loss-chart');
  const checkChart = async (mode: string) => {
    const svg = lossChart.locator('svg').first();
    await expect(lossChart.locator('text.y-title')).toContainText('NLL');
    expect(await outside(svg, lossChart.locator('text.y-title')), `${mode}: the loss chart's y title outside its chart`).toEqual([]);
  };

  for (const { name, textarea, card } of boxes) {
    const width = (await textarea.boundingBox())?.width ?? 0;
    const cardWidth = await card.evaluate((element) => element.clientWidth - parseFloat(getComputedStyle(element).paddingLeft) - parseFloat(getComputedStyle(element).paddingRight));
    expect(width, `"${name}" is as wide as its card (${Math.round(cardWidth)} px)`).toBeGreaterThanOrEqual(cardWidth - 2);
  }
  const deskPage = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const desk = await fontSizes();
  await checkChart('desk');

  await shell.togglePresenter();
  await expect(page.locator('html')).toHaveAttribute('data-presenter', /.*/);
  const presenterPage = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(presenterPage).toBeGreaterThan(deskPage);
  const presenter = await fontSizes();
  boxes.forEach(({ name }, index) => {
    // The page's type grows by presenterPage / deskPage; the text boxes' by as much.
    expect(presenter[index], `"${name}" type in presenter mode (desk ${desk[index]} px)`).toBeGreaterThanOrEqual((desk[index] * presenterPage) / deskPage - 0.5);
  });
  await checkChart('presenter');
});
