/**
 * The memory lab: race a plain RNN, an LSTM and a GRU on a long-memory task at a distance the student sets,
 * with the levers the lectures name, and watch held-out accuracy per cell over training. The race runs in
 * the worker (client.startMemoryRace); its result is a plain RaceRecord a run store can keep.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { LineChart } from '../../charts/lineChart';
import { MEMORY_DISTANCE_LIMITS, MEMORY_TASKS, memoryTaskSpec, type MemoryTaskName } from '../../data/memoryTasks';
import { MEMORY_DEFAULTS } from '../../model/taskDefaults';
import { GATE_BIAS_INITS, MEMORY_CELL_TYPES, RECURRENT_INITS, type GateBiasInit, type MemoryModelConfig, type RecurrentInit } from '../../model/types';
import type { RaceRecord } from '../../worker/protocol';
import { useClient } from '../hooks/clientContext';
import { useChart } from '../hooks/useChart';
import { NumberField } from '../components/NumberField';
import { addRaceEvents, raceChartData, type RaceCurves } from './raceCurves';

const CELL_LABELS = { rnn: 'RNN (tanh)', lstm: 'LSTM', gru: 'GRU' } as const;
const RACE_LABELS = MEMORY_CELL_TYPES.map((cell) => CELL_LABELS[cell]);

/** Words for each gate-bias choice, with the memory span σ(b) implies. */
const GATE_BIAS_WORDS: Record<GateBiasInit, string> = {
  pytorch: 'PyTorch default (≈0)',
  '0': '0 (span ≈2 steps)',
  '1': '1 (span ≈4 steps)',
  '3': '3 (span ≈21 steps)',
  chrono: 'chrono (spans up to the sequence length)',
};

export function MemoryLab() {
  const client = useClient();
  const [task, setTask] = useState<MemoryTaskName>(MEMORY_DEFAULTS.model.task);
  const [distance, setDistance] = useState(MEMORY_DEFAULTS.model.distance);
  const [gateBias, setGateBias] = useState<GateBiasInit>(MEMORY_DEFAULTS.model.gateBias);
  const [recurrentInit, setRecurrentInit] = useState<RecurrentInit>(MEMORY_DEFAULTS.model.recurrentInit);
  const [hiddenSize, setHiddenSize] = useState(MEMORY_DEFAULTS.model.hiddenSize);
  const [learningRate, setLearningRate] = useState(MEMORY_DEFAULTS.train.learningRate);
  const [isClipping, setIsClipping] = useState(true);
  const [steps, setSteps] = useState(MEMORY_DEFAULTS.train.steps);
  const [curves, setCurves] = useState<RaceCurves>([]);
  const [isRunning, setIsRunning] = useState(false);
  const [record, setRecord] = useState<RaceRecord | null>(null);
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

  const race = async () => {
    const model = (cell: MemoryModelConfig['cell']): MemoryModelConfig => ({ task, distance, cell, hiddenSize, gateBias, recurrentInit });
    const train = {
      ...MEMORY_DEFAULTS.train,
      learningRate,
      steps,
      clipNorm: isClipping ? MEMORY_DEFAULTS.train.clipNorm : null,
      // 256 sequences while training keeps evaluations cheap; the curve's last point uses the same set.
      heldOutSize: 256,
    };
    setCurves([]);
    setRecord(null);
    setIsRunning(true);
    const result = await client.startMemoryRace(
      MEMORY_CELL_TYPES.map((cell) => ({ label: CELL_LABELS[cell], model: model(cell) })),
      train,
      (events) => {
        if (isMounted.current) setCurves((previous) => addRaceEvents(previous, events));
      },
    );
    if (!isMounted.current) return;
    setRecord(result);
    setIsRunning(false);
  };

  return (
    <div className="train-layout" data-testid="memory-lab">
      <section className="card train-controls" aria-labelledby="memory-heading">
        <h2 id="memory-heading">Memory lab</h2>
        <p className="muted">{spec.description} Every cell learns from the same seed, the same batches, and is scored on the same held-out sequences.</p>
        <fieldset className="form-grid" disabled={isRunning}>
          <label>
            Task
            <select value={task} onChange={(event) => setTask(event.target.value as MemoryTaskName)} data-testid="memory-task">
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
              min={MEMORY_DISTANCE_LIMITS.min}
              max={100}
              value={distance}
              onChange={(event) => setDistance(Number(event.target.value))}
              data-testid="memory-distance"
            />
          </label>
          <label>
            Forget / update gate bias at start
            <select value={gateBias} onChange={(event) => setGateBias(event.target.value as GateBiasInit)} data-testid="memory-gate-bias">
              {GATE_BIAS_INITS.map((choice) => (
                <option key={choice} value={choice}>
                  {GATE_BIAS_WORDS[choice]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Recurrent weights at start
            <select value={recurrentInit} onChange={(event) => setRecurrentInit(event.target.value as RecurrentInit)} data-testid="memory-recurrent-init">
              {RECURRENT_INITS.map((choice) => (
                <option key={choice} value={choice}>
                  {choice === 'uniform' ? 'small (PyTorch default)' : 'orthogonal (Keras default)'}
                </option>
              ))}
            </select>
          </label>
          <NumberField label="Hidden size" value={hiddenSize} min={4} max={256} step={1} isInteger onChange={setHiddenSize} testId="memory-hidden" />
          <NumberField label="Learning rate (Adam)" value={learningRate} min={1e-5} max={1} step={1e-3} onChange={setLearningRate} testId="memory-lr" />
          <NumberField label="Training steps" value={steps} min={10} max={5000} step={50} isInteger onChange={setSteps} testId="memory-steps" />
          <label className="checkbox">
            <input type="checkbox" checked={isClipping} onChange={(event) => setIsClipping(event.target.checked)} data-testid="memory-clip" />
            Clip the gradient norm at {MEMORY_DEFAULTS.train.clipNorm}
          </label>
        </fieldset>
        <div className="transport">
          {isRunning ? (
            <button type="button" className="primary" onClick={() => client.stopMemoryRace()} data-testid="memory-stop">
              Stop
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void race()} data-testid="memory-race">
              Race RNN · LSTM · GRU
            </button>
          )}
        </div>
        {record && <RaceSummary record={record} />}
      </section>
      <section className="card train-charts" aria-label="Race accuracy">
        <div ref={elementRef} data-testid="memory-race-chart" />
      </section>
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
            <tr key={member.label} data-testid={`memory-result-${member.model.cell}`} data-accuracy={member.finalAccuracy}>
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
    </div>
  );
}
