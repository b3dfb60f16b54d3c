/**
 * The archive's filters (organisation, pack, source, date range) and the newest-first order,
 * as pure functions over summaries.
 */
import type { Summary } from '../packs/model';

/** What the archive list is narrowed to; an absent field does not filter. */
export interface ArchiveFilters {
  /** Only summaries about this organisation (`packId/orgId`). */
  organisationKey?: string;
  packId?: string;
  /** Only summaries whose source has exactly this name. */
  source?: string;
  /** First day of the range, `YYYY-MM-DD`, inclusive. */
  from?: string;
  /** Last day of the range, `YYYY-MM-DD`, inclusive. */
  to?: string;
}

/** The fields of {@link ArchiveFilters}, in the order the UI lists them. */
export const FILTER_FIELDS = ['organisationKey', 'packId', 'source', 'from', 'to'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a `YYYY-MM-DD` string (the value of an `<input type="date">`). */
export function isDay(value: string): boolean {
  return DAY.test(value);
}

/** The date a summary is filed under: when it was published, else when it was archived. */
export function summaryDate(summary: Summary): string {
  return summary.publishedAt ?? summary.archivedAt;
}

/**
 * The days a pack date covers, as inclusive `YYYY-MM-DD` bounds: "2013" is the whole year,
 * "2013-06" the month, a date-time its day as written. Month ends are given as day 31 (and years
 * as 12-31): the bounds are only ever compared as strings against real days, where that is exact.
 */
export function datePeriod(value: string): { first: string; last: string } | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!match) return undefined;
  const [, year, month, day] = match;
  if (day) return { first: `${year}-${month}-${day}`, last: `${year}-${month}-${day}` };
  if (month) return { first: `${year}-${month}-01`, last: `${year}-${month}-31` };
  return { first: `${year}-01-01`, last: `${year}-12-31` };
}

/** True when no field of the filters narrows anything. */
export function hasNoFilters(filters: ArchiveFilters): boolean {
  return countFilters(filters) === 0;
}

/** How many filters are set (a date range counts once per bound). */
export function countFilters(filters: ArchiveFilters): number {
  return FILTER_FIELDS.filter((field) => filters[field]).length;
}

/**
 * A test for the given filters. A summary passes the date range when any day of its date's
 * period lies in the range, so "2013" passes a range from 2013-06-01; one without a readable date
 * passes only when no range is set.
 */
export function summaryFilter(filters: ArchiveFilters): (summary: Summary) => boolean {
  const { organisationKey, packId, source } = filters;
  const from = filters.from && isDay(filters.from) ? filters.from : undefined;
  const to = filters.to && isDay(filters.to) ? filters.to : undefined;
  return (summary) => {
    if (packId && summary.packId !== packId) return false;
    if (source && summary.source.name !== source) return false;
    if (organisationKey && !summary.organisationIds.includes(organisationKey)) return false;
    if (from || to) {
      const period = datePeriod(summaryDate(summary));
      if (!period) return false;
      if (from && period.last < from) return false;
      if (to && period.first > to) return false;
    }
    return true;
  };
}

/** The filters with `field` set to `value`, or without `field` when `value` is empty. */
export function withFilter(
  filters: ArchiveFilters,
  field: keyof ArchiveFilters,
  value: string,
): ArchiveFilters {
  const next: ArchiveFilters = {};
  for (const key of FILTER_FIELDS) {
    const kept = key === field ? value : filters[key];
    if (kept) next[key] = kept;
  }
  return next;
}
