/** React wrapper of charts/heatmap: built once per options, fed `data` as it changes (a trace is low-rate). */
import { useEffect, useRef } from 'react';
import { Heatmap } from '../../../charts/heatmap';
import type { HeatmapData, HeatmapOptions } from '../../../charts/heatmap';
import { useChart } from '../../hooks/useChart';

interface HeatmapViewProps {
  options: Omit<HeatmapOptions, 'onSelectStep'>;
  data: HeatmapData;
  onSelectStep?: (step: number) => void;
  testId?: string;
}

export function HeatmapView({ options, data, onSelectStep, testId }: HeatmapViewProps) {
  const selectRef = useRef(onSelectStep);
  useEffect(() => {
    selectRef.current = onSelectStep;
  });
  const hasSelect = onSelectStep !== undefined;
  const { elementRef } = useChart(
    (element) =>
      new Heatmap(element, {
        ...options,
        onSelectStep: hasSelect ? (step) => selectRef.current?.(step) : undefined,
      }),
    data,
    [options.title, options.valueLabel, options.colorScale, options.rowTitle, options.columnTitle, JSON.stringify(options.domain), hasSelect],
  );
  return <div ref={elementRef} className="heatmap-view" data-testid={testId} />;
}
