/**
 * The choices the archive's filters offer, each with how many summaries it holds, computed from
 * the summaries themselves so no empty choice is offered.
 */
import type { Organisation, Pack, Summary } from '../packs/model';

/** One choice of a filter. */
export interface FacetOption {
  value: string;
  label: string;
  /** Summaries with this value, before any other filter. */
  count: number;
}

/** The choices of each filter, sorted by label. */
export interface ArchiveFacets {
  organisations: FacetOption[];
  packs: FacetOption[];
  sources: FacetOption[];
  /** Summaries per organisation key (also for organisations without a name in the archive). */
  byOrganisation: ReadonlyMap<string, number>;
}

/**
 * Counts organisations, packs and sources over `summaries`. Labels come from `organisations` and
 * `packs`; two organisations of the same name are told apart by their pack's name.
 */
export function archiveFacets(
  summaries: readonly Summary[],
  organisations: readonly Organisation[],
  packs: readonly Pack[],
  locale: string,
): ArchiveFacets {
  const byOrganisation = new Map<string, number>();
  const byPack = new Map<string, number>();
  const bySource = new Map<string, number>();
  for (const summary of summaries) {
    for (const key of summary.organisationIds) increment(byOrganisation, key);
    increment(byPack, summary.packId);
    increment(bySource, summary.source.name);
  }
  const packNames = new Map(packs.map((pack) => [pack.id, pack.name]));
  const named = new Map(organisations.map((org) => [org.key, org]));
  const nameCounts = new Map<string, number>();
  for (const key of byOrganisation.keys()) {
    const name = named.get(key)?.name;
    if (name !== undefined) increment(nameCounts, name);
  }
  const collator = safeCollator(locale);
  const sorted = (options: FacetOption[]) =>
    options.sort((a, b) => collator.compare(a.label, b.label) || compare(a.value, b.value));

  return {
    organisations: sorted(
      [...byOrganisation].map(([key, count]) => {
        const org = named.get(key);
        if (!org) return { value: key, label: key, count };
        const ambiguous = (nameCounts.get(org.name) ?? 0) > 1;
        const packName = packNames.get(org.packId) ?? org.packId;
        return { value: key, label: ambiguous ? `${org.name} (${packName})` : org.name, count };
      }),
    ),
    packs: sorted(
      [...byPack].map(([id, count]) => ({ value: id, label: packNames.get(id) ?? id, count })),
    ),
    sources: sorted([...bySource].map(([name, count]) => ({ value: name, label: name, count }))),
    byOrganisation,
  };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function safeCollator(locale: string): Intl.Collator {
  try {
    return new Intl.Collator(locale || undefined, { sensitivity: 'base', numeric: true });
  } catch {
    return new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  }
}
