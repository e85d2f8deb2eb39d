/**
 * Inside the generator while it writes one name: per layer, the hidden state h_t, the LSTM cell state c_t
 * and each gate's activations over the steps (units × steps heatmaps, as Inspect shows them for a
 * classifier). Step t reads the symbol labelled under its column (begin, then each letter) and writes the
 * next one. The states come from feeding the name's own letters back (charLmTrace.ts): for a name the model
 * drew, exactly the states it went through while drawing it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { CharLmConfig, CharLmLayerTrace, CharLmTrace } from '../../model/types';
import { GATE_NAMES } from '../../model/types';
import { HeatmapView } from '../components/charts/HeatmapView';
import { useClient } from '../hooks/clientContext';
import { visibleSymbol } from '../../charts/format';
import { errorText } from '../lib/format';
import { GATE_TITLES, gateHeatmapScale } from '../lib/gates';

/** A symbol as a column label: the begin and end marks in words, a space made visible. */
export function stepLabel(symbol: string): string {
  if (symbol === '<BOS>') return 'begin';
  if (symbol === '<EOS>') return 'end';
  return visibleSymbol(symbol);
}

const COLUMN_TITLE = 'step (symbol read)';

function layerName(layer: CharLmLayerTrace, layerCount: number): string {
  return layerCount > 1 ? `layer ${layer.layer + 1}` : 'the recurrent layer';
}

interface NameInternalsProps {
  model: CharLmConfig;
  text: string;
  condition: string | null;
  /** Changes when the weights may have changed: the trace is taken again. */
  weightsKey: number;
}

export function NameInternals({ model, text, condition, weightsKey }: NameInternalsProps) {
  const client = useClient();
  const selectId = useId();
  const [trace, setTrace] = useState<CharLmTrace | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [layerIndex, setLayerIndex] = useState(0);
  const [step, setStep] = useState<number | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    client
      .traceCharLm(text, condition)
      .then((traced) => {
        if (request !== latest.current) return;
        setTrace(traced);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (request === latest.current) setProblem(errorText(error));
      });
  }, [client, text, condition, weightsKey]);

  if (problem) return <p className="error-note" role="alert">{problem}</p>;
  if (!trace || trace.text !== text) return <p className="muted">Reading the network’s states…</p>;
  const layer = trace.layers[Math.min(layerIndex, trace.layers.length - 1)];
  if (!layer) return null;
  const labels = trace.fed.map(stepLabel);
  const selected = step !== null && step < labels.length ? step : null;
  const where = layerName(layer, trace.layers.length);
  const gateNames = GATE_NAMES[model.cell];
  return (
    <div data-testid="name-internals">
      <p className="muted">
        Column t reads the symbol under it and writes the next ({labels.length} steps: the begin mark, then each letter). Click a column to see what
        that step read and wrote.
      </p>
      {trace.layers.length > 1 && (
        <label htmlFor={selectId} className="inline-label">
          Layer
          <select id={selectId} value={layerIndex} onChange={(event) => setLayerIndex(Number(event.target.value))} data-testid="name-internals-layer">
            {trace.layers.map((item, index) => (
              <option key={item.layer} value={index}>
                layer {item.layer + 1}
              </option>
            ))}
          </select>
        </label>
      )}
      {selected !== null && (
        <p className="key-fact" data-testid="name-internals-step">
          Step {selected + 1} reads {stepLabel(trace.fed[selected])} and writes {stepLabel(trace.written[selected])}.
        </p>
      )}
      <div className="heatmap-grid">
        <div className="heatmap-block">
          <h3>
            Hidden state h<sub>t</sub>
          </h3>
          <HeatmapView
            testId={`gen-hidden-heatmap-l${layer.layer}`}
            options={{
              title: `Hidden state h_t of the name written, ${where}`,
              rowTitle: 'hidden unit',
              columnTitle: COLUMN_TITLE,
              valueLabel: model.cell === 'tutorial' ? 'hₜ (unbounded)' : 'hₜ (−1…1)',
              colorScale: 'diverging',
              domain: model.cell === 'tutorial' ? 'auto' : [-1, 1],
            }}
            data={{ matrix: layer.hidden, columnLabels: labels, selectedColumn: selected }}
            onSelectStep={setStep}
          />
        </div>
        {layer.cell && (
          <div className="heatmap-block">
            <h3>
              Cell state c<sub>t</sub>
            </h3>
            <HeatmapView
              testId="gen-cell-heatmap"
              options={{ title: `Cell state c_t of the name written, ${where}`, rowTitle: 'hidden unit', columnTitle: COLUMN_TITLE, valueLabel: 'cₜ (unbounded)', colorScale: 'diverging', domain: 'auto' }}
              data={{ matrix: layer.cell, columnLabels: labels, selectedColumn: selected }}
              onSelectStep={setStep}
            />
          </div>
        )}
        {gateNames.map((gate) => {
          const matrix = layer.gates[gate];
          if (!matrix) return null;
          return (
            <div key={gate} className="heatmap-block">
              <h3>{GATE_TITLES[gate] ?? gate}</h3>
              <HeatmapView
                testId={`gen-gate-heatmap-${gate}`}
                options={{ title: `Gate ${gate} of the name written, ${where}`, rowTitle: 'hidden unit', columnTitle: COLUMN_TITLE, ...gateHeatmapScale(gate) }}
                data={{ matrix, columnLabels: labels, selectedColumn: selected }}
                onSelectStep={setStep}
              />
            </div>
          );
        })}
        {gateNames.length === 0 && <p className="muted">A {model.cell === 'rnn' ? 'plain RNN' : 'tutorial RNN'} has no gates: its hidden state is all there is.</p>}
      </div>
    </div>
  );
}
