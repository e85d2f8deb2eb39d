/**
 * LineChart: named series over steps (train/val loss, accuracy and macro accuracy, gradient norms, prefix predictions).
 *
 * Create once on a container `<div>`, then call `update(data)` as often as snapshots arrive (at most every 60 ms while
 * training). Each update decimates long series to about two points per pixel (min/max per bucket, so spikes survive),
 * moves the scales and redraws paths in place; nothing is removed and re-appended. No transitions here: a live stream
 * that animated every snapshot would lag behind the numbers it shows.
 *
 * Hover: a vertical rule at the nearest sampled step with every series' value there (exact, from the full series).
 * Click: `onSelectX(x)` with that step (the prefix chart uses it to pick a timestep).
 */
import { axisBottom, axisLeft, format, line as lineShape, pointer, scaleLinear, scaleLog, select } from 'd3';
import type { ScaleLinear, ScaleLogarithmic } from 'd3';
import type { ChartTheme } from './chartTheme';
import { categoricalColor } from './chartTheme';
import { estimateTextWidth, formatValue } from './format';
import { ChartFrame, renderLegend } from './frame';
import type { GroupSelection } from './frame';
import { tickLabelLayout } from './tickLabelLayout';
import type { TickLabelLayout } from './tickLabelLayout';
import { decimate, dodgeOffsets, formatLogTick, hoverReadout, integerTicks, lineDomains, logTicks, spreadLabels, wrapTitle } from './lineChartData';
import type { LinePoint, LineSeries } from './lineChartData';

export type { LinePoint, LineSeries, SeriesMark } from './lineChartData';

export interface LineChartOptions {
  /** Accessible name, e.g. 'Loss over training steps'. */
  title: string;
  /** Axis titles with units, e.g. 'step (batches)' and 'loss (nats, mean NLL)'. */
  xLabel: string;
  yLabel: string;
  /** Plot height in CSS px (the width follows the container). Default 260. */
  height?: number;
  /** Logarithmic y axis (gradient norms span orders of magnitude). */
  isLogY?: boolean;
  /** Fixed y domain, e.g. [0, 1] for accuracy. */
  yDomain?: readonly [number, number];
  /** Start a linear y axis at 0 (default true). */
  includeZero?: boolean;
  /** Format of y tick labels; defaults to d3's. */
  yTickFormat?: (value: number) => string;
  /** Readout formatting of y values; defaults to `formatValue`. */
  formatY?: (value: number) => string;
  /** Called with the snapped x when the plot is clicked. */
  onSelectX?: (x: number) => void;
  theme?: Partial<ChartTheme>;
}

export interface ReferenceLine {
  y: number;
  label: string;
}

export interface LineChartData {
  series: readonly LineSeries[];
  /** Overrides the x domain (e.g. [-0.5, T - 0.5] so the first and last token are not on the frame). */
  xDomain?: readonly [number, number];
  /**
   * Overrides x ticks (e.g. one per token with the token as its label, whole: the chart cuts a long one). These name
   * the steps (the words of a sentence), so they are drawn at the label size, and laid out by `tickLabelLayout`:
   * upright, rotated or thinned so none overprint, a cut label's whole text in its tooltip.
   */
  xTicks?: { values: readonly number[]; format: (x: number) => string };
  /** Heading of the hover read-out for x (default `${xLabel}: ${x}`). */
  formatXReadout?: (x: number) => string;
  /** Horizontal dashed rules, e.g. the 0.5 "undecided" line for sentiment. */
  referenceLines?: readonly ReferenceLine[];
  /** A highlighted x (selected timestep), drawn as an accent rule. */
  selectedX?: number | null;
  /** Text under the chart (plain). */
  caption?: string;
}

interface DrawnSeries {
  id: string;
  label: string;
  color: string;
  mark: NonNullable<LineSeries['mark']>;
  isDashed: boolean;
  drawn: readonly LinePoint[];
}

type YScale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

const EMPTY: LineChartData = { series: [] };

/** The height a log axis's label takes, in tick font sizes: the digits and a little air to the next label. */
const LOG_LABEL_LINE = 1.25;

