/**
 * Folding of text for matching: one UTF-16 code unit in, at most one code unit out.
 *
 * The matcher never calls `normalize()` on page text, because that would change string lengths
 * and the offsets it reports must be offsets into the page's own text (they become DOM ranges).
 * Instead every code unit is looked up in a 64 Ki table that lowercases it, strips Latin and Greek
 * diacritics, unifies quotes, dashes, spaces and Persian/Arabic letter variants, and marks
 * invisible characters (ZWNJ, tatweel, harakat, soft hyphen, bidi marks) as ignorable (0).
 *
 * Two tables (128 KiB each): one that folds case and one that keeps it, for aliases that are
 * case-sensitive (acronyms such as "MEK"). What goes in them, and how they are built (at build
 * time, shipped as text decoded at module load), is in fold-tables.ts.
 */

import { buildFoldTables, decodeFoldTables, HYPHEN, SPACE } from './fold-tables';

export { HYPHEN, SPACE, ZWNJ } from './fold-tables';

/**
 * The tables as built at build time (see fold-tables.ts): wxt.config.ts and vitest.config.ts
 * define it; Node scripts run without it and build the tables here.
 */
declare const __BACKSTORY_FOLD_TABLES__: string | undefined;

const { fold: FOLD, keep: KEEP } =
  typeof __BACKSTORY_FOLD_TABLES__ === 'string'
    ? decodeFoldTables(__BACKSTORY_FOLD_TABLES__)
    : buildFoldTables();

/**
 * The table behind {@link foldCodeUnit}, for hot loops that index it directly. Read only.
 * Surrogates fold to themselves, so astral characters match only exactly.
 */
export const FOLD_TABLE: Readonly<Uint16Array> = FOLD;

/** The table behind {@link foldCodeUnitPreservingCase}. Read only. */
export const FOLD_PRESERVING_CASE_TABLE: Readonly<Uint16Array> = KEEP;

/** Folds one UTF-16 code unit for case-insensitive matching; 0 means "ignore this code unit". */
export function foldCodeUnit(c: number): number {
  return FOLD[c & 0xffff] ?? 0;
}

/**
 * Folds one code unit like {@link foldCodeUnit} but keeps letter case, so case-sensitive aliases
 * still see through curly quotes, dash variants, NBSP and diacritics.
 */
export function foldCodeUnitPreservingCase(c: number): number {
  return KEEP[c & 0xffff] ?? 0;
}

/** True for the folded forms that count as word separators inside an alias (space and hyphen). */
export function isSeparator(folded: number): boolean {
  return folded === SPACE || folded === HYPHEN;
}

/** Options for {@link foldText}. */
export interface FoldTextOptions {
  /** Keep letter case (for case-sensitive aliases). */
  preserveCase?: boolean;
}

/**
 * Folds a whole string the way the matcher sees it: ignorable characters dropped, each run of
 * spaces and hyphens turned into one space, leading and trailing separators trimmed. For keys and
 * comparisons (prefixes, tests, search); the matcher's own alias patterns come from
 * `foldedPatterns`, which also reads a ZWNJ in an alias as a separator.
 */
export function foldText(s: string, options: FoldTextOptions = {}): string {
  const table = options.preserveCase ? KEEP : FOLD;
  let out = '';
  let pendingSeparator = false;
  for (let i = 0; i < s.length; i++) {
    const f = table[s.charCodeAt(i)] ?? 0;
    if (f === 0) continue;
    if (f === SPACE || f === HYPHEN) {
      pendingSeparator = out.length > 0;
      continue;
    }
    if (pendingSeparator) out += ' ';
    pendingSeparator = false;
    out += String.fromCharCode(f);
  }
  return out;
}
