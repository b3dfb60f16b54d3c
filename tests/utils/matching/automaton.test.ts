/**
 * The trie and its scan against the obvious search: every occurrence of every pattern, for
 * patterns that repeat, nest and share prefixes, with outputs at one place in pattern order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildAutomaton,
  nextSiblingOf,
  patternListOf,
  scanText,
} from '../../../utils/matching/automaton';

const units = (text: string) => Uint16Array.from(text, (ch) => ch.charCodeAt(0));

/** Every [pattern, start, end] by trying each pattern at each offset, ordered as scanText reports. */
function naive(patterns: readonly string[], text: string): number[][] {
  const found: number[][] = [];
  for (let start = 0; start < text.length; start++) {
    // At one start, shorter patterns first, and equal ones in the order given.
    const here = patterns
      .map((pattern, id) => ({ pattern, id }))
      .filter(({ pattern }) => pattern.length > 0 && text.startsWith(pattern, start))
      .sort((a, b) => a.pattern.length - b.pattern.length || a.id - b.id);
    for (const { pattern, id } of here) found.push([id, start, start + pattern.length]);
  }
  return found;
}

describe('buildAutomaton and scanText', () => {
  it('find exactly the occurrences the obvious search finds', () => {
    const word = fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 5 }).map((w) => w.join(''));
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 }),
        (patterns, text) => {
          const automaton = buildAutomaton(patterns.map(units));
          const found: number[][] = [];
          scanText(automaton, text.join(''), (pattern, start, end) =>
            found.push([pattern, start, end]),
          );
          expect(found).toEqual(naive(patterns, text.join('')));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('gives the same answers from a packed pattern list, with the states linked in order', () => {
    const word = fc
      .array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'), {
        maxLength: 4,
      })
      .map((w) => w.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 60 }), (patterns) => {
        const automaton = buildAutomaton(patternListOf(patterns.map(units)));
        const text = patterns.join('x');
        const found: number[][] = [];
        scanText(automaton, text, (pattern, start, end) => found.push([pattern, start, end]));
        expect(found).toEqual(naive(patterns, text));
        // Depth-first numbering: siblings ascend by symbol, and a first child follows its parent.
        const { symbolIn } = automaton;
        for (let s = 1; s < automaton.stateCount; s++) {
          const sibling = nextSiblingOf(automaton, s);
          if (sibling >= 0) {
            expect(sibling).toBeGreaterThan(s);
            expect(symbolIn[sibling]).toBeGreaterThan(symbolIn[s] ?? 0);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('gives busy states a dense row with the same children as their list', () => {
    // Twelve children under "a" (over the threshold of eight), three under "b".
    const patterns = [...'bcdefghijklm'].map((c) => `a${c}`).concat(['bx', 'by', 'bz']);
    const automaton = buildAutomaton(patterns.map(units));
    expect(automaton.rowOf.size).toBe(1);
    for (const [id, pattern] of patterns.entries()) {
      const found: number[][] = [];
      scanText(automaton, `--${pattern}--`, (p, start, end) => found.push([p, start, end]));
      expect(found).toEqual([[id, 2, 4]]);
    }
  });

  it('works the same with more than 255 symbols (two-byte symbols)', () => {
    // 300 CJK characters, each a pattern, and pairs of them.
    const letters = Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x4e00 + i));
    const word = fc
      .array(fc.constantFrom(...letters.slice(0, 6), ...letters.slice(290)), { maxLength: 3 })
      .map((w) => w.join(''));
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 8 }),
        fc.array(word, { maxLength: 12 }),
        (extra, text) => {
          const patterns = [...letters, ...extra];
          const automaton = buildAutomaton(patterns.map(units));
          expect(automaton.symbolOf).toBeInstanceOf(Uint16Array);
          const found: number[][] = [];
          scanText(automaton, text.join(''), (pattern, start, end) =>
            found.push([pattern, start, end]),
          );
          expect(found).toEqual(naive(patterns, text.join('')));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('builds an empty trie for no patterns, and finds nothing with it', () => {
    const automaton = buildAutomaton([units(''), units('')]);
    expect(automaton.stateCount).toBe(1);
    const found: number[][] = [];
    scanText(automaton, 'anything', (pattern, start, end) => found.push([pattern, start, end]));
    expect(found).toEqual([]);
  });

  it('knows which code units can start a pattern, folded, and with which symbol', () => {
    const automaton = buildAutomaton(['ab', 'c'].map(units));
    const { startSymbols, symbolOf } = automaton;
    const symbol = (ch: string) => symbolOf[ch.charCodeAt(0)] ?? 0;
    const starts = [...'abcdAC'].map((ch) => startSymbols[ch.charCodeAt(0)]);
    expect(starts).toEqual([symbol('a'), 0, symbol('c'), 0, symbol('a'), symbol('c')]);
    expect(symbol('a')).toBeGreaterThan(0);
    expect(symbol('c')).toBeGreaterThan(0);
  });

  it('keeps two-byte start symbols whole', () => {
    const letters = Array.from({ length: 600 }, (_, i) => String.fromCharCode(0x4e00 + i));
    const { startSymbols, symbolOf } = buildAutomaton(letters.map(units));
    const codes = letters.map((letter) => letter.charCodeAt(0));
    expect(codes.map((code) => startSymbols[code])).toEqual(codes.map((code) => symbolOf[code]));
    // Symbol 256 and 512 among them: what a one-byte table would turn into 0 (no start).
    expect(codes.map((code) => symbolOf[code])).toEqual(expect.arrayContaining([256, 512]));
    const found: number[][] = [];
    const text = letters.join('');
    scanText(buildAutomaton(letters.map(units)), text, (pattern, start, end) =>
      found.push([pattern, start, end]),
    );
    expect(found).toHaveLength(letters.length);
  });

  it('knows which pairs of symbols can start a pattern, and every pair after a one-unit pattern', () => {
    const automaton = buildAutomaton(['ab', 'ac', 'b', 'cab'].map(units));
    const { symbolOf, alphabetSize, startPairs } = automaton;
    const pair = (first: string, second: string) =>
      startPairs[
        (symbolOf[first.charCodeAt(0)] ?? 0) * alphabetSize + (symbolOf[second.charCodeAt(0)] ?? 0)
      ];
    expect([pair('a', 'b'), pair('a', 'c'), pair('c', 'a')]).toEqual([1, 1, 1]);
    expect([pair('a', 'a'), pair('c', 'b'), pair('c', 'c')]).toEqual([0, 0, 0]);
    // "b" is a pattern by itself: whatever follows it, a walk must run.
    expect([pair('b', 'a'), pair('b', 'b'), pair('b', 'c')]).toEqual([1, 1, 1]);
    expect(startPairs[(symbolOf[97] ?? 0) * alphabetSize]).toBe(0); // "a" then a unit in no pattern
    const found: number[][] = [];
    scanText(automaton, 'aabxcabb', (pattern, start, end) => found.push([pattern, start, end]));
    expect(found).toEqual(naive(['ab', 'ac', 'b', 'cab'], 'aabxcabb'));
  });

  it('counts states as a trie does: shared prefixes once', () => {
    const automaton = buildAutomaton(['abc', 'abd', 'ab', 'b', 'abc'].map(units));
    // root, a, ab, abc, abd, b
    expect(automaton.stateCount).toBe(6);
  });
});