/** Whole-number tick labels with d3's thousands separator, as its default ticks print them ("1,500"). */
const wholeNumber = format(',');

export class LineChart {
  private readonly frame: ChartFrame;
  private readonly plot: GroupSelection;
  private readonly gridGroup: GroupSelection;
  private readonly xAxisGroup: GroupSelection;
  private readonly yAxisGroup: GroupSelection;
  private readonly referenceGroup: GroupSelection;
  private readonly seriesGroup: GroupSelection;
  private readonly hoverGroup: GroupSelection;
  private readonly xTitle;
  private readonly yTitle;
  /** An invisible text to measure title lines with (wrapping). */
  private readonly titleProbe;
  private readonly overlay;
  private data: LineChartData = EMPTY;
  /** Pointer x (plot px) while hovering, so a live update refreshes the read-out under a still pointer. */
  private hoverX: number | null = null;
  /** Height under the plot for the x tick labels (px), set by each render; the default fits one line of small type. */
  private xLabelSpace: number | null = null;
  private xScale = scaleLinear();
  private yScale: YScale = scaleLinear();
  /** Decimation cache per series id: skipped when the caller passes the same array with the same length. */
  private readonly decimated = new Map<string, { source: readonly LinePoint[]; length: number; budget: number; drawn: readonly LinePoint[] }>();

  constructor(
    container: HTMLElement,
    private readonly options: LineChartOptions,
  ) {
    this.frame = new ChartFrame(container, { ariaLabel: options.title, className: 'chart-line', theme: options.theme }, () => this.render());
    const svg = this.frame.svg;
    this.plot = svg.append('g').attr('class', 'plot');
    this.gridGroup = this.plot.append('g').attr('class', 'grid');
    this.referenceGroup = this.plot.append('g').attr('class', 'references');
    this.seriesGroup = this.plot.append('g').attr('class', 'series');
    this.xAxisGroup = this.plot.append('g').attr('class', 'x-axis');
    this.yAxisGroup = this.plot.append('g').attr('class', 'y-axis');
    this.xTitle = svg.append('text').attr('class', 'axis-title x-title').attr('text-anchor', 'middle').text(options.xLabel);
    this.yTitle = svg.append('text').attr('class', 'axis-title y-title').attr('text-anchor', 'middle');
    this.titleProbe = svg.append('text').attr('class', 'axis-title title-probe').attr('aria-hidden', 'true').style('visibility', 'hidden');
    this.hoverGroup = this.plot.append('g').attr('class', 'hover').style('pointer-events', 'none').style('display', 'none');
    this.hoverGroup.append('line').attr('class', 'hover-rule');
    this.overlay = this.plot.append('rect').attr('class', 'overlay').attr('fill', 'transparent').style('cursor', options.onSelectX ? 'pointer' : 'crosshair');
    this.overlay
      .on('pointermove', (event: PointerEvent) => this.hover(pointer(event)[0]))
      .on('pointerleave', () => this.leave())
      .on('click', (event: MouseEvent) => {
        const readout = hoverReadout(this.data.series, this.xScale.invert(pointer(event)[0]));
        if (readout && this.options.onSelectX) this.options.onSelectX(readout.x);
      });
    this.render();
  }

  update(data: LineChartData): void {
    this.data = data;
    this.render();
  }

  /** Re-reads CSS variables (presenter mode, contrast theme) and redraws. */
  refreshTheme(): void {
    this.frame.refreshTheme();
    this.render();
  }

  destroy(): void {
    this.frame.destroy();
  }

  private margins(theme: ChartTheme): { top: number; right: number; bottom: number; left: number } {
    const font = theme.smallFontSize;
    // Room for the widest reference label, so "always Russian" is not cut at the frame.
    const referenceWidth = Math.max(0, ...(this.data.referenceLines ?? []).map((reference) => estimateTextWidth(reference.label, font)));
    const top = 10;
    const bottom = (this.xLabelSpace ?? font * 2) + theme.fontSize + 14;
    // Each extra line of a wrapped y title takes a line's width on the left.
    const extraTitleLines = this.yTitleLines(theme, top, bottom).length - 1;
    return { top, right: 16 + (referenceWidth > 0 ? referenceWidth + 4 : 0), bottom, left: font * 4 + theme.fontSize * (1 + 1.2 * extraTitleLines) + 14 };
  }

