/**
 * Step 3, Model: the cell, its size, layers, directions and dropout (and the embedding for words),
 * presets, the network drawn folded and unrolled over the example text, a parameter table per layer,
 * and the cell's equations. GloVe vectors load here for word-level tasks.
 */
import { useId, useMemo } from 'react';
import { sameArchitecture } from '../../model/architecture';
import { CELL_TYPES } from '../../model/types';
import { createEncoder } from '../../data/encoding';
import { BlockedReason } from '../components/BlockedReason';
import { CellEquations } from '../components/CellEquations';
import { ErrorNote } from '../components/ErrorNote';
import { GlovePanel } from '../components/GlovePanel';
import { NumberField } from '../components/NumberField';
import { ParameterTable } from '../components/ParameterTable';
import { NetworkDiagramView } from '../components/charts/NetworkDiagramView';
import { useClientState } from '../hooks/clientContext';
import { useFieldProblems } from '../hooks/useFieldProblems';
import { buildStateText } from '../lib/buildState';
import { blockedReason } from '../lib/fieldProblems';
import type { AppConfig } from '../state/appConfig';
import { CELL_TITLES, LIMITS, PRESETS } from '../state/appConfig';
import { ExampleCutNote } from '../components/ExampleCutNote';
import type { AppController } from '../state/useAppController';

