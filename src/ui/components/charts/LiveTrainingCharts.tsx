/**
 * The Train screen's live curves: loss (train per step, validation per epoch), accuracy (plain and
 * macro: lines from the worker's validation sample every few seconds, dots from the full validation at
 * each epoch end) and the global gradient norm (log scale). Fed straight from the client's
 * progress/metrics listeners — no React state — and drawn at most once per animation frame.
 * A chart built mid-run first replays the client's history.
 */
import { useEffect, useId, useRef } from 'react';
import { OKABE_ITO } from '../../../charts/chartTheme';
import { LineChart } from '../../../charts/lineChart';
import type { LinePoint, LineChartData } from '../../../charts/lineChart';
import type { MetricsMessage, ProgressMessage } from '../../../worker/protocol';
import { useChartThemeKey } from '../../hooks/chartTheme';
import { useClient } from '../../hooks/clientContext';
import { cancelDraw, scheduleDraw } from '../../lib/frameQueue';

interface Series {
  trainLoss: LinePoint[];
  /** Exponential moving average of the batch loss: batches of different lengths make the raw curve noisy. */
  smoothLoss: LinePoint[];
  gradNorm: LinePoint[];
  valLoss: LinePoint[];
  valAccuracy: LinePoint[];
  valMacro: LinePoint[];
  /** The fixed validation sample evaluated every few seconds between epochs (the worker's live evaluation). */
  sampleAccuracy: LinePoint[];
  sampleMacro: LinePoint[];
  /** Examples in that sample (the legend names it), 0 before the first one. */
  sampleSize: number;
}

function emptySeries(): Series {
  return { trainLoss: [], smoothLoss: [], gradNorm: [], valLoss: [], valAccuracy: [], valMacro: [], sampleAccuracy: [], sampleMacro: [], sampleSize: 0 };
}

/** Light enough to sit behind the average on white, dark enough to show on the dark theme. */
const RAW_LOSS_COLOR = '#8fb8de';

/** Weight of the newest batch in the moving average (about the last 20 batches). */
const SMOOTHING = 0.05;

function appendLoss(series: Series, flat: ArrayLike<number>): void {
  for (let index = 0; index + 1 < flat.length; index += 2) {
    const point = { x: flat[index], y: flat[index + 1] };
    series.trainLoss.push(point);
    const previous = series.smoothLoss.at(-1);
    // A diverged (non-finite) batch restarts the average rather than poisoning it.
    const y = previous && Number.isFinite(previous.y) && Number.isFinite(point.y) ? previous.y + SMOOTHING * (point.y - previous.y) : point.y;
    series.smoothLoss.push({ x: point.x, y });
  }
}

function appendPairs(target: LinePoint[], flat: ArrayLike<number>): void {
  for (let index = 0; index + 1 < flat.length; index += 2) target.push({ x: flat[index], y: flat[index + 1] });
}

function appendMetrics(series: Series, message: MetricsMessage): void {
  if (message.scope === 'subset') {
    series.sampleAccuracy.push({ x: message.step, y: message.metrics.accuracy });
    series.sampleMacro.push({ x: message.step, y: message.metrics.macroAccuracy });
    series.sampleSize = message.metrics.count;
    return;
  }
  series.valLoss.push({ x: message.step, y: message.metrics.loss });
  series.valAccuracy.push({ x: message.step, y: message.metrics.accuracy });
  series.valMacro.push({ x: message.step, y: message.metrics.macroAccuracy });
}

interface LiveTrainingChartsProps {
  /** Share of the majority class in the validation split, where the curves are measured: the "always answer X" line on the accuracy chart. */
  majorityShare: number | null;
  majorityName: string | null;
  classCount: number;
}

