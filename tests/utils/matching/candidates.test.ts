/**
 * The candidate scan the page scanner runs over a whole page's text before reading any block: it
 * must never miss a place where a block's own text has a mention, however the page's blocks run
 * together in `textContent`, and scanning in parts must equal scanning at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAutomaton, scanPatternStarts, scanText } from '../../../utils/matching/automaton';
import { foldedPatterns } from '../../../utils/matching/patterns';
import {
  type CompileOptions,
  compileMatcher,
  findMentions,
  scanCandidates,
} from '../../../utils/matching/matcher';
import { ORGANISATIONS } from './fixtures';

/** Pieces page text is made of: aliases as pages write them, near misses, separators, Persian. */
const PIECES = [
  'MEK',
  'mek',
  'Mekong',
  'PMOI',
  'PMOIX',
  'NCRI',
  'MKO',
  'Mujahedin',
  'Mojāhedin',
  'Khalq',
  '-e ',
  '‑e ',
  'e',
  ' ',
  '  ',
  '\u00a0',
  '-',
  "'s",
  '(',
  ')',
  '«',
  '»',
  'People’s',
  "People's",
  'Mojahedin',
  'Organization',
  'of',
  'Iran',
  'National Council of Resistance of Iran',
  'مجاهدین',
  'خلق',
  'سازمان',
  'و',
  '\u200c',
  'the solvent',
  'x',
  '.',
];

const block = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 14 })
  .map((parts) => parts.join(''));

/** Both ways a matcher compiles (see matcher.test.ts). */
const MODES: [string, CompileOptions][] = [
  ['whole', { lazyAbove: Infinity }],
  ['lazy', { lazyAbove: 0 }],
];

describe.each(MODES)('scanCandidates, %s matcher', (mode, options) => {
  const matcher = compileMatcher(ORGANISATIONS, options);

  /** Scans `text` in one go. */
  const candidates = (text: string) => {
    const scan = scanCandidates(matcher, text);
    scan.step(text.length);
    return scan.starts();
  };

  it('finds a candidate at the start of every mention of every block, blocks run together', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), (blocks) => {
        const page = blocks.join('');
        const found = new Set(candidates(page));
        let offset = 0;
        for (const text of blocks) {
          // Every alias occurrence that counts in the block alone, with or without page context.
          const all = findMentions(matcher, text, {
            pageEvidence: new Map(
              ORGANISATIONS.map((org) => [org.key, org.aliases[0]?.text ?? '']),
            ),
          });
          for (const mention of all) expect(found.has(offset + mention.start)).toBe(true);
          offset += text.length;
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('scanning in parts of any size finds the same starts as one scan', () => {
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (blocks, size) => {
          const page = blocks.join('');
          const scan = scanCandidates(matcher, page);
          let steps = 0;
          while (!scan.step(size)) steps++;
          // A lazy matcher reads the text for keys first, in parts of the same size.
          const passes = mode === 'lazy' ? 2 : 1;
          expect(steps).toBeLessThanOrEqual(passes * Math.ceil(page.length / size));
          expect(scan.starts()).toEqual(candidates(page));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('starts are ascending and unique, and case-sensitive acronyms need their case', () => {
    const text = 'mek Mek MEK and PMOI, pmoi; Mujahedin-e Khalq and MUJAHEDIN E KHALQ';
    const starts = candidates(text);
    expect(starts).toEqual([...new Set(starts)].sort((a, b) => a - b));
    expect(starts.map((start) => text.slice(start, start + 4))).toEqual([
      'MEK ',
      'PMOI',
      'Muja',
      'MUJA',
    ]);
  });

  it('finds nothing in text with no alias in it', () => {
    expect(candidates('The quick brown fox jumps over the lazy dog. '.repeat(100))).toEqual([]);
    expect(candidates('')).toEqual([]);
  });
});

describe('scanPatternStarts', () => {
  it('finds the start of every occurrence scanText reports, and no other', () => {
    const automaton = buildAutomaton(
      ['ab', 'b c', 'abc', 'c', 'ك'].flatMap((p) => foldedPatterns(p).map((form) => form.folded)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'B', 'b', 'c', ' ', '  ', '-', 'x', '\u200c', 'ک', 'ـ'), {
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 31 }),
        (parts, size) => {
          const text = parts.join('');
          const expected = new Set<number>();
          scanText(automaton, text, (_p, start) => expected.add(start));
          const found: number[] = [];
          for (let from = 0; from < text.length; from += size) {
            scanPatternStarts(automaton, text, from, from + size, () => true, found);
          }
          expect(found).toEqual([...expected].sort((x, y) => x - y));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
