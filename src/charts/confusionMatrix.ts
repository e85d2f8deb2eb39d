/**
 * ConfusionMatrix: C × C cells, rows = true class, columns = predicted class, coloured by row share (each true class's
 * examples sum to 100 %), the share printed in each non-empty cell, row totals at the right.
 *
 * Cells are painted on a `<canvas>` under the SVG overlay (labels, totals, legend, selection): 324 SVG cells with
 * their numbers meant ~3,500 attribute writes and a full SVG repaint at every epoch, a main-thread long task
 * while training on a two-core laptop. A canvas repaint of the same cells takes a few milliseconds.
 * Hover: count, row share and a few misclassified examples. Click: `onSelectCell(trueClass, predictedClass)`.
 * Keyboard: focus the chart, move with the arrow keys, Enter or Space selects (the first key picks the top-left cell).
 */
import { pointer } from 'd3';
import type { ChartTheme } from './chartTheme';
import { contrastingTextColor } from './chartTheme';
import { renderColorLegend } from './colorLegend';
import { cellExamples, cellFontSize, cellText, cellTextFontSize, confusionCells, exampleList, confusionSummary, confusionText } from './confusionData';
import type { ConfusionCell } from './confusionData';
import { estimateTextWidth, formatCount, formatShare, truncateLabel } from './format';
import { ChartFrame } from './frame';
import type { GroupSelection } from './frame';

export type { ConfusionCell } from './confusionData';

export interface ConfusionMatrixOptions {
  /** Accessible name, e.g. 'Validation confusion matrix'. */
  title?: string;
  /** Called when a cell is clicked (or Enter on the focused cell). */
  onSelectCell?: (trueClass: number, predictedClass: number) => void;
  /** What one example is called in tooltips: 'names', 'sentences'. Default 'examples'. */
  exampleNoun?: string;
  /** Largest cell side in px (default 44) and smallest at which numbers are printed (default 16). */
  maxCellSize?: number;
  minCellSizeForText?: number;
  theme?: Partial<ChartTheme>;
}

export interface ConfusionMatrixData {
  /** `[C * C]` row-major counts, rows = true, columns = predicted. */
  counts: ArrayLike<number>;
  classes: readonly string[];
  /** Up to 5 misclassified texts per cell, key `${trueClass}:${predictedClass}`. */
  mistakes?: Readonly<Record<string, readonly string[]>>;
  /** The cell whose examples the UI lists, outlined. */
  selected?: { trueClass: number; predictedClass: number } | null;
}

export class ConfusionMatrix {
  private readonly frame: ChartFrame;
  private readonly cellsGroup: GroupSelection;
  /** Transparent rect over the cells: the pointer target for hover and click (the cells are canvas pixels). */
  private readonly hitArea;
  private readonly rowLabelGroup: GroupSelection;
  private readonly columnLabelGroup: GroupSelection;
  private readonly totalsGroup: GroupSelection;
  private readonly legendGroup: GroupSelection;
  private readonly focusRect;
  private readonly selectedRect;
  private readonly rowTitle;
  private readonly columnTitle;
  private readonly totalsTitle;
  private data: ConfusionMatrixData = { counts: [0], classes: [''] };
  private cells: ConfusionCell[] = [];
  private layout = { left: 0, top: 0, cell: 1, classCount: 0 };
  private focused: { row: number; col: number } | null = null;

  constructor(
    container: HTMLElement,
    private readonly options: ConfusionMatrixOptions = {},
  ) {
    const title = options.title ?? 'Confusion matrix: rows true class, columns predicted class';
    this.frame = new ChartFrame(container, { ariaLabel: title, className: 'chart-confusion', hasCanvas: true, canScrollX: true, theme: options.theme }, () => this.render());
    const svg = this.frame.svg;
    this.cellsGroup = svg.append('g').attr('class', 'cells').style('cursor', options.onSelectCell ? 'pointer' : 'default');
    this.hitArea = this.cellsGroup.append('rect').attr('class', 'hit-area').attr('fill', 'transparent');
    this.rowLabelGroup = svg.append('g').attr('class', 'row-labels');
    this.columnLabelGroup = svg.append('g').attr('class', 'column-labels');
    this.totalsGroup = svg.append('g').attr('class', 'row-totals');
    this.legendGroup = svg.append('g').attr('class', 'color-legend');
    this.rowTitle = svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle').text('true class');
    this.columnTitle = svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle').text('predicted class');
    this.totalsTitle = svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'start');
    this.selectedRect = svg.append('rect').attr('class', 'selected-cell').attr('fill', 'none').attr('stroke-width', 3).style('pointer-events', 'none');
    this.focusRect = svg.append('rect').attr('class', 'focus-cell').attr('fill', 'none').attr('stroke-width', 2).attr('stroke-dasharray', '3 2').style('pointer-events', 'none');

