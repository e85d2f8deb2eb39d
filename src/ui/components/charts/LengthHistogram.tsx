/** How long the examples are (charts/Histogram): how many timesteps the network unrolls. */
import { useMemo } from 'react';
import { Histogram } from '../../../charts/histogram';
import type { HistogramData } from '../../../charts/histogram';
import { useChart } from '../../hooks/useChart';

interface LengthHistogramProps {
  lengths: readonly number[];
  /** 'letters' or 'words'. */
  unit: string;
}

export function LengthHistogram({ lengths, unit }: LengthHistogramProps) {
  const data = useMemo<HistogramData>(() => ({ values: lengths }), [lengths]);
  const { elementRef } = useChart(
    (element) =>
      new Histogram(element, {
        title: `Length in ${unit}`,
        xLabel: `length (${unit} = timesteps)`,
        yLabel: 'examples',
        // The Train step's curves' height: at 200, presenter type left bars 128 px tall under a 1,075 px axis.
        height: 240,
      }),
    data,
    [unit],
  );
  return <div ref={elementRef} data-testid="length-histogram" />;
}
