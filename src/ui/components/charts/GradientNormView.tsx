/** ‖∂L/∂h_t‖ over time, log scale. TODO(chart): GradientNormChart from charts/ has not landed yet. */
import type { InspectionTrace } from '../../../model/types';

export function GradientNormView({ trace }: { trace: InspectionTrace; classes: readonly string[] }) {
  return (
    <p className="chart-pending" data-testid="gradient-norm-chart">
      {trace.layers.length} layers
    </p>
  );
}
