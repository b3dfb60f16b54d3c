/**
 * An Aho–Corasick automaton over folded code units, stored in typed arrays.
 *
 * One pass over the page finds every occurrence of every pattern, so scanning cost does not grow
 * with the number of aliases. Page text is folded on the fly through {@link FOLD_TABLE}; a run of
 * separators (spaces, hyphens and their variants) is fed to the automaton as one separator, and
 * ignorable code units are skipped, so reported offsets are offsets into the original string.
 */

import { FOLD_TABLE, HYPHEN, SPACE } from './fold';

/** Called for every pattern occurrence: `start`/`end` are UTF-16 offsets, `end` exclusive. */
export type OccurrenceSink = (pattern: number, start: number, end: number) => void;

/** A compiled automaton; read only after {@link buildAutomaton}. */
export interface Automaton {
  /** Folded code unit → symbol; 0 for code units that appear in no pattern. */
  readonly symbolOf: Uint16Array;
  readonly alphabetSize: number;
  readonly stateCount: number;
  /** Sparse transitions: the children of state s are edges edgeFirst[s] … edgeFirst[s+1]-1. */
  readonly edgeFirst: Int32Array;
  readonly edgeSymbol: Uint16Array;
  readonly edgeTarget: Int32Array;
  /** Offset of a state's dense row in {@link dense}, or -1: used for the root and busy states. */
  readonly denseOffset: Int32Array;
  readonly dense: Int32Array;
  readonly fail: Int32Array;
  /** First pattern that ends at a state, or -1; further ones via {@link outputNext}. */
  readonly outputFirst: Int32Array;
  readonly outputNext: Int32Array;
  /** Nearest state on the fail chain that has outputs, or 0 when none. */
  readonly outputLink: Int32Array;
  readonly patternLength: Int32Array;
  readonly maxPatternLength: number;
}

/** States with more children than this get a dense transition row (fast lookup, more memory). */
const DENSE_THRESHOLD = 8;

/**
 * Builds the automaton. Patterns are folded code-unit sequences (see `patterns.ts`); their index
 * in the array is the pattern id reported to the sink. Empty patterns are ignored.
 */
export function buildAutomaton(patterns: readonly Uint16Array[]): Automaton {
  return runToEnd(buildAutomatonSteps(patterns));
}

/** Runs a generator of work steps to its end and returns its result. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Patterns placed in the trie, or states linked, between two pauses of the build. */
const UNITS_PER_STEP = 2_000;

/**
 * {@link buildAutomaton} as a generator that pauses (yields) every few thousand patterns or
 * states, so a caller can spread a large build over several tasks (10,000 aliases take ~100 ms).
 */
