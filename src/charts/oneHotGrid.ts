/**
 * OneHotGrid: the Encode step's picture of `lineToTensor(name)`: T rows (letters typed) × |alphabet| columns, one lit
 * cell per row with its index, the alphabet along the top (the screen lists dropped characters once, beside it).
 *
 * SVG: a row is a group keyed by position holding its lit cell, so typing one more letter adds one row and leaves the
 * rest in place. The empty cells are drawn once as a grid of lines rather than T × 57 rects.
 */
import { isOwnAlphabet } from '../data/charAlphabet';
import { estimateTextWidth, visibleSymbol } from './format';
import type { ChartTheme } from './chartTheme';
import { ChartFrame } from './frame';
import type { GroupSelection } from './frame';
import { labelStride } from './heatmapData';
import { oneHotRows, oneHotShape } from './oneHotData';
import type { OneHotRow, OneHotRows } from './oneHotData';

export type { OneHotRow, OneHotRows } from './oneHotData';

export interface OneHotGridOptions {
  /** Accessible name; default 'One-hot encoding of the typed name'. */
  title?: string;
  /** Widest column in px (default 22); rows are as tall, or taller where the row labels need it. */
  maxCellSize?: number;
  theme?: Partial<ChartTheme>;
}

export interface OneHotGridData {
  text: string;
  /** The symbols in column order (57 for the names task). */
  alphabet: string;
}

interface HeaderItem {
  index: number;
  symbol: string;
  isLit: boolean;
}

/** A row's label on the left: its position and letter, "3  e". */
function rowLabel(row: OneHotRow): string {
  return `${row.position + 1}  ${visibleSymbol(row.symbol)}`;
}

export class OneHotGrid {
  private readonly frame: ChartFrame;
  private readonly gridLines: GroupSelection;
  private readonly header: GroupSelection;
  private readonly rowsGroup: GroupSelection;
  private encoded: OneHotRows = { rows: [], dropped: [], alphabetSize: 0 };
  private alphabet: string[] = [];

  constructor(
    container: HTMLElement,
    private readonly options: OneHotGridOptions = {},
  ) {
    this.frame = new ChartFrame(
      container,
      { ariaLabel: options.title ?? 'One-hot encoding of the typed name', className: 'chart-one-hot', canScrollX: true, theme: options.theme },
      () => this.render(),
    );
    this.header = this.frame.svg.append('g').attr('class', 'alphabet');
    this.gridLines = this.frame.svg.append('g').attr('class', 'grid-lines');
    this.rowsGroup = this.frame.svg.append('g').attr('class', 'rows');
    this.render();
  }

