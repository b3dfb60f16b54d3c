import { describe, expect, it } from 'vitest';
import { archiveLinkHash, archiveLinkPath, parsePopupRoute } from '../../../utils/search/deep-link';

describe('archive deep links', () => {
  it('builds the link the hover card opens', () => {
    expect(archiveLinkPath('backstory-digest-mko-ncri/mko')).toBe(
      '/popup.html#archive?org=backstory-digest-mko-ncri%2Fmko',
    );
  });

  it('reads back what it writes', () => {
    const filters = {
      organisationKey: 'p/x',
      packId: 'p',
      source: 'Le Monde & co',
      from: '2001-01-01',
      to: '2002-12-31',
    };
    expect(parsePopupRoute(archiveLinkHash(filters, 'مجاهدین خلق'))).toEqual({
      tab: 'archive',
      query: 'مجاهدین خلق',
      filters,
    });
  });

  it.each([
    ['', { tab: 'page' }],
    ['#', { tab: 'page' }],
    ['#page', { tab: 'page' }],
    ['#elsewhere?org=p/x', { tab: 'page' }],
    ['#archive', { tab: 'archive', query: '', filters: {} }],
    ['archive?org=p/x', { tab: 'archive', query: '', filters: { organisationKey: 'p/x' } }],
    ['#archive?org=p/x', { tab: 'archive', query: '', filters: { organisationKey: 'p/x' } }],
    ['#archive?org=P%2FX', { tab: 'archive', query: '', filters: {} }],
    ['#archive?org=javascript:alert(1)', { tab: 'archive', query: '', filters: {} }],
    ['#archive?from=2001-13&to=tomorrow', { tab: 'archive', query: '', filters: {} }],
    ['#archive?q=PMOI&unknown=1', { tab: 'archive', query: 'PMOI', filters: {} }],
  ])('%s opens %j', (hash, route) => {
    expect(parsePopupRoute(hash)).toEqual(route);
  });

  it('caps an overlong query', () => {
    const route = parsePopupRoute(`#archive?q=${'a'.repeat(5000)}`);
    expect(route.tab === 'archive' && route.query.length).toBe(300);
  });
});
