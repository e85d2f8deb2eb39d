/**
 * The kept runs, in IndexedDB: one record per run, keyed by id, in one store, and the model file's text of a run
 * kept with its weights in a store of its own (another database, keyed by the same id). The list reads records
 * only: four SST-2 runs' weights (31 MB each) read back with every rename made a 1.3 s task on the page's thread.
 * Code that needs a run's weights reads them by id, off the page's thread: the trainer worker for Compare's profiles
 * (worker/keptWeights.ts, over the same stores) and runsFile.worker.ts for Export. "Keep this run (with its weights)"
 * has the trainer worker write the current model's weights (`saveRunWithStoredWeights` then writes the record), and
 * so does a race of several models for each member's (`saveRunsWithStoredWeights`). Every record read back is checked;
 * a bad one is left out and counted, never a crash. Anything else that keeps runs (an imported file, the memory lab's
 * races) calls `saveRun` or `saveRuns`.
 *
 * Records kept before (weights inline, `weights: string`) are moved the first time they are read: their weights
 * are written to the weights store first, then the record without them, so an interruption leaves the old record
 * whole and the move is done again next time. Deleting a run deletes its record; its weights stay while the undo
 * can put the record back, and go when the undo is let go (`forgetWeights`). Weights whose record is gone (a page
 * closed with the undo still offered, a keep cut short) are deleted at the first listing of a page, but only once
 * they are unmarked or marked `MARKED_WEIGHTS_GRACE_MS` ago. A page opened in another tab must not take weights
 * whose record is about to be there: those that tab's undo, still offered, will put back, and those a keep has just
 * written ahead of their record (the worker's, or `saveRuns`'s). So weights without a record are marked, in a third
 * store (run ids are any string, an imported file's, so no key of the weights store is free for the mark), with
 * when that began: a delete marks before it deletes the record, and the undo and its letting go clear the mark; a
 * keep marks before it writes the weights (a pending keep) and clears the mark once the record is written. Every
 * step is ordered so that an interruption leaves at most a mark too many (its weights, if their record never came,
 * go once it is old), never a record without its weights. Weights, marks and records are three databases, with no
 * transaction over them: what deletes weights or marks decides from reads of the others, so the marks set, the
 * weights written ahead of their records, each such read-then-delete and each clearing of a mark run under one lock
 * of every tab and worker (keptRunsLock). Else a run kept again under a deleted run's id (a file imported again) at
 * the moment its undo was let go, or a page swept that id's old weights, lost its weights.
 *
 * A mark is cleared only by whoever set it, and only while it is still the value it set: each mark's value is its
 * setter's own (newMarkTime: the ms plus a fraction of a ms), the page keeps the values of its Deletes and of its
 * keeps (the worker's come back with its reply), and the clear is a compare-and-delete (`delManyIfUnchanged`). Else a
 * keep's or an undo's clear, after its record, took the mark of a Delete of the same run in another tab set in
 * between; that tab deleted the record, a page opened next swept the weights (no record, no mark), and its undo put
 * the run back without them. A Delete sets its mark and deletes the record in one locked section, so no keep replaces
 * and clears its mark in between. And letting an undo go no longer takes a pending keep's mark set in the same ms
 * for its own (marks were whole ms).
 *
 * Still open: a tab of an earlier version (or a browser without Web Locks, where the lock locks nothing) clears marks
 * with a plain delete, so these races stay open where such a tab keeps or undoes; this version's clears never take
 * its marks (a whole ms is no value this version sets, and the compare and the delete are one transaction). Two
 * threads' marks of one id in the same ms are alike once in 4095 (newMarkTime). An undo puts the listed record back
 * over a run kept again under its id meanwhile, naming whatever weights are there (as before).
 */
import * as idb from 'idb-keyval';
import { KEPT_RUNS_STORAGE, keptRunsLock, newMarkTime, writeWeightsAheadOfRecords, type KeptRunsLock } from '../../worker/protocol';
import { checkRunRecord, type KeptRun, type RunRecord } from './runRecord';

