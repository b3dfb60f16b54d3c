// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveView } from '../../../components/archive';
import { useArchive, type ArchiveSnapshot } from '../../../components/hooks/use-archive';
import { formatPackDate } from '../../../utils/format';
import type { Summary } from '../../../utils/packs/model';
import type { ArchiveFilters } from '../../../utils/search/filters';
import { MKO, NCRI, ORGANISATIONS, SUMMARIES, pack, summary } from '../../utils/search/fixtures';
import { fakeArchiveSource, immediateScheduler, type FakeArchiveSource } from './fake-archive';

afterEach(cleanup);

const PACKS = [
  pack('digest', {
    name: 'Backstory digest',
    publisher: 'Backstory',
    provenance: 'Summaries of articles by the outlets named; the words are theirs.',
  }),
  pack('my-notes', { name: 'My notes', publisher: 'You', origin: 'notes' }),
];

const SNAPSHOT: ArchiveSnapshot = {
  packs: PACKS,
  organisations: ORGANISATIONS,
  summaries: SUMMARIES,
};

type HarnessProps = {
  source: FakeArchiveSource;
  initialQuery?: string;
  initialFilters?: ArchiveFilters;
};

/** The view wired as the popup wires it: real useArchive, query and filters held above it. */
function Harness({ source, initialQuery = '', initialFilters = {} }: HarnessProps) {
  const archive = useArchive(source, immediateScheduler);
  const [query, setQuery] = useState(initialQuery);
  const [filters, setFilters] = useState(initialFilters);
  return (
    <ArchiveView
      archive={archive}
      locale="en"
      query={query}
      filters={filters}
      onQueryChange={setQuery}
      onFiltersChange={setFilters}
    />
  );
}

/** Renders the archive and waits until every summary is loaded and indexed. */
async function renderArchive(
  snapshot: ArchiveSnapshot = SNAPSHOT,
  props: Partial<HarnessProps> = {},
) {
  const source = fakeArchiveSource(snapshot);
  const view = render(<Harness source={source} {...props} />);
  await waitFor(() => {
    expect(screen.getByRole('status').textContent).not.toMatch(/Loading|indexing/);
  });
  return { ...view, source };
}

const searchBox = () => screen.getByRole('searchbox', { name: 'Search the archive' });
const listbox = () => screen.getByRole('listbox', { name: 'Summaries' });
const titles = () =>
  within(listbox())
    .queryAllByRole('option')
    .map((o) => accessibleName(o));
const status = () => screen.getByRole('status').textContent ?? '';

