/** Sequence lengths as a histogram. TODO(chart): Histogram from charts/ has not landed yet. */
interface LengthHistogramProps {
  lengths: readonly number[];
  unit: string;
}

export function LengthHistogram({ lengths, unit }: LengthHistogramProps) {
  return (
    <p className="chart-pending" data-testid="length-histogram">
      {lengths.length} lengths in {unit}
    </p>
  );
}
