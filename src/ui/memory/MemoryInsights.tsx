/**
 * What happens to memory while a race trains: per cell, a heatmap of ‖∂L/∂h_t‖ over timestep × training
 * step (the vanishing gradient seen happening in the RNN and not in the LSTM/GRU), and a table of gate
 * saturation and memory span. Both read the race's insight events (MemorySession.insight in the worker, on
 * the same held-out sequences every time). The heatmaps are canvas (dense grid) with an SVG overlay; the
 * table under them says the same in numbers.
 */
import { useMemo } from 'react';
import type { HeatmapData, HeatmapOptions } from '../../charts/heatmap';
import type { RaceInsight } from '../../worker/protocol';
import { HeatmapView } from '../components/charts/HeatmapView';
import { formatNumberColumn } from '../lib/numberColumn';
import { gradientMatrix, gradientSummary, sharedLogDomain, type RaceInsights } from './raceInsights';

interface Member {
  label: string;
  /** Stable id for test ids: rnn, lstm, gru. */
  id: string;
}

interface MemoryInsightsProps {
  members: readonly Member[];
  insights: RaceInsights;
  /** The race's truncated-BPTT length, or null. */
  truncateAfter: number | null;
}

/** The largest cell of a gradient heatmap (px): a short race's few cells grow to this, a long race's share the width. */
const MAX_CELL_WIDTH = 96;
const MAX_CELL_HEIGHT = 40;

const GATE_WORDS: Record<string, string> = {
  i: 'input gate i',
  f: 'forget gate f (keep)',
  o: 'output gate o',
  r: 'reset gate r',
  z: 'update gate z (keep)',
};

export function MemoryInsights({ members, insights, truncateAfter }: MemoryInsightsProps) {
  const domain = useMemo(() => sharedLogDomain(insights), [insights]);
  return (
    <>
      <section className="card" aria-labelledby="memory-gradients-heading" data-testid="memory-gradients">
        <h3 id="memory-gradients-heading">How far back the learning signal reaches: ‖∂L/∂h<sub>t</sub>‖</h3>
        <p className="muted">
          Each row is one moment of training (top: before any step); each column a timestep of the sequence, the digit to
          remember at the left, the query at the right. Colour is how strongly the loss at the query pulls on the hidden
          state at that step (log scale, shared by all cells). A plain RNN&apos;s colour fades to the left: the gradient
          vanishes before it reaches the digit, so it cannot learn to keep it. The LSTM&apos;s and GRU&apos;s stay bright:
          their gates let the gradient through.
          {truncateAfter !== null && ` Truncated backpropagation: only the last ${truncateAfter} steps get any gradient; grey columns are exactly zero.`}
        </p>
        <div className="memory-heatmaps">
          {members.map((member, index) => (
            <GradientHeatmap key={member.id} member={member} insights={insights[index] ?? []} domain={domain} />
          ))}
        </div>
        <GradientTable members={members} insights={insights} />
      </section>
      <GateSaturation members={members} insights={insights} />
    </>
  );
}

function GradientHeatmap({ member, insights, domain }: { member: Member; insights: readonly RaceInsight[]; domain: [number, number] }) {
  const options = useMemo<HeatmapOptions>(
    () => ({
      title: `${member.label}: log10 of the gradient norm at each timestep, over training`,
      rowTitle: 'training step',
      columnTitle: 'timestep t',
      valueLabel: 'log₁₀ ‖∂L/∂hₜ‖ (−6 = a millionth)',
      colorScale: 'sequential',
      domain: 'auto',
      // A short race (a few timesteps, two or three rows) fills its box with cells up to 96 × 40 px, readable across a
      // room; a long one still gets 200 px of rows and shares the width among its timesteps.
      maxPlotHeight: 200,
      maxCellHeight: MAX_CELL_HEIGHT,
      maxCellWidth: MAX_CELL_WIDTH,
    }),
    [member.label],
  );
  const data = useMemo<HeatmapData>(() => {
    const { matrix, rowLabels } = gradientMatrix(insights);
    const columnLabels = Array.from({ length: matrix.cols }, (_, t) => String(t));
    return { matrix, rowLabels, columnLabels, isTransposed: false, domain };
  }, [insights, domain]);
  return (
    <figure className="memory-heatmap" data-testid={`memory-gradients-${member.id}`} data-rows={insights.length}>
      <figcaption>{member.label}</figcaption>
      {insights.length === 0 ? <p className="muted">Race to see its gradients.</p> : <HeatmapView options={options} data={data} />}
    </figure>
  );
}

