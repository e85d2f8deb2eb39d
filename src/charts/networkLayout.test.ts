import { describe, expect, it } from 'vitest';
import { FEWEST_FITTED_COLUMNS, fittedLayout, modelTitle, shownSteps, unrolledLayout } from './networkLayout';
import type { DiagramLayout, DiagramModel } from './networkLayout';

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;'";
const classes = Array.from({ length: 18 }, (_, index) => `c${index}`);
const lstm: DiagramModel = { cell: 'lstm', hiddenSize: 128, numLayers: 1, bidirectional: false, input: { type: 'chars', alphabet: ALPHABET }, classes };

function expectConsistent(layout: DiagramLayout): void {
  const ids = layout.nodes.map((node) => node.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(layout.edges.map((edge) => edge.id)).size).toBe(layout.edges.length);
  for (const edge of layout.edges) {
    expect(ids).toContain(edge.from);
    expect(ids).toContain(edge.to);
    for (const [x, y] of edge.points) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(layout.width);
      expect(y).toBeLessThanOrEqual(layout.height);
    }
  }
  for (const node of layout.nodes) {
    expect(node.x).toBeGreaterThanOrEqual(0);
    expect(node.x + node.width).toBeLessThanOrEqual(layout.width);
    expect(node.y + node.height).toBeLessThanOrEqual(layout.height);
  }
}