/** What the store needs of a key-value store: idb-keyval's functions on one of its stores (a map in tests). */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  setMany(entries: [string, unknown][]): Promise<void>;
  delMany(keys: string[]): Promise<void>;
  /** Deletes each key (of `entries`) whose value is still the one given (===), and no other, in one transaction. */
  delManyIfUnchanged(entries: [string, unknown][]): Promise<void>;
  keys(): Promise<IDBValidKey[]>;
  entries(): Promise<[IDBValidKey, unknown][]>;
}

/** idb-keyval's store `storeName` in database `dbName`, opened on first use. */
export function idbKeyValueStore(dbName: string, storeName: string): KeyValueStore {
  let store: idb.UseStore | null = null;
  const use = () => (store ??= idb.createStore(dbName, storeName));
  return {
    get: (key) => idb.get(key, use()),
    set: (key, value) => idb.set(key, value, use()),
    setMany: (entries) => idb.setMany(entries, use()),
    delMany: (keys) => idb.delMany(keys, use()),
    // Each read and its delete in one readwrite transaction (as idb-keyval's update): no write of another tab between.
    delManyIfUnchanged: (entries) =>
      use()('readwrite', (store) => {
        for (const [key, value] of entries) {
          const request = store.get(key);
          request.onsuccess = () => {
            if (request.result === value) store.delete(key);
          };
        }
        return idb.promisifyRequest(store.transaction);
      }),
    keys: () => idb.keys(use()),
    entries: () => idb.entries(use()),
  };
}

/**
 * How long marked weights whose record is gone stay: a deleted run's for an undo that may still be offered in another
 * tab (the undo's notice stays until it is answered, and a tab can be left open with it for days: a classroom machine
 * over a weekend), a pending keep's for its record. Weights abandoned for good (the page closed, a keep cut short)
 * cost only disk space meanwhile.
 */
export const MARKED_WEIGHTS_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

/** A record as the records store holds it: the run without its weights' text, and that text's length (null: none kept). */
type StoredRecord = Omit<RunRecord, 'weights'> & { weights: null; weightsLength: number | null };

function stored(run: Omit<RunRecord, 'weights'>, weightsLength: number | null): StoredRecord {
  const { weights: _inline, weightsLength: _length, ...rest } = run as Partial<RunRecord & KeptRun>;
  return { ...(rest as Omit<RunRecord, 'weights'>), weights: null, weightsLength };
}

function kept(record: StoredRecord): KeptRun {
  const { weights: _none, ...run } = record;
  return run;
}

export interface RunStore {
  /** The runs kept for `dataId` (pinned first, then newest first, without their weights), and how many stored records were refused. */
  listRuns(dataId: string): Promise<{ runs: KeptRun[]; refused: number }>;
  /** The run kept under `id` (without its weights), or null when there is none (deleted) or it cannot be read back. */
  readRun(id: string): Promise<KeptRun | null>;
  /** The model file's text kept with run `id`, or null when none is kept. */
  readWeights(id: string): Promise<string | null>;
  /** The runs whole, weights included (export): `runs` as listed, in their order. */
  withWeights(runs: readonly KeptRun[]): Promise<RunRecord[]>;
  /** Keep a run with its weights (text) or without (null: any kept under its id are deleted), replacing one with the same id. */
  saveRun(record: RunRecord): Promise<void>;
  /** Keep several runs at once (an imported file, a race), as `saveRun` does each. */
  saveRuns(records: readonly RunRecord[]): Promise<void>;
  /**
   * Keep a run whose weights (a text of `weightsLength`) were just written to the weights store under its id by the
   * trainer worker (worker/keptWeights.ts), marked as a pending keep (the mark's value: `pendingMark`, from the
   * worker's reply): the record only, as `saveRun` writes it after the weights, and then the mark is cleared if it is
   * still that value.
   */
  saveRunWithStoredWeights(record: Omit<RunRecord, 'weights'>, weightsLength: number, pendingMark: number): Promise<void>;
  /**
   * Keep several runs at once (a race's members) whose weights, where `weightsLength` is not null, the trainer worker
   * just wrote under their ids, marked as pending keeps (`pendingMarks`: run id → its mark's value, from the worker's
   * record): the records only, then each mark is cleared if it is still that value. A run with null keeps no weights
   * (any kept under its id are deleted, as `saveRun` does).
   */
  saveRunsWithStoredWeights(runs: readonly KeptRun[], pendingMarks: ReadonlyMap<string, number>): Promise<void>;
  /** Keep a run again without new weights: the weights kept under its id, if any, stay and are still its own. */
  saveRunKeepingWeights(record: Omit<RunRecord, 'weights'>): Promise<void>;
  /** Rename or pin a kept run; false when it is no longer there (deleted in another tab). */
  updateRun(id: string, patch: Partial<Pick<RunRecord, 'name' | 'pinned'>>): Promise<boolean>;
  /** Delete a run's record; its weights stay for an undo (`restoreRuns`) until `forgetWeights`, or a page's sweep once the grace period is over. */
  deleteRun(id: string): Promise<void>;
  /**
   * Put runs this store deleted back as they were listed; a run whose weights are gone meanwhile comes back without
   * them. Clears only the marks its Delete set (another tab's Delete of the run meanwhile, a pending keep's, stay).
   */
  restoreRuns(runs: readonly KeptRun[]): Promise<void>;
  /**
   * Delete the weights of runs this store deleted whose undo was let go, and their marks (a run kept again under one
   * of these ids meanwhile keeps its own; those a delete in another tab marked since stay for that tab's undo).
   */
  forgetWeights(ids: readonly string[]): Promise<void>;
}

