/**
 * The app's IndexedDB records as the page sees them: idb-keyval's default database and store, keyed as in
 * src/ui/state/persistence.ts, and any other of its databases (the kept runs' records and weights, runStore.ts).
 * Specs read what was kept (a step, a model) and write garbage or old records.
 */
import type { Page } from '@playwright/test';

/** The value under `key` in IndexedDB database `database`'s object store `store` (idb-keyval's layout), or undefined. */
export async function readIndexedDb(page: Page, database: string, store: string, key: string): Promise<unknown> {
  return page.evaluate(
    async ([name, storeName, id]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onupgradeneeded = () => request.result.createObjectStore(storeName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const value = await new Promise<unknown>((resolve, reject) => {
        const request = db.transaction(storeName).objectStore(storeName).get(id);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return value;
    },
    [database, store, key] as const,
  );
}

/** The keys in IndexedDB database `database`'s object store `store` (idb-keyval's layout), in key order; none when it does not exist. */
export async function readIndexedDbKeys(page: Page, database: string, store: string): Promise<string[]> {
  return page.evaluate(
    async ([name, storeName]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onupgradeneeded = () => request.result.createObjectStore(storeName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const request = db.transaction(storeName).objectStore(storeName).getAllKeys();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return keys.map(String);
    },
    [database, store] as const,
  );
}

/** Puts every entry (key → value) into database `database`'s object store `store`, in one transaction, from the page as it is. */
export async function writeIndexedDb(page: Page, database: string, store: string, entries: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    async ([name, storeName, records]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onupgradeneeded = () => request.result.createObjectStore(storeName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction(storeName, 'readwrite');
        for (const [key, value] of Object.entries(records)) transaction.objectStore(storeName).put(value, key);
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
    },
    [database, store, entries] as const,
  );
}

/** The record under `key` in idb-keyval's default store, or undefined. */
export async function readStored(page: Page, key: string): Promise<unknown> {
  return readIndexedDb(page, 'keyval-store', 'keyval', key);
}

/**
 * Writes every record in one transaction, from an empty page of the same origin: an open app mirrors its
 * configuration into storage whenever its state changes, and one late change would overwrite what was
 * written here. The page is left there; the caller opens the app next.
 */
export async function writeStored(page: Page, records: Record<string, unknown>): Promise<void> {
  // The service worker answers every navigation with the app except the parity and bench pages
  // (navigateFallbackDenylist in vite.config.ts), so only such a URL reaches the network, where it is
  // answered with an empty page. Its empty icon keeps the browser from asking for /favicon.ico (a 404).
  const blank = new URL('parity.html?empty', page.url()).href;
  await page.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><link rel="icon" href="data:,">' }));
  await page.goto(blank);
  if ((await page.locator('#root').count()) > 0) throw new Error(`writeStored: ${blank} opened the app, which could overwrite the records`);
  await writeIndexedDb(page, 'keyval-store', 'keyval', records);
}

/** The value at `record[field]` (or `record[field][subfield]`, …) of the record under `key`, or undefined. */
async function storedValue(page: Page, key: string, path: string[]): Promise<unknown> {
  let value: unknown = await readStored(page, key);
  for (const field of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  return value;
}

/** The number at `record[field]` (or `record[field][subfield]`) of the record under `key`, or null. */
export async function storedNumber(page: Page, key: string, ...path: string[]): Promise<number | null> {
  const value = await storedValue(page, key, path);
  return typeof value === 'number' ? value : null;
}

/** The text at `record[field]` (or `record[field][subfield]`) of the record under `key`, or null. */
export async function storedText(page: Page, key: string, ...path: string[]): Promise<string | null> {
  const value = await storedValue(page, key, path);
  return typeof value === 'string' ? value : null;
}

/**
 * Start noting the values the page itself (this document, not its workers) reads from IndexedDB database `database`
 * (get, getAll, openCursor on any of its stores); `reads()` lists them as 'store:key' ('store:*' for getAll and
 * cursors), in order. A kept run's weights (31 MB for SST-2) must never be read here: the workers read them.
 */
export async function watchIndexedDbReads(page: Page, database: string): Promise<{ reads(): Promise<string[]> }> {
  await page.evaluate((name) => {
    const reads: string[] = [];
    (window as unknown as { __indexedDbReads: string[] }).__indexedDbReads = reads;
    for (const method of ['get', 'getAll', 'openCursor'] as const) {
      const original = IDBObjectStore.prototype[method] as (this: IDBObjectStore, ...args: unknown[]) => IDBRequest;
      Object.defineProperty(IDBObjectStore.prototype, method, {
        configurable: true,
        writable: true,
        value(this: IDBObjectStore, ...args: unknown[]) {
          if (this.transaction.db.name === name) reads.push(`${this.name}:${method === 'get' ? String(args[0]) : '*'}`);
          return original.apply(this, args);
        },
      });
    }
  }, database);
  return { reads: () => page.evaluate(() => [...(window as unknown as { __indexedDbReads: string[] }).__indexedDbReads]) };
}

/**
 * Start noting the values the page itself (this document, not its workers) writes to IndexedDB database `database`
 * (put, add on any of its stores); `writes()` lists them as 'store:key (N characters)' for text values, 'store:key'
 * for others, in order. "Keep this run (with its weights)" must write none of a model's text here: the worker does.
 */
export async function watchIndexedDbWrites(page: Page, database: string): Promise<{ writes(): Promise<string[]> }> {
  await page.evaluate((name) => {
    const writes: string[] = [];
    // One list per database: two watchers (two databases) each keep their own.
    const all = ((window as unknown as { __indexedDbWrites?: Record<string, string[]> }).__indexedDbWrites ??= {});
    all[name] = writes;
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method] as (this: IDBObjectStore, ...args: unknown[]) => IDBRequest;
      Object.defineProperty(IDBObjectStore.prototype, method, {
        configurable: true,
        writable: true,
        value(this: IDBObjectStore, ...args: unknown[]) {
          if (this.transaction.db.name === name) writes.push(`${this.name}:${String(args[1])}${typeof args[0] === 'string' ? ` (${args[0].length} characters)` : ''}`);
          return original.apply(this, args);
        },
      });
    }
  }, database);
  return { writes: () => page.evaluate((name) => [...(window as unknown as { __indexedDbWrites: Record<string, string[]> }).__indexedDbWrites[name]], database) };
}
