import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RaceInsight } from '../../worker/protocol';
import { GradientTable } from './MemoryInsights';

const MEMBERS = [
  { label: 'RNN (tanh)', id: 'rnn' },
  { label: 'LSTM', id: 'lstm' },
  { label: 'GRU', id: 'gru' },
];

const insight = (first: number, last: number): RaceInsight[] => [{ step: 10, gradNorms: [first, 0.5, last], gates: [], memorySpan: null }];

/** The table's body as text, column by column (the cell's name first). */
function columns(markup: string): string[][] {
  const body = markup.slice(markup.indexOf('<tbody>'));
  const rows = [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => cell[1]));
  return rows[0].map((_, column) => rows.map((row) => row[column]));
}

describe('GradientTable', () => {
  it('prints each column of gradient norms one way, with the same decimals down the column', () => {
    // A race at distance 4 (hidden 4, 10 steps): "0.003287", "0.001195", "0.01774" and "0.06302", "0.0725" before.
    const markup = renderToStaticMarkup(<GradientTable members={MEMBERS} insights={[insight(0.003287, 0.06302), insight(0.001195, 0.0725), insight(0.01774, 0.06976)]} />);
    const [, steps, firsts, lasts] = columns(markup);
    expect(steps).toEqual(['10', '10', '10']);
    expect(firsts).toEqual(['0.00329', '0.00120', '0.01774']);
    expect(lasts).toEqual(['0.0630', '0.0725', '0.0698']);
  });

  it('puts the whole column in powers of ten when one gradient has vanished, and keeps a cut one as zero', () => {
    const markup = renderToStaticMarkup(<GradientTable members={MEMBERS} insights={[insight(1.2345e-7, 0.06302), insight(0.001195, 0.0725), insight(0, 0.05)]} />);
    const [, , firsts, , ratios] = columns(markup);
    expect(firsts).toEqual(['1.23 × 10⁻⁷', '1.20 × 10⁻³', '0']);
    expect(ratios).toEqual(['1.96 × 10⁻⁶', '1.65 × 10⁻²', '0 (cut)']);
  });

  it('right-aligns every number column', () => {
    const markup = renderToStaticMarkup(<GradientTable members={MEMBERS} insights={[insight(0.003287, 0.06302), [], insight(0.01774, 0.06976)]} />);
    const numberCells = [...markup.matchAll(/<td([^>]*)>/g)].map((match) => match[1]);
    expect(numberCells).toHaveLength(12);
    expect(numberCells.every((attributes) => attributes.includes('class="number"'))).toBe(true);
    // A cell that has not raced yet: a dash in each column.
    expect(columns(markup).map((column) => column[1])).toEqual(['LSTM', '—', '—', '—', '—']);
  });
});