/** The option's name: the text of the element its aria-labelledby points at. */
function accessibleName(element: Element): string {
  const ids = (element.getAttribute('aria-labelledby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

function type(text: string) {
  fireEvent.input(searchBox(), { target: { value: text } });
}

const byId = (id: string) => SUMMARIES.find((s) => s.id === id)?.title ?? id;

describe('ArchiveView: the list', () => {
  it('shows a disabled search box while loading, then every summary newest first', async () => {
    const source = fakeArchiveSource(SNAPSHOT);
    render(<Harness source={source} />);
    expect((searchBox() as HTMLInputElement).disabled).toBe(true);
    expect(searchBox().getAttribute('type')).toBe('search');
    await waitFor(() => expect(status()).toBe('6 summaries'));
    expect((searchBox() as HTMLInputElement).disabled).toBe(false);
    expect(titles()).toEqual(
      ['note', 'unrelated', 'albania', 'persian', 'survey', 'council'].map(byId),
    );
  });

  it('shows each row’s source, date and pack', async () => {
    await renderArchive();
    const row = within(listbox()).getAllByRole('option')[2];
    expect(row?.textContent).toContain('Iran Interlink');
    expect(row?.textContent).toContain(formatPackDate('2019-05-02', 'en'));
    expect(row?.textContent).toContain('From the pack “Backstory digest”');
    const archivedOnly = within(listbox()).getAllByRole('option')[0];
    expect(archivedOnly?.textContent).toContain(`Archived ${formatPackDate('2023-07-01', 'en')}`);
  });

  it('marks right-to-left titles for the browser: dir="auto" and the summary’s lang', async () => {
    await renderArchive();
    const persian = screen.getByText(byId('persian'));
    expect(persian.getAttribute('dir')).toBe('auto');
    expect(persian.getAttribute('lang')).toBe('fa');
  });

  it('renders only the rows in view of ten thousand, with their place in the whole', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      summary(`s${i}`, {
        title: `Summary ${i}`,
        publishedAt: `2020-01-01T00:00:${String(59 - (i % 60)).padStart(2, '0')}Z`,
        archivedAt: '2020-01-01',
      }),
    );
    await renderArchive({ ...SNAPSHOT, summaries: many });
    expect(status()).toBe('10,000 summaries');
    const options = within(listbox()).getAllByRole('option');
    expect(options.length).toBeGreaterThan(3);
    expect(options.length).toBeLessThan(40);
    expect(options[0]?.getAttribute('aria-setsize')).toBe('10000');
    expect(options[0]?.getAttribute('aria-posinset')).toBe('1');

    listbox().focus();
    fireEvent.keyDown(listbox(), { key: 'End' });
    const active = document.getElementById(listbox().getAttribute('aria-activedescendant') ?? '');
    expect(active?.getAttribute('aria-posinset')).toBe('10000');
    expect(active?.getAttribute('aria-selected')).toBe('true');
    expect(within(listbox()).getAllByRole('option').length).toBeLessThan(40);
  });

  it('says so when the archive is empty', async () => {
    render(<Harness source={fakeArchiveSource({ ...SNAPSHOT, summaries: [] })} />);
    expect(
      await screen.findByText(
        'No summaries yet. Packs you install and notes you write appear here.',
      ),
    ).toBeTruthy();
  });

  it('renders markup in pack text as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { container } = await renderArchive({
      ...SNAPSHOT,
      summaries: [summary('h', { title: hostile, source: { name: hostile } })],
    });
    expect(container.querySelector('img')).toBeNull();
    expect(titles()).toEqual([hostile]);
  });
});

describe('ArchiveView: search', () => {
  it.each([
    ['PMOI', ['note', 'albania', 'persian', 'survey', 'council']],
    ['مجاهدین خلق', ['note', 'albania', 'persian', 'survey', 'council']],
    ['Tiranna', ['note', 'albania']],
    ['NCRI', ['council']],
  ])('%s finds %j', async (query, ids) => {
    await renderArchive();
    type(query);
    await waitFor(() => expect([...titles()].sort()).toEqual(ids.map(byId).sort()));
    expect(status()).toBe(`${ids.length} of 6 summaries ${ids.length === 1 ? 'matches' : 'match'}`);
    expect(searchBox().getAttribute('aria-describedby')).toBe(
      screen.getByRole('status').getAttribute('id'),
    );
  });

  it('says when nothing matches, and when it falls back to any word', async () => {
    await renderArchive();
    type('zeppelin');
    await waitFor(() => expect(status()).toBe('No summary matches “zeppelin”.'));
    expect(titles()).toEqual([]);
    type('Tirana zeppelin');
    await waitFor(() =>
      expect(status()).toBe(
        '2 of 6 summaries match No summary contains every word, so these contain some of them.',
      ),
    );
  });

  it('opens with a query from the address', async () => {
    await renderArchive(SNAPSHOT, { initialQuery: 'PAAIA' });
    expect(titles()).toEqual([byId('survey')]);
    expect((searchBox() as HTMLInputElement).value).toBe('PAAIA');
  });
});

