/**
 * A kept run's weights (its model file's text), read by the worker from where the page's run store keeps them
 * (KEPT_RUNS_STORAGE in protocol.ts; src/ui/state/runStore.ts): Compare's gradient profiles send the run's id, never
 * the text, so an SST-2 run's 31 MB is never read back, cloned or posted on the page's thread. "Keep this run (with
 * its weights)" has the worker write the current model's text there too (`writeKeptWeights`), and so does a race
 * that runs to its end for each member's, before the page writes the runs' records: the run store's order, weights first. The weights are marked as a pending keep before
 * they are written, so a page opened in another tab meanwhile does not sweep them as weights whose record is gone;
 * the mark's value goes back to the page with the reply, and the page removes the mark only while it is still that.
 */
import { createStore, get, setMany } from 'idb-keyval';
import { KEPT_RUNS_STORAGE, writeWeightsAheadOfRecords, type KeptRunsWrites } from './protocol';

/** What the reader needs of a store: a value by key (idb-keyval's get on one store; a map in tests). */
export interface KeyedValues {
  get(key: string): Promise<unknown>;
}

/** The text kept under `id` in `weights`; else, for a record of an older version not yet moved (its move failed), the text inline in it. */
export function createKeptWeightsReader(weights: KeyedValues, records: KeyedValues): (id: string) => Promise<string | null> {
  return async (id) => {
    const text = await weights.get(id);
    if (typeof text === 'string') return text;
    // As runStore's readWeights: the page listed the record (checked), so only its weights field is read here.
    const record = await records.get(id);
    const inline = typeof record === 'object' && record !== null ? (record as { weights?: unknown }).weights : undefined;
    return typeof inline === 'string' ? inline : null;
  };
}

function idbStore(where: { database: string; store: string }): KeyedValues & KeptRunsWrites {
  let store: ReturnType<typeof createStore> | null = null;
  const use = () => (store ??= createStore(where.database, where.store));
  return { get: (key) => get(key, use()), setMany: (entries) => setMany(entries, use()) };
}

/**
 * Writes `text` as the weights kept with run `id` (replacing any) in `weights`, as runStore's saveRun does for a run
 * with weights: marked in `marks` as a pending keep first (writeWeightsAheadOfRecords), so a page opened in another
 * tab spares them until the page's saveRunWithStoredWeights (saveRunsWithStoredWeights for a race's runs) has
 * written the record and cleared the mark. Resolves with the mark's value: the page clears the mark only while it is
 * still that (a Delete of the run in another tab meanwhile replaced it with its own, which its undo needs).
 */
export function createKeptWeightsWriter(weights: KeptRunsWrites, marks: KeptRunsWrites, now: () => number = Date.now): (id: string, text: string) => Promise<number> {
  return async (id, text) => {
    const [mark] = await writeWeightsAheadOfRecords(weights, marks, [[id, text]], now);
    return mark;
  };
}

const weightsStore = idbStore(KEPT_RUNS_STORAGE.weights);

/** The worker's reader over IndexedDB (the stores opened on first use). */
export const readKeptWeights = createKeptWeightsReader(weightsStore, idbStore(KEPT_RUNS_STORAGE.records));

/** The worker's writer over IndexedDB ("Keep this run (with its weights)", a finished race's members). */
export const writeKeptWeights = createKeptWeightsWriter(weightsStore, idbStore(KEPT_RUNS_STORAGE.marks));
