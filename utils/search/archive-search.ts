/**
 * Full-text search over the archive with MiniSearch: one index per open popup, built in slices
 * and kept current by diffing what the archive holds now against what was indexed.
 *
 * Each summary is indexed under its title, text and source name, and under the name and every
 * alias of each organisation it is about, so "PMOI", "Mojahedin" or "مجاهدین خلق" find the
 * summaries about that organisation even when their own words use another name. Terms are
 * folded like the matcher folds page text (see `normalise.ts`); queries match word prefixes and
 * tolerate typos in longer words.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import { toSortDate } from '../archive/schema';
import type { Organisation, Summary } from '../packs/model';
import { summaryDate, summaryFilter, type ArchiveFilters } from './filters';
import {
  fuzzyDistance,
  indexTerms,
  queryTerms,
  queryTermsOf,
  tokenizeForSearch,
  usesPrefix,
} from './normalise';

/** A query: free text (may be empty) and filters. */
export interface ArchiveQuery {
  text: string;
  filters: ArchiveFilters;
}

/** The summaries a query found, best first (or newest first without text). */
export interface ArchiveResults {
  items: Summary[];
  /**
   * No summary contains every word of the query, so these contain at least one of them. The UI
   * says so rather than showing an empty list for a query with one unlucky word.
   */
  relaxed: boolean;
  /** Some summaries are not indexed yet, so a text query may miss them. */
  partial: boolean;
}

/** What `setSummaries` changed. */
export interface SyncCounts {
  added: number;
  changed: number;
  removed: number;
}

/** The archive's searchable state; see the module comment. */
export interface ArchiveSearch {
  /**
   * Sets the organisations whose names and aliases summaries are indexed under. Summaries about
   * an organisation whose name or aliases changed are queued for indexing again.
   */
  setOrganisations(organisations: readonly Organisation[]): void;
  /**
   * Makes the searchable summaries exactly `summaries` (in any order): new and changed ones are
   * queued for indexing, newest first; removed ones leave the index now.
   */
  setSummaries(summaries: readonly Summary[]): SyncCounts;
  /**
   * Indexes queued summaries until `shouldYield()` returns true (checked after each one) or the
   * queue is empty; returns true when it is empty. Lets the caller spread the work over idle
   * slices of its own choosing.
   */
  indexPending(shouldYield: () => boolean): boolean;
  /** How many summaries wait to be indexed. */
  readonly pending: number;
  /** How many summaries there are. */
  readonly size: number;
  /** Every summary, newest first. */
  newestFirst(): readonly Summary[];
  get(key: string): Summary | undefined;
  search(query: ArchiveQuery): ArchiveResults;
}

/** Field weights: a hit in the title counts most, one in the running text least. */
const BOOST = { title: 3, organisations: 2, source: 1.5, text: 1 };

type Field = keyof typeof BOOST;

