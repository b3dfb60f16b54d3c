/**
 * Every malformed or hostile pack in the shared table is refused by `importPack`, with an issue at
 * the expected path, and leaves an installed archive exactly as it was: none of these files may
 * replace, merge into or half-overwrite the valid pack they were made from.
 */
import type { IDBPDatabase } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPack, previewImport } from '../../../utils/archive/import';
import type { ArchiveSchema } from '../../../utils/archive/schema';
import { MALFORMED_PACKS } from '../../fixtures/packs/malformed';
import { dumpDatabase, type DatabaseDump } from './dump';
import { openTestArchive } from './fake-idb';
import { seedProtectedArchive } from './fixtures';

let db: IDBPDatabase<ArchiveSchema>;
let seeded: DatabaseDump;

beforeAll(async () => {
  db = await openTestArchive();
  await seedProtectedArchive(db);
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
