import { beforeEach, describe, expect, it } from 'vitest';
import type { IDBPDatabase } from 'idb';
import { importPack, previewImport, type ImportOptions } from '../../../utils/archive/import';
import { createArchiveRepository, type ArchiveRepository } from '../../../utils/archive/repository';
import type { ArchiveSchema } from '../../../utils/archive/schema';
import { NOTES_PACK_ID } from '../../../utils/packs/model';
import { dumpDatabase } from './dump';
import { openTestArchive } from './fake-idb';
import { withWriteFault, type WriteFault } from './faults';
import { dated, makePack, validFull } from './fixtures';

const REPLACE: ImportOptions = { mode: 'replace', origin: 'imported' };
const MERGE: ImportOptions = { mode: 'merge', origin: 'imported' };

let db: IDBPDatabase<ArchiveSchema>;
let repository: ArchiveRepository;

beforeEach(async () => {
  db = await openTestArchive();
  repository = createArchiveRepository(db);
  return () => db.close();
});

/** Imports and fails the test with the error if the import did not succeed. */
async function mustImport(input: unknown, options: ImportOptions = REPLACE) {
  const result = await importPack(db, input, options);
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.error)}`);
  return result.summary;
}

const version1 = () =>
  makePack(
    'news',
    ['a', 'b', { id: 'c', enabled: false }],
    [
      dated('s1', '2024-01-01', ['a']),
      dated('s2', '2024-02-01', ['a', 'b']),
      dated('s3', '2024-03-01', ['c']),
    ],
  );

describe('importPack into an empty archive', () => {
  it('stores the pack, its organisations and summaries under global keys', async () => {
    const summary = await mustImport(validFull(), { ...REPLACE, origin: 'bundled' });

    expect(summary).toEqual({
      packId: 'full-pack',
      packName: 'Full pack — بستهٔ کامل',
      pack: 'added',
      organisations: { added: 3, updated: 0, unchanged: 0, removed: 0 },
      summaries: { added: 4, updated: 0, unchanged: 0, removed: 0 },
    });
    expect(await repository.getPack('full-pack')).toMatchObject({
      id: 'full-pack',
      enabled: true,
      origin: 'bundled',
    });
    expect((await repository.listOrganisations()).map((o) => [o.key, o.enabled])).toEqual([
      ['full-pack/example-coalition', true],
      ['full-pack/example-party', false],
      ['full-pack/example.media_outlet', true],
    ]);
    expect(await db.getAllKeys('summaries')).toEqual([
      'full-pack/2023-interview',
      'full-pack/2024-05-01-rally',
      'full-pack/2024-05-03-gozaresh',
      'full-pack/example-media-profile',
    ]);
  });

  it('qualifies bare references with the pack id and leaves qualified ones as they are', async () => {
    await mustImport(validFull());
    const ids = async (id: string) =>
      (await db.get('summaries', `full-pack/${id}`))?.organisationIds;
    expect(await ids('2024-05-03-gozaresh')).toEqual([
      'full-pack/example-coalition',
      'full-pack/example-party',
    ]);
    expect(await ids('2023-interview')).toEqual(['full-pack/example-party', 'other-pack/some-org']);
    expect(await ids('example-media-profile')).toEqual(['full-pack/example.media_outlet']);
  });

  it('drops a reference that qualifying makes a duplicate', async () => {
    await mustImport(makePack('p', ['a'], [{ id: 's', organisationIds: ['a', 'p/a'] }]));
    expect((await db.get('summaries', 'p/s'))?.organisationIds).toEqual(['p/a']);
  });

  it('reads a file given as text exactly like the parsed value', async () => {
    const fromText = await mustImport(JSON.stringify(validFull()));
    const afterText = await dumpDatabase(db);
    const other = await openTestArchive();
    const fromValue = await importPack(other, validFull(), REPLACE);
    expect(fromValue).toEqual({ ok: true, summary: fromText });
    expect(await dumpDatabase(other)).toStrictEqual(afterText);
    other.close();
  });

  it('records the installed version of a bundled pack, and only of a bundled one', async () => {
    await mustImport(version1(), { ...REPLACE, now: new Date('2024-06-01T00:00:00Z') });
    expect(await repository.getMeta('bundled')).toBeUndefined();
    await mustImport(validFull(), {
      ...REPLACE,
      origin: 'bundled',
      now: new Date('2024-06-02T00:00:00Z'),
    });
    expect(await repository.getMeta('bundled')).toEqual({
      key: 'bundled',
      packId: 'full-pack',
      version: '2024.05.1',
      installedAt: '2024-06-02T00:00:00.000Z',
    });
  });
});

describe('importPack over an installed pack', () => {
  beforeEach(async () => {
    await mustImport(version1());
  });

  const version2 = () =>
    makePack(
      'news',
      ['a', { id: 'b', name: 'Renamed' }, 'd'],
      [
        dated('s1', '2024-01-01', ['a']),
        dated('s2', '2024-02-02', ['a', 'b']),
        dated('s4', '2024-04-01', ['d']),
      ],
      { version: '2' },
    );

  it('replace: the pack becomes exactly the file', async () => {
    const summary = await mustImport(version2(), REPLACE);
    expect(summary).toMatchObject({
      pack: 'updated',
      organisations: { added: 1, updated: 1, unchanged: 1, removed: 1 },
      summaries: { added: 1, updated: 1, unchanged: 1, removed: 1 },
    });
    expect(await db.getAllKeys('organisations')).toEqual(['news/a', 'news/b', 'news/d']);
    expect(await db.getAllKeys('summaries')).toEqual(['news/s1', 'news/s2', 'news/s4']);
    expect((await repository.getOrganisation('news/b'))?.name).toBe('Renamed');
    expect((await repository.getPack('news'))?.version).toBe('2');
  });

  it('merge: adds and updates what the file has and keeps what it does not mention', async () => {
    const summary = await mustImport(version2(), MERGE);
    expect(summary).toMatchObject({
      organisations: { added: 1, updated: 1, unchanged: 1, removed: 0 },
      summaries: { added: 1, updated: 1, unchanged: 1, removed: 0 },
    });
    expect(await db.getAllKeys('organisations')).toEqual(['news/a', 'news/b', 'news/c', 'news/d']);
    expect(await db.getAllKeys('summaries')).toEqual(['news/s1', 'news/s2', 'news/s3', 'news/s4']);
    expect((await db.get('summaries', 'news/s2'))?.publishedAt).toBe('2024-02-02');
  });

  it.each([REPLACE, MERGE])("$mode: the user's switches survive", async (options) => {
    await repository.setPackEnabled('news', false);
    await repository.setOrganisationEnabled('news/a', false);
    await repository.setOrganisationEnabled('news/c', true);
    const file = makePack(
      'news',
      [
        { id: 'a', enabled: true },
        { id: 'c', enabled: false },
        { id: 'new-off', enabled: false },
        'new-on',
      ],
      [dated('s1', '2024-01-01', ['a'])],
    );
    await mustImport(file, options);
    expect((await repository.getPack('news'))?.enabled).toBe(false);
    const enabled = Object.fromEntries(
      (await repository.listOrganisations({ packId: 'news' })).map((o) => [o.id, o.enabled]),
    );
    expect(enabled).toMatchObject({ a: false, c: true, 'new-off': false, 'new-on': true });
  });

  it('importing the same file again changes nothing', async () => {
    const before = await dumpDatabase(db);
    const summary = await mustImport(version1());
    expect(summary).toMatchObject({
      pack: 'unchanged',
      organisations: { added: 0, updated: 0, unchanged: 3, removed: 0 },
      summaries: { added: 0, updated: 0, unchanged: 3, removed: 0 },
    });
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });

  it('leaves other packs, and summaries of other packs that mention this one, alone', async () => {
    await mustImport(makePack('other', ['x'], [{ id: 'o1', organisationIds: ['x', 'news/c'] }]));
    const other = async () => ({
      pack: await repository.getPack('other'),
      orgs: await repository.listOrganisations({ packId: 'other' }),
      summary: await db.get('summaries', 'other/o1'),
    });
    const before = await other();
    await mustImport(version2(), REPLACE);
    expect(await other()).toStrictEqual(before);
  });

  it('previewImport counts the same changes without writing', async () => {
    const before = await dumpDatabase(db);
    for (const options of [REPLACE, MERGE]) {
      const preview = await previewImport(db, version2(), options.mode);
      expect(await dumpDatabase(db)).toStrictEqual(before);
      const other = await openTestArchive();
      await importPack(other, version1(), REPLACE);
      expect(await importPack(other, version2(), options)).toEqual(preview);
      other.close();
    }
  });
});

describe('importPack refuses', () => {
  beforeEach(async () => {
    await mustImport(version1());
    const note = await repository.putNote({
      id: 'mine',
      title: 'My note',
      text: 'Written by the user.',
      source: { name: 'Me' },
      organisationIds: ['news/a'],
    });
    expect(note.ok).toBe(true);
  });

  it('a pack with the notes pack id, in either mode, writing nothing', async () => {
    const before = await dumpDatabase(db);
    const notes = makePack(NOTES_PACK_ID, ['x'], [{ id: 'mine', organisationIds: ['x'] }]);
    for (const options of [REPLACE, MERGE]) {
      const result = await importPack(db, notes, options);
      expect(result).toMatchObject({ ok: false, error: { kind: 'refused' } });
      expect(await previewImport(db, notes, options.mode)).toEqual(result);
    }
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });

  it('an invalid file, naming the path of the problem, writing nothing', async () => {
    const before = await dumpDatabase(db);
    const file = makePack(
      'news',
      ['a'],
      [dated('s1', '2024-01-01', ['a']), dated('s2', '2024-01-01', ['missing'])],
    );
    const result = await importPack(db, file, REPLACE);
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid',
        issues: [{ path: 'summaries[1].organisationIds[0]' }],
      },
    });
    expect(await importPack(db, '{"format":', REPLACE)).toMatchObject({
      ok: false,
      error: { kind: 'invalid', issues: [{ path: '' }] },
    });
    expect(await dumpDatabase(db)).toStrictEqual(before);
  });
});

describe('importPack is all or nothing', () => {
  // The seeded pack is replaced by one that deletes, updates and adds records, so a half-done
  // import would show.
  const replacement = () =>
    makePack(
      'news',
      ['a', { id: 'b', name: 'Renamed' }, 'd', 'e'],
      [
        dated('s1', '2024-01-05', ['a']),
        dated('s4', '2024-04-01', ['d']),
        dated('s5', '2024-05-01', ['e']),
        dated('s6', '2024-06-01', ['d', 'e']),
      ],
      { version: '2' },
    );
  // Writes of that import: 2 summary deletes, 1 org delete, 3 org puts, 4 summary puts, pack, meta.
  const WRITES = 12;

  beforeEach(async () => {
    await mustImport(version1());
    await repository.setOrganisationEnabled('news/a', false);
  });

  it('has as many writes as the fault positions below assume', async () => {
    const { db: counting, probe } = withWriteFault(db, 'quota-on-request', Infinity);
    await importPack(counting, replacement(), { ...REPLACE, origin: 'bundled' });
    expect(probe.writes).toBe(WRITES);
  });

  const faults: WriteFault[] = ['quota-on-request', 'quota-on-transaction', 'invalid-write'];
  const positions = [0, 1, 2, 5, WRITES - 1];

  describe.each(faults)('%s', (fault) => {
    it.each(positions)(
      'at write %i: nothing is written and the error is explained',
      async (after) => {
        const before = await dumpDatabase(db);
        const { db: faulty, probe } = withWriteFault(db, fault, after);

        const result = await importPack(faulty, replacement(), { ...REPLACE, origin: 'bundled' });

        expect(probe.fired).toBe(true);
        expect(await dumpDatabase(db)).toStrictEqual(before);
        if (fault === 'invalid-write') {
          expect(result).toMatchObject({ ok: false, error: { kind: 'database' } });
          // The first writes are deletes (an object is not a key), the later ones puts.
          expect(!result.ok && result.error.message).toMatch(
            after < 3 ? /DataError.*nothing was imported/ : /DataCloneError.*nothing was imported/,
          );
        } else {
          // The earlier writes had really happened, so the database had to roll them back.
          expect(probe.succeededBeforeFault).toBe(after);
          expect(result).toMatchObject({ ok: false, error: { kind: 'quota' } });
          expect(!result.ok && result.error.message).toMatch(/not enough storage space/);
        }
      },
    );
  });

  it('a closed connection is a database error, not a rejection', async () => {
    db.close();
    expect(await importPack(db, replacement(), REPLACE)).toMatchObject({
      ok: false,
      error: { kind: 'database', message: expect.stringMatching(/InvalidStateError/) },
    });
  });

  it('the archive works normally after a failed import', async () => {
    const { db: faulty } = withWriteFault(db, 'quota-on-transaction', 3);
    expect((await importPack(faulty, replacement(), REPLACE)).ok).toBe(false);
    const summary = await mustImport(replacement());
    expect(summary.summaries).toMatchObject({ added: 3, removed: 2 });
    expect((await repository.getOrganisation('news/a'))?.enabled).toBe(false);
  });
});
