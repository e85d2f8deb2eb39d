/**
 * Which initial weights the members of a race share, read from their freshly built state dicts rather than
 * predicted: the engine draws every parameter from one seeded stream in PyTorch's order, so values coincide
 * where the shapes drawn so far coincide (the embedding of two word models of one width; the first H rows of
 * `rnn.weight_ih_l0` of an RNN, an LSTM and a GRU of the same size: the RNN's W_ih = the LSTM's input gate =
 * the GRU's reset gate) and part ways after the first tensor whose shape differs. Pure: plain numbers only.
 */
import type { NestedNumbers } from '../model/types';

/** A state dict as a model file holds it (PyTorch names, nested lists). */
export type StateDict = Record<string, NestedNumbers>;

/** How much of one parameter is identical in every member. */
export interface SharedParameter {
  name: string;
  /** 'all': same shape and every value equal; 'rows': the first `rows` rows equal (shapes differ); 'values': the first `values` numbers. */
  extent: 'all' | 'rows' | 'values';
  rows: number;
  values: number;
}

function flatten(value: NestedNumbers, into: number[]): number[] {
  if (typeof value === 'number') into.push(value);
  else for (const item of value) flatten(item, into);
  return into;
}

function shapeOf(value: NestedNumbers): number[] {
  const shape: number[] = [];
  let current: NestedNumbers = value;
  while (Array.isArray(current)) {
    shape.push(current.length);
    current = current[0] ?? 0;
  }
  return shape;
}

/** The parameters (in the first member's order) whose initial values coincide, wholly or in their leading rows, in every member. */
export function sharedParameters(dicts: readonly StateDict[]): SharedParameter[] {
  if (dicts.length < 2) return [];
  const shared: SharedParameter[] = [];
  for (const name of Object.keys(dicts[0])) {
    if (!dicts.every((dict) => name in dict)) continue;
    const shapes = dicts.map((dict) => shapeOf(dict[name]));
    const values = dicts.map((dict) => flatten(dict[name], []));
    const shortest = Math.min(...values.map((list) => list.length));
    let leading = 0;
    while (leading < shortest && values.every((list) => list[leading] === values[0][leading])) leading++;
    if (leading === 0) continue;
    const sameShape = shapes.every((shape) => shape.join('x') === shapes[0].join('x'));
    if (sameShape && leading === values[0].length) {
      shared.push({ name, extent: 'all', rows: shapes[0][0] ?? 1, values: leading });
      continue;
    }
    const columns = shapes.map((shape) => (shape.length === 2 ? shape[1] : 0));
    const isMatrix = columns[0] > 0 && columns.every((count) => count === columns[0]);
    const rows = isMatrix ? Math.floor(leading / columns[0]) : 0;
    if (rows > 0) shared.push({ name, extent: 'rows', rows, values: rows * columns[0] });
    else shared.push({ name, extent: 'values', rows: 0, values: leading });
  }
  return shared;
}

/** The sentence Race shows about initial weights, e.g. "Identical initial weights: rnn.weight_ih_l0 (first 8 rows). …". */
export function sharedWeightsSentence(dicts: readonly StateDict[]): string {
  const shared = sharedParameters(dicts);
  const total = Object.keys(dicts[0] ?? {}).length;
  const whole = shared.filter((entry) => entry.extent === 'all');
  if (total > 0 && whole.length === total && dicts.every((dict) => Object.keys(dict).length === total)) {
    return 'Identical initial weights: all of them (the members have the same shapes).';
  }
  if (shared.length === 0) return 'No initial weights are identical: the first tensors drawn already have different shapes.';
  const parts = shared.map((entry) =>
    entry.extent === 'all' ? entry.name : entry.extent === 'rows' ? `${entry.name} (first ${entry.rows} rows)` : `${entry.name} (first ${entry.values} values)`,
  );
  return `Identical initial weights: ${parts.join(', ')}. The rest differ: other shapes, drawn further along the same random stream.`;
}
