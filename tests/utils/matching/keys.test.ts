/**
 * Key grams and the lazy matcher built on them: a text that contains an alias must always hold
 * that alias's key (so a lazy matcher never misses a mention), and a lazy matcher must give
 * exactly what a whole one gives, however its trie has grown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KEY_UNITS,
  createKeyIndexBuilder,
  gramKey,
  keyWindow,
  patternKey,
} from '../../../utils/matching/keys';
import {
  compileMatcher,
  findMentions,
  resolveMentions,
  scanCandidates,
} from '../../../utils/matching/matcher';
import { createPatternStore } from '../../../utils/matching/patterns';
import { ORGANISATIONS, generatedOrganisations, generatedText } from './fixtures';

const units = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));

/** A key index of `aliases`, each alias's id its position. */
function indexOf(aliases: readonly string[]) {
  const builder = createKeyIndexBuilder();
  aliases.forEach((alias, id) => {
    const store = createPatternStore();
    store.add(alias, { keepCase: false }, id);
    const list = store.finish();
    builder.addPatterns(list, list.owners);
  });
  return builder.finish();
}

/** The alias ids a key index reports for `text`, scanned in parts of `size` code units. */
function aliasesIn(aliases: readonly string[], text: string, size = text.length || 1): number[] {
  const index = indexOf(aliases);
  const found: number[] = [...index.keyless];
  const window = keyWindow();
  for (let from = 0; from < text.length; from += size) {
    index.scan(text, from, from + size, window, found);
  }
  return [...new Set(found)].sort((a, b) => a - b);
}

describe('patternKey', () => {
  it('takes the least common run of four units inside one word', () => {
    const folded = units('national zhuvarek trust');
    expect(patternKey(folded, 0, folded.length)).toEqual({
      key: gramKey(units('zhuv'), 0, 4),
      length: 4,
      at: 9,
    });
  });

  it('never spans a separator, and shortens to the longest word', () => {
    const folded = units('mek');
    expect(patternKey(folded, 0, 3)).toEqual({ key: gramKey(folded, 0, 3), length: 3, at: 0 });
    const spaced = units('ab cd ef');
    const key = patternKey(spaced, 0, spaced.length);
    expect(key?.length).toBe(2);
    expect(['ab', 'cd', 'ef'].map((w) => gramKey(units(w), 0, 2))).toContain(key?.key);
  });

  it('has no key when every word is one unit', () => {
    const folded = units('a b c');
    expect(patternKey(folded, 0, folded.length)).toBeNull();
    expect(aliasesIn(['U N', 'Zhuvarek'], 'nothing here')).toEqual([0]);
  });

  it('keys of different lengths differ', () => {
    expect(gramKey(units('ab'), 0, 2)).not.toBe(gramKey(units('\u0000ab'), 0, 3));
    expect(KEY_UNITS).toBe(4);
  });
});

