/**
 * The shape of the archive database at its latest version: stores, indexes and the derived fields
 * that exist only so IndexedDB can sort. `migrations.ts` builds this shape step by step.
 */
import type { DBSchema } from 'idb';
import type { Alias, Organisation, Pack, Summary } from '../packs/model';

/** The database's name at the extension's origin. */
export const ARCHIVE_DB_NAME = 'backstory-archive';

/** Every store, for transactions that must cover the whole archive (imports are all-or-nothing). */
export const ARCHIVE_STORES = ['packs', 'organisations', 'summaries', 'meta'] as const;

/** A summary as stored: the model plus fields derived from it for the date indexes. */
export interface StoredSummary extends Summary {
  /** `publishedAt ?? archivedAt` as a UTC ISO date-time, so dates of any precision sort together. */
  sortDate: string;
  /** One `[organisationKey, sortDate]` pair per organisation, for "newest about X" lookups. */
  organisationDates: [string, string][];
}

/**
 * An organisation as stored: the model plus, once the user has edited the aliases of a pack's
 * organisation, the pack's own aliases (`packAliases`), so a pack update can re-apply the user's
 * edits to the pack's new aliases (see `alias-edits.ts`). `aliases` is always what matching uses.
 */
export interface StoredOrganisation extends Organisation {
  packAliases?: Alias[];
}

/** Small facts about the archive itself, one record per key. */
export type MetaRecord = {
  key: 'bundled';
  /** The bundled pack version last installed, so a deleted bundled pack is not reinstalled. */
  packId: string;
  version: string;
  installedAt: string;
};

/** The archive database at its latest version (see `ARCHIVE_DB_VERSION` in migrations.ts). */
export interface ArchiveSchema extends DBSchema {
  packs: { key: string; value: Pack };
  organisations: {
    key: string;
    value: StoredOrganisation;
    indexes: { 'by-pack': string };
  };
  summaries: {
    key: string;
    value: StoredSummary;
    indexes: {
      'by-pack': string;
      /** multiEntry over `organisationIds`. */
      'by-organisation': string;
      /** multiEntry over `tags`. */
      'by-tag': string;
      /** `[sortDate, key]`: newest-first paging with a stable resume point. */
      'by-date': [string, string];
      /** multiEntry over `organisationDates`. */
      'by-organisation-date': [string, string];
    };
  };
  meta: { key: MetaRecord['key']; value: MetaRecord };
}

const DATE_PARTS =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/**
 * Turns a pack date of any precision (YYYY, YYYY-MM, YYYY-MM-DD, date-time with any offset) into a
 * UTC ISO string, so plain string order in an index is time order. Parsed by hand because
 * `Date.parse` of partial dates and of long fractions differs between engines.
 */
export function toSortDate(value: string): string {
  const parts = DATE_PARTS.exec(value);
  if (!parts) return value;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', fraction = '0', zone = 'Z'] =
    parts;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, '0').slice(0, 3)));
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
    date.setTime(date.getTime() - sign * offsetMinutes * 60_000);
  }
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** Adds the derived sort fields to a summary; every write of a summary goes through here. */
export function toStoredSummary(summary: Summary): StoredSummary {
  const sortDate = toSortDate(summary.publishedAt ?? summary.archivedAt);
  return {
    ...summary,
    sortDate,
    organisationDates: summary.organisationIds.map((key): [string, string] => [key, sortDate]),
  };
}

/** Drops the derived fields again, so callers and messages carry the model only. */
export function toSummary(stored: StoredSummary): Summary {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the derived fields are dropped on purpose.
  const { sortDate, organisationDates, ...summary } = stored;
  return summary;
}
