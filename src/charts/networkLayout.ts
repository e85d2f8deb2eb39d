/**
 * Pure layout of the network diagram: the folded form (one box per layer and direction with its loop) and the unrolled
 * form over the typed tokens (x_t boxes at the bottom, one row of cell boxes per layer and direction, h_t arrows between
 * steps, the head and log-softmax reading the last state: many-to-one). A names generator's network reads out at every
 * step instead (many-to-many while training, one-to-many when it writes). Coordinates are CSS px; the drawer only joins.
 */
import { headInputSize, inputSize, type InputWidth } from '../model/architecture';
import type { CellType, ModelConfig } from '../model/types';
import { subscript, truncateLabel, visibleSymbol } from './format';

/**
 * The model choices the diagram follows: a structural subset of model/types.ts `ModelConfig`, which fits as it is.
 * Widths come from model/architecture.ts, the table the engine builds from.
 */
export interface DiagramModel extends Pick<ModelConfig, 'cell' | 'hiddenSize' | 'numLayers' | 'bidirectional'> {
  input: InputWidth | GeneratorInput;
  /** What the head chooses among: the classes, or a generator's next symbols (letters and the end mark). */
  classes: readonly string[];
}

/**
 * A names generator's input at each step: one-hot the condition (the language) next to one-hot the previous symbol
 * (letters, end, begin). With it the network reads out at every step.
 */
export interface GeneratorInput {
  type: 'generator';
  conditions: number;
  symbols: number;
}

export type DiagramNodeKind = 'input' | 'cell' | 'head' | 'output' | 'gap';
export type DiagramEdgeKind = 'input' | 'recurrent' | 'layer' | 'loop' | 'head' | 'output';

export interface DiagramNode {
  id: string;
  kind: DiagramNodeKind;
  form: 'folded' | 'unrolled';
  /** Top-left corner and size. */
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  sublabel?: string;
  /** Timestep (0-based) for unrolled inputs and cells: what a click selects. */
  step?: number;
  layer?: number;
  direction?: 'forward' | 'reverse';
}

export interface DiagramEdge {
  id: string;
  kind: DiagramEdgeKind;
  from: string;
  to: string;
  /** Polyline the drawer smooths; the arrow head sits at the last point. */
  points: [number, number][];
  label?: string;
  /** Through the elided middle of a long input. */
  isElided?: boolean;
}

export interface DiagramLayout {
  width: number;
  height: number;
  /** e.g. 'LSTM, H=128, 2 layers, bidirectional'. */
  title: string;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Row names at the left edge. */
  rowTitles: { label: string; x: number; y: number }[];
  /** Where the folded form ends and the unrolled begins, for the "=" between them. */
  formDivider: { x: number; y: number };
  /** Timesteps shown (the rest elided): `[0, 1, 2, 3, -1, 9, 10, 11]` with -1 for the gap. */
  shownSteps: number[];
}

export interface LayoutOptions {
  /** Font size the boxes are sized for (presenter mode makes everything larger). Default 12. */
  fontSize?: number;
  /** Most timestep columns before the middle is elided (default 10). */
  maxSteps?: number;
  /** A generator's output at each step (the next letter it is taught), one per token; '?' where missing. */
  targets?: readonly string[];
}

const CELL_NAMES: Record<CellType, string> = { tutorial: 'tutorial RNN', rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };

/** 'LSTM, H=128, 2 layers, bidirectional'. */
export function modelTitle(model: DiagramModel): string {
  const parts = [`${CELL_NAMES[model.cell]}, H=${model.hiddenSize}`];
  if (model.numLayers > 1) parts.push(`${model.numLayers} layers`);
  if (model.bidirectional) parts.push('bidirectional');
  return parts.join(', ');
}

/** Which timesteps get a column: all when they fit, else the first and last with -1 marking the elided middle. */
export function shownSteps(stepCount: number, maxSteps: number): number[] {
  if (stepCount <= maxSteps) return Array.from({ length: stepCount }, (_, step) => step);
  const budget = Math.max(2, maxSteps - 1);
  const head = Math.ceil(budget / 2);
  const tail = budget - head;
  return [
    ...Array.from({ length: head }, (_, step) => step),
    -1,
    ...Array.from({ length: tail }, (_, index) => stepCount - tail + index),
  ];
}

/** Fewest timestep columns `fittedLayout` elides down to: the first step, the gap and the last (its output). */
export const FEWEST_FITTED_COLUMNS = 3;

