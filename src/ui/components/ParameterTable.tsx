/**
 * A model summary like PyTorch's: one block per layer (and direction), each parameter's PyTorch name,
 * shape and count. The worker's rows once the model is built; before, the same table (model/architecture.ts).
 */
import { Fragment, useMemo } from 'react';
import { parameterRows } from '../../model/architecture';
import type { ModelConfig, ParameterRow } from '../../model/types';
import { useClientState } from '../hooks/clientContext';
import { formatInteger } from '../lib/format';
import { layerOfParameter, totalParameters } from '../lib/parameterTable';

interface ParameterTableProps {
  model: ModelConfig;
  /** Show the built model's rows (they match `model`). */
  useBuilt: boolean;
  /** A model kept from the last visit is on its way back (ui/lib/buildState.ts): not "not built yet". */
  isRestoring?: boolean;
}

export function ParameterTable({ model, useBuilt, isRestoring = false }: ParameterTableProps) {
  const builtRows = useClientState((snapshot) => snapshot.parameters);
  const rows = useMemo(
    () => (useBuilt && builtRows ? builtRows : parameterRows(model)),
    [useBuilt, builtRows, model],
  );
  return <ParameterRowsTable rows={rows} isBuilt={useBuilt && builtRows !== null} isRestoring={isRestoring} />;
}

/** The table itself, for any model's rows (the classifier's, the names generator's). */
export function ParameterRowsTable({ rows, isBuilt, isRestoring = false }: { rows: readonly ParameterRow[]; isBuilt: boolean; isRestoring?: boolean }) {
  const groups = useMemo(() => {
    const byLayer = new Map<string, ParameterRow[]>();
    for (const row of rows) {
      const layer = layerOfParameter(row.name);
      byLayer.set(layer, [...(byLayer.get(layer) ?? []), row]);
    }
    return [...byLayer];
  }, [rows]);
  const totals = totalParameters(rows);
  return (
    <table className="data-table parameter-table" data-testid="parameter-table">
      <caption className="muted">
        {isBuilt ? 'As built in the worker.' : isRestoring ? 'Computed from the settings.' : 'Computed from the settings (not built yet).'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">Shape</th>
          <th scope="col" className="number">
            Count
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.map(([layer, layerRows]) => (
          <Fragment key={layer}>
            <tr className="group-row">
              <th scope="rowgroup" colSpan={2}>
                {layer}
              </th>
              <td className="number">{formatInteger(layerRows.reduce((sum, row) => sum + row.count, 0))}</td>
            </tr>
            {layerRows.map((row) => (
              <tr key={row.name}>
                <td>
                  <code>{row.name}</code>
                  {!row.trainable && <span className="muted"> (frozen)</span>}
                </td>
                <td>
                  <code>[{row.shape.join(', ')}]</code>
                </td>
                <td className="number">{formatInteger(row.count)}</td>
              </tr>
            ))}
          </Fragment>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            Total
            {totals.trainable !== totals.total ? ` (${formatInteger(totals.trainable)} trainable)` : ''}
          </th>
          <td className="number" data-testid="parameter-total">
            {formatInteger(totals.total)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
