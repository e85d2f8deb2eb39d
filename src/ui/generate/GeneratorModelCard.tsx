/** The Generate names task's settings card (Model step): the cell (the tutorial's network among them), size, dropout and optimiser figures. */
import { BlockedReason } from '../components/BlockedReason';
import { ErrorNote } from '../components/ErrorNote';
import { NumberField } from '../components/NumberField';
import { useClientState } from '../hooks/clientContext';
import { useFieldProblems } from '../hooks/useFieldProblems';
import { blockedReason } from '../lib/fieldProblems';
import { formatInteger } from '../lib/format';
import { CELL_TYPES } from '../../model/types';
import type { CellType } from '../../model/types';
import type { GeneratorController } from './useGenerator';
import { GENERATOR_SETTING_LIMITS, withCell } from './generatorSettings';

const CELL_LABELS: Record<CellType, string> = {
  tutorial: 'Tutorial network (i2h, i2o, o2o, dropout 0.1)',
  rnn: 'RNN (tanh)',
  lstm: 'LSTM',
  gru: 'GRU',
};

export function GeneratorModelCard({ generator }: { generator: GeneratorController }) {
  const { settings, updateSettings } = generator;
  const built = useClientState((snapshot) => snapshot.charLmModel);
  const parameters = useClientState((snapshot) => snapshot.parameters);
  const isTutorial = settings.cell === 'tutorial';
  const total = built && parameters ? parameters.reduce((sum, row) => sum + row.count, 0) : null;
  // A field showing an invalid value holds the build back: the settings still hold its last valid value.
  const fields = useFieldProblems();
  const buildBlocked = blockedReason(fields.problems, 'build the generator');
  return (
    <section className="card" aria-labelledby="generator-model-heading">
      <h2 id="generator-model-heading">Names generator</h2>
      <p className="muted">
        At each step the network reads the language (one-hot, 18) and the previous letter (one-hot, 59: 57 letters, end, begin) and
        gives log-probabilities for the next letter or the end of the name (58).
      </p>
      <fieldset className="cell-picker">
        <legend>Recurrent cell</legend>
        {CELL_TYPES.map((cell) => (
          <label key={cell} className={settings.cell === cell ? 'cell-option is-chosen' : 'cell-option'}>
            <input
              type="radio"
              name="generator-cell"
              value={cell}
              checked={settings.cell === cell}
              onChange={() => generator.updateSettings(withCell(settings, cell))}
              data-testid={`generator-cell-${cell}`}
            />
            {CELL_LABELS[cell]}
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <NumberField label="Hidden size" value={settings.hiddenSize} {...GENERATOR_SETTING_LIMITS.hiddenSize} onChange={(hiddenSize) => updateSettings({ hiddenSize })} onProblemChange={fields.report} testId="generator-hidden" />
        <NumberField label="Layers" value={isTutorial ? 1 : settings.numLayers} {...GENERATOR_SETTING_LIMITS.numLayers} max={isTutorial ? 1 : GENERATOR_SETTING_LIMITS.numLayers.max} disabled={isTutorial} onChange={(numLayers) => updateSettings({ numLayers })} onProblemChange={fields.report} testId="generator-layers" />
        <NumberField label="Dropout" value={settings.dropout} {...GENERATOR_SETTING_LIMITS.dropout} step={0.05} onChange={(dropout) => updateSettings({ dropout })} onProblemChange={fields.report} testId="generator-dropout" />
      </div>
      <fieldset className="form-grid">
        <legend>Training (Adam)</legend>
        <NumberField label="Learning rate" value={settings.learningRate} {...GENERATOR_SETTING_LIMITS.learningRate} step="any" onChange={(learningRate) => updateSettings({ learningRate })} onProblemChange={fields.report} testId="generator-lr" />
        <NumberField label="Batch size" value={settings.batchSize} {...GENERATOR_SETTING_LIMITS.batchSize} onChange={(batchSize) => updateSettings({ batchSize })} onProblemChange={fields.report} testId="generator-batch" />
        <NumberField label="Epochs" value={settings.epochs} {...GENERATOR_SETTING_LIMITS.epochs} onChange={(epochs) => updateSettings({ epochs })} onProblemChange={fields.report} testId="generator-epochs" />
      </fieldset>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void generator.rebuild()} disabled={buildBlocked !== null} aria-describedby={buildBlocked ? 'generator-build-blocked' : undefined} data-testid="generator-build">
          {built ? 'Rebuild with new weights' : 'Build generator'}
        </button>
      </div>
      <BlockedReason id="generator-build-blocked" reason={buildBlocked} />
      <ErrorNote where="model" />
      {built && total !== null && (
        <p role="status" data-testid="generator-built">
          Built: {built.cell === 'tutorial' ? 'Tutorial network' : CELL_LABELS[built.cell]} {built.hiddenSize} × {built.numLayers}, {formatInteger(total)} parameters, conditioned on {built.conditions.length} languages.
        </p>
      )}
    </section>
  );
}
