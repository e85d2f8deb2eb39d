/**
 * The generator's live curves: loss per character, perplexity and bits per character, train (per batch,
 * moving average) and validation (each epoch end). Fed straight from the client's listeners, drawn at
 * most once per animation frame per chart, with the run's history replayed when built mid-run.
 */
import { useEffect, useId, useRef } from 'react';
import { OKABE_ITO } from '../../charts/chartTheme';
import { LineChart } from '../../charts/lineChart';
import type { LineChartData, LinePoint } from '../../charts/lineChart';
import { useChartThemeKey } from '../hooks/chartTheme';
import { useClient } from '../hooks/clientContext';
import { cancelDraw, scheduleDraw } from '../lib/frameQueue';
import { appendEvaluation, appendTrainLoss, emptyLmCurves } from './lmCurves';
import { uniformGuessNote, type GeneratedKind } from './uniformGuess';

const RAW_LOSS_COLOR = '#8fb8de';

function pair(idPrefix: string, unit: string, train: LinePoint[], val: LinePoint[]): LineChartData['series'] {
  return [
    { id: `${idPrefix}-train`, label: `train ${unit} (moving average)`, points: train, mark: 'line', color: OKABE_ITO[0] },
    { id: `${idPrefix}-val`, label: `validation ${unit} (epoch end)`, points: val, mark: 'line+points', color: OKABE_ITO[1] },
  ];
}

/** `alphabetSize`: the model's symbols (its outputs are these and the end mark); `kind`: what it writes. */
export function GeneratorCharts({ alphabetSize, kind }: { alphabetSize: number; kind: GeneratedKind }) {
  const client = useClient();
  const themeKey = useChartThemeKey();
  const lossRef = useRef<HTMLDivElement>(null);
  const perplexityRef = useRef<HTMLDivElement>(null);
  const bitsRef = useRef<HTMLDivElement>(null);
  const chartId = useId();
  const chartsRef = useRef<LineChart[]>([]);
  const uniformNoteRef = useRef('');
  uniformNoteRef.current = uniformGuessNote(alphabetSize, kind);

  useEffect(() => {
    if (!lossRef.current || !perplexityRef.current || !bitsRef.current) return;
    const loss = new LineChart(lossRef.current, { title: 'Loss per character over training steps', xLabel: 'step (batches)', yLabel: 'NLL per character (nats)', height: 220 });
    const perplexity = new LineChart(perplexityRef.current, { title: 'Perplexity over training steps', xLabel: 'step (batches)', yLabel: 'perplexity (e^NLL)', height: 200, includeZero: false });
    const bits = new LineChart(bitsRef.current, { title: 'Bits per character over training steps', xLabel: 'step (batches)', yLabel: 'bits per character', height: 200 });
    chartsRef.current = [loss, perplexity, bits];

    let curves = emptyLmCurves();
    appendTrainLoss(curves, client.getHistory().trainLoss);
    for (const message of client.getLmHistory()) appendEvaluation(curves, message);

    const data = () => {
      const lastStep = Math.max(curves.trainNll.at(-1)?.x ?? 0, curves.valNll.at(-1)?.x ?? 0, 1);
      const xDomain = [0, lastStep] as const;
      return {
        loss: {
          series: [
            { id: 'nll-raw', label: 'train (per batch)', points: curves.trainNll, mark: 'line', color: RAW_LOSS_COLOR },
            ...pair('nll', 'NLL', curves.trainNllSmooth, curves.valNll),
          ],
          xDomain,
          caption: curves.trainNll.length === 0 ? 'Press Play (Space) or Step (→) to start training.' : uniformNoteRef.current,
        } satisfies LineChartData,
        perplexity: { series: pair('perplexity', 'perplexity', curves.trainPerplexity, curves.valPerplexity), xDomain, caption: 'As unsure as choosing among this many equally likely next letters.' } satisfies LineChartData,
        bits: { series: pair('bits', 'bits/char', curves.trainBits, curves.valBits), xDomain, caption: 'NLL / ln 2: the bits an ideal code built on this model spends per letter.' } satisfies LineChartData,
      };
    };
    const keys = [`gen-loss-${chartId}`, `gen-perplexity-${chartId}`, `gen-bits-${chartId}`];
    const drawNow = () => {
      const next = data();
      loss.update(next.loss);
      perplexity.update(next.perplexity);
      bits.update(next.bits);
    };
    const schedule = () => {
      scheduleDraw(keys[0], () => loss.update(data().loss));
      scheduleDraw(keys[1], () => perplexity.update(data().perplexity));
      scheduleDraw(keys[2], () => bits.update(data().bits));
    };
    drawNow();
    const unsubscribe = [
      client.onProgress((message) => {
        appendTrainLoss(curves, message.trainLoss);
        schedule();
      }),
      client.onLmMetrics((message) => {
        appendEvaluation(curves, message);
        schedule();
      }),
      client.onHistoryReset(() => {
        curves = emptyLmCurves();
        schedule();
      }),
    ];
    return () => {
      unsubscribe.forEach((stop) => stop());
      keys.forEach(cancelDraw);
      loss.destroy();
      perplexity.destroy();
      bits.destroy();
      chartsRef.current = [];
    };
  }, [client, chartId]);

  useEffect(() => {
    const frame = requestAnimationFrame(() => chartsRef.current.forEach((chart) => chart.refreshTheme()));
    return () => cancelAnimationFrame(frame);
  }, [themeKey]);

  return (
    <div className="live-charts">
      <figure className="chart-card" data-testid="lm-loss-chart">
        <figcaption>Loss per character</figcaption>
        <div ref={lossRef} />
      </figure>
      <figure className="chart-card" data-testid="lm-perplexity-chart">
        <figcaption>Perplexity</figcaption>
        <div ref={perplexityRef} />
      </figure>
      <figure className="chart-card" data-testid="lm-bits-chart">
        <figcaption>Bits per character</figcaption>
        <div ref={bitsRef} />
      </figure>
    </div>
  );
}
