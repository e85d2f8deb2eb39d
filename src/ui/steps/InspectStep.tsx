/**
 * Step 5, Inspect: type any text; the top 3 with log-probabilities (the tutorial's format), the guess
 * after each prefix, the network unrolled — hidden state per layer and direction, cell state and gates —
 * ‖∂L/∂h_t‖ over time, and a clicked timestep's equations with its actual numbers. While training runs
 * the trace refreshes with the new weights (at most once a second, only while this screen is shown).
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { UNKNOWN_SYMBOL } from '../../data/charAlphabet';
import { topK } from '../../data/metrics';
import { tokensAsTyped } from '../../data/wordTokens';
import type { InspectionTrace, LayerTrace, ModelSummary } from '../../model/types';
import { GATE_NAMES } from '../../model/types';
import { StepEquations, topUnits } from '../components/CellEquations';
import { ErrorNote } from '../components/ErrorNote';
import { UntrainedNote } from '../components/UntrainedNote';
import { GradientNormView } from '../components/charts/GradientNormView';
import { HeatmapView } from '../components/charts/HeatmapView';
import { PrefixPredictionView } from '../components/charts/PrefixPredictionView';
import { useClientState } from '../hooks/clientContext';
import { useIsTourOpen } from '../hooks/tourContext';
import { useTrace } from '../hooks/useTrace';
import { formatLogProb } from '../lib/format';
import { GATE_TITLES, gateHeatmapScale } from '../lib/gates';
import { isTraceable } from '../lib/traceState';
import { ExampleCutNote } from '../components/ExampleCutNote';
import type { AppController } from '../state/useAppController';


/**
 * The trace as the screen shows it: a word model's tokens and unknown words in the characters the student typed
 * (`(` for PTB's `-lrb-`, `“` and `”` for its quotes, `’s` for `'s`, `—` for `--`, `10/10` for `10\/10`). The
 * model read the PTB tokens; only the labels change.
 */
function traceAsTyped(trace: InspectionTrace, isWords: boolean): InspectionTrace {
  if (!isWords) return trace;
  const tokens = tokensAsTyped(trace.text, trace.tokens);
  // An unknown word is shown as typed where it first occurs.
  const unknown = trace.unknown.map((word) => tokens[trace.tokens.indexOf(word)] ?? word);
  return { ...trace, tokens, unknown };
}

function layerKey(layer: LayerTrace): string {
  return `l${layer.layer}-${layer.direction}`;
}

function layerTitle(layer: LayerTrace, model: ModelSummary): string {
  const parts = [];
  if (model.numLayers > 1) parts.push(`layer ${layer.layer + 1}`);
  if (model.bidirectional) parts.push(layer.direction);
  return parts.length > 0 ? parts.join(', ') : 'the recurrent layer';
}

