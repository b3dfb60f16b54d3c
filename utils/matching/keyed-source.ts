/**
 * A large alias list kept where it lives (the background), with only its keys sent to pages.
 *
 * A page's content script runs in the page's own heap, next to a page that may sit a megabyte or
 * two under its next full garbage collection (see bench/README.md): 10,000 aliases received as
 * objects are enough to set it off, whatever is then done with them. So above
 * `LAZY_ABOVE_ALIASES` the background sends each page the keys of every alias (see `keys.ts`;
 * ~140 KB for 10,000 aliases, most of it prefilters of fixed size) and the aliases that have no
 * key, and a page asks for the aliases of the keys its text holds ({@link KeyedSource.aliasesFor}).
 * A page then holds the aliases it mentions, not all of them.
 *
 * Pure: no DOM, no browser globals.
 */

import type { Alias } from '../packs/model';
import { type KeyIndex, type KeyIndexData, createKeyIndexBuilder } from './keys';
import { type MatcherOrganisation, NO_ALIAS } from './matcher';
import { createPatternStore } from './patterns';

/**
 * Some of an organisation's aliases: `aliases[i]` is its alias number `aliasIndexes[i]` of
 * `aliasCount`. {@link expandOrganisations} turns these back into organisations a matcher takes.
 */
export interface PartialOrganisation {
  key: string;
  name: string;
  aliasCount: number;
  aliasIndexes: number[];
  aliases: Alias[];
}

/** An alias list split into keys (for pages) and the aliases behind them. */
export interface KeyedSource {
  /** Every alias's keys, as a message carries them. */
  readonly keys: KeyIndexData;
  /** The aliases with no key (words of one letter): a page compiles them from the start. */
  readonly always: PartialOrganisation[];
  /** The aliases that have one of `keys` (unknown keys are ignored), by organisation. */
  aliasesFor(keys: readonly number[]): PartialOrganisation[];
}

/** Splits `orgs` (unique keys) into a {@link KeyedSource}. */
export function createKeyedSource(orgs: readonly MatcherOrganisation[]): KeyedSource {
  const builder = createKeyIndexBuilder();
  const orgOfAlias: number[] = [];
  const indexInOrg: number[] = [];
  orgs.forEach((org, o) => {
    const store = createPatternStore();
    org.aliases.forEach((alias, a) => {
      store.add(alias.text, { keepCase: false }, orgOfAlias.length);
      orgOfAlias.push(o);
      indexInOrg.push(a);
    });
    const patterns = store.finish();
    builder.addPatterns(patterns, patterns.owners);
  });
  const index: KeyIndex = builder.finish();

  const partial = (aliasIds: Iterable<number>): PartialOrganisation[] => {
    const byOrg = new Map<number, number[]>();
    for (const id of aliasIds) {
      const o = orgOfAlias[id];
      if (o === undefined) continue;
      byOrg.set(o, [...(byOrg.get(o) ?? []), indexInOrg[id] ?? 0]);
    }
    return [...byOrg]
      .sort(([a], [b]) => a - b)
      .map(([o, indexes]) => {
        const org = orgs[o] as MatcherOrganisation;
        const sorted = [...new Set(indexes)].sort((a, b) => a - b);
        return {
          key: org.key,
          name: org.name,
          aliasCount: org.aliases.length,
          aliasIndexes: sorted,
          aliases: sorted.map((a) => org.aliases[a] as Alias),
        };
      });
  };

  return {
    keys: index.toData(),
    always: partial(index.keyless),
    aliasesFor(keys) {
      const ids = new Set<number>();
      for (const key of keys) index.lookUp(key, (id) => ids.add(id));
      return partial(ids);
    },
  };
}

/**
 * Organisations for a matcher from partial ones (several parts of one organisation are merged):
 * aliases not given are {@link NO_ALIAS}, so every alias keeps its index.
 */
export function expandOrganisations(parts: readonly PartialOrganisation[]): MatcherOrganisation[] {
  const merged = new Map<string, { name: string; aliases: Alias[] }>();
  for (const part of parts) {
    let org = merged.get(part.key);
    if (!org) {
      org = { name: part.name, aliases: new Array<Alias>(part.aliasCount).fill(NO_ALIAS) };
      merged.set(part.key, org);
    }
    part.aliasIndexes.forEach((index, i) => {
      const alias = part.aliases[i];
      if (org && alias && index >= 0 && index < org.aliases.length) org.aliases[index] = alias;
    });
  }
  return [...merged].map(([key, { name, aliases }]) => ({ key, name, aliases }));
}
