/**
 * Opening the archive database from an injected `IDBFactory`.
 *
 * idb's `openDB` always calls the global `indexedDB.open`, so it cannot take a factory. What it
 * does is small: open, run `upgrade` on `upgradeneeded`, promisify. This module does the same on
 * the given factory, using idb's exported `wrap` to get the promise-based objects, so tests hand in
 * a fresh fake-indexeddb factory and no global is swapped (which would race between tests).
 *
 * idb itself recognises IndexedDB objects with `instanceof IDBRequest`, `IDBDatabase`, … and key
 * ranges are built with `IDBKeyRange`: those interface globals exist in every extension context
 * (pages and service worker); in Node the tests install fake-indexeddb's classes under those names.
 */
import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { ARCHIVE_DB_VERSION, upgradeArchive } from './migrations';
import { ARCHIVE_DB_NAME, type ArchiveSchema } from './schema';

/** How to open the archive; every field has a production default. */
export interface OpenArchiveOptions {
  /** Where the database lives; defaults to the global `indexedDB` of the calling context. */
  factory?: IDBFactory;
  name?: string;
  /** Only for tests of the upgrade ladder, which build older versions. */
  version?: number;
  /**
   * Another connection (an extension page still open from before an update) holds an older
   * version open; the open waits until it closes. Lets the caller tell the user.
   */
  onBlocked?: () => void;
  /**
   * Another context wants to upgrade the database: this connection has already been closed so it
   * does not block the upgrade, and must not be used again.
   */
  onVersionChange?: () => void;
}

/**
 * Opens (creating or upgrading as needed) the archive database. Rejects with the failing step's
 * error if an upgrade step fails; the database then stays at its previous version, untouched.
 */
export async function openArchiveDb(
  options: OpenArchiveOptions = {},
): Promise<IDBPDatabase<ArchiveSchema>> {
  const {
    factory = indexedDB,
    name = ARCHIVE_DB_NAME,
    version = ARCHIVE_DB_VERSION,
    onBlocked,
    onVersionChange,
  } = options;
  return new Promise((resolve, reject) => {
    let upgradeError: unknown;
    const request = factory.open(name, version);

    request.addEventListener('upgradeneeded', (event) => {
      const rawTx = request.transaction;
      if (!rawTx) return; // The spec always sets it during upgradeneeded.
      const tx = wrap(rawTx) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
      const db = wrap(request.result) as unknown as IDBPDatabase<unknown>;
      // The open request reports a failed upgrade; the transaction's own promise need not.
      tx.done.catch(() => undefined);
      upgradeArchive(db, tx, event.oldVersion, event.newVersion ?? version).catch(
        (error: unknown) => {
          upgradeError = error;
          try {
            rawTx.abort();
          } catch {
            // Already aborted by the failing request itself: nothing was committed either way.
          }
        },
      );
    });

    request.addEventListener('blocked', () => onBlocked?.());

    request.addEventListener('success', () => {
      const rawDb = request.result;
      rawDb.addEventListener('versionchange', () => {
        rawDb.close();
        onVersionChange?.();
      });
      resolve(wrap(rawDb) as unknown as IDBPDatabase<ArchiveSchema>);
    });

    request.addEventListener('error', () => {
      reject(upgradeError ?? request.error ?? new Error(`could not open database "${name}"`));
    });
  });
}