describe('unrolledLayout', () => {
  it('unrolls a 1-layer LSTM over "Mar": 3 inputs, 3 cells, 2 h arrows, one head (many-to-one)', () => {
    const layout = unrolledLayout(lstm, ['M', 'a', 'r']);
    const unrolled = layout.nodes.filter((node) => node.form === 'unrolled');
    expect(unrolled.filter((node) => node.kind === 'input').map((node) => node.label)).toEqual(['M', 'a', 'r']);
    expect(unrolled.filter((node) => node.kind === 'cell').map((node) => node.label)).toEqual(['h₁', 'h₂', 'h₃']);
    const recurrent = layout.edges.filter((edge) => edge.kind === 'recurrent');
    expect(recurrent.map((edge) => [edge.from, edge.to])).toEqual([
      ['cell-0-forward-0', 'cell-0-forward-1'],
      ['cell-0-forward-1', 'cell-0-forward-2'],
    ]);
    expect(recurrent[0].label).toBe('h, c');
    const headEdges = layout.edges.filter((edge) => edge.kind === 'head' && edge.to === 'head');
    expect(headEdges.map((edge) => edge.from)).toEqual(['cell-0-forward-2']);
    expect(layout.nodes.find((node) => node.id === 'head')?.sublabel).toBe('128→18');
    expect(layout.title).toBe('LSTM, H=128');
    expectConsistent(layout);
  });

  it('puts inputs at the bottom, layers above, head and output on top', () => {
    const layout = unrolledLayout({ ...lstm, numLayers: 2 }, ['a', 'b']);
    const y = (id: string) => layout.nodes.find((node) => node.id === id)!.y;
    expect(y('input-0')).toBeGreaterThan(y('cell-0-forward-0'));
    expect(y('cell-0-forward-0')).toBeGreaterThan(y('cell-1-forward-0'));
    expect(y('cell-1-forward-0')).toBeGreaterThan(y('head'));
    expect(y('head')).toBeGreaterThan(y('output'));
    expect(layout.edges.filter((edge) => edge.kind === 'layer' && edge.id.startsWith('layer-edge'))).toHaveLength(2);
  });

  it('draws two rows with opposite arrows per layer when bidirectional, and feeds the head both ends', () => {
    const layout = unrolledLayout({ ...lstm, cell: 'gru', bidirectional: true, numLayers: 2 }, ['n', 'o', 't']);
    const reverse = layout.edges.filter((edge) => edge.kind === 'recurrent' && edge.id.startsWith('recurrent-0-reverse'));
    expect(reverse.map((edge) => [edge.from, edge.to])).toEqual([
      ['cell-0-reverse-1', 'cell-0-reverse-0'],
      ['cell-0-reverse-2', 'cell-0-reverse-1'],
    ]);
    const headSources = layout.edges.filter((edge) => edge.to === 'head').map((edge) => edge.from);
    expect(headSources).toEqual(['cell-1-reverse-2', 'cell-1-reverse-0']);
    expect(layout.nodes.find((node) => node.id === 'head')?.sublabel).toBe('256→18');
    expect(layout.edges.some((edge) => edge.id === 'input-edge-reverse-0' && edge.to === 'cell-0-reverse-0')).toBe(true);
    expect(layout.rowTitles.map((row) => row.label)).toEqual(['input', 'layer 1 →', 'layer 1 ←', 'layer 2 →', 'layer 2 ←', 'head', 'output']);
    expect(layout.title).toBe('GRU, H=128, 2 layers, bidirectional');
    expectConsistent(layout);
  });

  it('elides the middle of a long input and keeps the arrows connected through the gap', () => {
    const tokens = 'this film is not good at all and i wanted to leave early'.split(' ');
    const layout = unrolledLayout({ ...lstm, input: { type: 'words', embeddingDim: 100 } }, tokens, { maxSteps: 7 });
    expect(tokens).toHaveLength(13);
    expect(layout.shownSteps).toEqual([0, 1, 2, -1, 10, 11, 12]);
    const elided = layout.edges.filter((edge) => edge.isElided);
    expect(elided.map((edge) => [edge.from, edge.to])).toEqual([
      ['cell-0-forward-2', 'gap-0-forward-3'],
      ['gap-0-forward-3', 'cell-0-forward-10'],
    ]);
    expect(layout.nodes.find((node) => node.id === 'folded-input')?.sublabel).toBe('embedding 100');
    expectConsistent(layout);
  });

  it('elides more of the middle to fit the width it is given, keeping the first and the last step', () => {
    const tokens = "it 's not good , it 's great".split(' ');
    const options = { fontSize: 17 };
    const whole = unrolledLayout(lstm, tokens, options);
    expect(whole.shownSteps).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Room for all of it at the smallest scale: nothing elided.
    expect(fittedLayout(lstm, tokens, options, whole.width * 0.94, 0.94).shownSteps).toEqual(whole.shownSteps);
    // 100 px short: the middle goes, the first and the last words stay, and it fits.
    const fitted = fittedLayout(lstm, tokens, options, whole.width * 0.94 - 100, 0.94);
    expect(fitted.shownSteps).toContain(-1);
    expect(fitted.shownSteps.slice(0, 2)).toEqual([0, 1]);
    expect(fitted.shownSteps.at(-1)).toBe(7);
    expect(fitted.width * 0.94).toBeLessThanOrEqual(whole.width * 0.94 - 100);
    expect(fitted.shownSteps.length, 'no more elided than needed').toBe(whole.shownSteps.length - 1);
    // A phone: never less than the first step, the gap and the last; it scrolls instead.
    expect(fittedLayout(lstm, tokens, options, 300, 0.94).shownSteps).toEqual([0, -1, 7]);
    expect(FEWEST_FITTED_COLUMNS).toBe(3);
    expectConsistent(fitted);
  });

  it("feeds the tutorial RNN's i2o from x_T as well, with [x, h] as its input size", () => {
    const layout = unrolledLayout({ ...lstm, cell: 'tutorial' }, ['a', 'b']);
    expect(layout.edges.filter((edge) => edge.to === 'head').map((edge) => edge.from)).toEqual(['cell-0-forward-1', 'input-1']);
    expect(layout.nodes.find((node) => node.id === 'head')?.sublabel).toBe(`${57 + 128}→18`);
  });

  it('shows only the folded form for no input, and grows boxes with the font', () => {
    const empty = unrolledLayout(lstm, []);
    expect(empty.nodes.every((node) => node.form === 'folded')).toBe(true);
    expectConsistent(empty);
    const small = unrolledLayout(lstm, ['a'], { fontSize: 12 });
    const large = unrolledLayout(lstm, ['a'], { fontSize: 24 });
    expect(large.width).toBeGreaterThan(small.width);
    expect(large.nodes[0].height).toBeGreaterThan(small.nodes[0].height);
  });

  it("reads a generator out at every step: each h_t feeds its own head, the output taught the name's next letter", () => {
    const symbols = Array.from({ length: 58 }, (_, index) => `s${index}`);
    const generator: DiagramModel = { cell: 'lstm', hiddenSize: 128, numLayers: 2, bidirectional: false, input: { type: 'generator', conditions: 18, symbols: 59 }, classes: symbols };
    const layout = unrolledLayout(generator, ['begin', 'R', 'o', 's', 's', 'i'], { targets: ['R', 'o', 's', 's', 'i', 'end'] });
    const unrolled = layout.nodes.filter((node) => node.form === 'unrolled');
    expect(unrolled.filter((node) => node.kind === 'input').map((node) => node.label)).toEqual(['begin', 'R', 'o', 's', 's', 'i']);
    expect(unrolled.filter((node) => node.kind === 'output').map((node) => node.label)).toEqual(['R', 'o', 's', 's', 'i', 'end']);
    expect(unrolled.filter((node) => node.kind === 'head')).toHaveLength(6);
    // The top layer (layer 2) feeds each step's head; layer 1 feeds none.
    const headEdges = layout.edges.filter((edge) => edge.kind === 'head' && !edge.from.startsWith('folded'));
    expect(headEdges.map((edge) => [edge.from, edge.to])).toEqual([0, 1, 2, 3, 4, 5].map((step) => [`cell-1-forward-${step}`, `head-${step}`]));
    expect(layout.nodes.find((node) => node.id === 'folded-input')?.sublabel).toBe('one-hot 18+59');
    expect(layout.nodes.find((node) => node.id === 'folded-output')?.sublabel).toBe('58 symbols');
    expect(layout.nodes.find((node) => node.id === 'head-0')?.sublabel).toBe('128→58');
    // Each output sits above its own step's cells, not only above the last.
    const x = (id: string) => layout.nodes.find((node) => node.id === id)!.x;
    expect(x('output-0')).toBe(x('cell-1-forward-0'));
    expect(x('output-5')).toBe(x('cell-1-forward-5'));
    expectConsistent(layout);
  });

  it("sizes the tutorial generator's head for [x_t; h_t−1] and elides a long name's middle in every row", () => {
    const generator: DiagramModel = { cell: 'tutorial', hiddenSize: 128, numLayers: 1, bidirectional: false, input: { type: 'generator', conditions: 18, symbols: 59 }, classes: Array.from({ length: 58 }, String) };
    const name = 'Abcdefghijklmn'.split('');
    const layout = unrolledLayout(generator, ['begin', ...name], { targets: [...name, 'end'], maxSteps: 6 });
    expect(layout.nodes.find((node) => node.id === 'head-0')?.sublabel).toBe('205→58');
    expect(layout.nodes.filter((node) => node.kind === 'head').map((node) => node.label)).toEqual(Array(6).fill('i2o, o2o'));
    const outputs = layout.nodes.filter((node) => node.form === 'unrolled' && node.kind === 'output');
    expect(outputs.map((node) => node.label)).toEqual(['A', 'b', 'c', 'n', 'end']);
    expect(layout.nodes.filter((node) => node.kind === 'gap').length).toBeGreaterThan(0);
    expectConsistent(layout);
  });

  it('rejects a network without layers', () => {
    expect(() => unrolledLayout({ ...lstm, numLayers: 0 }, ['a'])).toThrow(/at least one layer/);
  });
});

describe('helpers', () => {
  it('chooses the steps to show', () => {
    expect(shownSteps(3, 10)).toEqual([0, 1, 2]);
    expect(shownSteps(20, 6)).toEqual([0, 1, 2, -1, 18, 19]);
  });

  it('titles the model with its choices', () => {
    expect(modelTitle({ ...lstm, cell: 'rnn', hiddenSize: 32 })).toBe('RNN, H=32');
  });
});
