import { readFileSync } from 'node:fs';
import type { IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { exportFileName, exportPack } from '../../../utils/archive/export';
import { importPack } from '../../../utils/archive/import';
import { createArchiveRepository } from '../../../utils/archive/repository';
import type { ArchiveSchema } from '../../../utils/archive/schema';
import { BUNDLED_PACK_ID, NOTES_PACK_ID } from '../../../utils/packs/model';
import { validatePack } from '../../../utils/packs/validate';
import { dumpDatabase } from './dump';
import { openTestArchive } from './fake-idb';
import { makePack, validFull, validMinimal } from './fixtures';

const bundledText = () =>
  readFileSync(new URL(`../../../assets/packs/${BUNDLED_PACK_ID}.json`, import.meta.url), 'utf8');

async function archiveWith(file: unknown): Promise<IDBPDatabase<ArchiveSchema>> {
  const db = await openTestArchive();
  const result = await importPack(db, file, { mode: 'replace', origin: 'imported' });
  expect(result.ok).toBe(true);
  return db;
}

describe('exportPack', () => {
  it.each([
    ['valid-full.json', validFull, 'full-pack'],
    ['valid-minimal.json', validMinimal, 'minimal-pack'],
    ['the bundled pack', bundledText, BUNDLED_PACK_ID],
  ])(
    '%s: import → export → import → export gives the same file and the same archive',
    async (_, file, packId) => {
      const first = await archiveWith(file());
      const exported = await exportPack(first, packId);
      // Through JSON, as a downloaded file would go.
      const second = await archiveWith(JSON.stringify(exported));
      const again = await exportPack(second, packId);

      expect(again).toStrictEqual(exported);
      expect(await dumpDatabase(second)).toStrictEqual(await dumpDatabase(first));
      first.close();
      second.close();
    },
  );

  it('writes a valid pack file that validation leaves as it is', async () => {
    const db = await archiveWith(validFull());
    const exported = await exportPack(db, 'full-pack');
    const validated = validatePack(exported);
    expect(validated).toEqual({ ok: true, value: exported });
    db.close();
  });

  it('leaves out the stored-only fields and uses local ids', async () => {
    const db = await archiveWith(validFull());
    const exported = await exportPack(db, 'full-pack');
    expect(exported?.pack).toStrictEqual({
      id: 'full-pack',
      name: 'Full pack — بستهٔ کامل',
      version: '2024.05.1',
      publisher: 'Backstory tests',
      description:
        'A pack that uses every optional field of format version 1. All organisations and articles are fictional.',
      provenance: 'Summaries written for the Backstory test suite; quotations are invented.',
      homepage: 'https://example.org/packs/full-pack',
      license: 'CC-BY-4.0',
      updatedAt: '2024-05-31T12:30:00Z',
    });
    expect(exported?.organisations.map((o) => o.id)).toEqual([
      'example-coalition',
      'example-party',
      'example.media_outlet',
    ]);
    for (const record of [...(exported?.organisations ?? []), ...(exported?.summaries ?? [])]) {
      expect(record).not.toHaveProperty('key');
      expect(record).not.toHaveProperty('packId');
      expect(record).not.toHaveProperty('sortDate');
      expect(record).not.toHaveProperty('organisationDates');
    }
    db.close();
  });

  it('un-qualifies references into the same pack and keeps references to other packs', async () => {
    const db = await archiveWith(validFull());
    const exported = await exportPack(db, 'full-pack');
    const refs = Object.fromEntries(
      exported?.summaries.map((s) => [s.id, s.organisationIds]) ?? [],
    );
    expect(refs).toEqual({
      '2024-05-01-rally': ['example-coalition'],
      '2024-05-03-gozaresh': ['example-coalition', 'example-party'],
      '2023-interview': ['example-party', 'other-pack/some-org'],
      'example-media-profile': ['example.media_outlet'],
    });
    db.close();
  });

  it('lists summaries newest first, ties by id', async () => {
    const db = await archiveWith(validFull());
    const exported = await exportPack(db, 'full-pack');
    expect(exported?.summaries.map((s) => s.id)).toEqual([
      '2024-05-01-rally', // 2024-05-01
      '2024-05-03-gozaresh', // 2024-05, which sorts as 2024-05-01 too
      '2023-interview', // 2023
      'example-media-profile', // 2022-12-31
    ]);
    db.close();
  });

  it('carries the user’s organisation switches as the file’s defaults', async () => {
    const db = await archiveWith(validFull());
    await createArchiveRepository(db).setOrganisationEnabled('full-pack/example-party', true);
    await createArchiveRepository(db).setOrganisationEnabled('full-pack/example-coalition', false);
    const exported = await exportPack(db, 'full-pack');
    expect(Object.fromEntries(exported?.organisations.map((o) => [o.id, o.enabled]) ?? [])).toEqual(
      {
        'example-coalition': false,
        'example-party': true,
        'example.media_outlet': true,
      },
    );
    db.close();
  });

  it('exports the notes pack with its qualified references', async () => {
    const db = await archiveWith(makePack('news', ['a'], []));
    const repository = createArchiveRepository(db);
    await repository.putNote(
      { id: 'n', title: 'T', text: 'X', source: { name: 'Me' }, organisationIds: ['news/a'] },
      { now: new Date('2024-06-01T00:00:00Z') },
    );
    const exported = await exportPack(db, NOTES_PACK_ID);
    expect(exported?.summaries).toEqual([
      {
        id: 'n',
        title: 'T',
        text: 'X',
        source: { name: 'Me' },
        archivedAt: '2024-06-01T00:00:00.000Z',
        organisationIds: ['news/a'],
        tags: [],
      },
    ]);
    expect(validatePack(exported).ok).toBe(true);
    db.close();
  });

  it('answers undefined for a pack that is not installed', async () => {
    const db = await openTestArchive();
    expect(await exportPack(db, 'nope')).toBeUndefined();
    db.close();
  });
});

describe('exportFileName', () => {
  it('names the file after the pack and the day', () => {
    expect(exportFileName('full-pack', new Date('2024-05-31T23:00:00Z'))).toBe(
      'full-pack-2024-05-31.backstory.json',
    );
  });
});
