/**
 * The user's own data: pick or drop a CSV/TSV, a zip, or a folder of <Class>.txt files; choose letters
 * or words; the worker parses and validates it; a preview (classes, lengths, sample rows, warnings)
 * comes before "Use this data", which replaces the current data only when it succeeds.
 */
import { useId, useMemo, useState } from 'react';
import type { Dataset, InputLevel } from '../../data/types';
import { MAX_EXAMPLES, MAX_SEQUENCE_LENGTH, MAX_UPLOAD_BYTES } from '../../data/limits';
import { useClient } from '../hooks/clientContext';
import { datasetStats, sampleRows } from '../lib/datasetStats';
import { exampleNoun } from '../lib/exampleNoun';
import { errorText, formatInteger } from '../lib/format';
import { ClassCountChart } from './charts/ClassCountChart';
import { LengthHistogram } from './charts/LengthHistogram';
import { ErrorNote } from './ErrorNote';

interface UploadPanelProps {
  onUse: (dataset: Dataset) => Promise<void>;
}

interface Preview {
  dataset: Dataset;
  warnings: string[];
}

/** Files of a dropped folder (Chromium's FileSystemEntry API), flattened. */
async function filesFromEntry(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns at most ~100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map(filesFromEntry));
  return nested.flat();
}

async function filesFromDrop(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((entry): entry is FileSystemEntry => entry !== null && entry !== undefined);
  if (entries.length === 0) return [...transfer.files];
  const nested = await Promise.all(entries.map(filesFromEntry));
  return nested.flat();
}

export function UploadPanel({ onUse }: UploadPanelProps) {
  const client = useClient();
  const [level, setLevel] = useState<InputLevel>('chars');
  const [files, setFiles] = useState<File[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [isOver, setIsOver] = useState(false);
  const [usedTitle, setUsedTitle] = useState<string | null>(null);
  const fileInputId = useId();
  const folderInputId = useId();
  const stats = useMemo(() => (preview ? datasetStats(preview.dataset) : null), [preview]);

  /**
   * Read `chosen` into a preview. A refused file only adds its error: the preview of the file before it (and its
   * "Use this data") stays, and so do the files a level switch reads again, so one wrong pick never costs the
   * student the good file they were looking at.
   */
  async function parse(chosen: File[], chosenLevel: InputLevel) {
    client.clearError('upload');
    if (chosen.length === 0) return;
    setIsBusy(true);
    try {
      const result = await client.parseUpload(chosen, chosenLevel);
      setFiles(chosen);
      setPreview({ dataset: result.dataset, warnings: result.warnings });
      setUsedTitle(null);
    } catch (error) {
      client.reportError('upload', errorText(error));
      // With nothing previewed, a level switch reads the refused file again (and says again what is wrong).
      if (!preview) setFiles(chosen);
    } finally {
      setIsBusy(false);
    }
  }

  /** The same files read the other way: the preview read the old way no longer matches the choice, so it goes. */
  function switchLevel(chosenLevel: InputLevel) {
    setLevel(chosenLevel);
    setPreview(null);
    void parse(files, chosenLevel);
  }

  async function use() {
    if (!preview) return;
    setIsBusy(true);
    client.clearError('upload');
    try {
      await onUse(preview.dataset);
      setUsedTitle(preview.dataset.title);
    } catch (error) {
      client.reportError('upload', `The data was not changed: ${errorText(error)}`);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <div className="upload-panel" data-testid="upload-panel">
      <p className="muted">
        A CSV or TSV with <code>text,label</code> rows (header optional), or a zip or folder of <code>&lt;Class&gt;.txt</code>{' '}
        files with one example per line. Up to {formatInteger(MAX_UPLOAD_BYTES / 1024 / 1024)} MB,{' '}
        {formatInteger(MAX_EXAMPLES)} examples; longer than {MAX_SEQUENCE_LENGTH.chars} letters or{' '}
        {MAX_SEQUENCE_LENGTH.words} words is cut.
      </p>
      <fieldset className="inline-fieldset">
        <legend>Read the text as</legend>
        <label>
          <input
            type="radio"
            name="upload-level"
            checked={level === 'chars'}
            onChange={() => switchLevel('chars')}
            data-testid="upload-level-chars"
          />
          letters (like the names)
        </label>
        <label>
          <input
            type="radio"
            name="upload-level"
            checked={level === 'words'}
            onChange={() => switchLevel('words')}
            data-testid="upload-level-words"
          />
          words (like the sentences)
        </label>
      </fieldset>
      <div
        className={isOver ? 'drop-zone is-over' : 'drop-zone'}
        data-drop-zone="upload"
        data-testid="upload-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setIsOver(true);
        }}
        onDragLeave={() => setIsOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setIsOver(false);
          const transfer = event.dataTransfer;
          void filesFromDrop(transfer).then((dropped) => parse(dropped, level));
        }}
      >
        <span>Drop a file or folder here, or</span>
        <label htmlFor={fileInputId} className="button-like">
          Choose file…
        </label>
        <input
          id={fileInputId}
          className="visually-hidden"
          type="file"
          multiple
          accept=".csv,.tsv,.txt,.zip,text/csv,text/tab-separated-values,text/plain,application/zip"
          data-testid="upload-file"
          onChange={(event) => {
            const chosen = [...(event.target.files ?? [])];
            event.target.value = '';
            void parse(chosen, level);
          }}
        />
        <label htmlFor={folderInputId} className="button-like">
          Choose folder…
        </label>
        <input
          id={folderInputId}
          className="visually-hidden"
          type="file"
          data-testid="upload-folder"
          // React has no typed prop for these; they make the picker choose a whole folder.
          {...{ webkitdirectory: '', directory: '' }}
          onChange={(event) => {
            const chosen = [...(event.target.files ?? [])];
            event.target.value = '';
            void parse(chosen, level);
          }}
        />
      </div>
      {isBusy && <p role="status">Reading…</p>}
      <ErrorNote where="upload" />
      {preview && stats && (
        <div className="upload-preview" data-testid="upload-preview">
          <h3 data-testid="upload-preview-title">Preview: {preview.dataset.title}</h3>
          {preview.warnings.length > 0 && (
            <ul className="warnings" data-testid="upload-warnings">
              {preview.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
          <p>
            {formatInteger(stats.total)} examples in {preview.dataset.classes.length} classes; train{' '}
            {formatInteger(stats.splitSizes.train)}, validation {formatInteger(stats.splitSizes.val)}, test{' '}
            {formatInteger(stats.splitSizes.test)}.
          </p>
          {/* Its axis names an example as the Data step's chart does once the data is used ('texts (all splits)'). */}
          <ClassCountChart classes={preview.dataset.classes} counts={stats.classCounts} noun={exampleNoun(preview.dataset)} />
          <LengthHistogram lengths={stats.lengths} unit={preview.dataset.level === 'words' ? 'words' : 'letters'} />
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Text</th>
                <th scope="col">Class</th>
              </tr>
            </thead>
            <tbody>
              {sampleRows(preview.dataset.train, 6, 0).map((row, index) => (
                <tr key={index}>
                  <td className="sample-text">{row.text}</td>
                  <td>{preview.dataset.classes[row.label]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="primary" onClick={use} disabled={isBusy} data-testid="upload-use">
            Use this data
          </button>
        </div>
      )}
      {usedTitle && (
        <p role="status" data-testid="upload-used">
          Now using “{usedTitle}”.
        </p>
      )}
    </div>
  );
}
