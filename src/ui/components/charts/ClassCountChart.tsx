/** Examples per class as bars. TODO(chart): BarChart from charts/ has not landed yet; this slot lists the counts. */
import { formatInteger } from '../../lib/format';

interface ClassCountChartProps {
  classes: readonly string[];
  counts: readonly number[];
}

export function ClassCountChart({ classes, counts }: ClassCountChartProps) {
  return (
    <ul className="chart-pending" data-testid="class-count-chart">
      {classes.map((name, index) => (
        <li key={name}>
          {name}: {formatInteger(counts[index] ?? 0)}
        </li>
      ))}
    </ul>
  );
}
