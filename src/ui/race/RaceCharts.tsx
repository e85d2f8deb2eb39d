/**
 * The race's live curves: train loss, validation-sample accuracy and gradient norm, one colour per member on
 * one step axis. Fed from the race session's arrays (no React state), drawn at most once per animation frame.
 */
import { useEffect, useId, useRef } from 'react';
import { OKABE_ITO } from '../../charts/chartTheme';
import { LineChart, type LineChartData, type LineSeries } from '../../charts/lineChart';
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

  useEffect(() => {
    if (!lossRef.current || !accuracyRef.current || !gradRef.current) return;
    const loss = new LineChart(lossRef.current, { title: 'Race: train loss of each member', xLabel: 'step (batches)', yLabel: 'loss (NLL, nats)', height: RACE_CHART_HEIGHT });
    const accuracy = new LineChart(accuracyRef.current, {
      title: 'Race: validation accuracy of each member',
      xLabel: 'step (batches)',
      yLabel: 'accuracy',
      height: RACE_CHART_HEIGHT,
      yDomain: [0, 1],
      yTickFormat: (value) => `${Math.round(value * 100)}%`,
      formatY: (value) => `${(value * 100).toFixed(1)}%`,
    });
    const grad = new LineChart(gradRef.current, { title: 'Race: gradient norm of each member', xLabel: 'step (batches)', yLabel: '‖gradient‖ (log)', height: RACE_CHART_HEIGHT, isLogY: true });
    const draw = (chart: LineChart, curve: Curve, caption: () => string | undefined) => {
      const lastStep = Math.max(1, ...session.series.map((member) => member.loss.at(-1)?.x ?? 0));
      const data: LineChartData = { series: seriesOf(session, labelsRef.current, curve), xDomain: [0, lastStep], caption: caption() };
      chart.update(data);
    };
    const keys = { loss: `race-loss-${chartId}`, accuracy: `race-accuracy-${chartId}`, grad: `race-grad-${chartId}` };
    const drawAll = (now: boolean) => {
      const jobs: [string, () => void][] = [
        [keys.loss, () => draw(loss, 'loss', () => undefined)],
        [keys.accuracy, () => draw(accuracy, 'accuracy', () => (sampleRef.current ? `Plain accuracy on the same ${sampleRef.current} validation examples for every member.` : undefined))],
        [keys.grad, () => draw(grad, 'gradNorm', () => 'Global gradient norm before clipping, per batch.')],
      ];
      for (const [key, job] of jobs) {
        if (now) job();
        else scheduleDraw(key, job);
      }
    };
    drawAll(true);
    const stop = session.onSeries(() => drawAll(false));
    return () => {
      stop();
      Object.values(keys).forEach(cancelDraw);
      loss.destroy();
      accuracy.destroy();
      grad.destroy();
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
