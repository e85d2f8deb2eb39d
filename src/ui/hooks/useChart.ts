/**
 * React owns the element, a `charts/` class owns its children (STYLE.md "D3 inside React", pattern 2).
 * The chart is built once on the ref'd element and destroyed in cleanup. Data either comes as a prop
 * (low-rate: a trace, a data set) or is pushed by the caller through `chartRef` from a client
 * subscription (high-rate: training progress), never through React state.
 */
import { useEffect, useRef } from 'react';
import { useChartThemeKey } from './chartTheme';

export interface ChartLike<Data> {
  update(data: Data): void;
  destroy(): void;
  refreshTheme?(): void;
}

export function useChart<Data, Chart extends ChartLike<Data>>(
  create: (element: HTMLDivElement) => Chart,
  data: Data | undefined,
  deps: readonly unknown[] = [],
) {
  const elementRef = useRef<HTMLDivElement | null>(null);
  const chartRef = useRef<Chart | null>(null);
  const createRef = useRef(create);
  const dataRef = useRef(data);
  useEffect(() => {
    createRef.current = create;
    dataRef.current = data;
  });
  const themeKey = useChartThemeKey();

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const chart = createRef.current(element);
    chartRef.current = chart;
    if (dataRef.current !== undefined) chart.update(dataRef.current);
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, deps); // The caller decides what rebuilds the chart (e.g. a new class list).

  useEffect(() => {
    if (data !== undefined) chartRef.current?.update(data);
  }, [data]);

  const isFirstTheme = useRef(true);
  useEffect(() => {
    if (isFirstTheme.current) {
      isFirstTheme.current = false;
      return;
    }
    // Wait a frame so the new CSS variables are applied before the chart reads them.
    const frame = requestAnimationFrame(() => {
      const chart = chartRef.current;
      if (!chart?.refreshTheme) return;
      chart.refreshTheme();
      if (dataRef.current !== undefined) chart.update(dataRef.current);
    });
    return () => cancelAnimationFrame(frame);
  }, [themeKey]);

  return { elementRef, chartRef };
}
