/** The network folded (the loop) and unrolled over the example's tokens. TODO(chart): NetworkDiagram from charts/ has not landed yet. */
import type { ModelConfig } from '../../../model/types';

export function NetworkDiagramView({ model, tokens }: { model: ModelConfig; tokens: readonly string[] }) {
  return (
    <p className="chart-pending" data-testid="network-diagram">
      {model.cell} × {model.numLayers} over {tokens.join(' ')}
    </p>
  );
}
