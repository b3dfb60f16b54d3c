/**
 * A large alias list split between the background (aliases) and a page (keys): what a page
 * compiles from the aliases of the keys its text holds must find exactly what every alias compiled
 * at once finds, and a malformed key index must be refused, not half-read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type PartialOrganisation,
  createKeyedSource,
  expandOrganisations,
} from '../../../utils/matching/keyed-source';
import { type KeyIndexData, keyIndexFromData, keyWindow } from '../../../utils/matching/keys';
import {
  type MatcherOrganisation,
  compileMatcher,
  extendMatcherInSlices,
  findMentions,
  scanCandidates,
} from '../../../utils/matching/matcher';
import { ORGANISATIONS, generatedOrganisations, generatedText } from './fixtures';

const generated = generatedOrganisations(250);
const ALL = [
  ...generated,
  ...ORGANISATIONS,
  { key: 'odd/un', name: 'U N', aliases: [{ text: 'U N', caseSensitive: true }] },
];

/** What a page does: reads `text` for keys, fetches their aliases, compiles them. */
function pageMatcher(source: ReturnType<typeof createKeyedSource>, text: string) {
  const index = keyIndexFromData(source.keys);
  const met: number[] = [];
  index.scan(text, 0, text.length, keyWindow(), met);
  const parts: PartialOrganisation[] = [...source.always, ...source.aliasesFor(met)];
  return { matcher: compileMatcher(expandOrganisations(parts)), index, parts };
}

