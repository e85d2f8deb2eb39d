/**
 * Heatmap: a dense matrix on a `<canvas>` (one pixel per cell, scaled up without smoothing, at devicePixelRatio) with an
 * SVG overlay for the axes, the colour legend, the selected column and hover.
 *
 * Used for the Inspect step's hidden state, LSTM cell state and each gate (rows = units, columns = timesteps, column
 * labels = the letters or words), and for the embedding rows of a sentence. Pass trace matrices as they are stored,
 * `[T, hiddenSize]`; `isTransposed` (default true) turns them so time runs left to right.
 *
 * Click a column (or focus the chart and press ←/→) to call `onSelectStep(t)`; the UI then shows that step's equation.
 */
import { pointer } from 'd3';
import type { ChartTheme } from './chartTheme';
import { renderColorLegend } from './colorLegend';
import { estimateTextWidth, formatValue, truncateLabel, visibleSymbol } from './format';
import { ChartFrame } from './frame';
import type { GroupSelection } from './frame';
import {
  cellAtPoint,
  cellSize,
  colorRamp,
  cssToRgb,
  heatmapGrid,
  heatmapPixels,
  labelStride,
  needsRotatedLabels,
  resolveColorDomain,
} from './heatmapData';
import type { CellGeometry, ColorScaleKind, HeatmapGrid, MatrixLike } from './heatmapData';

export type { ColorScaleKind, MatrixLike } from './heatmapData';

export interface HeatmapOptions {
  /** Accessible name, e.g. 'Hidden state h_t, layer 1, forward'. */
  title: string;
  /** Axis titles: e.g. 'hidden unit' and 'timestep (letter)'. */
  rowTitle: string;
  columnTitle: string;
  /** Legend title with the value's meaning and unit, e.g. 'h_t = o ⊙ tanh(c_t)  (−1…1)'. */
  valueLabel: string;
  /** 'diverging' (tanh states, embeddings) or 'sequential' (sigmoid gates). */
  colorScale: ColorScaleKind;
  /** Fixed colour domain, or 'auto' to fit the data (cell states, embeddings). Default: the activation's range. */
  domain?: readonly [number, number] | 'auto';
  /** Called with the column (timestep) index on click or arrow keys. */
  onSelectStep?: (step: number) => void;
  /** Tallest the cell block may be, px (default 320). */
  maxPlotHeight?: number;
  /** Widest a column may be, px (default 56). */
  maxCellWidth?: number;
  /** Tallest a row may be, px (default 18). */
  maxCellHeight?: number;
  theme?: Partial<ChartTheme>;
}

export interface HeatmapData {
  matrix: MatrixLike;
  /** Default true: the matrix is `[T, units]` and is drawn rows = units, columns = timesteps. */
  isTransposed?: boolean;
  /** One per displayed column (the tokens); default 1, 2, 3… */
  columnLabels?: readonly string[];
  /** One per displayed row (e.g. words); default the unit index 0, 1, 2… */
  rowLabels?: readonly string[];
  /** Highlighted column (the selected timestep), or null. */
  selectedColumn?: number | null;
  /** Plain text under the chart. */
  caption?: string;
  /** Colour domain for this update, overriding `options.domain` (charts side by side that must share one scale as data grows). */
  domain?: readonly [number, number];
}

interface AxisLabel {
  index: number;
  text: string;
}

const EMPTY_MATRIX: MatrixLike = { rows: 0, cols: 0, data: [] };

export class Heatmap {
  private readonly frame: ChartFrame;
  private readonly overlay: GroupSelection;
  private readonly rowLabelGroup: GroupSelection;
  private readonly columnLabelGroup: GroupSelection;
  private readonly legendGroup: GroupSelection;
  private readonly hoverRect;
  private readonly selectedRect;
  private readonly hitArea;
  private readonly rowTitle;
  private readonly columnTitle;
  private readonly offscreen: HTMLCanvasElement;
  private data: HeatmapData = { matrix: EMPTY_MATRIX };
  private grid: HeatmapGrid = heatmapGrid(EMPTY_MATRIX, true);
  private geometry: CellGeometry = { left: 0, top: 0, cellWidth: 1, cellHeight: 1, rows: 0, cols: 0 };
  private ramp: Uint8ClampedArray;
  private rampSource: ChartTheme['diverging'] | null = null;

