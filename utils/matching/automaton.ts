/**
 * A trie of folded patterns, stored in a few typed arrays, and the scans over it.
 *
 * Text is searched by walking down the trie from every code unit that can start a pattern (see
 * {@link scanText}): a table lookup per code unit, a second one for the pair of symbols there
 * (most walks would end at the second unit: "m" starts MEK, but "ma" starts nothing), and a walk
 * only where a pattern may begin. So the cost of a scan barely grows with the number of patterns,
 * and the trie needs no failure links.
 *
 * It is compiled in the content script, in the page's own heap, where every megabyte counts (see
 * bench/README.md on the page's garbage collection): ~2–3 bytes per state. States are numbered in
 * depth-first order, so a state's first child is the state after it and the others follow in
 * ascending symbol order, linked through a sorted table (only ~5 % of states have a next sibling:
 * 10,026 of 187,544 for 10,000 aliases); busy states (the root, and any with many children) also
 * get a dense row. Symbols take one byte when there are fewer than 256. An Aho–Corasick automaton with sparse and dense transitions, failure and
 * output links took ~44 bytes per state to build and keep: ~8 MB for 10,000 aliases, enough to
 * start a full collection of the page it was compiled in.
 *
 * Page text is folded on the fly through {@link FOLD_TABLE}; a run of separators (spaces, hyphens
 * and their variants) counts as one separator, and ignorable code units are skipped, so reported
 * offsets are offsets into the original string.
 */

import { FOLD_TABLE, HYPHEN, SPACE } from './fold';

/** Called for every pattern occurrence: `start`/`end` are UTF-16 offsets, `end` exclusive. */
export type OccurrenceSink = (pattern: number, start: number, end: number) => void;

/**
 * Patterns laid end to end: pattern `i` is `units[bounds[i]]` … `units[bounds[i + 1] - 1]`, its
 * index the id scans report. One buffer rather than an array per pattern: 10,000 small typed
 * arrays are over a megabyte of object headers.
 */
export interface PatternList {
  readonly units: Uint16Array;
  /** Pattern count + 1 offsets into `units`, ascending. */
  readonly bounds: Int32Array;
}

/** Symbols: one byte each for alphabets under 256, else two. */
export type SymbolArray = Uint8Array | Uint16Array;

/** A compiled trie; read only after {@link buildAutomaton}. */
export interface Automaton {
  /** Folded code unit → symbol; 0 for code units that appear in no pattern. */
  readonly symbolOf: SymbolArray;
  readonly alphabetSize: number;
  readonly stateCount: number;
  /** The symbol on the edge into each state (0 for the root). */
  readonly symbolIn: SymbolArray;
  /**
   * The states that have a next sibling (a child of the same parent with a higher symbol),
   * ascending, and that sibling. A first child is its parent + 1.
   */
  readonly siblingStates: Int32Array;
  readonly siblingNext: Int32Array;
  /** Per state: {@link HAS_CHILDREN}, {@link HAS_OUTPUT}, {@link HAS_ROW}, {@link HAS_SIBLING}. */
  readonly flags: Uint8Array;
  /** The root's children by symbol (-1 for none). */
  readonly rootRow: Int32Array;
  /** Where each state with {@link HAS_ROW} (other than the root) has its row in `rows`. */
  readonly rowOf: ReadonlyMap<number, number>;
  readonly rows: Int32Array;
  /** The states where patterns end, ascending, and the first pattern ending at each. */
  readonly outputStates: Int32Array;
  readonly outputFirst: Int32Array;
  /** The next pattern ending at the same state (same folded form), or -1. */
  readonly outputNext: Int32Array;
  readonly patternLength: Int32Array;
  readonly maxPatternLength: number;
  /**
   * For each UTF-16 code unit whose folded form begins some pattern, that symbol; 0 for the
   * others. One read per code unit tells both whether a walk may start there and its first symbol.
   */
  readonly startSymbols: SymbolArray;
  /**
   * 1 at `first * alphabetSize + second` for each pair of symbols that begins some pattern, and
   * on a whole row for a first symbol that is a pattern by itself; empty when the alphabet is too
   * large for a table (see {@link scanText}).
   */
  readonly startPairs: Uint8Array;
}