/**
 * The heatmaps' text alternative: the latest row's first and last gradient and their ratio, per cell. Each column
 * prints its numbers one way (lib/numberColumn.ts), right-aligned, so "0.00329" stands over "0.01774" and a
 * vanishing "1.23 × 10⁻⁷" puts the whole column in powers of ten.
 */
export function GradientTable({ members, insights }: { members: readonly Member[]; insights: RaceInsights }) {
  const summaries = members.map((_, index) => gradientSummary(insights[index] ?? []));
  const firsts = formatNumberColumn(summaries.map((summary) => summary?.first ?? null));
  const lasts = formatNumberColumn(summaries.map((summary) => summary?.last ?? null));
  const ratios = formatNumberColumn(summaries.map((summary) => summary?.ratio ?? null), { zero: '0 (cut)' });
  return (
    <table className="memory-table" data-testid="memory-gradients-table">
      <caption className="muted">Latest row in numbers: the gradient reaching the first step (the digit) against the one at the query.</caption>
      <thead>
        <tr>
          <th scope="col">cell</th>
          <th scope="col" className="number">training step</th>
          <th scope="col" className="number">‖∂L/∂h₀‖ (first step)</th>
          <th scope="col" className="number">
            ‖∂L/∂h<sub>T</sub>‖ (query)
          </th>
          <th scope="col" className="number">first / query</th>
        </tr>
      </thead>
      <tbody>
        {members.map((member, index) => {
          const summary = summaries[index];
          return (
            <tr key={member.id} data-testid={`memory-gradient-ratio-${member.id}`} data-ratio={summary?.ratio ?? ''}>
              <th scope="row">{member.label}</th>
              <td className="number">{summary ? summary.step : '—'}</td>
              <td className="number">{firsts[index]}</td>
              <td className="number">{lasts[index]}</td>
              <td className="number">{ratios[index]}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function percent(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

/** Gate saturation and memory span of the gated cells at the latest evaluation. */
function GateSaturation({ members, insights }: { members: readonly Member[]; insights: RaceInsights }) {
  const rows = members.flatMap((member, index) => {
    const latest = insights[index]?.at(-1);
    if (!latest || latest.gates.length === 0) return [];
    return latest.gates.map((gate, gateIndex) => ({ member, latest, gate, isFirst: gateIndex === 0, count: latest.gates.length }));
  });
  return (
    <section className="card" aria-labelledby="memory-gates-heading" data-testid="memory-gates">
      <h3 id="memory-gates-heading">Gates: shut, open, and how long they keep</h3>
      <p className="muted">
        A gate is a share between 0 (shut) and 1 (open). Near 0 or near 1 it is <em>saturated</em>: it has decided, and
        learns slowly there. The forget gate f (GRU: update gate z) is the share of memory kept at each step: kept for
        about 1 / (1 − f) steps. To remember the digit over the whole distance, that span must reach the distance.
      </p>
      {rows.length === 0 ? (
        <p className="muted" data-testid="memory-gates-empty">Race to see the gates (the plain RNN has none).</p>
      ) : (
        <table className="memory-table">
          <thead>
            <tr>
              <th scope="col">cell</th>
              <th scope="col">memory span (steps)</th>
              <th scope="col">gate</th>
              <th scope="col">near 0 (&lt; 0.05)</th>
              <th scope="col">near 1 (&gt; 0.95)</th>
              <th scope="col">mean</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ member, latest, gate, isFirst, count }) => (
              <tr key={`${member.id}-${gate.gate}`} data-testid={`memory-gate-${member.id}-${gate.gate}`} data-near-one={gate.nearOne} data-near-zero={gate.nearZero}>
                {isFirst && (
                  <th scope="rowgroup" rowSpan={count}>
                    {member.label} <span className="muted">(step {latest.step})</span>
                  </th>
                )}
                {isFirst && (
                  <td rowSpan={count} data-testid={`memory-span-${member.id}`}>
                    {latest.memorySpan === null ? '—' : latest.memorySpan.toFixed(1)}
                  </td>
                )}
                <td>{GATE_WORDS[gate.gate] ?? gate.gate}</td>
                <td>{percent(gate.nearZero)}</td>
                <td>{percent(gate.nearOne)}</td>
                <td>{gate.mean.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
