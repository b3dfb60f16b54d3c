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
  /**
   * The same sequence with letter case kept, for checking case-sensitive aliases; null unless
   * asked for (`keepCase`).
   */
  preservingCase: Uint16Array | null;
}

/** Options for {@link foldedPatterns}. */
export interface FoldedPatternOptions {
  /** Whether to give each form's case-kept sequence too (`preservingCase`); true by default. */
  keepCase?: boolean;
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
export function foldedPatterns(
  text: string,
  { keepCase = true }: FoldedPatternOptions = {},
): FoldedPattern[] {
  // Folded into scratch space, then copied out at their exact length: compiling 10,000 aliases
  // made ~28 MB of garbage here with growing arrays, sets and filters per alias, enough to start
  // a full garbage collection of the page the content script compiles in.
  if (scratchFolded.length < text.length) {
    scratchFolded = new Uint16Array(text.length * 2);
    scratchCase = new Uint16Array(text.length * 2);
  }
  const folded = scratchFolded;
  const preservingCase = scratchCase;
  let n = 0;
  let pendingSeparator = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ZWNJ is ignorable in page text, but in an alias it marks where two parts meet.
    const f = c === ZWNJ ? SPACE : (FOLD_TABLE[c] ?? 0);
    if (f === 0) continue;
    if (isSeparator(f)) {
      pendingSeparator = n > 0;
      continue;
    }
    if (pendingSeparator) {
      folded[n] = SPACE;
      preservingCase[n] = SPACE;
      n++;
      pendingSeparator = false;
    }
    folded[n] = f;
    preservingCase[n] = FOLD_PRESERVING_CASE_TABLE[c] ?? f;
    n++;
  }
  if (n === 0) return [];

  const joinable: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    if (
      folded[i] === SPACE &&
      isArabicScript(folded[i - 1] ?? 0) &&
      isArabicScript(folded[i + 1] ?? 0)
    ) {
      joinable.push(i);
    }
  }
  if (joinable.length === 0) {
    return [
      { folded: folded.slice(0, n), preservingCase: keepCase ? preservingCase.slice(0, n) : null },
    ];
  }

  const masks: number[] = [];
  if (joinable.length <= MAX_JOINABLE_SEPARATORS) {
    for (let mask = 0; mask < 1 << joinable.length; mask++) masks.push(mask);
  } else {
    masks.push(0, -1);
  }
  return masks.map((mask) => {
    let dropped = 0;
    for (let bit = 0; bit < joinable.length; bit++) if ((mask & (1 << bit)) !== 0) dropped++;
    const form = {
      folded: new Uint16Array(n - dropped),
      preservingCase: keepCase ? new Uint16Array(n - dropped) : null,
    };
    let bit = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      // `joinable` is ascending: the next separator that may be dropped is joinable[bit].
      if (i === joinable[bit]) {
        const drop = (mask & (1 << bit)) !== 0;
        bit++;
        if (drop) continue;
      }
      form.folded[k] = folded[i] ?? 0;
      if (form.preservingCase) form.preservingCase[k] = preservingCase[i] ?? 0;
      k++;
    }
    return form;
  });
}

/** Scratch space for {@link foldedPatterns}, grown when an alias is longer than any before. */
let scratchFolded = new Uint16Array(256);
let scratchCase = new Uint16Array(256);
