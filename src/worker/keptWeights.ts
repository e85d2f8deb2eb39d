/**
 * A kept run's weights (its model file's text), read by the worker from where the page's run store keeps them
 * (KEPT_RUNS_STORAGE in protocol.ts; src/ui/state/runStore.ts): Compare's gradient profiles send the run's id, never
 * the text, so an SST-2 run's 31 MB is never read back, cloned or posted on the page's thread. "Keep this run (with
 * its weights)" has the worker write the current model's text there too (`writeKeptWeights`), before the page
 * writes the run's record: the run store's order, weights first.
 */
import { createStore, get, set } from 'idb-keyval';
import { KEPT_RUNS_STORAGE } from './protocol';

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

function idbStore(where: { database: string; store: string }): KeyedValues & { set(key: string, value: unknown): Promise<void> } {
  let store: ReturnType<typeof createStore> | null = null;
  const use = () => (store ??= createStore(where.database, where.store));
  return { get: (key) => get(key, use()), set: (key, value) => set(key, value, use()) };
}

const weightsStore = idbStore(KEPT_RUNS_STORAGE.weights);

/** The worker's reader over IndexedDB (the stores opened on first use). */
export const readKeptWeights = createKeptWeightsReader(weightsStore, idbStore(KEPT_RUNS_STORAGE.records));

/** Writes `text` as the weights kept with run `id` (replacing any), as runStore's saveRun does for a run with weights. */
export const writeKeptWeights = (id: string, text: string): Promise<void> => weightsStore.set(id, text);
