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

/** A pattern's key: its hash, length and where it starts in the units given. */
export interface PatternKey {
  key: number;
  length: number;
  at: number;
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
  return { key: gramKey(units, best, length), length, at: best };
}

/** Where a {@link KeyIndex.scan} of one text stands between steps. */
export interface KeyWindow {
  /** The classes (see {@link classOf}) of the last four folded units of the current word. */
  classes: number;
}

/** A fresh {@link KeyWindow}, for the start of a text. */
export function keyWindow(): KeyWindow {
  return { classes: 0 };
}

/** Bits per class in {@link KeyWindow.classes}. */
const CLASS_BITS = 6;
/** The class of a separator: it ends the current word. */
const CLASS_SEPARATOR = 0xff;

/**
 * Each code unit's class: 0 for ignorable units, {@link CLASS_SEPARATOR} for separators, else
 * 1–63 (each Latin letter and digit its own class, other units shared by several). A scan keeps
 * the classes of the last four units and tests them against bit sets of the keys' classes (four
 * classes hashed into 2¹⁹ bits; three and two as they are), a few lookups per unit; only where a
 * bit is set does it fold the units and hash them. Testing four classes rather than three halved
 * the scan of the 5 MB article with 10,000 aliases in Node (~130 → ~70 ms warm): most hits on
 * three were English trigrams that end some key.
 */
let classTable: Uint8Array | undefined;

function classOf(folded: number): number {
  if (folded === 0) return 0;
  if (folded === SPACE || folded === HYPHEN) return CLASS_SEPARATOR;
  if (folded >= 0x61 && folded <= 0x7a) return folded - 0x61 + 1; // 1–26
  if (folded >= 0x30 && folded <= 0x39) return folded - 0x30 + 27; // 27–36
  return 37 + (folded % 27); // 37–63
}

function classes(): Uint8Array {
  if (!classTable) {
    classTable = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) classTable[c] = classOf(FOLD_TABLE[c] ?? 0);
  }
  return classTable;
}

/** The keys of many aliases' patterns, and which of them a scan has met. */
export interface KeyIndex {
  /** Aliases with a pattern that has no key: they may occur anywhere. */
  readonly keyless: readonly number[];
  /**
   * Scans `text[from, to)` (continuing `window`) for keys not met before, and pushes onto `found`
   * the aliases of each key met for the first time. A key once met is never reported again.
   */
  scan(text: string, from: number, to: number, window: KeyWindow, found: number[]): void;
  /** The keys and prefilters, to send where the aliases are not (see {@link keyIndexFromData}). */
  toData(): KeyIndexData;
  /** Calls `visit` with each alias of `key` (whether met or not). */
  lookUp(key: number, visit: (alias: number) => void): void;
}

/**
 * A {@link KeyIndex} without its aliases, as a message can carry it: the distinct keys and the
 * two prefilters, each a base64 string of its 32-bit integers (little-endian), and a bit per key
 * length in use. ~40 KB of keys for 10,000 aliases, 32 KB of prefilter.
 */
export interface KeyIndexData {
  lengths: number;
  keys: string;
  filter4: string;
  filter3: string;
  filter2: string;
}

/** The four-unit keys' prefilter: 2¹⁹ bits (64 KB) indexed by a hash of four classes. */
const FILTER4_BITS = 19;
const FILTER4_WORDS = 1 << (FILTER4_BITS - 5);
const FILTER3_WORDS = 1 << (3 * CLASS_BITS - 5);

/** The bit of four classes (24 bits, oldest highest) in the four-unit prefilter. */
function filter4Bit(classes4: number): number {
  return Math.imul(classes4, SPREAD) >>> (32 - FILTER4_BITS);
}
const FILTER2_WORDS = 1 << (2 * CLASS_BITS - 5);

function toBase64(values: Int32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string, label: string): Int32Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new TypeError(`key index: ${label} is not base64`);
  }
  if (binary.length % 4 !== 0) throw new TypeError(`key index: ${label} is not whole integers`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Int32Array(bytes.buffer);
}

/**
 * A key index made from {@link KeyIndexData}: its scans report the keys met (not aliases), for
 * whoever holds the aliases to answer. Throws a TypeError on malformed data.
 */
