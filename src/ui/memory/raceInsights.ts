/**
 * A race's insight events folded into what the lab draws about memory: per member, ‖∂L/∂h_t‖ over timestep ×
 * training step (as log₁₀, one colour scale shared by every member so the cells compare), the latest gate
 * saturation, and a few numbers in words for readers who cannot see the heatmap. Pure: tested without a DOM.
 */
import type { MatrixLike } from '../../charts/heatmapData';
import type { RaceEvent, RaceInsight } from '../../worker/protocol';

/** Insights per member, in step order. */
export type RaceInsights = RaceInsight[][];

/** `insights` with the insight events among `events` appended (a new array: React sees the change). */
export function addInsightEvents(insights: RaceInsights, events: readonly RaceEvent[]): RaceInsights {
  if (!events.some((event) => event.kind === 'insight')) return insights;
  const next = insights.map((list) => [...list]);
  for (const event of events) {
    if (event.kind !== 'insight') continue;
    while (next.length <= event.member) next.push([]);
    const { kind: _kind, member: _member, ...insight } = event;
    next[event.member].push(insight);
  }
  return next;
}

/**
 * One member's heatmap: rows = evaluations (training step, oldest on top), columns = timestep t, values
 * log₁₀‖∂L/∂h_t‖. A gradient of exactly 0 (cut by truncated BPTT) is −∞, which the chart paints as missing.
 */
export function gradientMatrix(insights: readonly RaceInsight[]): { matrix: MatrixLike; rowLabels: string[] } {
  const cols = insights[0]?.gradNorms.length ?? 0;
  const data = new Float32Array(insights.length * cols);
  insights.forEach((insight, row) => insight.gradNorms.forEach((norm, col) => (data[row * cols + col] = Math.log10(norm))));
  return { matrix: { rows: insights.length, cols, data }, rowLabels: insights.map((insight) => String(insight.step)) };
}

/** The log₁₀ colour domain over every member's finite values, so equal colours mean equal gradients across cells. */
export function sharedLogDomain(insights: RaceInsights): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const list of insights) {
    for (const insight of list) {
      for (const norm of insight.gradNorms) {
        if (!(norm > 0) || !Number.isFinite(norm)) continue;
        const value = Math.log10(norm);
        if (value < low) low = value;
        if (value > high) high = value;
      }
    }
  }
  if (low > high) return [-1, 0];
  return low === high ? [low - 1, high] : [Math.floor(low), Math.ceil(high)];
}

/** What the latest row says in words: how much of the gradient at the readout reaches the first step. */
export interface GradientSummary {
  step: number;
  first: number;
  last: number;
  /** ‖∂L/∂h_0‖ / ‖∂L/∂h_{T−1}‖: 1 = nothing lost on the way back, 1e-6 = vanished. */
  ratio: number;
  /** Timesteps (from t = 0) whose gradient is exactly 0: cut by truncated BPTT. */
  cutSteps: number;
}

export function gradientSummary(insights: readonly RaceInsight[]): GradientSummary | null {
  const latest = insights.at(-1);
  if (!latest || latest.gradNorms.length === 0) return null;
  const first = latest.gradNorms[0];
  const last = latest.gradNorms[latest.gradNorms.length - 1];
  const cutSteps = latest.gradNorms.findIndex((norm) => norm !== 0);
  return { step: latest.step, first, last, ratio: last > 0 ? first / last : Number.NaN, cutSteps: cutSteps < 0 ? latest.gradNorms.length : cutSteps };
}

/** A ratio as a power of ten a student reads at a glance ("10^-7.3"), or plain when near 1. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  if (ratio === 0) return '0 (cut)';
  if (ratio >= 0.01 && ratio < 100) return ratio.toFixed(2);
  return `10^${Math.log10(ratio).toFixed(1)}`;
}
