/**
 * Histogram: how long the examples are (letters per name, words per sentence), one bar per length when lengths are few
 * (see `lengthHistogram`). Hover a bar for its range, count and share; the median is marked because it, not the mean,
 * is what a typical batch looks like.
 */
import { axisBottom, axisLeft, pointer, scaleLinear } from 'd3';
import type { ChartTheme } from './chartTheme';
import { categoricalColor } from './chartTheme';
import { binLabel, lengthHistogram } from './distributionData';
import type { HistogramBin, LengthHistogram } from './distributionData';
import { estimateTextWidth, formatCount, formatShare, formatValue } from './format';
import { ChartFrame } from './frame';
import type { GroupSelection } from './frame';

export type { HistogramBin, LengthHistogram } from './distributionData';

export interface HistogramOptions {
  /** Accessible name, e.g. 'Name lengths'. */
  title: string;
  /** Axis titles with units: e.g. 'length (characters)' and 'names'. */
  xLabel: string;
  yLabel: string;
  height?: number;
  /** Most bins before lengths are grouped (default 40). */
  maxBins?: number;
  theme?: Partial<ChartTheme>;
}

export interface HistogramData {
  values: readonly number[];
  caption?: string;
}

export class Histogram {
  private readonly frame: ChartFrame;
  private readonly plot: GroupSelection;
  private readonly barsGroup: GroupSelection;
  private readonly xAxisGroup: GroupSelection;
  private readonly yAxisGroup: GroupSelection;
  private readonly medianGroup: GroupSelection;
  private readonly xTitle;
  private readonly yTitle;
  private histogram: LengthHistogram = lengthHistogram([]);
  private caption = '';
  private xScale = scaleLinear();
  private margin = { top: 8, right: 12, bottom: 0, left: 0 };

  constructor(
    container: HTMLElement,
    private readonly options: HistogramOptions,
  ) {
    this.frame = new ChartFrame(container, { ariaLabel: options.title, className: 'chart-histogram', theme: options.theme }, () => this.render());
    const svg = this.frame.svg;
    this.plot = svg.append('g').attr('class', 'plot');
    this.barsGroup = this.plot.append('g').attr('class', 'bars');
    this.medianGroup = this.plot.append('g').attr('class', 'median');
    this.medianGroup.append('line').attr('stroke-dasharray', '4 3').attr('stroke-width', 1.5);
    this.medianGroup.append('text').attr('text-anchor', 'start').attr('dy', '0.8em');
    this.xAxisGroup = this.plot.append('g').attr('class', 'x-axis');
    this.yAxisGroup = this.plot.append('g').attr('class', 'y-axis');
    this.xTitle = svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle').text(options.xLabel);
    this.yTitle = svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle').text(options.yLabel);
    this.barsGroup
      .on('pointermove', (event: PointerEvent) => this.hover(event))
      .on('pointerleave', () => this.frame.hideTooltip());
    this.render();
  }

  update(data: HistogramData): void {
    this.histogram = lengthHistogram(data.values, this.options.maxBins ?? 40);
    this.caption = data.caption ?? '';
    this.render();
  }

  refreshTheme(): void {
    this.frame.refreshTheme();
    this.render();
  }

  destroy(): void {
    this.frame.destroy();
  }

