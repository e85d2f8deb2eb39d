/** The class distribution after each prefix. TODO(chart): PrefixPredictionChart from charts/ has not landed yet. */
import type { InspectionTrace } from '../../../model/types';

interface PrefixPredictionViewProps {
  trace: InspectionTrace;
  classes: readonly string[];
  selectedStep: number | null;
  onSelectStep: (step: number) => void;
}

export function PrefixPredictionView({ trace }: PrefixPredictionViewProps) {
  return (
    <p className="chart-pending" data-testid="prefix-chart">
      {trace.tokens.length} prefixes
    </p>
  );
}
