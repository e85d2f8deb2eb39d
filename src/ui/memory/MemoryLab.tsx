/**
 * The memory lab: race a plain RNN, an LSTM and a GRU on a long-memory task at a distance the student sets,
 * with the levers the lectures name, and watch held-out accuracy per cell over training, ‖∂L/∂h_t‖ per
 * timestep over training and gate saturation (MemoryInsights), and accuracy against distance (DistanceSweep).
 * The races run in the worker (client.startMemoryRace); a result is a plain RaceRecord a run store can keep.
 * The levers are kept across reloads (memoryLabSettings.ts); while a number field shows an invalid value the
 * race and the sweep are refused, so they never run with values other than those on screen.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { LineChart } from '../../charts/lineChart';
import { MEMORY_TASKS, memoryTaskSpec, type MemoryTaskName } from '../../data/memoryTasks';
import { MEMORY_DEFAULTS } from '../../model/taskDefaults';
import { GATE_BIAS_INITS, MEMORY_CELL_TYPES, RECURRENT_INITS, type GateBiasInit, type MemoryCellType, type MemoryModelConfig, type RecurrentInit } from '../../model/types';
import type { RaceRecord, StartMemoryRaceMessage } from '../../worker/protocol';
import { useClient } from '../hooks/clientContext';
import { useChart } from '../hooks/useChart';
import { useFieldProblems } from '../hooks/useFieldProblems';
import { BlockedReason } from '../components/BlockedReason';
import { NumberField } from '../components/NumberField';
import { blockedReason } from '../lib/fieldProblems';
import { ClippingDemo } from './ClippingDemo';
import { DistanceSweep } from './DistanceSweep';
import { SWEEP_HELD_OUT } from './distanceSweep';
import { MemoryInsights } from './MemoryInsights';
import { addRaceEvents, raceChartData, type RaceCurves } from './raceCurves';
import { divergenceMessage } from './raceDivergence';
import { addInsightEvents, type RaceInsights } from './raceInsights';
import { keepMemoryRace } from './keepMemoryRace';
import { addStepEvents, type MemberStepCurves } from './memoryRuns';
import { MemoryRuns } from './MemoryRuns';
import { loadMemoryLabSettings, MEMORY_LAB_LIMITS, saveMemoryLabSettings, type MemoryLabSettings } from './memoryLabSettings';

const CELL_LABELS: Readonly<Record<MemoryCellType, string>> = { rnn: 'RNN (tanh)', lstm: 'LSTM', gru: 'GRU' };
const RACE_LABELS = MEMORY_CELL_TYPES.map((cell) => CELL_LABELS[cell]);
const RACE_MEMBERS = MEMORY_CELL_TYPES.map((cell) => ({ id: cell, label: CELL_LABELS[cell] }));

/**
 * Held-out sequences each evaluation's ‖∂L/∂h_t‖ and gates are measured on: 64 cost about one extra
 * training step per evaluation (every 25 steps), and the mean over 64 sequences is already smooth.
 */
const INSIGHT_SIZE = 64;

/** Words for each gate-bias choice, with the memory span σ(b) implies. */
const GATE_BIAS_WORDS: Record<GateBiasInit, string> = {
  pytorch: 'PyTorch default (≈0)',
  '0': '0 (span ≈2 steps)',
  '1': '1 (span ≈4 steps)',
  '3': '3 (span ≈21 steps)',
  // Short enough to read whole in its select at the desk and in presenter type ("chrono (spans up to the sequence
  // length)" was cut after "sequence" at 1280 × 800, after "seq" in presenter mode).
  chrono: 'chrono (span ≤ sequence)',
};

