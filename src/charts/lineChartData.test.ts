import { describe, expect, it } from 'vitest';
import { scaleLog } from 'd3';
import { decimate, dodgeOffsets, formatLogTick, hoverReadout, integerTicks, lineDomains, logTicks, nearestIndex, spreadLabels, wrapTitle } from './lineChartData';
import type { LinePoint, LineSeries } from './lineChartData';
import { estimateTextWidth } from './format';

const ramp = (count: number, y: (index: number) => number = (index) => index): LinePoint[] =>
  Array.from({ length: count }, (_, index) => ({ x: index, y: y(index) }));

describe('decimate', () => {
  it('returns short series unchanged', () => {
    const points = ramp(10);
    expect(decimate(points, 100)).toBe(points);
  });

  it('caps the number of points and keeps the first and last', () => {
    const points = ramp(10_000, (index) => Math.sin(index / 50));
    const result = decimate(points, 500);
    expect(result.length).toBeLessThanOrEqual(500);
    expect(result.length).toBeGreaterThan(400);
    expect(result[0]).toBe(points[0]);
    expect(result[result.length - 1]).toBe(points[points.length - 1]);
  });

  it('keeps a single spike that every-n-th sampling would lose', () => {
    const points = ramp(10_000, (index) => (index === 4321 ? 50 : 1));
    const result = decimate(points, 100);
    expect(result.some((point) => point.y === 50)).toBe(true);
  });

  it('keeps the global minimum and maximum and stays sorted by x', () => {
    const points = ramp(5000, (index) => Math.cos(index * 0.37) * index);
    const result = decimate(points, 200);
    const ys = points.map((point) => point.y);
    expect(result.some((point) => point.y === Math.max(...ys))).toBe(true);
    expect(result.some((point) => point.y === Math.min(...ys))).toBe(true);
    for (let index = 1; index < result.length; index += 1) expect(result[index].x).toBeGreaterThan(result[index - 1].x);
  });

  it('keeps a NaN so a diverged step still breaks the line', () => {
    const points = ramp(3000, (index) => (index === 1500 ? NaN : 1 / (index + 1)));
    expect(decimate(points, 50).some((point) => Number.isNaN(point.y))).toBe(true);
  });

  it('rejects a budget too small to keep first, last and one bucket', () => {
    expect(() => decimate(ramp(10), 3)).toThrow(/at least 4/);
  });
});

describe('lineDomains', () => {
  const series = (points: LinePoint[]): LineSeries[] => [{ id: 'a', label: 'a', points }];

  it('covers every finite point and starts a linear axis at zero', () => {
    const domains = lineDomains(series([{ x: 5, y: 2 }, { x: 9, y: NaN }, { x: 20, y: 3 }]));
    expect(domains.x).toEqual([5, 20]);
    expect(domains.y[0]).toBe(0);
    expect(domains.y[1]).toBeGreaterThanOrEqual(3);
  });

  it('uses only positive values on a log axis', () => {
    const domains = lineDomains(series([{ x: 0, y: 0 }, { x: 1, y: 1e-4 }, { x: 2, y: 10 }]), { isLogY: true });
    expect(domains.y[0]).toBeGreaterThan(0);
    expect(domains.y[0]).toBeLessThan(1e-4);
    expect(domains.y[1]).toBeGreaterThan(10);
  });

  it('honours a fixed y domain and widens a single point', () => {
    const domains = lineDomains(series([{ x: 3, y: 0.5 }]), { yDomain: [0, 1] });
    expect(domains.y).toEqual([0, 1]);
    expect(domains.x).toEqual([2, 4]);
  });

  it('has a usable default for no data', () => {
    expect(lineDomains([])).toEqual({ x: [0, 1], y: [0, 1] });
  });

  it('covers reference lines, also before any data (ln 8 was clamped to 1 on an empty log axis)', () => {
    const empty = lineDomains([], { isLogY: true, referenceYs: [Math.log(8)] });
    expect(empty.y[0]).toBeLessThan(Math.log(8));
    expect(empty.y[1]).toBeGreaterThan(Math.log(8));
    const low = lineDomains(series([{ x: 0, y: 0.01 }, { x: 1, y: 0.1 }]), { isLogY: true, referenceYs: [Math.log(8)] });
    expect(low.y[1]).toBeGreaterThan(Math.log(8));
    expect(lineDomains(series([{ x: 0, y: 0.5 }]), { yDomain: [0, 1], referenceYs: [3] }).y, 'a fixed domain stays fixed').toEqual([0, 1]);
  });
});

