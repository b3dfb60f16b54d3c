import { describe, expect, it } from 'vitest';
import {
  createArchiveSearch,
  type ArchiveQuery,
  type ArchiveSearch,
} from '../../../utils/search/archive-search';
import type { ArchiveFilters } from '../../../utils/search/filters';
import { MKO, NCRI, ORGANISATIONS, SUMMARIES, summary } from './fixtures';

/** A fully indexed search over the fixtures (or the given summaries). */
function indexed(summaries = SUMMARIES): ArchiveSearch {
  const search = createArchiveSearch();
  search.setOrganisations(ORGANISATIONS);
  search.setSummaries(summaries);
  expect(search.indexPending(() => false)).toBe(true);
  return search;
}

/** The ids of what a query finds, in result order. */
function find(search: ArchiveSearch, text: string, filters: ArchiveFilters = {}): string[] {
  return search.search({ text, filters }).items.map((s) => s.id);
}

const ABOUT_MKO = ['albania', 'survey', 'council', 'persian', 'note'];

describe('search by organisation, across names, aliases and scripts', () => {
  const search = indexed();

  it.each([
    ['PMOI', 'an English acronym'],
    ['pmoi', 'in lower case'],
    ['MEK', 'another acronym'],
    ['Mojahedin', 'a transliteration none of the texts uses'],
    ['Mujahedin Khalq', 'the name'],
    ['People’s Mojahedin', 'with a curly apostrophe'],
    ['مجاهدین خلق', 'the Persian name'],
    ['مجاهدين خلق', 'the Persian name typed with Arabic yeh (ي)'],
    ['سازمان مجاهدین', 'part of the longer Persian alias'],
  ])('%s (%s) finds every summary about the organisation', (query) => {
    expect(find(search, query).sort()).toEqual([...ABOUT_MKO].sort());
  });

  it('NCRI finds only the summary about the council', () => {
    expect(find(search, 'NCRI')).toEqual(['council']);
    expect(find(search, 'شورای ملی مقاومت')).toEqual(['council']);
  });
});

describe('search by words of the summaries', () => {
  const search = indexed();

  it.each([
    ['Tirana', ['albania', 'note']],
    ['Albania', ['albania', 'unrelated']],
    ['Alba', ['albania', 'unrelated']],
    ['Albnia', ['albania', 'unrelated']],
    ['Tiranna', ['albania', 'note']],
    ['Mojahedn', ABOUT_MKO],
    ['Iran Interlink', ['albania', 'council']],
    ['PAAIA', ['survey']],
    ['paaia survey', ['survey']],
  ])('%s finds %j', (query, ids) => {
    expect(find(search, query).sort()).toEqual([...ids].sort());
  });

  it.each([
    ['کمپ اشرف', 'Persian letters for a title written with Arabic kaf (ك)'],
    ['گزارشی', 'Persian yeh for a title written with Arabic yeh (ي)'],
    ['میگویند', 'a ZWNJ-joined word typed without the ZWNJ'],
    ['می‌گویند', 'the same word with its ZWNJ'],
    ['گویند', 'the part after the ZWNJ'],
    ['کنترل', 'a plain Persian word'],
  ])('%s finds the Persian summary (%s)', (query) => {
    expect(find(search, query)).toEqual(['persian']);
  });

  it('does not let short words drift: a typo needs four letters before it is forgiven', () => {
    expect(find(search, 'MEX')).toEqual([]);
    expect(find(search, 'PMOX').sort()).toEqual([...ABOUT_MKO].sort());
  });

  it('requires every word, and says so when it falls back to any word', () => {
    expect(search.search({ text: 'Albania Tirana', filters: {} })).toMatchObject({
      items: [expect.objectContaining({ id: 'albania' })],
      relaxed: false,
    });
    const relaxed = search.search({ text: 'Tirana xylophone', filters: {} });
    expect(relaxed.relaxed).toBe(true);
    expect(relaxed.items.map((s) => s.id).sort()).toEqual(['albania', 'note']);
  });

  it('ranks a hit in the title above one in the text', () => {
    expect(find(search, 'Albania')).toEqual(['albania', 'unrelated']);
    expect(find(search, 'Albanian')[0]).toBe('unrelated');
    expect(find(search, 'Tirana')).toEqual(['note', 'albania']);
  });

  it('finds nothing for words no summary has', () => {
    expect(search.search({ text: 'zeppelin', filters: {} })).toEqual({
      items: [],
      relaxed: false,
      partial: false,
    });
  });
});

