/**
 * Key grams: which aliases could occur in a text, found without a trie of every alias.
 *
 * Each folded pattern of an alias gets one key: a run of up to {@link KEY_UNITS} folded code units
 * inside one of its words (no separator in it), the rarest-looking such run. A pattern written in
 * a text leaves its key there too: page text is folded through the same table, ignorable code
 * units are skipped, and a separator in the text ends every run. So a text where an alias's key
 * never occurs cannot contain the alias, and {@link KeyIndex.scan} over a text answers a superset
 * of the aliases the text can contain (hashes may collide; a collision only adds an alias).
 *
 * Why: a matcher compiled from 10,000 aliases is a trie of ~190,000 states, built in the page's
 * own heap; a page names a handful of them. With keys the content script compiles only aliases
 * whose key the page contains, and the trie stays the size of what the page mentions (see
 * `compileMatcher`'s `lazyAbove`).
 *
 * Pure: no DOM, no browser globals.
 */

import type { PatternList } from './automaton';
import { FOLD_TABLE, HYPHEN, SPACE } from './fold';

/** The longest key, in folded code units. */
export const KEY_UNITS = 4;

const BASE = 0x01000193;
const BASE_2 = Math.imul(BASE, BASE);
const BASE_3 = Math.imul(BASE_2, BASE);
/** Multiplier that spreads a polynomial hash into its high bits (Fibonacci hashing). */
const SPREAD = 0x9e3779b1;
/** Makes keys of different lengths differ even when their polynomial hashes agree. */
const LENGTH_SALT = 0x85ebca6b;

/** The key of `length` units whose polynomial hash (∑ uᵢ·BASE^(length−1−i), mod 2³²) is `h`. */
function keyOf(h: number, length: number): number {
  return Math.imul(h ^ Math.imul(length, LENGTH_SALT), SPREAD) | 0;
}

/** The key of `length` folded units of `units` from `from`. Exported for tests. */
export function gramKey(units: ArrayLike<number>, from: number, length: number): number {
  let h = 0;
  for (let i = 0; i < length; i++) h = (Math.imul(h, BASE) + (units[from + i] ?? 0)) | 0;
  return keyOf(h, length);
}

/**
 * How common a folded code unit is in running text, roughly (English letter frequencies, ‰; other
 * letters and digits in the middle; punctuation common). Keys are picked by the lowest sum: "zhuv"
 * rather than "aren". Only the choice of key depends on it, never a result.
 */
function commonness(unit: number): number {
  if (unit >= 0x61 && unit <= 0x7a) return LETTER_COMMONNESS[unit - 0x61] ?? 30;
  if (unit < 0x80 && !(unit >= 0x30 && unit <= 0x39)) return 60;
  return 30;
}

// a b c d e f g h i j k l m n o p q r s t u v w x y z
const LETTER_COMMONNESS = [
  82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20,
  1,
];

/** A pattern's key: its hash and length, or null when no word in it has two units. */
export interface PatternKey {
  key: number;
  length: number;
}

/**
 * The key of pattern units `units[from]` … `units[to - 1]` (a folded pattern: separators are
 * {@link SPACE}): the least common run of `min(KEY_UNITS, longest word)` units inside one word.
 * Null when every word is a single unit: such a pattern has no key and is always compiled.
 */
export function patternKey(units: ArrayLike<number>, from: number, to: number): PatternKey | null {
  let longest = 0;
  for (let i = from, run = 0; i < to; i++) {
    run = units[i] === SPACE ? 0 : run + 1;
    if (run > longest) longest = run;
  }
  const length = Math.min(KEY_UNITS, longest);
  if (length < 2) return null;
  let best = -1;
  let bestScore = Infinity;
  for (let i = from, run = 0; i < to; i++) {
    run = units[i] === SPACE ? 0 : run + 1;
    if (run < length) continue;
    let score = 0;
    for (let k = i - length + 1; k <= i; k++) score += commonness(units[k] ?? 0);
    if (score < bestScore) {
      bestScore = score;
      best = i - length + 1;
    }
  }
  return { key: gramKey(units, best, length), length };
}

/** Where a {@link KeyIndex.scan} of one text stands between steps. */
export interface KeyWindow {
  /** The last four folded units of the current word, newest first, and the word's length so far. */
  w0: number;
  w1: number;
  w2: number;
  w3: number;
  run: number;
}

/** A fresh {@link KeyWindow}, for the start of a text. */
export function keyWindow(): KeyWindow {
  return { w0: 0, w1: 0, w2: 0, w3: 0, run: 0 };
}

/** The keys of many aliases' patterns, and which of them a scan has met. */
export interface KeyIndex {
  /** Aliases with a pattern that has no key: they may occur anywhere. */
  readonly keyless: readonly number[];
  /** Distinct keys. */
  readonly keyCount: number;
  /**
   * Scans `text[from, to)` (continuing `window`) for keys not met before, and pushes onto `found`
   * the aliases of each key met for the first time. A key once met is never reported again.
   */
  scan(text: string, from: number, to: number, window: KeyWindow, found: number[]): void;
}

/** Collects `(key, alias)` pairs; `finish` builds the {@link KeyIndex}. */
export interface KeyIndexBuilder {
  /** Registers alias `alias`'s pattern `units[from, to)`. */
  addPattern(units: ArrayLike<number>, from: number, to: number, alias: number): void;
  /** Adds every pattern of `list` with its owner from `owners`. */
  addPatterns(list: PatternList, owners: ArrayLike<number>): void;
  finish(): KeyIndex;
}