export function InspectStep({ controller }: { controller: AppController }) {
  const { exampleText, exampleTextCutAt, setExampleText, isPresenter } = controller;
  const model = useClientState((snapshot) => snapshot.model);
  const status = useClientState((snapshot) => snapshot.status);
  const isUntrained = useClientState((snapshot) => snapshot.isUntrained);
  const isTourOpen = useIsTourOpen();
  const inputId = useId();
  const targetId = useId();
  const cutNoteId = useId();
  const [targetClass, setTargetClass] = useState<number | null>(null);
  const [selectedStep, setSelectedStep] = useState<number | null>(null);
  const [selectedLayerKey, setSelectedLayerKey] = useState<string | null>(null);
  const { ensureModel, isStartupDone } = controller;
  const hasData = controller.dataset !== null;

  // Inspecting needs a model: build the configured one (untrained weights are instructive too, and the
  // screen says they are untrained) — but only after start-up, or this would race the model saved last
  // time and replace it with fresh weights; and never while the tour merely shows this screen.
  useEffect(() => {
    if (!model && hasData && isStartupDone && !isTourOpen) void ensureModel();
  }, [model, hasData, isStartupDone, isTourOpen, ensureModel]);

  const traced = useTrace(exampleText, targetClass, model !== null);
  const isWords = model?.input.type === 'words';
  const trace = useMemo(() => (traced.trace ? traceAsTyped(traced.trace, isWords) : null), [traced.trace, isWords]);
  const { error, isLoading } = traced;
  const classes = model?.classes ?? [];
  const top = useMemo(() => (trace ? topK(trace.logProbs, Math.min(3, classes.length)) : []), [trace, classes.length]);
  const stepCount = trace?.tokens.length ?? 0;
  const step = selectedStep !== null && selectedStep < stepCount ? selectedStep : null;
  const layers = trace?.layers ?? [];
  const lastLayer = layers.reduce((deepest, layer) => Math.max(deepest, layer.layer), 0);
  const selectedLayer =
    layers.find((layer) => layerKey(layer) === selectedLayerKey) ??
    layers.find((layer) => layer.layer === lastLayer && layer.direction === 'forward') ??
    null;

  if (!model) {
    return (
      <div className="card">
        <p role="status">
          {isTourOpen
            ? 'There is no model yet: after the tour, press Play on Train, or open Inspect to look inside an untrained one.'
            : 'Building the model so there is something to inspect…'}
        </p>
        <ErrorNote where="model" />
      </div>
    );
  }

  return (
    <div className="inspect-layout">
      <section className="card inspect-input-card" aria-labelledby="inspect-heading">
        <h2 id="inspect-heading">Ask the network</h2>
        {isUntrained && <UntrainedNote />}
        <label htmlFor={inputId}>{model.input.type === 'chars' ? 'Type a name' : 'Type a sentence'}</label>
        <input
          id={inputId}
          type="text"
          className="big-input"
          value={exampleText}
          onChange={(event) => {
            setExampleText(event.target.value);
            setSelectedStep(null);
          }}
          data-testid="inspect-input"
          aria-describedby={exampleTextCutAt === null ? undefined : cutNoteId}
          autoComplete="off"
          spellCheck={false}
        />
        <ExampleCutNote id={cutNoteId} text={exampleText} cutAt={exampleTextCutAt} reader="Inspect" />
        {!isPresenter && (
          <label htmlFor={targetId} className="inline-label">
            Gradients for
            <select
              id={targetId}
              value={targetClass ?? ''}
              onChange={(event) => setTargetClass(event.target.value === '' ? null : Number(event.target.value))}
              data-testid="inspect-target"
            >
              <option value="">the predicted class</option>
              {classes.map((name, index) => (
                <option key={name} value={index}>
                  the true class {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="top-k" aria-live="polite">
          <pre className="top-k-list" data-testid="top-k">
            {trace && `> ${trace.text}\n` + top.map((item) => `${formatLogProb(item.logProb)} ${classes[item.index]}`).join('\n')}
          </pre>
          {status === 'training' && <p className="muted">Refreshing about once a second while training.</p>}
          {isLoading && !trace && <p role="status">Running the network…</p>}
          {!isTraceable(exampleText) && (
            <p className="muted" data-testid="inspect-prompt">
              Type {model.input.type === 'chars' ? 'a name' : 'a sentence'} to see what the network makes of it.
            </p>
          )}
        </div>
        {trace && trace.unknown.length > 0 && (
          <p className="warning-note" data-testid="inspect-unknown">
            {model.input.type === 'chars' ? `Never seen in training, read as “${UNKNOWN_SYMBOL}”` : 'Not in the vocabulary, read as <unk>'}:{' '}
            {trace.unknown.map((symbol) => `“${symbol}”`).join(', ')}
          </p>
        )}
        {trace && trace.dropped.length > 0 && (
          <p className="warning-note">Dropped (outside the alphabet): {trace.dropped.map((symbol) => `“${symbol}”`).join(', ')}</p>
        )}
        {/* Only this text's error, held with its trace: the client's 'trace' error place also keeps the last failure
            of any trace request (Compare's, Your text's) and no success clears it, so it stayed under valid text. */}
        {error !== null && <ErrorNote where="trace" message={error} />}
      </section>

      {trace && stepCount === 0 && (
        <section className="card">
          <p>Nothing to unroll: no symbol of “{trace.text}” reaches the network.</p>
        </section>
      )}

      {trace && stepCount > 0 && (
        <>
          <section className="card" aria-labelledby="prefix-heading">
            <h2 id="prefix-heading">The guess after each {model.input.type === 'chars' ? 'letter' : 'word'}</h2>
            <PrefixPredictionView
              trace={trace}
              classes={classes}
              isWords={model.input.type === 'words'}
              selectedStep={step}
              onSelectStep={setSelectedStep}
            />
          </section>

          <section className="card wide" aria-labelledby="hidden-heading">
            <h2 id="hidden-heading">Hidden state h<sub>t</sub> (units × timesteps)</h2>
            {!isPresenter && <p className="muted">Click a column to see that step's equations with its numbers.</p>}
            <div className="heatmap-grid">
              {layers.map((layer) => (
                <div key={layerKey(layer)} className="heatmap-block">
                  {layers.length > 1 && <h3>{layerTitle(layer, model)}</h3>}
                  <HeatmapView
                    testId={`hidden-heatmap-${layerKey(layer)}`}
                    options={{
                      title: `Hidden state h_t, ${layerTitle(layer, model)}`,
                      rowTitle: 'hidden unit',
                      columnTitle: model.input.type === 'chars' ? 'timestep (letter)' : 'timestep (word)',
                      valueLabel: model.cell === 'tutorial' ? 'hₜ (unbounded)' : 'hₜ (−1…1)',
                      colorScale: 'diverging',
                      domain: model.cell === 'tutorial' ? 'auto' : [-1, 1],
                    }}
                    data={{ matrix: layer.hidden, columnLabels: trace.tokens, selectedColumn: step }}
                    onSelectStep={(next) => {
                      setSelectedStep(next);
                      setSelectedLayerKey(layerKey(layer));
                    }}
                  />
                </div>
              ))}
            </div>
          </section>

          {selectedLayer && (
            <CellInternals
              model={model}
              trace={trace}
              layer={selectedLayer}
              layers={layers}
              step={step}
              onSelectLayer={setSelectedLayerKey}
              onSelectStep={setSelectedStep}
            />
          )}

          <section className="card" aria-labelledby="gradient-heading">
            <h2 id="gradient-heading">‖∂L/∂h<sub>t</sub>‖ over time</h2>
            <GradientNormView
              trace={trace}
              classes={classes}
              selectedStep={step}
              onSelectStep={setSelectedStep}
              isUntrained={isUntrained}
            />
            {!isPresenter && (
              <p className="muted">
                How much the loss for {classes[trace.targetClass] ?? 'the target'} depends on each step's hidden state, on a log
                scale. Early steps far below late ones is the vanishing gradient.
              </p>
            )}
          </section>
        </>
      )}
    </div>
  );
}

interface CellInternalsProps {
  model: ModelSummary;
  trace: InspectionTrace;
  layer: LayerTrace;
  layers: LayerTrace[];
  step: number | null;
  onSelectLayer: (key: string) => void;
  onSelectStep: (step: number) => void;
}

/** Cell state and gates of one layer/direction, and the selected step's equations with numbers. */
function CellInternals({ model, trace, layer, layers, step, onSelectLayer, onSelectStep }: CellInternalsProps) {
  const gateNames = GATE_NAMES[model.cell];
  const selectId = useId();
  const units = useMemo(() => (step === null ? [] : topUnits(layer, step, 5)), [layer, step]);
  const columnTitle = model.input.type === 'chars' ? 'timestep (letter)' : 'timestep (word)';
  const title = layerTitle(layer, model);
  return (
    <section className="card wide" aria-labelledby="internals-heading">
      <h2 id="internals-heading">Inside the cell{layers.length > 1 ? `: ${title}` : ''}</h2>
      {layers.length > 1 && (
        <label htmlFor={selectId} className="inline-label">
          Layer and direction
          <select id={selectId} value={layerKey(layer)} onChange={(event) => onSelectLayer(event.target.value)}>
            {layers.map((item) => (
              <option key={layerKey(item)} value={layerKey(item)}>
                {layerTitle(item, model)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="heatmap-grid">
        {layer.cell && (
          <div className="heatmap-block">
            <h3>Cell state c<sub>t</sub></h3>
            <HeatmapView
              testId="cell-heatmap"
              options={{
                title: `Cell state c_t, ${title}`,
                rowTitle: 'hidden unit',
                columnTitle,
                valueLabel: 'cₜ (unbounded)',
                colorScale: 'diverging',
                domain: 'auto',
              }}
              data={{ matrix: layer.cell, columnLabels: trace.tokens, selectedColumn: step }}
              onSelectStep={onSelectStep}
            />
          </div>
        )}
        {gateNames.map((gate) =>
          layer.gates[gate] ? (
            <div key={gate} className="heatmap-block">
              <h3>{GATE_TITLES[gate] ?? gate}</h3>
              <HeatmapView
                testId={`gate-heatmap-${gate}`}
                options={{
                  title: `Gate ${gate}, ${title}`,
                  rowTitle: 'hidden unit',
                  columnTitle,
                  ...gateHeatmapScale(gate),
                }}
                data={{ matrix: layer.gates[gate], columnLabels: trace.tokens, selectedColumn: step }}
                onSelectStep={onSelectStep}
              />
            </div>
          ) : null,
        )}
        {gateNames.length === 0 && <p className="muted">A {model.cell === 'rnn' ? 'plain RNN' : 'tutorial RNN'} has no gates.</p>}
      </div>
      {step === null ? (
        <p className="muted">Click a timestep in any heatmap to see the equations with that step's numbers.</p>
      ) : (
        <StepEquations cell={model.cell} layer={layer} step={step} token={trace.tokens[step] ?? ''} units={units} />
      )}
    </section>
  );
}