/** A state with children (its first child is the next state). */
const HAS_CHILDREN = 1;
/** Some pattern ends at the state. */
const HAS_OUTPUT = 2;
/** The state has a dense row of children. */
const HAS_ROW = 4;
/** The state has a next sibling (see {@link Automaton.siblingStates}). */
const HAS_SIBLING = 8;

/** States with more children than this get a dense row (a lookup instead of a list walk). */
const ROW_THRESHOLD = 8;

/** Packs separate patterns into a {@link PatternList}. */
export function patternListOf(patterns: readonly Uint16Array[]): PatternList {
  const bounds = new Int32Array(patterns.length + 1);
  for (let i = 0; i < patterns.length; i++) {
    bounds[i + 1] = (bounds[i] ?? 0) + (patterns[i]?.length ?? 0);
  }
  const units = new Uint16Array(bounds[patterns.length] ?? 0);
  patterns.forEach((pattern, i) => units.set(pattern, bounds[i] ?? 0));
  return { units, bounds };
}

/**
 * Builds the trie. Patterns are folded code-unit sequences (see `patterns.ts`); their index is the
 * pattern id reported to the sink. Empty patterns are ignored.
 */
export function buildAutomaton(patterns: PatternList | readonly Uint16Array[]): Automaton {
  const list = Array.isArray(patterns)
    ? patternListOf(patterns as readonly Uint16Array[])
    : (patterns as PatternList);
  return runToEnd(buildAutomatonSteps(list));
}

/** Runs a generator of work steps to its end and returns its result. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Patterns placed in the trie, or states given rows, between two pauses of the build. */
const UNITS_PER_STEP = 2_000;

/**
 * {@link buildAutomaton} as a generator that pauses (yields) every few thousand patterns or
 * states, so a caller can spread a large build over several tasks.
 */