/** Bits in the prefilter that a scan reads before the hash table: 2¹⁶ bits, 8 KB. */
const FILTER_BITS = 16;

/** Starts a {@link KeyIndexBuilder}. */
export function createKeyIndexBuilder(): KeyIndexBuilder {
  let keys: number[] = [];
  let owners: number[] = [];
  let lengths = 0;
  const keyless: number[] = [];

  const addPattern = (units: ArrayLike<number>, from: number, to: number, alias: number) => {
    const found = patternKey(units, from, to);
    if (!found) {
      if (keyless[keyless.length - 1] !== alias) keyless.push(alias);
      return;
    }
    keys.push(found.key);
    owners.push(alias);
    lengths |= 1 << found.length;
  };

  return {
    addPattern,
    addPatterns(list, patternOwners) {
      const { units, bounds } = list;
      for (let p = 0; p + 1 < bounds.length; p++) {
        addPattern(units, bounds[p] ?? 0, bounds[p + 1] ?? 0, patternOwners[p] ?? -1);
      }
    },
    finish() {
      const index = buildIndex(keys, owners, lengths, keyless);
      keys = [];
      owners = [];
      return index;
    },
  };
}

function buildIndex(
  keys: readonly number[],
  owners: readonly number[],
  lengths: number,
  keyless: readonly number[],
): KeyIndex {
  // Open addressing on the key's high bits (the spread ones), at most half full.
  let slotBits = 4;
  while (1 << slotBits < keys.length * 2) slotBits++;
  const slotShift = 32 - slotBits;
  const slotMask = (1 << slotBits) - 1;
  const slotKey = new Int32Array(1 << slotBits);
  const slotFirst = new Int32Array(1 << slotBits).fill(-1);
  /** Per pair: its alias and the next pair of the same key. */
  const pairAlias = Int32Array.from(owners);
  const pairNext = new Int32Array(keys.length).fill(-1);
  const filter = new Int32Array(1 << (FILTER_BITS - 5));
  let keyCount = 0;
  for (let pair = 0; pair < keys.length; pair++) {
    const key = keys[pair] ?? 0;
    const word = key >>> (32 - FILTER_BITS + 5);
    filter[word] = (filter[word] ?? 0) | (1 << ((key >>> (32 - FILTER_BITS)) & 31));
    let slot = key >>> slotShift;
    while ((slotFirst[slot] ?? -1) >= 0 && slotKey[slot] !== key) slot = (slot + 1) & slotMask;
    if ((slotFirst[slot] ?? -1) < 0) keyCount++;
    slotKey[slot] = key;
    pairNext[pair] = slotFirst[slot] ?? -1;
    slotFirst[slot] = pair;
  }
  /** 1 once a scan has met the slot's key. */
  const met = new Uint8Array(1 << slotBits);

  /** Reports the aliases of `key` if it is a key not met before. */
  const meet = (key: number, found: number[]) => {
    let slot = key >>> slotShift;
    for (;;) {
      const first = slotFirst[slot] ?? -1;
      if (first < 0) return;
      if (slotKey[slot] === key) break;
      slot = (slot + 1) & slotMask;
    }
    if (met[slot]) return;
    met[slot] = 1;
    for (let pair = slotFirst[slot] ?? -1; pair >= 0; pair = pairNext[pair] ?? -1) {
      found.push(pairAlias[pair] ?? -1);
    }
  };

  const filterShift = 32 - FILTER_BITS;
  const has2 = (lengths & (1 << 2)) !== 0;
  const has3 = (lengths & (1 << 3)) !== 0;
  const has4 = (lengths & (1 << 4)) !== 0;

  return {
    keyless,
    keyCount,
    scan(text, from, to, window, found) {
      if (keys.length === 0) return;
      const fold = FOLD_TABLE;
      let { w0, w1, w2, w3, run } = window;
      const end = Math.min(to, text.length);
      for (let i = from; i < end; i++) {
        const f = fold[text.charCodeAt(i)] ?? 0;
        if (f === 0) continue;
        if (f === SPACE || f === HYPHEN) {
          run = 0;
          continue;
        }
        w3 = w2;
        w2 = w1;
        w1 = w0;
        w0 = f;
        run++;
        if (run < 2) continue;
        const h2 = (Math.imul(w1, BASE) + w0) | 0;
        if (has2) {
          const key = keyOf(h2, 2);
          if ((filter[key >>> (filterShift + 5)] ?? 0) & (1 << ((key >>> filterShift) & 31))) {
            meet(key, found);
          }
        }
        if (run < 3) continue;
        const h3 = (Math.imul(w2, BASE_2) + h2) | 0;
        if (has3) {
          const key = keyOf(h3, 3);
          if ((filter[key >>> (filterShift + 5)] ?? 0) & (1 << ((key >>> filterShift) & 31))) {
            meet(key, found);
          }
        }
        if (run < 4 || !has4) continue;
        const key = keyOf((Math.imul(w3, BASE_3) + h3) | 0, 4);
        if ((filter[key >>> (filterShift + 5)] ?? 0) & (1 << ((key >>> filterShift) & 31))) {
          meet(key, found);
        }
      }
      window.w0 = w0;
      window.w1 = w1;
      window.w2 = w2;
      window.w3 = w3;
      window.run = run;
    },
  };
}
