/**
 * Compare 2–4 kept runs: their loss, accuracy and gradient-norm curves overlaid (one colour per run, the
 * existing LineChart), each run's ‖∂L/∂h_t‖ over the Inspect text (runs with kept weights), the settings that
 * differ, and the test accuracy of each class side by side.
 */
import { useMemo } from 'react';
import { OKABE_ITO } from '../../charts/chartTheme';
import { LineChart, type LineChartData } from '../../charts/lineChart';
import type { LinePoint } from '../../charts/lineChartData';
import { useChart } from '../hooks/useChart';
import { formatPercent } from '../lib/format';
import type { Dataset } from '../../data/types';
import { settingsThatDiffer, type RunCurves, type KeptRun } from '../state/runRecord';
import { GradientProfileCompare } from './GradientProfileCompare';

function pointsOf(flat: readonly number[]): LinePoint[] {
  const points: LinePoint[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) points.push({ x: flat[index], y: flat[index + 1] });
  return points;
}

/**
 * The last step any of the runs' curves reaches: Compare's charts all span [0, this], as Train's, the race's and the
 * generator's do. Each chart spanned its own curve's steps, so side by side the accuracy chart began at the first
 * evaluation (step 10) under a loss chart that began at step 1, and one step sat at three places.
 */
function lastStepOf(runs: readonly KeptRun[]): number {
  let last = 1;
  for (const run of runs) {
    for (const flat of Object.values(run.curves) as readonly (readonly number[])[]) {
      for (let index = 0; index < flat.length; index += 2) last = Math.max(last, flat[index]);
    }
  }
  return last;
}

interface CurveChartProps {
  runs: readonly KeptRun[];
  /** The steps every Compare chart spans (lastStepOf). */
  xDomain: readonly [number, number];
  curve: keyof RunCurves;
  title: string;
  yLabel: string;
  isLogY?: boolean;
  isShare?: boolean;
  testId: string;
}

function CompareChart({ runs, xDomain, curve, title, yLabel, isLogY = false, isShare = false, testId }: CurveChartProps) {
  const data = useMemo<LineChartData>(
    () => ({
      series: runs.map((run, index) => ({
        id: run.id,
        label: run.name,
        points: pointsOf(run.curves[curve]),
        mark: curve === 'valLoss' || curve === 'valAccuracy' ? 'line+points' : 'line',
        color: OKABE_ITO[index % OKABE_ITO.length],
      })),
      xDomain,
      caption: runs.some((run) => run.curves[curve].length > 0) ? undefined : 'None of these runs has this curve yet.',
    }),
    [runs, xDomain, curve],
  );
  const { elementRef } = useChart(
    (element) =>
      new LineChart(element, {
        title,
        xLabel: 'step (batches)',
        yLabel,
        height: 200,
        isLogY,
        ...(isShare ? { yDomain: [0, 1] as const, yTickFormat: (value: number) => `${Math.round(value * 100)}%` } : {}),
      }),
    data,
    [],
  );
  return <div ref={elementRef} data-testid={testId} />;
}

/**
 * A run's name as a column heading: cut with an ellipsis past a column's width, the full name in its tooltip. A long
 * name in full stretched its column across the table and squeezed the others.
 */
function RunNameHeading({ run }: { run: KeptRun }) {
  return (
    <th scope="col">
      <span className="run-name-text" title={run.name}>
        {run.name}
      </span>
    </th>
  );
}

function testText(run: KeptRun): string {
  if (!run.test) return 'unfinished';
  return run.test.macroAccuracy === null ? formatPercent(run.test.accuracy) : `${formatPercent(run.test.accuracy)} / ${formatPercent(run.test.macroAccuracy)}`;
}

function settingText(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'off';
  return String(value);
}

interface RunCompareProps {
  runs: readonly KeptRun[];
  /** The text each run's ‖∂L/∂h_t‖ is measured over; null where the runs are not classifiers of a data set (the memory lab). */
  profileText: string | null;
  dataset: Dataset | null;
  /** What the evaluated accuracy is measured on (the validation split; the memory lab's held-out sequences). */
  accuracyTitle?: string;
}

export function RunCompare({ runs, profileText, dataset, accuracyTitle = 'Validation accuracy of each run' }: RunCompareProps) {
  const differences = useMemo(() => settingsThatDiffer(runs.map((run) => run.settings)), [runs]);
  const xDomain = useMemo(() => [0, lastStepOf(runs)] as const, [runs]);
  const classes = runs[0]?.classes ?? [];
  const sameClasses = runs.every((run) => run.classes.join('\n') === classes.join('\n'));
  // Memory-lab runs score plain accuracy only: no per-class rows where no run measured them.
  const hasClassRecall = runs.some((run) => (run.test?.classRecall.length ?? 0) > 0);
  return (
    <div className="run-compare" data-testid="run-compare">
      <h3>Compare</h3>
      <div className="compare-charts">
        <CompareChart runs={runs} xDomain={xDomain} curve="trainLoss" title="Train loss of each run" yLabel="loss (nats)" testId="compare-loss" />
        <CompareChart runs={runs} xDomain={xDomain} curve="valAccuracy" title={accuracyTitle} yLabel="accuracy" isShare testId="compare-accuracy" />
        <CompareChart runs={runs} xDomain={xDomain} curve="gradNorm" title="Gradient norm of each run" yLabel="‖gradient‖ (log)" isLogY testId="compare-grad" />
      </div>
      {profileText !== null && <GradientProfileCompare runs={runs} text={profileText} dataset={dataset} />}
      <table className="data-table compare-table" data-testid="compare-settings">
        <caption>Settings that differ</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            {runs.map((run) => (
              <RunNameHeading key={run.id} run={run} />
            ))}
          </tr>
        </thead>
        <tbody>
          {differences.length === 0 ? (
            <tr>
              <td colSpan={runs.length + 1}>The same settings (the runs differ only by chance or by length).</td>
            </tr>
          ) : (
            differences.map(({ key, values }) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                {values.map((value, index) => (
                  <td key={runs[index].id}>{settingText(value)}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {sameClasses && (
        <table className="data-table compare-table" data-testid="compare-classes">
          <caption>{hasClassRecall ? 'Test accuracy of each class (recall)' : 'Accuracy on the held-out set'}</caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              {runs.map((run) => (
                <RunNameHeading key={run.id} run={run} />
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{hasClassRecall ? 'All (plain / macro)' : 'All'}</th>
              {runs.map((run) => (
                <td key={run.id}>{testText(run)}</td>
              ))}
            </tr>
            {hasClassRecall && classes.map((name, classIndex) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {runs.map((run) => (
                  <td key={run.id}>{run.test ? formatPercent(run.test.classRecall[classIndex] ?? 0) : '—'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
