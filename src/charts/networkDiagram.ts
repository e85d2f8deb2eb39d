/**
 * NetworkDiagram: the model the student is building, folded (a box per layer with its loop) and unrolled over the typed
 * name's letters, redrawn as the choices change (cell type, hidden size, layers, bidirectional). Layout is the pure
 * `unrolledLayout`; here nodes and edges are joined by id, so adding a letter or a layer adds boxes without redrawing
 * the rest. Click an unrolled box (or focus and use ←/→) to select that timestep; `highlightStep` outlines its column.
 */
import { curveBasis, line as lineShape } from 'd3';
import type { ChartTheme } from './chartTheme';
import { categoricalColor } from './chartTheme';
import { ChartFrame } from './frame';
import type { GroupSelection } from './frame';
import { fittedLayout } from './networkLayout';
import type { DiagramEdge, DiagramLayout, DiagramModel, DiagramNode } from './networkLayout';

export type { DiagramModel, DiagramLayout, DiagramNode, DiagramEdge } from './networkLayout';

export interface NetworkDiagramOptions {
  /** Accessible name prefix; default 'Network diagram'. */
  title?: string;
  /** Most timestep columns before the middle is elided (default 10). */
  maxSteps?: number;
  onSelectStep?: (step: number) => void;
  theme?: Partial<ChartTheme>;
}

export interface NetworkDiagramData {
  model: DiagramModel;
  /** The typed name's letters (or the sentence's words); a generator's previous symbols, from the begin mark. */
  tokens: readonly string[];
  /** A generator's output at each step: the next letter, then the end mark. */
  targets?: readonly string[];
  highlightStep?: number | null;
}

let markerCounter = 0;

/**
 * The smallest scale the diagram is drawn at: its small labels stay at least the theme's `minScaledFontSize` (12 px
 * labels above 9 px at the desk, 17 px ones at 16 in presenter mode). Below it more of the middle is elided
 * (`fittedLayout`); a screen too narrow even for that scrolls sideways.
 */
export function minimumDiagramScale(theme: Pick<ChartTheme, 'smallFontSize' | 'minScaledFontSize'>): number {
  return Math.min(1, theme.minScaledFontSize / theme.smallFontSize);
}

export class NetworkDiagram {
  private readonly frame: ChartFrame;
  private readonly edgesGroup: GroupSelection;
  private readonly nodesGroup: GroupSelection;
  private readonly titlesGroup: GroupSelection;
  private readonly heading;
  private readonly divider;
  private readonly markerId: string;
  private data: NetworkDiagramData | null = null;

  constructor(
    container: HTMLElement,
    private readonly options: NetworkDiagramOptions = {},
  ) {
    this.frame = new ChartFrame(container, { ariaLabel: options.title ?? 'Network diagram', className: 'chart-network', canScrollX: true, theme: options.theme }, () => this.render());
    const svg = this.frame.svg;
    // Sized in render: scaled down to the container, but never below legibility (then it scrolls sideways).
    svg.style('height', 'auto');
    markerCounter += 1;
    this.markerId = `chart-arrow-${markerCounter}`;
    svg
      .append('defs')
      .append('marker')
      .attr('id', this.markerId)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M0,0 L10,5 L0,10 z')
      .attr('fill', 'context-stroke');
    this.heading = svg.append('text').attr('class', 'diagram-title');
    this.divider = svg.append('text').attr('class', 'form-divider').attr('text-anchor', 'middle').attr('dy', '0.35em');
    this.titlesGroup = svg.append('g').attr('class', 'row-titles');
    this.edgesGroup = svg.append('g').attr('class', 'edges');
    this.nodesGroup = svg.append('g').attr('class', 'nodes');
    if (options.onSelectStep) {
      svg.attr('tabindex', 0).on('keydown', (event: KeyboardEvent) => this.key(event));
    }
  }

  update(data: NetworkDiagramData): void {
    this.data = data;
    this.render();
  }

  refreshTheme(): void {
    this.frame.refreshTheme();
    this.render();
  }

  destroy(): void {
    this.frame.destroy();
  }

  private kindColor(kind: DiagramNode['kind'], theme: ChartTheme): string {
    switch (kind) {
      case 'input':
        return theme.muted;
      case 'cell':
        return categoricalColor(theme, 0);
      case 'head':
        return categoricalColor(theme, 1);
      case 'output':
        return categoricalColor(theme, 2);
      case 'gap':
        return theme.grid;
      default: {
        const unknown: never = kind;
        return unknown;
      }
    }
  }

