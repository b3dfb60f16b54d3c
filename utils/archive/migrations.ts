/**
 * The archive's upgrade ladder. Append-only: a released step is never edited, because browsers out
 * there have already run it; a change to the shape is a new step at the bottom, with a test that
 * opens the previous version with data and upgrades it with nothing lost.
 *
 * Steps see the database as it was at their own version, so they are typed loosely (`unknown`
 * schema) rather than against `ArchiveSchema`, which only describes the latest version.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import type { Summary } from '../packs/model';
import { toSortDate } from './schema';

/** The latest version; `openArchiveDb` opens this unless told otherwise. */
export const ARCHIVE_DB_VERSION = 2;

type UpgradeDatabase = IDBPDatabase<unknown>;
type UpgradeTransaction = IDBPTransaction<unknown, string[], 'versionchange'>;

/**
 * Runs every step between `oldVersion` and `newVersion`, in order. Called from `upgradeneeded`;
 * rejects if a step fails, and the caller then aborts the version change so the database stays at
 * `oldVersion`. Steps may await requests of the upgrade transaction, and nothing else: any other
 * await would let the transaction commit half-way.
 */
export async function upgradeArchive(
  db: UpgradeDatabase,
  tx: UpgradeTransaction,
  oldVersion: number,
  newVersion: number,
): Promise<void> {
  // The `newVersion` bound lets tests build an old version with the old steps only.
  if (oldVersion < 1 && newVersion >= 1) createStores(db);
  if (oldVersion < 2 && newVersion >= 2) await addDateIndexes(tx);
}

/** Version 1: packs, organisations and summaries keyed globally, plus a small meta store. */
function createStores(db: UpgradeDatabase): void {
  db.createObjectStore('packs', { keyPath: 'id' });

  const organisations = db.createObjectStore('organisations', { keyPath: 'key' });
  // No index on `enabled`: booleans are not valid IndexedDB keys.
  organisations.createIndex('by-pack', 'packId');

  const summaries = db.createObjectStore('summaries', { keyPath: 'key' });
  summaries.createIndex('by-pack', 'packId');
  summaries.createIndex('by-organisation', 'organisationIds', { multiEntry: true });
  summaries.createIndex('by-tag', 'tags', { multiEntry: true });

  db.createObjectStore('meta', { keyPath: 'key' });
}

/**
 * Version 2: newest-first lists. A summary's date may be missing (`publishedAt` is optional) or of
 * any precision, so each row gets a derived `sortDate` and `[organisation, sortDate]` pairs, filled
 * in for existing rows by walking them inside the upgrade transaction.
 */
async function addDateIndexes(tx: UpgradeTransaction): Promise<void> {
  const summaries = tx.objectStore('summaries');
  summaries.createIndex('by-date', ['sortDate', 'key']);
  summaries.createIndex('by-organisation-date', 'organisationDates', { multiEntry: true });
  for (let cursor = await summaries.openCursor(); cursor; cursor = await cursor.continue()) {
    // Rows written at version 1 are plain model summaries. The derivation is spelled out rather
    // than shared with `toStoredSummary`, so later changes there cannot change what this step did.
    const row = cursor.value as Summary;
    const sortDate = toSortDate(row.publishedAt ?? row.archivedAt);
    await cursor.update({
      ...row,
      sortDate,
      organisationDates: row.organisationIds.map((key) => [key, sortDate]),
    });
  }
}
