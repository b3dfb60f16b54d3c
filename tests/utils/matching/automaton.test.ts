/**
 * The Aho–Corasick automaton against the obvious search: every occurrence of every pattern, for
 * patterns that repeat, nest and share prefixes, with outputs at one place in pattern order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAutomaton, scanText } from '../../../utils/matching/automaton';

const units = (text: string) => Uint16Array.from(text, (ch) => ch.charCodeAt(0));

/** Every [pattern, start, end] by trying each pattern at each offset, ordered as scanText reports. */
function naive(patterns: readonly string[], text: string): number[][] {
  const found: number[][] = [];
  for (let end = 1; end <= text.length; end++) {
    // At one end, longer patterns first (the state's own outputs, then its suffix links), and
    // patterns of one length in the order given.
    const here = patterns
      .map((pattern, id) => ({ pattern, id }))
      .filter(
        ({ pattern }) => pattern.length > 0 && text.slice(end - pattern.length, end) === pattern,
      )
      .sort((a, b) => b.pattern.length - a.pattern.length || a.id - b.id);
    for (const { pattern, id } of here) found.push([id, end - pattern.length, end]);
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

  it('counts states as a trie does: shared prefixes once', () => {
    const automaton = buildAutomaton(['abc', 'abd', 'ab', 'b', 'abc'].map(units));
    // root, a, ab, abc, abd, b
    expect(automaton.stateCount).toBe(6);
  });
});
