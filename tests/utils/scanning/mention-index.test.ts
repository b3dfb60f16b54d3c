import { describe, expect, it } from 'vitest';
import {
  type PartialOrganisation,
  createKeyedSource,
  expandOrganisations,
} from '../../../utils/matching/keyed-source';
import { keyIndexFromData, keyWindow } from '../../../utils/matching/keys';
import { compileMatcher, extendMatcherInSlices } from '../../../utils/matching/matcher';
import { createMentionIndex } from '../../../utils/scanning/mention-index';
import { MKO_KEY, ORGANISATIONS, describeReason, shortKey } from '../matching/fixtures';

const matcher = compileMatcher(ORGANISATIONS);

/** A run's mentions as [text, org, reason] rows. */
function rows(index: ReturnType<typeof createMentionIndex<string>>, key: string) {
  const entry = index.get(key);
  return (entry?.mentions ?? []).map((m) => [
    entry?.text.slice(m.start, m.end),
    shortKey(m.orgKey),
    describeReason(m.reason),
  ]);
}

describe('mention index', () => {
  it('keeps only runs with matches, and reports each change once', () => {
    const index = createMentionIndex<string>(matcher);
    index.set('a', 'The MKO said so.');
    index.set('b', 'Nothing to see here.');
    expect(index.size).toBe(1);
    expect([...index.settle()]).toEqual(['a']);
    expect(index.settle().size).toBe(0);
    expect(rows(index, 'a')).toEqual([['MKO', 'mko', 'alias']]);
    expect(index.get('b')).toBeUndefined();
  });

  it('ignores a run set again with the same text', () => {
    const index = createMentionIndex<string>(matcher);
    index.set('a', 'The MKO said so.');
    index.settle();
    index.set('a', 'The MKO said so.');
    expect(index.settle().size).toBe(0);
  });

  it('replaces an edited run and forgets a run that lost its matches', () => {
    const index = createMentionIndex<string>(matcher);
    index.set('a', 'The MKO said so.');
    index.settle();
    index.set('a', 'The PMOI and the MKO said so.');
    expect([...index.settle()]).toEqual(['a']);
    expect(rows(index, 'a').map(([text]) => text)).toEqual(['PMOI', 'MKO']);
    index.set('a', 'Nobody said so.');
    expect([...index.settle()]).toEqual(['a']);
    expect(index.get('a')).toBeUndefined();
    expect(index.size).toBe(0);
  });

  it('counts an ambiguous alias once evidence appears in a run added later', () => {
    const index = createMentionIndex<string>(matcher);
    index.set('first', 'Analysts say the MEK has new offices.');
    expect(index.settle().size).toBe(0);
    // Kept (it may count later), but nothing to draw yet.
    expect(index.get('first')?.mentions).toEqual([]);

    index.set('later', 'Court papers name the Mujahedin-e Khalq.');
    expect([...index.settle()].sort()).toEqual(['first', 'later']);
    expect(rows(index, 'first')).toEqual([['MEK', 'mko', 'context-alias:Mujahedin-e Khalq']]);
    expect(index.evidence().get(MKO_KEY)).toBe('Mujahedin-e Khalq');
  });

  it('takes back a run’s evidence when a re-resolved ambiguous alias now hides its match', () => {
    // "Red Khalq" (ambiguous, org B) contains "Khalq" (org A). Unsupported, it does not count and
    // the run names A; once B is named elsewhere it counts, wins as the longer match, and the run
    // no longer names A (an ambiguous mention is not evidence).
    const overlapping = compileMatcher([
      { key: 'p/a', name: 'A', aliases: [{ text: 'Khalq', caseSensitive: false }] },
      {
        key: 'p/b',
        name: 'B',
        aliases: [
          { text: 'Red Khalq', caseSensitive: false, context: ['unrelatedword'] },
          { text: 'Bravo Org', caseSensitive: false },
        ],
      },
    ]);
    const index = createMentionIndex<string>(overlapping);
    index.set('x', 'The Red Khalq marched.');
    index.settle();
    expect(rows(index, 'x')).toEqual([['Khalq', 'a', 'alias']]);
    expect([...index.evidence().keys()]).toEqual(['p/a']);

    index.set('y', 'Bravo Org said so.');
    index.settle();
    expect(rows(index, 'x')).toEqual([['Red Khalq', 'b', 'context-alias:Bravo Org']]);
    expect([...index.evidence().keys()]).toEqual(['p/b']);
  });

  it('drops the ambiguous mention again when its evidence leaves the page', () => {
    const index = createMentionIndex<string>(matcher);
    index.set('first', 'Analysts say the MEK has new offices.');
    index.set('later', 'Court papers name the Mujahedin-e Khalq.');
    index.settle();
    index.delete('later');
    expect([...index.settle()].sort()).toEqual(['first', 'later']);
    expect(rows(index, 'first')).toEqual([]);
    expect(index.evidence().size).toBe(0);
  });

  it('names the remaining evidence when the first supporting run goes', () => {
    const index = createMentionIndex<string>(matcher);
    index.set('mek', 'Analysts say the MEK has new offices.');
    index.set('one', 'The Mujahedin-e Khalq replied.');
    index.set('two', 'The PMOI replied.');
    index.settle();
    expect(rows(index, 'mek')).toEqual([['MEK', 'mko', 'context-alias:Mujahedin-e Khalq']]);
    index.delete('one');
    expect([...index.settle()].sort()).toEqual(['mek', 'one']);
    expect(rows(index, 'mek')).toEqual([['MEK', 'mko', 'context-alias:PMOI']]);
  });

  it('keeps support from a context word within the run, whatever the page says', () => {
    const index = createMentionIndex<string>(matcher);
    index.set('a', 'The MEK met in Tirana near Albania.');
    index.settle();
    expect(rows(index, 'a')).toEqual([['MEK', 'mko', 'context-word:Albania']]);
    index.set('b', 'MEK is a solvent.');
    index.settle();
    expect(rows(index, 'b')).toEqual([]);
  });

  it('re-resolves one run per step, so a scanner can spread the work', () => {
    const index = createMentionIndex<string>(matcher);
    index.set('a', 'The MEK met.');
    index.set('b', 'The MEK met again.');
    index.settle();
    index.set('evidence', 'The PMOI.');
    expect(index.hasStale()).toBe(true);
    expect([...index.takeChanges()]).toEqual(['evidence']);
    index.resolveNext();
    expect(index.hasStale()).toBe(true);
    expect(index.takeChanges().size).toBe(1);
    index.resolveNext();
    expect(index.hasStale()).toBe(false);
    expect(index.takeChanges().size).toBe(1);
    expect(rows(index, 'a')).toEqual([['MEK', 'mko', 'context-alias:PMOI']]);
    expect(rows(index, 'b')).toEqual([['MEK', 'mko', 'context-alias:PMOI']]);
  });

  it('does not re-resolve runs without ambiguous matches when evidence changes', () => {
    const index = createMentionIndex<string>(matcher);
    index.set('plain', 'The PMOI said so.');
    index.settle();
    index.set('other', 'The Mujahedin-e Khalq said so too.');
    // Only the new run changed; "plain" needs no second look.
    expect([...index.settle()]).toEqual(['other']);
  });

  it('lists entries in insertion order and passes the context window on', () => {
    const narrow = createMentionIndex<number>(matcher, { contextWindow: 5 });
    narrow.set(2, 'The MEK met, much later, in Albania.');
    narrow.set(1, 'The MKO said so.');
    narrow.settle();
    expect([...narrow.entries()].map(([key]) => key)).toEqual([2, 1]);
    // "Albania" is too far for a window of 5, but the MKO elsewhere on the page supports it.
    expect(narrow.get(2)?.mentions.map((m) => describeReason(m.reason))).toEqual([
      'context-alias:MKO',
    ]);
  });

  it('matches runs again after the matcher grew, reporting only runs whose mentions changed', async () => {
    const source = createKeyedSource(ORGANISATIONS);
    const keys = keyIndexFromData(source.keys);
    const first: number[] = [];
    const seen = 'MEK and the National Council of Resistance of Iran';
    keys.scan(seen, 0, seen.length, keyWindow(), first);
    const parts: PartialOrganisation[] = [...source.always, ...source.aliasesFor(first)];
    const met: number[] = [];
    const grown = compileMatcher(expandOrganisations(parts), {
      remoteKeys: { index: keys, onKeys: (k) => met.push(...k) },
    });
    const index = createMentionIndex<string>(grown);
    index.set('a', 'MEK, nothing else here.');
    index.set('b', 'The National Council of Resistance of Iran said so.');
    index.set('c', 'The Mujahedin Khalq said so.');
    index.settle();
    expect(rows(index, 'a')).toEqual([]);
    expect(rows(index, 'c')).toEqual([]);

    parts.push(...source.aliasesFor(met.splice(0)));
    await extendMatcherInSlices(grown, expandOrganisations(parts), {
      now: () => 0,
      pause: () => Promise.resolve(),
    });
    for (const key of ['a', 'b', 'c']) index.setAgain(key, index.get(key)?.text ?? '');
    index.setAgain('c', 'The Mujahedin Khalq said so.');
    // 'b' is as it was; 'c' names the organisation now, which is the context 'a' needed.
    expect([...index.settle()].sort()).toEqual(['a', 'c']);
    expect(rows(index, 'c')).toEqual([['Mujahedin Khalq', 'mko', 'alias']]);
    expect(rows(index, 'a')).toEqual([['MEK', 'mko', 'context-alias:Mujahedin Khalq']]);
    expect(rows(index, 'b')).toEqual([['National Council of Resistance of Iran', 'ncri', 'alias']]);
  });
});
