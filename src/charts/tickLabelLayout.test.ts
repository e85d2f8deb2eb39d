import { describe, expect, it } from 'vitest';
import { estimateTextWidth } from './format';
import { ROTATED_LABEL_ANGLE, tickLabelLayout } from './tickLabelLayout';

/** The review's sentence, as the prefix chart labels it (display forms). */
const WORDS = ['was', "n't", 'it', '"', 'great', '"', '?', '(', 'no', '.', ')', 'i', "'d", 'say', '...', 'meh', ';', '10/10', 'flimflammery', '!'];

/** Left and right ends, along the axis, of each drawn label's footprint (rotated: its width across one text line). */
function footprints(words: readonly string[], slot: number, fontSize: number): [number, number][] {
  const layout = tickLabelLayout(words, slot, fontSize);
  const drawn = layout.texts.map((text, index) => ({ text, index })).filter(({ index }) => index % layout.stride === 0);
  return drawn.map(({ text, index }) => {
    const centre = (index + 0.5) * slot;
    if (layout.angle === 0) {
      const half = estimateTextWidth(text, fontSize) / 2;
      return [centre - half, centre + half];
    }
    // A rotated label is a band one line thick; along the axis it covers lineHeight / sin θ.
    const along = (fontSize * 1.2) / Math.sin((Math.abs(layout.angle) * Math.PI) / 180);
    return [centre - along / 2, centre + along / 2];
  });
}

describe('tickLabelLayout', () => {
  it('keeps every word upright and whole where the widest fits its slot', () => {
    const layout = tickLabelLayout(['not', 'good'], 100, 14);
    expect(layout).toEqual({ stride: 1, angle: 0, texts: ['not', 'good'], height: 14 * 1.2 });
  });

  it('never lets two labels overprint: presenter mode at 1920 × 1080 (22 px words, 33 px a word)', () => {
    const layout = tickLabelLayout(WORDS, 33, 22);
    expect(layout.angle).toBe(ROTATED_LABEL_ANGLE);
    expect(layout.stride).toBe(1);
    expect(layout.texts).toContain('flimflammery');
    const spans = footprints(WORDS, 33, 22);
    for (let index = 1; index < spans.length; index += 1) expect(spans[index][0]).toBeGreaterThanOrEqual(spans[index - 1][1] - 1e-9);
  });

  it('shows every n-th word where even rotated words do not fit one per slot', () => {
    const layout = tickLabelLayout(WORDS, 10, 22);
    expect(layout.stride).toBe(4);
    const spans = footprints(WORDS, 10, 22);
    for (let index = 1; index < spans.length; index += 1) expect(spans[index][0]).toBeGreaterThanOrEqual(spans[index - 1][1] - 1e-9);
  });

  it('cuts a very long rotated word with "…" and says how tall the labels are', () => {
    const long = 'a'.repeat(3000);
    const layout = tickLabelLayout(['it', long, 'is'], 30, 20);
    expect(layout.stride).toBe(1);
    expect(layout.texts[0]).toBe('it');
    expect(layout.texts[1].endsWith('…')).toBe(true);
    expect(estimateTextWidth(layout.texts[1], 20)).toBeLessThanOrEqual(8 * 20);
    expect(layout.height).toBeLessThanOrEqual(8 * 20 * Math.sin(Math.PI / 3) + 20);
    expect(layout.height).toBeGreaterThan(100);
  });

  it('measures with the given measure (the page font) rather than the estimate', () => {
    const narrow = tickLabelLayout(['wide'], 30, 20, { measure: () => 10 });
    expect(narrow.angle).toBe(0);
    const wide = tickLabelLayout(['i'], 30, 20, { measure: () => 40 });
    expect(wide.angle).toBe(ROTATED_LABEL_ANGLE);
  });
});