export function* buildAutomatonSteps(patterns: readonly Uint16Array[]): Generator<void, Automaton> {
  const symbolOf = new Uint16Array(0x10000);
  let alphabetSize = 1;
  let totalLength = 0;
  let maxPatternLength = 0;
  for (const pattern of patterns) {
    totalLength += pattern.length;
    maxPatternLength = Math.max(maxPatternLength, pattern.length);
    for (let k = 0; k < pattern.length; k++) {
      const unit = pattern[k] ?? 0;
      if (symbolOf[unit] === 0) symbolOf[unit] = alphabetSize++;
    }
  }
  // Page text folds hyphens to HYPHEN and spaces to SPACE; patterns only use SPACE.
  symbolOf[HYPHEN] = symbolOf[SPACE] ?? 0;

  // Trie: one parent edge per state, so states - 1 edges in all.
  const capacity = totalLength + 1;
  const parent = new Int32Array(capacity);
  const parentSymbol = new Uint16Array(capacity);
  const outputFirst = new Int32Array(capacity).fill(-1);
  const outputNext = new Int32Array(patterns.length).fill(-1);
  const outputTail = new Int32Array(capacity).fill(-1);
  const patternLength = new Int32Array(patterns.length);
  let stateCount = 1;
  // Patterns in order of their symbols (then of their ids), so that each shares its longest common
  // prefix with the one before: the trie grows along that order with no lookup of children (a
  // Map keyed by state and symbol cost most of the build for 10,000 aliases). Symbols are looked
  // up as needed rather than stored per pattern: a typed array per alias was megabytes of garbage.
  const order = Int32Array.from(patterns.keys()).sort((x, y) => {
    const a = patterns[x] as Uint16Array;
    const b = patterns[y] as Uint16Array;
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) {
      const d = (symbolOf[a[k] ?? 0] ?? 0) - (symbolOf[b[k] ?? 0] ?? 0);
      if (d !== 0) return d;
    }
    return a.length - b.length || x - y;
  });
  // path[d]: the state at depth d of the pattern placed last.
  const path = new Int32Array(maxPatternLength + 1);
  let previous: Uint16Array | undefined;
  for (let placed = 0; placed < order.length; placed++) {
    if (placed % UNITS_PER_STEP === UNITS_PER_STEP - 1) yield;
    const id = order[placed] ?? 0;
    const units = patterns[id] as Uint16Array;
    patternLength[id] = units.length;
    if (units.length === 0) continue;
    let depth = 0;
    if (previous) {
      const shared = Math.min(previous.length, units.length);
      while (depth < shared && symbolOf[previous[depth] ?? 0] === symbolOf[units[depth] ?? 0]) {
        depth++;
      }
    }
    let state = path[depth] ?? 0;
    for (let k = depth; k < units.length; k++) {
      const next = stateCount++;
      parent[next] = state;
      parentSymbol[next] = symbolOf[units[k] ?? 0] ?? 0;
      path[k + 1] = next;
      state = next;
    }
    previous = units;
    // Appended in pattern order so that outputs come out in the order aliases were given.
    const tail = outputTail[state] ?? -1;
    if (tail < 0) outputFirst[state] = id;
    else outputNext[tail] = id;
    outputTail[state] = id;
  }

  const edgeFirst = new Int32Array(stateCount + 1);
  // Count children per state, then prefix-sum the counts into offsets.
  for (let s = 1; s < stateCount; s++) {
    const slot = (parent[s] ?? 0) + 1;
    edgeFirst[slot] = (edgeFirst[slot] ?? 0) + 1;
  }
  for (let s = 0; s < stateCount; s++) {
    edgeFirst[s + 1] = (edgeFirst[s + 1] ?? 0) + (edgeFirst[s] ?? 0);
  }
  const fill = edgeFirst.slice(0, stateCount);
  const edgeSymbol = new Uint16Array(Math.max(stateCount - 1, 0));
  const edgeTarget = new Int32Array(Math.max(stateCount - 1, 0));
  for (let s = 1; s < stateCount; s++) {
    const p = parent[s] ?? 0;
    const at = fill[p] ?? 0;
    fill[p] = at + 1;
    edgeSymbol[at] = parentSymbol[s] ?? 0;
    edgeTarget[at] = s;
  }

  const denseOffset = new Int32Array(stateCount).fill(-1);
  let denseStates = 0;
  for (let s = 0; s < stateCount; s++) {
    if (s === 0 || (edgeFirst[s + 1] ?? 0) - (edgeFirst[s] ?? 0) > DENSE_THRESHOLD) {
      denseOffset[s] = denseStates++ * alphabetSize;
    }
  }
  const dense = new Int32Array(denseStates * alphabetSize).fill(-1);
  for (let s = 0; s < stateCount; s++) {
    const row = denseOffset[s] ?? -1;
    if (row < 0) continue;
    for (let e = edgeFirst[s] ?? 0; e < (edgeFirst[s + 1] ?? 0); e++) {
      dense[row + (edgeSymbol[e] ?? 0)] = edgeTarget[e] ?? -1;
    }
  }

  const automaton: Automaton = {
    symbolOf,
    alphabetSize,
    stateCount,
    edgeFirst,
    edgeSymbol,
    edgeTarget,
    denseOffset,
    dense,
    fail: new Int32Array(stateCount),
    outputFirst: outputFirst.subarray(0, stateCount),
    outputNext,
    outputLink: new Int32Array(stateCount),
    patternLength,
    maxPatternLength,
  };
  yield* linkFailures(automaton);
  return automaton;
}

/** The child of `state` on `symbol`, or -1. */
function child(a: Automaton, state: number, symbol: number): number {
  const row = a.denseOffset[state] ?? -1;
  if (row >= 0) return a.dense[row + symbol] ?? -1;
  const end = a.edgeFirst[state + 1] ?? 0;
  for (let e = a.edgeFirst[state] ?? 0; e < end; e++) {
    if (a.edgeSymbol[e] === symbol) return a.edgeTarget[e] ?? -1;
  }
  return -1;
}

/** Breadth-first: a state's fail link is the longest proper suffix of its path that is a state. */
function* linkFailures(a: Automaton): Generator<void, void> {
  const { fail, outputFirst, outputLink, edgeFirst, edgeSymbol, edgeTarget } = a;
  const queue = new Int32Array(a.stateCount);
  let head = 0;
  let tail = 0;
  for (let e = edgeFirst[0] ?? 0; e < (edgeFirst[1] ?? 0); e++) queue[tail++] = edgeTarget[e] ?? 0;
  while (head < tail) {
    if (head % (UNITS_PER_STEP * 8) === 0) yield;
    const state = queue[head++] ?? 0;
    const end = edgeFirst[state + 1] ?? 0;
    for (let e = edgeFirst[state] ?? 0; e < end; e++) {
      const next = edgeTarget[e] ?? 0;
      const symbol = edgeSymbol[e] ?? 0;
      let f = fail[state] ?? 0;
      let target = child(a, f, symbol);
      while (target < 0 && f !== 0) {
        f = fail[f] ?? 0;
        target = child(a, f, symbol);
      }
      const link = target > 0 ? target : 0;
      fail[next] = link;
      outputLink[next] = (outputFirst[link] ?? -1) >= 0 ? link : (outputLink[link] ?? 0);
      queue[tail++] = next;
    }
  }
}

