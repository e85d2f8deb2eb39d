/**
 * React owns the element, a `charts/` class owns its children (STYLE.md "D3 inside React", pattern 2).
 * The chart is built once on the ref'd element and destroyed in cleanup. Data either comes as a prop
 * (low-rate: a trace, a data set) or is pushed by the caller through `chartRef` from a client
 * subscription (high-rate: training progress), never through React state.
 */
import { useEffect, useId, useRef } from 'react';
import { cancelDraw, scheduleDraw } from '../lib/frameQueue';
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
  const drawKey = useId();

  // Built and drawn in a coming frame, one chart per frame (frameQueue): a screen of charts built in one
  // task was one long task (Inspect, shown after a model file opens: 1.3 s on a busy 2-core machine,
  // each chart forcing a layout of the page already changed by the one before).
  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    let chart: Chart | null = null;
    scheduleDraw(drawKey, () => {
      chart = createRef.current(element);
      chartRef.current = chart;
      if (dataRef.current !== undefined) chart.update(dataRef.current);
    });
    return () => {
      cancelDraw(drawKey);
      chart?.destroy();
      chartRef.current = null;
    };
  }, deps); // The caller decides what rebuilds the chart (e.g. a new class list).

  useEffect(() => {
    // A chart not built yet draws the newest data when it is.
    if (data === undefined || chartRef.current === null) return;
    scheduleDraw(drawKey, () => {
      const latest = dataRef.current;
      if (latest !== undefined) chartRef.current?.update(latest);
    });
  }, [data, drawKey]);

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