export function keyIndexFromData(data: KeyIndexData): KeyIndex {
  const keys = fromBase64(data.keys, 'keys');
  const filter4 = fromBase64(data.filter4, 'filter4');
  const filter3 = fromBase64(data.filter3, 'filter3');
  const filter2 = fromBase64(data.filter2, 'filter2');
  if (
    filter4.length !== FILTER4_WORDS ||
    filter3.length !== FILTER3_WORDS ||
    filter2.length !== FILTER2_WORDS
  ) {
    throw new TypeError('key index: the prefilters have the wrong size');
  }
  if (!Number.isInteger(data.lengths) || (data.lengths & ~0b11100) !== 0) {
    throw new TypeError('key index: unknown key lengths');
  }
  const list = Array.from(keys);
  return buildIndex(list, list, data.lengths, [], filter4, filter3, filter2);
}

/** Collects `(key, alias)` pairs; `finish` builds the {@link KeyIndex}. */
export interface KeyIndexBuilder {
  /** Registers alias `alias`'s pattern `units[from, to)`. */
  addPattern(units: ArrayLike<number>, from: number, to: number, alias: number): void;
  /** Adds every pattern of `list` with its owner from `owners`. */
  addPatterns(list: PatternList, owners: ArrayLike<number>): void;
  finish(): KeyIndex;
}

