/**
 * Encode's "A batch: padding and masking": the typed text and three training examples as one padded batch
 * (lib/paddedBatch.ts, the engine's own batching), each row's steps, the padding past its length greyed, and
 * the mask under it; then what the network does with the padding.
 */
import { useMemo } from 'react';
import type { EncoderSpec } from '../../data/encoding';
import type { Example } from '../../data/types';
import { chooseExamples, paddedBatchView } from '../lib/paddedBatch';

export function PaddedBatch({ spec, train, typed }: { spec: EncoderSpec; train: readonly Example[]; typed: string }) {
  const examples = useMemo(() => chooseExamples(train, spec), [train, spec]);
  const view = useMemo(() => paddedBatchView(spec, typed, examples), [spec, typed, examples]);
  if (!view) return null;
  const isWords = spec.type === 'words';
  const unit = isWords ? 'word' : 'letter';
  const share = Math.round((100 * view.paddedSteps) / view.totalSteps);
  return (
    <section className="card wide" aria-labelledby="padded-batch-heading" data-testid="padded-batch">
      <h2 id="padded-batch-heading">A batch: padding and masking</h2>
      <p>
        Training feeds the network several examples at once, as one block of ids: {view.rows.length} rows ×{' '}
        <strong data-testid="padded-batch-length">T = {view.seqLength}</strong> steps, T being the longest row
        {spec.type === 'chars' ? ` (for letters a ${view.seqLength} × ${view.rows.length} × ${[...spec.alphabet].length} tensor of one-hot rows, time first as PyTorch's RNN takes it)` : ''}.
        Shorter rows are filled up with padding:{' '}
        {isWords ? (
          <>
            <code>{view.padLabel}</code>, id {view.padId}
          </>
        ) : (
          <>
            id {view.padId}, which is the one-hot of “{view.padSymbol}”: harmless, since those steps are never read
          </>
        )}
        . The mask marks each row's real steps with 1 and its padding with 0.
      </p>
      {/* Focusable, so a keyboard can scroll a batch wider than the screen (a phone, a long typed text). */}
      <div className="table-scroll" role="region" aria-label="The padded batch" tabIndex={0}>
        <table className="data-table padded-batch-table">
          <thead>
            <tr>
              <th scope="col">example</th>
              {view.rows[0].cells.map((_, t) => (
                <th key={t} scope="col">
                  t={t + 1}
                </th>
              ))}
              <th scope="col">length</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row, b) => (
              <tr key={b} data-testid="padded-batch-row" data-length={row.length} className={row.isTyped ? 'is-typed' : undefined}>
                <th scope="row" className="padded-batch-text" title={row.text}>
                  {row.isTyped ? 'yours' : `example ${b + (view.rows[0].isTyped ? 0 : 1)}`}
                </th>
                {row.cells.map((cell, t) => (
                  <td key={t} className={cell.mask ? undefined : 'is-padding'} data-mask={cell.mask}>
                    <span className="padded-symbol">{cell.symbol}</span>
                    <span className="padded-mask" aria-label={`mask ${cell.mask}`}>
                      {cell.mask}
                    </span>
                  </td>
                ))}
                <td data-testid="padded-batch-row-length">{row.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p data-testid="padded-batch-summary">
        {view.paddedSteps} of the batch's {view.totalSteps} steps ({share}%) are padding. The network runs all T steps on every
        row, but nothing it computes on padding is used: each row's final state is read at its own last real {unit}{' '}
        (PyTorch's <code>pack_padded_sequence</code>), a backward-reading direction starts from each row's own last {unit}, and
        outputs past a row's length are set to zero, so padding reaches neither the prediction nor any gradient. With{' '}
        <em>Bucket by length</em> on (Train step), a batch holds examples of similar length, so fewer steps go to padding.
      </p>
    </section>
  );
}
