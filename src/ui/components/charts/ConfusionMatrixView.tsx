/**
 * The validation confusion matrix (charts/ConfusionMatrix), redrawn from the client's metrics stream (the
 * live validation sample every few seconds, the full split at each epoch end) without React state for the cells; a clicked cell's misclassified examples are listed below
 * as text (user data is never parsed as HTML).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ConfusionMatrix } from '../../../charts/confusionMatrix';
import type { MetricsMessage } from '../../../worker/protocol';
import { useChartThemeKey } from '../../hooks/chartTheme';
import { useClient, useClientState } from '../../hooks/clientContext';
import { cancelDraw, scheduleDraw } from '../../lib/frameQueue';

interface SelectedCell {
  trueClass: number;
  predictedClass: number;
}

interface ConfusionMatrixViewProps {
  exampleNoun: string;
  /** The data's classes, known before any model is built: the chart is made when the screen opens, not mid-training. */
  dataClasses: readonly string[] | null;
}

/** Which evaluation the matrix shows: the live validation sample or the whole split at an epoch end. */
function sourceOf(message: MetricsMessage | null): string | null {
  if (message === null) return null;
  const what =
    message.scope === 'subset'
      ? `val subset (${message.metrics.count}), updated every few seconds`
      : `full validation (${message.metrics.count}), end of epoch ${message.epoch + 1}`;
  return `Showing: ${what}; step ${message.step}.`;
}

export function ConfusionMatrixView({ exampleNoun, dataClasses }: ConfusionMatrixViewProps) {
  const client = useClient();
  const themeKey = useChartThemeKey();
  const modelClasses = useClientState((snapshot) => snapshot.model?.classes ?? null);
  // Keyed by content, so the built model's own copy of the same class list does not rebuild the chart.
  const classesKey = (modelClasses ?? dataClasses ?? []).join('\n');
  const classes = useMemo(() => (classesKey === '' ? null : classesKey.split('\n')), [classesKey]);
  const chartId = useId();
  const elementRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ConfusionMatrix | null>(null);
  const latestRef = useRef<MetricsMessage | null>(client.getHistory().metrics.at(-1) ?? null);
  const [selected, setSelected] = useState<SelectedCell | null>(null);
  const [hasMetrics, setHasMetrics] = useState(latestRef.current !== null);
  const [source, setSource] = useState(() => sourceOf(latestRef.current));
  const selectedRef = useRef<SelectedCell | null>(null);
  useEffect(() => {
    selectedRef.current = selected;
  });

  useEffect(() => {
    const element = elementRef.current;
    if (!element || !classes) return;
    const chart = new ConfusionMatrix(element, {
      title: 'Validation confusion matrix: rows true class, columns predicted class',
      exampleNoun,
      onSelectCell: (trueClass, predictedClass) => setSelected({ trueClass, predictedClass }),
    });
    chartRef.current = chart;
    const draw = () => {
      const latest = latestRef.current;
      const size = classes.length;
      chart.update({
        counts: latest && latest.metrics.confusion.length === size * size ? latest.metrics.confusion : new Array<number>(size * size).fill(0),
        classes,
        mistakes: latest?.mistakes,
        selected: selectedRef.current,
      });
    };
    draw();
    const drawKey = `confusion-${chartId}`;
    const stopMetrics = client.onMetrics((message) => {
      latestRef.current = message;
      setHasMetrics(true);
      setSource(sourceOf(message));
      scheduleDraw(drawKey, draw);
    });
    const stopReset = client.onHistoryReset(() => {
      // Empty after a new run or a reset; the last evaluation again after an undone reset.
      latestRef.current = client.getHistory().metrics.at(-1) ?? null;
      setHasMetrics(latestRef.current !== null);
      setSource(sourceOf(latestRef.current));
      setSelected(null);
      draw();
    });
    return () => {
      stopMetrics();
      stopReset();
      cancelDraw(drawKey);
      chart.destroy();
      chartRef.current = null;
    };
  }, [client, classes, exampleNoun, chartId]);

  // The outline follows the selection.
  useEffect(() => {
    const chart = chartRef.current;
    const latest = latestRef.current;
    if (!chart || !classes) return;
    const size = classes.length;
    chart.update({
      counts: latest && latest.metrics.confusion.length === size * size ? latest.metrics.confusion : new Array<number>(size * size).fill(0),
      classes,
      mistakes: latest?.mistakes,
      selected,
    });
  }, [selected, classes]);

  useEffect(() => {
    const frame = requestAnimationFrame(() => chartRef.current?.refreshTheme());
    return () => cancelAnimationFrame(frame);
  }, [themeKey]);

  const examples = selected && latestRef.current ? (latestRef.current.mistakes[`${selected.trueClass}:${selected.predictedClass}`] ?? []) : [];
  const isCorrectCell = selected !== null && selected.trueClass === selected.predictedClass;

  return (
    <div className="confusion-view">
      <div ref={elementRef} data-testid="confusion-matrix" />
      {!classes && <p className="muted">Build the model to see its confusion matrix.</p>}
      {classes && !hasMetrics && (
        <p className="muted">Filled in every few seconds while training (a validation sample), and at each epoch end (all of it).</p>
      )}
      {source && (
        <p className="muted confusion-source" data-testid="confusion-source">
          {source}
        </p>
      )}
      {selected && classes && (
        <div className="mistakes" data-testid="confusion-mistakes">
          <h3>
            True {classes[selected.trueClass]}, predicted {classes[selected.predictedClass]}
          </h3>
          {isCorrectCell ? (
            <p className="muted">These were classified correctly; pick a cell off the diagonal to see mistakes.</p>
          ) : examples.length === 0 ? (
            <p className="muted">No misclassified {exampleNoun} in this cell.</p>
          ) : (
            <ul>
              {examples.map((text, index) => (
                <li key={`${index}-${text}`}>{text}</li>
              ))}
            </ul>
          )}
          <button type="button" className="link-button" onClick={() => setSelected(null)}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}