  constructor(
    container: HTMLElement,
    private readonly options: HeatmapOptions,
  ) {
    this.frame = new ChartFrame(container, { ariaLabel: options.title, className: 'chart-heatmap', hasCanvas: true, theme: options.theme }, () =>
      this.render(),
    );
    this.offscreen = document.createElement('canvas');
    this.ramp = new Uint8ClampedArray(3);
    const svg = this.frame.svg;
    this.rowLabelGroup = svg.append('g').attr('class', 'row-labels');
    this.columnLabelGroup = svg.append('g').attr('class', 'column-labels');
    this.rowTitle = svg.append('text').attr('class', 'axis-title row-title').attr('text-anchor', 'middle').text(options.rowTitle);
    this.columnTitle = svg.append('text').attr('class', 'axis-title column-title').attr('text-anchor', 'middle').text(options.columnTitle);
    this.legendGroup = svg.append('g').attr('class', 'color-legend');
    this.overlay = svg.append('g').attr('class', 'overlay');
    this.selectedRect = this.overlay.append('rect').attr('class', 'selected-column').attr('fill', 'none').attr('stroke-width', 2).style('pointer-events', 'none');
    this.hoverRect = this.overlay.append('rect').attr('class', 'hover-cell').attr('fill', 'none').attr('stroke-width', 1.5).style('pointer-events', 'none');
    this.hitArea = this.overlay.append('rect').attr('class', 'hit-area').attr('fill', 'transparent');
    this.hitArea
      .style('cursor', options.onSelectStep ? 'pointer' : 'crosshair')
      .on('pointermove', (event: PointerEvent) => this.hover(pointer(event, svg.node())))
      .on('pointerleave', () => this.leave())
      .on('click', (event: MouseEvent) => {
        const cell = cellAtPoint(...pointer(event, svg.node()), this.geometry);
        if (cell && this.options.onSelectStep) this.options.onSelectStep(cell.col);
      });
    if (options.onSelectStep) {
      svg.attr('tabindex', 0).on('keydown', (event: KeyboardEvent) => this.key(event));
    }
    this.render();
  }

  update(data: HeatmapData): void {
    this.data = data;
    this.grid = heatmapGrid(data.matrix, data.isTransposed ?? true);
    this.render();
  }

  refreshTheme(): void {
    this.frame.refreshTheme();
    this.render();
  }

  destroy(): void {
    this.frame.destroy();
  }

  private columnLabels(): string[] {
    const labels = this.data.columnLabels;
    return Array.from({ length: this.grid.cols }, (_, index) => (labels?.[index] !== undefined ? visibleSymbol(labels[index]) : String(index + 1)));
  }

  private rowLabels(): string[] {
    const labels = this.data.rowLabels;
    return Array.from({ length: this.grid.rows }, (_, index) => labels?.[index] ?? String(index));
  }

