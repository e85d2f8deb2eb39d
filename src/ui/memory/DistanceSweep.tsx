/**
 * The accuracy-vs-distance sweep: a short race of the chosen cells at each distance in turn (in the worker,
 * with the lab's task and levers), one point per cell as each distance finishes, a chance rule and the time
 * left. Stoppable; the points already drawn stay. Refused while a number field here or among the lab's levers
 * shows an invalid value (the sweep would otherwise run with the last valid one, not what is on screen). Its settings
 * are kept across reloads (sweepSettings.ts), as the lab's levers are.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { LineChart } from '../../charts/lineChart';
import { MEMORY_CELL_TYPES, type MemoryCellType } from '../../model/types';
import type { RaceRecord, StartMemoryRaceMessage } from '../../worker/protocol';
import { useClient } from '../hooks/clientContext';
import { useChart } from '../hooks/useChart';
import { useFieldProblems } from '../hooks/useFieldProblems';
import { BlockedReason } from '../components/BlockedReason';
import { NumberField } from '../components/NumberField';
import { blockedReason, type FieldProblems } from '../lib/fieldProblems';
import { formatDuration, parseDistances, runSweep, SWEEP_DEFAULTS, sweepChartData, sweepSizeText, sweepWorkRelativeToRace, type SweepPoint, type SweepProgress } from './distanceSweep';
import { loadSweepSettings, saveSweepSettings, SWEEP_STEPS_LIMITS, type SweepSettings } from './sweepSettings';

interface DistanceSweepProps {
  labels: Readonly<Record<MemoryCellType, string>>;
  chance: number;
  /** The lab's current settings as a race at `distance` of `cells`, trained `steps` steps and scored once at the end. */
  raceAt(distance: number, cells: readonly MemoryCellType[], steps: number): Pick<StartMemoryRaceMessage, 'members' | 'train'>;
  /** The lab's levers whose fields show an invalid value (raceAt would use their last valid one). */
  leverProblems: FieldProblems;
  /** The lab's own race is running: the worker trains one thing at a time. */
  isBusy: boolean;
  onRunningChange(isRunning: boolean): void;
}

