/**
 * Pre-trained word vectors: the user picks a GloVe text file (hundreds of MB); the worker streams it,
 * keeps only the vocabulary's words and reports coverage. Frozen or fine-tuned follows the
 * "Train the embedding" setting, which must be chosen before loading (changing it rebuilds the model).
 */
import { useId, useState } from 'react';
import { useClient } from '../hooks/clientContext';
import { errorText, formatPercent } from '../lib/format';
import type { AppConfig } from '../state/appConfig';
import { ErrorNote } from './ErrorNote';

interface GloveState {
  fileName: string;
  bytesRead: number;
  totalBytes: number;
  result: { dimension: number; found: number; vocabSize: number } | null;
}

export function GlovePanel({ config }: { config: AppConfig }) {
  const client = useClient();
  const inputId = useId();
  const [state, setState] = useState<GloveState | null>(null);
  const [isLoading, setIsLoading] = useState(false);

  async function load(file: File) {
    client.clearError('glove');
    setIsLoading(true);
    setState({ fileName: file.name, bytesRead: 0, totalBytes: file.size, result: null });
    try {
      const result = await client.loadGlove(file, (bytesRead, totalBytes) =>
        setState((previous) => (previous ? { ...previous, bytesRead, totalBytes } : previous)),
      );
      setState((previous) =>
        previous ? { ...previous, bytesRead: previous.totalBytes, result: { dimension: result.dimension, found: result.found, vocabSize: result.vocabSize } } : previous,
      );
    } catch (error) {
      client.reportError('glove', `"${file.name}" was not loaded: ${errorText(error)}`);
      setState(null);
    } finally {
      setIsLoading(false);
    }
  }

  return (
    <div className="glove-panel" data-testid="glove-panel">
      <h3>Pre-trained word vectors (GloVe)</h3>
      <p className="muted">
        A GloVe text file such as <code>glove.6B.{config.embeddingDim}d.txt</code> (its width must equal the embedding
        size, {config.embeddingDim}). The embedding will be {config.trainableEmbedding ? 'fine-tuned' : 'frozen'} while
        training — change “Train the embedding” first if you want the other.
      </p>
      <label htmlFor={inputId} className="button-like">
        Choose GloVe file…
      </label>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept=".txt,text/plain"
        disabled={isLoading}
        data-testid="glove-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void load(file);
        }}
      />
      {state && (
        <div className="glove-progress">
          <progress
            max={Math.max(1, state.totalBytes)}
            value={state.bytesRead}
            aria-label={`Reading ${state.fileName}`}
            data-testid="glove-progress"
          />
          <span className="muted">
            {state.fileName}: {(state.bytesRead / 1e6).toFixed(0)} of {(state.totalBytes / 1e6).toFixed(0)} MB
          </span>
        </div>
      )}
      {state?.result && (
        <p role="status" data-testid="glove-coverage">
          Found {state.result.found.toLocaleString('en-US')} of {state.result.vocabSize.toLocaleString('en-US')} vocabulary
          words ({formatPercent(state.result.vocabSize === 0 ? 0 : state.result.found / state.result.vocabSize)}), {state.result.dimension}{' '}
          dimensions. Words not found keep their random start.
        </p>
      )}
      <ErrorNote where="glove" />
    </div>
  );
}
