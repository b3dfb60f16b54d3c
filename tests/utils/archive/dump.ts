/**
 * `dumpDatabase` reads a whole IndexedDB database (schema and every record, with its key) into a
 * plain object, so a test can assert that something left a database exactly as it was:
 * `expect(await dumpDatabase(db)).toStrictEqual(before)`.
 */
import { unwrap, wrap, type IDBPDatabase } from 'idb';

/** One index as created: what a migration test compares. */
export interface IndexDump {
  keyPath: string | string[];
  multiEntry: boolean;
  unique: boolean;
}

/** One object store: its shape and its records in key order. */
export interface StoreDump {
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: Record<string, IndexDump>;
  /** `[primaryKey, value]` pairs, in key order. */
  records: [IDBValidKey, unknown][];
}

/** A whole database. */
export interface DatabaseDump {
  name: string;
  version: number;
  stores: Record<string, StoreDump>;
}

/** Reads every store of `db` in one read-only transaction (so the dump is one consistent state). */
export async function dumpDatabase<S>(db: IDBPDatabase<S>): Promise<DatabaseDump> {
  // Any schema, or none: the dump looks at the database as it is, not as a type says it is.
  const plain = wrap(unwrap(db));
  const names = [...plain.objectStoreNames].sort();
  const dump: DatabaseDump = { name: plain.name, version: plain.version, stores: {} };
  if (names.length === 0) return dump;
  const tx = plain.transaction(names, 'readonly');
  for (const name of names) {
    const store = tx.objectStore(name);
    const indexes: Record<string, IndexDump> = {};
    for (const indexName of [...store.indexNames].sort()) {
      const index = store.index(indexName);
      indexes[indexName] = {
        keyPath: index.keyPath,
        multiEntry: index.multiEntry,
        unique: index.unique,
      };
    }
    const records: [IDBValidKey, unknown][] = [];
    for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
      records.push([cursor.primaryKey, cursor.value]);
    }
    dump.stores[name] = {
      keyPath: store.keyPath,
      autoIncrement: store.autoIncrement,
      indexes,
      records,
    };
  }
  await tx.done;
  return dump;
}
