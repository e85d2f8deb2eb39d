/**
 * "Exploding gradients: clipping off vs on": one button races the same plain RNN twice in the worker (the
 * memory race: same seed, same batches, same held-out set), once without clipping and once with the global
 * gradient norm clipped, and draws each run's gradient norm (log scale, the threshold as a rule), batch loss
 * and held-out accuracy. A run whose loss stops being a number stops with a message; the other carries on.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { LineChart } from '../../charts/lineChart';
import { formatValue } from '../../charts/format';
import { memoryTaskSpec } from '../../data/memoryTasks';
import { CLIPPING_DEMO } from '../../model/taskDefaults';
import type { RaceRecord } from '../../worker/protocol';
import { useClient } from '../hooks/clientContext';
import { useChart } from '../hooks/useChart';
import { addDemoEvents, CLIPPING_DEMO_KEYS, CLIPPING_DEMO_LABELS, clippingDemoMembers, demoChartData, emptyDemoCurves, type ClippingRunCurves } from './clippingDemo';
import { divergenceMessage } from './raceDivergence';

interface ClippingDemoProps {
  /** Another race or sweep of the lab is running: the worker trains one race at a time. */
  isBusy: boolean;
  onRunningChange(isRunning: boolean): void;
}

const { model, train, clipNorm } = CLIPPING_DEMO;
const CHANCE = memoryTaskSpec(model.task).chance;