export function DistanceSweep({ labels, chance, raceAt, leverProblems, isBusy, onRunningChange }: DistanceSweepProps) {
  const client = useClient();
  // Kept as they change (distances only once the field reads as a list): a reload brings them back.
  const [settings, setSettings] = useState<SweepSettings>(() => loadSweepSettings());
  const update = (patch: Partial<SweepSettings>) => setSettings((previous) => ({ ...previous, ...patch }));
  useEffect(() => saveSweepSettings(settings), [settings]);
  const { steps, cells } = settings;
  const [distancesText, setDistancesText] = useState(() => settings.distances.join(', '));
  const changeDistances = (text: string) => {
    setDistancesText(text);
    const changed = parseDistances(text);
    if ('distances' in changed) update({ distances: changed.distances });
  };
  const [progress, setProgress] = useState<SweepProgress | null>(null);
  const [sweptCells, setSweptCells] = useState<MemoryCellType[]>([...MEMORY_CELL_TYPES]);
  const [isRunning, setIsRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isStopped = useRef(false);
  const isMounted = useRef(true);
  useEffect(
    () => () => {
      isMounted.current = false;
      isStopped.current = true;
    },
    [],
  );
  const parsed = parseDistances(distancesText);
  const sweepFields = useFieldProblems();
  const problem =
    'problem' in parsed ? parsed.problem : cells.length === 0 ? 'Choose at least one cell.' : blockedReason({ ...leverProblems, ...sweepFields.problems }, 'run the sweep');

  const points: SweepPoint[] = progress?.points ?? [];
  const distances = 'distances' in parsed ? parsed.distances : SWEEP_DEFAULTS.distances;
  const chartData = useMemo(() => sweepChartData(points, sweptCells, labels, chance, distances), [points, sweptCells, labels, chance, distances]);
  const sizeText = sweepSizeText('distances' in parsed ? parsed.distances : null, steps, cells.length, MEMORY_CELL_TYPES.length);
  const { elementRef } = useChart(
    (element) => new LineChart(element, { title: 'Held-out accuracy against distance', xLabel: 'distance (steps between the digit and the query)', yLabel: 'held-out accuracy', yDomain: [0, 1], height: 220 }),
    chartData,
    [],
  );

  const setRunning = (value: boolean) => {
    setIsRunning(value);
    onRunningChange(value);
  };

  const sweep = async () => {
    if ('problem' in parsed || problem !== null) return;
    const chosen = MEMORY_CELL_TYPES.filter((cell) => cells.includes(cell));
    isStopped.current = false;
    setError(null);
    setSweptCells(chosen);
    setProgress({ points: [], done: 0, total: parsed.distances.length, secondsLeft: null });
    setRunning(true);
    try {
      await runSweep(
        { distances: parsed.distances, cells: chosen },
        (distance): Promise<RaceRecord> => {
          const { members, train } = raceAt(distance, chosen, steps);
          return client.startMemoryRace(members, train, () => undefined);
        },
        (update) => {
          if (isMounted.current) setProgress(update);
        },
        () => isStopped.current,
      );
    } catch (caught) {
      if (isMounted.current) setError(`The sweep stopped: ${caught instanceof Error ? caught.message : String(caught)}`);
    } finally {
      if (isMounted.current) setRunning(false);
    }
  };

  const stop = () => {
    isStopped.current = true;
    client.stopMemoryRace();
  };

  return (
    <section className="card" aria-labelledby="memory-sweep-heading" data-testid="memory-sweep">
      <h3 id="memory-sweep-heading">Accuracy against distance</h3>
      <p className="muted">
        One short run per cell at each distance, with the settings above, scored on 256 held-out sequences at the end. Where a
        line falls to the chance rule, that cell has stopped remembering. The default ({SWEEP_DEFAULTS.distances.length} distances × 3 cells ×{' '}
        {SWEEP_DEFAULTS.steps} steps) trains about {sweepWorkRelativeToRace(SWEEP_DEFAULTS.distances, SWEEP_DEFAULTS.steps).toFixed(1)} times as much as the race above, so it takes about as many times as long as that race
        took on this computer; fewer steps, distances or cells take less.
      </p>
      <p className="muted" data-testid="memory-sweep-size">
        {sizeText}
      </p>
      <fieldset className="form-grid" disabled={isRunning}>
        <legend className="visually-hidden">Sweep settings</legend>
        <label>
          Distances (comma-separated)
          <input type="text" value={distancesText} onChange={(event) => changeDistances(event.target.value)} data-testid="memory-sweep-distances" aria-invalid={'problem' in parsed} aria-describedby={'problem' in parsed ? 'memory-sweep-problem' : undefined} />
        </label>
        <NumberField label="Training steps per point" value={steps} min={SWEEP_STEPS_LIMITS.min} max={SWEEP_STEPS_LIMITS.max} step={50} isInteger onChange={(value) => update({ steps: value })} onProblemChange={sweepFields.report} testId="memory-sweep-steps" />
        <div role="group" aria-label="Cells to sweep" className="memory-sweep-cells">
          {MEMORY_CELL_TYPES.map((cell) => (
            <label key={cell} className="checkbox">
              <input
                type="checkbox"
                checked={cells.includes(cell)}
                onChange={(event) => update({ cells: event.target.checked ? [...cells, cell] : cells.filter((item) => item !== cell) })}
                data-testid={`memory-sweep-cell-${cell}`}
              />
              {labels[cell]}
            </label>
          ))}
        </div>
      </fieldset>
      <BlockedReason id="memory-sweep-problem" reason={problem} />
      <div className="transport">
        {isRunning ? (
          <button type="button" className="primary" onClick={stop} data-testid="memory-sweep-stop">
            Stop sweep
          </button>
        ) : (
          <button type="button" onClick={() => void sweep()} disabled={problem !== null || isBusy} aria-describedby={problem ? 'memory-sweep-problem' : undefined} data-testid="memory-sweep-run">
            Run sweep
          </button>
        )}
      </div>
      <p className="muted" role="status" data-testid="memory-sweep-status">
        {progress === null
          ? 'No sweep yet.'
          : `${progress.done} of ${progress.total} distances done${isRunning ? (progress.secondsLeft === null ? ', timing the first…' : `, ${formatDuration(progress.secondsLeft)} left`) : isStopped.current && progress.done < progress.total ? ' (stopped)' : '.'}`}
      </p>
      {error && (
        <p className="field-problem" role="alert" data-testid="memory-sweep-error">
          {error}
        </p>
      )}
      <div ref={elementRef} data-testid="memory-sweep-chart" data-points={points.length} />
      {points.length > 0 && (
        <table className="memory-table" data-testid="memory-sweep-table">
          <caption className="muted">The points in numbers: held-out accuracy (chance {chance.toFixed(3)}).</caption>
          <thead>
            <tr>
              <th scope="col">distance</th>
              {sweptCells.map((cell) => (
                <th scope="col" key={cell}>
                  {labels[cell]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...new Set(points.map((point) => point.distance))].map((distance) => (
              <tr key={distance}>
                <th scope="row">{distance}</th>
                {sweptCells.map((cell) => {
                  const point = points.find((item) => item.cell === cell && item.distance === distance);
                  return (
                    <td key={cell} data-testid={`memory-sweep-point-${cell}-${distance}`} data-accuracy={point?.accuracy ?? ''}>
                      {point ? point.accuracy.toFixed(3) : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