/**
 * The layout drawn in `availableWidth` at no less than `minScale`: `unrolledLayout` with more of the middle elided
 * while it would not fit, down to FEWEST_FITTED_COLUMNS (narrower than that, a phone, it scrolls). Projected, a
 * diagram that scrolled sideways hid its last step, which for a classifier is the one output: in presenter mode an
 * 8-word sentence ran 105 px past the card at 1920, and "Nienhuis" more than a box at 1280.
 */
export function fittedLayout(model: DiagramModel, tokens: readonly string[], options: LayoutOptions, availableWidth: number, minScale: number): DiagramLayout {
  let maxSteps = Math.max(3, options.maxSteps ?? 10);
  let layout = unrolledLayout(model, tokens, { ...options, maxSteps });
  while (layout.width * minScale > availableWidth && maxSteps > FEWEST_FITTED_COLUMNS && layout.shownSteps.length > FEWEST_FITTED_COLUMNS) {
    maxSteps = Math.min(maxSteps, layout.shownSteps.length) - 1;
    layout = unrolledLayout(model, tokens, { ...options, maxSteps });
  }
  return layout;
}

/**
 * Nodes and edges of the folded and the unrolled network over `tokens`.
 * Row order, bottom to top: inputs; for each layer its forward row, then (bidirectional) its reverse row; head; output.
 * A bidirectional layer's reverse row gets x_t by an arrow routed around the forward box; the next layer reads the
 * concatenation [h→; h←] (one arrow from the layer's top row, labelled once).
 */