describe('ArchiveView: filters', () => {
  const openFilters = () => fireEvent.click(screen.getByRole('button', { name: /^Filters/ }));

  it('narrows by organisation, pack and source, with counts in each choice', async () => {
    await renderArchive();
    openFilters();
    expect(screen.getByRole('button', { name: 'Filters' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    const organisation = screen.getByRole('combobox', { name: 'Organisation' });
    expect(
      within(organisation)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'Any organisation',
      'Mujahedin Khalq Organization (5)',
      'National Council of Resistance of Iran (1)',
    ]);
    fireEvent.change(organisation, { target: { value: NCRI } });
    await waitFor(() => expect(titles()).toEqual([byId('council')]));
    expect(status()).toBe('1 of 6 summaries matches');
    expect(screen.getByRole('button', { name: 'Filters (1 on)' })).toBeTruthy();

    fireEvent.change(organisation, { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Pack' }), {
      target: { value: 'my-notes' },
    });
    await waitFor(() => expect(titles()).toEqual([byId('note')]));

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Source' }), {
      target: { value: 'Iran Interlink' },
    });
    await waitFor(() => expect(titles()).toEqual([byId('albania'), byId('council')]));
  });

  it('narrows by a date range on the publication (else archiving) date', async () => {
    await renderArchive();
    openFilters();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2015-01-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2020-12-31' } });
    await waitFor(() => expect(titles()).toEqual([byId('albania'), byId('persian')]));
    expect(screen.getByRole('button', { name: /^Remove filter: From/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Remove filter: Until/ })).toBeTruthy();
  });

  it('combines filters with a query', async () => {
    await renderArchive();
    openFilters();
    fireEvent.change(screen.getByRole('combobox', { name: 'Source' }), {
      target: { value: 'Iran Interlink' },
    });
    type('PMOI');
    await waitFor(() =>
      expect([...titles()].sort()).toEqual([byId('albania'), byId('council')].sort()),
    );
  });

  it('opens with an organisation filter from a deep link, shown as a removable chip', async () => {
    await renderArchive(SNAPSHOT, { initialFilters: { organisationKey: NCRI } });
    expect(titles()).toEqual([byId('council')]);
    const chip = screen.getByRole('button', {
      name: 'Remove filter: National Council of Resistance of Iran',
    });
    fireEvent.click(chip);
    await waitFor(() => expect(titles()).toHaveLength(6));
  });

  it('keeps a deep-linked organisation the archive has nothing about selectable', async () => {
    await renderArchive(SNAPSHOT, { initialFilters: { organisationKey: 'other/gone' } });
    openFilters();
    const organisation = screen.getByRole('combobox', {
      name: 'Organisation',
    }) as HTMLSelectElement;
    expect(organisation.value).toBe('other/gone');
    expect(status()).toBe('No summary matches these filters.');
  });
});

