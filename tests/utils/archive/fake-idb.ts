/**
 * In-memory IndexedDB for the archive tests. idb recognises IndexedDB objects by `instanceof`
 * against the global interface objects (`IDBRequest`, `IDBDatabase`, …) and the archive builds
 * `IDBKeyRange`s, so fake-indexeddb's classes are installed under those names. The global
 * `indexedDB` factory is deliberately NOT installed: every database comes from a fresh factory
 * handed in, and code that reached for the global instead would fail here.
 */
import {
  IDBCursor,
  IDBCursorWithValue,
  IDBDatabase,
  IDBFactory,
  IDBIndex,
  IDBKeyRange,
  IDBObjectStore,
  IDBOpenDBRequest,
  IDBRequest,
  IDBTransaction,
  IDBVersionChangeEvent,
} from 'fake-indexeddb';
import { openArchiveDb, type OpenArchiveOptions } from '../../../utils/archive/db';

Object.assign(globalThis, {
  IDBCursor,
  IDBCursorWithValue,
  IDBDatabase,
  IDBIndex,
  IDBKeyRange,
  IDBObjectStore,
  IDBOpenDBRequest,
  IDBRequest,
  IDBTransaction,
  IDBVersionChangeEvent,
});

/** A new, empty IndexedDB: nothing is shared between tests. */
export function newFactory(): IDBFactory {
  return new IDBFactory();
}

/** Opens the archive at its latest version in a fresh in-memory IndexedDB (or the one given). */
export function openTestArchive(options: OpenArchiveOptions = {}) {
  return openArchiveDb({ factory: newFactory(), ...options });
}