  private render(): void {
    if (!this.data) return;
    const { frame, options } = this;
    const theme = frame.theme;
    const minScale = minimumDiagramScale(theme);
    const layout = fittedLayout(this.data.model, this.data.tokens, { fontSize: theme.fontSize, maxSteps: options.maxSteps, targets: this.data.targets }, frame.width, minScale);
    frame.resize(layout.width, layout.height);
    const scale = Math.max(minScale, Math.min(1, frame.width / layout.width));
    frame.svg.style('width', `${layout.width * scale}px`);
    frame.markScrolling(layout.width * scale > frame.width + 1);
    const highlight = this.data.highlightStep ?? null;

    this.heading
      .attr('x', layout.rowTitles[0]?.x ?? 0)
      .attr('y', theme.fontSize)
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.fontSize}px`)
      .style('font-weight', '600')
      .text(`${layout.title}: folded${this.data.tokens.length > 0 ? ' = unrolled over the input' : ''}`);
    this.divider
      .attr('x', layout.formDivider.x)
      .attr('y', layout.formDivider.y)
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.fontSize * 1.6}px`)
      .text(layout.shownSteps.length > 0 ? '=' : '');

    this.titlesGroup
      .selectAll<SVGTextElement, DiagramLayout['rowTitles'][number]>('text')
      .data(layout.rowTitles, (row) => row.label)
      .join('text')
      .attr('x', (row) => row.x)
      .attr('y', (row) => row.y)
      .attr('dy', '0.35em')
      .attr('fill', theme.muted)
      .style('font-size', `${theme.smallFontSize}px`)
      .text((row) => row.label);

    const path = lineShape().curve(curveBasis);
    const edges = this.edgesGroup
      .selectAll<SVGGElement, DiagramEdge>('g.edge')
      .data(layout.edges, (edge) => edge.id)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'edge');
        group.append('path').attr('fill', 'none').attr('stroke-width', 1.5);
        group.append('text').attr('text-anchor', 'middle');
        return group;
      })
      .attr('data-kind', (edge) => edge.kind);
    edges
      .select('path')
      .attr('d', (edge) => path(edge.points))
      .attr('stroke', (edge) => (edge.kind === 'recurrent' || edge.kind === 'loop' ? categoricalColor(theme, 0) : theme.foreground))
      .attr('stroke-dasharray', (edge) => (edge.isElided ? '3 3' : null))
      .attr('marker-end', `url(#${this.markerId})`);
    edges
      .select('text')
      .attr('x', (edge) => labelPosition(edge)[0])
      .attr('y', (edge) => labelPosition(edge)[1])
      .attr('text-anchor', (edge) => labelPosition(edge)[2])
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.smallFontSize}px`)
      .text((edge) => edge.label ?? '');

    const nodes = this.nodesGroup
      .selectAll<SVGGElement, DiagramNode>('g.node')
      .data(layout.nodes, (node) => node.id)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'node');
        group.append('rect').attr('rx', 4);
        group.append('text').attr('class', 'node-label').attr('text-anchor', 'middle');
        group.append('text').attr('class', 'node-sublabel').attr('text-anchor', 'middle');
        return group;
      })
      .attr('data-id', (node) => node.id)
      .attr('transform', (node) => `translate(${node.x},${node.y})`)
      .style('cursor', (node) => (node.step !== undefined && options.onSelectStep ? 'pointer' : null))
      .on('click', (_, node) => {
        if (node.step !== undefined) options.onSelectStep?.(node.step);
      });
    nodes
      .select('rect')
      .attr('width', (node) => node.width)
      .attr('height', (node) => node.height)
      .attr('fill', (node) => this.kindColor(node.kind, theme))
      .attr('fill-opacity', (node) => (node.kind === 'gap' ? 0 : 0.14))
      .attr('stroke', (node) => (node.step !== undefined && node.step === highlight ? theme.accent : this.kindColor(node.kind, theme)))
      .attr('stroke-width', (node) => (node.step !== undefined && node.step === highlight ? 3 : 1.5))
      .attr('stroke-dasharray', (node) => (node.kind === 'gap' ? '3 3' : null));
    nodes
      .select('text.node-label')
      .attr('x', (node) => node.width / 2)
      .attr('y', (node) => (node.sublabel ? node.height * 0.42 : node.height / 2))
      .attr('dy', '0.35em')
      .attr('fill', theme.foreground)
      .style('font-size', `${theme.fontSize}px`)
      .style('font-weight', '600')
      .text((node) => node.label);
    nodes
      .select('text.node-sublabel')
      .attr('x', (node) => node.width / 2)
      .attr('y', (node) => node.height * 0.78)
      .attr('dy', '0.2em')
      .attr('fill', theme.muted)
      .style('font-size', `${theme.smallFontSize}px`)
      .text((node) => node.sublabel ?? '');

    frame.svg.attr(
      'aria-label',
      `${options.title ?? 'Network diagram'}: ${layout.title}, unrolled over ${this.data.tokens.length} step${this.data.tokens.length === 1 ? '' : 's'}`,
    );
  }

  private key(event: KeyboardEvent): void {
    const steps = this.data?.tokens.length ?? 0;
    if (!this.options.onSelectStep || steps === 0) return;
    const current = this.data?.highlightStep ?? -1;
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = Math.min(steps - 1, current + 1);
    else if (event.key === 'ArrowLeft') next = Math.max(0, current - 1);
    if (next === null) return;
    event.preventDefault();
    this.options.onSelectStep(next);
  }
}

/**
 * Where an edge's label goes and how it is anchored: beside the middle of its path, above horizontal arrows, and
 * starting just right of a vertical one (centred 22 units to its right, a label wider than 44 units, such as the
 * stacked layers' "[h→; h←]" at 52, ran over the arrow).
 */
function labelPosition(edge: DiagramEdge): [number, number, 'middle' | 'start'] {
  const points = edge.points;
  if (edge.kind === 'loop') {
    const [x, y] = points[Math.min(2, points.length - 1)];
    return [x, y - 4, 'middle'];
  }
  const [x1, y1] = points[0];
  const [x2, y2] = points[points.length - 1];
  if (points.length > 2) {
    const [mx, my] = points[1];
    return [mx + 12, my - 4, 'middle'];
  }
  const isHorizontal = Math.abs(y1 - y2) < 1;
  return isHorizontal ? [(x1 + x2) / 2, y1 - 5, 'middle'] : [(x1 + x2) / 2 + 5, (y1 + y2) / 2 + 4, 'start'];
}
