/**
 * How a gate is named and coloured wherever its activations are drawn (Inspect for a classifier, Generate
 * for a names generator): sigmoid gates on a 0…1 sequential scale, the tanh candidates on −1…1 diverging.
 */
import type { ColorScaleKind } from '../../charts/heatmap';

export const GATE_TITLES: Record<string, string> = {
  i: 'input gate i',
  f: 'forget gate f',
  g: 'candidate g',
  o: 'output gate o',
  r: 'reset gate r',
  z: 'update gate z',
  n: 'candidate n',
};

/**
 * The heatmap legend, colour scale and fixed domain of gate `gate`'s activations. The legend is SVG text, which has
 * no <sub>: "iₜ" with a subscript character, since "i_t" there read as "i t" (the underscore met the colour bar).
 */
export function gateHeatmapScale(gate: string): { valueLabel: string; colorScale: ColorScaleKind; domain: readonly [number, number] } {
  const isCandidate = gate === 'g' || gate === 'n';
  return isCandidate
    ? { valueLabel: `${gate}ₜ (tanh, −1…1)`, colorScale: 'diverging', domain: [-1, 1] }
    : { valueLabel: `${gate}ₜ (σ, 0…1)`, colorScale: 'sequential', domain: [0, 1] };
}
