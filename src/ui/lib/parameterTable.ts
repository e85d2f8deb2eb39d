/**
 * The model summary computed from the configuration alone, with PyTorch's formulas, so the Model step
 * can show sizes before anything is built. Once the worker reports `built`, its rows are shown instead.
 * Names follow PyTorch: `rnn.weight_ih_l{k}[_reverse]`, `embedding.weight`, `head.weight`.
 */
import type { ModelConfig, ParameterRow } from '../../model/types';

/** Gate blocks stacked in the weight rows: LSTM i,f,g,o; GRU r,z,n; plain RNN one. */
export function gateCount(cell: ModelConfig['cell']): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

function row(name: string, shape: number[], trainable = true): ParameterRow {
  return { name, shape, count: shape.reduce((product, size) => product * size, 1), trainable };
}

export function inputSize(model: ModelConfig): number {
  return model.input.type === 'chars' ? model.input.alphabet.length : model.input.embeddingDim;
}

export function computeParameterRows(model: ModelConfig): ParameterRow[] {
  const rows: ParameterRow[] = [];
  const hiddenSize = model.hiddenSize;
  const classCount = model.classes.length;
  if (model.input.type === 'words') {
    rows.push(row('embedding.weight', [model.input.vocab.length, model.input.embeddingDim], model.input.trainableEmbedding));
  }
  if (model.cell === 'tutorial') {
    // hidden = i2h(cat(x, h)); output = i2o(cat(x, h)): two Linear layers over input + hidden.
    const combined = inputSize(model) + hiddenSize;
    rows.push(row('i2h.weight', [hiddenSize, combined]), row('i2h.bias', [hiddenSize]));
    rows.push(row('i2o.weight', [classCount, combined]), row('i2o.bias', [classCount]));
    return rows;
  }
  const gates = gateCount(model.cell) * hiddenSize;
  const directions = model.bidirectional ? 2 : 1;
  for (let layer = 0; layer < model.numLayers; layer++) {
    const layerInput = layer === 0 ? inputSize(model) : hiddenSize * directions;
    for (let direction = 0; direction < directions; direction++) {
      const suffix = `l${layer}${direction === 1 ? '_reverse' : ''}`;
      rows.push(row(`rnn.weight_ih_${suffix}`, [gates, layerInput]));
      rows.push(row(`rnn.weight_hh_${suffix}`, [gates, hiddenSize]));
      rows.push(row(`rnn.bias_ih_${suffix}`, [gates]));
      rows.push(row(`rnn.bias_hh_${suffix}`, [gates]));
    }
  }
  rows.push(row('head.weight', [classCount, hiddenSize * directions]), row('head.bias', [classCount]));
  return rows;
}

/** Group rows by layer for the summary table: "Embedding", "Layer 0 (forward)", …, "Head". */
export function layerOfParameter(name: string): string {
  if (name.startsWith('embedding.')) return 'Embedding';
  if (name.startsWith('head.')) return 'Head (Linear → log-softmax)';
  if (name.startsWith('i2h.')) return 'i2h (input+hidden → hidden)';
  if (name.startsWith('i2o.')) return 'i2o (input+hidden → classes)';
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