describe('filters and order', () => {
  const search = indexed();

  it('lists every summary newest first when there is no query', () => {
    expect(find(search, '')).toEqual([
      'note',
      'unrelated',
      'albania',
      'persian',
      'survey',
      'council',
    ]);
    expect(find(search, '  ')).toEqual(find(search, ''));
  });

  it.each<[string, ArchiveFilters, string[]]>([
    ['organisation', { organisationKey: NCRI }, ['council']],
    ['pack', { packId: 'my-notes' }, ['note']],
    ['source', { source: 'Iran Interlink' }, ['albania', 'council']],
    ['date from', { from: '2019-05-02' }, ['note', 'unrelated', 'albania']],
    ['date to', { to: '2012-11-01' }, ['survey', 'council']],
    ['a month overlapping the range', { from: '2012-11-30', to: '2013-01-01' }, ['survey']],
    ['a year overlapping the range', { from: '2008-06-01', to: '2008-06-30' }, ['council']],
    ['a date-time by the day it names', { from: '2023-07-01', to: '2023-07-01' }, ['note']],
    [
      'everything together',
      { organisationKey: MKO, source: 'Iran Interlink', to: '2010-01-01' },
      ['council'],
    ],
    [
      'a malformed date (ignored)',
      { from: '2019/05/02' },
      ['note', 'unrelated', 'albania', 'persian', 'survey', 'council'],
    ],
  ])('filters by %s', (_name, filters, ids) => {
    expect(find(search, '', filters)).toEqual(ids);
  });

  it('applies filters to text queries too', () => {
    expect(find(search, 'Tirana', { packId: 'my-notes' })).toEqual(['note']);
    expect(find(search, 'PMOI', { from: '2015-01-01', to: '2019-12-31' }).sort()).toEqual([
      'albania',
      'persian',
    ]);
  });

  it('orders by instant across precisions and offsets, then by key', () => {
    const sameDay = indexed([
      summary('b', { publishedAt: '2020-01-01' }),
      summary('a', { publishedAt: '2020-01-01' }),
      summary('late', { publishedAt: '2020-01-01T23:00:00-05:00' }),
      summary('year', { publishedAt: '2020' }),
    ]);
    expect(find(sameDay, '')).toEqual(['late', 'year', 'b', 'a']);
  });
});

describe('keeping the index current', () => {
  it('indexes in slices, newest first, and reports partial results meanwhile', () => {
    const search = createArchiveSearch();
    search.setOrganisations(ORGANISATIONS);
    search.setSummaries([...SUMMARIES].reverse());
    expect(search.pending).toBe(SUMMARIES.length);
    // One summary per slice.
    expect(search.indexPending(() => true)).toBe(false);
    expect(search.pending).toBe(SUMMARIES.length - 1);
    const early: ArchiveQuery = { text: 'PMOI', filters: {} };
    expect(search.search(early)).toMatchObject({ partial: true });
    expect(search.search(early).items.map((s) => s.id)).toEqual(['note']);
    // The list without a query never waits for the index.
    expect(search.search({ text: '', filters: {} }).items).toHaveLength(SUMMARIES.length);
    while (!search.indexPending(() => true));
    expect(search.search(early)).toMatchObject({ partial: false });
    expect(search.search(early).items).toHaveLength(ABOUT_MKO.length);
  });

  it('adds, changes and removes by diff, and leaves unchanged summaries alone', () => {
    const search = indexed();
    const edited = SUMMARIES.map((s) =>
      s.id === 'survey' ? { ...s, text: 'A new text about zeppelins.' } : { ...s },
    ).filter((s) => s.id !== 'unrelated');
    const counts = search.setSummaries([...edited, summary('fresh', { title: 'Zeppelin news' })]);
    expect(counts).toEqual({ added: 1, changed: 1, removed: 1 });
    expect(search.pending).toBe(2);
    search.indexPending(() => false);
    expect(find(search, 'zeppelin').sort()).toEqual(['fresh', 'survey']);
    expect(find(search, 'percent')).toEqual([]);
    expect(find(search, 'Albania')).toEqual(['albania']);
    expect(search.size).toBe(SUMMARIES.length);
  });

  it('re-indexes the summaries of an organisation whose aliases changed', () => {
    const search = indexed();
    expect(find(search, 'Sazman')).toEqual([]);
    search.setOrganisations(
      ORGANISATIONS.map((org) =>
        org.key === NCRI
          ? { ...org, aliases: [...org.aliases, { text: 'Sazman Council', caseSensitive: false }] }
          : org,
      ),
    );
    expect(search.pending).toBe(1);
    search.indexPending(() => false);
    expect(find(search, 'Sazman')).toEqual(['council']);
  });

  it('forgets an organisation that is gone', () => {
    const search = indexed();
    search.setOrganisations(ORGANISATIONS.filter((org) => org.key !== MKO));
    search.indexPending(() => false);
    expect(find(search, 'PMOI')).toEqual([]);
    expect(find(search, 'NCRI')).toEqual(['council']);
  });

  it('keeps one copy of each summary however often it is given', () => {
    const search = indexed();
    expect(search.setSummaries(SUMMARIES)).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(search.pending).toBe(0);
    expect(search.setSummaries(SUMMARIES.map((s) => ({ ...s })))).toEqual({
      added: 0,
      changed: 0,
      removed: 0,
    });
    expect(find(search, 'Albania')).toEqual(['albania', 'unrelated']);
  });
});
