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