  private render(): void {
    const { frame, options, grid } = this;
    const theme = frame.theme;
    const font = theme.smallFontSize;
    const width = frame.width;
    const rowLabels = this.rowLabels().map((label) => truncateLabel(label, 14));
    const columnLabels = this.columnLabels().map((label) => truncateLabel(label, 14));

    const left = theme.fontSize + 8 + Math.max(font * 2, ...rowLabels.map((label) => estimateTextWidth(label, font))) + 6;
    const right = 12;
    const top = 6;
    const { cellWidth, cellHeight } = cellSize(grid.rows, grid.cols, {
      availableWidth: width - left - right,
      maxPlotHeight: options.maxPlotHeight ?? 320,
      maxCellWidth: options.maxCellWidth ?? 56,
      maxCellHeight: options.maxCellHeight ?? 18,
    });
    const plotWidth = cellWidth * grid.cols;
    const plotHeight = cellHeight * grid.rows;
    const isRotated = needsRotatedLabels(columnLabels, cellWidth, font);
    const longestColumnLabel = Math.max(0, ...columnLabels.map((label) => estimateTextWidth(label, font)));
    const columnLabelHeight = isRotated ? longestColumnLabel * 0.87 + font : font + 4;
    const legendTop = top + plotHeight + 4 + columnLabelHeight + theme.fontSize + 10;
    const legendWidth = Math.max(120, Math.min(220, width - left - right));

    this.geometry = { left, top, cellWidth, cellHeight, rows: grid.rows, cols: grid.cols };

    // Legend first: its height decides the chart's.
    const domain = resolveColorDomain(options.colorScale, this.data.domain ?? options.domain, this.data.matrix.data);
    const interpolator = options.colorScale === 'diverging' ? theme.diverging : theme.sequential;
    this.legendGroup.attr('transform', `translate(${left},${legendTop})`);
    const legendHeight = renderColorLegend(this.legendGroup, { interpolator, domain, title: options.valueLabel, width: legendWidth, tickFormat: formatValue }, theme);
    // The turned row title, centred on the rows but never above the chart's top: a heatmap of a few rows (a short
    // memory race) is shorter than its title, which then rose over the heading above the chart.
    this.rowTitle.style('font-size', `${theme.fontSize}px`);
    const rowTitleLength = Math.max(this.rowTitle.node()?.getComputedTextLength() ?? 0, estimateTextWidth(options.rowTitle, theme.fontSize));
    const rowTitleCentre = Math.max(top + plotHeight / 2, rowTitleLength / 2 + 2);
    const height = Math.max(legendTop + legendHeight, rowTitleCentre + rowTitleLength / 2 + 2);

    const context = frame.resize(width, height);
    if (context) {
      context.clearRect(0, 0, width, height);
      if (grid.rows > 0 && grid.cols > 0) {
        if (this.rampSource !== interpolator) {
          this.ramp = colorRamp(interpolator);
          this.rampSource = interpolator;
        }
        const pixels = heatmapPixels(grid, domain, this.ramp, cssToRgb(theme.missing));
        this.offscreen.width = grid.cols;
        this.offscreen.height = grid.rows;
        const offscreenContext = this.offscreen.getContext('2d');
        if (offscreenContext) {
          const image = offscreenContext.createImageData(grid.cols, grid.rows);
          image.data.set(pixels);
          offscreenContext.putImageData(image, 0, 0);
          context.imageSmoothingEnabled = false;
          context.drawImage(this.offscreen, left, top, plotWidth, plotHeight);
        }
        // Thin separators between timesteps when columns are wide enough to read one by one.
        if (cellWidth >= 8) {
          context.strokeStyle = theme.background;
          context.lineWidth = 1;
          context.beginPath();
          for (let col = 1; col < grid.cols; col += 1) {
            context.moveTo(left + col * cellWidth, top);
            context.lineTo(left + col * cellWidth, top + plotHeight);
          }
          context.stroke();
        }
      }
    }

    // Row labels, thinned so they never overlap.
    const rowStride = labelStride(grid.rows, cellHeight, font * 1.15);
    const rowItems: AxisLabel[] = rowLabels.map((text, index) => ({ index, text })).filter((item) => item.index % rowStride === 0);
    this.rowLabelGroup
      .selectAll<SVGTextElement, AxisLabel>('text')
      .data(rowItems, (item) => String(item.index))
      .join('text')
      .attr('x', left - 4)
      .attr('y', (item) => top + (item.index + 0.5) * cellHeight)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', theme.foreground)
      .style('font-size', `${font}px`)
      .text((item) => item.text);

    const columnStride = labelStride(grid.cols, cellWidth, isRotated ? font * 1.15 : longestColumnLabel + 4);
    const selected = this.data.selectedColumn ?? null;
    const columnItems: AxisLabel[] = columnLabels.map((text, index) => ({ index, text })).filter((item) => item.index % columnStride === 0 || item.index === selected);
    const labelY = top + plotHeight + 4;
    this.columnLabelGroup
      .selectAll<SVGTextElement, AxisLabel>('text')
      .data(columnItems, (item) => String(item.index))
      .join('text')
      .attr('transform', (item) => {
        const x = left + (item.index + 0.5) * cellWidth;
        return isRotated ? `translate(${x},${labelY}) rotate(-60)` : `translate(${x},${labelY})`;
      })
      .attr('dy', isRotated ? '0.35em' : '0.8em')
      .attr('text-anchor', isRotated ? 'end' : 'middle')
      .attr('fill', (item) => (item.index === selected ? theme.accent : theme.foreground))
      .style('font-weight', (item) => (item.index === selected ? '700' : null))
      .style('font-size', `${font}px`)
      .text((item) => item.text);

    this.rowTitle.attr('transform', `translate(${theme.fontSize},${rowTitleCentre}) rotate(-90)`).attr('fill', theme.foreground);
    this.columnTitle
      .attr('x', left + Math.max(plotWidth, 1) / 2)
      .attr('y', labelY + columnLabelHeight + theme.fontSize)
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.fontSize}px`);

    const hasSelection = selected !== null && selected >= 0 && selected < grid.cols;
    this.selectedRect
      .style('display', hasSelection ? 'inline' : 'none')
      .attr('x', left + (hasSelection ? selected : 0) * cellWidth - 1)
      .attr('y', top - 1)
      .attr('width', cellWidth + 2)
      .attr('height', plotHeight + 2)
      .attr('stroke', theme.accent);
    this.hoverRect.attr('stroke', theme.foreground);
    this.hitArea.attr('x', left).attr('y', top).attr('width', plotWidth).attr('height', plotHeight);
    frame.svg.attr('aria-label', `${options.title}: ${grid.rows} ${options.rowTitle} × ${grid.cols} ${options.columnTitle}`);
    frame.setCaption(this.data.caption ?? '');
  }

  private hover([x, y]: [number, number]): void {
    const cell = cellAtPoint(x, y, this.geometry);
    if (!cell) {
      this.leave();
      return;
    }
    const { cellWidth, cellHeight, left, top } = this.geometry;
    this.hoverRect.style('display', null).attr('x', left + cell.col * cellWidth).attr('y', top + cell.row * cellHeight).attr('width', cellWidth).attr('height', cellHeight);
    const value = this.grid.value(cell.row, cell.col);
    const columnLabel = this.data.columnLabels?.[cell.col];
    this.frame.showTooltip(
      [
        { text: `${this.options.columnTitle} ${cell.col + 1}${columnLabel !== undefined ? `: “${columnLabel}”` : ''}`, emphasis: true },
        { text: `${this.options.rowTitle} ${this.rowLabels()[cell.row]}` },
        { text: `value ${formatValue(value)}` },
      ],
      x,
      y,
    );
  }

  private leave(): void {
    this.hoverRect.style('display', 'none');
    this.frame.hideTooltip();
  }

  private key(event: KeyboardEvent): void {
    if (!this.options.onSelectStep || this.grid.cols === 0) return;
    const current = this.data.selectedColumn ?? -1;
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = Math.min(this.grid.cols - 1, current + 1);
    else if (event.key === 'ArrowLeft') next = Math.max(0, current < 0 ? 0 : current - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = this.grid.cols - 1;
    if (next === null) return;
    event.preventDefault();
    this.options.onSelectStep(next);
  }
}
