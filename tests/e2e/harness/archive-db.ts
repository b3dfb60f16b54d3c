/**
 * Reading the archive database from an extension page, with nothing but IndexedDB: what any
 * extension page could see, independent of Backstory's own code.
 */
import type { TestPage } from './types';

/** Every store of the archive database as plain arrays, keyed by store name. */
export type ArchiveDump = Record<string, unknown[]>;

/** Reads every store of `backstory-archive` (empty object if the database has no stores yet). */
export function dumpArchive(page: TestPage): Promise<ArchiveDump> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('backstory-archive');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const dump: Record<string, unknown[]> = {};
      for (const name of [...db.objectStoreNames]) {
        dump[name] = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      return dump;
    } finally {
      db.close();
    }
  });
}

/** Waits until the background has installed at least `count` summaries. */
export async function waitForSummaries(page: TestPage, count: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const dump = await dumpArchive(page);
    if ((dump.summaries?.length ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the archive never reached ${count} summaries`);
}

/** One store of a fingerprint: how many records, and a SHA-256 of all of them with their keys. */
export type StoreFingerprint = { count: number; sha256: string };

/** Every store of the archive database, fingerprinted, keyed by store name. */
export type ArchiveFingerprint = Record<string, StoreFingerprint>;

/**
 * A whole-archive dump reduced to a fingerprint in the page: every store read in one read-only
 * transaction (so it is one consistent state), each `[primaryKey, value]` pair serialised as JSON
 * with object keys sorted, and the serialisation of each store hashed. Two fingerprints are equal
 * exactly when the two dumps are deep-equal, and a dump of thousands of summaries need not travel
 * through the driver to be compared. `count` says what differs when they are not.
 */
export function fingerprintArchive(page: TestPage): Promise<ArchiveFingerprint> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('backstory-archive');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const read = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    /** JSON with object keys in sorted order, so equal values always serialise the same. */
    const canonical = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
      if (typeof value === 'object' && value !== null) {
        const record = value as Record<string, unknown>;
        const fields = Object.keys(record)
          .filter((key) => record[key] !== undefined)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`);
        return `{${fields.join(',')}}`;
      }
      return JSON.stringify(value);
    };
    try {
      const names = [...db.objectStoreNames].sort();
      if (names.length === 0) return {};
      const tx = db.transaction(names, 'readonly');
      const stores = await Promise.all(
        names.map(async (name) => {
          const store = tx.objectStore(name);
          // Both lists come in key order from the same transaction, so they pair up.
          const [keys, values] = await Promise.all([
            read(store.getAllKeys()),
            read(store.getAll()),
          ]);
          return { name, records: keys.map((key, i) => [key, values[i]]) };
        }),
      );
      const fingerprint: Record<string, { count: number; sha256: string }> = {};
      for (const { name, records } of stores) {
        const bytes = new TextEncoder().encode(canonical(records));
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        fingerprint[name] = {
          count: records.length,
          sha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''),
        };
      }
      return fingerprint;
    } finally {
      db.close();
    }
  });
}
