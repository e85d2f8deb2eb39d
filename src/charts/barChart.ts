/**
 * BarChart: horizontal bars with the label, the count and the share of the total (the Data step's examples per class).
 * Bars are joined by label and grow to their new length when the data set or sampling mode changes (instant under
 * reduced motion); the growth shows what balancing did to the classes.
 */
import { axisBottom, scaleBand, scaleLinear, transition } from 'd3';
import type { ChartTheme } from './chartTheme';
import { categoricalColor } from './chartTheme';
import { barRows } from './distributionData';
import type { BarItem, BarRow } from './distributionData';
import { estimateTextWidth, formatCount, formatShare, truncateLabel } from './format';
import { ChartFrame } from './frame';
import type { GroupSelection } from './frame';
import { motionDuration } from './motion';

export type { BarItem, BarRow } from './distributionData';

export interface BarChartOptions {
  /** Accessible name, e.g. 'Names per language'. */
  title: string;
  /** Axis title with the unit, e.g. 'names (training split)'. */
  valueLabel: string;
  /** Row height in px (default 1.6 × the font size). */
  rowHeight?: number;
  /** Sort largest first (default true). */
  isSorted?: boolean;
  theme?: Partial<ChartTheme>;
}

export interface BarChartData {
  items: readonly BarItem[];
  /** Labels to draw in the accent colour (e.g. the majority class). */
  highlighted?: readonly string[];
  caption?: string;
}

export class BarChart {
  private readonly frame: ChartFrame;
  private readonly barsGroup: GroupSelection;
  private readonly axisGroup: GroupSelection;
  private readonly axisTitle;
  private data: BarChartData = { items: [] };
  private rows: BarRow[] = [];

  constructor(
    container: HTMLElement,
    private readonly options: BarChartOptions,
  ) {
    this.frame = new ChartFrame(container, { ariaLabel: options.title, className: 'chart-bars', theme: options.theme }, () => this.render(false));
    this.barsGroup = this.frame.svg.append('g').attr('class', 'bars');
    this.axisGroup = this.frame.svg.append('g').attr('class', 'x-axis');
    this.axisTitle = this.frame.svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle').text(options.valueLabel);
    this.render(false);
  }

  update(data: BarChartData): void {
    this.data = data;
    this.rows = barRows(data.items, this.options.isSorted ?? true);
    this.render(true);
  }

  refreshTheme(): void {
    this.frame.refreshTheme();
    this.render(false);
  }

  destroy(): void {
    this.frame.destroy();
  }

  private render(isAnimated: boolean): void {
    const { frame, rows } = this;
    const theme = frame.theme;
    const font = theme.fontSize;
    const labels = rows.map((row) => truncateLabel(row.label, 18));
    const left = Math.max(font * 3, ...labels.map((label) => estimateTextWidth(label, font))) + 10;
    const valueTexts = rows.map((row) => `${formatCount(row.value)} (${formatShare(row.share)})`);
    const right = Math.max(font * 4, ...valueTexts.map((text) => estimateTextWidth(text, theme.smallFontSize))) + 10;
    const rowHeight = this.options.rowHeight ?? Math.round(font * 1.6);
    const top = 4;
    const innerHeight = rows.length * rowHeight;
    const width = frame.width;
    const innerWidth = Math.max(40, width - left - right);
    const height = top + innerHeight + theme.smallFontSize + font + 16;
    frame.resize(width, height);

    const xScale = scaleLinear()
      .domain([0, Math.max(1, ...rows.map((row) => row.value))])
      .range([0, innerWidth])
      .nice();
    const yScale = scaleBand<string>().domain(rows.map((row) => row.key)).range([top, top + innerHeight]).padding(0.2);
    const highlighted = new Set(this.data.highlighted ?? []);
    const duration = isAnimated ? motionDuration(300) : 0;

    const groups = this.barsGroup
      .selectAll<SVGGElement, BarRow>('g.bar')
      .data(rows, (row) => row.key)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'bar').attr('transform', (row) => `translate(0,${yScale(row.key) ?? 0})`);
        group.append('text').attr('class', 'bar-label').attr('text-anchor', 'end').attr('dy', '0.35em');
        group.append('rect').attr('class', 'bar-rect').attr('x', left).attr('width', 0);
        group.append('text').attr('class', 'bar-value').attr('dy', '0.35em');
        return group;
      })
      .attr('data-label', (row) => row.label);
    const moved = duration > 0 ? groups.transition(transition().duration(duration)) : groups;
    moved.attr('transform', (row) => `translate(0,${yScale(row.key) ?? 0})`);
    const band = yScale.bandwidth();
    groups
      .select('text.bar-label')
      .attr('x', left - 6)
      .attr('y', band / 2)
      .attr('fill', (row) => (highlighted.has(row.label) ? theme.accent : theme.foreground))
      .style('font-weight', (row) => (highlighted.has(row.label) ? '700' : null))
      .style('font-size', `${font}px`)
      .text((_, index) => labels[index]);
    const rects = groups
      .select<SVGRectElement>('rect.bar-rect')
      // Not only on enter: presenter mode's larger font widens the label column, and the bars move right with it.
      .attr('x', left)
      .attr('height', band)
      .attr('fill', (row) => (highlighted.has(row.label) ? theme.accent : categoricalColor(theme, 0)));
    if (duration > 0) rects.transition(transition().duration(duration)).attr('width', (row) => xScale(row.value));
    else rects.interrupt().attr('width', (row) => xScale(row.value));
    const values = groups
      .select<SVGTextElement>('text.bar-value')
      .attr('y', band / 2)
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.smallFontSize}px`)
      .text((_, index) => valueTexts[index]);
    if (duration > 0) values.transition(transition().duration(duration)).attr('x', (row) => left + xScale(row.value) + 4);
    else values.interrupt().attr('x', (row) => left + xScale(row.value) + 4);

    const axis = axisBottom(xScale)
      .ticks(Math.max(2, Math.floor(innerWidth / 80)))
      .tickSizeOuter(0);
    this.axisGroup.attr('transform', `translate(${left},${top + innerHeight})`).call(axis);
    this.axisGroup.selectAll('text').attr('fill', theme.foreground).style('font-size', `${theme.smallFontSize}px`);
    this.axisGroup.selectAll('line, path').attr('stroke', theme.foreground);
    this.axisTitle
      .attr('x', left + innerWidth / 2)
      .attr('y', height - 4)
      .attr('fill', theme.foreground)
      .style('font-size', `${font}px`);
    frame.setCaption(this.data.caption ?? '');
  }
}