/**
 * The run store over a records store, a weights store and a store of marks (run id → when its weights began to be
 * without a record on purpose, ms since the epoch, by `now` (newMarkTime: its setter's own fraction of a ms added): the
 * run deleted, or a keep's weights written ahead of their record; KEPT_RUNS_STORAGE.marks).
 */
export function createRunStore(records: KeyValueStore, weights: KeyValueStore, marks: KeyValueStore, now: () => number = Date.now, lock: KeptRunsLock = keptRunsLock): RunStore {
  let isSwept = false;
  /** The mark each run this page deleted was given (run id → its value), so that its undo or letting it go removes that mark only. */
  const deletionMarks = new Map<string, number>();

  /**
   * Removes marks this side set (run id → the value it set) once their records are written, each only while it is
   * still that value: a compare-and-delete in one transaction of the marks' store, under the lock as every other
   * write of a mark. A mark that is another's by now stays: a Delete of the run in another tab, set after this side
   * wrote the record (that tab deletes the record next, and its undo needs the weights: removed here, a page's sweep
   * would find them with neither record nor mark and delete them), or a pending keep's (its keep clears it).
   */
  function clearOwnMarks(own: [string, number][]): Promise<void> {
    return own.length === 0 ? Promise.resolve() : lock(() => marks.delManyIfUnchanged(own));
  }

  /**
   * A stored value as a record in the new layout, moving inline weights (an older record) to the weights store. When
   * the move fails (storage full: both copies exist for a moment) it throws, or with `isListing` the run is listed
   * as it is and the old record, whole, is moved another time.
   */
  async function fromStored(value: unknown, isListing = false): Promise<StoredRecord | string> {
    const checked = checkRunRecord(value);
    if (typeof checked === 'string') return checked;
    if (checked.weights !== null) {
      const record = stored(checked, checked.weights.length);
      try {
        await weights.set(checked.id, checked.weights);
        await records.set(checked.id, record);
      } catch (error) {
        if (!isListing) throw error;
      }
      return record;
    }
    const length = (value as { weightsLength?: unknown }).weightsLength;
    return stored(checked, Number.isInteger(length) && (length as number) >= 0 ? (length as number) : null);
  }

  async function readStored(id: string): Promise<StoredRecord | null> {
    const value = await records.get(id);
    if (value === undefined) return null;
    const record = await fromStored(value);
    return typeof record === 'string' ? null : record;
  }

  async function saveRuns(runs: readonly RunRecord[]): Promise<void> {
    // Weights first: a record never names weights that were not written. Marked before them, as the worker's are,
    // so a page's sweep between the two writes spares them; the marks go after the records.
    const withText = runs.filter((run): run is RunRecord & { weights: string } => run.weights !== null);
    const set = withText.length > 0 ? await writeWeightsAheadOfRecords(weights, marks, withText.map((run) => [run.id, run.weights]), now, lock) : [];
    await records.setMany(runs.map((run) => [run.id, stored(run, run.weights?.length ?? null)]));
    await clearOwnMarks(withText.map((run, index) => [run.id, set[index]]));
    const without = runs.filter((run) => run.weights === null).map((run) => run.id);
    if (without.length > 0) await weights.delMany(without);
  }

  /**
   * Deletes the weights whose record is gone (`candidates`: weights not among the records listed), unless marked
   * less than the grace period ago, and the marks that old. Weights with no mark were left by a version before marks
   * (or a mark lost): old. Under the lock, from the marks' read to the deletes: a keep's mark and weights (or a
   * delete's mark) set between them would be taken for what was read.
   */
  function sweep(candidates: readonly string[]): Promise<void> {
    return lock(() => sweepLocked(candidates));
  }

  async function sweepLocked(candidates: readonly string[]): Promise<void> {
    // The marks are read between two reads of the records, each of which must find the record gone: after the list's
    // (a delete marks before it deletes the record, so a record the list found gone has its mark by now) and before
    // the one below (a keep or an undo clears its mark only after it wrote the record, so a mark found gone here
    // means a record that read finds). Read the other way round, a keep's record and its cleared mark could both
    // fall between them.
    const marked = new Map(await marks.entries());
    const recordIds = candidates.length > 0 ? new Set(await records.keys()) : new Set<IDBValidKey>();
    const cutoff = now() - MARKED_WEIGHTS_GRACE_MS;
    // By the mark's whole ms: its fraction only tells its setter's apart (newMarkTime), and older versions' have none.
    const isOld = (id: IDBValidKey) => {
      const markedAt = marked.get(id);
      return !(typeof markedAt === 'number' && Math.floor(markedAt) > cutoff);
    };
    const orphans = candidates.filter((id) => !recordIds.has(id) && isOld(id));
    if (orphans.length > 0) await weights.delMany(orphans);
    // A mark that old is no use any more: its weights are gone, or its record is there (an undo or a keep cut short).
    const oldMarks = [...marked.keys()].filter((id): id is string => typeof id === 'string' && isOld(id));
    if (oldMarks.length > 0) await marks.delMany(oldMarks);
  }

  async function readWeights(id: string): Promise<string | null> {
    const text = await weights.get(id);
    if (typeof text === 'string') return text;
    // A record kept before weights had their own store, not moved yet, holds them itself.
    const checked = checkRunRecord(await records.get(id));
    return typeof checked === 'string' ? null : checked.weights;
  }

  return {
    async listRuns(dataId) {
      // Weights whose record is gone for good (an undo never taken or let go: the page was closed) go at a page's first list.
      const weightIds = isSwept ? null : await weights.keys();
      const all = await records.entries();
      const runs: KeptRun[] = [];
      const ids = new Set<IDBValidKey>();
      let refused = 0;
      for (const [key, value] of all) {
        ids.add(key);
        const record = await fromStored(value, true);
        if (typeof record === 'string') refused++;
        else if (record.dataId === dataId) runs.push(kept(record));
      }
      if (weightIds) {
        isSwept = true;
        await sweep(weightIds.filter((id): id is string => typeof id === 'string' && !ids.has(id)));
      }
      runs.sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.createdAt - a.createdAt);
      return { runs, refused };
    },
    async readRun(id) {
      const record = await readStored(id);
      return record && kept(record);
    },
    readWeights,
    async withWeights(runs) {
      const whole: RunRecord[] = [];
      for (const run of runs) {
        const { weightsLength, ...rest } = run;
        whole.push({ ...rest, weights: weightsLength === null ? null : await readWeights(run.id) });
      }
      return whole;
    },
    saveRun: (record) => saveRuns([record]),
    saveRuns,
    async saveRunWithStoredWeights(record, weightsLength, pendingMark) {
      await records.set(record.id, stored(record, weightsLength));
      // The worker's pending-keep mark after the record: cut short between, a record keeps its weights with a mark too many.
      await clearOwnMarks([[record.id, pendingMark]]);
    },
    async saveRunsWithStoredWeights(runs, pendingMarks) {
      await records.setMany(runs.map((run) => [run.id, stored(run, run.weightsLength)]));
      // As saveRunWithStoredWeights: the worker's marks after the records.
      await clearOwnMarks(runs.flatMap((run): [string, number][] => {
        const mark = pendingMarks.get(run.id);
        return run.weightsLength !== null && mark !== undefined ? [[run.id, mark]] : [];
      }));
      const without = runs.filter((run) => run.weightsLength === null).map((run) => run.id);
      if (without.length > 0) await weights.delMany(without);
    },
    async saveRunKeepingWeights(record) {
      const previous = await readStored(record.id);
      await records.set(record.id, stored(record, previous?.weightsLength ?? null));
    },
    async updateRun(id, patch) {
      const record = await readStored(id);
      if (!record) return false;
      await records.set(id, { ...record, ...patch });
      return true;
    },
    async deleteRun(id) {
      // The mark first: a page's sweep never finds the record gone without it (cut short here: a mark too many). And
      // the record's delete in the same section: a keep of the run in another tab between the two replaced this mark
      // with its own, wrote its record and cleared its mark, and this delete then took that record: no record, no
      // mark, and a page's sweep took the weights this Delete's undo needs.
      const markedAt = newMarkTime(now);
      await lock(async () => {
        await marks.set(id, markedAt);
        deletionMarks.set(id, markedAt);
        await records.delMany([id]);
      });
    },
    async restoreRuns(runs) {
      // Under the lock: weights found here are not deleted (forgetWeights in another tab) before the record names them.
      // Then, in the same section, the marks this page's Deletes set, each only while it is still that value (the
      // compare-and-delete of clearOwnMarks; cut short before it, a record keeps its weights with a mark too many). A
      // mark another's by now stays, since this undo settles only this page's Delete: a pending keep's (a run kept
      // under the same id in another tab, its record still to come: that keep clears it after its record), or another
      // tab's Delete of the run (set before this record was written or after it: that tab deleted the record or will,
      // and its undo, still offered, needs the weights; its undo or its letting go removes the mark).
      const own = runs.flatMap((run): [string, number][] => {
        const mark = deletionMarks.get(run.id);
        return mark === undefined ? [] : [[run.id, mark]];
      });
      await lock(async () => {
        const present = new Set(await weights.keys());
        await records.setMany(runs.map((run) => [run.id, stored(run, run.weightsLength !== null && present.has(run.id) ? run.weightsLength : null)]));
        if (own.length > 0) await marks.delManyIfUnchanged(own);
      });
      for (const run of runs) deletionMarks.delete(run.id);
    },
    async forgetWeights(ids) {
      // Only weights still the deleted run's: not those of a run kept under the same id meanwhile, whose record is
      // there (the deleted run imported again) or still to come (its pending keep's mark replaced this page's). And
      // only this page's marks: another's (a delete in another tab, its undo offered; a pending keep) stay.
      await lock(async () => {
        const gone: string[] = [];
        const own: string[] = [];
        for (const id of ids) {
          const mark = await marks.get(id);
          const isOwn = mark !== undefined && mark === deletionMarks.get(id);
          if (isOwn) own.push(id);
          if ((mark === undefined || isOwn) && (await records.get(id)) === undefined) gone.push(id);
        }
        if (gone.length > 0) await weights.delMany(gone);
        if (own.length > 0) await marks.delMany(own);
      });
      for (const id of ids) deletionMarks.delete(id);
    },
  };
}

/**
 * The app's run store: records in 'rnn-playground-runs', weights in 'rnn-playground-run-weights' (where the worker
 * reads and writes them too), marks in 'rnn-playground-run-deletions' (the worker marks a pending keep there):
 * KEPT_RUNS_STORAGE.
 */
export const runStore: RunStore = createRunStore(
  idbKeyValueStore(KEPT_RUNS_STORAGE.records.database, KEPT_RUNS_STORAGE.records.store),
  idbKeyValueStore(KEPT_RUNS_STORAGE.weights.database, KEPT_RUNS_STORAGE.weights.store),
  idbKeyValueStore(KEPT_RUNS_STORAGE.marks.database, KEPT_RUNS_STORAGE.marks.store),
);

export const { listRuns, readRun, readWeights, withWeights, saveRun, saveRuns, saveRunWithStoredWeights, saveRunsWithStoredWeights, saveRunKeepingWeights, updateRun, deleteRun, restoreRuns, forgetWeights } = runStore;


/** A fresh id for a new run. */
export function newRunId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
