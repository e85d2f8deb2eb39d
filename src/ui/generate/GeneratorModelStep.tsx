/**
 * The Model step of the Generate names task, laid out as the classifier's: the settings, the parameter table, the
 * network folded and unrolled over a name (read out at every step: what each step reads and is taught), and the
 * equations. The name is the one Inspect's teacher-forcing table uses (forcingName.ts), so both show the same name.
 */
import { useId, useMemo } from 'react';
import { parameterRow, charLmParamSpecs, charLmWidths } from '../../model/architecture';
import type { DiagramModel } from '../../charts/networkDiagram';
import { ParameterRowsTable } from '../components/ParameterTable';
import { useClientState } from '../hooks/clientContext';
import type { AppController } from '../state/useAppController';
import { FORCING_NAME_MAX_LENGTH } from './forcingName';
import { useForcingName } from './useForcingName';
import { GeneratorDiagramView } from './GeneratorDiagramView';
import { GeneratorEquations } from './GeneratorEquations';
import { GeneratorModelCard } from './GeneratorModelCard';
import { charLmConfigFor } from './generatorSettings';
import { unrollName } from './unrollName';

const CELL_TITLES = { tutorial: 'Tutorial network', rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' } as const;

export function GeneratorModelStep({ controller }: { controller: AppController }) {
  const { generator, dataset } = controller;
  const { settings } = generator;
  const built = useClientState((snapshot) => snapshot.charLmModel);
  const builtRows = useClientState((snapshot) => snapshot.parameters);
  const [name, setName] = useForcingName();
  const nameId = useId();
  const droppedId = useId();
  const config = useMemo(() => (dataset ? charLmConfigFor(settings, dataset) : null), [settings, dataset]);
  const isBuiltCurrent =
    built !== null && config !== null && built.cell === config.cell && built.hiddenSize === config.hiddenSize && built.numLayers === config.numLayers;
  const rows = useMemo(() => (isBuiltCurrent && builtRows ? builtRows : config ? charLmParamSpecs(config).map(parameterRow) : []), [isBuiltCurrent, builtRows, config]);
  const widths = useMemo(() => (config ? charLmWidths(config) : null), [config]);
  const diagramModel = useMemo<DiagramModel | null>(() => {
    if (!config || !widths) return null;
    return {
      cell: config.cell,
      hiddenSize: config.hiddenSize,
      numLayers: config.cell === 'tutorial' ? 1 : config.numLayers,
      bidirectional: false,
      input: { type: 'generator', conditions: widths.conditions, symbols: widths.previous },
      classes: Array.from({ length: widths.output }, (_, index) => String(index)),
    };
  }, [config, widths]);
  const unrolled = useMemo(() => unrollName(name), [name]);

  return (
    <div className="step-grid model-grid">
      <GeneratorModelCard generator={generator} />

      <section className="card" aria-labelledby="generator-parameters-heading">
        <h2 id="generator-parameters-heading">Parameters</h2>
        {config ? <ParameterRowsTable rows={rows} isBuilt={isBuiltCurrent && builtRows !== null} /> : <p className="muted">Waiting for the names data…</p>}
      </section>

      <section className="card wide" aria-labelledby="generator-diagram-heading">
        <h2 id="generator-diagram-heading">The network</h2>
        <label htmlFor={nameId} className="inline-label">
          Unroll over
        </label>
        <input
          id={nameId}
          type="text"
          value={name}
          maxLength={FORCING_NAME_MAX_LENGTH}
          onChange={(event) => setName(event.target.value)}
          aria-describedby={unrolled.dropped.length > 0 ? droppedId : undefined}
          data-testid="generator-diagram-name"
        />
        {unrolled.dropped.length > 0 && (
          <p className="muted" id={droppedId} data-testid="generator-diagram-dropped">
            Left out (not among the 57 letters the generator writes): {unrolled.dropped.join(' ')}.
          </p>
        )}
        <p className="muted">
          Each step reads the language and the previous letter and gives log-probabilities for the next: {unrolled.targets.length} steps for{' '}
          {unrolled.targets.length - 1} letter{unrolled.targets.length === 2 ? '' : 's'} and the end mark.
        </p>
        {diagramModel && <GeneratorDiagramView model={diagramModel} unrolled={unrolled} />}
      </section>

      <section className="card" aria-labelledby="generator-equations-heading">
        <h2 id="generator-equations-heading">{CELL_TITLES[settings.cell]} generator equations</h2>
        {widths && <GeneratorEquations cell={settings.cell} hiddenSize={settings.hiddenSize} widths={{ conditions: widths.conditions, previous: widths.previous, outputs: widths.output }} />}
      </section>
    </div>
  );
}