/**
 * Reports every occurrence of every pattern in `text`, in order of their end offset. The hot loop:
 * one table lookup per code unit and one transition, with no allocation; the sink runs only at
 * occurrences.
 */
export function scanText(a: Automaton, text: string, sink: OccurrenceSink): void {
  if (a.stateCount <= 1) return;
  const { symbolOf, denseOffset, dense, edgeFirst, edgeSymbol, edgeTarget, fail } = a;
  const { outputFirst, outputNext, outputLink, patternLength } = a;
  const fold = FOLD_TABLE;
  // Where each of the last folded units started in `text`, to turn a pattern length into a start.
  let size = 1;
  while (size <= a.maxPatternLength) size <<= 1;
  const mask = size - 1;
  const starts = new Int32Array(size);
  let count = 0;
  let state = 0;
  let previousWasSeparator = false;

  for (let i = 0, n = text.length; i < n; i++) {
    const f = fold[text.charCodeAt(i)] ?? 0;
    if (f === 0) continue;
    if (f === SPACE || f === HYPHEN) {
      if (previousWasSeparator) continue;
      previousWasSeparator = true;
    } else {
      previousWasSeparator = false;
    }
    starts[count & mask] = i;
    count++;
    const symbol = symbolOf[f] ?? 0;
    if (symbol === 0) {
      state = 0;
      continue;
    }

    let s = state;
    for (;;) {
      let next = -1;
      const row = denseOffset[s] ?? -1;
      if (row >= 0) {
        next = dense[row + symbol] ?? -1;
      } else {
        const end = edgeFirst[s + 1] ?? 0;
        for (let e = edgeFirst[s] ?? 0; e < end; e++) {
          if (edgeSymbol[e] === symbol) {
            next = edgeTarget[e] ?? -1;
            break;
          }
        }
      }
      if (next >= 0) {
        s = next;
        break;
      }
      if (s === 0) break;
      s = fail[s] ?? 0;
    }
    state = s;

    let out = (outputFirst[s] ?? -1) >= 0 ? s : (outputLink[s] ?? 0);
    while (out > 0) {
      for (let p = outputFirst[out] ?? -1; p >= 0; p = outputNext[p] ?? -1) {
        sink(p, starts[(count - (patternLength[p] ?? 0)) & mask] ?? 0, i + 1);
      }
      out = outputLink[out] ?? 0;
    }
  }
}

/**
 * The code units a pattern occurrence can start with: those whose folded form begins some
 * pattern. A table over all 65,536 UTF-16 code units, for {@link scanPatternStarts}.
 */
export function patternStartUnits(a: Automaton): Uint8Array {
  const table = new Uint8Array(0x10000);
  if (a.stateCount <= 1) return table;
  for (let c = 0; c < 0x10000; c++) {
    const symbol = a.symbolOf[FOLD_TABLE[c] ?? 0] ?? 0;
    if (symbol !== 0 && child(a, 0, symbol) >= 0) table[c] = 1;
  }
  return table;
}

/**
 * Pushes onto `out`, in ascending order, every offset in `text` from `from` up to (not including)
 * `to` where some pattern occurs, reading on past `to` to finish an occurrence. `accept` may turn
 * an occurrence down (a case check, say); the offset counts if any occurrence there is accepted.
 *
 * The same occurrences {@link scanText} reports, found the other way round: instead of one state
 * machine step per code unit, a table lookup per code unit and a walk down the trie only from
 * units that can start a pattern (the `starts` table of {@link patternStartUnits}), which nearly
 * always ends after a unit or two. For a long text where patterns are rare, several times faster.
 */
export function scanPatternStarts(
  a: Automaton,
  starts: Uint8Array,
  text: string,
  from: number,
  to: number,
  accept: (pattern: number, start: number, end: number) => boolean,
  out: number[],
): void {
  const fold = FOLD_TABLE;
  const { symbolOf, outputFirst, outputNext } = a;
  const n = text.length;
  const end = Math.min(to, n);
  for (let i = from; i < end; i++) {
    if (starts[text.charCodeAt(i)] === 0) continue;
    let state = 0;
    let previousWasSeparator = false;
    walk: for (let j = i; j < n; j++) {
      const f = fold[text.charCodeAt(j)] ?? 0;
      if (f === 0) continue;
      if (f === SPACE || f === HYPHEN) {
        if (previousWasSeparator) continue;
        previousWasSeparator = true;
      } else {
        previousWasSeparator = false;
      }
      const symbol = symbolOf[f] ?? 0;
      if (symbol === 0) break;
      state = child(a, state, symbol);
      if (state < 0) break;
      for (let p = outputFirst[state] ?? -1; p >= 0; p = outputNext[p] ?? -1) {
        if (accept(p, i, j + 1)) {
          out.push(i);
          break walk;
        }
      }
    }
  }
}