    this.cellsGroup
      .on('pointermove', (event: PointerEvent) => {
        const cell = this.cellAt(...pointer(event, svg.node()));
        if (cell) this.showCell(cell, pointer(event, svg.node()));
        else this.frame.hideTooltip();
      })
      .on('pointerleave', () => this.frame.hideTooltip())
      .on('click', (event: MouseEvent) => {
        const cell = this.cellAt(...pointer(event, svg.node()));
        if (cell) this.options.onSelectCell?.(cell.trueClass, cell.predictedClass);
      });
    svg
      .attr('tabindex', 0)
      .on('keydown', (event: KeyboardEvent) => this.key(event))
      .on('blur', () => {
        this.focused = null;
        this.focusRect.style('display', 'none');
        this.frame.hideTooltip();
      });
    this.render();
  }

  update(data: ConfusionMatrixData): void {
    this.data = data;
    this.cells = confusionCells(data.counts, data.classes.length);
    this.render();
  }

  refreshTheme(): void {
    this.frame.refreshTheme();
    this.render();
  }

  destroy(): void {
    this.frame.destroy();
  }

  private cellAt(x: number, y: number): ConfusionCell | null {
    const { left, top, cell, classCount } = this.layout;
    const col = Math.floor((x - left) / cell);
    const row = Math.floor((y - top) / cell);
    if (row < 0 || col < 0 || row >= classCount || col >= classCount) return null;
    return this.cells[row * classCount + col] ?? null;
  }

  private render(): void {
    const { frame, options, data } = this;
    const theme = frame.theme;
    const font = theme.smallFontSize;
    const classes = data.classes.map((name) => truncateLabel(name, 14));
    const classCount = this.cells.length === 0 ? 0 : classes.length;
    const summary = classCount > 0 ? confusionSummary(data.counts, classCount) : null;
    const labelWidth = Math.max(font * 3, ...classes.map((name) => estimateTextWidth(name, font)));
    const totalsWidth = Math.max(font * 3, estimateTextWidth(formatCount(Math.max(0, ...(summary?.rowTotals ?? [0]))), font)) + 8;
    const left = theme.fontSize + 10 + labelWidth + 6;
    const top = 8;
    const available = frame.width - left - totalsWidth - 12;
    // Never smaller than a line of label text: on a phone the matrix scrolls sideways rather than overprinting.
    const minCell = Math.ceil(font * 1.15);
    const cell = classCount === 0 ? 0 : Math.max(minCell, Math.min(options.maxCellSize ?? 44, Math.floor(available / classCount)));
    const side = cell * classCount;
    const width = Math.max(frame.width, left + side + totalsWidth + 12);
    // Column labels at −45° need ≈1.41 lines of room between neighbours; below that they stand upright (−90°).
    const isUpright = cell < font * 1.45;
    const columnLabelHeight = (isUpright ? labelWidth : labelWidth * 0.71) + font + 6;
    const legendTop = top + side + columnLabelHeight + theme.fontSize + 12;
    this.layout = { left, top, cell, classCount };

    this.legendGroup.attr('transform', `translate(${left},${legendTop})`);
    const legendHeight = renderColorLegend(
      this.legendGroup,
      {
        interpolator: theme.sequentialLight,
        domain: [0, 1],
        title: 'share of the true class (row %)',
        width: Math.min(220, Math.max(120, side)),
        ticks: [0, 0.5, 1],
        tickFormat: (value) => `${Math.round(value * 100)}%`,
      },
      theme,
    );
    const context = frame.resize(width, legendTop + legendHeight);

    const cellFont = cellFontSize(cell, font);
    const showText = cellFont !== null && cell >= (options.minCellSizeForText ?? 16);
    const fillOf = (entry: ConfusionCell): string => (entry.count > 0 ? theme.sequentialLight(entry.share) : theme.background);
    this.cellsGroup.attr('data-class-count', classCount);
    this.hitArea.attr('x', left).attr('y', top).attr('width', cell * classCount).attr('height', cell * classCount);
    if (context) {
      context.clearRect(0, 0, width, legendTop + legendHeight);
      context.textAlign = 'center';
      context.textBaseline = 'middle';
      for (const entry of this.cells) {
        const x = left + entry.predictedClass * cell;
        const y = top + entry.trueClass * cell;
        const size = Math.max(0, cell - 1);
        const fill = fillOf(entry);
        context.fillStyle = fill;
        context.fillRect(x, y, size, size);
        const isDiagonal = entry.trueClass === entry.predictedClass;
        context.strokeStyle = isDiagonal ? theme.foreground : theme.grid;
        context.lineWidth = isDiagonal ? 1 : 0.5;
        context.strokeRect(x + 0.5, y + 0.5, Math.max(0, size - 1), Math.max(0, size - 1));
        const text = showText ? cellText(entry) : '';
        if (text !== '' && cellFont !== null) {
          context.fillStyle = contrastingTextColor(fill);
          context.font = `${cellTextFontSize(text, cell, cellFont)}px ${theme.fontFamily}`;
          // maxWidth: the sizes are estimated from a typical digit; a wider font is narrowed, never spills over.
          context.fillText(text, x + cell / 2, y + cell / 2, Math.max(1, cell - 4));
        }
      }
    }

    const labelItems = classes.map((name, index) => ({ name, index }));
    this.rowLabelGroup
      .selectAll<SVGTextElement, { name: string; index: number }>('text')
      .data(labelItems, (item) => String(item.index))
      .join('text')
      .attr('x', left - 5)
      .attr('y', (item) => top + (item.index + 0.5) * cell)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', theme.foreground)
      .style('font-size', `${font}px`)
      .text((item) => item.name);
    this.columnLabelGroup
      .selectAll<SVGTextElement, { name: string; index: number }>('text')
      .data(labelItems, (item) => String(item.index))
      .join('text')
      .attr('transform', (item) => `translate(${left + (item.index + 0.5) * cell},${top + side + 6}) rotate(${isUpright ? -90 : -45})`)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', theme.foreground)
      .style('font-size', `${font}px`)
      .text((item) => item.name);
    this.totalsGroup
      .selectAll<SVGTextElement, number>('text')
      .data(summary?.rowTotals ?? [])
      .join('text')
      .attr('x', left + side + 6)
      .attr('y', (_, index) => top + (index + 0.5) * cell)
      .attr('dy', '0.35em')
      .attr('fill', theme.muted)
      .style('font-size', `${font}px`)
      .text((total) => formatCount(total));

    this.rowTitle
      .attr('transform', `translate(${theme.fontSize},${top + side / 2}) rotate(-90)`)
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.fontSize}px`);
    this.columnTitle
      .attr('x', left + side / 2)
      .attr('y', top + side + columnLabelHeight + theme.fontSize)
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.fontSize}px`);
    this.totalsTitle
      .attr('x', left + side + 6)
      .attr('y', top + side + font + 6)
      .attr('fill', theme.muted)
      .style('font-size', `${font}px`)
      .text(classCount > 0 ? 'n (row)' : '');

    const selected = data.selected ?? null;
    const hasSelection = selected !== null && selected.trueClass < classCount && selected.predictedClass < classCount;
    this.selectedRect
      .style('display', hasSelection ? 'inline' : 'none')
      .attr('x', left + (selected?.predictedClass ?? 0) * cell - 1)
      .attr('y', top + (selected?.trueClass ?? 0) * cell - 1)
      .attr('width', cell + 1)
      .attr('height', cell + 1)
      .attr('stroke', theme.accent);
    this.focusRect.attr('stroke', theme.foreground).attr('width', cell + 1).attr('height', cell + 1);
    this.placeFocus();

    // The text alternative of the canvas cells, shown to everyone under the matrix.
    frame.setCaption(summary && classCount > 0 ? confusionText(data.counts, data.classes) : '');
    if (summary) {
      frame.svg.attr(
        'aria-label',
        `${options.title ?? 'Confusion matrix'}: ${classCount} classes, ${formatCount(summary.total)} ${options.exampleNoun ?? 'examples'}, accuracy ${formatShare(summary.accuracy)}, macro accuracy ${formatShare(summary.macroAccuracy)}`,
      );
    }
  }

  private showCell(entry: ConfusionCell, [x, y]: [number, number]): void {
    const classes = this.data.classes;
    const noun = this.options.exampleNoun ?? 'examples';
    const isCorrect = entry.trueClass === entry.predictedClass;
    const lines = [
      { text: `true ${classes[entry.trueClass]} → predicted ${classes[entry.predictedClass]}${isCorrect ? ' (correct)' : ''}`, emphasis: true },
      { text: `${formatCount(entry.count)} of ${formatCount(entry.rowTotal)} ${classes[entry.trueClass]} ${noun} (${formatShare(entry.share)})` },
    ];
    const examples = isCorrect ? [] : cellExamples(this.data.mistakes, entry);
    if (examples.length > 0) lines.push({ text: `e.g. ${exampleList(examples)}` });
    this.frame.showTooltip(lines, x, y);
  }

  private placeFocus(): void {
    const { left, top, cell } = this.layout;
    if (!this.focused) {
      this.focusRect.style('display', 'none');
      return;
    }
    this.focusRect
      .style('display', 'inline')
      .attr('x', left + this.focused.col * cell - 1)
      .attr('y', top + this.focused.row * cell - 1);
  }

  private key(event: KeyboardEvent): void {
    const classCount = this.layout.classCount;
    if (classCount === 0) return;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const clamp = (value: number) => Math.max(0, Math.min(classCount - 1, value));
      // The first key of any kind picks the top-left cell; later arrows move from it.
      this.pick(this.focused ? { row: clamp(this.focused.row + move[0]), col: clamp(this.focused.col + move[1]) } : { row: 0, col: 0 });
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      // Enter/Space open the picked cell; before one is picked they pick the first, as an arrow does, so the
      // student sees which cell the next Enter opens.
      if (this.focused) this.options.onSelectCell?.(this.focused.row, this.focused.col);
      else this.pick({ row: 0, col: 0 });
    }
  }

  /** Ring a cell for the keyboard and show its tooltip beside it. */
  private pick(position: { row: number; col: number }): void {
    this.focused = position;
    this.placeFocus();
    const entry = this.cells[position.row * this.layout.classCount + position.col];
    const { left, top, cell } = this.layout;
    if (entry) this.showCell(entry, [left + (position.col + 1) * cell, top + position.row * cell]);
  }
}
