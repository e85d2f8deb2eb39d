/**
 * The race's live curves: train loss, validation-sample accuracy and gradient norm, one colour per member on
 * one step axis. Fed from the race session's arrays (no React state), drawn at most once per animation frame.
 */
import { useEffect, useId, useRef } from 'react';
import { OKABE_ITO } from '../../charts/chartTheme';
import { LineChart, type LineChartData, type LineChartOptions, type LineSeries } from '../../charts/lineChart';
import { useChartThemeKey } from '../hooks/chartTheme';
import { cancelDraw, scheduleDraw } from '../lib/frameQueue';
import type { MemberSeries, RaceSession } from './raceSession';

/**
 * Each race chart's height (CSS px), one for the three so their plots line up side by side: the Train step's loss and
 * accuracy curves'. Presenter mode's larger type takes some 30 px more of it for the axes; at 180 px the gradient
 * norm's plot was 96 px high there.
 */
const RACE_CHART_HEIGHT = 240;

type Curve = keyof Pick<MemberSeries, 'loss' | 'accuracy' | 'gradNorm'>;

function seriesOf(session: RaceSession, labels: readonly string[], curve: Curve): LineSeries[] {
  return session.series.map((member, index) => ({
    id: `member-${index}`,
    label: labels[index] ?? `member ${index + 1}`,
    points: member[curve],
    mark: curve === 'accuracy' ? 'line+points' : 'line',
    color: OKABE_ITO[index % OKABE_ITO.length],
  }));
}

export function RaceCharts({ session, labels, sampleSize }: { session: RaceSession; labels: readonly string[]; sampleSize: number | null }) {
  const lossRef = useRef<HTMLDivElement>(null);
  const accuracyRef = useRef<HTMLDivElement>(null);
  const gradRef = useRef<HTMLDivElement>(null);
  const chartId = useId();
  const themeKey = useChartThemeKey();
  const labelsRef = useRef(labels);
  const sampleRef = useRef(sampleSize);
  useEffect(() => {
    labelsRef.current = labels;
    sampleRef.current = sampleSize;
  });

  // Each chart is built and drawn in a coming frame, one per frame (frameQueue), as useChart's are: built and drawn
  // in this effect, which runs in the task of the click on "Start race", the three made that click one task of
  // 30-60 ms of the page's CPU (each chart's width read forcing a layout of the page the one before changed).
  useEffect(() => {
    const containers = { loss: lossRef.current, accuracy: accuracyRef.current, grad: gradRef.current };
    if (!containers.loss || !containers.accuracy || !containers.grad) return;
    const options: Record<Curve, LineChartOptions> = {
      loss: { title: 'Race: train loss of each member', xLabel: 'step (batches)', yLabel: 'loss (NLL, nats)', height: RACE_CHART_HEIGHT },
      accuracy: {
        title: 'Race: validation accuracy of each member',
        xLabel: 'step (batches)',
        yLabel: 'accuracy',
        height: RACE_CHART_HEIGHT,
        yDomain: [0, 1],
        yTickFormat: (value) => `${Math.round(value * 100)}%`,
        formatY: (value) => `${(value * 100).toFixed(1)}%`,
      },
      gradNorm: { title: 'Race: gradient norm of each member', xLabel: 'step (batches)', yLabel: '‖gradient‖ (log)', height: RACE_CHART_HEIGHT, isLogY: true },
    };
    const elements: Record<Curve, HTMLDivElement> = { loss: containers.loss, accuracy: containers.accuracy, gradNorm: containers.grad };
    const captions: Record<Curve, () => string | undefined> = {
      loss: () => undefined,
      accuracy: () => (sampleRef.current ? `Plain accuracy on the same ${sampleRef.current} validation examples for every member.` : undefined),
      gradNorm: () => 'Global gradient norm before clipping, per batch.',
    };
    const charts: Partial<Record<Curve, LineChart>> = {};
    const keys: Record<Curve, string> = { loss: `race-loss-${chartId}`, accuracy: `race-accuracy-${chartId}`, gradNorm: `race-grad-${chartId}` };
    const curves: Curve[] = ['loss', 'accuracy', 'gradNorm'];
    const draw = (curve: Curve) => {
      const chart = (charts[curve] ??= new LineChart(elements[curve], options[curve]));
      const lastStep = Math.max(1, ...session.series.map((member) => member.loss.at(-1)?.x ?? 0));
      const data: LineChartData = { series: seriesOf(session, labelsRef.current, curve), xDomain: [0, lastStep], caption: captions[curve]() };
      chart.update(data);
    };
    const drawAll = () => curves.forEach((curve) => scheduleDraw(keys[curve], () => draw(curve)));
    drawAll();
    const stop = session.onSeries(drawAll);
    return () => {
      stop();
      curves.forEach((curve) => {
        cancelDraw(keys[curve]);
        charts[curve]?.destroy();
      });
    };
  }, [session, chartId, themeKey]);

  return (
    <div className="live-charts race-charts">
      <figure className="chart-card" data-testid="race-loss-chart">
        <figcaption>Train loss</figcaption>
        <div ref={lossRef} />
      </figure>
      <figure className="chart-card" data-testid="race-accuracy-chart">
        <figcaption>Validation accuracy</figcaption>
        <div ref={accuracyRef} />
      </figure>
      <figure className="chart-card" data-testid="race-grad-chart">
        <figcaption>Gradient norm</figcaption>
        <div ref={gradRef} />
      </figure>
    </div>
  );
}
