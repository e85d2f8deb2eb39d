/**
 * "Save model" downloads the portable model file (PyTorch interop format); "Open model" reads one from a
 * file picker (drag-and-drop anywhere does the same, see App). A refused file shows the worker's message here.
 */
import { useId, useState } from 'react';
import { formatBytes, formatSizeOver } from '../../data/validate';
import { useClient, useClientState } from '../hooks/clientContext';
import { errorText } from '../lib/format';
import { modelFileName } from '../lib/modelFileName';
import { ErrorNote } from './ErrorNote';

/** Largest model file we read into memory (a 2-layer BiLSTM on SST-2 with its vocabulary is ~40 MB as JSON). */
export const MAX_MODEL_FILE_BYTES = 200 * 1024 * 1024;

/**
 * Refuse a file over the limit before anything reads it. The file itself goes to the worker as it is:
 * reading a 45 MB file into a string here blocked the main thread.
 */
export function checkModelFileSize(file: Pick<File, 'name' | 'size'>): void {
  if (file.size > MAX_MODEL_FILE_BYTES) {
    throw new Error(`"${file.name}" is ${formatSizeOver(file.size, MAX_MODEL_FILE_BYTES)}; model files up to ${formatBytes(MAX_MODEL_FILE_BYTES)} are accepted.`);
  }
}

interface ModelFileControlsProps {
  /** Open the file; resolves to whether the model trains on the loaded data (false: it only predicts). */
  onOpen: (file: File) => Promise<boolean>;
}

export function ModelFileControls({ onOpen }: ModelFileControlsProps) {
  const client = useClient();
  const hasModel = useClientState((snapshot) => snapshot.model !== null || snapshot.charLmModel !== null);
  const inputId = useId();
  const [isBusy, setIsBusy] = useState(false);
  const [opened, setOpened] = useState<{ name: string; fitsData: boolean } | null>(null);

  async function save() {
    setIsBusy(true);
    client.clearError('export');
    try {
      // A character LM saves as a char-lm file; everything else as the classifier's file.
      const charLm = client.getSnapshot().charLmModel;
      const file = charLm
        ? { blob: new Blob([await client.exportCharLm()], { type: 'application/json' }), name: modelFileName({ kind: 'char-lm', model: charLm }) }
        : await client.exportModel().then((exported) => ({ blob: exported.blob, name: modelFileName({ kind: 'classifier', model: exported.model }) }));
      const url = URL.createObjectURL(file.blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      client.reportError('export', `The model could not be saved: ${errorText(error)}`);
    } finally {
      setIsBusy(false);
    }
  }

  async function open(file: File) {
    setIsBusy(true);
    setOpened(null);
    client.clearError('import');
    try {
      checkModelFileSize(file);
      const fitsData = await onOpen(file);
      setOpened({ name: file.name, fitsData });
    } catch (error) {
      client.reportError('import', `"${file.name}" was not opened: ${errorText(error)}`);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <div className="model-file-controls">
      <button type="button" onClick={save} disabled={!hasModel || isBusy} data-testid="save-model">
        Save<span className="wide-only"> model</span>
      </button>
      {/* The input comes first: the label (styled as a button) shows the focus ring through `input:focus + label`. */}
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept=".json,application/json"
        data-testid="open-model"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void open(file);
        }}
      />
      <label htmlFor={inputId} className="button-like" data-testid="open-model-label">
        Open<span className="wide-only"> model</span>…
      </label>
      {opened && (
        <span className="muted" role="status">
          Opened {opened.name}
          {!opened.fitsData && ' (its classes are not this data’s: it predicts, but trains only on data with its classes)'}
        </span>
      )}
      <ErrorNote where="import" />
      <ErrorNote where="export" />
    </div>
  );
}