  private render(): void {
    const { frame, histogram, options } = this;
    const theme = frame.theme;
    const font = theme.smallFontSize;
    const width = frame.width;
    const height = options.height ?? 220;
    const maxCount = Math.max(1, ...histogram.bins.map((entry) => entry.count));
    // The top strip holds the median's label above the bars, where no bar can reach it.
    this.margin = { top: Math.round(font * 1.4) + 6, right: 12, bottom: font * 2 + theme.fontSize + 12, left: font * 0.6 * String(formatCount(maxCount)).length + theme.fontSize + 20 };
    const margin = this.margin;
    const innerWidth = Math.max(10, width - margin.left - margin.right);
    const innerHeight = Math.max(10, height - margin.top - margin.bottom);
    frame.resize(width, height);
    this.plot.attr('transform', `translate(${margin.left},${margin.top})`);

    const bins = histogram.bins;
    const x0 = bins.length > 0 ? bins[0].x0 : 0;
    const x1 = bins.length > 0 ? bins[bins.length - 1].x1 : 1;
    const xScale = scaleLinear().domain([x0, x1]).range([0, innerWidth]);
    this.xScale = xScale;
    const yScale = scaleLinear().domain([0, maxCount]).range([innerHeight, 0]).nice();

    this.barsGroup
      .selectAll<SVGRectElement, HistogramBin>('rect')
      .data(bins, (entry) => `${entry.x0}`)
      .join('rect')
      .attr('x', (entry) => xScale(entry.x0) + 0.5)
      .attr('width', (entry) => Math.max(0.5, xScale(entry.x1) - xScale(entry.x0) - 1))
      .attr('y', (entry) => yScale(entry.count))
      .attr('height', (entry) => innerHeight - yScale(entry.count))
      .attr('fill', categoricalColor(theme, 0));

    // Whole-length bins: put the tick under the bar's middle so "6" labels the bar of 6-letter names.
    const isUnitBins = bins.length > 0 && bins.every((entry) => entry.x1 - entry.x0 === 1 && Number.isInteger(entry.x0));
    const xAxis = axisBottom(xScale).tickSizeOuter(0);
    if (isUnitBins) {
      const stride = Math.max(1, Math.ceil(bins.length / Math.max(2, Math.floor(innerWidth / 28))));
      xAxis.tickValues(bins.filter((_, index) => index % stride === 0).map((entry) => entry.x0 + 0.5)).tickFormat((value) => String(Number(value) - 0.5));
    } else {
      xAxis.ticks(Math.max(2, Math.floor(innerWidth / 70)));
    }
    this.xAxisGroup.attr('transform', `translate(0,${innerHeight})`).call(xAxis);
    this.yAxisGroup.call(axisLeft(yScale).ticks(Math.max(2, Math.floor(innerHeight / 40))).tickSizeOuter(0));
    for (const group of [this.xAxisGroup, this.yAxisGroup]) {
      group.selectAll('text').attr('fill', theme.foreground).style('font-size', `${font}px`);
      group.selectAll('line, path').attr('stroke', theme.foreground);
    }

    const hasData = histogram.count > 0;
    const medianX = xScale(isUnitBins ? histogram.median + 0.5 : histogram.median);
    this.medianGroup.style('display', hasData ? 'inline' : 'none');
    this.medianGroup.select('line').attr('x1', medianX).attr('x2', medianX).attr('y1', -Math.round(font * 1.4)).attr('y2', innerHeight).attr('stroke', theme.accent);
    const medianLabel = `median ${formatValue(histogram.median)}`;
    // Beside the rule, on the side with room (the label must not run off the frame at a right-hand median).
    const isLabelLeft = medianX + 4 + estimateTextWidth(medianLabel, font) > innerWidth;
    this.medianGroup
      .select('text')
      .attr('x', isLabelLeft ? medianX - 4 : medianX + 4)
      .attr('text-anchor', isLabelLeft ? 'end' : 'start')
      .attr('y', -4)
      .attr('dy', null)
      .attr('fill', theme.accent)
      .style('font-size', `${font}px`)
      .text(medianLabel);

    this.xTitle.attr('x', margin.left + innerWidth / 2).attr('y', height - 4).attr('fill', theme.foreground).style('font-size', `${theme.fontSize}px`);
    this.yTitle
      .attr('transform', `translate(${theme.fontSize},${margin.top + innerHeight / 2}) rotate(-90)`)
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.fontSize}px`);
    const summary = hasData
      ? `${formatCount(histogram.count)} in all; shortest ${formatValue(histogram.min)}, longest ${formatValue(histogram.max)}, mean ${formatValue(Number(histogram.mean.toFixed(2)))}, median ${formatValue(histogram.median)}.`
      : 'No lengths to show.';
    frame.setCaption(this.caption === '' ? summary : `${summary} ${this.caption}`);
  }

  private hover(event: PointerEvent): void {
    const [x, y] = pointer(event, this.plot.node());
    const value = this.xScale.invert(x);
    const entry = this.histogram.bins.find((candidate, index, all) => value >= candidate.x0 && (value < candidate.x1 || index === all.length - 1));
    if (!entry) {
      this.frame.hideTooltip();
      return;
    }
    this.frame.showTooltip(
      [
        { text: `${this.options.xLabel}: ${binLabel(entry)}`, emphasis: true },
        { text: `${formatCount(entry.count)} ${this.options.yLabel} (${formatShare(this.histogram.count > 0 ? entry.count / this.histogram.count : 0)})` },
      ],
      x + this.margin.left,
      y + this.margin.top,
    );
  }
}