  update(data: OneHotGridData): void {
    this.encoded = oneHotRows(data.text, data.alphabet);
    this.alphabet = Array.from(data.alphabet);
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
    const { frame, encoded } = this;
    const theme = frame.theme;
    // Every label at the theme's sizes, which presenter mode raises (--chart-*-font-size); the cells make room for
    // them rather than the labels shrinking to the cells: a column at least one header letter wide, a row at least
    // one row label tall. Where the screen is too narrow for that, the grid scrolls sideways (a phone).
    const font = theme.smallFontSize;
    const rowFont = theme.fontSize;
    const columns = this.alphabet.length;
    const rows = encoded.rows;
    const left = Math.max(font * 4, ...rows.map((row) => estimateTextWidth(rowLabel(row), rowFont) + 6));
    // Room for the widest index label ("index 56"; an own alphabet's may add "unknown").
    const right = estimateTextWidth(`index ${Math.max(10, columns - 1)}${isOwnAlphabet(this.alphabet.join('')) ? ' unknown' : ''}`, font) + 12;
    const minColumnWidth = Math.ceil(font);
    const columnWidth = columns === 0 ? 0 : Math.max(minColumnWidth, Math.min(this.options.maxCellSize ?? 22, Math.floor((frame.width - left - right) / columns)));
    // A row label's box is about 1.2 of its font size tall; a shorter row and neighbouring rows' labels overprint.
    const rowHeight = Math.max(columnWidth, Math.ceil(rowFont * 1.2));
    const width = Math.max(frame.width, left + columnWidth * columns + right);
    const headerHeight = font + 8;
    const top = headerHeight;
    const gridWidth = columnWidth * columns;
    const gridHeight = rowHeight * rows.length;
    frame.resize(width, top + gridHeight + 4);

    const litColumns = new Set(rows.map((row) => row.index));
    const stride = labelStride(columns, columnWidth, font * 0.9);
    const headerItems: HeaderItem[] = this.alphabet
      .map((symbol, index) => ({ index, symbol: visibleSymbol(symbol), isLit: litColumns.has(index) }))
      .filter((item) => item.isLit || item.index % stride === 0);
    this.header
      .selectAll<SVGTextElement, HeaderItem>('text')
      .data(headerItems, (item) => String(item.index))
      .join('text')
      .attr('x', (item) => left + (item.index + 0.5) * columnWidth)
      .attr('y', headerHeight - 5)
      .attr('text-anchor', 'middle')
      .attr('fill', (item) => (item.isLit ? theme.accent : theme.muted))
      .style('font-weight', (item) => (item.isLit ? '700' : null))
      .style('font-size', `${font}px`)
      .text((item) => item.symbol);

    const verticals = rows.length === 0 ? [] : Array.from({ length: columns + 1 }, (_, index) => index);
    this.gridLines
      .selectAll<SVGLineElement, number>('line.vertical')
      .data(verticals)
      .join((enter) => enter.append('line').attr('class', 'vertical'))
      .attr('x1', (index) => left + index * columnWidth)
      .attr('x2', (index) => left + index * columnWidth)
      .attr('y1', top)
      .attr('y2', top + gridHeight)
      .attr('stroke', theme.grid);
    const horizontals = rows.length === 0 ? [] : Array.from({ length: rows.length + 1 }, (_, index) => index);
    this.gridLines
      .selectAll<SVGLineElement, number>('line.horizontal')
      .data(horizontals)
      .join((enter) => enter.append('line').attr('class', 'horizontal'))
      .attr('x1', left)
      .attr('x2', left + gridWidth)
      .attr('y1', (index) => top + index * rowHeight)
      .attr('y2', (index) => top + index * rowHeight)
      .attr('stroke', theme.grid);

    const rowGroups = this.rowsGroup
      .selectAll<SVGGElement, OneHotRow>('g.one-hot-row')
      .data(rows, (row) => String(row.position))
      .join((enter) => {
        const group = enter.append('g').attr('class', 'one-hot-row');
        group.append('text').attr('class', 'row-symbol').attr('text-anchor', 'end').attr('dy', '0.35em');
        group.append('rect').attr('class', 'lit-cell');
        group.append('text').attr('class', 'lit-one').attr('text-anchor', 'middle').attr('dy', '0.35em');
        group.append('text').attr('class', 'row-index').attr('dy', '0.35em');
        return group;
      })
      .attr('transform', (row) => `translate(0,${top + row.position * rowHeight})`)
      .attr('data-index', (row) => row.index);
    rowGroups
      .select('text.row-symbol')
      .attr('x', left - 6)
      .attr('y', rowHeight / 2)
      .attr('fill', theme.foreground)
      .style('font-size', `${rowFont}px`)
      .text(rowLabel);
    rowGroups
      .select('rect.lit-cell')
      .attr('x', (row) => left + row.index * columnWidth)
      .attr('width', columnWidth)
      .attr('height', rowHeight)
      .attr('fill', theme.accent);
    rowGroups
      .select('text.lit-one')
      .attr('x', (row) => left + (row.index + 0.5) * columnWidth)
      .attr('y', rowHeight / 2)
      .attr('fill', '#ffffff')
      .style('font-size', `${Math.max(8, Math.min(font, columnWidth * 0.7))}px`)
      .style('font-weight', '700')
      .text(columnWidth >= 10 ? '1' : '');
    rowGroups
      .select('text.row-index')
      .attr('x', left + gridWidth + 6)
      .attr('y', rowHeight / 2)
      .attr('fill', theme.muted)
      .style('font-size', `${font}px`)
      .text((row) => `index ${row.index}${row.isUnknown ? ' unknown' : ''}`);

    const [steps, batch, symbols] = oneHotShape(encoded);
    const parts: string[] = [];
    if (rows.length === 0) parts.push('Type a name to see one row per letter.');
    else parts.push(`Shape [${steps}, ${batch}, ${symbols}]: one row per letter, a single 1 at the letter's index, 0 elsewhere.`);
    // Dropped characters are listed once, by the Encode screen under the grid, not here as well.
    frame.setCaption(parts.join(' '));
    frame.svg.attr('aria-label', `${this.options.title ?? 'One-hot encoding'}: ${steps} × ${symbols}`);
  }
}
