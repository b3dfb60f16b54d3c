/**
 * Writing a pack back out as a pack file (format version 1) that imports to the same content:
 * local ids again, references into the same pack un-qualified, the stored-only fields left out.
 */
import type { IDBPDatabase } from 'idb';
import { PACK_FORMAT, PACK_FORMAT_VERSION, type PackFile } from '../packs/schema';
import type { ArchiveSchema } from './schema';

/**
 * Exports one pack as a plain `PackFile` object (ready for `JSON.stringify`), or `undefined` when
 * there is no such pack. Deterministic: organisations by id, summaries newest first, so exporting
 * twice gives the same file.
 */
export async function exportPack(
  db: IDBPDatabase<ArchiveSchema>,
  packId: string,
): Promise<PackFile | undefined> {
  const tx = db.transaction(['packs', 'organisations', 'summaries'], 'readonly');
  const [pack, organisations, summaries] = await Promise.all([
    tx.objectStore('packs').get(packId),
    tx.objectStore('organisations').index('by-pack').getAll(packId),
    tx.objectStore('summaries').index('by-pack').getAll(packId),
  ]);
  await tx.done;
  if (!pack) return undefined;

  const localIds = new Set(organisations.map((org) => org.id));
  const prefix = `${packId}/`;
  const unqualify = (ref: string) => {
    const local = ref.slice(prefix.length);
    // Only when the organisation is really here: a bare id must name one of this file's own.
    return ref.startsWith(prefix) && localIds.has(local) ? local : ref;
  };

  summaries.sort((a, b) =>
    a.sortDate === b.sortDate ? compare(a.id, b.id) : compare(b.sortDate, a.sortDate),
  );
  organisations.sort((a, b) => compare(a.id, b.id));

  return {
    format: PACK_FORMAT,
    formatVersion: PACK_FORMAT_VERSION,
    pack: omitUndefined({
      id: pack.id,
      name: pack.name,
      version: pack.version,
      publisher: pack.publisher,
      description: pack.description,
      provenance: pack.provenance,
      homepage: pack.homepage,
      license: pack.license,
      updatedAt: pack.updatedAt,
    }),
    organisations: organisations.map((org) => ({
      id: org.id,
      name: org.name,
      kind: org.kind,
      description: org.description,
      aliases: org.aliases,
      // Exported as the file's default, so whoever imports it starts with the same switches.
      enabled: org.enabled,
    })),
    summaries: summaries.map((summary) =>
      omitUndefined({
        id: summary.id,
        title: summary.title,
        text: summary.text,
        source: summary.source,
        url: summary.url,
        publishedAt: summary.publishedAt,
        archivedAt: summary.archivedAt,
        organisationIds: summary.organisationIds.map(unqualify),
        tags: summary.tags,
        lang: summary.lang,
      }),
    ),
  };
}

/** A file name for an exported pack, e.g. `my-pack-2024-05-31.backstory.json`. */
export function exportFileName(packId: string, now: Date = new Date()): string {
  return `${packId}-${now.toISOString().slice(0, 10)}.backstory.json`;
}

// Code-unit order, not locale order: the file must not depend on the exporting browser's locale.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Leaves optional fields out rather than writing them as `undefined`. */
function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