  /**
   * The y title in lines that fit beside the plot: centred on it, rotated, a line may reach into the top margin
   * and as far below (the corner under the y axis is empty). Measured in the page's font, so "held-out accuracy"
   * is not cut where it fits.
   */
  private yTitleLines(theme: ChartTheme, top: number, bottom: number): string[] {
    const innerHeight = Math.max(10, (this.options.height ?? 260) - top - bottom);
    const measure = (text: string): number => {
      const probe = this.titleProbe.style('font-size', `${theme.fontSize}px`).text(text).node();
      const length = probe?.getComputedTextLength?.() ?? 0;
      // No layout (a test DOM): the estimate every chart's margins use.
      return length > 0 ? length : estimateTextWidth(text, theme.fontSize);
    };
    return wrapTitle(this.options.yLabel, innerHeight + 2 * top, measure);
  }

  private render(): void {
    const { frame, options, data } = this;
    const theme = frame.theme;
    const width = frame.width;
    const domains = lineDomains(data.series, {
      isLogY: options.isLogY,
      yDomain: options.yDomain,
      xDomain: data.xDomain,
      includeZero: options.includeZero,
      referenceYs: (data.referenceLines ?? []).map((reference) => reference.y),
    });
    // The labels' room depends on the plot's width and the margins on the labels' height: lay out at the default
    // margins, then again at the margins that layout asks for (its height only moves the y title's wrapping).
    const defaultLabelSpace = theme.smallFontSize * 2;
    this.xLabelSpace = null;
    let xLabels: TickLabelLayout | null = null;
    const measureLabel = this.labelMeasure(theme.fontSize);
    for (let pass = 0; pass < 2 && data.xTicks; pass += 1) {
      const draft = this.margins(theme);
      xLabels = this.xTickLayout(theme, domains.x, Math.max(10, width - draft.left - draft.right), measureLabel);
      this.xLabelSpace = Math.max(defaultLabelSpace, xLabels.height + 10);
    }
    // Taller labels add to the chart, so the plot keeps its height.
    const height = (options.height ?? 260) + (this.xLabelSpace ?? defaultLabelSpace) - defaultLabelSpace;
    const margin = this.margins(theme);
    const innerWidth = Math.max(10, width - margin.left - margin.right);
    const innerHeight = Math.max(10, height - margin.top - margin.bottom);
    frame.resize(width, height);
    this.plot.attr('transform', `translate(${margin.left},${margin.top})`);
    this.xScale = scaleLinear().domain(domains.x).range([0, innerWidth]);
    this.yScale = (options.isLogY ? scaleLog().clamp(true) : scaleLinear()).domain(domains.y).range([innerHeight, 0]);
    if (!options.isLogY && !options.yDomain) (this.yScale as ScaleLinear<number, number>).nice();
    const xScale = this.xScale;
    const yScale = this.yScale;

    const xTickCount = Math.max(2, Math.floor(innerWidth / 80));
    const yTickCount = Math.max(2, Math.floor(innerHeight / 40));
    const xAxis = axisBottom(xScale).tickSizeOuter(0);
    const tickIndex = new Map((data.xTicks?.values ?? []).map((value, index) => [value, index]));
    if (data.xTicks && xLabels) {
      const { stride, texts } = xLabels;
      xAxis.tickValues(data.xTicks.values.filter((_, index) => index % stride === 0)).tickFormat((value) => texts[tickIndex.get(Number(value)) ?? -1] ?? '');
    } else if (data.series.every((series) => series.points.every((point) => Number.isInteger(point.x)))) {
      // Whole-number x (steps): no "28.5" ticks between them.
      xAxis.tickValues(integerTicks(domains.x, xTickCount)).tickFormat((value) => wholeNumber(Number(value)));
    } else {
      xAxis.ticks(xTickCount);
    }
    // A log axis: a tick at every power of ten, and 2, 5… × 10ⁿ labelled where a decade or two would leave one label.
    const logAxis = options.isLogY ? logTicks(domains.y, innerHeight, theme.smallFontSize * LOG_LABEL_LINE) : null;
    const yAxis = axisLeft(yScale).tickSizeOuter(0);
    if (logAxis) yAxis.tickValues(logAxis.values);
    else yAxis.ticks(yTickCount);
    if (options.yTickFormat) yAxis.tickFormat((value) => options.yTickFormat!(Number(value)));
    else if (logAxis) {
      const labelled = new Set(logAxis.labelled);
      yAxis.tickFormat((value) => (labelled.has(Number(value)) ? formatLogTick(Number(value)) : ''));
    }
    this.xAxisGroup.attr('transform', `translate(0,${innerHeight})`).call(xAxis);
    this.yAxisGroup.call(yAxis);
    for (const group of [this.xAxisGroup, this.yAxisGroup]) {
      group.selectAll('text').attr('fill', theme.foreground).style('font-size', `${theme.smallFontSize}px`);
      group.selectAll('line, path').attr('stroke', theme.foreground);
    }
    if (data.xTicks && xLabels) this.placeXLabels(data.xTicks, xLabels, tickIndex, theme);

    this.gridGroup
      .selectAll<SVGLineElement, number>('line')
      .data(logAxis?.values ?? yScale.ticks(yTickCount), (value) => String(value))
      .join('line')
      .attr('x1', 0)
      .attr('x2', innerWidth)
      .attr('y1', (value) => yScale(value))
      .attr('y2', (value) => yScale(value))
      .attr('stroke', theme.grid);

    this.xTitle
      .attr('x', margin.left + innerWidth / 2)
      .attr('y', height - 4)
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.fontSize}px`);
    this.yTitle
      .attr('transform', `translate(${theme.fontSize},${margin.top + innerHeight / 2}) rotate(-90)`)
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.fontSize}px`);
    // Rotated, a tspan's dy moves right: the lines stack from the frame towards the axis.
    this.yTitle
      .selectAll<SVGTSpanElement, string>('tspan')
      .data(this.yTitleLines(theme, margin.top, margin.bottom))
      .join('tspan')
      .attr('x', 0)
      .attr('dy', (_, index) => (index === 0 ? 0 : '1.2em'))
      .text((line) => line);

    // The scale clamps: a rule outside a fixed domain would be drawn at its edge, at a value it does not have.
    const [yLow, yHigh] = domains.y[0] <= domains.y[1] ? domains.y : [domains.y[1], domains.y[0]];
    const references = (data.referenceLines ?? []).filter((reference) => reference.y >= yLow && reference.y <= yHigh && Number.isFinite(yScale(reference.y)));
    const referenceItems = this.referenceGroup
      .selectAll<SVGGElement, ReferenceLine>('g.reference')
      .data(references, (reference) => reference.label)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'reference');
        group.append('line').attr('stroke-dasharray', '4 4');
        group.append('text').attr('dy', '0.35em');
        return group;
      })
      .attr('transform', (reference) => `translate(0,${yScale(reference.y)})`);
    referenceItems.select('line').attr('x2', innerWidth).attr('stroke', theme.muted);
    // Labels beside the plot, nudged apart where two lines are closer than a text line ("always positive" at 51%
    // over "chance (macro)" at 50%); a label's offset from its own line is drawn relative to the line's group.
    const labelY = spreadLabels(
      references.map((reference) => yScale(reference.y)),
      theme.smallFontSize * 1.2,
      theme.smallFontSize / 2,
      innerHeight,
    );
    referenceItems
      .select('text')
      .attr('x', innerWidth + 4)
      .attr('y', (reference) => labelY[references.indexOf(reference)] - yScale(reference.y))
      .attr('fill', theme.muted)
      .style('font-size', `${theme.smallFontSize}px`)
      .text((reference) => reference.label);

    const budget = Math.max(4, Math.round(innerWidth * 2));
    const drawn: DrawnSeries[] = data.series.map((series, index) => ({
      id: series.id,
      label: series.label,
      color: series.color ?? categoricalColor(theme, index),
      mark: series.mark ?? 'line',
      isDashed: series.isDashed ?? false,
      drawn: this.decimatedPoints(series, budget),
    }));
    for (const id of [...this.decimated.keys()]) if (!data.series.some((series) => series.id === id)) this.decimated.delete(id);

    const path = lineShape<LinePoint>()
      .defined((point) => Number.isFinite(point.y) && (!options.isLogY || point.y > 0))
      .x((point) => xScale(point.x))
      .y((point) => yScale(point.y));
    const groups = this.seriesGroup
      .selectAll<SVGGElement, DrawnSeries>('g.line-series')
      .data(drawn, (series) => series.id)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'line-series');
        group.append('path').attr('fill', 'none').attr('stroke-width', 2).attr('stroke-linejoin', 'round');
        return group;
      })
      .attr('data-series', (series) => series.id)
      // Circles inherit the group's fill; the path sets fill none itself.
      .attr('fill', (series) => series.color);
    groups
      .select<SVGPathElement>('path')
      .attr('stroke', (series) => series.color)
      .attr('stroke-dasharray', (series) => (series.isDashed ? '6 4' : null))
      .attr('d', (series) => (series.mark === 'points' ? null : path(series.drawn as LinePoint[])));
    const dotRadius = 3.5;
    const dots = drawn.map((series) => (series.mark === 'line' ? [] : series.drawn.filter((point) => Number.isFinite(point.y) && (!options.isLogY || point.y > 0))));
    const dodge = dodgeOffsets(
      dots.map((points) => points.map((point) => ({ x: xScale(point.x), y: yScale(point.y) }))),
      dotRadius,
    );
    groups
      .selectAll<SVGCircleElement, { point: LinePoint; offset: number }>('circle')
      .data(
        (series) => {
          const index = drawn.indexOf(series);
          return dots[index].map((point, dot) => ({ point, offset: dodge[index][dot] }));
        },
        (dot) => String(dot.point.x),
      )
      .join('circle')
      .attr('r', dotRadius)
      .attr('cx', (dot) => xScale(dot.point.x) + dot.offset)
      .attr('cy', (dot) => yScale(dot.point.y));

    const selected = data.selectedX ?? null;
    this.plot
      .selectAll<SVGLineElement, number>('line.selected-x')
      .data(selected === null ? [] : [selected])
      .join((enter) => enter.insert('line', 'g.hover').attr('class', 'selected-x'))
      .attr('x1', (value) => xScale(value))
      .attr('x2', (value) => xScale(value))
      .attr('y1', 0)
      .attr('y2', innerHeight)
      .attr('stroke', theme.accent)
      .attr('stroke-width', 2);

    this.hoverGroup.select('line.hover-rule').attr('y1', 0).attr('y2', innerHeight).attr('stroke', theme.foreground).attr('stroke-dasharray', '2 3');
    this.overlay.attr('width', innerWidth).attr('height', innerHeight);

    renderLegend(
      frame.legend,
      drawn.map((series) => ({
        id: series.id,
        label: series.label,
        color: series.color,
        mark: series.mark === 'points' ? 'point' : series.isDashed ? 'dashed' : 'line',
      })),
    );
    frame.setCaption(data.caption ?? '');
    if (this.hoverX !== null) this.hover(this.hoverX);
  }

  /**
   * Width of a label at `fontSize` in the page's font, each distinct text measured once (a long name repeats its
   * letters; every measurement is a layout). No layout (a test DOM): the estimate every chart's margins use.
   */
  private labelMeasure(fontSize: number): (text: string) => number {
    const widths = new Map<string, number>();
    return (text) => {
      let width = widths.get(text);
      if (width === undefined) {
        const probe = this.titleProbe.style('font-size', `${fontSize}px`).text(text).node();
        const length = probe?.getComputedTextLength?.() ?? 0;
        width = length > 0 ? length : estimateTextWidth(text, fontSize);
        widths.set(text, width);
      }
      return width;
    };
  }

  /** The x labels' layout for a plot `plotWidth` px wide: the room per label is the distance between two ticks. */
  private xTickLayout(theme: ChartTheme, xDomain: readonly [number, number], plotWidth: number, measure: (text: string) => number): TickLabelLayout {
    const ticks = this.data.xTicks!;
    const values = ticks.values;
    const span = Math.abs(xDomain[1] - xDomain[0]) || 1;
    const spacing = values.length > 1 ? Math.abs(values[1] - values[0]) : span;
    return tickLabelLayout(
      values.map((value) => ticks.format(value)),
      (plotWidth * spacing) / span,
      theme.fontSize,
      { measure },
    );
  }

  /** Sets the drawn x labels' size and angle, and gives a cut label its whole text as a tooltip. */
  private placeXLabels(ticks: NonNullable<LineChartData['xTicks']>, layout: TickLabelLayout, tickIndex: Map<number, number>, theme: ChartTheme): void {
    const isRotated = layout.angle !== 0;
    this.xAxisGroup
      .selectAll<SVGTextElement, number>('.tick text')
      .style('font-size', `${theme.fontSize}px`)
      .attr('text-anchor', isRotated ? 'end' : 'middle')
      // d3 puts the text 9 px under the axis (tick 6 + padding 3); rotated, it turns about that point.
      .attr('y', isRotated ? 0 : 9)
      .attr('dy', isRotated ? '0.35em' : '0.71em')
      .attr('transform', isRotated ? `translate(0,9) rotate(${layout.angle})` : null)
      .each(function (value) {
        const whole = ticks.format(value);
        const drawn = layout.texts[tickIndex.get(value) ?? -1] ?? whole;
        select(this)
          .selectAll('title')
          .data(drawn === whole ? [] : [whole])
          .join('title')
          .text((text) => text);
      });
  }

  private decimatedPoints(series: LineSeries, budget: number): readonly LinePoint[] {
    const cached = this.decimated.get(series.id);
    if (cached && cached.source === series.points && cached.length === series.points.length && cached.budget === budget) return cached.drawn;
    const drawn = decimate(series.points, budget);
    this.decimated.set(series.id, { source: series.points, length: series.points.length, budget, drawn });
    return drawn;
  }

  private hover(pointerX: number): void {
    this.hoverX = pointerX;
    const readout = hoverReadout(this.data.series, this.xScale.invert(pointerX));
    if (!readout) {
      this.leave();
      return;
    }
    const theme = this.frame.theme;
    const xScale = this.xScale;
    const yScale = this.yScale;
    const ruleX = xScale(readout.x);
    this.hoverGroup.style('display', null);
    this.hoverGroup.select('line.hover-rule').attr('x1', ruleX).attr('x2', ruleX);
    const colorOf = (id: string): string => {
      const index = this.data.series.findIndex((series) => series.id === id);
      return this.data.series[index]?.color ?? categoricalColor(theme, index);
    };
    const visibleRows = readout.rows.filter((row) => Number.isFinite(row.point.y) && (!this.options.isLogY || row.point.y > 0));
    this.hoverGroup
      .selectAll<SVGCircleElement, (typeof readout.rows)[number]>('circle')
      .data(visibleRows, (row) => row.id)
      .join('circle')
      .attr('r', 4.5)
      .attr('fill', 'none')
      .attr('stroke-width', 2)
      .attr('stroke', (row) => colorOf(row.id))
      .attr('cx', (row) => xScale(row.point.x))
      .attr('cy', (row) => yScale(row.point.y));
    const formatY = this.options.formatY ?? formatValue;
    const xTickFormat = this.data.xTicks?.format ?? formatValue;
    const heading = this.data.formatXReadout ?? ((x: number) => `${this.options.xLabel}: ${xTickFormat(x)}`);
    const lines = [
      { text: heading(readout.x), emphasis: true },
      ...readout.rows.map((row) => ({
        text: `${row.label}: ${formatY(row.point.y)}${row.isExact ? '' : ` (at ${xTickFormat(row.point.x)})`}`,
        color: colorOf(row.id),
      })),
    ];
    const margin = this.margins(theme);
    this.frame.showTooltip(lines, margin.left + ruleX, margin.top);
  }

  private leave(): void {
    this.hoverX = null;
    this.hoverGroup.style('display', 'none');
    this.frame.hideTooltip();
  }
}
