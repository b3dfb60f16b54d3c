/**
 * Turns an alias into the folded code-unit sequences the automaton looks for.
 *
 * Inside an alias, spaces, hyphens (of every kind) and ZWNJ are one separator, written as a single
 * space in the folded form. Persian writers put a space, a ZWNJ or nothing between the parts of a
 * name ("مجاهدین خلق", "مجاهدین‌خلق"); page text drops the ZWNJ while folding, so a separator
 * between two Arabic-script letters also yields a variant with the parts joined.
 */

import type { PatternList } from './automaton';
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
 * Patterns collected into one buffer as aliases are folded (see {@link createPatternStore}):
 * what the matcher compiles, with no typed array or object per form.
 */
export interface PatternStore {
  /** Adds the folded forms of `text` (see {@link foldedPatterns}); returns how many it added. */
  add(text: string, options: FoldedPatternOptions, owner: number): number;
  /** Patterns added so far. */
  readonly count: number;
  /** The first and last folded unit of a pattern added so far (0 if there is none). */
  firstUnitOf(pattern: number): number;
  lastUnitOf(pattern: number): number;
  /** The patterns, their owners and case-kept forms, at their exact length (views). */
  finish(): StoredPatterns;
}

/** The content of a {@link PatternStore}. */
export interface StoredPatterns extends PatternList {
  /** The `owner` each pattern was added with. */
  readonly owners: Int32Array;
  /**
   * For a pattern added with `keepCase`: where its case-kept form (the same length as the folded
   * one) starts in `caseUnits`; -1 otherwise.
   */
  readonly caseStart: Int32Array;
  readonly caseUnits: Uint16Array;
}

/** An empty {@link PatternStore}; its buffers double as they fill. */
export function createPatternStore(): PatternStore {
  let units: Uint16Array = new Uint16Array(1_024);
  let used = 0;
  let bounds: Int32Array = new Int32Array(65);
  let owners: Int32Array = new Int32Array(64);
  let caseStart: Int32Array = new Int32Array(64);
  let caseUnits: Uint16Array = new Uint16Array(0);
  let caseUsed = 0;
  let count = 0;

  const grownUnits = (buffer: Uint16Array, need: number): Uint16Array => {
    if (need <= buffer.length) return buffer;
    const next = new Uint16Array(Math.max(need, buffer.length * 2));
    next.set(buffer);
    return next;
  };
  const grownInts = (buffer: Int32Array, need: number): Int32Array => {
    if (need <= buffer.length) return buffer;
    const next = new Int32Array(Math.max(need, buffer.length * 2));
    next.set(buffer);
    return next;
  };

  /** Appends one form: `length` units of the scratch folding, minus the separators `drop`s. */
  const push = (length: number, drop: (i: number) => boolean, keepCase: boolean, owner: number) => {
    units = grownUnits(units, used + length);
    if (keepCase) caseUnits = grownUnits(caseUnits, caseUsed + length);
    bounds = grownInts(bounds, count + 2);
    owners = grownInts(owners, count + 1);
    caseStart = grownInts(caseStart, count + 1);
    const caseFrom = caseUsed;
    for (let i = 0; i < length; i++) {
      if (drop(i)) continue;
      units[used++] = scratchFolded[i] ?? 0;
      if (keepCase) caseUnits[caseUsed++] = scratchCase[i] ?? 0;
    }
    owners[count] = owner;
    caseStart[count] = keepCase ? caseFrom : -1;
    count++;
    bounds[count] = used;
  };

  return {
    add(text, { keepCase = true }, owner) {
      const n = foldIntoScratch(text);
      if (n === 0) return 0;
      const joinable: number[] = [];
      for (let i = 1; i < n - 1; i++) {
        if (
          scratchFolded[i] === SPACE &&
          isArabicScript(scratchFolded[i - 1] ?? 0) &&
          isArabicScript(scratchFolded[i + 1] ?? 0)
        ) {
          joinable.push(i);
        }
      }
      if (joinable.length === 0) {
        push(n, KEEP_EVERY_UNIT, keepCase, owner);
        return 1;
      }
      const masks: number[] = [];
      if (joinable.length <= MAX_JOINABLE_SEPARATORS) {
        for (let mask = 0; mask < 1 << joinable.length; mask++) masks.push(mask);
      } else {
        masks.push(0, -1);
      }
      for (const mask of masks) {
        // `joinable` is ascending: the next separator that may be dropped is joinable[bit].
        let bit = 0;
        push(
          n,
          (i) => {
            if (i !== joinable[bit]) return false;
            return (mask & (1 << bit++)) !== 0;
          },
          keepCase,
          owner,
        );
      }
      return masks.length;
    },
    get count() {
      return count;
    },
    firstUnitOf: (pattern) =>
      pattern >= 0 && pattern < count ? (units[bounds[pattern] ?? 0] ?? 0) : 0,
    lastUnitOf: (pattern) =>
      pattern >= 0 && pattern < count ? (units[(bounds[pattern + 1] ?? 0) - 1] ?? 0) : 0,
    finish: () => ({
      units: units.subarray(0, used),
      bounds: bounds.subarray(0, count + 1),
      owners: owners.subarray(0, count),
      caseStart: caseStart.subarray(0, count),
      caseUnits: caseUnits.subarray(0, caseUsed),
    }),
  };
}

/**
 * The folded forms of an alias (or context word): the spaced form first, then ZWNJ-joined
 * variants. Empty when the alias folds to nothing (only punctuation marks or invisible characters).
 * The matcher adds forms to a {@link PatternStore} instead; this is the same folding, form by form.
 */
export function foldedPatterns(
  text: string,
  { keepCase = true }: FoldedPatternOptions = {},
): FoldedPattern[] {
  const store = createPatternStore();
  store.add(text, { keepCase }, 0);
  const { units, bounds, caseStart, caseUnits } = store.finish();
  const forms: FoldedPattern[] = [];
  for (let i = 0; i < store.count; i++) {
    const from = bounds[i] ?? 0;
    const to = bounds[i + 1] ?? 0;
    const caseFrom = caseStart[i] ?? -1;
    forms.push({
      folded: units.slice(from, to),
      preservingCase: caseFrom >= 0 ? caseUnits.slice(caseFrom, caseFrom + to - from) : null,
    });
  }
  return forms;
}

/**
 * Folds `text` into the scratch buffers, separators as one {@link SPACE}, none at either end;
 * returns the length. Compiling 10,000 aliases made ~28 MB of garbage with growing arrays, sets
 * and filters per alias, enough to start a full garbage collection of the page the content script
 * compiles in.
 */
function foldIntoScratch(text: string): number {
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
  return n;
}

/** The drop test of a form with every separator kept. */
const KEEP_EVERY_UNIT = () => false;

/** Scratch space for {@link foldedPatterns}, grown when an alias is longer than any before. */
let scratchFolded = new Uint16Array(256);
let scratchCase = new Uint16Array(256);