export function LiveTrainingCharts({ majorityShare, majorityName, classCount }: LiveTrainingChartsProps) {
  const client = useClient();
  const themeKey = useChartThemeKey();
  const lossRef = useRef<HTMLDivElement>(null);
  const accuracyRef = useRef<HTMLDivElement>(null);
  const gradRef = useRef<HTMLDivElement>(null);
  const chartId = useId();
  const chartsRef = useRef<{ loss: LineChart; accuracy: LineChart; grad: LineChart } | null>(null);
  const referenceRef = useRef({ majorityShare, majorityName, classCount });
  useEffect(() => {
    referenceRef.current = { majorityShare, majorityName, classCount };
  });

  useEffect(() => {
    if (!lossRef.current || !accuracyRef.current || !gradRef.current) return;
    const loss = new LineChart(lossRef.current, {
      title: 'Loss over training steps',
      xLabel: 'step (batches)',
      yLabel: 'loss (NLL, nats)',
      height: 240,
    });
    const accuracy = new LineChart(accuracyRef.current, {
      title: 'Validation accuracy, plain and macro',
      xLabel: 'step (batches)',
      yLabel: 'accuracy',
      height: 240,
      yDomain: [0, 1],
      yTickFormat: (value) => `${Math.round(value * 100)}%`,
      formatY: (value) => `${(value * 100).toFixed(1)}%`,
    });
    const grad = new LineChart(gradRef.current, {
      title: 'Gradient norm over training steps',
      xLabel: 'step (batches)',
      yLabel: '‖gradient‖ (log)',
      height: 200,
      isLogY: true,
    });
    chartsRef.current = { loss, accuracy, grad };

    const seriesFromHistory = () => {
      const fresh = emptySeries();
      const history = client.getHistory();
      appendLoss(fresh, history.trainLoss);
      appendPairs(fresh.gradNorm, history.gradNorm);
      for (const message of history.metrics) appendMetrics(fresh, message);
      return fresh;
    };
    let series = seriesFromHistory();

    const drawAll = () => {
      const reference = referenceRef.current;
      // One x range for all three charts, so an epoch's evaluation lines up with the loss below it.
      const lastStep = Math.max(series.trainLoss.at(-1)?.x ?? 0, series.valLoss.at(-1)?.x ?? 0, 1);
      const xDomain = [0, lastStep] as const;
      const lossData: LineChartData = {
        series: [
          { id: 'train-loss', label: 'train loss (per batch)', points: series.trainLoss, mark: 'line', color: RAW_LOSS_COLOR },
          { id: 'train-loss-smooth', label: 'train loss (moving average)', points: series.smoothLoss, mark: 'line', color: OKABE_ITO[0] },
          { id: 'val-loss', label: 'validation loss (per epoch)', points: series.valLoss, mark: 'line+points', color: OKABE_ITO[1] },
        ],
        xDomain,
        caption:
          series.trainLoss.length === 0
            ? 'Press Play (Space) or Step (→) to start training.'
            : `Chance level: ln ${reference.classCount} = ${Math.log(Math.max(1, reference.classCount)).toFixed(2)} nats.`,
      };
      const references = [];
      if (reference.majorityShare !== null) {
        references.push({
          y: reference.majorityShare,
          label: `always ${reference.majorityName ?? 'largest class'}`,
        });
      }
      if (reference.classCount > 0) references.push({ y: 1 / reference.classCount, label: 'chance (macro)' });
      const sampleName = series.sampleSize > 0 ? `val subset (${series.sampleSize})` : 'val subset';
      const accuracyData: LineChartData = {
        series: [
          { id: 'val-sample-accuracy', label: `plain, ${sampleName}`, points: series.sampleAccuracy, mark: 'line', color: OKABE_ITO[0] },
          { id: 'val-sample-macro', label: `macro, ${sampleName}`, points: series.sampleMacro, mark: 'line', isDashed: true, color: OKABE_ITO[1] },
          { id: 'val-accuracy', label: 'plain, full validation (epoch end)', points: series.valAccuracy, mark: 'points', color: OKABE_ITO[0] },
          { id: 'val-macro', label: 'macro (mean per-class recall), full validation', points: series.valMacro, mark: 'points', color: OKABE_ITO[1] },
        ],
        referenceLines: references,
        xDomain,
        caption:
          series.sampleAccuracy.length === 0
            ? 'Every few seconds on a fixed validation sample (lines), and on the whole validation split at each epoch end (dots).'
            : 'Lines: a fixed validation sample every few seconds. Dots: the whole validation split at each epoch end.',
      };
      const gradData: LineChartData = {
        series: [{ id: 'grad-norm', label: 'global gradient norm (before clipping)', points: series.gradNorm, mark: 'line' }],
        xDomain,
        caption: 'Spikes are exploding gradients; gradient clipping caps them.',
      };
      return { lossData, accuracyData, gradData };
    };
    // Each chart gets its own frame (see frameQueue): three small tasks instead of one long one.
    const keys = { loss: `loss-${chartId}`, accuracy: `accuracy-${chartId}`, grad: `grad-${chartId}` };
    const schedule = () => {
      scheduleDraw(keys.loss, () => loss.update(drawAll().lossData));
      scheduleDraw(keys.accuracy, () => accuracy.update(drawAll().accuracyData));
      scheduleDraw(keys.grad, () => grad.update(drawAll().gradData));
    };
    const first = drawAll();
    loss.update(first.lossData);
    accuracy.update(first.accuracyData);
    grad.update(first.gradData);

    const onProgress = (message: ProgressMessage) => {
      appendLoss(series, message.trainLoss);
      appendPairs(series.gradNorm, message.gradNorm);
      schedule();
    };
    const onMetrics = (message: MetricsMessage) => {
      appendMetrics(series, message);
      schedule();
    };
    const onReset = () => {
      // Empty after a new run; a kept run's curves after a reload or a task switch.
      series = seriesFromHistory();
      schedule();
    };
    const unsubscribe = [client.onProgress(onProgress), client.onMetrics(onMetrics), client.onHistoryReset(onReset)];
    return () => {
      unsubscribe.forEach((stop) => stop());
      Object.values(keys).forEach(cancelDraw);
      loss.destroy();
      accuracy.destroy();
      grad.destroy();
      chartsRef.current = null;
    };
  }, [client, chartId]);

  // Presenter mode or colour scheme changed: re-read the CSS variables.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const charts = chartsRef.current;
      charts?.loss.refreshTheme();
      charts?.accuracy.refreshTheme();
      charts?.grad.refreshTheme();
    });
    return () => cancelAnimationFrame(frame);
  }, [themeKey]);

  return (
    <div className="live-charts">
      <figure className="chart-card" data-testid="loss-chart">
        <figcaption>Loss</figcaption>
        <div ref={lossRef} />
      </figure>
      <figure className="chart-card" data-testid="accuracy-chart">
        <figcaption>Accuracy</figcaption>
        <div ref={accuracyRef} />
      </figure>
      <figure className="chart-card" data-testid="grad-norm-chart">
        <figcaption>Gradient norm</figcaption>
        <div ref={gradRef} />
      </figure>
    </div>
  );
}
