/**
 * The kept runs, in their own IndexedDB store (one record per run, keyed by id). Every record read back is
 * checked; a bad one is left out and counted, never a crash. Anything that trains a model (the Train step,
 * a race of several models) keeps its result by calling `saveRun`.
 */
import { createStore, del, entries, get, set, setMany, type UseStore } from 'idb-keyval';
import { checkRunRecord, type RunRecord } from './runRecord';

let store: UseStore | null = null;
function runsStore(): UseStore {
  store ??= createStore('rnn-playground-runs', 'runs');
  return store;
}

/** The runs kept for `dataId` (pinned first, then newest first), and how many stored records were refused. */
export async function listRuns(dataId: string): Promise<{ runs: RunRecord[]; refused: number }> {
  const all = await entries(runsStore());
  const runs: RunRecord[] = [];
  let refused = 0;
  for (const [, value] of all) {
    const checked = checkRunRecord(value);
    if (typeof checked === 'string') refused++;
    else if (checked.dataId === dataId) runs.push(checked);
  }
  runs.sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.createdAt - a.createdAt);
  return { runs, refused };
}

/** The run kept under `id`, or null when there is none (deleted) or it cannot be read back. */
export async function readRun(id: string): Promise<RunRecord | null> {
  const checked = checkRunRecord(await get(id, runsStore()));
  return typeof checked === 'string' ? null : checked;
}

/** Keep a run (replacing one with the same id). */
export async function saveRun(record: RunRecord): Promise<void> {
  await set(record.id, record, runsStore());
}

/** Keep several runs at once (an imported file): all are written or none. */
export async function saveRuns(records: readonly RunRecord[]): Promise<void> {
  await setMany(
    records.map((record) => [record.id, record]),
    runsStore(),
  );
}

/** Rename or pin a kept run; false when it is no longer there (deleted in another tab). */
export async function updateRun(id: string, patch: Partial<Pick<RunRecord, 'name' | 'pinned'>>): Promise<boolean> {
  const checked = checkRunRecord(await get(id, runsStore()));
  if (typeof checked === 'string') return false;
  await set(id, { ...checked, ...patch }, runsStore());
  return true;
}

export async function deleteRun(id: string): Promise<void> {
  await del(id, runsStore());
}

/** A fresh id for a new run. */
export function newRunId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
