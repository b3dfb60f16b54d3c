/**
 * Property-based tests of `importPack`: every generated hostile pack that is refused leaves the
 * database exactly as it was (compared with `dumpDatabase`), in both modes, and every generated
 * valid pack survives import → export unchanged apart from the defaults the format fills in.
 *
 * A full database dump per input is slow, so this runs fewer inputs than the validator's fuzz test:
 * `FUZZ_IMPORT_RUNS` (default 1,000) hostile and `FUZZ_ROUNDTRIP_RUNS` (default 500) valid packs.
 * `FC_SEED` fixes the seed (random by default; fast-check prints the seed of a failure).
 */
import fc from 'fast-check';
import type { IDBPDatabase } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPack } from '../../../utils/archive/export';
import { importPack, previewImport } from '../../../utils/archive/import';
import type { ArchiveSchema } from '../../../utils/archive/schema';
import { parsePackText, validatePack } from '../../../utils/packs/validate';
import { fuzzParameters, hostileInput, runCount, validPack } from '../packs/arbitraries';
import { dumpDatabase, type DatabaseDump } from './dump';
import { openTestArchive } from './fake-idb';
import { seedProtectedArchive, validFull } from './fixtures';

const IMPORT_RUNS = runCount('FUZZ_IMPORT_RUNS', 1_000);
const ROUNDTRIP_RUNS = runCount('FUZZ_ROUNDTRIP_RUNS', 500);

let db: IDBPDatabase<ArchiveSchema>;
let seeded: DatabaseDump;

beforeAll(async () => {
  db = await openTestArchive();
  await seedProtectedArchive(db);
  seeded = await dumpDatabase(db);
});

afterAll(() => db.close());

/** Sorts a pack file's lists by id, the order `exportPack` does not promise to keep. */
function byId<T extends { organisations: { id: string }[]; summaries: { id: string }[] }>(
  file: T,
): T {
  const order = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    ...file,
    organisations: [...file.organisations].sort(order),
    summaries: [...file.summaries].sort(order),
  };
}

describe('importPack under fuzzing', () => {
  it(`leaves the database as it was after each of ${IMPORT_RUNS} refused packs`, async () => {
    await fc.assert(
      fc.asyncProperty(hostileInput, async (input) => {
        const raw = input.kind === 'text' ? input.text : input.value;
        const valid = (
          input.kind === 'text' ? parsePackText(input.text) : validatePack(input.value)
        ).ok;
        for (const mode of ['replace', 'merge'] as const) {
          if (valid) {
            // A mutation that kept the pack valid would really import; preview it instead (the
            // notes pack's id, which a mutation may write, is refused even so).
            const preview = await previewImport(db, raw, mode);
            expect(preview.ok || preview.error.kind === 'refused', JSON.stringify(preview)).toBe(
              true,
            );
            continue;
          }
          const result = await importPack(db, raw, { mode, origin: 'imported' });
          expect(result).toMatchObject({ ok: false, error: { kind: 'invalid' } });
        }
        expect(await dumpDatabase(db)).toStrictEqual(seeded);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      fuzzParameters(IMPORT_RUNS),
    );
  }, 60_000);

  it('refuses the reserved notes pack id without writing', async () => {
    const file = validFull();
    (file.pack as Record<string, unknown>).id = 'my-notes';
    const result = await importPack(db, file, { mode: 'replace', origin: 'imported' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await dumpDatabase(db)).toStrictEqual(seeded);
  });

  it(`round-trips ${ROUNDTRIP_RUNS} generated valid packs through import and export`, async () => {
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(validPack, fc.boolean(), async (generated, asText) => {
        // A fresh id each time: re-importing over an earlier pack would keep the user's switches.
        const file = { ...generated, pack: { ...generated.pack, id: `round-trip-${serial++}` } };
        const expected = validatePack(file);
        if (!expected.ok) throw new Error(JSON.stringify(expected.issues));
        const input = asText ? JSON.stringify(file) : file;
        const result = await importPack(db, input, { mode: 'replace', origin: 'imported' });
        expect(result.ok, JSON.stringify(result)).toBe(true);
        const exported = await exportPack(db, file.pack.id);
        expect(exported).toBeDefined();
        if (!exported) return;
        expect(byId(exported)).toStrictEqual(byId(expected.value));
        // The export is itself a valid pack that describes the same content.
        expect(validatePack(JSON.parse(JSON.stringify(exported)))).toEqual({
          ok: true,
          value: exported,
        });
      }),
      fuzzParameters(ROUNDTRIP_RUNS),
    );
  }, 60_000);
});
