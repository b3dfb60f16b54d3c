/**
 * The user's edits to the aliases of a pack's organisation, kept across pack updates.
 *
 * An edited organisation stores the aliases the user sees (`aliases`) and the pack's own at the
 * time (`packAliases`); the difference between the two is the edit. When the pack ships new
 * aliases, the same difference is applied to them: aliases the user removed stay removed, aliases
 * the user added or changed (found by their text) stay as the user wrote them, and everything
 * else follows the pack. Pure, so the importer and the tests share it.
 */
import type { Alias } from '../packs/model';
import { PACK_LIMITS } from '../packs/schema';

/** True when two aliases are the same in every field that matters for matching. */
export function sameAlias(a: Alias, b: Alias): boolean {
  return (
    a.text === b.text &&
    a.lang === b.lang &&
    a.caseSensitive === b.caseSensitive &&
    sameList(a.context, b.context) &&
    sameList(a.prefixes, b.prefixes)
  );
}

/** True when two alias lists are the same, in the same order. */
export function sameAliases(a: readonly Alias[], b: readonly Alias[]): boolean {
  return a.length === b.length && a.every((alias, i) => sameAlias(alias, b[i] as Alias));
}

/**
 * Re-applies the user's edits (the difference between `oldPackAliases` and `oldAliases`) to the
 * pack's new aliases. With no edits this is `newPackAliases` unchanged.
 */
export function applyAliasEdits(
  newPackAliases: readonly Alias[],
  oldPackAliases: readonly Alias[],
  oldAliases: readonly Alias[],
): Alias[] {
  const kept = new Map(oldAliases.map((alias) => [alias.text, alias]));
  const removed = new Set(
    oldPackAliases.filter((alias) => !kept.has(alias.text)).map((alias) => alias.text),
  );
  const packByText = new Map(oldPackAliases.map((alias) => [alias.text, alias]));
  // The user's own versions: aliases that are new, or differ from the pack's alias of that text.
  const userVersions = new Map(
    oldAliases
      .filter((alias) => {
        const fromPack = packByText.get(alias.text);
        return !fromPack || !sameAlias(fromPack, alias);
      })
      .map((alias) => [alias.text, alias]),
  );
  const result: Alias[] = [];
  const placed = new Set<string>();
  for (const alias of newPackAliases) {
    if (removed.has(alias.text)) continue;
    result.push(userVersions.get(alias.text) ?? alias);
    placed.add(alias.text);
  }
  for (const [text, alias] of userVersions) if (!placed.has(text)) result.push(alias);
  // The stored record must still pass the pack schema (backups are validated by it).
  return result.slice(0, PACK_LIMITS.aliasesPerOrganisation);
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((item, i) => item === right[i]);
}