describe('integerTicks', () => {
  it('labels a short run of steps with whole numbers only', () => {
    expect(integerTicks([28, 30], 7)).toEqual([28, 29, 30]);
    expect(integerTicks([0, 2], 5)).toEqual([0, 1, 2]);
  });

  it('keeps d3 ticks on long runs and finds the whole number in a narrow domain', () => {
    expect(integerTicks([0, 2000], 5)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(integerTicks([29.5, 30.5], 5)).toEqual([30]);
  });
});

describe('dodgeOffsets', () => {
  it('moves a dot off an earlier series\' dot at the same place, and leaves distinct dots alone', () => {
    const first = [{ x: 10, y: 50 }, { x: 100, y: 50 }];
    const second = [{ x: 10, y: 50 }, { x: 100, y: 80 }];
    const third = [{ x: 10, y: 51 }];
    expect(dodgeOffsets([first, second, third], 3.5)).toEqual([[0, 0], [5.25, 0], [10.5]]);
  });
});

describe('wrapTitle', () => {
  const estimate = (text: string) => estimateTextWidth(text, 13);

  it('keeps a title that fits on one line and cuts a longer one at words', () => {
    expect(wrapTitle('accuracy', 140, estimate)).toEqual(['accuracy']);
    const lines = wrapTitle('batch loss (nats, log scale)', 140, estimate);
    expect(lines).toEqual(['batch loss (nats,', 'log scale)']);
    for (const line of lines) expect(estimate(line)).toBeLessThanOrEqual(140);
  });

  it('gives a word longer than the room a line of its own', () => {
    expect(wrapTitle('a verylongwordindeed b', 50, estimate)).toEqual(['a', 'verylongwordindeed', 'b']);
  });
});

describe('nearestIndex and hoverReadout', () => {
  it('finds the nearest x by binary search, ties to the earlier point', () => {
    const points = [0, 10, 20, 30].map((x) => ({ x, y: x }));
    expect(nearestIndex(points, -5)).toBe(0);
    expect(nearestIndex(points, 14)).toBe(1);
    expect(nearestIndex(points, 15)).toBe(1);
    expect(nearestIndex(points, 16)).toBe(2);
    expect(nearestIndex(points, 99)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
  });

  it('snaps to the nearest step and reads every series there', () => {
    const train: LineSeries = { id: 'train', label: 'train loss', points: ramp(100, (index) => 100 - index) };
    const val: LineSeries = { id: 'val', label: 'val loss', points: [{ x: 49, y: 7 }, { x: 99, y: 5 }], mark: 'points' };
    const readout = hoverReadout([train, val], 41.3);
    expect(readout?.x).toBe(41);
    expect(readout?.rows).toHaveLength(2);
    expect(readout?.rows[0]).toMatchObject({ id: 'train', point: { x: 41, y: 59 }, isExact: true });
    expect(readout?.rows[1]).toMatchObject({ id: 'val', point: { x: 49, y: 7 }, isExact: false });
  });

  it('returns null when there is nothing to read', () => {
    expect(hoverReadout([{ id: 'a', label: 'a', points: [] }], 3)).toBeNull();
  });
});

describe('spreadLabels', () => {
  it('moves labels that would overprint apart by one line, keeping their order', () => {
    // SST-2: "always positive" at 50.9% and "chance (macro)" at 50% are 2 px apart on a 200 px axis.
    const placed = spreadLabels([98.2, 100], 14, 0, 200);
    expect(placed[1] - placed[0]).toBeGreaterThanOrEqual(14);
    expect(placed[0]).toBeLessThan(placed[1]);
    // Each moves as little as needed: the pair stays centred near where it wanted to be.
    expect(Math.abs((placed[0] + placed[1]) / 2 - 99.1)).toBeLessThanOrEqual(7);
  });

  it('leaves labels that are far enough apart where they are, in the order given', () => {
    expect(spreadLabels([150, 20, 90], 14, 0, 200)).toEqual([150, 20, 90]);
  });

  it('keeps labels inside the plot at its edges', () => {
    const placed = spreadLabels([199, 200, 201], 10, 0, 200);
    expect(placed).toEqual([180, 190, 200]);
    const top = spreadLabels([-5, 0], 10, 0, 200);
    expect(top).toEqual([0, 10]);
  });
});

describe('formatLogTick', () => {
  it('prints plain numbers where students read them', () => {
    expect([2, 1, 0.5, 0.01, 0.002, 300, 1000].map(formatLogTick)).toEqual(['2', '1', '0.5', '0.01', '0.002', '300', '1000']);
  });

  it('uses powers of ten only for very small or very large values, never e-notation', () => {
    expect(formatLogTick(1e-5)).toBe('10⁻⁵');
    expect(formatLogTick(3e-5)).toBe('3×10⁻⁵');
    expect(formatLogTick(2e5)).toBe('2×10⁵');
    for (const value of [1e-8, 2, 0.01, 5e6]) expect(formatLogTick(value)).not.toMatch(/e[+-]/);
  });
});

describe('logTicks', () => {
  // A short log chart, as the race's gradient norm was (180 px tall): a plot of 118 px at the desk (12 px tick labels) and
  // 96 px in presenter mode at 1920 (19 px); LineChart asks 1.25 × the tick font per label.
  const desk = { plotHeight: 118, labelGap: 15 };
  const presenter = { plotHeight: 96, labelGap: 19 * 1.25 };
  const position = (domain: [number, number], plotHeight: number, value: number) => (Math.log10(value / domain[0]) / Math.log10(domain[1] / domain[0])) * plotHeight;
  /** Every labelled tick inside the domain, in order, a label's height apart; every power of ten inside has a tick. */
  function expectReadable(domain: [number, number], { plotHeight, labelGap }: { plotHeight: number; labelGap: number }) {
    const { values, labelled } = logTicks(domain, plotHeight, labelGap);
    for (const value of labelled) {
      expect(values).toContain(value);
      expect(value).toBeGreaterThanOrEqual(domain[0]);
      expect(value).toBeLessThanOrEqual(domain[1]);
    }
    for (let index = 1; index < labelled.length; index += 1) {
      expect(position(domain, plotHeight, labelled[index]) - position(domain, plotHeight, labelled[index - 1]), `${labelled[index - 1]} to ${labelled[index]} (px)`).toBeGreaterThanOrEqual(labelGap - 1e-9);
    }
    for (let exponent = Math.ceil(Math.log10(domain[0])); 10 ** exponent <= domain[1]; exponent += 1) expect(values).toContain(Number((10 ** exponent).toPrecision(12)));
    // Distinct texts: no two labels read the same.
    expect(new Set(labelled.map(formatLogTick)).size).toBe(labelled.length);
    return labelled.map(formatLogTick);
  }

  it('labels 2 and 5 beside the powers of ten where d3 labelled a race\'s gradient norm with one tick', () => {
    // Norms between 0.5 and 5, the domain widened by 1.5 either side (lineDomains).
    const domain: [number, number] = [0.5 / 1.5, 5 * 1.5];
    // The bug as it was: d3's ticks for the 2 ticks such a plot has, through its own tick format, labelled "1" alone.
    const scale = scaleLog().domain(domain);
    const d3Format = scale.tickFormat(2);
    expect(scale.ticks(2).filter((value) => d3Format(value) !== '')).toEqual([1]);
    expect(expectReadable(domain, desk)).toEqual(['0.5', '1', '2', '5']);
    // Presenter type: 0.5 and 2 are too near 1 for 24 px labels; 5 and then 0.4 clear it.
    expect(expectReadable(domain, presenter)).toEqual(['0.4', '1', '5']);
    // Two decades: both powers, and 2 and 5 between them where they clear the labels placed.
    const wider = expectReadable([0.3, 20], presenter);
    expect(wider).toEqual(expect.arrayContaining(['1', '10']));
    expect(wider.length).toBeGreaterThanOrEqual(3);
    expect(expectReadable([0.3, 20], desk)).toEqual(['0.5', '1', '2', '5', '10', '20']);
  });

  it('labels a domain of less than a decade with 2, 5 or the digits between, and a narrower one with plain ticks', () => {
    expect(expectReadable([1.2, 9], desk)).toEqual(expect.arrayContaining(['2', '5']));
    expect(expectReadable([1.2, 9], desk).length).toBeGreaterThanOrEqual(3);
    // No 1, 2 or 5 × 10ⁿ inside: 3 and 4.
    expect(expectReadable([2.1, 4.9], desk)).toEqual(['3', '4']);
    expect(expectReadable([3.1, 3.9], desk).length).toBeGreaterThanOrEqual(2);
    expect(expectReadable([0.011, 0.019], presenter).length).toBeGreaterThanOrEqual(2);
  });

  it('puts a tick at every power of ten of a wide domain and labels as many as fit', () => {
    const { values, labelled } = logTicks([1e-6, 1e3], desk.plotHeight, desk.labelGap);
    expect(values.map(formatLogTick)).toEqual(['10⁻⁶', '10⁻⁵', '10⁻⁴', '0.001', '0.01', '0.1', '1', '10', '100', '1000']);
    // 13 px a decade under 15 px labels: every second power, 1 among them.
    expect(labelled.map(formatLogTick)).toEqual(['10⁻⁶', '10⁻⁴', '0.01', '1', '100']);
    expectReadable([1e-6, 1e3], desk);
    expect(expectReadable([1e-3, 1], { plotHeight: 200, labelGap: 15 })).toEqual(['0.001', '0.01', '0.1', '1']);
    for (const domain of [[0.05, 200], [5, 60], [0.8, 1.3], [2e-7, 3e-2], [1, 10]] as [number, number][]) {
      for (const size of [desk, presenter]) expect(expectReadable(domain, size).length, `labels on ${domain.join('–')}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('gives nothing for a domain a log axis cannot have', () => {
    expect(logTicks([0, 10], 100, 15)).toEqual({ values: [], labelled: [] });
    expect(logTicks([5, 5], 100, 15)).toEqual({ values: [], labelled: [] });
  });
});