describe('KeyIndex.scan', () => {
  it('reports the aliases of each key met, once', () => {
    const index = indexOf(['Zhuvarek Trust', 'Krobish Front', 'Zhuvarek Union', 'MEK']);
    const found: number[] = [];
    index.scan('a ZHUVAREK here, mek there', 0, 100, keyWindow(), found);
    expect(found.sort()).toEqual([0, 2, 3]);
    const again: number[] = [];
    index.scan('zhuvarek mek krobish', 0, 100, keyWindow(), again);
    expect(again).toEqual([1]);
  });

  it('finds every one of 10,000 aliases written in a text, and none that is not', () => {
    // Four-letter words, so that each alias has a key of its own.
    const LETTERS16 = 'bcdfghjkmpqvwxyz';
    const made = Array.from({ length: 10_000 }, (_, i) =>
      [0, 4, 8, 12].map((shift) => LETTERS16.charAt((i >> shift) & 15)).join(''),
    );
    const written = made.filter((_, i) => i % 7 === 0);
    const found = aliasesIn(made, written.join(' ; '));
    // A collision may add an alias, never drop one.
    const expected = made.flatMap((_, i) => (i % 7 === 0 ? [i] : []));
    expect(found).toEqual(expect.arrayContaining(expected));
    expect(found.length).toBeLessThan(expected.length + 5);
  });

  const LETTERS = ['a', 'E', 'z', 'k', 'ā', 'é', 'ی', 'ي', 'ك', 'ک', 'خ', '۲', '2', "'", '’', '.'];
  const IGNORABLE = ['\u00ad', '\u200c', '\u0640', '\u064e', '\u200f'];
  const SEPARATORS = [' ', '-', '\u00a0', '\u2011', ' - ', '  '];
  const word = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 7 });
  const alias = fc.array(word, { minLength: 1, maxLength: 3 });

  /** Writes an alias as a page might: other case, separator variants, ignorables inside words. */
  const written = (words: string[][], noise: number[]) => {
    let n = 0;
    const next = () => noise[n++ % noise.length] ?? 0;
    return words
      .map((letters) =>
        letters
          .map((ch) => {
            const r = next();
            const cased = r % 2 ? ch.toUpperCase() : ch;
            return r % 5 === 0 ? cased + IGNORABLE[r % IGNORABLE.length] : cased;
          })
          .join(''),
      )
      .join(SEPARATORS[next() % SEPARATORS.length]);
  };

  it('the key of an alias is met wherever the alias is written, scanned in parts of any size', () => {
    fc.assert(
      fc.property(
        fc.array(alias, { minLength: 1, maxLength: 6 }),
        fc.nat({ max: 5 }),
        fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 20 }),
        fc.string({ maxLength: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (aliases, pick, noise, around, size) => {
          const texts = aliases.map((words) => words.map((w) => w.join('')).join(' '));
          const chosen = pick % aliases.length;
          const page = around + written(aliases[chosen] ?? [], noise) + around;
          expect(aliasesIn(texts, page, size)).toContain(chosen);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('lazy matcher', () => {
  const all = [...generatedOrganisations(1_250), ...ORGANISATIONS];

  it('compiles only the aliases whose keys a text holds, and grows with later texts', () => {
    const lazy = compileMatcher(all);
    const whole = compileMatcher(all, { lazyAbove: Infinity });
    expect(lazy.size.aliases).toBe(whole.size.aliases);
    // The bundled acronyms have keys too: nothing is compiled before a text is read.
    expect(lazy.size.patterns).toBe(0);

    const first = 'The zq1x front and the MKO.';
    const mentions = findMentions(lazy, first);
    expect(mentions.map((m) => first.slice(m.start, m.end))).toEqual(['zq1x front', 'MKO']);
    const afterFirst = lazy.size.patterns;
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(50);
    expect(lazy.size.states).toBeLessThan(whole.size.states / 100);

    const second = 'Later the ZQ2X LEAGUE, Mujahedin-e Khalq and the MEK.';
    expect(
      findMentions(lazy, second).map((m) => [second.slice(m.start, m.end), m.reason.kind]),
    ).toEqual([
      ['ZQ2X LEAGUE', 'alias'],
      ['Mujahedin-e Khalq', 'alias'],
      ['MEK', 'context-alias'],
    ]);
    expect(lazy.size.patterns).toBeGreaterThan(afterFirst);
    // Matches found before the trie grew still resolve and describe themselves.
    expect(resolveMentions(mentions, first, lazy)).toEqual(mentions);
    const [zq] = mentions;
    expect(zq && lazy.aliasOf(zq)?.text).toBe('Zq1x Front');
  });

  it('a candidate scan grows the trie before it looks', () => {
    const lazy = compileMatcher(all);
    const text = `${'Nothing to see. '.repeat(50)}the Zq3x Trust`;
    const scan = scanCandidates(lazy, text);
    while (!scan.step(64));
    expect(scan.starts()).toEqual([text.indexOf('Zq3x')]);
  });

  it('agrees exactly with a whole matcher, text after text', () => {
    const lazy = compileMatcher(all);
    const whole = compileMatcher(all, { lazyAbove: Infinity });
    fc.assert(
      fc.property(generatedText(), (text) => {
        expect(findMentions(lazy, text)).toEqual(findMentions(whole, text));
        expect(lazy.findMatches(text)).toEqual(whole.findMatches(text));
        expect(lazy.findContextEvidence(text)).toEqual(whole.findContextEvidence(text));
      }),
      { numRuns: 1_500 },
    );
  });
});
