/** ‖∂L/∂h_t‖ over the timesteps, log scale, per layer and direction (charts/GradientNormChart): the vanishing gradient. */
import { useEffect, useMemo, useRef } from 'react';
import { GradientNormChart } from '../../../charts/gradientNormChart';
import type { GradientNormData } from '../../../charts/gradientNormChart';
import type { InspectionTrace } from '../../../model/types';
import { useChart } from '../../hooks/useChart';

interface GradientNormViewProps {
  trace: InspectionTrace;
  classes: readonly string[];
  selectedStep: number | null;
  onSelectStep: (step: number) => void;
  /** No training step yet: the caption must not read like a finding. */
  isUntrained: boolean;
}

export function GradientNormView({ trace, classes, selectedStep, onSelectStep, isUntrained }: GradientNormViewProps) {
  const selectRef = useRef(onSelectStep);
  useEffect(() => {
    selectRef.current = onSelectStep;
  });
  const data = useMemo<GradientNormData>(
    () => ({
      tokens: trace.tokens,
      layers: trace.layers.map((layer) => ({ layer: layer.layer, direction: layer.direction, gradNorms: layer.gradNorms })),
      targetClassName: classes[trace.targetClass],
      selectedStep,
      isUntrained,
    }),
    [trace, classes, selectedStep, isUntrained],
  );
  const { elementRef } = useChart(
    (element) => new GradientNormChart(element, { onSelectStep: (step) => selectRef.current(step) }),
    data,
    [],
  );
  return <div ref={elementRef} data-testid="gradient-norm-chart" />;
}
