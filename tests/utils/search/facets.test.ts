import { describe, expect, it } from 'vitest';
import { archiveFacets } from '../../../utils/search/facets';
import { MKO, NCRI, ORGANISATIONS, SUMMARIES, pack, summary } from './fixtures';

describe('archiveFacets', () => {
  const packs = [pack('digest', { name: 'Digest' }), pack('my-notes', { name: 'My notes' })];

  it('offers each organisation, pack and source with its count, sorted by label', () => {
    const facets = archiveFacets(SUMMARIES, ORGANISATIONS, packs, 'en');
    expect(facets.organisations).toEqual([
      { value: MKO, label: 'Mujahedin Khalq Organization', count: 5 },
      { value: NCRI, label: 'National Council of Resistance of Iran', count: 1 },
    ]);
    expect(facets.packs).toEqual([
      { value: 'digest', label: 'Digest', count: 5 },
      { value: 'my-notes', label: 'My notes', count: 1 },
    ]);
    expect(facets.sources.map((s) => [s.label, s.count])).toEqual([
      ['Balkan Wire', 1],
      ['Habilian', 1],
      ['Iran Interlink', 2],
      ['Me', 1],
      ['PAAIA', 1],
    ]);
    expect(facets.byOrganisation.get(MKO)).toBe(5);
  });

  it('tells same-named organisations apart by pack, and shows unknown keys as they are', () => {
    const [mko] = ORGANISATIONS;
    if (!mko) throw new Error('no fixture organisation');
    const twin = { ...mko, key: 'other/mko', packId: 'other' };
    const facets = archiveFacets(
      [summary('a', { organisationIds: [MKO, 'other/mko', 'gone/x'] })],
      [...ORGANISATIONS, twin],
      [...packs, pack('other', { name: 'Other' })],
      'en',
    );
    expect(facets.organisations.map((o) => o.label)).toEqual([
      'gone/x',
      'Mujahedin Khalq Organization (Digest)',
      'Mujahedin Khalq Organization (Other)',
    ]);
  });
});
