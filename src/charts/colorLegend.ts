/**
 * A colour legend: a gradient bar with its numeric range, a unit title and ticks. Shared by Heatmap and
 * ConfusionMatrix so every colour on screen says what it means.
 */
import { axisBottom, scaleLinear } from 'd3';
import type { ChartTheme, Interpolator } from './chartTheme';
import type { GroupSelection } from './frame';

let gradientCounter = 0;

/** Stops (offset in [0, 1], colour) sampling an interpolator evenly; 11 stops reproduce d3's ramps faithfully. */
export function gradientStops(interpolator: Interpolator, count = 11): { offset: number; color: string }[] {
  const stops = Math.max(2, Math.floor(count));
  return Array.from({ length: stops }, (_, index) => {
    const offset = index / (stops - 1);
    return { offset, color: interpolator(offset) };
  });
}

export interface ColorLegendSpec {
  interpolator: Interpolator;
  domain: readonly [number, number];
  /** e.g. 'activation (tanh, −1…1)' or 'share of the true class'. */
  title: string;
  width: number;
  tickFormat?: (value: number) => string;
  /** Tick values; default: both ends and zero when the domain straddles it. */
  ticks?: readonly number[];
}

/** Default legend ticks: the ends, plus 0 (diverging) or the middle. */
export function legendTicks(domain: readonly [number, number]): number[] {
  const [low, high] = domain;
  if (low < 0 && high > 0) return [low, 0, high];
  return [low, (low + high) / 2, high];
}

/** Draws (or updates in place) a legend into `group`; the group's origin is the legend's top-left. */
export function renderColorLegend(group: GroupSelection, spec: ColorLegendSpec, theme: ChartTheme): number {
  let gradientId = group.attr('data-gradient-id');
  if (!gradientId) {
    gradientCounter += 1;
    gradientId = `chart-gradient-${gradientCounter}`;
    group.attr('data-gradient-id', gradientId);
    const gradient = group.append('defs').append('linearGradient').attr('id', gradientId);
    gradient.attr('x1', '0%').attr('x2', '100%').attr('y1', '0%').attr('y2', '0%');
    group.append('text').attr('class', 'legend-title');
    group.append('rect').attr('class', 'legend-bar');
    group.append('g').attr('class', 'legend-axis');
  }
  const barHeight = 10;
  // Below the title's baseline: room for its descenders and a subscript ("hₜ") above the bar.
  const titleHeight = theme.smallFontSize + 6;
  group
    .select('linearGradient')
    .selectAll<SVGStopElement, { offset: number; color: string }>('stop')
    .data(gradientStops(spec.interpolator))
    .join('stop')
    .attr('offset', (stop) => `${stop.offset * 100}%`)
    .attr('stop-color', (stop) => stop.color);
  group
    .select('text.legend-title')
    .attr('y', theme.smallFontSize)
    .attr('fill', theme.foreground)
    .style('font-size', `${theme.smallFontSize}px`)
    .text(spec.title);
  group
    .select('rect.legend-bar')
    .attr('y', titleHeight)
    .attr('width', spec.width)
    .attr('height', barHeight)
    .attr('fill', `url(#${gradientId})`)
    .attr('stroke', theme.grid);
  const scale = scaleLinear().domain(spec.domain).range([0, spec.width]);
  const axis = axisBottom(scale)
    .tickValues([...(spec.ticks ?? legendTicks(spec.domain))])
    .tickSize(4)
    .tickSizeOuter(0);
  if (spec.tickFormat) axis.tickFormat((value) => spec.tickFormat!(Number(value)));
  const axisGroup = group.select<SVGGElement>('g.legend-axis').attr('transform', `translate(0,${titleHeight + barHeight})`);
  axisGroup.call(axis);
  axisGroup.select('path.domain').remove();
  axisGroup.selectAll('line').attr('stroke', theme.foreground);
  axisGroup.selectAll('text').attr('fill', theme.foreground).style('font-size', `${theme.smallFontSize}px`);
  return titleHeight + barHeight + theme.smallFontSize + 10;
}
