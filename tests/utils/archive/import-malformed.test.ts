/**
 * Every malformed or hostile pack in the shared table is refused by `importPack`, with an issue at
 * the expected path, and leaves an installed archive exactly as it was: none of these files may
 * replace, merge into or half-overwrite the valid pack they were made from.
 */
import type { IDBPDatabase } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPack, previewImport } from '../../../utils/archive/import';
import { createArchiveRepository } from '../../../utils/archive/repository';
import type { ArchiveSchema } from '../../../utils/archive/schema';
import { MALFORMED_PACKS } from '../../fixtures/packs/malformed';
import { dumpDatabase, type DatabaseDump } from './dump';
import { openTestArchive } from './fake-idb';
import { makePack, validFull } from './fixtures';

let db: IDBPDatabase<ArchiveSchema>;
let seeded: DatabaseDump;

beforeAll(async () => {
  db = await openTestArchive();
  // The valid pack every malformed one was made from, another pack, a note and a user's switch.
  for (const file of [validFull(), makePack('other-pack', ['some-org'], [])]) {
    const result = await importPack(db, file, { mode: 'replace', origin: 'imported' });
    expect(result.ok).toBe(true);
  }
  const repository = createArchiveRepository(db);
  await repository.setOrganisationEnabled('full-pack/example-party', true);
  const note = await repository.putNote({
    id: 'mine',
    title: 'Mine',
    text: 'My words.',
    source: { name: 'Me' },
    organisationIds: ['full-pack/example-coalition'],
  });
  expect(note.ok).toBe(true);
  seeded = await dumpDatabase(db);
});

afterAll(() => db.close());

describe('importPack refuses malformed packs and writes nothing', () => {
  it.each(MALFORMED_PACKS)('$name → $expectPath', async (row) => {
    const input = row.make();
    for (const mode of ['replace', 'merge'] as const) {
      const options = { mode, origin: 'imported' as const, maxBytes: row.maxBytes };
      const result = await importPack(db, input, options);

      expect(result).toMatchObject({ ok: false, error: { kind: 'invalid' } });
      if (result.ok || result.error.kind !== 'invalid') return;
      const atPath = result.error.issues.filter((issue) => issue.path === row.expectPath);
      expect(atPath, JSON.stringify(result.error.issues.slice(0, 5))).not.toHaveLength(0);
      if (row.expectMessage) {
        expect(atPath.map((issue) => issue.message)).toContainEqual(
          expect.stringMatching(row.expectMessage),
        );
      }
      expect(await previewImport(db, input, mode, options)).toEqual(result);
    }
    expect(await dumpDatabase(db)).toStrictEqual(seeded);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
