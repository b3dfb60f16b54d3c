/**
 * The upgrade ladder: each step opens the version before it WITH DATA, written by the older steps
 * only, and upgrades it with nothing lost.
 */
import type { IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { openArchiveDb } from '../../../utils/archive/db';
import { ARCHIVE_DB_VERSION } from '../../../utils/archive/migrations';
import { createArchiveRepository } from '../../../utils/archive/repository';
import type { Organisation, Pack, Summary } from '../../../utils/packs/model';
import { dumpDatabase, type DatabaseDump } from './dump';
import { newFactory } from './fake-idb';

const pack: Pack = {
  id: 'p',
  name: 'P',
  version: '1',
  publisher: 'Tests',
  description: 'A pack written at version 1.',
  updatedAt: '2024-05-31',
  enabled: true,
  origin: 'imported',
};

const organisation: Organisation = {
  key: 'p/org',
  id: 'org',
  packId: 'p',
  name: 'Org',
  kind: 'organisation',
  description: 'An organisation.',
  aliases: [{ text: 'Org', caseSensitive: false }],
  enabled: false,
};

function summary(id: string, dates: { publishedAt?: string; archivedAt: string }): Summary {
  return {
    key: `p/${id}`,
    id,
    packId: 'p',
    title: `Title ${id}`,
    text: `Text ${id}`,
    source: { name: 'Source' },
    ...dates,
    organisationIds: ['p/org', 'other/x'],
    tags: ['t'],
  };
}

/** Version-1 rows are plain model summaries: no derived fields yet. */
const v1Summaries = [
  summary('old', { publishedAt: '2019', archivedAt: '2024-01-01' }),
  summary('new', { publishedAt: '2024-05-31T10:00+02:00', archivedAt: '2024-06-01' }),
  summary('unpublished', { archivedAt: '2022-03-04' }),
];

/** Builds a version-1 archive with data, as a browser that installed version 1 would have it. */
async function createVersion1(factory: IDBFactory, rows: unknown[] = v1Summaries) {
  const db = (await openArchiveDb({ factory, version: 1 })) as unknown as IDBPDatabase<unknown>;
  const tx = db.transaction(['packs', 'organisations', 'summaries', 'meta'], 'readwrite');
  await Promise.all([
    tx.objectStore('packs').put(pack),
    tx.objectStore('organisations').put(organisation),
    tx.objectStore('meta').put({
      key: 'bundled',
      packId: 'p',
      version: '1',
      installedAt: '2024-06-01T00:00:00.000Z',
    }),
    ...rows.map((row) => tx.objectStore('summaries').put(row)),
    tx.done,
  ]);
  const dump = await dumpDatabase(db);
  db.close();
  return dump;
}

function records(dump: DatabaseDump, store: string): unknown[] {
  return dump.stores[store]?.records.map(([, value]) => value) ?? [];
}

describe('archive upgrade ladder', () => {
  it('version 1 creates the stores and their indexes', async () => {
    const db = await openArchiveDb({ factory: newFactory(), version: 1 });
    const dump = await dumpDatabase(db);
    expect(dump.version).toBe(1);
    expect(Object.keys(dump.stores)).toEqual(['meta', 'organisations', 'packs', 'summaries']);
    expect(dump.stores.summaries?.indexes).toEqual({
      'by-organisation': { keyPath: 'organisationIds', multiEntry: true, unique: false },
      'by-pack': { keyPath: 'packId', multiEntry: false, unique: false },
      'by-tag': { keyPath: 'tags', multiEntry: true, unique: false },
    });
    db.close();
  });

  it('version 1 → 2 keeps every record and derives the sort fields of existing summaries', async () => {
    const factory = newFactory();
    const before = await createVersion1(factory);

    const db = await openArchiveDb({ factory });
    const after = await dumpDatabase(db);

    expect(after.version).toBe(2);
    for (const store of ['packs', 'organisations', 'meta']) {
      expect(after.stores[store]?.records).toStrictEqual(before.stores[store]?.records);
    }
    // Each summary is exactly the version-1 row plus the derived fields.
    const sortDates: Record<string, string> = {
      old: '2019-01-01T00:00:00.000Z',
      new: '2024-05-31T08:00:00.000Z',
      unpublished: '2022-03-04T00:00:00.000Z',
    };
    expect(records(after, 'summaries')).toStrictEqual(
      (records(before, 'summaries') as Summary[]).map((row) => ({
        ...row,
        sortDate: sortDates[row.id],
        organisationDates: row.organisationIds.map((key) => [key, sortDates[row.id]]),
      })),
    );
    expect(after.stores.summaries?.indexes).toMatchObject({
      'by-date': { keyPath: ['sortDate', 'key'], multiEntry: false },
      'by-organisation-date': { keyPath: 'organisationDates', multiEntry: true },
    });

    // The new indexes answer over the upgraded rows.
    const newestFirst = await db.getAllKeysFromIndex('summaries', 'by-date');
    expect(newestFirst.reverse()).toEqual(['p/new', 'p/unpublished', 'p/old']);
    const repository = createArchiveRepository(db);
    const forOrg = await repository.getSummariesForOrganisation('other/x');
    expect(forOrg.map((s) => s.id)).toEqual(['new', 'unpublished', 'old']);
    db.close();
  });

  it('a database upgraded from version 1 has the same shape as one created at the latest version', async () => {
    const upgradedFactory = newFactory();
    await createVersion1(upgradedFactory, []);
    const upgraded = await openArchiveDb({ factory: upgradedFactory });
    const fresh = await openArchiveDb({ factory: newFactory() });
    const shape = (dump: DatabaseDump) =>
      Object.fromEntries(
        Object.entries(dump.stores).map(([name, store]) => [name, { ...store, records: [] }]),
      );
    const [upgradedDump, freshDump] = [await dumpDatabase(upgraded), await dumpDatabase(fresh)];
    expect(freshDump.version).toBe(ARCHIVE_DB_VERSION);
    expect(shape(upgradedDump)).toStrictEqual(shape(freshDump));
    upgraded.close();
    fresh.close();
  });

  it('a step that fails leaves the database at the previous version with its data', async () => {
    const factory = newFactory();
    // A damaged row (organisationIds is not a list) makes version 2's walk throw.
    const damaged = { ...summary('damaged', { archivedAt: '2024-01-01' }), organisationIds: 'x' };
    const before = await createVersion1(factory, [...v1Summaries, damaged]);

    await expect(openArchiveDb({ factory })).rejects.toThrow(TypeError);

    const reopened = await openArchiveDb({ factory, version: 1 });
    expect(await dumpDatabase(reopened)).toStrictEqual(before);
    reopened.close();
  });

  it('an open connection steps aside when another context upgrades', async () => {
    const factory = newFactory();
    let closed = 0;
    const old = await openArchiveDb({ factory, version: 1, onVersionChange: () => closed++ });
    let blocked = 0;
    const upgraded = await openArchiveDb({ factory, onBlocked: () => blocked++ });
    expect(upgraded.version).toBe(ARCHIVE_DB_VERSION);
    expect(closed).toBe(1);
    expect(blocked).toBe(0);
    expect(() => old.transaction('packs')).toThrow();
    upgraded.close();
  });
});
