/**
 * A test organisation set that mirrors the bundled MKO/NCRI pack: unambiguous names in English,
 * French and Persian, case-sensitive acronyms, and ambiguous acronyms with context words.
 */

import fc from 'fast-check';
import type { Match, MatchReason, MatcherOrganisation } from '../../../utils/matching/matcher';

export const MKO_KEY = 'backstory-digest-mko-ncri/mko';
export const NCRI_KEY = 'backstory-digest-mko-ncri/ncri';

/** MEK is also methyl ethyl ketone and a protein kinase, so it needs support from its context. */
export const MEK_CONTEXT = [
  'Rajavi',
  'Camp Ashraf',
  'Ashraf',
  'Albania',
  'Iranian opposition',
  'Tehran',
  'Mujahedin',
  'Mojahedin',
  'رجوی',
];

/** NCRI is also the UK's National Cancer Research Institute. */
export const NCRI_CONTEXT = ['Rajavi', 'Iranian opposition', 'Tehran', 'Mujahedin', 'Camp Ashraf'];

export const ORGANISATIONS: MatcherOrganisation[] = [
  {
    key: MKO_KEY,
    name: 'Mujahedin Khalq Organization',
    aliases: [
      { text: 'MKO', caseSensitive: true },
      { text: 'MEK', caseSensitive: true, context: MEK_CONTEXT },
      { text: 'PMOI', caseSensitive: true },
      { text: 'Mujahedin Khalq', caseSensitive: false },
      { text: 'Mujahedin-e Khalq', caseSensitive: false },
      { text: 'Mojahedin-e Khalq', caseSensitive: false },
      { text: 'Mujahedeen-e-Khalq', caseSensitive: false },
      { text: 'Mujahedin Khalq Organization', caseSensitive: false },
      { text: "People's Mojahedin Organization of Iran", caseSensitive: false },
      { text: "People's Mujahedin Organisation of Iran", caseSensitive: false },
      { text: 'سازمان مجاهدین خلق ایران', lang: 'fa', caseSensitive: false, prefixes: ['و'] },
      { text: 'مجاهدین خلق', lang: 'fa', caseSensitive: false, prefixes: ['و', 'ب', 'به'] },
      // The Iranian state's name for the group ("hypocrites"); a common word, hence context.
      {
        text: 'منافقین',
        lang: 'fa',
        caseSensitive: false,
        prefixes: ['و'],
        context: ['رجوی', 'اشرف', 'آلبانی', 'مجاهدین'],
      },
    ],
  },
  {
    key: NCRI_KEY,
    name: 'National Council of Resistance of Iran',
    aliases: [
      { text: 'National Council of Resistance of Iran', caseSensitive: false },
      { text: 'NCRI', caseSensitive: true, context: NCRI_CONTEXT },
      { text: 'شورای ملی مقاومت ایران', lang: 'fa', caseSensitive: false, prefixes: ['و'] },
      { text: 'Conseil national de la Résistance iranienne', lang: 'fr', caseSensitive: false },
    ],
  },
];

/** Short organisation name for table rows: "mko" or "ncri". */
export function shortKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** What a row asserts about a match: the exact text matched and the organisation. */
export function describeMatches(text: string, matches: readonly Match[]): [string, string][] {
  return matches.map((m) => [text.slice(m.start, m.end), shortKey(m.orgKey)]);
}

/** A reason as a compact string: "alias", "context-alias:MKO", "context-word:Rajavi". */
export function describeReason(reason: MatchReason): string {
  switch (reason.kind) {
    case 'alias':
      return 'alias';
    case 'context-alias':
      return `context-alias:${reason.supportingAlias}`;
    case 'context-word':
      return `context-word:${reason.word}`;
  }
}

/**
 * `count` generated organisations ("Zq1x Front", "Zq1x Trust", … eight aliases each, key
 * `gen/o<i>`), for tests of large alias lists: names that occur in no other fixture.
 */
export function generatedOrganisations(count: number): MatcherOrganisation[] {
  const nouns = ['Front', 'Trust', 'Union', 'League', 'Council', 'Party', 'Group', 'Movement'];
  return Array.from({ length: count }, (_, i) => ({
    key: `gen/o${i}`,
    name: `Zq${i.toString(36)} Front`,
    aliases: nouns.map((noun) => ({ text: `Zq${i.toString(36)}x ${noun}`, caseSensitive: false })),
  }));
}

/**
 * Pieces of page text for property tests over generated and fixture organisations: their
 * aliases, near misses, separators, invisible characters, Persian.
 */
export const GENERATED_TEXT_PIECES = [
  'MEK',
  'NCRI',
  'Mujahedin',
  'Khalq',
  '-e ',
  'Tehran',
  'Rajavi',
  'مجاهدین',
  'خلق',
  '\u200c',
  'و',
  ' ',
  '. ',
  'zq1x',
  'ZQ2X',
  'Zq3x',
  'zq1a',
  'front',
  'Trust',
  'union',
  'league',
  'U N',
  'u n',
  '\u00ad',
  'x',
];

/** A page text made of up to `maxLength` {@link GENERATED_TEXT_PIECES}, for property tests. */
export const generatedText = (maxLength = 16): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...GENERATED_TEXT_PIECES), { maxLength }).map((p) => p.join(''));
