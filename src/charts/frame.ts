/**
 * The DOM scaffold every chart shares: a wrapper `<div>` inside the container React gives us (React owns the container,
 * the chart owns everything inside it), an optional `<canvas>` for dense cells, the `<svg>` overlay for axes, labels and
 * hover, an HTML legend row, an HTML caption and a tooltip.
 *
 * Why a wrapper: `destroy()` removes exactly what the chart added, so React's own children are never touched.
 * Why HTML for legend, caption and tooltip: they wrap and scale with CSS (presenter mode), and their text is set with
 * `textContent`, never parsed as HTML — labels can come from user-uploaded files.
 */
import { select } from 'd3';
import type { Selection } from 'd3';
import { readChartTheme } from './chartTheme';
import type { ChartTheme } from './chartTheme';

export type SvgSelection = Selection<SVGSVGElement, unknown, null, undefined>;
export type GroupSelection = Selection<SVGGElement, unknown, null, undefined>;
export type DivSelection = Selection<HTMLDivElement, unknown, null, undefined>;

export interface FrameOptions {
  /** Accessible name of the picture (read by screen readers, used by e2e locators). */
  ariaLabel: string;
  /** CSS class added to the wrapper, e.g. 'chart-line'. */
  className: string;
  /** Adds a `<canvas>` under the SVG for dense cells. */
  hasCanvas?: boolean;
  /** Explicit theme overrides; the rest is read from CSS variables. */
  theme?: Partial<ChartTheme>;
  /**
   * The picture may be drawn wider than its container (a phone): the plot then scrolls sideways instead of shrinking
   * letters below legibility, and becomes a focusable, named group so keyboard users can scroll it too.
   */
  canScrollX?: boolean;
}

/** One line of a tooltip; `emphasis` renders bold (the heading). `color` draws a swatch before the text. */
export interface TooltipLine {
  text: string;
  emphasis?: boolean;
  color?: string;
}

/** Device pixels for a CSS size: canvases are sized in device pixels so cells stay sharp on HiDPI screens. */
export function canvasBackingSize(cssWidth: number, cssHeight: number, devicePixelRatio: number): { width: number; height: number } {
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  return { width: Math.max(1, Math.round(cssWidth * ratio)), height: Math.max(1, Math.round(cssHeight * ratio)) };
}

