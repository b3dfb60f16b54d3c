import { describe, expect, it } from 'vitest';
import { compileMatcher, findMentions } from '../../../utils/matching/matcher';
import { buildMentionReport } from '../../../utils/scanning/report';
import { MKO_KEY, NCRI_KEY, ORGANISATIONS } from '../matching/fixtures';

const matcher = compileMatcher(ORGANISATIONS);
const run = (text: string) => ({ text, mentions: findMentions(matcher, text) });

describe('buildMentionReport', () => {
  it('reports zero for a page without mentions', () => {
    expect(buildMentionReport([])).toEqual({ count: 0, organisations: [], snippets: [] });
  });

  it('sums runs in order: organisations by first appearance, a snippet per mention', () => {
    const report = buildMentionReport([
      run('The National Council of Resistance of Iran met.'),
      run('The Mujahedin-e Khalq (MEK) and the PMOI.'),
    ]);
    expect(report.count).toBe(4);
    expect(report.organisations).toEqual([
      { key: NCRI_KEY, count: 1 },
      { key: MKO_KEY, count: 3 },
    ]);
    expect(report.snippets.map((s) => [s.alias, s.reason])).toEqual([
      ['National Council of Resistance of Iran', { kind: 'alias' }],
      ['Mujahedin-e Khalq', { kind: 'alias' }],
      ['MEK', { kind: 'context-alias', supportingAlias: 'Mujahedin-e Khalq' }],
      ['PMOI', { kind: 'alias' }],
    ]);
    expect(report.snippets[1]?.text).toBe('The Mujahedin-e Khalq (MEK) and the PMOI.');
  });

  it('caps the snippets but still counts every mention', () => {
    const runs = Array.from({ length: 30 }, () => run('The MKO and the PMOI.'));
    const report = buildMentionReport(runs, { maxSnippets: 25, snippetLength: 12 });
    expect(report.count).toBe(60);
    expect(report.organisations).toEqual([{ key: MKO_KEY, count: 60 }]);
    expect(report.snippets).toHaveLength(25);
    expect(report.snippets.every((s) => s.text.length <= 12)).toBe(true);
  });

  it('builds each snippet once with a cache, and gives the same report as without', () => {
    const runs = [run('The MKO and, later, the PMOI.'), run('A PMOI rally.')];
    const cache = new WeakMap<object, string>();
    const first = buildMentionReport(runs, { snippetCache: cache });
    expect(first).toEqual(buildMentionReport(runs));
    for (const mention of runs.flatMap((r) => r.mentions)) expect(cache.has(mention)).toBe(true);
    // What is cached is what the next report shows: the text is not built again.
    const mko = runs[0]?.mentions[0] as object;
    cache.set(mko, 'cached');
    expect(buildMentionReport(runs, { snippetCache: cache }).snippets[0]?.text).toBe('cached');
    // A new run (new text) has new mentions, so nothing stale is shown for it.
    const changed = [run('The MKO, renamed.'), runs[1] as (typeof runs)[number]];
    expect(buildMentionReport(changed, { snippetCache: cache }).snippets[0]?.text).toBe(
      'The MKO, renamed.',
    );
  });
});