describe('createKeyedSource', () => {
  const source = createKeyedSource(ALL);

  it('sends keys small enough for a message, and the aliases with no key', () => {
    // The prefilters (~130 KB as base64) and 4 bytes a key, whatever the aliases.
    expect(JSON.stringify(source.keys).length).toBeLessThan(150_000);
    expect(source.always).toEqual([
      {
        key: 'odd/un',
        name: 'U N',
        aliasCount: 1,
        aliasIndexes: [0],
        aliases: [ALL.at(-1)?.aliases[0]],
      },
    ]);
  });

  it('answers only the aliases whose keys a text holds, at their own indexes', () => {
    const text = 'The zq1x front met the ZQ2X LEAGUE and the MKO.';
    const { parts, matcher } = pageMatcher(source, text);
    const fetched = parts.flatMap((part) => part.aliases.map((alias) => alias.text));
    expect(fetched).toContain('Zq1x Front');
    expect(fetched).toContain('Zq2x League');
    expect(fetched).toContain('MKO');
    expect(fetched.length).toBeLessThan(40);
    expect(
      findMentions(matcher, text).map((m) => [text.slice(m.start, m.end), m.orgKey, m.aliasIndex]),
    ).toEqual([
      ['zq1x front', 'gen/o1', 0],
      ['ZQ2X LEAGUE', 'gen/o2', 3],
      ['MKO', ORGANISATIONS[0]?.key, 0],
    ]);
  });

  it('expandOrganisations merges parts of one organisation and keeps every index', () => {
    const org = generated[3] as MatcherOrganisation;
    const part = (indexes: number[]): PartialOrganisation => ({
      key: org.key,
      name: org.name,
      aliasCount: org.aliases.length,
      aliasIndexes: indexes,
      aliases: indexes.map((i) => org.aliases[i] as (typeof org.aliases)[number]),
    });
    const [expanded] = expandOrganisations([
      part([5]),
      part([1, 7]),
      { ...part([9]), aliasIndexes: [99] },
    ]);
    expect(expanded?.aliases.map((alias) => alias.text)).toEqual([
      '',
      'Zq3x Trust',
      '',
      '',
      '',
      'Zq3x Party',
      '',
      'Zq3x Movement',
    ]);
    const text = 'zq3x movement, zq3x party, zq3x front';
    expect(
      compileMatcher(expandOrganisations([part([5]), part([1, 7])]))
        .findMatches(text)
        .map((m) => m.aliasIndex),
    ).toEqual([7, 5]);
  });

  it('a page compiling only what its text holds finds what the whole list finds', () => {
    const whole = compileMatcher(ALL, { lazyAbove: Infinity });
    fc.assert(
      fc.property(generatedText(), (text) => {
        const { matcher } = pageMatcher(source, text);
        expect(findMentions(matcher, text)).toEqual(findMentions(whole, text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('a matcher with remote keys', () => {
  it('hands each key its texts hold to onKeys once, and compiles only what it was given', () => {
    const source = createKeyedSource(ALL);
    const reported: number[][] = [];
    const matcher = compileMatcher(expandOrganisations(source.always), {
      remoteKeys: {
        index: keyIndexFromData(source.keys),
        onKeys: (keys) => reported.push([...keys]),
      },
    });
    expect(findMentions(matcher, 'the zq1x front')).toEqual([]);
    expect(reported).toHaveLength(1);
    // "Zq1xx …" (gen/o69) has the same key as "Zq1x …": a key may bring a few others along.
    expect(source.aliasesFor(reported[0] ?? []).map((part) => part.key)).toEqual([
      'gen/o1',
      'gen/o69',
    ]);
    // Met once: the same text again reports nothing; a candidate scan reports new keys too.
    findMentions(matcher, 'the zq1x front');
    const scan = scanCandidates(matcher, `${'filler text. '.repeat(20)}the Zq2x Union`);
    while (!scan.step(32));
    expect(reported).toHaveLength(2);
    expect(source.aliasesFor(reported[1] ?? []).map((part) => part.key)).toContain('gen/o2');
  });
});

describe('a matcher with remote keys, grown in place', () => {
  const slicing = { now: () => 0, pause: () => Promise.resolve() };
  const source = createKeyedSource(ALL);
  const whole = compileMatcher(ALL, { lazyAbove: Infinity });

  it('finds after each batch what the whole list finds in every text read so far', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(generatedText(8), { minLength: 1, maxLength: 4 }),
        async (texts) => {
          // What the content script does: texts come one by one (the page adds them); keys met
          // are fetched in a batch and the same matcher grows; the texts are read again.
          const met: number[] = [];
          const parts: PartialOrganisation[] = [...source.always];
          const matcher = compileMatcher(expandOrganisations(parts), {
            remoteKeys: { index: keyIndexFromData(source.keys), onKeys: (k) => met.push(...k) },
          });
          const first = matcher.organisations.map((org) => org.key);
          for (let i = 0; i < texts.length; i++) {
            findMentions(matcher, texts[i] ?? '');
            parts.push(...source.aliasesFor(met.splice(0)));
            await extendMatcherInSlices(matcher, expandOrganisations(parts), slicing);
            for (const text of texts.slice(0, i + 1)) {
              expect(findMentions(matcher, text)).toEqual(findMentions(whole, text));
            }
          }
          // Organisations keep their places; new ones come after.
          expect(matcher.organisations.map((org) => org.key).slice(0, first.length)).toEqual(first);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers which alias a mention came by and whether it needs context, after growing', async () => {
    const parts: PartialOrganisation[] = [...source.always];
    const met: number[] = [];
    const matcher = compileMatcher(expandOrganisations(parts), {
      remoteKeys: { index: keyIndexFromData(source.keys), onKeys: (k) => met.push(...k) },
    });
    const text = 'The Zq1x Front met the zq1x front.';
    expect(findMentions(matcher, text)).toEqual([]);
    parts.push(...source.aliasesFor(met.splice(0)));
    await extendMatcherInSlices(matcher, expandOrganisations(parts), slicing);
    const mentions = matcher.findMatches(text);
    expect(mentions.map((m) => m.aliasText)).toEqual(
      whole.findMatches(text).map((m) => m.aliasText),
    );
    expect(mentions.length).toBeGreaterThan(0);
    for (const match of mentions) {
      expect(matcher.aliasOf(match)).toEqual(whole.aliasOf(match));
      expect(matcher.requiresContext(match)).toBe(whole.requiresContext(match));
    }
    expect(matcher.size.aliases).toBeGreaterThan(0);
  });

  it('is refused for a matcher compiled without remote keys', async () => {
    await expect(extendMatcherInSlices(whole, ALL, slicing)).rejects.toThrow(TypeError);
  });
});

describe('a candidate scan of a text already read for remote keys', () => {
  it('does not read the text for keys again; only a matcher with remote keys takes it', () => {
    const source = createKeyedSource(ALL);
    const page = `${'filler text. '.repeat(20)}the Zq3x Union`;
    const reported: number[][] = [];
    const { parts } = pageMatcher(source, page);
    const matcher = compileMatcher(expandOrganisations(parts), {
      remoteKeys: {
        index: keyIndexFromData(source.keys),
        onKeys: (keys: readonly number[]) => reported.push([...keys]),
      },
    });
    const startsOf = (text: string, keysRead: boolean) => {
      const scan = scanCandidates(matcher, text, { keysRead });
      while (!scan.step(64));
      return scan.starts();
    };
    const told = startsOf(page, true);
    expect(reported).toEqual([]);
    // The same candidates as a scan that reads the keys (and reports them, new to its index).
    expect(startsOf(page, false)).toEqual(told);
    expect(told.length).toBeGreaterThan(0);
    expect(reported).toHaveLength(1);
    expect(() => scanCandidates(compileMatcher(ALL), page, { keysRead: true })).toThrow(TypeError);
  });
});

describe('keyIndexFromData', () => {
  const good = createKeyedSource(ALL).keys;
  it.each<[string, KeyIndexData]>([
    ['keys that are not base64', { ...good, keys: '!!!' }],
    ['keys that are not whole integers', { ...good, keys: btoa('abc') }],
    ['a prefilter of the wrong size', { ...good, filter3: good.filter2 }],
    ['an unknown key length', { ...good, lengths: 1 << 7 }],
  ])('refuses %s', (_label, data) => {
    expect(() => keyIndexFromData(data)).toThrow(TypeError);
  });
});