/** Starts a {@link KeyIndexBuilder}. */
export function createKeyIndexBuilder(): KeyIndexBuilder {
  let keys: number[] = [];
  let owners: number[] = [];
  let lengths = 0;
  const keyless: number[] = [];
  // The prefilters: the classes of each key's last three units (32 KB), or of a two-unit key's
  // two (512 bytes).
  const filter4 = new Int32Array(FILTER4_WORDS);
  const filter3 = new Int32Array(FILTER3_WORDS);
  const filter2 = new Int32Array(FILTER2_WORDS);

  const addPattern = (units: ArrayLike<number>, from: number, to: number, alias: number) => {
    const found = patternKey(units, from, to);
    if (!found) {
      if (keyless[keyless.length - 1] !== alias) keyless.push(alias);
      return;
    }
    keys.push(found.key);
    owners.push(alias);
    lengths |= 1 << found.length;
    let bits = 0;
    for (let i = found.at; i < found.at + found.length; i++) {
      bits = (bits << CLASS_BITS) | classOf(units[i] ?? 0);
    }
    if (found.length === 4) bits = filter4Bit(bits);
    const filter = found.length === 4 ? filter4 : found.length === 3 ? filter3 : filter2;
    filter[bits >>> 5] = (filter[bits >>> 5] ?? 0) | (1 << (bits & 31));
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
      const index = buildIndex(keys, owners, lengths, keyless, filter4, filter3, filter2);
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
  filter4: Int32Array,
  filter3: Int32Array,
  filter2: Int32Array,
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
  let keyCount = 0;
  for (let pair = 0; pair < keys.length; pair++) {
    const key = keys[pair] ?? 0;
    let slot = key >>> slotShift;
    while ((slotFirst[slot] ?? -1) >= 0 && slotKey[slot] !== key) slot = (slot + 1) & slotMask;
    if ((slotFirst[slot] ?? -1) < 0) keyCount++;
    slotKey[slot] = key;
    pairNext[pair] = slotFirst[slot] ?? -1;
    slotFirst[slot] = pair;
  }
  /** 1 once a scan has met the slot's key. */
  const met = new Uint8Array(1 << slotBits);

  /** The slot of `key`, or -1. */
  const slotOf = (key: number): number => {
    let slot = key >>> slotShift;
    for (;;) {
      const first = slotFirst[slot] ?? -1;
      if (first < 0) return -1;
      if (slotKey[slot] === key) return slot;
      slot = (slot + 1) & slotMask;
    }
  };

  /**
   * Slots of keys met for the first time during the current scan call. A typed array, so that
   * the hot loop never changes an array's kind (a key is a full 32-bit integer, beyond V8's small
   * integers): each such change threw the loop's optimised code away, and a page's one scan ran
   * about twice as slow as a warmed-up one.
   */
  let newSlots = new Int32Array(64);
  let newCount = 0;

  /** Notes `key` if it is a key not met before. */
  const meet = (key: number) => {
    const slot = slotOf(key);
    if (slot < 0 || met[slot]) return;
    met[slot] = 1;
    if (newCount === newSlots.length) {
      const grown = new Int32Array(newSlots.length * 2);
      grown.set(newSlots);
      newSlots = grown;
    }
    newSlots[newCount++] = slot;
  };

  /** Pushes onto `found` the aliases of the keys met in this scan call. */
  const report = (found: number[]) => {
    for (let i = 0; i < newCount; i++) {
      const slot = newSlots[i] ?? 0;
      for (let pair = slotFirst[slot] ?? -1; pair >= 0; pair = pairNext[pair] ?? -1) {
        found.push(pairAlias[pair] ?? -1);
      }
    }
    newCount = 0;
  };

  const has2 = (lengths & (1 << 2)) !== 0;
  const has3 = (lengths & (1 << 3)) !== 0;
  const has4 = (lengths & (1 << 4)) !== 0;
  /** Hashes the word's last units before `end` (folded, ignorables skipped) and meets them. */
  const check = (text: string, end: number) => {
    const fold = FOLD_TABLE;
    let u0 = 0;
    let u1 = 0;
    let u2 = 0;
    let u3 = 0;
    let n = 0;
    for (let j = end; j >= 0 && n < KEY_UNITS; j--) {
      const f = fold[text.charCodeAt(j)] ?? 0;
      if (f === 0) continue;
      if (f === SPACE || f === HYPHEN) break;
      u3 = u2;
      u2 = u1;
      u1 = u0;
      u0 = f;
      n++;
    }
    // u0 is now the oldest unit read; line them up newest last.
    if (n === 2) {
      if (has2) meet(keyOf((Math.imul(u0, BASE) + u1) | 0, 2));
      return;
    }
    if (n === 3) {
      if (has2) meet(keyOf((Math.imul(u1, BASE) + u2) | 0, 2));
      if (has3) meet(keyOf((Math.imul(u0, BASE_2) + Math.imul(u1, BASE) + u2) | 0, 3));
      return;
    }
    if (n === 4) {
      if (has2) meet(keyOf((Math.imul(u2, BASE) + u3) | 0, 2));
      if (has3) meet(keyOf((Math.imul(u1, BASE_2) + Math.imul(u2, BASE) + u3) | 0, 3));
      if (has4) {
        const h = (Math.imul(u0, BASE_3) + Math.imul(u1, BASE_2) + Math.imul(u2, BASE) + u3) | 0;
        meet(keyOf(h, 4));
      }
    }
  };

  return {
    keyless,
    lookUp(key, visit) {
      const slot = slotOf(key);
      if (slot < 0) return;
      for (let pair = slotFirst[slot] ?? -1; pair >= 0; pair = pairNext[pair] ?? -1) {
        visit(pairAlias[pair] ?? -1);
      }
    },
    toData() {
      const distinct = new Int32Array(keyCount);
      let n = 0;
      for (let slot = 0; slot < slotFirst.length; slot++) {
        if ((slotFirst[slot] ?? -1) >= 0) distinct[n++] = slotKey[slot] ?? 0;
      }
      return {
        lengths,
        keys: toBase64(distinct),
        filter4: toBase64(filter4),
        filter3: toBase64(filter3),
        filter2: toBase64(filter2),
      };
    },
    scan(text, from, to, window, found) {
      if (keys.length === 0) return;
      const table = classes();
      let recent = window.classes;
      const end = Math.min(to, text.length);
      for (let i = from; i < end; i++) {
        const c = table[text.charCodeAt(i)] ?? 0;
        if (c === 0) continue;
        if (c === CLASS_SEPARATOR) {
          recent = 0;
          continue;
        }
        recent = ((recent << CLASS_BITS) | c) & 0xffffff;
        // A class of 0 in a window means the word is shorter: no key of that length ends here.
        if (has4 && recent >>> 18 !== 0) {
          const bit = filter4Bit(recent);
          if ((filter4[bit >>> 5] ?? 0) & (1 << (bit & 31))) {
            check(text, i);
            continue;
          }
        }
        if (has3) {
          const triple = recent & 0x3ffff;
          if ((filter3[triple >>> 5] ?? 0) & (1 << (triple & 31)) && triple >>> 12 !== 0) {
            check(text, i);
            continue;
          }
        }
        if (has2) {
          const pair = recent & 0xfff;
          if ((filter2[pair >>> 5] ?? 0) & (1 << (pair & 31)) && pair >>> 6 !== 0) {
            check(text, i);
          }
        }
      }
      window.classes = recent;
      report(found);
    },
  };
}