export class ChartFrame {
  readonly root: HTMLDivElement;
  readonly svg: SvgSelection;
  readonly canvas: HTMLCanvasElement | null;
  readonly legend: DivSelection;
  readonly caption: DivSelection;
  private readonly tooltip: HTMLDivElement;
  private readonly plot: DivSelection;
  private readonly resizeObserver: ResizeObserver | null = null;
  private pendingFrame = 0;
  private lastWidth = 0;
  theme: ChartTheme;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: FrameOptions,
    onResize: () => void,
  ) {
    const root = document.createElement('div');
    root.className = `chart ${options.className}`;
    root.style.position = 'relative';
    root.style.width = '100%';
    container.appendChild(root);
    this.root = root;
    this.theme = readChartTheme(root, options.theme);

    this.legend = select(root).append('div').attr('class', 'chart-legend');
    this.legend.style('display', 'flex').style('flex-wrap', 'wrap').style('gap', '0.25em 1em');

    const plot = select(root).append('div').attr('class', 'chart-plot').style('position', 'relative');
    this.plot = plot;
    if (options.canScrollX) plot.style('overflow-x', 'auto').style('overflow-y', 'hidden');
    if (options.hasCanvas) {
      this.canvas = plot
        .append('canvas')
        .attr('aria-hidden', 'true')
        .style('position', 'absolute')
        .style('left', '0')
        .style('top', '0')
        .style('pointer-events', 'none')
        .node();
    } else {
      this.canvas = null;
    }
    this.svg = plot
      .append('svg')
      .attr('role', 'img')
      .attr('aria-label', options.ariaLabel)
      .style('position', 'relative')
      .style('display', 'block')
      .style('overflow', 'visible');
    this.svg.append('title').text(options.ariaLabel);

    this.caption = select(root).append('div').attr('class', 'chart-caption');

    this.tooltip = document.createElement('div');
    this.tooltip.className = 'chart-tooltip';
    this.tooltip.setAttribute('role', 'tooltip');
    Object.assign(this.tooltip.style, {
      position: 'absolute',
      pointerEvents: 'none',
      display: 'none',
      zIndex: '10',
      padding: '0.35em 0.6em',
      borderRadius: '4px',
      // A line longer than this wraps inside the box (an SST-2 sentence in the confusion matrix's examples ran out of
      // it, across the chart and off the screen, while it kept to one line).
      maxWidth: '22em',
      overflowWrap: 'anywhere',
      boxShadow: '0 1px 4px rgba(0,0,0,0.25)',
    });
    root.appendChild(this.tooltip);
    this.applyTheme();

    this.lastWidth = this.width;
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => {
        if (this.pendingFrame !== 0) return;
        this.pendingFrame = requestAnimationFrame(() => {
          this.pendingFrame = 0;
          const width = this.width;
          if (Math.abs(width - this.lastWidth) < 1) return;
          this.lastWidth = width;
          this.theme = readChartTheme(this.root, this.options.theme);
          this.applyTheme();
          onResize();
        });
      });
      this.resizeObserver.observe(container);
    }
  }

  /** Width available to the chart in CSS pixels (the container's content width; 600 before layout). */
  get width(): number {
    const width = this.container.clientWidth;
    return width > 0 ? width : 600;
  }

  /** Re-reads the CSS variables (call after presenter mode or the colour scheme changes, then update). */
  refreshTheme(): void {
    this.theme = readChartTheme(this.root, this.options.theme);
    this.applyTheme();
  }

  private applyTheme(): void {
    const theme = this.theme;
    this.root.style.color = theme.foreground;
    this.root.style.fontFamily = theme.fontFamily;
    this.root.style.fontSize = `${theme.fontSize}px`;
    this.svg.style('font-family', theme.fontFamily).style('font-size', `${theme.smallFontSize}px`);
    this.caption.style('color', theme.muted).style('font-size', `${theme.smallFontSize}px`);
    Object.assign(this.tooltip.style, {
      background: theme.background,
      color: theme.foreground,
      border: `1px solid ${theme.grid}`,
      fontSize: `${theme.fontSize}px`,
    });
  }

  /** Sizes the SVG (and the canvas, in device pixels) and returns the canvas context with its transform reset to CSS px. */
  resize(width: number, height: number): CanvasRenderingContext2D | null {
    this.svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    if (this.options.canScrollX) this.markScrolling(width > this.width + 1);
    if (!this.canvas) return null;
    const ratio = typeof window !== 'undefined' ? window.devicePixelRatio : 1;
    const backing = canvasBackingSize(width, height, ratio);
    if (this.canvas.width !== backing.width) this.canvas.width = backing.width;
    if (this.canvas.height !== backing.height) this.canvas.height = backing.height;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const context = this.canvas.getContext('2d');
    if (!context) return null;
    context.setTransform(backing.width / width, 0, 0, backing.height / height, 0, 0);
    return context;
  }

  /** A plot wider than its container scrolls: make it reachable by keyboard and say so; otherwise a plain block. */
  markScrolling(isScrolling: boolean): void {
    this.plot
      .attr('tabindex', isScrolling ? 0 : null)
      .attr('role', isScrolling ? 'group' : null)
      .attr('aria-label', isScrolling ? `${this.options.ariaLabel} (scroll sideways to see all of it)` : null);
  }

  /** Shows the tooltip near (x, y), given in the plot's CSS pixels; flips left of the pointer near the right edge. */
  showTooltip(lines: readonly TooltipLine[], x: number, y: number): void {
    const tooltip = this.tooltip;
    tooltip.replaceChildren(
      ...lines.map((line) => {
        const row = document.createElement('div');
        if (line.color) {
          const swatch = document.createElement('span');
          Object.assign(swatch.style, {
            display: 'inline-block',
            width: '0.8em',
            height: '0.8em',
            marginRight: '0.4em',
            borderRadius: '2px',
            background: line.color,
            verticalAlign: 'middle',
          });
          row.appendChild(swatch);
        }
        row.appendChild(document.createTextNode(line.text));
        if (line.emphasis) row.style.fontWeight = '600';
        return row;
      }),
    );
    tooltip.style.display = 'block';
    // Measured at the left edge, where it has the root's whole width: at the last position its lines would wrap
    // to whatever room was left there.
    tooltip.style.left = '0px';
    const plotTop = (this.svg.node()?.parentElement?.offsetTop ?? 0);
    const offset = 14;
    const rootWidth = this.root.clientWidth || this.width;
    const tooltipWidth = tooltip.offsetWidth;
    const left = x + offset + tooltipWidth > rootWidth ? Math.max(0, x - offset - tooltipWidth) : x + offset;
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${plotTop + y + offset}px`;
  }

  hideTooltip(): void {
    this.tooltip.style.display = 'none';
  }

  /** Sets the caption under the chart (plain text). Empty hides it. */
  setCaption(text: string): void {
    this.caption.text(text).style('display', text === '' ? 'none' : 'block');
  }

  destroy(): void {
    this.resizeObserver?.disconnect();
    if (this.pendingFrame !== 0) cancelAnimationFrame(this.pendingFrame);
    this.svg.interrupt();
    this.root.remove();
  }
}

/** Legend entries rendered as HTML with a key function, so series keep their node across updates. */
export interface LegendEntry {
  id: string;
  label: string;
  color: string;
  /** 'line' draws a bar swatch, 'point' a dot, 'dashed' a dashed bar. */
  mark: 'line' | 'point' | 'dashed' | 'box';
}

/**
 * Legend entries in a wrapping row. A label longer than the chart is wide (a run the student named at length) is cut
 * with an ellipsis inside the chart, the full text in its tooltip (`title`): kept on one line, it ran across the next
 * chart's legend.
 */
export function renderLegend(legend: DivSelection, entries: readonly LegendEntry[]): void {
  legend.style('display', entries.length === 0 ? 'none' : 'flex');
  legend
    .selectAll<HTMLSpanElement, LegendEntry>('span.chart-legend-item')
    .data(entries, (entry) => entry.id)
    .join((enter) => {
      // A flex item may shrink below its text's width only with min-width 0; the label then ellipsises.
      const item = enter
        .append('span')
        .attr('class', 'chart-legend-item')
        .style('display', 'inline-flex')
        .style('align-items', 'center')
        .style('max-width', '100%')
        .style('min-width', '0');
      item.append('span').attr('class', 'chart-legend-swatch').style('display', 'inline-block').style('flex', 'none').style('margin-right', '0.35em');
      item
        .append('span')
        .attr('class', 'chart-legend-label')
        .style('min-width', '0')
        .style('overflow', 'hidden')
        .style('text-overflow', 'ellipsis')
        .style('white-space', 'nowrap');
      return item;
    })
    .attr('title', (entry) => entry.label)
    .call((item) => {
      item
        .select<HTMLSpanElement>('span.chart-legend-swatch')
        .style('width', (entry) => (entry.mark === 'point' ? '0.6em' : entry.mark === 'box' ? '0.9em' : '1.4em'))
        .style('height', (entry) => (entry.mark === 'point' ? '0.6em' : entry.mark === 'box' ? '0.9em' : '0'))
        .style('border-radius', (entry) => (entry.mark === 'point' ? '50%' : '0'))
        .style('background', (entry) => (entry.mark === 'point' || entry.mark === 'box' ? entry.color : 'transparent'))
        .style('border-top', (entry) =>
          entry.mark === 'line' ? `3px solid ${entry.color}` : entry.mark === 'dashed' ? `3px dashed ${entry.color}` : 'none',
        );
      item.select<HTMLSpanElement>('span.chart-legend-label').text((entry) => entry.label);
    });
}