export function MemoryLab() {
  const client = useClient();
  // The levers as the last visit left them; every change is kept for the next.
  const [settings, setSettings] = useState<MemoryLabSettings>(() => loadMemoryLabSettings());
  const { task, distance, gateBias, recurrentInit, hiddenSize, learningRate, isClipping, steps, truncateAfter } = settings;
  const update = (patch: Partial<MemoryLabSettings>) => setSettings((previous) => ({ ...previous, ...patch }));
  useEffect(() => saveMemoryLabSettings(settings), [settings]);
  // The number fields whose text is not a valid value: the settings above still hold their last valid one.
  const levers = useFieldProblems();
  const raceBlocked = blockedReason(levers.problems, 'race');
  const [curves, setCurves] = useState<RaceCurves>([]);
  const [insights, setInsights] = useState<RaceInsights>([]);
  const [raceTruncation, setRaceTruncation] = useState<number | null>(null);
  const [isRunning, setIsRunning] = useState(false);
  const [isSweeping, setIsSweeping] = useState(false);
  const [isDemoRunning, setIsDemoRunning] = useState(false);
  const [record, setRecord] = useState<RaceRecord | null>(null);
  const [raceError, setRaceError] = useState<string | null>(null);
  // Each member's loss and gradient norm per step, for its kept run (nothing renders them here).
  const stepCurves = useRef<MemberStepCurves>([]);
  const [keptVersion, setKeptVersion] = useState(0);
  const spec = memoryTaskSpec(task);
  const isMounted = useRef(true);
  useEffect(
    () => () => {
      isMounted.current = false;
    },
    [],
  );

  const chartData = useMemo(() => raceChartData(curves, RACE_LABELS, spec.chance), [curves, spec.chance]);
  const { elementRef } = useChart(
    (element) => new LineChart(element, { title: 'Held-out accuracy over training steps', xLabel: 'training step (batches)', yLabel: 'held-out accuracy', yDomain: [0, 1] }),
    chartData,
    [],
  );

  /** The lab's settings as a race of `cells` at `distance`: what the race button and the sweep both start. */
  const raceSettings = (raceDistance: number, cells: readonly MemoryCellType[], raceSteps: number, evaluateEvery: number): Pick<StartMemoryRaceMessage, 'members' | 'train'> => ({
    members: cells.map((cell) => ({ label: CELL_LABELS[cell], model: { task, distance: raceDistance, cell, hiddenSize, gateBias, recurrentInit } satisfies MemoryModelConfig })),
    train: {
      ...MEMORY_DEFAULTS.train,
      learningRate,
      steps: raceSteps,
      evaluateEvery,
      clipNorm: isClipping ? MEMORY_DEFAULTS.train.clipNorm : null,
      // 256 sequences while training keeps evaluations cheap; the curve's last point uses the same set.
      heldOutSize: SWEEP_HELD_OUT,
      truncateAfter: truncateAfter > 0 ? truncateAfter : null,
    },
  });

  const race = async () => {
    if (raceBlocked) return;
    const { members, train } = raceSettings(distance, MEMORY_CELL_TYPES, steps, MEMORY_DEFAULTS.train.evaluateEvery);
    setCurves([]);
    setInsights([]);
    setRaceTruncation(train.truncateAfter);
    setRecord(null);
    setRaceError(null);
    setIsRunning(true);
    stepCurves.current = [];
    try {
      const result = await client.startMemoryRace(
        members,
        train,
        (events) => {
          addStepEvents(stepCurves.current, events);
          if (!isMounted.current) return;
          setCurves((previous) => addRaceEvents(previous, events));
          setInsights((previous) => addInsightEvents(previous, events));
        },
        { insightSize: INSIGHT_SIZE },
      );
      if (isMounted.current) setRecord(result);
      // Kept whether or not the lab is still open: the runs are the student's.
      const problem = await keepMemoryRace(result, stepCurves.current);
      if (isMounted.current) {
        if (problem) setRaceError(problem);
        else setKeptVersion((version) => version + 1);
      }
    } catch (error) {
      if (isMounted.current) setRaceError(`The race stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (isMounted.current) setIsRunning(false);
    }
  };

  return (
    <div className="train-layout lab-layout" data-testid="memory-lab">
      <section className="card train-controls" aria-labelledby="memory-heading">
        <h2 id="memory-heading">Memory lab</h2>
        <p className="muted">{spec.description} Every cell learns from the same seed, the same batches, and is scored on the same held-out sequences.</p>
        <fieldset className="form-grid" disabled={isRunning || isSweeping || isDemoRunning}>
          <label>
            Task
            <select value={task} onChange={(event) => update({ task: event.target.value as MemoryTaskName })} data-testid="memory-task">
              {MEMORY_TASKS.map((name) => (
                <option key={name} value={name}>
                  {memoryTaskSpec(name).title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Distance: {distance} steps
            <input
              type="range"
              min={MEMORY_LAB_LIMITS.distance.min}
              max={MEMORY_LAB_LIMITS.distance.max}
              value={distance}
              onChange={(event) => update({ distance: Number(event.target.value) })}
              data-testid="memory-distance"
            />
          </label>
          <label>
            Forget / update gate bias at start
            <select value={gateBias} onChange={(event) => update({ gateBias: event.target.value as GateBiasInit })} data-testid="memory-gate-bias">
              {GATE_BIAS_INITS.map((choice) => (
                <option key={choice} value={choice}>
                  {GATE_BIAS_WORDS[choice]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Recurrent weights at start
            <select value={recurrentInit} onChange={(event) => update({ recurrentInit: event.target.value as RecurrentInit })} data-testid="memory-recurrent-init">
              {RECURRENT_INITS.map((choice) => (
                <option key={choice} value={choice}>
                  {choice === 'uniform' ? 'small (PyTorch default)' : 'orthogonal (Keras default)'}
                </option>
              ))}
            </select>
          </label>
          <NumberField label="Hidden size" value={hiddenSize} {...MEMORY_LAB_LIMITS.hiddenSize} step={1} onChange={(value) => update({ hiddenSize: value })} onProblemChange={levers.report} testId="memory-hidden" />
          <NumberField label="Learning rate (Adam)" value={learningRate} {...MEMORY_LAB_LIMITS.learningRate} step={1e-3} onChange={(value) => update({ learningRate: value })} onProblemChange={levers.report} testId="memory-lr" />
          <NumberField label="Training steps" value={steps} {...MEMORY_LAB_LIMITS.steps} step={50} onChange={(value) => update({ steps: value })} onProblemChange={levers.report} testId="memory-steps" />
          <NumberField
            label="Backpropagate through only the last K steps (0 = all)"
            value={truncateAfter}
            {...MEMORY_LAB_LIMITS.truncateAfter}
            step={1}
            onChange={(value) => update({ truncateAfter: value })}
            onProblemChange={levers.report}
            testId="memory-tbptt"
          />
          <label className="checkbox">
            <input type="checkbox" checked={isClipping} onChange={(event) => update({ isClipping: event.target.checked })} data-testid="memory-clip" />
            Clip the gradient norm at {MEMORY_DEFAULTS.train.clipNorm}
          </label>
        </fieldset>
        <div className="transport">
          {isRunning ? (
            <button type="button" className="primary" onClick={() => client.stopMemoryRace()} data-testid="memory-stop">
              Stop
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => void race()}
              disabled={isSweeping || isDemoRunning || raceBlocked !== null}
              aria-describedby={raceBlocked ? 'memory-race-blocked' : undefined}
              data-testid="memory-race"
            >
              Race RNN · LSTM · GRU
            </button>
          )}
        </div>
        <BlockedReason id="memory-race-blocked" reason={raceBlocked} />
        {raceError && (
          <p className="field-problem" role="alert" data-testid="memory-race-error">
            {raceError}
          </p>
        )}
        {record && <RaceSummary record={record} />}
      </section>
      <div className="train-charts memory-charts">
        <section className="card" aria-label="Race accuracy">
          <div ref={elementRef} data-testid="memory-race-chart" />
        </section>
        <MemoryInsights members={RACE_MEMBERS} insights={insights} truncateAfter={raceTruncation} />
        <MemoryRuns keptVersion={keptVersion} />
        <DistanceSweep
          labels={CELL_LABELS}
          chance={spec.chance}
          raceAt={(sweepDistance, cells, sweepSteps) => raceSettings(sweepDistance, cells, sweepSteps, sweepSteps)}
          leverProblems={levers.problems}
          isBusy={isRunning || isDemoRunning}
          onRunningChange={setIsSweeping}
        />
        <ClippingDemo isBusy={isRunning || isSweeping} onRunningChange={setIsDemoRunning} />
      </div>
    </div>
  );
}

function RaceSummary({ record }: { record: RaceRecord }) {
  return (
    <div role="status" data-testid="memory-race-result">
      <table>
        <thead>
          <tr>
            <th scope="col">cell</th>
            <th scope="col">held-out accuracy</th>
            <th scope="col">steps to ≥ 0.95</th>
            <th scope="col">seconds</th>
          </tr>
        </thead>
        <tbody>
          {record.members.map((member) => (
            <tr
              key={member.label}
              data-testid={`memory-result-${member.model.cell}`}
              data-accuracy={member.finalAccuracy}
              data-steps-to095={member.stepsTo095 ?? ''}
              data-seconds={member.seconds}
            >
              <th scope="row">{member.label}</th>
              <td>{member.finalAccuracy.toFixed(3)}</td>
              <td>{member.stepsTo095 ?? '—'}</td>
              <td>{member.seconds.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Chance: {record.chance.toFixed(3)}. {record.stopped ? `Stopped after ${record.completedSteps} steps. ` : ''}
        {record.shared}
      </p>
      {record.members.map(
        (member) =>
          member.diverged && (
            <p key={member.label} className="error-note" role="alert" data-testid={`memory-diverged-${member.model.cell}`}>
              {divergenceMessage(member.label, member.diverged)}
            </p>
          ),
      )}
    </div>
  );
}