export function* buildAutomatonSteps({ units, bounds }: PatternList): Generator<void, Automaton> {
  const count = Math.max(bounds.length - 1, 0);
  // Most matchers have no context words: their empty trie needs no tables of its own.
  if (units.length === 0) return emptyAutomaton(count);
  // Symbols in order of first appearance, counted first to pick one or two bytes for them.
  const seen = new Uint8Array(0x10000);
  let alphabetSize = 1;
  for (let k = 0; k < units.length; k++) {
    const unit = units[k] ?? 0;
    if (seen[unit] === 0) {
      seen[unit] = 1;
      alphabetSize++;
    }
  }
  const narrow = alphabetSize <= 0xff;
  const symbolOf: SymbolArray = narrow ? seen.fill(0) : new Uint16Array(0x10000);
  for (let k = 0, next = 1; k < units.length; k++) {
    const unit = units[k] ?? 0;
    if (symbolOf[unit] === 0) symbolOf[unit] = next++;
  }
  let maxPatternLength = 0;
  for (let i = 0; i < count; i++) {
    maxPatternLength = Math.max(maxPatternLength, (bounds[i + 1] ?? 0) - (bounds[i] ?? 0));
  }
  // Page text folds hyphens to HYPHEN and spaces to SPACE; patterns only use SPACE.
  symbolOf[HYPHEN] = symbolOf[SPACE] ?? 0;
  const symbolAt = (k: number) => symbolOf[units[k] ?? 0] ?? 0;

  // At most one state per unit, plus the root; views of the exact size are kept.
  const capacity = units.length + 1;
  const symbolIn: SymbolArray = narrow ? new Uint8Array(capacity) : new Uint16Array(capacity);
  const flags = new Uint8Array(capacity);
  // (state, its next sibling) pairs as they are found; sorted by state once the trie is built.
  const siblingPairs: number[] = [];
  const outputStates = new Int32Array(count);
  const outputFirst = new Int32Array(count);
  const outputNext = new Int32Array(count).fill(-1);
  const patternLength = new Int32Array(count);
  let outputs = 0;
  let lastOutput = -1;
  let stateCount = 1;

  // Patterns in order of their symbols (then of their ids), so that each shares its longest common
  // prefix with the one before: the trie grows along that order in depth-first numbering, with no
  // lookup of children, and each state's children come in ascending symbol order.
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((x, y) => {
    const a = bounds[x] ?? 0;
    const b = bounds[y] ?? 0;
    const lengthA = (bounds[x + 1] ?? 0) - a;
    const lengthB = (bounds[y + 1] ?? 0) - b;
    const n = Math.min(lengthA, lengthB);
    for (let k = 0; k < n; k++) {
      const d = symbolAt(a + k) - symbolAt(b + k);
      if (d !== 0) return d;
    }
    return lengthA - lengthB || x - y;
  });
  // path[d]: the state at depth d of the pattern placed last.
  const path = new Int32Array(maxPatternLength + 1);
  let previous = -1;
  for (let placed = 0; placed < count; placed++) {
    if (placed % UNITS_PER_STEP === UNITS_PER_STEP - 1) yield;
    const id = order[placed] ?? 0;
    const from = bounds[id] ?? 0;
    const length = (bounds[id + 1] ?? 0) - from;
    patternLength[id] = length;
    if (length === 0) continue;
    let depth = 0;
    if (previous >= 0) {
      const before = bounds[previous] ?? 0;
      const shared = Math.min((bounds[previous + 1] ?? 0) - before, length);
      while (depth < shared && symbolAt(before + depth) === symbolAt(from + depth)) depth++;
    }
    let state = path[depth] ?? 0;
    for (let k = depth; k < length; k++) {
      const next = stateCount++;
      symbolIn[next] = symbolAt(from + k);
      // A state that has children already got its last one from the pattern placed before
      // (patterns come in symbol order), which is on `path` one level down.
      if (k === depth && ((flags[state] ?? 0) & HAS_CHILDREN) !== 0) {
        const previousChild = path[k + 1] ?? 0;
        flags[previousChild] = (flags[previousChild] ?? 0) | HAS_SIBLING;
        siblingPairs.push(previousChild, next);
      }
      flags[state] = (flags[state] ?? 0) | HAS_CHILDREN;
      path[k + 1] = next;
      state = next;
    }
    previous = id;
    // A pattern ends at a new state, or where the one before ended (the same folded form): end
    // states come in ascending order, and equal patterns in the order given.
    if (state === lastOutput) {
      let tail = outputFirst[outputs - 1] ?? -1;
      while ((outputNext[tail] ?? -1) >= 0) tail = outputNext[tail] ?? -1;
      outputNext[tail] = id;
    } else {
      outputStates[outputs] = state;
      outputFirst[outputs] = id;
      outputs++;
      lastOutput = state;
      flags[state] = (flags[state] ?? 0) | HAS_OUTPUT;
    }
  }

  const pairCount = siblingPairs.length / 2;
  const pairOrder = new Int32Array(pairCount);
  for (let i = 0; i < pairCount; i++) pairOrder[i] = i;
  pairOrder.sort((x, y) => (siblingPairs[2 * x] ?? 0) - (siblingPairs[2 * y] ?? 0));
  const siblingStates = new Int32Array(pairCount);
  const siblingNext = new Int32Array(pairCount);
  pairOrder.forEach((pair, i) => {
    siblingStates[i] = siblingPairs[2 * pair] ?? 0;
    siblingNext[i] = siblingPairs[2 * pair + 1] ?? 0;
  });
  const siblings = { flags, siblingStates, siblingNext };
  const nextSibling = (c: number) => nextSiblingOf(siblings, c);

  // Dense rows for the root and for states with many children.
  const rootRow = new Int32Array(alphabetSize).fill(-1);
  const busy: number[] = [];
  for (let s = 0; s < stateCount; s++) {
    if (s % (UNITS_PER_STEP * 32) === UNITS_PER_STEP * 32 - 1) yield;
    if (((flags[s] ?? 0) & HAS_CHILDREN) === 0) continue;
    if (s === 0) {
      for (let c = 1; c >= 0; c = nextSibling(c)) rootRow[symbolIn[c] ?? 0] = c;
      continue;
    }
    let children = 0;
    for (let c = s + 1; c >= 0 && children <= ROW_THRESHOLD; c = nextSibling(c)) children++;
    if (children > ROW_THRESHOLD) busy.push(s);
  }
  const rows = new Int32Array(busy.length * alphabetSize).fill(-1);
  const rowOf = new Map<number, number>();
  busy.forEach((s, i) => {
    const row = i * alphabetSize;
    rowOf.set(s, row);
    flags[s] = (flags[s] ?? 0) | HAS_ROW;
    for (let c = s + 1; c >= 0; c = nextSibling(c)) rows[row + (symbolIn[c] ?? 0)] = c;
  });

  const startSymbols = startSymbolsOf(symbolOf, rootRow);
  const startPairs =
    alphabetSize <= MAX_PAIR_ALPHABET ? new Uint8Array(alphabetSize * alphabetSize) : EMPTY_PAIRS;
  if (startPairs.length > 0) {
    for (let c = 1; c > 0; c = nextSibling(c)) {
      const row = (symbolIn[c] ?? 0) * alphabetSize;
      if (((flags[c] ?? 0) & HAS_OUTPUT) !== 0) startPairs.fill(1, row, row + alphabetSize);
      if (((flags[c] ?? 0) & HAS_CHILDREN) === 0) continue;
      for (let cc = c + 1; cc > 0; cc = nextSibling(cc)) startPairs[row + (symbolIn[cc] ?? 0)] = 1;
    }
  }

  return {
    symbolOf,
    alphabetSize,
    stateCount,
    symbolIn: symbolIn.subarray(0, stateCount),
    siblingStates,
    siblingNext,
    flags: flags.subarray(0, stateCount),
    rootRow,
    rowOf,
    rows,
    outputStates: outputStates.subarray(0, outputs),
    outputFirst: outputFirst.subarray(0, outputs),
    outputNext,
    patternLength,
    maxPatternLength,
    startSymbols,
    startPairs,
  };
}

