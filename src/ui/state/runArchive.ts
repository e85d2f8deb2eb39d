/**
 * Runs as one JSON file, so an instructor prepares runs before class and opens them on the lecture-hall
 * machine. Reading a file is all or nothing: one bad run refuses the file with a message naming that run,
 * and nothing is imported. A file over the size limit is refused before it is read.
 */
import { formatBytes, formatSizeOver } from '../../data/validate';
import { errorText } from '../lib/format';
import { checkRunRecord, type RunRecord } from './runRecord';

/** The file's format tag; a later layout gets a new tag. */
export const RUN_ARCHIVE_FORMAT = 'rnn-playground/runs-v1';

/** The file's text for `runs` (NaN curve values, from a diverged run, are written as null and read back as NaN). */
export function exportRuns(runs: readonly RunRecord[]): string {
  return JSON.stringify({ format: RUN_ARCHIVE_FORMAT, runs });
}

/**
 * Largest runs file read, the model file's limit (a run kept with its weights holds one). Measured from Export: a run
 * without weights is ~23 KB (its curves, 500 points each), a names LSTM 128 kept with its weights 2 MB, an SST-2
 * default model's 31 MB; so this takes six SST-2 runs with their weights, or Compare's four 2-layer BiLSTMs (~40 MB
 * each). JSON.parse of a 207 MB runs file took 1.3–3.8 s in Chromium; the parse is not moved to a worker since
 * the records it gives would come back by structured clone, measured at 0.95 s for four SST-2 runs' weights.
 */
export const MAX_RUNS_FILE_BYTES = 200 * 1024 * 1024;

/** What Import runs needs of a picked file (a File has it). */
export interface RunsFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

/**
 * The runs in a picked file, refused from its `size` before any byte is read when it is over the limit: Import runs
 * read any file whole into a string and parsed it on the page's thread, whatever its size, before it could say no.
 */
export async function readRunsFile(file: RunsFile): Promise<{ runs: RunRecord[] } | { problem: string }> {
  if (file.size > MAX_RUNS_FILE_BYTES) {
    return {
      problem: `${file.name} is ${formatSizeOver(file.size, MAX_RUNS_FILE_BYTES)}; a runs file may be at most ${formatBytes(MAX_RUNS_FILE_BYTES)}, about six SST-2 runs kept with their weights. Nothing was imported: export fewer runs at a time (tick them before Export).`,
    };
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return { problem: `${file.name} could not be read, so nothing was imported: ${errorText(error)}` };
  }
  return parseRunArchive(text);
}

/** The runs in a file's text, or a specific message saying why the file is refused. */
export function parseRunArchive(text: string): { runs: RunRecord[] } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problem: `This is not a runs file: it is not JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  const format = typeof parsed === 'object' && parsed !== null ? (parsed as { format?: unknown }).format : undefined;
  // A saved model (model/modelFile.ts's "rnn-playground/torch-v1") is the other JSON file the app writes.
  if (typeof format === 'string' && format.startsWith('rnn-playground/torch-')) {
    return { problem: 'This is a model file (what Save model writes), not a runs file: open it with "Open model…" at the top of the page. Import runs reads the file Export runs writes.' };
  }
  if (format !== RUN_ARCHIVE_FORMAT) {
    return { problem: `This is not a runs file: it does not start with "format": "${RUN_ARCHIVE_FORMAT}".` };
  }
  const list = (parsed as { runs?: unknown }).runs;
  if (!Array.isArray(list)) return { problem: 'This runs file has no list of runs.' };
  const runs: RunRecord[] = [];
  const ids = new Set<string>();
  for (let index = 0; index < list.length; index++) {
    const checked = checkRunRecord(list[index]);
    const item: unknown = list[index];
    const label =
      typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string'
        ? `Run ${index + 1} ("${(item as { name: string }).name}")`
        : `Run ${index + 1}`;
    if (typeof checked === 'string') return { problem: `${label} in this file cannot be read: ${checked}. Nothing was imported.` };
    if (ids.has(checked.id)) return { problem: `${label} in this file repeats the id of an earlier run. Nothing was imported.` };
    ids.add(checked.id);
    runs.push(checked);
  }
  return { runs };
}
