/**
 * Runs as one JSON file, so an instructor prepares runs before class and opens them on the lecture-hall
 * machine. Reading a file is all or nothing: one bad run refuses the file with a message naming that run,
 * and nothing is imported.
 */
import { checkRunRecord, type RunRecord } from './runRecord';

/** The file's format tag; a later layout gets a new tag. */
export const RUN_ARCHIVE_FORMAT = 'rnn-playground/runs-v1';

/** The file's text for `runs` (NaN curve values, from a diverged run, are written as null and read back as NaN). */
export function exportRuns(runs: readonly RunRecord[]): string {
  return JSON.stringify({ format: RUN_ARCHIVE_FORMAT, runs });
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
