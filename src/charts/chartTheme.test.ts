import { describe, expect, it } from 'vitest';
import { DEFAULT_THEME, categoricalColor, contrastingTextColor, parseCssPixels, relativeLuminance, themeFromVariables } from './chartTheme';
import { formatShare, formatValue, subscript, truncateLabel, visibleSymbol } from './format';
import { canvasBackingSize } from './frame';
import { motionDuration } from './motion';
import { gradientStops, legendTicks } from './colorLegend';
import { minimumDiagramScale } from './networkDiagram';

describe('theme from CSS variables', () => {
  it('reads colours, font sizes and the palette, falling back to the defaults', () => {
    const variables: Record<string, string> = { '--chart-fg': ' #fff ', '--chart-font-size': '20px', '--chart-palette': 'red, blue' };
    const theme = themeFromVariables((name) => variables[name] ?? '');
    expect(theme.foreground).toBe('#fff');
    expect(theme.background).toBe(DEFAULT_THEME.background);
    expect(theme.fontSize).toBe(20);
    expect(theme.smallFontSize).toBe(Math.round(20 * (11 / 13)));
    expect(theme.categorical).toEqual(['red', 'blue']);
    expect(categoricalColor(theme, 3)).toBe('blue');
  });

  it('brightens shares towards 100% on a dark card, and keeps the light ramp otherwise', () => {
    const brightness = (ramp: (t: number) => string) => [0, 0.25, 0.5, 0.75, 1].map((t) => relativeLuminance(ramp(t)) ?? Number.NaN);
    const dark = brightness(themeFromVariables((name) => (name === '--chart-share-ramp' ? ' dark ' : '')).sequentialLight);
    // Each step brighter than the one before (the light ramp made a 5% cell the brightest on a dark card).
    dark.slice(1).forEach((value, index) => expect(value, `luminance at ${(index + 1) * 25}% over ${index * 25}%`).toBeGreaterThan(dark[index]));
    expect(dark[0], 'a small share stands clear of a dark card (#0f141a)').toBeGreaterThan(3 * (relativeLuminance('#0f141a') ?? 1));
    expect(themeFromVariables(() => '').sequentialLight).toBe(DEFAULT_THEME.sequentialLight);
  });

  it('reads the smallest size a scaled-down chart may shrink its labels to (presenter mode raises it)', () => {
    expect(themeFromVariables(() => '').minScaledFontSize).toBe(DEFAULT_THEME.minScaledFontSize);
    const presenter: Record<string, string> = { '--chart-small-font-size': '17px', '--chart-min-font-size': '16px' };
    const theme = themeFromVariables((name) => presenter[name] ?? '');
    expect(theme.minScaledFontSize).toBe(16);
    expect(minimumDiagramScale(theme) * theme.smallFontSize, 'the network diagram\'s smallest label (px)').toBeCloseTo(16);
    expect(minimumDiagramScale({ smallFontSize: 12, minScaledFontSize: 9 }), 'at the desk, as before').toBe(0.75);
    expect(minimumDiagramScale({ smallFontSize: 8, minScaledFontSize: 9 }), 'never drawn larger than its layout').toBe(1);
  });

  it("uses the element's own font size when no chart size is set (presenter mode enlarges text)", () => {
    expect(themeFromVariables(() => '', DEFAULT_THEME, 18).fontSize).toBe(18);
  });

  it('parses px lengths only', () => {
    expect(parseCssPixels('14px')).toBe(14);
    expect(parseCssPixels(' 12 ')).toBe(12);
    expect(parseCssPixels('1.2rem')).toBeNull();
    expect(parseCssPixels('')).toBeNull();
  });

  it('picks legible text on light and dark fills', () => {
    expect(contrastingTextColor('#ffffff')).toBe('#000000');
    expect(contrastingTextColor('#08306b')).toBe('#ffffff');
    expect(contrastingTextColor(DEFAULT_THEME.sequentialLight(0))).toBe('#000000');
    expect(contrastingTextColor(DEFAULT_THEME.sequentialLight(1))).toBe('#ffffff');
  });

  it('maps diverging negative to blue and positive to red', () => {
    const rgb = (css: string) => css.match(/\d+/g)!.map(Number);
    const [negativeRed, , negativeBlue] = rgb(DEFAULT_THEME.diverging(0));
    const [positiveRed, , positiveBlue] = rgb(DEFAULT_THEME.diverging(1));
    expect(negativeBlue).toBeGreaterThan(negativeRed);
    expect(positiveRed).toBeGreaterThan(positiveBlue);
  });
});

describe('motion, canvas and legend helpers', () => {
  it('drops every duration under reduced motion', () => {
    expect(motionDuration(300, true)).toBe(0);
    expect(motionDuration(300, false)).toBe(300);
  });

  it('sizes canvases in device pixels', () => {
    expect(canvasBackingSize(300, 150, 2)).toEqual({ width: 600, height: 300 });
    expect(canvasBackingSize(300, 150, NaN)).toEqual({ width: 300, height: 150 });
  });

  it('puts zero among the legend ticks of a diverging range', () => {
    expect(legendTicks([-1, 1])).toEqual([-1, 0, 1]);
    expect(legendTicks([0, 1])).toEqual([0, 0.5, 1]);
    expect(gradientStops((t) => String(t), 3).map((stop) => stop.offset)).toEqual([0, 0.5, 1]);
  });
});

describe('format', () => {
  it('formats values for read-outs', () => {
    expect(formatValue(9408)).toBe('9,408');
    expect(formatValue(0.12345)).toBe('0.1235');
    expect(formatValue(2.5e-7)).toBe('2.5e-7');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatShare(0.469)).toBe('47%');
    expect(formatShare(0.0123)).toBe('1.2%');
    expect(formatShare(0.0001)).toBe('<0.1%');
    expect(formatShare(0)).toBe('0%');
  });

  it('shortens and subscripts labels', () => {
    expect(truncateLabel('Vietnamese', 6)).toBe('Vietn…');
    expect(truncateLabel('Irish', 6)).toBe('Irish');
    expect(subscript(12)).toBe('₁₂');
  });

  it('makes invisible symbols visible, with glyphs common fonts have', () => {
    expect([' ', '\t', '\n', 'a', '<EOS>'].map(visibleSymbol)).toEqual(['␣', '⇥', '↵', 'a', '<EOS>']);
  });
});