describe('ArchiveView: keyboard and detail', () => {
  it('goes from the search box into the list, opens with Enter and comes back with Escape', async () => {
    await renderArchive();
    searchBox().focus();
    fireEvent.keyDown(searchBox(), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(listbox());
    const activeTitle = () =>
      accessibleName(
        document.getElementById(listbox().getAttribute('aria-activedescendant') ?? '') as Element,
      );
    expect(activeTitle()).toBe(byId('note'));
    fireEvent.keyDown(listbox(), { key: 'ArrowDown' });
    fireEvent.keyDown(listbox(), { key: 'ArrowDown' });
    expect(activeTitle()).toBe(byId('albania'));
    fireEvent.keyDown(listbox(), { key: 'ArrowUp' });
    expect(activeTitle()).toBe(byId('unrelated'));
    fireEvent.keyDown(listbox(), { key: 'ArrowDown' });

    fireEvent.keyDown(listbox(), { key: 'Enter' });
    const heading = await screen.findByRole('heading', { level: 2, name: byId('albania') });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByRole('article', { name: byId('albania') })).toBeTruthy();

    fireEvent.keyDown(heading, { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(listbox()));
    expect(screen.queryByRole('article')).toBeNull();
    expect(activeTitle()).toBe(byId('albania'));
  });

  it('shows the summary in full with its provenance and a safe link', async () => {
    const detailed: Summary = summary('full', {
      title: 'A full summary',
      text: 'First paragraph.\nSecond paragraph.',
      source: { name: 'The Source', url: 'https://source.example/' },
      url: 'https://source.example/article',
      publishedAt: '2020-02-02',
      archivedAt: '2021-03-03',
      organisationIds: [MKO, NCRI],
      tags: ['albania', 'camps'],
    });
    await renderArchive({ ...SNAPSHOT, summaries: [detailed] });
    fireEvent.click(within(listbox()).getByRole('option'));
    const article = await screen.findByRole('article', { name: 'A full summary' });
    const inArticle = within(article);
    const text = article.querySelector('.detail__text');
    expect(text?.textContent).toBe('First paragraph.\nSecond paragraph.');
    expect(text?.getAttribute('dir')).toBe('auto');
    expect(inArticle.getByRole('link', { name: 'Read the article' }).getAttribute('href')).toBe(
      'https://source.example/article',
    );
    expect(inArticle.getByRole('link', { name: 'Source: The Source' }).getAttribute('rel')).toBe(
      'noopener noreferrer',
    );
    expect(article.textContent).toContain(`Published ${formatPackDate('2020-02-02', 'en')}`);
    expect(article.textContent).toContain(`Archived ${formatPackDate('2021-03-03', 'en')}`);
    const provenance = inArticle.getByRole('region', { name: 'About this pack' });
    expect(provenance.textContent).toContain(
      'From the pack “Backstory digest”, published by Backstory',
    );
    expect(provenance.textContent).toContain(PACKS[0]?.provenance);
    const tags = within(inArticle.getByRole('region', { name: 'Tags' })).getAllByRole('listitem');
    expect(tags.map((tag) => tag.textContent)).toEqual(['albania', 'camps']);
  });

  it('never links a summary’s non-http URL', async () => {
    await renderArchive({
      ...SNAPSHOT,
      summaries: [
        summary('bad', { url: 'javascript:alert(1)', source: { name: 'S', url: 'data:x' } }),
      ],
    });
    fireEvent.click(within(listbox()).getByRole('option'));
    await screen.findByRole('article');
    expect(screen.queryAllByRole('link')).toEqual([]);
  });

  it('filters by one of the summary’s organisations from the detail, and goes back by button', async () => {
    await renderArchive();
    type('Tiranna');
    await waitFor(() => expect(titles()).toHaveLength(2));
    fireEvent.click(within(listbox()).getAllByRole('option')[0] as HTMLElement);
    await screen.findByRole('article');
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Show everything about Mujahedin Khalq Organization in the archive',
      }),
    );
    await waitFor(() => expect(titles()).toHaveLength(5));
    expect((searchBox() as HTMLInputElement).value).toBe('');
    fireEvent.click(within(listbox()).getAllByRole('option')[0] as HTMLElement);
    fireEvent.click(await screen.findByRole('button', { name: 'Back to the results' }));
    expect(screen.queryByRole('article')).toBeNull();
  });
});

describe('ArchiveView: kept current', () => {
  it('shows summaries added while it is open, once the source says the archive changed', async () => {
    const { source } = await renderArchive();
    source.replace({
      ...SNAPSHOT,
      summaries: [
        ...SUMMARIES.filter((s) => s.id !== 'unrelated'),
        summary('fresh', { title: 'Zeppelins over Tirana', publishedAt: '2024-06-01' }),
      ],
    });
    source.notify();
    await waitFor(() => expect(titles()[0]).toBe('Zeppelins over Tirana'));
    expect(titles()).not.toContain(byId('unrelated'));
    type('zeppelin');
    await waitFor(() => expect(titles()).toEqual(['Zeppelins over Tirana']));
  });

  it('checks a change announced during its first load as soon as that load ends', async () => {
    const source = fakeArchiveSource(SNAPSHOT);
    // The whole archive is read while an import commits: the read sees the archive before it.
    let release: (() => void) | undefined;
    const before = source.loadAll;
    source.loadAll = async () => {
      const stale = await before();
      await new Promise<void>((resolve) => (release = resolve));
      source.loadAll = before;
      return stale;
    };
    render(<Harness source={source} />);
    await waitFor(() => expect(release).toBeDefined());
    source.replace({
      ...SNAPSHOT,
      summaries: [...SUMMARIES, summary('fresh', { title: 'Zeppelins over Tirana' })],
    });
    source.notify();
    release?.();
    // No further signal: the page is not refocused, nothing else is posted.
    await waitFor(() => expect(titles()).toContain('Zeppelins over Tirana'));
  });
});
