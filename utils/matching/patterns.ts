/**
 * Turns an alias into the folded code-unit sequences the automaton looks for.
 *
 * Inside an alias, spaces, hyphens (of every kind) and ZWNJ are one separator, written as a single
 * space in the folded form. Persian writers put a space, a ZWNJ or nothing between the parts of a
 * name ("مجاهدین خلق", "مجاهدین‌خلق"); page text drops the ZWNJ while folding, so a separator
 * between two Arabic-script letters also yields a variant with the parts joined.
 */

import { FOLD_PRESERVING_CASE_TABLE, FOLD_TABLE, SPACE, ZWNJ, isSeparator } from './fold';

/** One folded form of an alias. */
export interface FoldedPattern {
  /** Case-folded code units; separators are {@link SPACE}. What the automaton matches. */
  folded: Uint16Array;
  /** The same sequence with letter case kept, for checking case-sensitive aliases. */
  preservingCase: Uint16Array;
}

/**
 * Above this many joinable separators only the all-spaced and all-joined forms are generated, so
 * one long Persian alias cannot blow up into thousands of patterns.
 */
const MAX_JOINABLE_SEPARATORS = 4;

/** True for folded code units of the Arabic script (where ZWNJ and spaces are interchangeable). */
export function isArabicScript(c: number): boolean {
  return (
    (c >= 0x0600 && c <= 0x06ff) ||
    (c >= 0x0750 && c <= 0x077f) ||
    (c >= 0x08a0 && c <= 0x08ff) ||
    (c >= 0xfb50 && c <= 0xfdff) ||
    (c >= 0xfe70 && c <= 0xfefc)
  );
}

/**
 * The folded forms of an alias (or context word): the spaced form first, then ZWNJ-joined
 * variants. Empty when the alias folds to nothing (only punctuation marks or invisible characters).
 */
export function foldedPatterns(text: string): FoldedPattern[] {
  const folded: number[] = [];
  const preservingCase: number[] = [];
  let pendingSeparator = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ZWNJ is ignorable in page text, but in an alias it marks where two parts meet.
    const f = c === ZWNJ ? SPACE : (FOLD_TABLE[c] ?? 0);
    if (f === 0) continue;
    if (isSeparator(f)) {
      pendingSeparator = folded.length > 0;
      continue;
    }
    if (pendingSeparator) {
      folded.push(SPACE);
      preservingCase.push(SPACE);
      pendingSeparator = false;
    }
    folded.push(f);
    preservingCase.push(FOLD_PRESERVING_CASE_TABLE[c] ?? f);
  }
  if (folded.length === 0) return [];

  const joinable: number[] = [];
  for (let i = 1; i < folded.length - 1; i++) {
    if (
      folded[i] === SPACE &&
      isArabicScript(folded[i - 1] ?? 0) &&
      isArabicScript(folded[i + 1] ?? 0)
    ) {
      joinable.push(i);
    }
  }

  const masks: number[] = [];
  if (joinable.length <= MAX_JOINABLE_SEPARATORS) {
    for (let mask = 0; mask < 1 << joinable.length; mask++) masks.push(mask);
  } else {
    masks.push(0, -1);
  }

  return masks.map((mask) => {
    const drop = new Set(joinable.filter((_, bit) => (mask & (1 << bit)) !== 0));
    return {
      folded: Uint16Array.from(folded.filter((_, i) => !drop.has(i))),
      preservingCase: Uint16Array.from(preservingCase.filter((_, i) => !drop.has(i))),
    };
  });
}