export function ClippingDemo({ isBusy, onRunningChange }: ClippingDemoProps) {
  const client = useClient();
  const [curves, setCurves] = useState<ClippingRunCurves[]>(emptyDemoCurves);
  const [record, setRecord] = useState<RaceRecord | null>(null);
  const [isRunning, setIsRunning] = useState(false);
  const [hasRun, setHasRun] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isMounted = useRef(true);
  useEffect(
    () => () => {
      isMounted.current = false;
    },
    [],
  );

  const charts = useMemo(() => demoChartData(curves, CHANCE), [curves]);
  const gradNormChart = useChart(
    (element) => new LineChart(element, { title: 'Global gradient norm before clipping, each run', xLabel: 'training step (batches)', yLabel: '‖g‖ before clipping (log scale)', height: 220, isLogY: true, formatY: formatValue }),
    charts.gradNorm,
    [],
  );
  const lossChart = useChart(
    (element) => new LineChart(element, { title: 'Training loss, each run', xLabel: 'training step (batches)', yLabel: 'batch loss (nats, log scale)', height: 200, isLogY: true, formatY: formatValue }),
    charts.loss,
    [],
  );
  const accuracyChart = useChart(
    (element) => new LineChart(element, { title: 'Held-out accuracy, each run', xLabel: 'training step (batches)', yLabel: 'held-out accuracy', height: 200, yDomain: [0, 1] }),
    charts.accuracy,
    [],
  );

  const setRunning = (value: boolean) => {
    setIsRunning(value);
    onRunningChange(value);
  };

  const run = async () => {
    setCurves(emptyDemoCurves());
    setRecord(null);
    setError(null);
    setHasRun(true);
    setRunning(true);
    try {
      const result = await client.startMemoryRace(clippingDemoMembers(), { ...train }, (events) => {
        if (isMounted.current) setCurves((previous) => addDemoEvents(previous, events));
      });
      if (isMounted.current) setRecord(result);
    } catch (caught) {
      if (isMounted.current) setError(`The demo stopped: ${caught instanceof Error ? caught.message : String(caught)}`);
    } finally {
      if (isMounted.current) setRunning(false);
    }
  };

  const steps = Math.max(0, ...curves.map((runCurves) => runCurves.gradNorms.at(-1)?.x ?? 0));

  return (
    <section className="card" aria-labelledby="clipping-demo-heading" data-testid="clipping-demo">
      <h3 id="clipping-demo-heading">Exploding gradients: clipping off vs on</h3>
      <p className="muted">
        The same plain RNN (tanh, hidden {model.hiddenSize}, orthogonal W_hh) learns to recall the first symbol {model.distance} steps back, trained twice
        from seed {train.seed} on the same batches with plain SGD at learning rate {train.learningRate}: once as it is, once with the gradient clipped.
        Clipping by global norm (PyTorch&apos;s <code>clip_grad_norm_</code>) measures the length ‖g‖ of all gradients together; when it is above {clipNorm}, every
        gradient is scaled by {clipNorm}/‖g‖. The direction stays; only the step is capped, at learning rate × {clipNorm}.
      </p>
      <p className="muted">
        Watch the top chart. Both runs start with ‖g‖ near the threshold. Without clipping, the gradient grows to tens of times that size and every step
        moves the weights as far: the tanh units saturate, the loss jumps far above ln 8 (a guess without memory) and accuracy falls to chance. With clipping the same
        spikes happen (the chart shows ‖g‖ before clipping), but each step stays short, so the run learns and its gradient then shrinks as the loss falls.
        Adam would hide much of this: it divides each step by the gradient&apos;s running size.
      </p>
      <div className="transport">
        {isRunning ? (
          <button type="button" className="primary" onClick={() => client.stopMemoryRace()} data-testid="clipping-demo-stop">
            Stop
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void run()} disabled={isBusy} data-testid="clipping-demo-run">
            Exploding gradients: clipping off vs on
          </button>
        )}
      </div>
      <p className="muted" role="status" data-testid="clipping-demo-status">
        {!hasRun
          ? `Not run yet: ${train.steps} steps per run, a few seconds to a minute.`
          : isRunning
            ? `Training: step ${steps} of ${train.steps}.`
            : record
              ? `Done: ${record.completedSteps} steps${record.stopped ? ' (stopped)' : ''}. Held-out accuracy on ${train.heldOutSize} sequences.`
              : 'Stopped.'}
      </p>
      {error && (
        <p className="field-problem" role="alert" data-testid="clipping-demo-error">
          {error}
        </p>
      )}
      {curves.map((runCurves, member) =>
        runCurves.diverged ? (
          <p key={CLIPPING_DEMO_KEYS[member]} className="error-note" role="alert" data-testid={`clipping-demo-diverged-${CLIPPING_DEMO_KEYS[member]}`}>
            {divergenceMessage(CLIPPING_DEMO_LABELS[member], runCurves.diverged)}
          </p>
        ) : null,
      )}
      <div ref={gradNormChart.elementRef} data-testid="clipping-demo-gradnorm-chart" />
      <div ref={lossChart.elementRef} data-testid="clipping-demo-loss-chart" />
      <div ref={accuracyChart.elementRef} data-testid="clipping-demo-accuracy-chart" />
      {hasRun && (
        <table className="memory-table" data-testid="clipping-demo-table">
          <caption className="muted">Each run in numbers (chance accuracy {CHANCE.toFixed(3)}, a guess without memory costs ln 8 ≈ 2.08 nats).</caption>
          <thead>
            <tr>
              <th scope="col">run</th>
              <th scope="col">largest ‖g‖ (step)</th>
              <th scope="col">largest batch loss</th>
              <th scope="col">held-out accuracy, last</th>
            </tr>
          </thead>
          <tbody>
            {curves.map((runCurves, member) => {
              const last = runCurves.accuracy.at(-1);
              return (
                <tr
                  key={CLIPPING_DEMO_KEYS[member]}
                  data-testid={`clipping-demo-result-${CLIPPING_DEMO_KEYS[member]}`}
                  data-max-grad-norm={runCurves.peak?.gradNorm ?? ''}
                  data-max-loss={Number.isNaN(runCurves.maxLoss) ? '' : runCurves.maxLoss}
                  data-accuracy={last?.y ?? ''}
                  data-diverged-step={runCurves.diverged?.step ?? ''}
                >
                  <th scope="row">{CLIPPING_DEMO_LABELS[member]}</th>
                  <td>{runCurves.peak ? `${formatValue(runCurves.peak.gradNorm)} (${runCurves.peak.step})` : '—'}</td>
                  <td>{Number.isNaN(runCurves.maxLoss) ? '—' : runCurves.maxLoss.toFixed(2)}</td>
                  <td>{last ? `${last.y.toFixed(3)} (step ${last.x})` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
