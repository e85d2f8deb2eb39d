/** The guess after each prefix (charts/PrefixPredictionChart): how the prediction changes letter by letter or word by word. */
import { useEffect, useMemo, useRef } from 'react';
import { heatmapGrid } from '../../../charts/heatmapData';
import { PrefixPredictionChart } from '../../../charts/prefixPredictionChart';
import type { PrefixPredictionData } from '../../../charts/prefixPredictionChart';
import type { InspectionTrace } from '../../../model/types';
import { useChart } from '../../hooks/useChart';

interface PrefixPredictionViewProps {
  trace: InspectionTrace;
  classes: readonly string[];
  isWords: boolean;
  selectedStep: number | null;
  onSelectStep: (step: number) => void;
}

export function PrefixPredictionView({ trace, classes, isWords, selectedStep, onSelectStep }: PrefixPredictionViewProps) {
  const selectRef = useRef(onSelectStep);
  useEffect(() => {
    selectRef.current = onSelectStep;
  });
  // Right after another model opens, the trace on show is the previous model's until the new one arrives:
  // with another class count it is not drawn against the new class names (that threw a RangeError).
  const data = useMemo<PrefixPredictionData | undefined>(
    () =>
      heatmapGrid(trace.prefixLogProbs, false).cols === classes.length
        ? { tokens: trace.tokens, prefixLogProbs: trace.prefixLogProbs, classes, selectedStep }
        : undefined,
    [trace, classes, selectedStep],
  );
  const { elementRef } = useChart(
    (element) =>
      new PrefixPredictionChart(element, {
        title: isWords ? 'Prediction after each word' : 'Prediction after each letter',
        isWords,
        onSelectStep: (step) => selectRef.current(step),
      }),
    data,
    [isWords],
  );
  return <div ref={elementRef} data-testid="prefix-chart" />;
}
