/** Examples per class (charts/BarChart), the largest class highlighted: the Data step's imbalance picture. */
import { useMemo } from 'react';
import { BarChart } from '../../../charts/barChart';
import type { BarChartData } from '../../../charts/barChart';
import { useChart } from '../../hooks/useChart';

interface ClassCountChartProps {
  classes: readonly string[];
  counts: readonly number[];
  /** What one example is, for the axis: 'names', 'sentences', 'examples'. */
  noun?: string;
}

export function ClassCountChart({ classes, counts, noun = 'examples' }: ClassCountChartProps) {
  const data = useMemo<BarChartData>(() => {
    let largest = 0;
    counts.forEach((count, index) => {
      if (count > counts[largest]) largest = index;
    });
    return {
      items: classes.map((label, index) => ({ label, value: counts[index] ?? 0 })),
      highlighted: classes.length > 0 ? [classes[largest]] : [],
    };
  }, [classes, counts]);
  const { elementRef } = useChart(
    (element) => new BarChart(element, { title: `${noun} per class`, valueLabel: `${noun} (all splits)` }),
    data,
    [noun],
  );
  return <div ref={elementRef} data-testid="class-count-chart" />;
}