/** Creates an empty search; fill it with `setOrganisations` and `setSummaries`. */
export function createArchiveSearch(): ArchiveSearch {
  const summaries = new Map<string, Summary>();
  const sortDates = new Map<string, string>();
  let newest: Summary[] = [];
  /** Keys waiting to be (re)indexed, in the order queued; a Set keeps each key once. */
  const queue = new Set<string>();
  /** Each organisation's searchable words: its name and every alias, each word once. */
  let organisationWords = new Map<string, string>();
  /** The organisations field of a summary, by its joined organisation keys. */
  const organisationsField = new Map<string, string>();

  const index = new MiniSearch<Summary>({
    idField: 'key',
    fields: Object.keys(BOOST),
    storeFields: [],
    extractField: (summary, field) => extract(summary, field as Field | 'key'),
    tokenize: tokenizeForSearch,
    processTerm: indexTerms,
    searchOptions: {
      tokenize: tokenizeForSearch,
      processTerm: queryTerms,
      boost: BOOST,
      prefix: usesPrefix,
      fuzzy: (term) => fuzzyDistance(term) || false,
      maxFuzzy: 2,
      combineWith: 'AND',
    },
  });

  function extract(summary: Summary, field: Field | 'key'): string {
    switch (field) {
      case 'key':
        return summary.key;
      case 'title':
        return summary.title;
      case 'text':
        return summary.text;
      case 'source':
        return summary.source.name;
      case 'organisations':
        return organisationsOf(summary);
    }
  }

  function organisationsOf(summary: Summary): string {
    const id = summary.organisationIds.join('\n');
    let field = organisationsField.get(id);
    if (field === undefined) {
      field = summary.organisationIds.map((key) => organisationWords.get(key) ?? '').join('\n');
      organisationsField.set(id, field);
    }
    return field;
  }

  /** Takes a summary out of the index now, if it is in it. */
  function unindex(key: string): void {
    if (index.has(key)) index.discard(key);
  }

  function resort(): void {
    const keyed = [...summaries.values()];
    keyed.sort((a, b) => {
      const [da = '', db = ''] = [sortDates.get(a.key), sortDates.get(b.key)];
      if (da !== db) return da < db ? 1 : -1;
      return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
    });
    newest = keyed;
  }

  return {
    setOrganisations(organisations) {
      const next = new Map(organisations.map((org) => [org.key, wordsOf(org)]));
      const changed = new Set<string>();
      for (const key of new Set([...organisationWords.keys(), ...next.keys()])) {
        if (organisationWords.get(key) !== next.get(key)) changed.add(key);
      }
      organisationWords = next;
      if (changed.size === 0) return;
      organisationsField.clear();
      for (const summary of summaries.values()) {
        if (summary.organisationIds.some((key) => changed.has(key))) {
          unindex(summary.key);
          queue.add(summary.key);
        }
      }
    },

    setSummaries(next) {
      const counts: SyncCounts = { added: 0, changed: 0, removed: 0 };
      const seen = new Set<string>();
      const fresh = new Set<string>();
      for (const summary of next) {
        seen.add(summary.key);
        const previous = summaries.get(summary.key);
        if (previous && sameSummary(previous, summary)) continue;
        if (previous) {
          counts.changed++;
          unindex(summary.key);
        } else {
          counts.added++;
        }
        summaries.set(summary.key, summary);
        sortDates.set(summary.key, toSortDate(summaryDate(summary)));
        fresh.add(summary.key);
      }
      for (const key of [...summaries.keys()]) {
        if (seen.has(key)) continue;
        counts.removed++;
        summaries.delete(key);
        sortDates.delete(key);
        queue.delete(key);
        unindex(key);
      }
      if (counts.added + counts.changed + counts.removed === 0) return counts;
      resort();
      // Newest first, so that while indexing runs, a search already finds the recent summaries.
      for (const summary of newest) if (fresh.has(summary.key)) queue.add(summary.key);
      return counts;
    },

    indexPending(shouldYield) {
      for (const key of queue) {
        queue.delete(key);
        const summary = summaries.get(key);
        if (summary && !index.has(key)) index.add(summary);
        if (shouldYield()) break;
      }
      return queue.size === 0;
    },

    get pending() {
      return queue.size;
    },

    get size() {
      return summaries.size;
    },

    newestFirst: () => newest,

    get: (key) => summaries.get(key),

    search({ text, filters }) {
      const accept = summaryFilter(filters);
      const partial = queue.size > 0;
      const terms = queryTermsOf(text);
      if (terms.length === 0)
        return { items: newest.filter(accept), relaxed: false, partial: false };
      const filter = (result: SearchResult) => {
        const summary = summaries.get(result.id as string);
        return summary !== undefined && accept(summary);
      };
      let results = index.search(text, { filter });
      let relaxed = false;
      if (results.length === 0 && terms.length > 1) {
        results = index.search(text, { filter, combineWith: 'OR' });
        relaxed = results.length > 0;
      }
      const items = results.flatMap((result) => summaries.get(result.id as string) ?? []);
      return { items, relaxed, partial };
    },
  };
}

/** An organisation's name and aliases as one string, each folded word once (in first order). */
function wordsOf(organisation: Organisation): string {
  const words = new Map<string, string>();
  for (const text of [organisation.name, ...organisation.aliases.map((alias) => alias.text)]) {
    for (const word of tokenizeForSearch(text)) {
      const terms = indexTerms(word);
      if (terms && !words.has(terms.join(' '))) words.set(terms.join(' '), word);
    }
  }
  return [...words.values()].join(' ');
}

/** True when two versions of a summary read the same (the fields search and the list show). */
function sameSummary(a: Summary, b: Summary): boolean {
  return (
    a.title === b.title &&
    a.text === b.text &&
    a.source.name === b.source.name &&
    a.source.url === b.source.url &&
    a.url === b.url &&
    a.publishedAt === b.publishedAt &&
    a.archivedAt === b.archivedAt &&
    a.lang === b.lang &&
    a.packId === b.packId &&
    sameList(a.organisationIds, b.organisationIds) &&
    sameList(a.tags, b.tags)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