/**
 * For each UTF-16 code unit whose folded form is the symbol of a child of the root, that symbol.
 * A plain function, not part of the build's generator: V8 does not optimise a loop inside a
 * generator while it runs (no on-stack replacement there), and this one visits every code unit,
 * once per trie on every page (a few ms on a page's first compile that way, against well under
 * one).
 */
function startSymbolsOf(symbolOf: SymbolArray, rootRow: Int32Array): SymbolArray {
  const startSymbols =
    symbolOf instanceof Uint16Array ? new Uint16Array(0x10000) : new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const symbol = symbolOf[FOLD_TABLE[c] ?? 0] ?? 0;
    if (symbol !== 0 && (rootRow[symbol] ?? -1) > 0) startSymbols[c] = symbol;
  }
  return startSymbols;
}

/** Alphabets up to this size get a {@link Automaton.startPairs} table (up to 64 KB). */
const MAX_PAIR_ALPHABET = 256;
const EMPTY_PAIRS = new Uint8Array(0);

/** A trie with only the root, for `count` empty patterns. */
function emptyAutomaton(count: number): Automaton {
  return {
    symbolOf: EMPTY_TABLE,
    alphabetSize: 1,
    stateCount: 1,
    symbolIn: new Uint8Array(1),
    siblingStates: new Int32Array(0),
    siblingNext: new Int32Array(0),
    flags: new Uint8Array(1),
    rootRow: new Int32Array(1).fill(-1),
    rowOf: new Map(),
    rows: new Int32Array(0),
    outputStates: new Int32Array(0),
    outputFirst: new Int32Array(0),
    outputNext: new Int32Array(count).fill(-1),
    patternLength: new Int32Array(count),
    maxPatternLength: 0,
    startSymbols: EMPTY_TABLE,
    startPairs: EMPTY_PAIRS,
  };
}

/** All zeros, shared by empty tries (which nothing writes to). */
const EMPTY_TABLE = new Uint8Array(0x10000);

/** The value kept for `key` in a table sorted by key (`keys` ascending), or -1. */
function lookUp(keys: Int32Array, values: Int32Array, key: number): number {
  let low = 0;
  let high = keys.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] ?? 0) < key) low = mid + 1;
    else high = mid;
  }
  return keys[low] === key ? (values[low] ?? -1) : -1;
}

/** The next sibling of state `c`, or -1. */
export function nextSiblingOf(
  a: Pick<Automaton, 'flags' | 'siblingStates' | 'siblingNext'>,
  c: number,
): number {
  if (((a.flags[c] ?? 0) & HAS_SIBLING) === 0) return -1;
  return lookUp(a.siblingStates, a.siblingNext, c);
}

