/**
 * How the Model step groups and totals the model summary. The rows themselves come from
 * model/architecture.ts (`parameterRows` before the build, the worker's identical rows after), so the
 * preview shows exactly the names and shapes the engine builds.
 */
import type { ParameterRow } from '../../model/types';

/** Group rows by layer for the summary table: "Embedding", "Layer 0 forward", …, "Head". */
export function layerOfParameter(name: string): string {
  if (name.startsWith('embedding.')) return 'Embedding';
  if (name.startsWith('head.')) return 'Head (Linear → log-softmax)';
  if (name.startsWith('rnn.i2h.')) return 'i2h (input+hidden → hidden)';
  const match = /_l(\d+)(_reverse)?$/.exec(name);
  if (match) return `Layer ${match[1]} ${match[2] ? 'reverse' : 'forward'}`;
  return 'Other';
}

export function totalParameters(rows: readonly ParameterRow[]): { total: number; trainable: number } {
  let total = 0;
  let trainable = 0;
  for (const item of rows) {
    total += item.count;
    if (item.trainable) trainable += item.count;
  }
  return { total, trainable };
}