export function ModelStep({ controller }: { controller: AppController }) {
  const { config, updateConfig, desiredModel, dataset, inputSource, exampleText, exampleTextCutAt, setExampleText, isPresenter, modelRestore } = controller;
  const builtModel = useClientState((snapshot) => snapshot.model);
  const status = useClientState((snapshot) => snapshot.status);
  const isWords = dataset?.level === 'words';
  const isTutorial = config.cell === 'tutorial';
  const isBuiltCurrent = builtModel !== null && desiredModel !== null && sameArchitecture(builtModel, desiredModel);
  const exampleId = useId();
  const cutNoteId = useId();
  // A field showing an invalid value holds the build back: the configuration still holds its last valid value.
  const architectureFields = useFieldProblems();
  const buildBlocked = blockedReason(architectureFields.problems, builtModel ? 'rebuild' : 'build');
  // The counts would be the last valid settings' (the configuration holds those), not the model on screen.
  const parametersBlocked = blockedReason(architectureFields.problems, 'see the parameter counts');
  const diagramBlocked = blockedReason(architectureFields.problems, 'draw the network');
  const tokens = useMemo(() => {
    if (!inputSource) return [];
    try {
      return createEncoder(inputSource).encode(exampleText).tokens;
    } catch {
      return [];
    }
  }, [inputSource, exampleText]);

  const presets = PRESETS.filter((preset) => preset.level === 'any' || preset.level === (isWords ? 'words' : 'chars'));

  return (
    <div className="step-grid model-grid">
      <section className="card" aria-labelledby="architecture-heading">
        <h2 id="architecture-heading">Architecture</h2>
        <div className="presets" role="group" aria-label="Presets">
          {presets.map((preset) => (
            <button
              key={preset.id}
              type="button"
              title={preset.description}
              onClick={() => updateConfig(preset.patch)}
              data-testid={`preset-${preset.id}`}
            >
              {preset.title}
            </button>
          ))}
        </div>
        <fieldset className="cell-picker">
          <legend>Recurrent cell</legend>
          {CELL_TYPES.map((cell) => (
            <label key={cell} className={config.cell === cell ? 'cell-option is-chosen' : 'cell-option'}>
              <input
                type="radio"
                name="cell"
                value={cell}
                checked={config.cell === cell}
                onChange={() => updateConfig({ cell })}
                data-testid={`cell-${cell}`}
              />
              {CELL_TITLES[cell]}
            </label>
          ))}
        </fieldset>
        <div className="form-grid">
          <NumberField
            label="Hidden size"
            value={config.hiddenSize}
            min={LIMITS.hiddenSize[0]}
            max={LIMITS.hiddenSize[1]}
            isInteger
            onChange={(hiddenSize) => updateConfig({ hiddenSize })}
            onProblemChange={architectureFields.report}
            testId="hidden-size"
          />
          <NumberField
            label="Layers"
            value={isTutorial ? 1 : config.numLayers}
            min={LIMITS.numLayers[0]}
            max={LIMITS.numLayers[1]}
            isInteger
            onChange={(numLayers) => updateConfig({ numLayers })}
            onProblemChange={architectureFields.report}
            testId="num-layers"
            disabled={isTutorial}
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={!isTutorial && config.bidirectional}
              disabled={isTutorial}
              onChange={(event) => updateConfig({ bidirectional: event.target.checked })}
              data-testid="bidirectional"
            />
            Bidirectional
          </label>
          <NumberField
            label="Dropout"
            value={config.dropout}
            min={LIMITS.dropout[0]}
            max={LIMITS.dropout[1]}
            step={0.05}
            onChange={(dropout) => updateConfig({ dropout })}
            onProblemChange={architectureFields.report}
            testId="dropout"
          />
          {isWords && (
            <>
              <NumberField
                label="Embedding size"
                value={config.embeddingDim}
                min={LIMITS.embeddingDim[0]}
                max={LIMITS.embeddingDim[1]}
                isInteger
                onChange={(embeddingDim) => updateConfig({ embeddingDim })}
                onProblemChange={architectureFields.report}
                testId="embedding-dim"
              />
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={config.trainableEmbedding}
                  onChange={(event) => updateConfig({ trainableEmbedding: event.target.checked })}
                  data-testid="trainable-embedding"
                />
                Train the embedding (off = frozen, e.g. GloVe)
              </label>
            </>
          )}
        </div>
        {isTutorial && !isPresenter && (
          <p className="muted">The tutorial's RNN has one layer, one direction, and reads the output from [x, h] directly.</p>
        )}
        <div className="button-row">
          <button
            type="button"
            className="primary"
            onClick={() => void controller.rebuildModel()}
            // A build while the kept model is read back would race it (the restore would replace the new model).
            disabled={!desiredModel || status === 'training' || buildBlocked !== null || modelRestore !== null}
            aria-describedby={buildBlocked ? 'build-blocked' : undefined}
            data-testid="build-model"
          >
            {builtModel ? 'Rebuild with new weights' : 'Build the model'}
          </button>
          {/* While a field is refused, its reason below says what to fix; a "matches these settings" here would claim
              a match with values the page no longer shows. */}
          <span role="status" className="muted" data-testid="build-state" hidden={buildBlocked !== null}>
            {buildStateText(modelRestore, builtModel !== null, isBuiltCurrent)}
          </span>
        </div>
        <BlockedReason id="build-blocked" reason={buildBlocked} />
        <ErrorNote where="model" />
        <ErrorNote where="build" />
        {isWords && builtModel && <GlovePanel config={config} />}
      </section>

      <section className="card" aria-labelledby="parameters-heading">
        <h2 id="parameters-heading">Parameters</h2>
        {parametersBlocked !== null ? (
          <p className="muted" data-testid="parameters-blocked">
            Total: —. {parametersBlocked}
          </p>
        ) : (
          desiredModel && <ParameterTable model={desiredModel} useBuilt={isBuiltCurrent} isRestoring={modelRestore !== null} />
        )}
      </section>

      <section className="card wide" aria-labelledby="diagram-heading">
        <h2 id="diagram-heading">The network</h2>
        <label htmlFor={exampleId} className="inline-label">
          Unroll over
        </label>
        <input
          id={exampleId}
          type="text"
          value={exampleText}
          onChange={(event) => setExampleText(event.target.value)}
          data-testid="model-example-input"
          aria-describedby={exampleTextCutAt === null ? undefined : cutNoteId}
        />
        <ExampleCutNote id={cutNoteId} text={exampleText} cutAt={exampleTextCutAt} reader="The diagram" />
        {diagramBlocked !== null ? (
          <p className="muted" data-testid="diagram-blocked">
            {diagramBlocked}
          </p>
        ) : (
          desiredModel && <NetworkDiagramView model={desiredModel} tokens={tokens} />
        )}
      </section>

      <section className="card" aria-labelledby="equations-heading">
        <h2 id="equations-heading">{CELL_TITLES[config.cell]} equations</h2>
        <CellEquations cell={config.cell} />
        {!isPresenter && <EquationLegend config={config} isSizeShown={parametersBlocked === null} />}
      </section>
    </div>
  );
}

/** `isSizeShown`: false while a field shows an invalid value (the configuration's hidden size is then the last valid one, not the one on screen). */
function EquationLegend({ config, isSizeShown }: { config: AppConfig; isSizeShown: boolean }) {
  return (
    <p className="muted">
      σ is the logistic sigmoid (0…1), tanh squashes to −1…1, ⊙ multiplies element by element. x<sub>t</sub> is the
      input at step t and h<sub>t−1</sub> the previous hidden state; each W<sub>i·</sub> maps the input and each
      W<sub>h·</sub> the previous state to {isSizeShown ? config.hiddenSize : 'H'} numbers, one per hidden unit.
      {config.bidirectional && config.cell !== 'tutorial' ? ' The reverse direction runs the same equations from the last step to the first.' : ''}
    </p>
  );
}