/** The child of `state` on `symbol`, or -1. */
function child(a: Automaton, state: number, symbol: number): number {
  if (state === 0) return a.rootRow[symbol] ?? -1;
  const flags = a.flags[state] ?? 0;
  if ((flags & HAS_CHILDREN) === 0) return -1;
  if ((flags & HAS_ROW) !== 0) return a.rows[(a.rowOf.get(state) ?? 0) + symbol] ?? -1;
  const { symbolIn } = a;
  for (let c = state + 1; c >= 0; c = nextSiblingOf(a, c)) {
    const here = symbolIn[c] ?? 0;
    if (here === symbol) return c;
    // Siblings come in ascending symbol order.
    if (here > symbol) return -1;
  }
  return -1;
}

/** The first pattern that ends at `state` (which has {@link HAS_OUTPUT}). */
function firstOutput(a: Automaton, state: number): number {
  return lookUp(a.outputStates, a.outputFirst, state);
}

/**
 * Walks down the trie from `text[start]`, calling `visit` for each pattern that ends on the way
 * (shortest first; equal patterns in the order given) until it returns true or the walk ends.
 * Returns whether `visit` returned true.
 */
function walkFrom(
  a: Automaton,
  text: string,
  start: number,
  visit: (pattern: number, start: number, end: number) => unknown,
): boolean {
  const fold = FOLD_TABLE;
  const { symbolOf, flags, outputNext } = a;
  let state = 0;
  let previousWasSeparator = false;
  for (let j = start, n = text.length; j < n; j++) {
    const f = fold[text.charCodeAt(j)] ?? 0;
    if (f === 0) continue;
    if (f === SPACE || f === HYPHEN) {
      if (previousWasSeparator) continue;
      previousWasSeparator = true;
    } else {
      previousWasSeparator = false;
    }
    const symbol = symbolOf[f] ?? 0;
    if (symbol === 0) return false;
    state = child(a, state, symbol);
    if (state < 0) return false;
    if (((flags[state] ?? 0) & HAS_OUTPUT) === 0) continue;
    for (let p = firstOutput(a, state); p >= 0; p = outputNext[p] ?? -1) {
      if (visit(p, start, j + 1) === true) return true;
    }
  }
  return false;
}

/**
 * Reports every occurrence of every pattern in `text`, by start offset, then end offset, then
 * pattern id. No allocation; the sink runs only at occurrences.
 *
 * A walk can read as far as the longest pattern from each start, so a text made to follow one
 * long pattern over and over costs up to that length per code unit; real aliases are a few words.
 */
export function scanText(a: Automaton, text: string, sink: OccurrenceSink): void {
  if (a.stateCount <= 1) return;
  const starts = a.startSymbols;
  for (let i = 0, n = text.length; i < n; i++) {
    const first = starts[text.charCodeAt(i)] ?? 0;
    if (first === 0 || !pairMayStart(a, text, i, first)) continue;
    walkFrom(a, text, i, sink);
  }
}

/**
 * Whether a pattern may begin at `i`, whose unit starts patterns with the symbol `first`, as far as
 * the pair of symbols there tells: most walks would end at the second unit, and this answers from
 * one table without walking. True when the table cannot tell (no table, or an ignorable unit or
 * the text's end next).
 */
function pairMayStart(a: Automaton, text: string, i: number, first: number): boolean {
  const pairs = a.startPairs;
  if (pairs.length === 0) return true;
  const next = FOLD_TABLE[text.charCodeAt(i + 1)] ?? 0;
  return next === 0 || pairs[first * a.alphabetSize + (a.symbolOf[next] ?? 0)] === 1;
}

/**
 * Pushes onto `out`, in ascending order, every offset in `text` from `from` up to (not including)
 * `to` where some pattern occurs, reading on past `to` to finish an occurrence. `accept` may turn
 * an occurrence down (a case check, say); the offset counts if any occurrence there is accepted.
 */
export function scanPatternStarts(
  a: Automaton,
  text: string,
  from: number,
  to: number,
  accept: (pattern: number, start: number, end: number) => boolean,
  out: number[],
): void {
  if (a.stateCount <= 1) return;
  const starts = a.startSymbols;
  const end = Math.min(to, text.length);
  for (let i = from; i < end; i++) {
    const first = starts[text.charCodeAt(i)] ?? 0;
    if (first === 0 || !pairMayStart(a, text, i, first)) continue;
    if (walkFrom(a, text, i, accept)) out.push(i);
  }
}
