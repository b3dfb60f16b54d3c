import { describe, expect, it } from 'vitest';
import {
  type CompileOptions,
  type Match,
  type MatcherOrganisation,
  compileMatcher,
  evidenceFromMentions,
  findMentions,
  mergeEvidence,
  resolveMentions,
} from '../../../utils/matching/matcher';
import {
  MKO_KEY,
  NCRI_KEY,
  ORGANISATIONS,
  describeMatches,
  describeReason,
  shortKey,
} from './fixtures';

/**
 * Every table runs against both ways a matcher compiles: the whole trie at once, and lazily (a key
 * per alias, the trie grown from the aliases whose keys a text holds), which must agree exactly.
 */
const MODES: [string, CompileOptions][] = [
  ['whole', { lazyAbove: Infinity }],
  ['lazy', { lazyAbove: 0 }],
];

describe.each(MODES)('%s matcher', (_mode, options) => {
  const matcher = compileMatcher(ORGANISATIONS, options);

  type Row = [text: string, expected: [string, string][]];

  /** Matches without the context rule. */
  const matches = (text: string): [string, string][] =>
    describeMatches(text, matcher.findMatches(text));

  /** Mentions (matches that pass the context rule). */
  const mentions = (text: string): [string, string][] =>
    describeMatches(text, findMentions(matcher, text));

  /** Mentions with their reasons. */
  const explained = (text: string, m = matcher): [string, string, string][] =>
    findMentions(m, text).map((x) => [
      text.slice(x.start, x.end),
      shortKey(x.orgKey),
      describeReason(x.reason),
    ]);

  /** 400 characters with no alias and no context word in them. */
  const FILLER = ' Lorem ipsum dolor sit amet, consectetur adipiscing elit.'.repeat(7);

  describe('English aliases', () => {
    it.each<Row>([
      ['The Mujahedin Khalq was founded in 1965.', [['Mujahedin Khalq', 'mko']]],
      ['the Mujahedin-e Khalq', [['Mujahedin-e Khalq', 'mko']]],
      ['the Mojahedin-e Khalq', [['Mojahedin-e Khalq', 'mko']]],
      ['the Mujahedeen-e-Khalq', [['Mujahedeen-e-Khalq', 'mko']]],
      ['the MKO said', [['MKO', 'mko']]],
      ['the PMOI said', [['PMOI', 'mko']]],
      ['the mujahedin khalq', [['mujahedin khalq', 'mko']]],
      ['THE MUJAHEDIN KHALQ', [['MUJAHEDIN KHALQ', 'mko']]],
      [
        'The National Council of Resistance of Iran',
        [['National Council of Resistance of Iran', 'ncri']],
      ],
      [
        'Le Conseil national de la Résistance iranienne',
        [['Conseil national de la Résistance iranienne', 'ncri']],
      ],
      [
        'CONSEIL NATIONAL DE LA RESISTANCE IRANIENNE',
        [['CONSEIL NATIONAL DE LA RESISTANCE IRANIENNE', 'ncri']],
      ],
      [
        'MKO and PMOI',
        [
          ['MKO', 'mko'],
          ['PMOI', 'mko'],
        ],
      ],
      ['No organisation is named here.', []],
      ['', []],
      ['Mujahedin', []],
      ['Khalq', []],
      ['Mujahedin of Afghanistan', []],
    ])('%j', (text, expected) => {
      expect(mentions(text)).toEqual(expected);
    });
  });

  describe('case rules', () => {
    it.each<Row>([
      ['mko', []],
      ['Mko', []],
      ['mKO', []],
      ['pmoi', []],
      ['Pmoi', []],
      ['mek', []],
      ['Mek', []],
      ['ncri', []],
      ['Ncri', []],
      ['MKO', [['MKO', 'mko']]],
      ['ＭＫＯ', [['ＭＫＯ', 'mko']]],
      ['ｍｋｏ', []],
      ['MEK', [['MEK', 'mko']]],
      ['NCRI', [['NCRI', 'ncri']]],
      ['mujahedin KHALQ', [['mujahedin KHALQ', 'mko']]],
      ['mUjAhEdIn kHaLq', [['mUjAhEdIn kHaLq', 'mko']]],
    ])('findMatches(%j)', (text, expected) => {
      expect(matches(text)).toEqual(expected);
    });
  });

  describe('word boundaries', () => {
    it.each<Row>([
      ['Mekong', []],
      ['MEKONG', []],
      ['MEKS', []],
      ['PMOIX', []],
      ['NCRIs', []],
      ['xMEK', []],
      ['2MEK', []],
      ['MEK2', []],
      ['ÉMEK', []],
      ['MEKé', []],
      ['MEK\u00ADS', []],
      ['\u{1D400}MEK', []],
      ["MEK's", [['MEK', 'mko']]],
      ['MEK\u2019s', [['MEK', 'mko']]],
      ['(MEK)', [['MEK', 'mko']]],
      ['MEK-linked', [['MEK', 'mko']]],
      ['MEK\u2011linked', [['MEK', 'mko']]],
      ['«MEK»', [['MEK', 'mko']]],
      ['“MEK”', [['MEK', 'mko']]],
      ['MEK.', [['MEK', 'mko']]],
      ['MEK,', [['MEK', 'mko']]],
      ['/MEK/', [['MEK', 'mko']]],
      ['[MKO]', [['MKO', 'mko']]],
      ['#PMOI', [['PMOI', 'mko']]],
      ['MKO_', [['MKO', 'mko']]],
      ['MKO:', [['MKO', 'mko']]],
      ['MKO…', [['MKO', 'mko']]],
      ['MKO—the group', [['MKO', 'mko']]],
      ['\u{1F600}MKO\u{1F600}', [['MKO', 'mko']]],
      ['\u200EMKO\u200E', [['MKO', 'mko']]],
      ['MKO\u200CS', [['MKO', 'mko']]],
      ['Mujahedin Khalqi', []],
      ['aMujahedin Khalq', []],
      ["Mujahedin Khalq's", [['Mujahedin Khalq', 'mko']]],
      ['Mujahedin-Khalq-linked', [['Mujahedin-Khalq', 'mko']]],
      [
        'NCRI/MKO',
        [
          ['NCRI', 'ncri'],
          ['MKO', 'mko'],
        ],
      ],
    ])('findMatches(%j)', (text, expected) => {
      expect(matches(text)).toEqual(expected);
    });
  });

  describe('separators: hyphens and spaces are one separator, runs count once', () => {
    it.each<Row>([
      ['Mujahedin e Khalq', [['Mujahedin e Khalq', 'mko']]],
      ['Mujahedin-e-Khalq', [['Mujahedin-e-Khalq', 'mko']]],
      ['Mujahedin\u2011e Khalq', [['Mujahedin\u2011e Khalq', 'mko']]],
      ['Mujahedin\u2013e\u2014Khalq', [['Mujahedin\u2013e\u2014Khalq', 'mko']]],
      ['Mujahedin - e - Khalq', [['Mujahedin - e - Khalq', 'mko']]],
      ['Mujahedeen e Khalq', [['Mujahedeen e Khalq', 'mko']]],
      ['Mujahedin-Khalq', [['Mujahedin-Khalq', 'mko']]],
      ['Mujahedin\u00A0Khalq', [['Mujahedin\u00A0Khalq', 'mko']]],
      ['Mujahedin\u202FKhalq', [['Mujahedin\u202FKhalq', 'mko']]],
      ['Mujahedin\u2009Khalq', [['Mujahedin\u2009Khalq', 'mko']]],
      ['Mujahedin\u3000Khalq', [['Mujahedin\u3000Khalq', 'mko']]],
      ['Mujahedin\nKhalq', [['Mujahedin\nKhalq', 'mko']]],
      ['Mujahedin \t\n Khalq', [['Mujahedin \t\n Khalq', 'mko']]],
      ['Mujahedin-\nKhalq', [['Mujahedin-\nKhalq', 'mko']]],
      ['Mujahedin \u00AD Khalq', [['Mujahedin \u00AD Khalq', 'mko']]],
      ['MujahedinKhalq', []],
      ['Mujahedin_Khalq', []],
      ['Mujahedin.Khalq', []],
      ['Mujahedin, Khalq', []],
    ])('%j', (text, expected) => {
      expect(mentions(text)).toEqual(expected);
    });
  });

  describe('diacritics, apostrophes and invisible characters', () => {
    it.each<Row>([
      ['Mojāhedin-e Khalq', [['Mojāhedin-e Khalq', 'mko']]],
      ['MOJĀHEDIN-E KHALQ', [['MOJĀHEDIN-E KHALQ', 'mko']]],
      ['Mujāhedīn-e Khalq', [['Mujāhedīn-e Khalq', 'mko']]],
      ['Mojahedin-e K\u0332halq', [['Mojahedin-e K\u0332halq', 'mko']]],
      ['Moja\u0304hedin-e Khalq', [['Moja\u0304hedin-e Khalq', 'mko']]],
      ['Mujahedin Ḵalq', []],
      [
        "People's Mojahedin Organization of Iran",
        [["People's Mojahedin Organization of Iran", 'mko']],
      ],
      [
        'People\u2019s Mojahedin Organization of Iran',
        [['People\u2019s Mojahedin Organization of Iran', 'mko']],
      ],
      [
        'People\u02BCs Mojahedin Organization of Iran',
        [['People\u02BCs Mojahedin Organization of Iran', 'mko']],
      ],
      [
        'People`s Mojahedin Organization of Iran',
        [['People`s Mojahedin Organization of Iran', 'mko']],
      ],
      [
        'People\u2019s Mujahedin Organisation of Iran',
        [['People\u2019s Mujahedin Organisation of Iran', 'mko']],
      ],
      ['Peoples Mojahedin Organization of Iran', []],
      ["People's Mujahedin Organization of Iran", []],
      ['Muja\u00ADhedin Khalq', [['Muja\u00ADhedin Khalq', 'mko']]],
      ['Mujahedin Kha\u00ADlq', [['Mujahedin Kha\u00ADlq', 'mko']]],
      ['\u00ADMKO\u00AD', [['MKO', 'mko']]],
      ['Mujahedin\u200BKhalq', [['Mujahedin\u200BKhalq', 'mko']]],
      ['Muja\u200Dhedin Khalq', [['Muja\u200Dhedin Khalq', 'mko']]],
      ['\u2067Mujahedin Khalq\u2069', [['Mujahedin Khalq', 'mko']]],
    ])('%j', (text, expected) => {
      expect(mentions(text)).toEqual(expected);
    });
  });

  describe('longest match wins; overlapping aliases give one mention', () => {
    it.each<Row>([
      ['the Mujahedin Khalq Organization said', [['Mujahedin Khalq Organization', 'mko']]],
      ['the Mujahedin Khalq organisation said', [['Mujahedin Khalq', 'mko']]],
      ['the MUJAHEDIN KHALQ ORGANIZATION', [['MUJAHEDIN KHALQ ORGANIZATION', 'mko']]],
      [
        "People's Mojahedin Organization of Iran (PMOI)",
        [
          ["People's Mojahedin Organization of Iran", 'mko'],
          ['PMOI', 'mko'],
        ],
      ],
      ['سازمان مجاهدین خلق ایران', [['سازمان مجاهدین خلق ایران', 'mko']]],
      ['سازمان مجاهدین خلق', [['مجاهدین خلق', 'mko']]],
      ['Mujahedin Khalq Khalq', [['Mujahedin Khalq', 'mko']]],
      ['Mujahedin Mujahedin Khalq', [['Mujahedin Khalq', 'mko']]],
      [
        'Mujahedin Khalq Organization, Mujahedin Khalq',
        [
          ['Mujahedin Khalq Organization', 'mko'],
          ['Mujahedin Khalq', 'mko'],
        ],
      ],
      [
        'شورای ملی مقاومت ایران و سازمان مجاهدین خلق ایران',
        [
          ['شورای ملی مقاومت ایران', 'ncri'],
          ['سازمان مجاهدین خلق ایران', 'mko'],
        ],
      ],
    ])('%j', (text, expected) => {
      expect(mentions(text)).toEqual(expected);
    });
  });

  describe('Persian and mixed-script text', () => {
    it.each<Row>([
      ['مجاهدین خلق', [['مجاهدین خلق', 'mko']]],
      ['مجاهدين خلق', [['مجاهدين خلق', 'mko']]],
      ['سازمان مجاهدين خلق ايران', [['سازمان مجاهدين خلق ايران', 'mko']]],
      ['شوراي ملي مقاومت ايران', [['شوراي ملي مقاومت ايران', 'ncri']]],
      ['شورای ملی مقاومت إيران', [['شورای ملی مقاومت إيران', 'ncri']]],
      ['مُجاهِدینِ خَلق', [['مُجاهِدینِ خَلق', 'mko']]],
      ['مجاهـــدین خلـق', [['مجاهـــدین خلـق', 'mko']]],
      ['مجاهدین\u200Cخلق', [['مجاهدین\u200Cخلق', 'mko']]],
      ['مجاهدین\u00A0خلق', [['مجاهدین\u00A0خلق', 'mko']]],
      ['مجاهدین-خلق', [['مجاهدین-خلق', 'mko']]],
      [
        'سازمان\u200Cمجاهدین\u200Cخلق\u200Cایران',
        [['سازمان\u200Cمجاهدین\u200Cخلق\u200Cایران', 'mko']],
      ],
      ['سازمان مجاهدین\u200Cخلق ایران', [['سازمان مجاهدین\u200Cخلق ایران', 'mko']]],
      ['\u200Fمجاهدین خلق\u200F', [['مجاهدین خلق', 'mko']]],
      ['اعضای مجاهدین خلق، در پاریس', [['مجاهدین خلق', 'mko']]],
      ['«مجاهدین خلق»', [['مجاهدین خلق', 'mko']]],
      ['(مجاهدین خلق)', [['مجاهدین خلق', 'mko']]],
      ['مجاهدین خلق؟', [['مجاهدین خلق', 'mko']]],
      ['در سال ۱۳۶۰ مجاهدین خلق', [['مجاهدین خلق', 'mko']]],
      // Attached prefixes: the span covers the alias only.
      ['ومجاهدین خلق', [['مجاهدین خلق', 'mko']]],
      ['بمجاهدین خلق', [['مجاهدین خلق', 'mko']]],
      ['بهمجاهدین خلق', [['مجاهدین خلق', 'mko']]],
      ['به\u200Cمجاهدین خلق', [['مجاهدین خلق', 'mko']]],
      ['وسازمان مجاهدین خلق ایران', [['سازمان مجاهدین خلق ایران', 'mko']]],
      ['وشورای ملی مقاومت ایران', [['شورای ملی مقاومت ایران', 'ncri']]],
      ['کمجاهدین خلق', []],
      ['ازمجاهدین خلق', []],
      ['ووومجاهدین خلق', []],
      ['بشورای ملی مقاومت ایران', []],
      // Suffixes: attached with ZWNJ they leave the alias a word; attached directly they do not.
      ['مجاهدین خلق\u200Cها', [['مجاهدین خلق', 'mko']]],
      ['مجاهدین خلق\u200Cی', [['مجاهدین خلق', 'mko']]],
      ['مجاهدین خلقی', []],
      ['مجاهدین خلقها', []],
      ['مجاهدین', []],
      ['خلق', []],
      // Mixed scripts
      [
        'The MKO (مجاهدین خلق) said',
        [
          ['MKO', 'mko'],
          ['مجاهدین خلق', 'mko'],
        ],
      ],
      [
        'سازمان PMOI و شورای ملی مقاومت ایران',
        [
          ['PMOI', 'mko'],
          ['شورای ملی مقاومت ایران', 'ncri'],
        ],
      ],
      ['مجاهدین خلقMKO', []],
      [
        'مجاهدین خلق/MKO',
        [
          ['مجاهدین خلق', 'mko'],
          ['MKO', 'mko'],
        ],
      ],
    ])('%j', (text, expected) => {
      expect(mentions(text)).toEqual(expected);
    });
  });

  describe('ambiguous aliases need context', () => {
    type ExplainedRow = [text: string, expected: [string, string, string][]];
    it.each<ExplainedRow>([
      // Pages that are not about the organisations at all.
      ['MEK (methyl ethyl ketone) is a common solvent.', []],
      ['Butanone, also known as MEK, is used in glues. MEK evaporates quickly.', []],
      ['MEK inhibitors such as trametinib target the MAPK pathway.', []],
      ['The NCRI (National Cancer Research Institute) funds clinical trials.', []],
      ['An NCRI-funded trial of MEK inhibitors tackled drug resistance.', []],
      ['MEK exports to Albanian ports rose.', []],
      ['منافقین در قرآن', []],
      // Context words nearby.
      ['MEK leader Maryam Rajavi spoke in Paris.', [['MEK', 'mko', 'context-word:Rajavi']]],
      ['MEK members left Camp Ashraf in 2012.', [['MEK', 'mko', 'context-word:Camp Ashraf']]],
      ['Camp Ashraf housed the MEK.', [['MEK', 'mko', 'context-word:Camp Ashraf']]],
      ['The MEK moved to Albania in 2013.', [['MEK', 'mko', 'context-word:Albania']]],
      ['MEK, the Iranian opposition group', [['MEK', 'mko', 'context-word:Iranian opposition']]],
      ['MEK and RAJAVI', [['MEK', 'mko', 'context-word:Rajavi']]],
      ['MEK and Rajavī', [['MEK', 'mko', 'context-word:Rajavi']]],
      ['mek and Rajavi', []],
      ['NCRI spokesman said Tehran lied.', [['NCRI', 'ncri', 'context-word:Tehran']]],
      ['MEK' + FILLER + ' Rajavi', []],
      ['Rajavi' + FILLER + 'MEK', []],
      ['MEK' + FILLER.slice(0, 250) + ' Rajavi', [['MEK', 'mko', 'context-word:Rajavi']]],
      ['منافقین به رهبری رجوی', [['منافقین', 'mko', 'context-word:رجوی']]],
      ['ومنافقین در اشرف', [['منافقین', 'mko', 'context-word:اشرف']]],
      ['منافقین در آلبانی', [['منافقین', 'mko', 'context-word:آلبانی']]],
      ['MEK و رجوی', [['MEK', 'mko', 'context-word:رجوی']]],
      // Another, unambiguous alias of the same organisation anywhere in the text.
      [
        'The Mujahedin-e Khalq, also called MEK',
        [
          ['Mujahedin-e Khalq', 'mko', 'alias'],
          ['MEK', 'mko', 'context-alias:Mujahedin-e Khalq'],
        ],
      ],
      [
        'MEK' + FILLER + ' PMOI',
        [
          ['MEK', 'mko', 'context-alias:PMOI'],
          ['PMOI', 'mko', 'alias'],
        ],
      ],
      [
        'MEK, or MKO',
        [
          ['MEK', 'mko', 'context-alias:MKO'],
          ['MKO', 'mko', 'alias'],
        ],
      ],
      [
        'National Council of Resistance of Iran (NCRI)',
        [
          ['National Council of Resistance of Iran', 'ncri', 'alias'],
          ['NCRI', 'ncri', 'context-alias:National Council of Resistance of Iran'],
        ],
      ],
      [
        'منافقین یا سازمان مجاهدین خلق ایران',
        [
          ['منافقین', 'mko', 'context-alias:سازمان مجاهدین خلق ایران'],
          ['سازمان مجاهدین خلق ایران', 'mko', 'alias'],
        ],
      ],
      [
        'MEK (سازمان مجاهدین خلق ایران)',
        [
          ['MEK', 'mko', 'context-alias:سازمان مجاهدین خلق ایران'],
          ['سازمان مجاهدین خلق ایران', 'mko', 'alias'],
        ],
      ],
      // Another organisation's alias is no support, nor is another ambiguous alias.
      [
        'MEK and the National Council of Resistance of Iran',
        [['National Council of Resistance of Iran', 'ncri', 'alias']],
      ],
      ['MEK and NCRI', []],
      // The evidence alias is preferred to a context word.
      [
        'Rajavi leads the PMOI, or MEK.',
        [
          ['PMOI', 'mko', 'alias'],
          ['MEK', 'mko', 'context-alias:PMOI'],
        ],
      ],
    ])('%j', (text, expected) => {
      expect(explained(text)).toEqual(expected);
    });

    it.each([
      [0, []],
      [5, [['MEK', 'mko', 'context-word:Rajavi']]],
      [300, [['MEK', 'mko', 'context-word:Rajavi']]],
    ])('context window %i', (contextWindow, expected) => {
      const text = 'MEK and Rajavi';
      const found = findMentions(matcher, text, { contextWindow }).map((x) => [
        text.slice(x.start, x.end),
        shortKey(x.orgKey),
        describeReason(x.reason),
      ]);
      expect(found).toEqual(expected);
    });

    it('reports the nearest context word', () => {
      const text = 'Albania ... Tehran ... MEK ...... Rajavi';
      expect(explained(text)).toEqual([['MEK', 'mko', 'context-word:Tehran']]);
    });

    it('a wider window reaches a far context word', () => {
      const text = 'MEK' + FILLER + ' Rajavi';
      expect(findMentions(matcher, text, { contextWindow: 1000 }).map((x) => x.reason)).toEqual([
        { kind: 'context-word', word: 'Rajavi' },
      ]);
    });

    it('settles context before overlaps, so a dropped ambiguous alias hides nothing', () => {
      const orgs: MatcherOrganisation[] = [
        {
          key: 'test/trading',
          name: 'Black Sea Trading',
          aliases: [{ text: 'Black Sea Trading', caseSensitive: false, context: ['shipping'] }],
        },
        {
          key: 'test/sea',
          name: 'Black Sea',
          aliases: [{ text: 'Black Sea', caseSensitive: false }],
        },
      ];
      const m = compileMatcher(orgs, options);
      expect(explained('Black Sea Trading', m)).toEqual([['Black Sea', 'sea', 'alias']]);
      expect(explained('Black Sea Trading shipping', m)).toEqual([
        ['Black Sea Trading', 'trading', 'context-word:shipping'],
      ]);
      expect(describeMatches('Black Sea Trading', m.findMatches('Black Sea Trading'))).toEqual([
        ['Black Sea Trading', 'trading'],
      ]);
    });
  });

  describe('ambiguous aliases that list each other as context', () => {
    // As in the bundled pack, where MEK lists "NCRI" and NCRI lists "MEK".
    const crossListed = compileMatcher(
      [
        {
          key: MKO_KEY,
          name: 'Mujahedin Khalq Organization',
          aliases: [{ text: 'MEK', caseSensitive: true, context: ['NCRI', 'Rajavi'] }],
        },
        {
          key: NCRI_KEY,
          name: 'National Council of Resistance of Iran',
          aliases: [{ text: 'NCRI', caseSensitive: true, context: ['MEK', 'Tehran'] }],
        },
      ],
      options,
    );
    type ExplainedRow = [text: string, expected: [string, string, string][]];
    it.each<ExplainedRow>([
      ['An NCRI-funded trial of MEK inhibitors tackled drug resistance.', []],
      ['MEK, MEK and NCRI, NCRI', []],
      [
        'The NCRI in Tehran and the MEK',
        [
          ['NCRI', 'ncri', 'context-word:Tehran'],
          ['MEK', 'mko', 'context-word:NCRI'],
        ],
      ],
      [
        'MEK, NCRI and Rajavi',
        [
          ['MEK', 'mko', 'context-word:Rajavi'],
          ['NCRI', 'ncri', 'context-word:MEK'],
        ],
      ],
      [
        'MEK and NCRI' + FILLER.slice(0, 250) + ' Tehran',
        [
          ['MEK', 'mko', 'context-word:NCRI'],
          ['NCRI', 'ncri', 'context-word:Tehran'],
        ],
      ],
      // A context word is matched without regard to case, so "ncri" (not a match itself) counts.
      ['ncri and MEK', [['MEK', 'mko', 'context-word:NCRI']]],
    ])('%j', (text, expected) => {
      expect(explained(text, crossListed)).toEqual(expected);
    });
  });

  describe('page-level context, block by block', () => {
    it('findContextEvidence names organisations with an unambiguous alias in the text', () => {
      expect(matcher.findContextEvidence('The Mujahedin-e Khalq and the NCRI')).toEqual(
        new Map([[MKO_KEY, 'Mujahedin-e Khalq']]),
      );
      expect(matcher.findContextEvidence('MEK and Rajavi, NCRI')).toEqual(new Map());
      expect(
        matcher.findContextEvidence(
          'National Council of Resistance of Iran; سازمان مجاهدین خلق ایران',
        ),
      ).toEqual(
        new Map([
          [NCRI_KEY, 'National Council of Resistance of Iran'],
          [MKO_KEY, 'سازمان مجاهدین خلق ایران'],
        ]),
      );
    });

    it('evidence from an earlier block supports an ambiguous alias in a later one', () => {
      const blocks = [
        'Profile: People\u2019s Mojahedin Organization of Iran',
        'MEK said on Monday.',
      ];
      const pageEvidence = mergeEvidence(...blocks.map((b) => matcher.findContextEvidence(b)));
      const [, second = ''] = blocks;
      expect(findMentions(matcher, second).map((x) => x.reason)).toEqual([]);
      expect(findMentions(matcher, second, { pageEvidence }).map((x) => x.reason)).toEqual([
        { kind: 'context-alias', supportingAlias: "People's Mojahedin Organization of Iran" },
      ]);
    });

    it('evidenceFromMentions takes the unambiguous mentions of a block', () => {
      const block = 'MKO, MEK and Rajavi; the PMOI and NCRI';
      expect(evidenceFromMentions(findMentions(matcher, block))).toEqual(
        new Map([[MKO_KEY, 'MKO']]),
      );
      const later = findMentions(matcher, 'The NCRI said.', {
        pageEvidence: evidenceFromMentions(
          findMentions(matcher, 'National Council of Resistance of Iran'),
        ),
      });
      expect(later.map((x) => describeReason(x.reason))).toEqual([
        'context-alias:National Council of Resistance of Iran',
      ]);
    });

    it('mergeEvidence keeps the first alias seen per organisation', () => {
      expect(
        mergeEvidence(new Map([[MKO_KEY, 'MKO']]), undefined, new Map([[MKO_KEY, 'PMOI']])),
      ).toEqual(new Map([[MKO_KEY, 'MKO']]));
    });

    it('resolveMentions applies the context rule to findMatches output', () => {
      const text = 'MEK solvent. MKO and NCRI. NCRI near Tehran.';
      const found = matcher.findMatches(text);
      expect(describeMatches(text, found)).toEqual([
        ['MEK', 'mko'],
        ['MKO', 'mko'],
        ['NCRI', 'ncri'],
        ['NCRI', 'ncri'],
      ]);
      const resolved = resolveMentions(found, text, matcher);
      expect(resolved.map((x) => [text.slice(x.start, x.end), describeReason(x.reason)])).toEqual([
        ['MEK', 'context-alias:MKO'],
        ['MKO', 'alias'],
        ['NCRI', 'context-word:Tehran'],
        ['NCRI', 'context-word:Tehran'],
      ]);
      expect(resolveMentions(found, text, matcher, { contextWindow: 10 }).length).toBe(3);
    });

    it('resolveMentions without an ambiguous match keeps each known one as an alias', () => {
      const text = 'The MKO, the PMOI and the National Council of Resistance of Iran met.';
      const found = matcher.findMatches(text);
      // A match of an organisation this matcher does not know is dropped, as with ambiguity.
      const stranger = { ...(found[0] as Match), orgKey: 'other-pack/other' };
      const resolved = resolveMentions([...found, stranger], text, matcher);
      expect(resolved).toEqual(findMentions(matcher, text));
      expect(resolved.map((x) => [text.slice(x.start, x.end), describeReason(x.reason)])).toEqual([
        ['MKO', 'alias'],
        ['PMOI', 'alias'],
        ['National Council of Resistance of Iran', 'alias'],
      ]);
      // Each mention has its own reason object: changing one leaves the others alone.
      expect(resolved[0]?.reason).not.toBe(resolved[1]?.reason);
    });

    it('resolveMentions takes page evidence and drops unsupported matches', () => {
      const text = 'NCRI';
      const found = matcher.findMatches(text);
      expect(resolveMentions(found, text, matcher)).toEqual([]);
      expect(
        resolveMentions(found, text, matcher, {
          pageEvidence: new Map([[NCRI_KEY, 'National Council of Resistance of Iran']]),
        }),
      ).toEqual([
        {
          start: 0,
          end: 4,
          orgKey: NCRI_KEY,
          aliasIndex: 1,
          aliasText: 'NCRI',
          reason: {
            kind: 'context-alias',
            supportingAlias: 'National Council of Resistance of Iran',
          },
        },
      ]);
    });

    it('requiresContext and aliasOf describe a match', () => {
      const [mek, mko] = matcher.findMatches('MEK MKO') as [Match, Match];
      expect(matcher.requiresContext(mek)).toBe(true);
      expect(matcher.requiresContext(mko)).toBe(false);
      expect(matcher.aliasOf(mek)?.context).toContain('Rajavi');
      expect(mko).toEqual({ start: 4, end: 7, orgKey: MKO_KEY, aliasIndex: 0, aliasText: 'MKO' });
    });

    it('rejects matchers it did not compile', () => {
      const fake = { ...matcher };
      expect(() => findMentions(fake, 'MKO')).toThrow(TypeError);
    });
  });

  describe('digits and odd aliases', () => {
    const m = compileMatcher(
      [
        {
          key: 'test/g22',
          name: 'Group 22',
          aliases: [
            { text: 'Group 22', caseSensitive: false },
            { text: 'گروه ۲۲', caseSensitive: false },
            { text: '(G22)', caseSensitive: true },
            { text: ' \u200C ', caseSensitive: false },
          ],
        },
        { key: 'test/dup', name: 'Duplicate', aliases: [{ text: 'MKO', caseSensitive: true }] },
        {
          key: 'test/dup',
          name: 'Duplicate again',
          aliases: [{ text: 'Zzz', caseSensitive: true }],
        },
      ],
      options,
    );
    it.each<Row>([
      ['Group 22', [['Group 22', 'g22']]],
      ['Group ۲۲', [['Group ۲۲', 'g22']]],
      ['گروه ۲۲', [['گروه ۲۲', 'g22']]],
      ['گروه 22', [['گروه 22', 'g22']]],
      ['گروه ٢٢', [['گروه ٢٢', 'g22']]],
      ['گروه ۲۲۲', []],
      ['Group 221', []],
      ['x(G22)x', [['(G22)', 'g22']]],
      ['(g22)', []],
      ['MKO Zzz', [['MKO', 'dup']]],
    ])('%j', (text, expected) => {
      expect(describeMatches(text, m.findMatches(text))).toEqual(expected);
    });

    it('skips aliases that fold to nothing and duplicate organisation keys', () => {
      expect(m.size.aliases).toBe(5);
      expect(m.size.patterns).toBe(4);
      expect(m.organisations.map((o) => o.name)).toEqual(['Group 22', 'Duplicate']);
    });

    it('an empty matcher finds nothing', () => {
      expect(compileMatcher([], options).findMatches('MKO')).toEqual([]);
    });
  });

  describe('scaling: 10,000 aliases in one automaton', () => {
    const NOUNS = ['Front', 'Union', 'League', 'Party', 'Council', 'Brigade', 'Movement', 'Circle'];
    const generated: MatcherOrganisation[] = [];
    for (let i = 0; i < 1000; i++) {
      const id = i.toString(36);
      generated.push({
        key: `gen/o${i}`,
        name: `Zq${id} Front`,
        aliases: [
          { text: `ZQ${id.toUpperCase()}`, caseSensitive: true },
          ...NOUNS.map((noun) => ({ text: `Zq${id} ${noun}`, caseSensitive: false })),
          {
            text: `زک${id.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'.charAt(Number(d)))} ملی`,
            caseSensitive: false,
          },
        ],
      });
    }
    const big = compileMatcher([...generated, ...ORGANISATIONS], options);

    it('compiles them all', () => {
      expect(big.size.aliases).toBe(10_000 + ORGANISATIONS.flatMap((o) => o.aliases).length);
    });

    it('finds generated aliases exactly', () => {
      const text =
        'Today zq0 front met the ZQ1A and Zq2b-Council; zqrr movement (zq1 circle), ' +
        'zq3-party-line, ZQ3x, zq3 brigades, زک۱۲ ملی and زک12 ملی; MKO too.';
      expect(
        big.findMatches(text).map((x) => [text.slice(x.start, x.end), x.orgKey, x.aliasIndex]),
      ).toEqual([
        ['zq0 front', 'gen/o0', 1],
        ['ZQ1A', 'gen/o46', 0],
        ['Zq2b-Council', 'gen/o83', 5],
        ['zqrr movement', 'gen/o999', 7],
        ['zq1 circle', 'gen/o1', 8],
        ['zq3-party', 'gen/o3', 4],
        ['زک۱۲ ملی', 'gen/o38', 9],
        ['زک12 ملی', 'gen/o38', 9],
        ['MKO', MKO_KEY, 0],
      ]);
    });

    it.each<[string, [string, string, string][]]>([
      [
        'The Mujahedin-e Khalq, also called MEK, and the NCRI near Tehran.',
        [
          ['Mujahedin-e Khalq', 'mko', 'alias'],
          ['MEK', 'mko', 'context-alias:Mujahedin-e Khalq'],
          ['NCRI', 'ncri', 'context-word:Tehran'],
        ],
      ],
      ['MEK (methyl ethyl ketone) and NCRI (National Cancer Research Institute).', []],
      [
        'ومجاهدين\u200Cخلق و شورای ملی مقاومت ایران، منافقین و رجوی',
        [
          ['مجاهدين\u200Cخلق', 'mko', 'alias'],
          ['شورای ملی مقاومت ایران', 'ncri', 'alias'],
          ['منافقین', 'mko', 'context-alias:مجاهدین خلق'],
        ],
      ],
      [
        "People\u2019s Mojahedin Organization of Iran (PMOI), Mekong, MEKS, MEK's",
        [
          ['People\u2019s Mojahedin Organization of Iran', 'mko', 'alias'],
          ['PMOI', 'mko', 'alias'],
          ['MEK', 'mko', "context-alias:People's Mojahedin Organization of Iran"],
        ],
      ],
    ])('gives the same mentions as the small matcher: %j', (text, expected) => {
      expect(explained(text, big)).toEqual(expected);
      expect(explained(text, matcher)).toEqual(expected);
    });
  });
});
