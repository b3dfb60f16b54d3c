/**
 * Small pack files for the archive tests, built in code so each test states the records it is
 * about. The fuller fixtures in `tests/fixtures/packs/` cover every field of the format.
 */
import type { IDBPDatabase } from 'idb';
import { importPack } from '../../../utils/archive/import';
import { createArchiveRepository } from '../../../utils/archive/repository';
import type { ArchiveSchema } from '../../../utils/archive/schema';
import fullPack from '../../fixtures/packs/valid-full.json';
import minimalPack from '../../fixtures/packs/valid-minimal.json';

/** A pack-file organisation, as a pack author writes it. */
export interface OrgInput {
  id: string;
  name?: string;
  kind?: string;
  description?: string;
  aliases?: { text: string; caseSensitive?: boolean; lang?: string }[];
  enabled?: boolean;
}

/** A pack-file summary, as a pack author writes it. */
export interface SummaryInput {
  id: string;
  organisationIds: string[];
  title?: string;
  text?: string;
  source?: { name: string; url?: string };
  url?: string;
  publishedAt?: string;
  archivedAt?: string;
  tags?: string[];
  lang?: string;
}

/** A pack file (unvalidated, as parsed from JSON) with the given id and records. */
export function makePack(
  id: string,
  organisations: (OrgInput | string)[],
  summaries: SummaryInput[],
  meta: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    format: 'backstory-pack',
    formatVersion: 1,
    pack: {
      id,
      name: `Pack ${id}`,
      version: '1',
      publisher: 'Backstory tests',
      description: `The ${id} test pack.`,
      updatedAt: '2024-05-31',
      ...meta,
    },
    organisations: organisations.map((input) => {
      const org = typeof input === 'string' ? { id: input } : input;
      return {
        name: `Org ${org.id}`,
        kind: 'organisation',
        description: `The ${org.id} organisation.`,
        aliases: [{ text: `Org ${org.id}` }],
        ...org,
      };
    }),
    summaries: summaries.map((summary) => ({
      title: `Summary ${summary.id}`,
      text: `Text of ${summary.id}.`,
      source: { name: 'Example Daily' },
      archivedAt: '2024-01-01',
      ...summary,
    })),
  };
}

/** A summary about `organisationIds` dated `publishedAt`. */
export function dated(id: string, publishedAt: string, organisationIds: string[]): SummaryInput {
  return { id, publishedAt, organisationIds };
}

/** Fresh copies of the shared fixture files (tests may change them). */
export const validFull = (): Record<string, unknown> => structuredClone(fullPack);
export const validMinimal = (): Record<string, unknown> => structuredClone(minimalPack);

/**
 * Fills `db` with an archive worth protecting: the full valid pack (the one malformed and
 * generated packs are made from, so an import that got through would overwrite it), another pack,
 * a note and a user's switch. Tests that must leave the archive untouched start from this.
 */
export async function seedProtectedArchive(db: IDBPDatabase<ArchiveSchema>): Promise<void> {
  for (const file of [validFull(), makePack('other-pack', ['some-org'], [])]) {
    const result = await importPack(db, file, { mode: 'replace', origin: 'imported' });
    if (!result.ok) throw new Error(`seeding failed: ${result.error.message}`);
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
  if (!note.ok) throw new Error('seeding the note failed');
}