export function unrolledLayout(model: DiagramModel, tokens: readonly string[], options: LayoutOptions = {}): DiagramLayout {
  if (!Number.isInteger(model.numLayers) || model.numLayers < 1) throw new RangeError(`A network needs at least one layer; got ${model.numLayers}.`);
  const font = options.fontSize ?? 12;
  const maxSteps = Math.max(3, options.maxSteps ?? 10);
  const directions: ('forward' | 'reverse')[] = model.bidirectional ? ['forward', 'reverse'] : ['forward'];
  const directionCount = directions.length;
  // Wide enough for the longest fixed label (bold text runs ~0.65 em per glyph).
  const boxWidth = Math.ceil(Math.max(56, font * 5, ...[CELL_NAMES[model.cell], 'log-softmax'].map((label) => label.length * font * 0.65 + 10)));
  const boxHeight = Math.round(font * 2.7);
  const columnGap = Math.round(font * 2.4);
  const rowGap = Math.round(font * 2.6);
  const stepX = boxWidth + columnGap;
  const stepY = boxHeight + rowGap;
  const margin = Math.round(font * 1.2);
  const titleWidth = Math.round(font * 6.5);
  const cellRows = model.numLayers * directionCount;
  const rowCount = 1 + cellRows + 2;
  const rowY = (row: number): number => margin + font * 1.5 + (rowCount - 1 - row) * stepY;
  const cellRow = (layer: number, direction: 'forward' | 'reverse'): number => 1 + layer * directionCount + (direction === 'forward' ? 0 : 1);
  const headRow = rowCount - 2;
  const outputRow = rowCount - 1;
  const cellName = CELL_NAMES[model.cell];
  const input = model.input;
  const isGenerator = input.type === 'generator';
  const inputDescription =
    input.type === 'generator' ? `one-hot ${input.conditions}+${input.symbols}` : input.type === 'chars' ? `one-hot ${inputSize({ input })}` : `embedding ${inputSize({ input })}`;
  // The tutorial's head reads [x_t; h_{t−1}] (the generator's too, through i2o); the others read the top layer's h_t.
  const headInput =
    input.type === 'generator' ? (model.cell === 'tutorial' ? input.conditions + input.symbols + model.hiddenSize : model.hiddenSize) : headInputSize({ ...model, input });
  const classCount = model.classes.length;
  const outputNoun = isGenerator ? 'symbols' : 'classes';
  const recurrentLabel = model.cell === 'lstm' ? 'h, c' : 'h';

  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const byId = new Map<string, DiagramNode>();
  const addNode = (node: DiagramNode): DiagramNode => {
    nodes.push(node);
    byId.set(node.id, node);
    return node;
  };
  const center = (node: DiagramNode): [number, number] => [node.x + node.width / 2, node.y + node.height / 2];
  const top = (node: DiagramNode, shift = 0): [number, number] => [node.x + node.width / 2 + shift, node.y];
  const bottom = (node: DiagramNode, shift = 0): [number, number] => [node.x + node.width / 2 + shift, node.y + node.height];
  const addEdge = (edge: Omit<DiagramEdge, 'points'> & { points?: [number, number][] }): void => {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) return;
    // Default route: straight, from the side facing the target.
    let points = edge.points;
    if (!points) {
      if (Math.abs(from.y - to.y) < 1) {
        const isRightward = to.x > from.x;
        points = isRightward
          ? [[from.x + from.width, center(from)[1]], [to.x, center(to)[1]]]
          : [[from.x, center(from)[1]], [to.x + to.width, center(to)[1]]];
      } else {
        points = [top(from), bottom(to)];
      }
    }
    edges.push({ ...edge, points });
  };

  // Folded form: one column.
  const foldedX = margin + titleWidth;
  const foldedInput = addNode({ id: 'folded-input', kind: 'input', form: 'folded', x: foldedX, y: rowY(0), width: boxWidth, height: boxHeight, label: 'xₜ', sublabel: inputDescription });
  for (let layer = 0; layer < model.numLayers; layer += 1) {
    for (const direction of directions) {
      addNode({
        id: `folded-cell-${layer}-${direction}`,
        kind: 'cell',
        form: 'folded',
        x: foldedX,
        y: rowY(cellRow(layer, direction)),
        width: boxWidth,
        height: boxHeight,
        label: cellName,
        sublabel: `H=${model.hiddenSize}${model.bidirectional ? (direction === 'forward' ? ' →' : ' ←') : ''}`,
        layer,
        direction,
      });
    }
  }
  // The tutorial generator's head is two layers (i2o, then o2o); the classifier's tutorial cell is drawn as before.
  const headLabel = isGenerator && model.cell === 'tutorial' ? 'i2o, o2o' : 'Linear';
  const foldedHead = addNode({ id: 'folded-head', kind: 'head', form: 'folded', x: foldedX, y: rowY(headRow), width: boxWidth, height: boxHeight, label: headLabel, sublabel: `${headInput}→${classCount}` });
  addNode({ id: 'folded-output', kind: 'output', form: 'folded', x: foldedX, y: rowY(outputRow), width: boxWidth, height: boxHeight, label: 'log-softmax', sublabel: `${classCount} ${outputNoun}` });

  const topDirection = directions[directionCount - 1];
  addEdge({ id: 'folded-input-edge', kind: 'input', from: foldedInput.id, to: `folded-cell-0-forward` });
  if (model.bidirectional) {
    // Around the left side (the loop takes the right) so the reverse box visibly reads x_t too.
    const reverse = byId.get('folded-cell-0-reverse')!;
    const side = foldedX - columnGap * 0.3;
    addEdge({
      id: 'folded-input-edge-reverse',
      kind: 'input',
      from: foldedInput.id,
      to: reverse.id,
      points: [top(foldedInput, -boxWidth * 0.35), [side, foldedInput.y - rowGap * 0.5], [side, reverse.y + reverse.height + rowGap * 0.5], bottom(reverse, -boxWidth * 0.35)],
    });
  }
  for (let layer = 0; layer < model.numLayers; layer += 1) {
    for (const direction of directions) {
      const node = byId.get(`folded-cell-${layer}-${direction}`)!;
      const right = node.x + node.width;
      const loopTop = node.y - rowGap * 0.55;
      addEdge({
        id: `folded-loop-${layer}-${direction}`,
        kind: 'loop',
        from: node.id,
        to: node.id,
        label: recurrentLabel,
        points: [
          [right, node.y + node.height * 0.3],
          [right + columnGap * 0.45, node.y + node.height * 0.3],
          [right + columnGap * 0.45, loopTop],
          [node.x + node.width * 0.8, loopTop],
          [node.x + node.width * 0.8, node.y],
        ],
      });
    }
    if (layer + 1 < model.numLayers) {
      addEdge({ id: `folded-layer-${layer}`, kind: 'layer', from: `folded-cell-${layer}-${topDirection}`, to: `folded-cell-${layer + 1}-forward` });
    }
  }
  addEdge({ id: 'folded-head-edge', kind: 'head', from: `folded-cell-${model.numLayers - 1}-${topDirection}`, to: foldedHead.id });
  addEdge({ id: 'folded-output-edge', kind: 'output', from: foldedHead.id, to: 'folded-output' });

  // Unrolled form.
  const steps = shownSteps(tokens.length, maxSteps);
  const unrolledX = foldedX + boxWidth + columnGap * 2.5;
  const columnX = (column: number): number => unrolledX + column * stepX;
  const nodeIdAt = (row: 'input' | { layer: number; direction: 'forward' | 'reverse' }, step: number, column: number): string => {
    if (step < 0) return typeof row === 'string' ? `gap-input-${column}` : `gap-${row.layer}-${row.direction}-${column}`;
    return typeof row === 'string' ? `input-${step}` : `cell-${row.layer}-${row.direction}-${step}`;
  };
  steps.forEach((step, column) => {
    const x = columnX(column);
    if (step < 0) {
      addNode({ id: nodeIdAt('input', step, column), kind: 'gap', form: 'unrolled', x, y: rowY(0), width: boxWidth, height: boxHeight, label: '…' });
    } else {
      addNode({
        id: nodeIdAt('input', step, column),
        kind: 'input',
        form: 'unrolled',
        x,
        y: rowY(0),
        width: boxWidth,
        height: boxHeight,
        label: truncateLabel(visibleSymbol(tokens[step]), Math.max(3, Math.floor(boxWidth / (font * 0.62)))),
        sublabel: `x${subscript(step + 1)}`,
        step,
      });
    }
    for (let layer = 0; layer < model.numLayers; layer += 1) {
      for (const direction of directions) {
        const y = rowY(cellRow(layer, direction));
        const id = nodeIdAt({ layer, direction }, step, column);
        if (step < 0) {
          addNode({ id, kind: 'gap', form: 'unrolled', x, y, width: boxWidth, height: boxHeight, label: '…', layer, direction });
        } else {
          const layerMark = model.numLayers > 1 ? `${subscript(layer + 1)}` : '';
          addNode({ id, kind: 'cell', form: 'unrolled', x, y, width: boxWidth, height: boxHeight, label: `h${subscript(step + 1)}`, sublabel: layerMark ? `layer ${layer + 1}` : undefined, step, layer, direction });
        }
      }
    }
  });

  steps.forEach((step, column) => {
    if (step < 0) return;
    const inputId = nodeIdAt('input', step, column);
    addEdge({ id: `input-edge-${step}`, kind: 'input', from: inputId, to: nodeIdAt({ layer: 0, direction: 'forward' }, step, column) });
    if (model.bidirectional) {
      // Around the forward box's right side, so it visibly reaches the reverse row.
      const input = byId.get(inputId)!;
      const reverse = byId.get(nodeIdAt({ layer: 0, direction: 'reverse' }, step, column))!;
      const side = input.x + input.width + columnGap * 0.3;
      addEdge({
        id: `input-edge-reverse-${step}`,
        kind: 'input',
        from: inputId,
        to: reverse.id,
        points: [top(input, input.width * 0.35), [side, input.y - rowGap * 0.5], [side, reverse.y + reverse.height + rowGap * 0.5], bottom(reverse, reverse.width * 0.35)],
      });
    }
    for (let layer = 0; layer + 1 < model.numLayers; layer += 1) {
      addEdge({
        id: `layer-edge-${layer}-${step}`,
        kind: 'layer',
        from: nodeIdAt({ layer, direction: topDirection }, step, column),
        to: nodeIdAt({ layer: layer + 1, direction: 'forward' }, step, column),
        label: model.bidirectional && column === 0 ? '[h→; h←]' : undefined,
      });
    }
  });

  for (let layer = 0; layer < model.numLayers; layer += 1) {
    for (const direction of directions) {
      for (let column = 0; column + 1 < steps.length; column += 1) {
        const [left, right] = [steps[column], steps[column + 1]];
        const isElided = left < 0 || right < 0;
        const leftId = nodeIdAt({ layer, direction }, left, column);
        const rightId = nodeIdAt({ layer, direction }, right, column + 1);
        const [from, to] = direction === 'forward' ? [leftId, rightId] : [rightId, leftId];
        const isFirst = direction === 'forward' ? column === 0 : column === steps.length - 2;
        addEdge({ id: `recurrent-${layer}-${direction}-${column}`, kind: 'recurrent', from, to, label: isFirst && !isElided ? recurrentLabel : undefined, isElided });
      }
    }
  }

  let headRight = foldedX + boxWidth;
  if (isGenerator) {
    // Every step reads out: a distribution over the next symbol, taught the name's next letter (or the end).
    steps.forEach((step, column) => {
      if (step < 0) return;
      const x = columnX(column);
      addNode({ id: `head-${step}`, kind: 'head', form: 'unrolled', x, y: rowY(headRow), width: boxWidth, height: boxHeight, label: headLabel, sublabel: `${headInput}→${classCount}`, step });
      addNode({
        id: `output-${step}`,
        kind: 'output',
        form: 'unrolled',
        x,
        y: rowY(outputRow),
        width: boxWidth,
        height: boxHeight,
        label: truncateLabel(visibleSymbol(options.targets?.[step] ?? '?'), Math.max(3, Math.floor(boxWidth / (font * 0.62)))),
        sublabel: `ŷ${subscript(step + 1)}`,
        step,
      });
      addEdge({ id: `head-edge-${step}`, kind: 'head', from: nodeIdAt({ layer: model.numLayers - 1, direction: 'forward' }, step, column), to: `head-${step}` });
      addEdge({ id: `output-edge-${step}`, kind: 'output', from: `head-${step}`, to: `output-${step}` });
      headRight = x + boxWidth;
    });
  } else if (steps.length > 0) {
    const lastColumn = steps.length - 1;
    const lastStep = steps[lastColumn];
    const head = addNode({ id: 'head', kind: 'head', form: 'unrolled', x: columnX(lastColumn), y: rowY(headRow), width: boxWidth, height: boxHeight, label: model.cell === 'tutorial' ? 'i2o' : 'Linear', sublabel: `${headInput}→${classCount}` });
    addNode({ id: 'output', kind: 'output', form: 'unrolled', x: columnX(lastColumn), y: rowY(outputRow), width: boxWidth, height: boxHeight, label: 'log-softmax', sublabel: `ŷ, ${classCount} classes` });
    headRight = head.x + head.width;
    const lastLayer = model.numLayers - 1;
    addEdge({ id: 'head-edge-forward', kind: 'head', from: nodeIdAt({ layer: lastLayer, direction: topDirection }, lastStep, lastColumn), to: 'head', label: model.bidirectional ? `h→${subscript(lastStep + 1)}` : undefined });
    if (model.bidirectional) {
      // The reverse direction's summary of the whole text is its state at the first step: route it up, then right.
      const firstReverse = byId.get(nodeIdAt({ layer: lastLayer, direction: 'reverse' }, steps[0], 0))!;
      const [startX, startY] = top(firstReverse);
      addEdge({
        id: 'head-edge-reverse',
        kind: 'head',
        from: firstReverse.id,
        to: 'head',
        label: `h←${subscript(1)}`,
        points: [[startX, startY], [startX, center(head)[1]], [head.x, center(head)[1]]],
      });
    }
    if (model.cell === 'tutorial') {
      const lastInput = byId.get(nodeIdAt('input', lastStep, lastColumn))!;
      const side = lastInput.x + lastInput.width + columnGap * 0.5;
      addEdge({
        id: 'head-edge-input',
        kind: 'head',
        from: lastInput.id,
        to: 'head',
        label: `x${subscript(lastStep + 1)}`,
        points: [[lastInput.x + lastInput.width, center(lastInput)[1]], [side, center(lastInput)[1]], [side, center(head)[1]], [head.x + head.width, center(head)[1]]],
      });
    }
    addEdge({ id: 'output-edge', kind: 'output', from: 'head', to: 'output' });
  }

  const rowTitles = [{ label: 'input', x: margin, y: rowY(0) + boxHeight / 2 }];
  for (let layer = 0; layer < model.numLayers; layer += 1) {
    for (const direction of directions) {
      rowTitles.push({
        label: `layer ${layer + 1}${model.bidirectional ? (direction === 'forward' ? ' →' : ' ←') : ''}`,
        x: margin,
        y: rowY(cellRow(layer, direction)) + boxHeight / 2,
      });
    }
  }
  rowTitles.push({ label: 'head', x: margin, y: rowY(headRow) + boxHeight / 2 }, { label: 'output', x: margin, y: rowY(outputRow) + boxHeight / 2 });

  const unrolledRight = steps.length > 0 ? columnX(steps.length - 1) + boxWidth : unrolledX;
  return {
    width: Math.ceil(Math.max(headRight, unrolledRight) + columnGap + margin),
    height: Math.ceil(rowY(0) + boxHeight + margin),
    title: modelTitle(model),
    nodes,
    edges,
    rowTitles,
    formDivider: { x: foldedX + boxWidth + columnGap * 1.25, y: rowY(cellRow(0, 'forward')) + boxHeight / 2 },
    shownSteps: steps,
  };
}
